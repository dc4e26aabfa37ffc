"""Transport cross sections in the neutrino scattering angle, against closed forms derived here."""

import numpy as np
import pytest

from cevns import constants, weak_charge
from cevns.physics.cross_section import total_cross_section
from cevns.stellar import angular_cross_section, transport_cross_section
from cevns.stellar.transport import electron_vector_coupling
from cevns.units import MeV

GF2 = constants.fermi_coupling**2 * constants.hbarc_squared  # G_F² (ħc)² [area/energy²]


def freedman_angular(E, x, Q):
    """dσ/dΩ = G_F² E² Q_W² (1 + cos θ)/(4π²) at F = 1, M ≫ E (D. Z. Freedman, PRD 9 (1974) 1389; the same law
    is eqs. (1)-(2) of R. F. Sawyer, astro-ph/0505520, with C = −2Z sin²θ_W + (Z − N)/2 = Q_W)."""
    return GF2 * E**2 * Q**2 * (1.0 + x) / (4.0 * np.pi**2)


def test_angular_law_is_freedmans_at_low_energy():
    # E = 0.1 MeV on Fe56: the recoil terms are a few E/M = 2e-6
    E, x = 0.1 * MeV, np.linspace(-1, 1, 9)
    Q = weak_charge("Fe56")
    got = angular_cross_section(x, E, "Fe56", form_factor="unity")
    np.testing.assert_allclose(got, freedman_angular(E, x, Q), rtol=2e-5, atol=1e-12 * got.max())


def test_transport_is_two_thirds_of_total_for_the_forward_law():
    # For dσ/dΩ ∝ 1 + x: σ = 2π∫(1 + x)dx = 4π, σ_t = 2π∫(1 − x)(1 + x)dx = 8π/3, so σ_t/σ = 2/3;
    # with Freedman's normalisation σ = G_F²E²Q_W²/π and σ_t = (2/3) G_F²E²Q_W²/π.
    E = np.array([0.05, 0.1, 0.2]) * MeV  # recoil corrections ~3E/M ≤ 1e-5
    Q = weak_charge("Kr80")
    sigma_t = transport_cross_section(E, "Kr80", form_factor="unity")
    sigma = total_cross_section(E, "Kr80", form_factor="unity", flavor="nu_e")
    np.testing.assert_allclose(sigma_t / sigma, 2.0 / 3.0, rtol=1e-5)
    np.testing.assert_allclose(sigma_t, 2.0 / 3.0 * GF2 * E**2 * Q**2 / np.pi, rtol=1e-5)


def test_angle_integral_equals_the_recoil_integral():
    """∫dΩ dσ/dΩ (Gauss–Legendre in cos θ, Jacobian E'²/M) = ∫dT dσ/dT (Gauss–Legendre in T), with Helm."""
    from cevns._array import gauss_legendre

    E = np.array([10.0, 50.0, 100.0]) * MeV
    x, w = gauss_legendre(-1.0, 1.0, 64)
    by_angle = 2 * np.pi * np.sum(w * angular_cross_section(x, E[:, None], "Xe132"), axis=-1)
    np.testing.assert_allclose(by_angle, total_cross_section(E, "Xe132", flavor="nu_e"), rtol=1e-6)


def test_quadrature_converged_with_form_factor():
    E = np.array([30.0, 100.0]) * MeV
    np.testing.assert_allclose(transport_cross_section(E, "Kr80"), transport_cross_section(E, "Kr80", nodes=128),
                               rtol=1e-6)


def test_free_nucleon_transport_cross_section():
    """Free neutron and proton at M ≫ E: dσ/dΩ = G_F²E²/(4π²)[g_V²(1 + x) + g_A²(3 − x)] (PHYSICS.md), so
    σ_t = 2π G_F²E²/(4π²)[g_V² (4/3) + g_A² (20/3)] = (2/3) G_F²E²/π (g_V² + 5 g_A²), where the nucleon's
    G_A = sqrt(4(J+1)/(3J)) (g_A/2) ⟨S⟩ = g_A/2 for J = ⟨S⟩ = 1/2; this is σ(1 − δ/3) of A. Burrows, S. Reddy, T. A. Thompson, NPA 777 (2006) 356, eqs. (15)-(21)."""
    E = 0.01 * MeV  # recoil corrections O(E/M) ~ 1e-5
    gA = constants.axial_coupling_nucleon / 2.0
    gV_n, gV_p = -0.5, 0.5 - 2.0 * constants.sin2_theta_w_low_energy
    for name, gV in (("n", gV_n), ("p", gV_p)):
        expected = 2.0 / 3.0 * GF2 * E**2 / np.pi * (gV**2 + 5.0 * gA**2)
        assert float(transport_cross_section(E, name)) == pytest.approx(expected, rel=1e-4)


def test_spin_zero_nucleus_is_the_same_for_neutrinos_and_antineutrinos():
    E = np.array([5.0, 40.0]) * MeV
    np.testing.assert_array_equal(transport_cross_section(E, "Fe56", flavor="nu_e"),
                                  transport_cross_section(E, "Fe56", flavor="nubar_e"))


def test_form_factor_reduction_at_low_momentum_transfer():
    """F² ≈ 1 − q²R²/3 with q² = 2E²(1 − x); averaged with the transport weight (1 − x)(1 + x),
    ⟨q²⟩ = 2E² ∫(1 − x)²(1 + x)dx / ∫(1 − x)(1 + x)dx = 2E², so σ_t(F)/σ_t(1) ≈ 1 − 2E²R²/3 (R the rms radius)."""
    from cevns.nuclei import isotope
    from cevns.physics.form_factors import form_factor

    E = 2.0 * MeV
    R = form_factor("helm", isotope("Kr80")).rms_radius / constants.hbarc
    ratio = float(transport_cross_section(E, "Kr80") / transport_cross_section(E, "Kr80", form_factor="unity"))
    assert 1.0 - ratio == pytest.approx(2.0 * E**2 * R**2 / 3.0, rel=2e-2)  # next order: O((ER)²) ~ 1e-2


def test_electron_vector_coupling_makes_neutral_atoms_blind_for_numu():
    # Z (g_V^p + g_V^e) = 0 for ν_μ at tree level; ν_e gains 1 per electron from the charged current
    s2 = constants.sin2_theta_w_low_energy
    assert 0.5 - 2 * s2 + electron_vector_coupling("nu_mu") == pytest.approx(0.0, abs=1e-15)
    assert electron_vector_coupling("nu_e") - electron_vector_coupling("nu_tau") == 1.0


def test_bad_angle_is_an_error():
    from cevns.errors import OutOfDomainError

    with pytest.raises(OutOfDomainError, match="cos_theta"):
        angular_cross_section(1.5, 10 * MeV, "Fe56")
    with pytest.raises(OutOfDomainError, match="neutrino_energy"):
        transport_cross_section(-1 * MeV, "Fe56")
