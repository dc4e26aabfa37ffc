"""Form factors: normalisation, low-q slope, analytic transforms against numerical ones, inversion."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cevns
from cevns.errors import OutOfDomainError, UnknownNameError
from cevns.physics import form_factors as ff
from cevns.units import GeV, MeV, fermi
from cevns.constants import hbarc

MODELS = [
    ff.Helm.lewin_smith(133),
    ff.KleinNystrand.for_mass_number(40),
    ff.SymmetrizedFermi(5.0 * fermi, 0.55 * fermi),
    ff.FourierBessel(9.0 * fermi, (1.0, 0.3, -0.1)),
    ff.TabulatedDensity(np.linspace(0, 12, 300) * fermi, 1 / (1 + np.exp((np.linspace(0, 12, 300) - 4.5) / 0.5))),
]


def q_of(wave_number_per_fm):
    return np.asarray(wave_number_per_fm) * hbarc / fermi


@pytest.mark.parametrize("model", MODELS, ids=lambda m: type(m).__name__)
def test_normalised_and_low_q_slope(model):
    assert model(0.0) == pytest.approx(1.0, abs=1e-12)
    # F ≈ 1 − q²R²/6 + O(q⁴): the slope in q² at q → 0 gives the rms radius
    k = 1e-3 / fermi
    slope = (1 - model(k * hbarc)) / k**2
    assert slope == pytest.approx(model.rms_radius**2 / 6, rel=1e-4)


def test_helm_rms_radius_formula():
    # Lewin & Smith: R² = (3/5) r_n² + 3 s², with r_n² = c² + (7/3)π²a² − 5s²
    A = 131
    c, a, s = 1.23 * A ** (1 / 3) - 0.60, 0.52, 0.9
    r_n = np.sqrt(c**2 + 7 / 3 * np.pi**2 * a**2 - 5 * s**2)
    model = ff.Helm.lewin_smith(A)
    assert model.box_radius / fermi == pytest.approx(r_n)
    assert model.rms_radius / fermi == pytest.approx(np.sqrt(0.6 * r_n**2 + 3 * s**2))
    assert ff.Helm.from_rms_radius(model.rms_radius).box_radius == pytest.approx(model.box_radius)


def test_symmetrized_fermi_analytic_transform_matches_numerical_transform_of_its_density():
    model = ff.SymmetrizedFermi(4.8 * fermi, 0.52 * fermi)
    r = np.linspace(0, 16, 4000) * fermi
    numerical = ff.TabulatedDensity(r, model.density(r), nodes=800)
    k = np.linspace(0.0, 3.0, 61) / fermi
    assert np.allclose(model(k * hbarc), numerical(k * hbarc), atol=2e-7)
    # the density is normalised: 4π ∫ ρ r² dr = 1
    assert np.trapezoid(4 * np.pi * model.density(r) * r**2, r) == pytest.approx(1.0, rel=1e-6)
    # rms radius formula R² = (3/5)c² + (7/5)π²a² against the numerical second moment
    assert model.rms_radius == pytest.approx(numerical.rms_radius, rel=1e-6)


def test_fourier_bessel_single_term_radius_derived_here():
    # ρ = j0(πr/R) on [0, R]: ∫x³ sin x dx / ∫x sin x dx over [0, π] = (π³ − 6π)/π ⇒ ⟨r²⟩ = R²(1 − 6/π²)
    R = 7.0 * fermi
    assert ff.FourierBessel(R, (1.0,)).rms_radius == pytest.approx(R * np.sqrt(1 - 6 / np.pi**2), rel=1e-6)


def test_klein_nystrand_rms_radius():
    # uniform sphere (3/5 R_A²) folded with a Yukawa (⟨r²⟩ = 6 a_k²): radii add in quadrature
    model = ff.KleinNystrand(6.0 * fermi, 0.7 * fermi)
    assert model.rms_radius / fermi == pytest.approx(np.sqrt(0.6 * 36 + 6 * 0.49))


def test_uniform_sphere_zero():
    # 3 j1(x)/x vanishes first at tan x = x, x = 4.493409457909064
    model = ff.Helm(5.0 * fermi, surface_thickness=0.0)
    k = 4.493409457909064 / (5.0 * fermi)
    assert abs(model(k * hbarc)) < 1e-12


def test_density_inversion_recovers_the_distribution():
    model = ff.SymmetrizedFermi(5.5 * fermi, 0.5 * fermi)
    k = np.linspace(0, 8.0, 4001) / fermi
    r = np.array([0.5, 2.0, 4.0, 5.5, 6.5]) * fermi
    rho = ff.density_from_form_factor(k * hbarc, model(k * hbarc), r)
    assert np.allclose(rho, model.density(r), rtol=2e-3, atol=1e-4 * model.density(0.0))


def test_point_proton_radius_and_skin():
    pb = cevns.isotope("Pb208")
    r_p = ff.point_proton_radius(pb.charge_radius, pb.Z, pb.N)
    # PREX-II (Adhikari et al., PRL 126 (2021) 172502): R_p(208Pb) = 5.45 fm from R_ch = 5.50 fm
    assert r_p / fermi == pytest.approx(5.45, abs=0.01)
    # ... and a skin of 0.283 fm means R_n = R_p + 0.283 fm
    assert ff.neutron_skin(r_p + 0.283 * fermi, pb) / fermi == pytest.approx(0.283, abs=1e-9)
    with pytest.raises(OutOfDomainError, match="charge_radius"):
        ff.point_proton_radius(0.5 * fermi, 1, 0)


def test_nucleon_form_factor_specifications():
    iso = cevns.isotope("Cs133")
    fp, fn = ff.nucleon_form_factors({"proton": "helm", "neutron": ff.Helm.from_rms_radius(5.5 * fermi)}, iso)
    assert fp == ff.Helm.lewin_smith(133) and fn.rms_radius == pytest.approx(5.5 * fermi)
    assert ff.nucleon_form_factors(lambda i: ("unity", "helm"), iso)[0] == ff.Unity()
    with pytest.raises(UnknownNameError, match="helm"):
        ff.nucleon_form_factors("hlem", iso)
    with pytest.raises(OutOfDomainError, match="proton"):
        ff.nucleon_form_factors({"protons": "helm", "neutron": "helm"}, iso)


@pytest.mark.parametrize("bad", [-1.0, 0.0, np.nan])
def test_unphysical_radius_raises(bad):
    with pytest.raises(OutOfDomainError, match="radius"):
        ff.Helm.from_rms_radius(bad * fermi)
    with pytest.raises(OutOfDomainError, match="rms_radius"):
        ff.Helm.from_rms_radius(1.0 * fermi)  # smaller than sqrt(3)·s


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 2000), st.sampled_from(MODELS[:3]))
def test_bounded_by_one(q_mev, model):
    value = model(q_mev * MeV)
    assert np.isfinite(value) and abs(value) <= 1.0 + 1e-12


# ------------------------------------------------------------------------------------- light targets
from cevns import constants as _c  # noqa: E402


def _sachs_in_test(Q):
    """Dipole (Λ² = 0.71 GeV²) and Galster G_E^n, written out here: returns G_E^p, G_M^p, G_E^n, G_M^n, τ."""
    m = 0.5 * (_c.proton_mass + _c.neutron_mass)
    tau = Q**2 / (4 * m * m)
    gd = (1 + Q**2 / (0.71 * GeV**2)) ** -2
    mu_p, mu_n = _c.magnetic_moment_proton, _c.magnetic_moment_neutron
    return gd, mu_p * gd, -mu_n * tau / (1 + 5.6 * tau) * gd, mu_n * gd, tau


def test_helium_four_is_the_frosch_charge_form_factor_over_the_nucleon_charges():
    # Frosch et al., Phys. Rev. 160 (1967) 874: F_ch(q) = [1 − (a q)¹²] exp(−b²q²), a = 0.316 fm, b = 0.681 fm
    from cevns.physics.form_factors import HeliumFour

    model = cevns.form_factor("helm", cevns.isotope("He4"))
    assert isinstance(model, HeliumFour)
    k = np.linspace(0.0, 4.0, 41) / fermi  # wave numbers up to 4 fm⁻¹
    Q = k * _c.hbarc
    ge_p, _, ge_n, _, _ = _sachs_in_test(Q)
    frosch = (1 - (0.316 * fermi * k) ** 12) * np.exp(-((0.681 * fermi * k) ** 2))
    assert np.allclose(model(Q) * (ge_p + ge_n), frosch, rtol=1e-12, atol=1e-15)
    # its first zero (the ⁴He diffraction minimum) at q = 1/a = 3.16 fm⁻¹
    assert model(_c.hbarc / (0.316 * fermi)) == pytest.approx(0.0, abs=1e-15)
    # charge rms √6 b = 1.668 fm against the measured 1.6755(28) fm (Angeli & Marinova 2013): 0.5%, the
    # accuracy of the two-parameter fit
    assert np.sqrt(6) * 0.681 == pytest.approx(1.6755, rel=0.006)
    assert model.rms_radius / fermi == pytest.approx(np.sqrt(6 * 0.681**2 - 12 * 0.0389379 / 0.71
                                                              - 6 * _c.magnetic_moment_neutron * 0.0389379
                                                              / (4 * (0.5 * (_c.proton_mass + _c.neutron_mass) / GeV) ** 2)),
                                                      rel=1e-5)


def test_free_proton_uses_nucleon_form_factors_not_helm():
    # σ(ν p) at 50 MeV from the point-particle formula with F₁^{Z,p}(Q²) and the axial dipole (M_A = 1.026 GeV),
    # integrated here with quad: the Helm form factor (R ≈ 1.6 fm for A = 1) cut it by ~15%.
    from scipy.integrate import quad

    from cevns.physics.couplings import Couplings
    from cevns.physics.couplings import axial_charge

    iso, E = cevns.isotope("H1"), 50 * MeV
    c = Couplings()
    M = iso.mass
    gv, ga = c.vector_proton(), axial_charge(iso, c)
    G2 = _c.fermi_coupling**2 * _c.hbarc_squared

    def dsigma(T):
        Q = np.sqrt(2 * M * T + T * T)
        ge_p, gm_p, ge_n, gm_n, tau = _sachs_in_test(Q)
        f1 = ((0.5 - 2 * 0.23857) * (ge_p + tau * gm_p) - 0.5 * (ge_n + tau * gm_n)) / (1 + tau)
        GV, GA = f1, ga * (1 + Q**2 / (1.026 * GeV) ** 2) ** -2
        x = T / E
        return G2 * M / (2 * np.pi) * ((GV + GA) ** 2 + (GV - GA) ** 2 * (1 - x) ** 2 - (GV**2 - GA**2) * M * T / E**2)

    tmax = 2 * E * E / (M + 2 * E)
    reference = quad(dsigma, 0, tmax, epsabs=0, epsrel=1e-12)[0]
    assert cevns.total_cross_section(E, iso) == pytest.approx(reference, rel=1e-9)
    point = cevns.total_cross_section(E, iso, form_factor="unity")
    assert cevns.total_cross_section(E, iso) / point > 0.975  # was 0.85 with Helm
    assert gv == pytest.approx(0.5 - 2 * 0.23857)
