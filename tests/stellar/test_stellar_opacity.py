"""Mean free paths, spectrum averages, diffusion, trapping and the neutrinosphere."""

import numpy as np
import pytest
from scipy.special import zeta

from cevns import constants, weak_charge
from cevns.errors import OutOfDomainError, UnknownNameError
from cevns.stellar import (GRAM_PER_CM3, diffusion_time, free_fall_time, inverse_mean_free_path, mean_free_path,
                           neutrinosphere_radius, opacity, solar_mass, spectrum_averaged_mean_free_path,
                           transport_cross_section, trapping_density)
from cevns.stellar.matter import electron_screening_wave_number, electron_density, number_density
from cevns.stellar.transport import electron_vector_coupling
from cevns.units import MeV, c_light, kg, km, m, s

RHO = 1e12 * GRAM_PER_CM3
BARE = dict(correlations="none", form_factor="unity")  # the vacuum cross section, F = 1


def eta(k):
    """Dirichlet eta function η(k) = (1 − 2^(1−k)) ζ(k): ∫₀^∞ x^(k−1)/(e^x + 1) dx = Γ(k) η(k)."""
    return (1.0 - 2.0 ** (1 - k)) * zeta(k)


def test_mean_free_path_is_one_over_n_sigma():
    E = np.array([5.0, 20.0]) * MeV
    lam = mean_free_path(E, RHO, 1 * MeV, "Fe56", correlations="none")
    expected = 1.0 / (number_density(RHO, 1.0, 56) * transport_cross_section(E, "Fe56"))
    np.testing.assert_allclose(lam, expected, rtol=1e-12)
    kappa = opacity(E, RHO, 1 * MeV, "Fe56", correlations="none")
    np.testing.assert_allclose(kappa * RHO * lam, 1.0, rtol=1e-12)
    assert float(mean_free_path(E[0], 10 * RHO, 1 * MeV, "Fe56", correlations="none")) == pytest.approx(
        float(lam[0]) / 10, rel=1e-12)


def test_mixture_adds_its_species():
    E = 15 * MeV
    mixed = inverse_mean_free_path(E, RHO, 2 * MeV, "Kr80:0.6,He4:0.1,n:0.2,p:0.1")
    parts = sum(inverse_mean_free_path(E, x * RHO, 2 * MeV, name)
                for name, x in (("Kr80", 0.6), ("He4", 0.1), ("n", 0.2), ("p", 0.1)))
    assert float(mixed) == pytest.approx(float(parts), rel=1e-12)


def test_correlations_only_lower_the_opacity_and_vanish_at_high_energy():
    E = np.geomspace(1, 100, 30) * MeV
    bare = inverse_mean_free_path(E, RHO, 1 * MeV, "Fe56", correlations="none")
    for model in ("horowitz1997", "debye-huckel"):
        assert np.all(inverse_mean_free_path(E, RHO, 1 * MeV, "Fe56", correlations=model) <= bare * (1 + 1e-12))
    # Γ = 35 here: ⟨S⟩ = 1 above ε = E a/ħc = 3 + 4/√Γ, i.e. E ≳ 26 MeV
    high = E > 30 * MeV
    np.testing.assert_allclose(inverse_mean_free_path(E[high], RHO, 1 * MeV, "Fe56"), bare[high], rtol=1e-12)


def test_debye_huckel_vanishes_in_hot_dilute_matter():
    """Γ ≈ 0.035, k_D ≪ E: S ≈ 1 − k_D²/q², so 1 − ⟨S⟩ = (3/4)∫(1 − x²) k_D²/(2E²(1 − x)) dx = (3/4) k_D²/E²."""
    from cevns.stellar.matter import debye_wave_number

    E, rho, T = 10 * MeV, 1e6 * GRAM_PER_CM3, 10 * MeV
    hot = inverse_mean_free_path(E, rho, T, "Fe56", correlations="debye-huckel", form_factor="unity")
    bare = inverse_mean_free_path(E, rho, T, "Fe56", **BARE)
    k_d = float(debye_wave_number(26, number_density(rho, 1.0, 56), T)) * constants.hbarc
    assert 1 - float(hot / bare) == pytest.approx(0.75 * k_d**2 / E**2, rel=1e-3)


