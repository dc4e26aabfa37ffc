"""The axial (spin-dependent) part of dσ/dT and its interference with the vector part, derived here.

What the papers write, and what is adopted
------------------------------------------
* Barranco, Miranda, Rashba, JHEP 12 (2005) 021 (BMR), and after them many CEvNS codes:
  dσ/dT = G_F² M/(2π) [(G_V + G_A)² + (G_V − G_A)² (1 − T/E)² − (G_V² − G_A²) M T/E²], G_A → −G_A for ν̄.
  This is the cross section of a point Dirac fermion with couplings g_V, g_A (the ν–e form). It contains the
  interference 2 G_V G_A [1 − (1 − T/E)²], which pairs the axial charge with the coherent weak charge Q_W.
* Hoferichter, Menéndez, Schwenk, PRD 102 (2020) 074018 (HMS): the Standard Model cross section is a vector term
  Q_W² |F_W(q²)|² with (1 − M T/(2E²) − T/E) plus an axial term F_A(q²) with (1 + M T/(2E²) − T/E), and no term
  linear in the axial response: the coherent (Coulomb-monopole) vector charge does not interfere with it.
  Their axial structure factors include chiral-EFT two-body currents, which lower the axial part by 20–35 %.
* The same holds in the multipole analysis of elastic ν-nucleus scattering (Donnelly–Walecka; Moreno, Donnelly,
  PRC 92 (2015) 045501): the ν/ν̄-odd term is the transverse magnetic × transverse axial interference, an
  incoherent, weak-magnetism-sized quantity, never the coherent charge.

Why: for a nucleus of spin J the coherent vector operator is the identity in the magnetic substates m, the axial
one a spin vector ⟨S_i⟩ ∝ J_i (projection theorem). Elastic, unpolarised: average over m, sum over m'. The
interference is then ∝ Σ_m ⟨m|J_i|m⟩ = Tr J_i = 0 (test below, with the spin matrices built here). A free nucleon
is different: its vector current ū'γ^μu itself carries the nucleon spin (Gordon decomposition: a magnetic term
∝ q), and for a point Dirac particle that term interferes with the axial one, which is the BMR form. The code
therefore uses BMR for A = 1 and, for nuclei,
    dσ/dT = G_F² M/(2π) [G_V² (1 + (1 − T/E)² − M T/E²) + G_A² (1 + (1 − T/E)² + M T/E²)],
whose kinematic factors are HMS's times 2 up to the (T/E)² terms (< 1e-5 here). The removed term was
2 G_V G_A [1 − (1 − T/E)²] ≈ 4 G_V G_A T/E: for ¹⁹F at 30-53 MeV it was up to 0.6-1 % of dσ/dT below 0.9 T_max
and 0.08-0.14 % of σ; for ¹²⁷I 1e-5 of σ, so no preset total moves beyond 1e-4.

What G_A uses: the one-body shell-model ⟨S_p⟩, ⟨S_n⟩ of Klos, Menéndez, Gazit, Schwenk, PRD 88 (2013) 083516
(¹⁹F 0.478/−0.002, ²³Na 0.224/0.024, ¹²⁷I 0.342/0.031, ...: src/cevns/nuclei/data/isotopes.csv) with g_A = 1.2754
and F_A the odd species' form factor. The HMS two-body-current structure factors for neutrinos are not included:
their fit coefficients are not among this project's data. The Klos et al. WIMP structure functions that are
(cevns.dark_matter, a higher layer) are no substitute: the WIMP response sums longitudinal and transverse axial
multipoles with the WIMP's two-body correction. The axial part here is therefore the one-body value, which HMS
find 20–35 % above theirs.
"""

import numpy as np
import pytest

import cevns
from cevns import constants
from cevns.physics.couplings import Couplings
from cevns.physics.cross_section import differential_cross_section as dsigma
from cevns.physics.cross_section import free_nucleon
from cevns.units import MeV, keV

G2 = constants.fermi_coupling**2 * constants.hbarc_squared
ODD_NUCLEI = ["F19", "Na23", "Al27", "Ge73", "I127", "Xe129", "Xe131"]


def _spin_matrices(J):
    """J_x, J_y, J_z in the basis m = J, J − 1, ..., −J (standard ladder-operator construction)."""
    m = J - np.arange(int(round(2 * J)) + 1)
    raising = np.diag(np.sqrt(J * (J + 1) - m[1:] * (m[1:] + 1)), k=1)  # ⟨m + 1|J₊|m⟩
    return 0.5 * (raising + raising.T), -0.5j * (raising - raising.T), np.diag(m)


def _axial_charge_squared(iso):
    """G_A² from spin sums: the nucleus' spin response over a free nucleon's, whose G_A is g_A^p (the nucleon
    formula g_A² (3 − cos θ), tests/physics/test_cross_section.py)."""
    if iso.spin == 0:
        return 0.0
    c = Couplings()

    def spin_sum(J, spin_z):
        # ⟨S_i⟩ within the multiplet = (⟨S_z⟩_{M=J}/J) J_i; average over m, sum over m' and i
        return sum(np.trace(Ji @ Ji).real for Ji in _spin_matrices(J)) * (spin_z / J) ** 2 / (2 * J + 1)

    coupled_spin = c.axial_proton * iso.spin_proton + c.axial_neutron * iso.spin_neutron
    return spin_sum(iso.spin, coupled_spin) / spin_sum(0.5, 0.5)


