"""cevns.differential_cross_section and total_cross_section with a new-physics model (model=...).

References: the model-independent assembly :func:`differential_cross_section_with` (built from the same model
interface but not from the fast kernels), the Standard Model kernels for zero couplings, adaptive quadrature of
dσ/dT for σ(E), and the closed-form integral of the magnetic-moment term derived below.
"""

import numpy as np
import pytest
from scipy.integrate import quad

import cevns
from cevns import constants
from cevns.errors import OutOfDomainError
from cevns.physics.interactions import (
    NSI,
    ChargeRadius,
    MagneticMoment,
    Millicharge,
    ScalarMediator,
    StandardModel,
    VectorMediator,
    differential_cross_section_with,
)
from cevns.physics.kinematics import recoil_energy_max
from cevns.units import MeV, cm2, keV

E = 30 * MeV
MODELS = [
    NSI(up={"ee": 0.2, "emu": 0.1 - 0.05j, "mumu": -0.05}, down={"mumu": -0.1, "etau": 0.03}),
    VectorMediator.universal(15 * MeV, 3e-5),
    VectorMediator.b_minus_l(50 * keV, 1e-6) + ChargeRadius(e=2e-32 * cm2),
    ScalarMediator.universal(8 * MeV, 2e-5),
    MagneticMoment(e=3e-9, mu=1e-9),
    Millicharge(e=1e-8, transitions={"emu": 5e-9}),
]
ZERO_MODELS = [
    StandardModel(),
    NSI(up={"ee": 0.0}),
    VectorMediator.universal(10 * MeV, 0.0),
    ScalarMediator.universal(1 * MeV, 0.0),
    MagneticMoment() + Millicharge() + ChargeRadius(),
]
FLAVORS = ["nu_e", "nubar_mu", "nu_tau"]


def ids(model):
    return "+".join(type(c).__name__ for c in model.components)


@pytest.mark.parametrize("model", MODELS, ids=ids)
@pytest.mark.parametrize("target", ["Ar40", "CsI", "Ge"])  # J = 0; axial ¹²⁷I, ¹³³Cs, ⁷³Ge
@pytest.mark.parametrize("flavor", FLAVORS)
def test_differential_with_model_equals_reference(model, target, flavor):
    T = np.linspace(0.05, float(recoil_energy_max(E, target)) / keV * 1.1, 41) * keV  # some above T_max
    fast = cevns.differential_cross_section(T, E, target, flavor=flavor, model=model)
    reference = differential_cross_section_with(model, T, E, target, flavor=flavor)
    assert reference.max() > 0
    assert np.max(np.abs(fast - reference)) <= 1e-12 * reference.max()


@pytest.mark.parametrize("model", ZERO_MODELS, ids=ids)
@pytest.mark.parametrize("target", ["Ar40", "CsI"])
def test_zero_couplings_give_the_standard_model(model, target):
    T = np.linspace(0.01, 30, 31) * keV
    for flavor in FLAVORS:
        sm = cevns.differential_cross_section(T, E, target, flavor=flavor)
        with_model = cevns.differential_cross_section(T, E, target, flavor=flavor, model=model)
        assert np.max(np.abs(with_model - sm)) <= 1e-12 * sm.max()
        energies = np.array([5.0, 30.0, 52.8]) * MeV
        sigma = cevns.total_cross_section(energies, target, flavor=flavor)
        np.testing.assert_allclose(cevns.total_cross_section(energies, target, flavor=flavor, model=model), sigma,
                                   rtol=1e-12)


def test_model_none_is_bitwise_todays_result():
    T = np.linspace(0, 40, 17) * keV
    assert np.array_equal(cevns.differential_cross_section(T, E, "CsI", model=None),
                          cevns.differential_cross_section(T, E, "CsI"))
    assert np.array_equal(cevns.total_cross_section(E, "CsI", model=None), cevns.total_cross_section(E, "CsI"))


def assert_close(value, expected, rel):
    value, expected = float(value), float(expected)
    assert abs(value - expected) <= rel * abs(expected), (value, expected)


