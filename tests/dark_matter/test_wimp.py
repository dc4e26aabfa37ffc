"""WIMP recoil spectra: closed-form limits, symmetries, and wimprates as an independent implementation."""

import warnings

import numpy as np
import pytest

from cevns import constants
from cevns.dark_matter.halo import StandardHaloModel, baxter2021
from cevns.dark_matter.wimp import wimp_recoil_energy_max, wimp_spectrum
from cevns.errors import OutOfDomainError, UnknownNameError
from cevns.nuclei import Isotope, isotope
from cevns.units import GeV, c_light, cm2, day, keV, km, s, tonne, u, year

KMS = km / s
PER_TYK = 1.0 / (tonne * year * keV)


def test_a_squared_law_with_unit_form_factor():
    # F = 1, T → 0 (v_min → 0, the same η for all nuclei): per unit detector mass dR/dT ∝ A² M_nucleus/M_atom
    # (the reduced masses cancel: σ_A (μ_p)² ∝ A² μ_A², and the rate per nucleus carries M/μ_A²)
    T = 1e-10 * keV
    rates = {name: float(wimp_spectrum(T, name, mass=100 * GeV, cross_section=1e-46 * cm2, form_factor="unity"))
             for name in ("Xe132", "Ge74", "Ar40")}
    for a, b in (("Xe132", "Ge74"), ("Xe132", "Ar40")):
        ia, ib = isotope(a), isotope(b)
        atom = lambda i: i.mass + i.Z * constants.electron_mass  # noqa: E731
        expected = (ia.A**2 * ia.mass / atom(ia)) / (ib.A**2 * ib.mass / atom(ib))
        assert rates[a] / rates[b] == pytest.approx(expected, rel=1e-9)


def test_absolute_rate_in_the_point_nucleus_limit():
    # dR/dT(T → 0) = (ρ/m_χ) σ_n A² (M c²) η(0) / (2 μ_p²) / M_atom, with η(0) = <1/v> of the halo computed
    # here from the untruncated Maxwellian: <1/v> = erf(y)/(v0 y) (v_esc → ∞)
    from scipy.special import erf

    halo = StandardHaloModel(escape_speed=np.inf, lab_speed=250.0 * KMS)
    iso = isotope("Ge74")
    m_chi, sigma = 60 * GeV, 1e-45 * cm2
    y = 250.0 / 238.0
    eta0 = erf(y) / (238.0 * KMS * y)
    mu_p = m_chi * constants.proton_mass / (m_chi + constants.proton_mass)
    per_nucleus = halo.density / m_chi * sigma * iso.A**2 * iso.mass * c_light**2 * eta0 / (2 * mu_p**2)
    expected = per_nucleus / ((iso.mass + iso.Z * constants.electron_mass) / c_light**2)
    got = wimp_spectrum(1e-9 * keV, iso, mass=m_chi, cross_section=sigma, halo=halo, form_factor="unity")
    assert float(got) == pytest.approx(expected, rel=1e-6)


def test_zero_above_the_kinematic_limit():
    halo = baxter2021()
    t_max = wimp_recoil_energy_max(10 * GeV, "Xe132", halo)
    # T_max = 2 μ² (v_esc + v_E)²/M (written out here)
    iso = isotope("Xe132")
    mu = 10 * GeV * iso.mass / (10 * GeV + iso.mass)
    assert t_max == pytest.approx(2 * mu**2 * ((544 * KMS + halo.mean_lab_speed) / c_light) ** 2 / iso.mass)
    T = np.array([0.999, 1.001, 2.0]) * t_max
    r = wimp_spectrum(T, "Xe132", mass=10 * GeV, cross_section=1e-45 * cm2)
    assert r[0] > 0 and r[1] == 0.0 and r[2] == 0.0