@pytest.mark.parametrize("flavor", ["nu_mu", "nu_e"])
def test_screening_cloud_at_long_wavelength(flavor):
    """q ≪ k_TF: the whole screening cloud (Z electrons) scatters with the nucleus, Q → Q_W + Z g_V^e.
    For ν_μ the atom is then blind to its protons, Q → N g_V^n = −N/2."""
    E = 1e-3 * MeV  # q ≤ 2E = 2 keV while ħc k_TF ≈ 3.6 MeV at 1e12 g/cm3
    assert 2 * E < 1e-3 * float(electron_screening_wave_number(electron_density(RHO, 0.46))) * constants.hbarc
    screened = inverse_mean_free_path(E, RHO, 1 * MeV, "Fe56", electron_screening=True, electron_fraction=0.46,
                                      **BARE)
    bare = inverse_mean_free_path(E, RHO, 1 * MeV, "Fe56", **BARE)
    Q = weak_charge("Fe56")
    expected = ((Q + 26 * electron_vector_coupling(flavor)) / Q) ** 2
    if flavor == "nu_mu":
        assert expected == pytest.approx((30 * 0.5 / Q) ** 2, rel=1e-12)
    screened = inverse_mean_free_path(E, RHO, 1 * MeV, "Fe56", electron_screening=True, electron_fraction=0.46,
                                      flavor=flavor, **BARE)
    bare = inverse_mean_free_path(E, RHO, 1 * MeV, "Fe56", flavor=flavor, **BARE)
    assert float(screened / bare) == pytest.approx(expected, rel=1e-5)


def test_number_and_rosseland_averages_of_an_e2_law():
    """With F = 1 and no correlations 1/λ = C E² (up to 3E/M ~ 2e-5 at T_ν = 0.1 MeV). For f = 1/(e^(E/T) + 1):
    number average 1/⟨1/λ⟩ = 1/(C⟨E²⟩), ⟨E²⟩ = T² Γ(5)η(5)/(Γ(3)η(3)) = 12 T² η(5)/η(3);
    Rosseland ⟨λ⟩ = ∫E² f(1 − f)dE / (C ∫E⁴ f(1 − f)dE) = η(2)/(12 η(4) C T²), using ∫Eⁿ f(1 − f)dE = n! η(n) T^(n+1)."""
    T_nu = 0.1 * MeV
    C = float(inverse_mean_free_path(1 * MeV, RHO, 1 * MeV, "Fe56", **BARE)) / MeV**2
    number = spectrum_averaged_mean_free_path(RHO, 1 * MeV, "Fe56", neutrino_temperature=T_nu, **BARE)
    assert float(number) == pytest.approx(1.0 / (C * 12 * T_nu**2 * eta(5) / eta(3)), rel=5e-5)
    rosseland = spectrum_averaged_mean_free_path(RHO, 1 * MeV, "Fe56", neutrino_temperature=T_nu,
                                                 weight="rosseland", **BARE)
    assert float(rosseland) == pytest.approx(eta(2) / (12 * eta(4) * C * T_nu**2), rel=5e-5)
    energy = spectrum_averaged_mean_free_path(RHO, 1 * MeV, "Fe56", neutrino_temperature=T_nu, weight="energy",
                                              **BARE)
    assert float(energy) == pytest.approx(1.0 / (C * 20 * T_nu**2 * eta(6) / eta(4)), rel=5e-5)


