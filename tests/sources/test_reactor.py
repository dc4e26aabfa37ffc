"""Reactor antineutrino spectra, fission fractions and normalization."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from cevns.errors import OutOfDomainError, UnknownNameError
from cevns.sources import ReactorFlux, get
from cevns.sources.reactor import (
    ENERGY_PER_FISSION, HUBER_MUELLER, ISOTOPES, MUELLER_2011, VOGEL_ENGEL, isotope_spectrum,
)
from cevns.units import GW, MeV, m


def test_huber_agrees_with_independent_mueller_evaluation(ref):
    # Huber (2011) and Mueller et al. (2011) are independent conversions; they agree to a few percent on 2-6 MeV
    # (above 6 MeV the ILL reference spectra run out of statistics and the fits drift apart)
    e = np.linspace(2.0, 6.0, 9) * MeV
    for isotope, coefficients in MUELLER_2011.items():
        mueller = np.exp(np.polynomial.polynomial.polyval(e / MeV, coefficients)) / MeV
        ratio = isotope_spectrum(e, isotope) / mueller
        assert np.all(np.abs(ratio - 1) < ref["reactor"]["huber_mueller_agreement"]), (isotope, ratio)


def test_exponential_polynomial_is_what_is_evaluated():
    # S(E) = exp(a0 + a1 E + ... + a5 E^5), checked at E = 3 MeV by explicit powers
    for isotope, a in HUBER_MUELLER.items():
        expected = math.exp(sum(ak * 3.0**k for k, ak in enumerate(a)))
        assert isotope_spectrum(3.0 * MeV, isotope) * MeV == pytest.approx(expected, rel=1e-12)


def test_low_energy_model_is_continuous_and_has_vogel_engel_shape():
    for isotope in ISOTOPES:
        below, above = isotope_spectrum(np.array([2.0 - 1e-9, 2.0]) * MeV, isotope)
        assert below == pytest.approx(above, rel=1e-7)
        # ratio of two energies below 2 MeV follows exp(b1 ΔE + b2 Δ(E²)) (Vogel & Engel shape)
        b0, b1, b2 = VOGEL_ENGEL[isotope]
        r = isotope_spectrum(1.2 * MeV, isotope) / isotope_spectrum(1.6 * MeV, isotope)
        assert r == pytest.approx(math.exp(b1 * (1.2 - 1.6) + b2 * (1.2**2 - 1.6**2)), rel=1e-12)
    assert isotope_spectrum(1.5 * MeV, "U235", low_energy_model="none") == 0.0


def test_fission_rate_and_flux_closed_form():
    fractions = {"U235": 0.6, "U238": 0.07, "Pu239": 0.27, "Pu241": 0.06}
    f = ReactorFlux(fission_fractions=fractions, thermal_power=3.6 * GW, distance=20.7 * m)
    eps = sum(fractions[k] * ENERGY_PER_FISSION[k] for k in ISOTOPES) * MeV
    assert f.fission_rate == pytest.approx(3.6 * GW / eps, rel=1e-12)
    # 1 GW with ~205 MeV per fission is ~3.05e19 fissions per second (textbook number)
    per_fission = ReactorFlux(fission_fractions=fractions)
    assert per_fission.normalization == "per fission"
    integral = quad(lambda e: per_fission.differential(e, "nubar_e"), 1 * MeV, 8 * MeV, points=[2 * MeV], limit=200)[0]
    assert per_fission.total("nubar_e") == pytest.approx(integral, rel=1e-9)
    expected = integral * f.fission_rate / (4 * math.pi * (20.7 * m) ** 2)
    assert f.total("nubar_e") == pytest.approx(expected, rel=1e-9)
    # the flux falls as 1/L^2
    far = ReactorFlux(fission_fractions=fractions, thermal_power=3.6 * GW, distance=41.4 * m)
    assert far.total("nubar_e") == pytest.approx(f.total("nubar_e") / 4, rel=1e-12)


def test_only_antineutrinos_and_range():
    f = get("reactor-leibstadt")
    assert f.flavors == ("nubar_e",)
    assert f.energy_range("nubar_e") == (1.0 * MeV, 8.0 * MeV)
    assert f.differential(np.array([0.5, 9.0]) * MeV, "nubar_e").tolist() == [0.0, 0.0]
    assert np.all(f.differential(np.array([3.0]) * MeV, "nu_e") == 0.0)
    assert f.lines("nubar_e")[0].size == 0


@pytest.mark.parametrize("fractions", [(0.5, 0.1, 0.3, 0.05), (0.6, 0.1, 0.3, 0.1), (1.2, -0.1, -0.05, -0.05)])
def test_fission_fractions_must_sum_to_one(fractions):
    with pytest.raises(OutOfDomainError, match="fission_fractions"):
        ReactorFlux(fission_fractions=fractions)


def test_bad_reactor_input():
    with pytest.raises(OutOfDomainError, match="distance"):
        ReactorFlux(thermal_power=3 * GW, distance=-10 * m)
    with pytest.raises(OutOfDomainError, match="thermal_power"):
        ReactorFlux(thermal_power=-3 * GW, distance=10 * m)
    with pytest.raises(UnknownNameError, match="U233"):
        ReactorFlux(fission_fractions={"U233": 1.0})
    with pytest.raises(UnknownNameError, match="low-energy"):
        ReactorFlux(low_energy_model="kopeikin")