def test_spin_dependent_vanishes_for_even_nuclei():
    kw = dict(mass=50 * GeV, cross_section=1e-40 * cm2)
    T = np.array([1.0, 10.0]) * keV
    for even in ("Xe132", "Ar40", "Ge74"):
        assert np.all(wimp_spectrum(T, even, interaction="sdn", **kw) == 0)
        assert np.all(wimp_spectrum(T, even, interaction="sdp", **kw) == 0)
    # σ_A(0)/σ_n with the structure functions and the one-body fallback: tests/dark_matter/test_spin_dependent.py
    # natural xenon couples to neutrons far more than to protons (odd-neutron isotopes)
    assert np.all(wimp_spectrum(T, "Xe", interaction="sdn", **kw) > 20 * wimp_spectrum(T, "Xe", interaction="sdp", **kw))


def test_isospin_violation_can_switch_off_an_isotope():
    # f_n/f_p = −Z/N makes Z + N f_n/f_p = 0: no SI scattering on that isotope
    iso = isotope("Xe132")
    r = wimp_spectrum(5 * keV, iso, mass=50 * GeV, cross_section=1e-45 * cm2, fn_over_fp=-iso.Z / iso.N)
    assert float(r) == pytest.approx(0.0, abs=1e-30)


def test_annual_modulation_of_the_rate():
    # above the spectrum's crossing energy the rate is largest in June, when the Earth moves fastest
    T = 40 * keV
    june, december = wimp_spectrum(T, "Xe", mass=50 * GeV, cross_section=1e-46 * cm2,
                                   time=np.array([152.0, 335.0]) * day)
    assert june > december * 1.03


def test_against_wimprates():
    """wimprates 0.5 (J. Aalbers et al., pip install wimprates) integrates the same physics with scipy.quad.

    Two conventions differ and are corrected here, not hidden in the tolerance: wimprates uses the atomic mass unit
    for the WIMP-nucleon reduced mass (we use m_p), and its lab-frame speed distribution integrates to N_esc² ≈ 0.970
    instead of 1 (its normalization constant multiplies where it should divide; the integral is measured here).
    The target is one nucleus of A = 131 on both sides.
    """
    numericalunits = pytest.importorskip("numericalunits")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wr = pytest.importorskip("wimprates")
    from scipy.integrate import quad

    nu = numericalunits
    old = wr.elastic_nr.ATOMIC_WEIGHT["Xe"]
    wr.elastic_nr.ATOMIC_WEIGHT["Xe"] = 131.0
    try:
        energies = np.array([2.0, 30.0])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = np.array([wr.rate_wimp_std(e, mw=50, sigma_nucleon=1e-45) for e in energies])  # /(t yr keV)
            norm = quad(lambda v: wr.observed_speed_dist(v * nu.km / nu.s) * nu.km / nu.s, 0, 900, limit=200)[0]
        v_lab = wr.v_earth() / (nu.km / nu.s)
    finally:
        wr.elastic_nr.ATOMIC_WEIGHT["Xe"] = old
    nucleus = Isotope(name="Xe131", Z=54, A=131, mass=131.0 * u - 54 * constants.electron_mass)
    ours = wimp_spectrum(energies * keV, nucleus, mass=50 * GeV, cross_section=1e-45 * cm2,
                         halo=baxter2021(lab_speed=v_lab * KMS))
    mu_p = 50 * GeV * constants.proton_mass / (50 * GeV + constants.proton_mass)
    mu_u = 50 * GeV * u / (50 * GeV + u)
    corrected = theirs / norm * (mu_u / mu_p) ** 2
    assert 0.96 < norm < 0.98
    np.testing.assert_allclose(ours / PER_TYK, corrected, rtol=2e-3)


def test_bad_input_is_named():
    with pytest.raises(OutOfDomainError, match="mass"):
        wimp_spectrum(1 * keV, "Xe", mass=-1 * GeV, cross_section=1e-45 * cm2)
    with pytest.raises(OutOfDomainError, match="recoil_energy"):
        wimp_spectrum(-1 * keV, "Xe", mass=10 * GeV, cross_section=1e-45 * cm2)
    with pytest.raises(UnknownNameError, match="interaction"):
        wimp_spectrum(1 * keV, "Xe", mass=10 * GeV, cross_section=1e-45 * cm2, interaction="sd")