def test_diffusion_time_conventions_and_free_fall():
    R, lam = 100 * km, 1 * km
    c_cgs = 2.99792458e10
    assert float(diffusion_time(R, lam) / s) == pytest.approx(3 * 1e7**2 / (np.pi**2 * c_cgs * 1e5), rel=1e-12)
    assert float(diffusion_time(R, lam, convention="random-walk") / s) == pytest.approx(1e14 / (c_cgs * 1e5))
    G_cgs = 6.67430e-8  # cm³ g⁻¹ s⁻², CODATA 2018
    assert float(free_fall_time(RHO) / s) == pytest.approx(np.sqrt(3 * np.pi / (32 * G_cgs * 1e12)), rel=1e-12)
    with pytest.raises(UnknownNameError, match="diffusion convention"):
        diffusion_time(R, lam, convention="fast")


def test_trapping_density_closed_form():
    """Without correlations λ = 1/(ρ k) with k = σ_t/(A m_u) fixed; R = (3M/4πρ)^(1/3) gives
    t_diff = (3/π²c) (3M/4π)^(2/3) k ρ^(1/3) and t_ff = sqrt(3π/32G) ρ^(−1/2), so ρ_trap^(5/6) = t_ff ρ^(1/2)/(t_diff ρ^(−1/3))."""
    E = 15 * MeV
    k = float(inverse_mean_free_path(E, RHO, 1 * MeV, "Fe56", **BARE) / RHO)
    c, G = c_light, 6.67430e-11 * m**3 / (kg * s**2)  # CODATA 2018
    diffusion_coefficient = 3 / (np.pi**2 * c) * (3 * solar_mass / (4 * np.pi)) ** (2 / 3) * k
    collapse_coefficient = np.sqrt(3 * np.pi / (32 * G))
    expected = (collapse_coefficient / diffusion_coefficient) ** (6 / 5)
    assert trapping_density(E, 1 * MeV, "Fe56", **BARE) == pytest.approx(expected, rel=1e-8)


def test_trapping_density_of_collapsing_iron_cores():
    """Classic estimates (K. Sato, Prog. Theor. Phys. 53 (1975) 595; T. J. Mazurek, Astrophys. Space Sci. 35
    (1975) 117; H. A. Bethe, Rev. Mod. Phys. 62 (1990) 801): coherent scattering on heavy
    nuclei traps 10–20 MeV neutrinos at a few 10¹¹–10¹² g/cm³ ("when the density of the core reaches ≈ 10¹² g/cm³",
    O. L. Caballero, C. J. Horowitz, D. K. Berry, PRC 74 (2006) 065801). Those estimates leave out ion
    correlations, as here; the answer depends on the core mass (1 M_sun) and the diffusion convention, hence the
    order-of-magnitude bracket the sources state."""
    for name in ("Fe56", "Kr80"):
        at_10 = trapping_density(10 * MeV, 1 * MeV, name, correlations="none") / GRAM_PER_CM3
        at_20 = trapping_density(20 * MeV, 1 * MeV, name, correlations="none") / GRAM_PER_CM3
        assert 5e11 < at_10 < 3e12
        assert 1e11 < at_20 < at_10
        # ρ_trap ∝ σ_t^(-6/5) ∝ E^(-12/5) with F = 1; the form factor lowers σ_t(20 MeV) more than σ_t(10 MeV)
        assert 2**2 < at_10 / at_20 < 2**2.4


def test_ion_correlations_limit_trapping():
    """Horowitz (PRD 55 (1997) 4577): ion screening 'strongly limits the trapping of neutrinos ... by coherent
    neutral current interactions'. In pure iron at 1 MeV, 15 MeV neutrinos (ε = E a/ħc < 3 + 4/√Γ at every
    density above 10¹¹ g/cm³) are no longer trapped; 20 MeV ones are trapped where ε > 3 + 4/√Γ, unchanged."""
    assert trapping_density(15 * MeV, 1 * MeV, "Fe56", correlations="none") < 1e12 * GRAM_PER_CM3
    with pytest.raises(OutOfDomainError, match="no trapping density"):
        trapping_density(15 * MeV, 1 * MeV, "Fe56")
    assert trapping_density(20 * MeV, 1 * MeV, "Fe56") == pytest.approx(
        trapping_density(20 * MeV, 1 * MeV, "Fe56", correlations="none"), rel=1e-10)


