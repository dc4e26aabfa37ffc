"""Propagation: unitarity, vacuum and two-flavor limits, CPT/T symmetries, integrators vs exact solutions."""


import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cevns.errors import CevnsError, InvalidSpecError, OutOfDomainError, UnknownNameError
from cevns.oscillations import (Layer, constant_amplitude, constant_probability, layered_amplitude,
                                layered_probability, nufit60, probability, profile_probability,
                                vacuum_probability)
from cevns.oscillations.matter import mass_splitting_in_matter, mixing_angle_in_matter
from cevns.units import GeV, MeV, cm3, eV, g, km

ORDERINGS = [nufit60("normal"), nufit60("inverted")]
STERILE = nufit60("normal", dm2_41=1.0 * eV**2, sin2_theta14=0.02, sin2_theta24=0.01, sin2_theta34=0.03)


def _assert_doubly_stochastic(p, atol=1e-12):
    assert np.all(p >= -atol) and np.all(p <= 1 + atol)
    assert np.allclose(p.sum(axis=-2), 1.0, atol=atol)  # from any flavor: total probability 1
    assert np.allclose(p.sum(axis=-1), 1.0, atol=atol)  # unitarity of S also fixes row sums


@settings(max_examples=30, deadline=None)
@given(energy=st.floats(0.1, 1e4), length=st.floats(0.0, 2e4), rho=st.floats(0.0, 200.0), ye=st.floats(0.0, 1.0),
       anti=st.booleans(), inverted=st.booleans())
def test_unitarity_constant_density(energy, length, rho, ye, anti, inverted):
    params = ORDERINGS[int(inverted)]
    p = constant_probability(np.array([energy]) * MeV, length * km, rho * g / cm3, ye, params=params,
                             antineutrino=anti)
    _assert_doubly_stochastic(p, atol=1e-10)


@pytest.mark.parametrize("params", [*ORDERINGS, STERILE])
def test_unitarity_vacuum_and_layers(params):
    e = np.geomspace(1, 1e4, 50) * MeV
    _assert_doubly_stochastic(vacuum_probability(e, 735 * km, params=params))
    layers = [(100 * km, 2.6 * g / cm3, 0.5), (3000 * km, 5.0 * g / cm3, 0.49, 0.52), (50 * km, 11 * g / cm3, 0.47)]
    _assert_doubly_stochastic(layered_probability(e, layers, params=params), atol=1e-10)
    _assert_doubly_stochastic(layered_probability(e, layers, params=params, antineutrino=True), atol=1e-10)


def test_vacuum_limit_of_matter():
    e = np.geomspace(1, 1e4, 30) * MeV
    for params in (*ORDERINGS, STERILE):
        assert np.allclose(constant_probability(e, 1000 * km, 0.0, 0.5, params=params),
                           vacuum_probability(e, 1000 * km, params=params), atol=1e-12)
    # density so low that V ≪ Δm²/2E
    assert np.allclose(constant_probability(e, 1000 * km, 1e-9 * g / cm3, 0.5),
                       vacuum_probability(e, 1000 * km), atol=1e-9)


def test_two_flavor_vacuum_formula():
    # θ13 = θ23 = 0: ν_e ↔ ν_μ with Δm²₂₁, θ₁₂: P = sin²2θ sin²(Δm² L / 4E) (ħc restored: 1.267 Δm²[eV²] L[km]/E[GeV])
    p = nufit60(sin2_theta13=0.0, sin2_theta23=0.0)
    e = np.geomspace(0.5, 50, 40) * MeV
    length = 180 * km
    sin2_2theta = 4 * p.sin2_theta12 * (1 - p.sin2_theta12)
    phase = 1.26693 * (p.dm2_21 / eV**2) * (length / km) / (e / GeV)  # 1.26693 = 1e9 eV·km/(4 ħc) in these units
    expected = sin2_2theta * np.sin(phase) ** 2
    assert np.allclose(vacuum_probability(e, length, params=p)[:, 1, 0], expected, atol=1e-4)


def test_two_flavor_constant_density_formula():
    # MSW in constant matter: P(ν_e → ν_μ) = sin²2θ_m sin²(Δm²_m L / 4E ħc)
    p = nufit60(sin2_theta13=0.0, sin2_theta23=0.0)
    e = np.geomspace(1, 30, 25) * MeV
    rho, ye, length = 60 * g / cm3, 0.6, 400 * km
    from cevns.constants import hbarc

    theta_m = mixing_angle_in_matter(e, rho, ye, params=p)
    dm2_m = mass_splitting_in_matter(e, rho, ye, params=p)
    expected = np.sin(2 * theta_m) ** 2 * np.sin(dm2_m * length / (4 * e * hbarc)) ** 2
    assert np.allclose(constant_probability(e, length, rho, ye, params=p)[:, 1, 0], expected, atol=1e-10)


def test_cpt_in_vacuum_and_t_in_matter():
    e = np.geomspace(0.1, 10, 20) * GeV
    for params in ORDERINGS:
        nu = vacuum_probability(e, 1300 * km, params=params)
        anti = vacuum_probability(e, 1300 * km, params=params, antineutrino=True)
        assert np.allclose(nu, np.swapaxes(anti, -1, -2), atol=1e-12)  # CPT: P(α→β) = P(β̄→ᾱ)
        # T in symmetric matter: P_αβ(δ) = P_βα(−δ)
        flipped = params.replace(delta_cp=-params.delta_cp)
        a = constant_probability(e, 1300 * km, 2.8 * g / cm3, 0.5, params=params)
        b = constant_probability(e, 1300 * km, 2.8 * g / cm3, 0.5, params=flipped)
        assert np.allclose(a, np.swapaxes(b, -1, -2), atol=1e-12)


