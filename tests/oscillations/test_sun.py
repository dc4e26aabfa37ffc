"""The Sun: solar model tables, adiabatic and numerical MSW, published P_ee, day–night regeneration."""

import math

import numpy as np
import pytest

from cevns.errors import InvalidSpecError, OutOfDomainError, UnknownNameError
from cevns.oscillations import (SOLAR_COMPONENTS, layered_amplitude, nufit60, pmns,
                                solar_electron_density, solar_mass_state_fractions, solar_probability,
                                solar_production_distribution, solar_survival_probability, solar_transition,
                                day_night)
from cevns.oscillations.matter import CC_POTENTIAL_PER_DENSITY, NUCLEONS_PER_MASS
from cevns.units import MeV, cm3, g, km


def test_central_electron_density_matches_b16():
    # B16-GS98 (Vinyoles et al. 2017, arXiv:1611.09867): log10(n_e/N_A cm⁻³) = 2.004 at the center
    n_e = solar_electron_density(0.0)
    assert n_e / (NUCLEONS_PER_MASS * g / cm3) == pytest.approx(10**2.004, rel=1e-6)
    r = np.linspace(0, 0.98, 200)
    assert np.all(np.diff(solar_electron_density(r)) <= 0)  # decreasing outwards
    assert solar_electron_density(0.99) == 0.0


@pytest.mark.parametrize("component", SOLAR_COMPONENTS)
def test_production_distributions_normalized(component):
    r = np.linspace(0, 0.5, 20001)
    assert np.trapezoid(solar_production_distribution(component, r), r) == pytest.approx(1.0, abs=2e-3)


def test_production_regions_are_ordered():
    # 8B and 7Be come from the hot core; pp from a wider region (B16: peaks near 0.045, 0.06 and 0.1 R_sun)
    r = np.linspace(0, 0.5, 5001)
    peaks = {c: r[np.argmax(solar_production_distribution(c, r))] for c in ("8B", "7Be", "pp")}
    assert peaks["8B"] < peaks["7Be"] < peaks["pp"]
    assert 0.04 < peaks["8B"] < 0.05


def _analytic_adiabatic_pee(energy, component, params):
    # PHYSICS.md: P_ee = c13⁴ (1/2 + 1/2 cos 2θ12 cos 2θ12^m(r0)) + s13⁴, with 2E V c13² in θ12^m,
    # averaged over the production distribution
    r = np.linspace(0, 0.5, 4001)
    w = solar_production_distribution(component, r)
    w = w / w.sum()
    v = solar_electron_density(r) / NUCLEONS_PER_MASS / (g / cm3) * CC_POTENTIAL_PER_DENSITY
    s13, s12 = params.sin2_theta13, params.sin2_theta12
    c13 = 1 - s13
    a = 2 * energy[:, None] * v[None, :] * c13
    cos2, sin2 = 1 - 2 * s12, 2 * math.sqrt(s12 * (1 - s12))
    cos2m = (params.dm2_21 * cos2 - a) / np.hypot(params.dm2_21 * cos2 - a, params.dm2_21 * sin2)
    return (c13**2 * (0.5 + 0.5 * cos2 * cos2m) + s13**2) @ w


@pytest.mark.parametrize("component", ["pp", "7Be", "8B"])
def test_adiabatic_against_analytic_formula(component):
    params = nufit60()
    e = np.geomspace(0.2, 18, 25) * MeV
    exact = solar_survival_probability(e, component, params=params)
    assert np.allclose(exact, _analytic_adiabatic_pee(e, component, params), atol=2e-3)


@pytest.mark.parametrize("component", ["pp", "8B"])
def test_numerical_agrees_with_adiabatic(component):
    # the solar MSW transition is adiabatic: full integration and the adiabatic limit agree
    e = np.geomspace(0.2, 40, 12) * MeV
    adiabatic = solar_probability(e, component)
    numerical = solar_probability(e, component, method="numerical")
    assert np.allclose(adiabatic, numerical, atol=1e-5)


