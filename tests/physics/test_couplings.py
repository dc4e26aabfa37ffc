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


# ------------------------------------------------------------- q-dependent charge radius (tomalak2021)
from cevns.physics.couplings import charge_radius_loop, convert_sin2_theta_w, get_couplings  # noqa: E402

ALPHA_3PI = constants.alpha_em / (3 * np.pi)


def _loop_by_quadrature(Q, m):
    """Φ = 6 ∫₀¹ x(1 − x) ln[1 + x(1 − x) Q²/m²] dx, straight from its definition."""
    from scipy.integrate import quad

    return 6 * quad(lambda x: x * (1 - x) * np.log1p(x * (1 - x) * (Q / m) ** 2), 0, 1, epsabs=0, epsrel=1e-13)[0]


def test_loop_function_closed_form_against_its_integral():
    m = constants.electron_mass
    for Q in (1e-4, 0.01, 0.05, 0.3, 1.0, 5.0, 40.0, 1e3, 1e5):
        assert charge_radius_loop(Q * MeV, m) == pytest.approx(_loop_by_quadrature(Q * MeV, m), rel=1e-9, abs=1e-15)
    # limits: Φ(0) = 0, Φ → ln(Q²/m²) − 5/3 for Q ≫ m
    assert charge_radius_loop(0.0, m) == 0.0
    assert charge_radius_loop(1e6 * m, m) == pytest.approx(np.log(1e12) - 5 / 3, abs=1e-9)


def test_tomalak_equals_pdg_at_zero_momentum_transfer():
    t, p = Couplings(scheme="tomalak2021"), Couplings(scheme="pdg2024")
    for flavor in ("nu_e", "nu_mu", "nu_tau", "nubar_e"):
        assert t.vector_proton_at(0.0, flavor) == p.vector_proton(flavor)
        assert t.vector_proton(flavor) == p.vector_proton(flavor)
        assert t.vector_neutron(flavor) == p.vector_neutron(flavor)
    assert t.sin2_theta_w == p.sin2_theta_w == 0.23129


def test_flavor_splitting_at_40_mev():
    # Tomalak, Machado, Pandey, Plestid, JHEP 02 (2021) 097: at |q| ≈ 40 MeV the ν_e − ν_μ splitting of g_V^p
    # is ≈ 0.0029, against 0.0083 at Q = 0. Derived here from the loop integrals:
    # Δ = (α/3π) · 6∫x(1−x) ln[(m_μ² + x(1−x)Q²)/(m_e² + x(1−x)Q²)] dx = 0.002816.
    from scipy.integrate import quad

    c, Q = Couplings(scheme="tomalak2021"), 40 * MeV
    me, mmu = constants.electron_mass, constants.muon_mass
    derived = ALPHA_3PI * 6 * quad(lambda x: x * (1 - x) * np.log((mmu**2 + x * (1 - x) * Q**2)
                                                                   / (me**2 + x * (1 - x) * Q**2)), 0, 1)[0]
    split = c.vector_proton_at(Q, "nu_e") - c.vector_proton_at(Q, "nu_mu")
    assert split == pytest.approx(derived, rel=1e-8)
    # The quoted 0.0029 (two figures) is met to 8e-5 (3 %). Traced: the code's splitting is the one-loop
    # vacuum-polarisation difference above with α(0) = 1/137.036, PDG m_e, m_μ and Q the four-momentum transfer
    # (|q| differs by T/2M ~ 1e-6); no term is missing from it. The 3 % is what separates two readings of the
    # quote: 0.0029 is this same expression at Q = 37.8 MeV, or at Q = 40 MeV with the loop's coupling taken as
    # an MS-bar α̂ ≈ 1/133 instead of α(0) (the scale of α in the paper's numerical evaluation is not in an
    # accessible text). Either way it moves σ(ν_e) by < 3e-4 (CsI: 2 Z δg/|Q_W|).
    assert split == pytest.approx(0.0029, abs=1e-4)
    loop = lambda Q: 6 * quad(lambda x: x * (1 - x) * np.log((mmu**2 + x * (1 - x) * Q**2)  # noqa: E731
                                                             / (me**2 + x * (1 - x) * Q**2)), 0, 1)[0]
    assert ALPHA_3PI * loop(37.82 * MeV) == pytest.approx(0.0029, rel=2e-4)
    assert loop(40 * MeV) / (3 * np.pi * 133.05) == pytest.approx(0.0029, rel=2e-4)
    assert c.vector_proton_at(0.0, "nu_e") - c.vector_proton_at(0.0, "nu_mu") == pytest.approx(0.0083, abs=5e-5)