def test_reversed_layers_give_transposed_amplitude():
    # H(δ)ᵀ = H(−δ): the amplitude through reversed layers with −δ is the transpose
    params = nufit60()
    layers = [(500 * km, 3.3 * g / cm3, 0.49), (2000 * km, 10.0 * g / cm3, 0.47), (800 * km, 4.5 * g / cm3, 0.5)]
    e = np.geomspace(0.5, 20, 15) * GeV
    forward = layered_amplitude(e, layers, params=params)
    backward = layered_amplitude(e, layers[::-1], params=params.replace(delta_cp=-params.delta_cp))
    assert np.allclose(forward, np.swapaxes(backward, -1, -2), atol=1e-12)


def test_single_layer_equals_constant_and_splitting_a_layer_changes_nothing():
    e = np.geomspace(1, 100, 10) * MeV
    one = constant_amplitude(e, 900 * km, 3 * g / cm3, 0.5)
    split = layered_amplitude(e, [Layer(length=300 * km, density=3 * g / cm3), (600 * km, 3 * g / cm3, 0.5)])
    assert np.allclose(one, split, atol=1e-12)


def test_constant_density_exact_against_runge_kutta():
    # the independent numerical integrator (DOP853) reproduces the exact eigen-decomposition
    e = np.array([0.3, 1.0, 3.0, 10.0]) * GeV
    for params, anti in ((ORDERINGS[0], False), (ORDERINGS[1], True)):
        exact = constant_probability(e, 2000 * km, 4.0 * g / cm3, 0.5, params=params, antineutrino=anti)
        ode = profile_probability(e, lambda x: (np.full(np.shape(x), 4.0 * g / cm3), 0.5), 2000 * km,
                                  params=params, antineutrino=anti, method="ode", tolerance=1e-10)
        assert np.allclose(exact, ode, atol=1e-7)


def test_adiabatic_integrator_against_runge_kutta_on_varying_profile():
    def profile(x):
        return 3.0 * g / cm3 * (1.0 + 0.8 * np.sin(x / (700 * km)) ** 2), 0.48 + 0.02 * x / (3000 * km)

    e = np.array([0.5, 2.0, 8.0]) * GeV
    ode = profile_probability(e, profile, 3000 * km, method="ode", tolerance=1e-11)
    adiabatic = profile_probability(e, profile, 3000 * km, method="adiabatic", tolerance=1e-8)
    assert np.allclose(ode, adiabatic, atol=1e-6)


def test_profile_integrators_reproduce_layers_with_breakpoints():
    layers = [(1000 * km, 3.0 * g / cm3, 0.5), (1500 * km, 9.0 * g / cm3, 0.47)]

    def profile(x):
        return np.where(x < 1000 * km, 3.0, 9.0) * g / cm3, np.where(x < 1000 * km, 0.5, 0.47)

    e = np.array([1.0, 4.0]) * GeV
    exact = layered_probability(e, layers)
    numerical = profile_probability(e, profile, 2500 * km, breakpoints=[1000 * km], tolerance=1e-9)
    assert np.allclose(exact, numerical, atol=1e-8)


def test_probability_dispatch():
    e = np.array([1.0, 2.0]) * GeV
    assert np.allclose(probability(e, baseline=500 * km), vacuum_probability(e, 500 * km))
    assert np.allclose(probability(e, baseline=500 * km, density=3 * g / cm3),
                       constant_probability(e, 500 * km, 3 * g / cm3))
    with pytest.raises(InvalidSpecError):
        probability(e)


def test_shapes_broadcast():
    e = np.geomspace(1, 10, 12).reshape(3, 4) * GeV
    assert constant_probability(e, 100 * km, 3 * g / cm3).shape == (3, 4, 3, 3)
    assert vacuum_probability(e, 100 * km, params=STERILE).shape == (3, 4, 4, 4)


def test_bad_inputs():
    with pytest.raises(OutOfDomainError, match="density"):
        constant_probability(np.array([1.0]) * GeV, 10 * km, -1.0 * g / cm3)
    with pytest.raises(OutOfDomainError, match="electron_fraction"):
        constant_probability(np.array([1.0]) * GeV, 10 * km, 1.0 * g / cm3, 1.5)
    with pytest.raises(OutOfDomainError, match="energy"):
        vacuum_probability(np.array([0.0, 1.0]), 10 * km)
    with pytest.raises(OutOfDomainError, match="baseline"):
        vacuum_probability(1.0 * GeV, -10 * km)
    with pytest.raises(OutOfDomainError, match="length"):
        Layer(length=-1.0, density=1.0)
    with pytest.raises(InvalidSpecError):
        layered_probability(1.0 * GeV, [(1.0,)])
    with pytest.raises(UnknownNameError):
        profile_probability(1.0 * GeV, lambda x: (np.ones_like(x), 0.5), 10 * km, method="euler")
    with pytest.raises(InvalidSpecError):
        profile_probability(1.0 * GeV, lambda x: np.ones_like(x), 10 * km)


def test_non_convergence_is_reported():
    profile = lambda x: (np.where(x < 5 * km, 1.0, 300.0) * g / cm3, 0.5)  # noqa: E731  a jump without breakpoint
    with pytest.raises(CevnsError, match="tolerance"):
        profile_probability(np.array([5.0]) * MeV, profile, 10 * km, tolerance=1e-12, max_steps=128)