def quad_sigma(model, energy, target, flavor, threshold):
    """σ by adaptive quadrature of the reference dσ/dT, with log-spaced break points (1/T terms)."""
    t_end = float(recoil_energy_max(energy, target))
    points = np.geomspace(max(threshold, 1e-9 * t_end), t_end, 40)
    if threshold == 0:
        points = np.concatenate([[0.0], points])
    total = 0.0
    for a, b in zip(points[:-1], points[1:]):
        total += quad(lambda t: float(differential_cross_section_with(model, t, energy, target, flavor=flavor)),
                      a, b, epsabs=0, epsrel=1e-12, limit=200)[0]
    return total


@pytest.mark.parametrize("model", MODELS[:4] + [VectorMediator.universal(1 * keV, 1e-8)], ids=ids)
def test_total_with_model_equals_adaptive_quadrature(model):
    for energy in (10 * MeV, 50 * MeV):
        sigma = cevns.total_cross_section(energy, "Ar40", flavor="nu_e", model=model)
        assert_close(sigma, quad_sigma(model, energy, "Ar40", "nu_e", 0.0), rel=1e-9)


@pytest.mark.parametrize("model", MODELS[4:], ids=ids)
def test_total_with_photon_exchange_needs_and_uses_a_threshold(model):
    with pytest.raises(OutOfDomainError, match="recoil_threshold must be > 0"):
        cevns.total_cross_section(E, "Ar40", flavor="nu_e", model=model)
    for threshold in (1e-3 * keV, 1 * keV):
        sigma = cevns.total_cross_section(E, "Ar40", flavor="nu_e", model=model, recoil_threshold=threshold)
        assert_close(sigma, quad_sigma(model, E, "Ar40", "nu_e", threshold), rel=1e-9)


def test_magnetic_moment_total_matches_its_closed_form():
    # Point nucleus: dσ_μ/dT = K [1/T − 1/E + T/(4E²)], K = π α² μ_ν² Z²/m_e² (Vogel & Engel, PRD 39 (1989)
    # 3378, with the T/(4E²) term of the spin-0 current); from T₀ to T₁:
    # K [ln(T₁/T₀) − (T₁ − T₀)/E + (T₁² − T₀²)/(8E²)], added incoherently to the weak part.
    mu, threshold, iso = 2e-9, 0.5 * keV, cevns.isotope("Ar40")
    t_end = float(recoil_energy_max(E, iso))
    K = np.pi * constants.alpha_em**2 * mu**2 * iso.Z**2 / constants.electron_mass**2 * constants.hbarc_squared
    expected = K * (np.log(t_end / threshold) - (t_end - threshold) / E + (t_end**2 - threshold**2) / (8 * E**2))
    kwargs = dict(form_factor="unity", flavor="nu_mu", recoil_threshold=threshold)
    added = (cevns.total_cross_section(E, iso, model=MagneticMoment(mu=mu), **kwargs)
             - cevns.total_cross_section(E, iso, **kwargs))
    assert_close(added, expected, rel=1e-10)


def test_threshold_removes_the_low_recoil_part_of_the_standard_model():
    threshold = 5 * keV
    full = cevns.total_cross_section(E, "Ar40")
    below = quad(lambda t: float(cevns.differential_cross_section(t, E, "Ar40")), 0, threshold,
                 epsabs=0, epsrel=1e-13)[0]
    assert_close(cevns.total_cross_section(E, "Ar40", recoil_threshold=threshold), full - below, rel=1e-11)


def test_bad_model_inputs_are_clear_errors():
    with pytest.raises(OutOfDomainError, match="model must be a cevns"):
        cevns.differential_cross_section(1 * keV, E, "Ar40", model="zprime")
    with pytest.raises(OutOfDomainError, match="recoil_energy must be > 0"):
        cevns.differential_cross_section(0.0, E, "Ar40", model=MagneticMoment(e=1e-10), flavor="nu_e")
    with pytest.raises(OutOfDomainError, match="recoil_threshold"):
        cevns.total_cross_section(E, "Ar40", recoil_threshold=-1 * keV)