@pytest.mark.parametrize("sin2_theta12, dm2_eV2", [(0.001, 3e-6), (0.003, 1e-5)])
def test_numerical_against_landau_zener_for_exponential_profile(sin2_theta12, dm2_eV2):
    # small mixing makes the 12 resonance non-adiabatic. Two-flavor result (Parke, PRL 57 (1986) 1275) with the
    # crossing probability of an exponential profile n_e ∝ exp(−r/r0) (Petcov, PLB 200 (1988) 373):
    # P_ee = 1/2 − (1/2 − P_c) cos 2θ (production far above resonance),
    # P_c = (e^{−γ sin²θ} − e^{−γ}) / (1 − e^{−γ}), γ = 2π r0 Δm²/(2E ħc), r0 the local scale height.
    from cevns.constants import hbarc
    from cevns.oscillations import SUN_RADIUS
    from cevns.units import eV

    params = nufit60(sin2_theta13=0.0, sin2_theta12=sin2_theta12, dm2_21=dm2_eV2 * eV**2)
    energy = 10 * MeV
    numerical = solar_survival_probability(np.array([energy]), "8B", params=params, method="numerical",
                                           steps=800)[0]
    adiabatic = solar_survival_probability(np.array([energy]), "8B", params=params)[0]
    r = np.linspace(0, 0.98, 20001)
    v = solar_electron_density(r) / NUCLEONS_PER_MASS / (g / cm3) * CC_POTENTIAL_PER_DENSITY
    cos2 = 1 - 2 * sin2_theta12
    k = np.argmin(np.abs(2 * energy * v - params.dm2_21 * cos2))
    r0 = -SUN_RADIUS / np.gradient(np.log(v), r)[k]
    gamma = 2 * math.pi * r0 * params.dm2_21 / (2 * energy * hbarc)
    p_c = (math.exp(-gamma * sin2_theta12) - math.exp(-gamma)) / (1 - math.exp(-gamma))
    assert 0.05 < p_c < 0.95
    assert numerical == pytest.approx(0.5 - (0.5 - p_c) * cos2, abs=0.01)
    assert abs(numerical - adiabatic) > 0.04


def test_low_and_high_energy_limits():
    e_low, e_high = np.array([0.3]) * MeV, np.array([10.0]) * MeV
    assert solar_survival_probability(e_low, "pp")[0] == pytest.approx(0.55, abs=0.02)
    assert solar_survival_probability(e_high, "8B")[0] == pytest.approx(0.31, abs=0.03)


def test_against_borexino():
    # Borexino, Nature 562 (2018) 505, Fig. 4 / text: P_ee(pp) = 0.57 ± 0.09, P_ee(7Be, 0.862 MeV) = 0.53 ± 0.05,
    # P_ee(pep, 1.44 MeV) = 0.43 ± 0.11, P_ee(8B, 8.1 MeV) = 0.37 ± 0.08
    checks = [("pp", 0.267, 0.57, 0.09), ("7Be", 0.862, 0.53, 0.05), ("pep", 1.44, 0.43, 0.11),
              ("8B", 8.1, 0.37, 0.08)]
    for component, energy, value, sigma in checks:
        p = solar_survival_probability(np.array([energy]) * MeV, component)[0]
        assert abs(p - value) < 1.0 * sigma, (component, p)


def test_against_sno():
    # SNO combined analysis, Phys. Rev. C 88 (2013) 025501: P_ee(E) = c0 + c1 (E − 10 MeV) + ...,
    # c0 = 0.317 ± 0.016 (stat) ± 0.009 (syst) at 10 MeV; the day-time value is c0 (the night adds A_DN)
    p = solar_survival_probability(np.array([10.0]) * MeV, "8B")[0]
    assert abs(p - 0.317) < 2 * math.hypot(0.016, 0.009)


def test_mass_state_fractions_sum_to_one():
    f = solar_mass_state_fractions(np.geomspace(0.1, 20, 30) * MeV, "8B")
    assert np.allclose(f.sum(axis=-2), 1.0, atol=1e-10)
    # 8B at 10 MeV leaves the Sun mostly as ν2
    f10 = solar_mass_state_fractions(np.array([10.0]) * MeV, "8B")[0]
    assert f10[1, 0] > 0.85


