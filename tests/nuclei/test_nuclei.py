"""Isotopes and materials against published masses, abundances and spins."""

import numpy as np
import pytest

import cevns
from cevns import constants
from cevns.errors import OutOfDomainError, UnknownNameError
from cevns.nuclei import Isotope, Material, odd_group_spins
from cevns.units import MeV, fermi, g, kg, u

AVOGADRO = 6.02214076e23  # exact (SI 2019)


def test_names_in_several_forms():
    assert cevns.isotope("Xe131") is cevns.isotope("131Xe")
    assert cevns.isotope("xe-131") == cevns.isotope("Xe[131]")


def test_nuclear_mass_from_atomic_mass():
    # AME2020: atomic mass of 133Cs = 132.905451961 u; nuclear mass = atomic − Z m_e
    cs = cevns.isotope("Cs133")
    assert cs.mass == pytest.approx(132.905451961 * u - 55 * constants.electron_mass, rel=1e-9)
    assert (cs.Z, cs.N, cs.A) == (55, 78, 133)


def test_curated_properties():
    # N. J. Stone, INDC(NDS)-0794 (2019): 129Xe J^π = 1/2+, μ = −0.7779763 μ_N (Stone 2019 rounding allowed)
    xe = cevns.isotope("Xe129")
    assert (xe.spin, xe.parity) == (0.5, 1) and xe.magnetic_moment == pytest.approx(-0.7780, abs=2e-3)
    # Angeli & Marinova 2013: R_ch(208Pb) = 5.5012 fm
    assert cevns.isotope("Pb208").charge_radius / fermi == pytest.approx(5.5012, abs=1e-3)
    # Klos et al. PRD 88 (2013) 083516, Table I: 131Xe ⟨S_n⟩ = −0.272, 127I ⟨S_p⟩ = 0.342
    assert cevns.isotope("Xe131").spin_neutron == pytest.approx(-0.272)
    assert cevns.isotope("I127").spin_proton == pytest.approx(0.342)
    assert cevns.isotope("Xe131").spin_source.startswith("shell model")


def test_even_even_nuclei_have_zero_spin():
    for name in ("Ar40", "Xe132", "Ge72", "Pb208", "O16", "Ca40", "W184"):
        iso = cevns.isotope(name)
        assert iso.spin == 0 and iso.spin_proton == iso.spin_neutron == 0 and iso.parity == 1


def test_odd_group_model_derived_here():
    # single odd neutron in s1/2 (J = 1/2, L = 0): ⟨S_n⟩ = 1/2 gives μ = g_s/2 = μ_n exactly
    s_p, s_n = odd_group_spins(Z=54, A=129, spin=0.5, magnetic_moment=constants.magnetic_moment_neutron)
    assert (s_p, s_n) == (0.0, pytest.approx(0.5))
    # odd proton in d3/2 with L=2, S=−1/2 (j = l − 1/2): μ = g_l J + (g_s − g_l) ⟨S⟩ with ⟨S⟩ = −(1/2)·J/(J+1)
    J, gs = 1.5, 2 * constants.magnetic_moment_proton
    s_single = -0.5 * J / (J + 1)
    mu = J + (gs - 1) * s_single
    assert odd_group_spins(Z=17, A=35, spin=J, magnetic_moment=mu)[0] == pytest.approx(s_single)
    with pytest.raises(OutOfDomainError, match="odd-A"):
        odd_group_spins(Z=7, A=14, spin=1, magnetic_moment=0.4)


def test_odd_group_fallback_agrees_in_sign_with_shell_model():
    for name in ("Xe129", "Xe131", "Ge73", "F19", "Na23", "I127"):
        iso = cevns.isotope(name)
        og = odd_group_spins(iso.Z, iso.A, iso.spin, iso.magnetic_moment)
        odd = 0 if iso.Z % 2 else 1
        shell = (iso.spin_proton, iso.spin_neutron)[odd]
        assert np.sign(og[odd]) == np.sign(shell), name
    assert cevns.isotope("Cs133").spin_source.startswith("odd-group")


def test_cesium_iodide_nuclei_per_kg():
    # one Cs and one I per formula unit; CIAAW standard atomic weights 132.905 + 126.904 g/mol
    csi = cevns.material("CsI")
    expected = AVOGADRO / ((132.90545 + 126.90447) * g) * kg
    assert np.allclose(csi.nuclei_per_mass * kg, expected, rtol=1e-5)
    assert sum(csi.fractions) == pytest.approx(1.0)


def test_natural_xenon_mean_mass_and_abundances():
    # CIAAW 2013 standard atomic weight of Xe: 131.293(6)
    xe = cevns.material("Xe")
    mean = np.asarray(xe.fractions) @ xe.atomic_masses / u
    assert mean == pytest.approx(131.293, abs=0.006)
    assert len(xe.isotopes) == 9


@pytest.mark.parametrize("formula,elements", [("CaWO4", {"Ca", "W", "O"}), ("C3F8", {"C", "F"}),
                                               ("Al2O3", {"Al", "O"}), ("LAr", {"Ar"}), ("SF6", {"S", "F"}),
                                               ("H2O", {"H", "O"}), ("CF4", {"C", "F"}), ("NaI", {"Na", "I"})])
def test_detector_materials(formula, elements):
    mat = cevns.material(formula)
    assert {iso.symbol for iso in mat.isotopes} == elements


def test_c3f8_counts_atoms():
    m = cevns.material("C3F8")
    f = dict(zip((i.symbol for i in m.isotopes), m.fractions))
    assert f["F"] == pytest.approx(8 / 11)


def test_enriched_germanium():
    enriched = Material.from_isotopes("enrGe", {"Ge76": 0.88, "Ge74": 0.12})
    assert enriched.fractions == pytest.approx((0.88, 0.12))
    by_mass = Material.from_isotopes("enrGe", {"Ge76": 76, "Ge74": 74}, by="mass")
    assert by_mass.fractions == pytest.approx((0.5, 0.5))
    assert cevns.material("Ge[76]").isotopes == (cevns.isotope("Ge76"),)


def test_unknown_names_suggest():
    with pytest.raises(UnknownNameError, match="Xe131"):
        cevns.isotope("Xe313")
    with pytest.raises(UnknownNameError, match="did you mean"):
        cevns.material("CsJ")


def test_invalid_isotope_fields():
    with pytest.raises(OutOfDomainError, match="spin"):
        Isotope(name="x", Z=1, A=1, mass=938 * MeV, spin=0.3)
    with pytest.raises(OutOfDomainError, match="mass"):
        Isotope(name="x", Z=1, A=1, mass=-1.0)
