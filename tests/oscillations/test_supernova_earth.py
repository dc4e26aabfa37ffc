"""Supernova adiabatic MSW conversion; PREM and chords through the Earth."""

import math

import numpy as np
import pytest

from cevns.errors import InvalidSpecError, OutOfDomainError, UnknownNameError
from cevns.oscillations import (EARTH_RADIUS, earth_chord_layers, layered_probability, nadir_exposure, nufit60,
                                pmns, prem_density, prem_electron_fraction, profile_probability,
                                supernova_probability, supernova_transition)
from cevns.units import GeV, MeV, cm3, g, kg, km


@pytest.mark.parametrize("ordering, antineutrino, state", [
    # Dighe & Smirnov, PRD 62 (2000) 033007: ν_e leaves as ν3 (NO) or ν2 (IO); ν̄_e as ν̄1 (NO) or ν̄3 (IO)
    ("normal", False, 2), ("inverted", False, 1), ("normal", True, 0), ("inverted", True, 2)])
def test_supernova_survival_is_one_mass_state(ordering, antineutrino, state):
    params = nufit60(ordering)
    p = supernova_probability(np.array([5.0, 20.0]) * MeV, params=params, antineutrino=antineutrino)
    u = pmns(params)
    assert np.allclose(p[:, 0, 0], abs(u[0, state]) ** 2, atol=1e-6)


@pytest.mark.parametrize("ordering", ["normal", "inverted"])
def test_supernova_matrix_is_doubly_stochastic(ordering):
    t = supernova_transition(ordering)
    for anti in (False, True):
        p = t(np.geomspace(1, 60, 5) * MeV, antineutrino=anti)
        assert np.allclose(p.sum(axis=-2), 1.0) and np.allclose(p.sum(axis=-1), 1.0)
        # ν_x → ν_e: the two non-electron flavors give 1 − P_ee together
        assert np.allclose(p[:, 0, 1] + p[:, 0, 2], 1 - p[:, 0, 0])


def test_supernova_bad_input():
    with pytest.raises(UnknownNameError, match="ordering"):
        supernova_transition("sideways")
    with pytest.raises(InvalidSpecError):
        supernova_probability(np.array([10.0]) * MeV, params=nufit60(sin2_theta13=0.0))
    with pytest.raises(OutOfDomainError, match="energy"):
        supernova_probability(np.array([-10.0]) * MeV)


def test_prem_published_values_and_earth_mass():
    # PREM (Dziewonski & Anderson 1981, Table 1): ρ(0) = 13.0885 g/cm³; outer core top 9.9034 g/cm³;
    # mantle bottom 5.5659 g/cm³; the model integrates to the Earth's mass 5.972e24 kg (IAU 2015: GM/G)
    assert prem_density(0.0) / (g / cm3) == pytest.approx(13.0885)
    assert prem_density(3479.9 * km) / (g / cm3) == pytest.approx(9.9035, abs=2e-3)
    assert prem_density(3480.1 * km) / (g / cm3) == pytest.approx(5.5665, abs=2e-3)
    r = np.linspace(0, EARTH_RADIUS, 400001)
    mass = np.trapezoid(4 * np.pi * r**2 * prem_density(r), r)
    assert mass / kg == pytest.approx(5.972e24, rel=2e-3)
    assert prem_electron_fraction(1000 * km) < prem_electron_fraction(5000 * km)


def test_chord_geometry():
    for eta in (0.0, 0.5, 1.2):
        layers = earth_chord_layers(eta)
        assert sum(layer.length for layer in layers) == pytest.approx(2 * EARTH_RADIUS * math.cos(eta))
    assert earth_chord_layers(math.pi / 2 + 0.1) == []
    core = [layer for layer in earth_chord_layers(0.0) if layer.density > 9.5 * g / cm3]
    assert core and earth_chord_layers(0.7) and all(l.density < 9.5 * g / cm3 for l in earth_chord_layers(0.7))
    with pytest.raises(OutOfDomainError, match="nadir"):
        earth_chord_layers(-0.1)


def test_chord_layers_against_profile_integration():
    # the layered approximation of PREM along a core-crossing chord agrees with integrating the smooth polynomials
    eta = 0.25
    b = EARTH_RADIUS * math.sin(eta)
    half = EARTH_RADIUS * math.cos(eta)

    def profile(x):
        radius = np.minimum(np.sqrt(b * b + (x - half) ** 2), EARTH_RADIUS)
        return prem_density(radius), prem_electron_fraction(radius)

    cuts = []
    from cevns.oscillations.earth import PREM_SHELLS

    for outer, _ in PREM_SHELLS:
        if outer * km > b:
            s = math.sqrt((outer * km) ** 2 - b * b)
            cuts += [half - s, half + s]
    e = np.array([2.0, 6.0]) * GeV
    smooth = profile_probability(e, profile, 2 * half, breakpoints=cuts, tolerance=1e-7)
    layered = layered_probability(e, earth_chord_layers(eta, sublayers=64))
    assert np.allclose(smooth, layered, atol=1e-4)


def test_nadir_exposure():
    cos_nadir, weight = nadir_exposure(math.radians(36.4))
    assert weight.sum() == pytest.approx(0.5, abs=0.01)  # half of the time is night
    # at 36° latitude the Sun never passes below nadir angles smaller than 36.4° − 23.4° = 13°
    assert np.all(weight[cos_nadir > math.cos(math.radians(12))] == 0)
    with pytest.raises(OutOfDomainError, match="latitude"):
        nadir_exposure(2.0)