def test_transition_callable_shape_and_unitarity():
    t = solar_transition("solar-8B")
    e = np.geomspace(1, 15, 8).reshape(2, 4) * MeV
    p = t(e, antineutrino=False)
    assert p.shape == (2, 4, 3, 3)
    assert np.allclose(p.sum(axis=-2), 1.0)


def test_regeneration_against_two_flavor_constant_density_formula():
    # θ13 = 0: ν2 crossing a slab of constant density, P(ν2 → ν_e) = sin²θ + sin2θ_m sin(2θ_m − 2θ) sin²(Δm²_m L/4E)
    # (Mikheyev & Smirnov; e.g. Akhmedov, Tortola, Valle, JHEP 05 (2004) 057, eq. 9)
    from cevns.constants import hbarc
    from cevns.oscillations import mass_splitting_in_matter, mixing_angle_in_matter

    params = nufit60(sin2_theta13=0.0)
    e = np.geomspace(3, 15, 9) * MeV
    rho, ye, length = 4.5 * g / cm3, 0.5, 8000 * km
    s = layered_amplitude(e, [(length, rho, ye)], params=params)
    u = pmns(params)
    numerical = np.abs((s @ u)[:, 0, 1]) ** 2
    theta = math.asin(math.sqrt(params.sin2_theta12))
    theta_m = mixing_angle_in_matter(e, rho, ye, params=params)
    dm2_m = mass_splitting_in_matter(e, rho, ye, params=params)
    analytic = (math.sin(theta) ** 2 + np.sin(2 * theta_m) * np.sin(2 * theta_m - 2 * theta)
                * np.sin(dm2_m * length / (4 * e * hbarc)) ** 2)
    assert np.allclose(numerical, analytic, atol=1e-10)


def test_day_night_asymmetry():
    # regeneration in the Earth raises P_ee at night; for 8B at 10 MeV and Δm²₂₁ = 7.5e-5 eV² a few percent
    # (Super-Kamiokande, PRD 109 (2024) 092001, measures A_DN = −(2.1 ± 1.1)% in the electron-scattering rate,
    # defined as 2(D − N)/(D + N), diluted by the ν_μ,τ contribution)
    result = day_night(np.array([5.0, 10.0]) * MeV, "8B", latitude=math.radians(36.43))
    assert np.all(result["night"] > result["day"])
    assert 0.005 < result["asymmetry"][1] < 0.06
    assert result["asymmetry"][0] < result["asymmetry"][1]


def test_night_probability_is_unitary():
    p = solar_probability(np.geomspace(2, 15, 6) * MeV, "8B", nadir_angle=0.3)
    assert np.allclose(p.sum(axis=-2), 1.0, atol=1e-10)


def test_bad_solar_inputs():
    with pytest.raises(UnknownNameError, match="solar component"):
        solar_transition("8C")
    with pytest.raises(UnknownNameError):
        solar_survival_probability(np.array([1.0]) * MeV, "8B", method="fast")
    with pytest.raises(OutOfDomainError, match="energy"):
        solar_survival_probability(np.array([-1.0]) * MeV)
    with pytest.raises(OutOfDomainError):
        solar_electron_density(1.5)
    with pytest.raises(InvalidSpecError):
        solar_transition("8B", params=nufit60(dm2_41=1e-12, sin2_theta14=0.1))


def test_cached_tables_are_read_only():
    from cevns.oscillations import nufit60
    from cevns.oscillations.eigensystem import eigensystem_table
    from cevns.oscillations.sun import _density_table

    table = eigensystem_table(nufit60(), False)
    with pytest.raises(ValueError, match="read-only"):
        table["mu"][0, 0] = 0.0
    with pytest.raises(TypeError):
        table["mu"] = None
    radii, _ = _density_table()
    with pytest.raises(ValueError, match="read-only"):
        radii[0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        nufit60().matrix[0, 0] = 0.0
