"""Couplings and weak charges."""

import numpy as np
import pytest

import cevns
from cevns import constants
from cevns.errors import OutOfDomainError, UnknownNameError
from cevns.physics.couplings import Couplings, sin2_theta_w_running, weak_charge
from cevns.units import GeV, MeV


def test_tree_level_values():
    c = Couplings()
    assert c.sin2_theta_w == 0.23857  # PDG 2024 MS-bar value at Q → 0
    assert c.vector_proton() == pytest.approx(0.5 - 2 * 0.23857)
    assert c.vector_neutron() == -0.5


def test_weak_charge_is_minus_half_n_at_quarter():
    # g_V^p = 1/2 − 2 s² vanishes at s² = 1/4, leaving the neutrons: Q_W = −N/2
    for name in ("Ar40", "Xe132", "Cs133", "Pb208"):
        iso = cevns.isotope(name)
        assert weak_charge(iso, sin2_theta_w=0.25) == pytest.approx(-iso.N / 2, abs=1e-12)


def test_weak_charge_conventions_agree():
    # Q'_W = N − (1 − 4 s²) Z = −2 Q_W (PHYSICS.md)
    iso, s2 = cevns.isotope("Cs133"), 0.23857
    assert -2 * weak_charge(iso) == pytest.approx(iso.N - (1 - 4 * s2) * iso.Z)


def test_material_weak_charge_is_number_weighted():
    assert weak_charge("CsI") == pytest.approx(0.5 * (weak_charge("Cs133") + weak_charge("I127")))


def test_radiative_couplings_against_published_values():
    # Cadeddu et al., PRD 101 (2020) 033004 (arXiv:1908.06045), eq. (4)-(5), PDG-based radiative corrections:
    # g_V^p(ν_e) = 0.0401, g_V^p(ν_μ) = 0.0318, g_V^n = −0.5094. Later PDG inputs (κ̂, ŝ²_Z) move these by
    # ≲ 0.003, far below the tree-level differences (0.0229, −0.5).
    c = Couplings(scheme="pdg2024")
    assert c.vector_proton("nu_e") == pytest.approx(0.0401, abs=0.002)
    assert c.vector_proton("nu_mu") == pytest.approx(0.0318, abs=0.002)
    assert c.vector_neutron() == pytest.approx(-0.5094, abs=0.003)
    # the flavor splitting is the charge-radius effect alone, insensitive to those inputs
    assert c.vector_proton("nu_e") - c.vector_proton("nu_mu") == pytest.approx(0.0401 - 0.0318, abs=2e-4)


def test_flavor_splitting_from_charge_radius_derived_here():
    # ⟨r²_ℓ⟩ = −G_F/(4√2π²)[3 − 2 ln(m_ℓ²/M_W²)] (Bernabéu et al. 2002); Δŝ² = √2πα⟨r²⟩/(3G_F);
    # Δg_V^p = −2Δŝ², and relative to ν_μ (already in the PDG ρ, κ) Δŝ²_ℓ = (α/3π) ln(m_ℓ/m_μ).
    c = Couplings(scheme="pdg2024")
    G, alpha, m_w = constants.fermi_coupling, constants.alpha_em, 80.37 * GeV
    radius_sq = lambda m: -G / (4 * np.sqrt(2) * np.pi**2) * (3 - 2 * np.log(m**2 / m_w**2))  # noqa: E731
    delta_s2 = np.sqrt(2) * np.pi * alpha / (3 * G) * (radius_sq(constants.electron_mass) - radius_sq(constants.muon_mass))
    assert c.vector_proton("nu_e") - c.vector_proton("nu_mu") == pytest.approx(-2 * delta_s2, rel=1e-10)
    # tree level knows no flavor; antineutrinos share the neutrino's vector coupling
    assert Couplings().vector_proton("nu_e") == Couplings().vector_proton("nu_tau")
    assert c.vector_proton("nubar_e") == c.vector_proton("nu_e")


def test_running_end_points_and_monotony():
    Q = np.geomspace(1e-3, 91.188e3, 200) * MeV
    s2 = sin2_theta_w_running(Q)
    assert sin2_theta_w_running(0.0) == pytest.approx(0.23857, abs=1e-12)  # PDG 2024 low-energy value
    assert sin2_theta_w_running(constants.z_boson_mass) == pytest.approx(0.23129, abs=1e-12)  # PDG 2024 ŝ²(M_Z)
    assert np.all(np.diff(s2) <= 1e-15)
    # Erler & Ferro-Hernández, JHEP 03 (2018) 196, Fig. 1: the running below 100 MeV is < 2e-4
    assert sin2_theta_w_running(100 * MeV) > 0.23857 - 2e-4
    # and at the Qweak/P2 scale (Q ≈ 0.16 GeV) still within 3e-4 of Q = 0
    assert sin2_theta_w_running(0.16 * GeV) == pytest.approx(0.23857, abs=3e-4)


def test_bad_couplings():
    with pytest.raises(UnknownNameError, match="pdg2024"):
        Couplings(scheme="pdg2042")
    with pytest.raises(OutOfDomainError, match="sin2_theta_w"):
        weak_charge("Ar40", sin2_theta_w=1.5)
    with pytest.raises(UnknownNameError, match="flavor"):
        Couplings().vector_proton("nu_sterile")