def test_neutrinosphere_of_a_power_law_profile():
    """ρ = ρ₀ (r₀/r)³ and 1/λ = kρ: τ(r) = k ρ₀ r₀³ (1/r² − 1/R²)/2 to the outer edge R; τ = 2/3 at
    r_ν = [4/(3kρ₀r₀³) + 1/R²]^(−1/2)."""
    E, r0 = 12 * MeV, 30 * km
    r = np.geomspace(r0, 3000 * km, 4000)
    rho = 1e12 * GRAM_PER_CM3 * (r0 / r) ** 3
    k = float(inverse_mean_free_path(E, RHO, 1 * MeV, "Fe56", **BARE) / RHO)
    expected = (4 / (3 * k * 1e12 * GRAM_PER_CM3 * r0**3) + 1 / r[-1] ** 2) ** -0.5
    got = neutrinosphere_radius(E, r, rho, 1 * MeV, "Fe56", **BARE)
    assert got == pytest.approx(expected, rel=1e-5)  # trapezoid error on the log grid ~ (Δ ln r)² ~ 1e-6
    with pytest.raises(OutOfDomainError, match="too thin"):
        neutrinosphere_radius(E, r[2000:], rho[2000:], 1 * MeV, "Fe56", **BARE)


def test_bad_inputs_name_the_parameter():
    with pytest.raises(OutOfDomainError, match="density"):
        mean_free_path(10 * MeV, -RHO, 1 * MeV, "Fe56")
    with pytest.raises(OutOfDomainError, match="temperature"):
        mean_free_path(10 * MeV, RHO, 0.0, "Fe56")
    with pytest.raises(UnknownNameError, match="correlations"):
        mean_free_path(10 * MeV, RHO, 1 * MeV, "Fe56", correlations="itoh")
    with pytest.raises(OutOfDomainError, match="electron_fraction"):
        mean_free_path(10 * MeV, RHO, 1 * MeV, "Fe56", electron_fraction=1.5, electron_screening=True)


def test_screened_debye_huckel_sum_equals_the_node_by_node_formula():
    """The fast path sums t + (a + b s)s weighted by S(q) without forming the screened kernel; here the kernel is
    formed node by node as t + v[((G_V + c)/G_V)² − 1], c = Z g_V^e/(1 + q²/k_e²), and weighted by
    S = (q² + k_e²)/(q² + k_e² + k_D²)."""
    from cevns.stellar.matter import debye_wave_number
    from cevns.stellar.transport import AngularKernel

    E = np.array([3.0, 12.0, 40.0]) * MeV
    rho = np.array([1e9, 1e11, 1e13])[:, None] * GRAM_PER_CM3
    T = 2 * MeV
    got = inverse_mean_free_path(E, rho, T, "He4", correlations="debye-huckel", electron_screening=True,
                                 electron_fraction=0.5)
    kernel = AngularKernel.build(E, "He4")
    k = kernel.momentum_transfer / constants.hbarc
    k_e = electron_screening_wave_number(electron_density(rho, 0.5))[..., None]
    n = number_density(rho, 1.0, 4)
    k_d = debye_wave_number(2, n, T)[..., None]
    cloud = 2 * electron_vector_coupling("nu_e") / (1 + k * k / (k_e * k_e))
    G = kernel.vector_charge
    terms = kernel.transport + kernel.vector * (((G + cloud) / G) ** 2 - 1)
    S = (k * k + k_e * k_e) / (k * k + k_e * k_e + k_d * k_d)
    np.testing.assert_allclose(got, n * np.sum(terms * S, axis=-1), rtol=1e-12)


def test_cached_kernels_are_not_shared_with_the_caller():
    E = np.array([10.0, 20.0]) * MeV
    first = transport_cross_section(E, "Fe56")
    first *= 2
    np.testing.assert_array_equal(transport_cross_section(E, "Fe56"), first / 2)
    assert not np.array_equal(transport_cross_section(E, "Fe56", form_factor="unity"), first / 2)