def test_large_momentum_closes_the_splitting_and_orders_flavors():
    c = Couplings(scheme="tomalak2021")
    Q = np.geomspace(1e-3, 1e5, 200) * MeV
    e, mu, tau = (c.vector_proton_at(Q, f) for f in ("nu_e", "nu_mu", "nu_tau"))
    assert np.all(e > mu) and np.all(mu > tau)  # heavier lepton, larger charge radius, smaller g_V^p
    assert np.all(np.diff(e - mu) < 0)  # the splitting closes monotonically
    # for Q ≫ m_μ both loops approach ln(Q²/m²) − 5/3: the splitting falls as (m_μ²/Q²) ln(Q²/m_μ²)
    assert (e - mu)[-1] < 1e-6
    assert np.array_equal(c.vector_proton_at(Q, "nubar_e"), e)
    assert c.vector_neutron("nu_e") == c.vector_neutron("nu_tau")


def test_tomalak_cross_section_is_the_weak_charge_at_the_momentum_transfer():
    # with F = 1 and no axial part, dσ/dT(tomalak)/dσ/dT(pdg) = [Q_W(q)/Q_W(0)]², Q_W(q) = Z g_V^p(q) + N g_V^n
    iso, E = cevns.isotope("Ar40"), 30 * MeV
    T = np.array([1, 5, 20, 40]) * 1e-3 * MeV
    q = np.sqrt(2 * iso.mass * T + T * T)
    c = Couplings(scheme="tomalak2021")
    for flavor in ("nu_e", "nu_mu"):
        qw_q = iso.Z * c.vector_proton_at(q, flavor) + iso.N * c.vector_neutron(flavor)
        qw_0 = iso.Z * c.vector_proton(flavor) + iso.N * c.vector_neutron(flavor)
        ratio = (cevns.differential_cross_section(T, E, iso, form_factor="unity", couplings="tomalak2021", flavor=flavor)
                 / cevns.differential_cross_section(T, E, iso, form_factor="unity", couplings="pdg2024", flavor=flavor))
        assert ratio == pytest.approx((qw_q / qw_0) ** 2, rel=1e-12)
    # ν_e at SNS momenta: the smaller g_V^p raises σ by 1–2% (the 1.6–1.8% for argon)
    up = (cevns.total_cross_section(30 * MeV, iso, couplings="tomalak2021", flavor="nu_e")
          / cevns.total_cross_section(30 * MeV, iso, couplings="pdg2024", flavor="nu_e"))
    assert 1.01 < up < 1.02


# ------------------------------------------------------------------- sin²θ_W conventions per scheme


def test_each_scheme_owns_its_mixing_angle_convention():
    tree, pdg = Couplings(), Couplings(scheme="pdg2024")
    assert (tree.sin2_convention, tree.default_sin2_theta_w) == ("low-energy", 0.23857)  # PDG 2024 ŝ²(0)
    assert (pdg.sin2_convention, pdg.default_sin2_theta_w) == ("z-pole", 0.23129)  # PDG 2024 ŝ²(M_Z)
    # an override is read in the scheme's convention ...
    assert get_couplings("pdg2024", 0.2400).sin2_theta_w == 0.2400
    # ... unless its convention is named: then it is converted by the SM offset ŝ²(0) − ŝ²(M_Z) = 0.00728
    mixed = get_couplings("pdg2024", 0.23857, sin2_convention="low-energy")
    assert mixed.sin2_theta_w == pytest.approx(0.23129, abs=1e-15)
    assert Couplings.in_convention("tree", 0.23129, "z-pole").sin2_theta_w == pytest.approx(0.23857, abs=1e-15)
    assert convert_sin2_theta_w(0.24, "z-pole", "z-pole") == 0.24
    with pytest.raises(UnknownNameError, match="low-energy"):
        get_couplings("pdg2024", 0.23, sin2_convention="lowenergy")
    # names are case-insensitive
    assert get_couplings("PDG2024") == pdg


def test_bad_mixing_angles_named():
    for bad in (complex(0.2, 0.1), float("nan"), "0.23", -0.1, 1.0):
        with pytest.raises(OutOfDomainError, match="sin2_theta_w"):
            Couplings(scheme="tree", sin2_theta_w=bad)