@pytest.mark.parametrize("J", [0.5, 1.5, 2.5, 3.5, 4.5])
def test_spin_sum_of_the_interference_vanishes(J):
    # vector: identity in m; axial: J_i. The unpolarised interference is Σ_m ⟨m|1|m⟩⟨m|J_i|m⟩ = Tr J_i
    matrices = _spin_matrices(J)
    assert all(abs(np.trace(Ji)) < 1e-12 for Ji in matrices)
    Jx, Jy, Jz = matrices
    assert np.allclose(Jx @ Jy - Jy @ Jx, 1j * Jz)  # they are the spin matrices
    assert sum(np.trace(Ji @ Ji).real for Ji in matrices) == pytest.approx(J * (J + 1) * (2 * J + 1))


@pytest.mark.parametrize("name", ODD_NUCLEI)
def test_neutrino_equals_antineutrino_for_a_nucleus(name):
    T = np.linspace(0.0, 40.0, 41) * keV
    for flavor in ("mu", "e"):
        nu = dsigma(T, 40 * MeV, name, flavor=f"nu_{flavor}")
        assert np.array_equal(nu, dsigma(T, 40 * MeV, name, flavor=f"nubar_{flavor}"))
        inside = T < 2 * (40 * MeV) ** 2 / (cevns.isotope(name).mass + 80 * MeV)  # below T_max
        vector = dsigma(T, 40 * MeV, name, flavor=f"nu_{flavor}", axial=False)
        assert np.all(nu[inside] > vector[inside])


@pytest.mark.parametrize("name", ["F19", "Na23", "I127", "Xe131"])
def test_nucleus_is_vector_plus_axial_with_the_spin_sum_normalisation(name):
    from cevns.physics.couplings import axial_charge

    iso, E = cevns.isotope(name), 30 * MeV
    T = np.geomspace(1e-3, 1.0, 12) * 2 * E**2 / (iso.mass + 2 * E)
    M, y = iso.mass, T / E
    gv2, ga2 = cevns.weak_charge(iso) ** 2, _axial_charge_squared(iso)
    assert axial_charge(iso, Couplings()) ** 2 == pytest.approx(ga2, rel=1e-12)
    expected = G2 * M / (2 * np.pi) * (gv2 * (1 + (1 - y) ** 2 - M * T / E**2)
                                       + ga2 * (1 + (1 - y) ** 2 + M * T / E**2))
    # 1e-10: the vector bracket cancels to ~1e-3 at T_max
    assert dsigma(T, E, iso, form_factor="unity") == pytest.approx(expected, rel=1e-10, abs=0)


@pytest.mark.parametrize("name", ["F19", "I127", "H1"])
def test_forward_limit_adds_vector_and_axial_incoherently(name):
    # T → 0: both forms give G_F² M/π (G_V² + G_A²), with no interference for any target
    iso = cevns.isotope(name)
    T = np.array([1e-9]) * keV
    gv2 = cevns.weak_charge(iso) ** 2
    expected = G2 * iso.mass / np.pi * (gv2 + _axial_charge_squared(iso))
    for flavor in ("nu_mu", "nubar_mu"):
        assert dsigma(T, 30 * MeV, iso, form_factor="unity", flavor=flavor)[0] == pytest.approx(expected, rel=1e-9)


def test_free_nucleon_keeps_the_helicity_structure():
    # A point Dirac target: ν_L on its left-chiral part, coupling (g_V + g_A)/2, has J_z = 0 and scatters
    # isotropically in the centre of mass (weight 1); on its right-chiral part, (g_V − g_A)/2, J_z = 1 gives
    # (1 − y)², y = T/E (heavy target). ν̄ swaps the two, so dσ_ν − dσ_ν̄ = G_F² M/(2π) 4 g_V g_A [1 − (1 − y)²].
    # The sign, ν p above ν̄ p, is the one measured near 1 GeV (BNL E734, Ahrens et al., PRD 35 (1987) 785), where
    # the weak-magnetism part (neglected here) dominates the interference with the same sign.
    c = Couplings()
    for kind, gv, ga in [("proton", c.vector_proton(), c.axial_proton),
                         ("neutron", c.vector_neutron(), c.axial_neutron)]:
        iso, E = free_nucleon(kind), 30 * MeV
        T = np.linspace(0.01, 0.9, 9) * 2 * E**2 / (iso.mass + 2 * E)
        nu = dsigma(T, E, iso, form_factor="unity")
        nubar = dsigma(T, E, iso, form_factor="unity", flavor="nubar_mu")
        y = T / E
        expected = G2 * iso.mass / (2 * np.pi) * 4 * gv * ga * (1 - (1 - y) ** 2)
        assert nu - nubar == pytest.approx(expected, rel=1e-9, abs=0)
        assert np.all(nu > nubar)
