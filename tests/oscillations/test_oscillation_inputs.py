"""Inputs of the oscillation functions: named errors for bad values, finite answers at the extremes of the domain."""

import math

import numpy as np
import pytest

from cevns import oscillations as osc
from cevns.errors import InvalidSpecError, OutOfDomainError, UnknownNameError
from cevns.units import GeV, MeV, cm3, eV, g, km


def test_extreme_but_valid_inputs_are_finite_and_unitary():
    energy = np.array([1 * eV, 1 * MeV, 100 * GeV])
    for baseline in (0.0, 1e5 * km):
        for p in (osc.vacuum_probability(energy, baseline),
                  osc.constant_probability(energy, baseline, 13.0 * g / cm3, 0.47, antineutrino=True)):
            assert np.all(np.isfinite(p)) and np.allclose(p.sum(axis=-2), 1.0, atol=1e-9)
    assert np.all(np.isfinite(osc.solar_probability(np.array([0.1, 100.0]) * MeV, "8B")))


@pytest.mark.parametrize("call, name", [
    (lambda: osc.vacuum_probability(1e-300 * MeV, 1 * km), "energy"),
    (lambda: osc.vacuum_probability(10 * MeV, 1e40 * km), "baseline"),
    (lambda: osc.vacuum_probability(10 * MeV + 1j, 1 * km), "energy"),
    (lambda: osc.vacuum_probability("10 MeV", 1 * km), "energy"),
    (lambda: osc.constant_probability(10 * MeV, 1 * km, 1e30 * g / cm3), "density"),
    (lambda: osc.constant_probability(10 * MeV, 1 * km, float("nan")), "density"),
    (lambda: osc.MixingParameters(sin2_theta12="0.3"), "sin2_theta12"),
    (lambda: osc.MixingParameters(dm2_21=1e30 * eV**2), "dm2_21"),
    (lambda: osc.mixing_angle_in_matter(10 * MeV, 1 * g / cm3, sin2_theta=0.3 + 0.1j), "sin2_theta"),
    (lambda: osc.resonance_density(10 * MeV, dm2=float("nan")), "dm2"),
    (lambda: osc.earth_chord_layers(0.1, sublayers=10**9), "sublayers"),
    (lambda: osc.earth_chord_layers("0.1"), "nadir_angle"),
    (lambda: osc.nadir_exposure(0.5, bins=10**9), "bins"),
    (lambda: osc.nadir_exposure(0.5, days=10**9), "days"),
    (lambda: osc.solar_probability(10 * MeV, "8B", method="numerical", steps=10**9), "steps"),
    (lambda: osc.profile_probability(10 * MeV, lambda x: (0 * x, 0 * x + 0.5), 1 * km, max_steps=10**12),
     "max_steps"),
    (lambda: osc.solar_production_distribution("8B", float("nan")), "radius_fraction"),
    (lambda: osc.layered_probability(10 * MeV, None), "layers"),
    (lambda: osc.vacuum_probability(10 * MeV, 1 * km, params=42), "params"),
])
def test_bad_inputs_raise_naming_the_parameter(call, name):
    with pytest.raises((OutOfDomainError, InvalidSpecError, UnknownNameError), match=name):
        call()


def test_names_ignore_case_and_echo_the_canonical_one():
    assert osc.solar_component("SOLAR-b8") == "8B" and osc.solar_component("be7") == "7Be"
    assert osc.nufit60("Inverted").ordering == "inverted"
    assert np.allclose(osc.solar_probability(5 * MeV, "solar-8b"), osc.solar_probability(5 * MeV, "8B"))
    assert np.allclose(osc.vacuum_probability(5 * MeV, 100 * km, params="IO"),
                       osc.vacuum_probability(5 * MeV, 100 * km, params=osc.nufit60("inverted")))
    with pytest.raises(UnknownNameError, match="did you mean 8B"):
        osc.solar_component("9B")
    assert math.isclose(osc.MixingParameters(sin2_theta12=np.float32(0.25)).sin2_theta12, 0.25)
