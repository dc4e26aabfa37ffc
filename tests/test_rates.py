"""The factorised rate engine against direct integration of dσ/dT over the flux."""

import numpy as np
import pytest
from scipy.integrate import quad

import cevns
import cevns.nuclei
import cevns.sources
import cevns.errors
from cevns.physics.kinematics import neutrino_energy_min
from cevns.physics.form_factors import Helm
from cevns import rates
from cevns.rates import flux_moments, recoil_rates, recoil_spectrum
from cevns.sources.stopped_pion import StoppedPionFlux
from cevns.units import fermi, keV, m

FLUX = StoppedPionFlux(distance=19.3 * m, neutrinos_per_proton=0.08)


def direct_spectrum(T, flux, isotope, **physics):
    """dR/dT by adaptive quadrature over E of Φ(E) dσ/dT, lines added one by one."""
    total = 0.0
    e_min = float(neutrino_energy_min(T, isotope))
    for flavor in flux.flavors:
        low, high = flux.energy_range(flavor)
        if high > max(low, e_min) and flux.differential(0.5 * (low + high), flavor) > 0:
            total += quad(lambda e: float(flux.differential(e, flavor)
                                          * cevns.differential_cross_section(T, e, isotope, flavor=flavor, **physics)),
                          max(low, e_min), high, epsrel=1e-10, limit=200)[0]
        for energy, phi in zip(*flux.lines(flavor)):
            total += phi * float(cevns.differential_cross_section(T, energy, isotope, flavor=flavor, **physics))
    return total


@pytest.mark.parametrize("isotope", ["Cs133", "Ar40", "Na23"])
def test_spectrum_matches_direct_integration(isotope):
    T = np.array([0.5, 3.0, 10.0, 25.0, 60.0]) * keV
    fast = recoil_spectrum(T, FLUX, isotope, form_factor="klein-nystrand")
    direct = np.array([direct_spectrum(t, FLUX, isotope, form_factor="klein-nystrand") for t in T])
    assert np.allclose(fast, direct, rtol=1e-6, atol=1e-12 * direct.max())


def test_grid_integral_equals_flux_folded_total_cross_section():
    # ∫ dT dR/dT = Σ_flavors ∫ dE Φ(E) σ(E): the T integral on the engine's grid against total_cross_section
    rates = recoil_rates(FLUX, "Ar40")
    by_grid = rates.recoil_weights @ rates.total_spectrum()
    by_energy = 0.0
    for flavor in FLUX.flavors:
        E, w = FLUX.quadrature(flavor)
        by_energy += w @ cevns.total_cross_section(E, "Ar40", flavor=flavor)
    assert by_grid == pytest.approx(by_energy, rel=1e-6)


def test_new_radius_recomputes_only_the_form_factor():
    rates = recoil_rates(FLUX, "Cs133")
    radius = 5.5 * fermi
    model = Helm.from_rms_radius(radius)
    fast = rates.spectrum(form_factor={"proton": "helm", "neutron": model})[0].sum(0)
    T = rates.recoil_energies[::50]
    direct = np.array([direct_spectrum(t, FLUX, "Cs133", form_factor=("helm", model)) for t in T])
    assert np.allclose(fast[::50], direct, rtol=1e-6)
    # a larger neutron radius lowers the rate at high recoil energy (less coherence)
    assert rates.spectrum(form_factor=("helm", Helm.from_rms_radius(6.0 * fermi)))[0].sum(0)[-10] < fast[-10]


# --- the flux-moment tables against an independent dense quadrature ----------------------------------------------

def dense_moments(T, mass, flux, flavor):
    """(I_a, I_b, I_c) at one T by adaptive quadrature between the flux's declared kinks, lines one by one."""
    e_min = 0.5 * (T + np.sqrt(T * T + 2.0 * mass * T))
    kernels = (lambda e: 1.0, lambda e: (1.0 - T / e) ** 2, lambda e: mass * T / e**2)
    low, high = flux.energy_range(flavor)
    kinks = np.unique(np.clip(np.asarray(flux._panel_edges(flavor), float), e_min, high)) if high > e_min else []
    out = []
    for kernel in kernels:
        total = sum(quad(lambda e: float(flux.differential(e, flavor)) * kernel(e), a, b,
                         epsabs=0.0, epsrel=1e-13, limit=400)[0] for a, b in zip(kinks[:-1], kinks[1:]))
        total += sum(phi * kernel(e) for e, phi in zip(*flux.lines(flavor)) if e >= e_min)
        out.append(total)
    return np.array(out)


@pytest.mark.parametrize("flux, flavor, target", [
    (FLUX, "nu_mu", "Ar40"),  # a line (π decay at rest) only
    (FLUX, "nubar_mu", "Cs133"),  # a continuous Michel spectrum ending at m_μ/2
    (cevns.sources.get("solar-hep"), "nu_e", "Xe131"),  # a β spectrum with its √(E₀ − E) end point
    (cevns.sources.SolarFlux(components=("B8", "Be7")), "nu_e", "Ar40"),  # a table (linear between nodes), lines
    (cevns.sources.get("reactor-leibstadt"), "nubar_e", "Ge72"),  # a smooth exponential spectrum
])
def test_flux_moments_match_dense_quadrature(flux, flavor, target):
    mass = cevns.nuclei.isotope(target).mass
    e_high = flux.energy_range(flavor)[1]
    t_end = 2.0 * e_high**2 / (mass + 2.0 * e_high)
    T = t_end * np.array([0.0, 1e-4, 0.013, 0.2, 0.5, 0.77, 0.95, 0.999, 1.5])
    fast = np.array(flux_moments(T, mass, flux, flavor))
    dense = np.array([dense_moments(t, mass, flux, flavor) for t in T]).T
    # 1e-9 of each value; near the end point, where the moments vanish, 1e-12 of their largest value
    assert np.allclose(fast, dense, rtol=1e-9, atol=1e-12 * dense.max(axis=1, keepdims=True))
    assert dense[0, -2] > 0 and np.all(fast[:, -1] == 0)  # open just below the end point, closed above it


def test_flux_moments_of_one_recoil_energy_are_the_array_ones():
    mass = cevns.nuclei.isotope("Ar40").mass
    one = flux_moments(1.0 * keV, mass, FLUX, "nu_e", inverse_energy=True)
    many = flux_moments(np.array([1.0, 2.0]) * keV, mass, FLUX, "nu_e", inverse_energy=True)
    assert [np.shape(m) for m in one] == [()] * 4
    assert [float(m) for m in one] == [float(m[0]) for m in many]


@pytest.mark.parametrize("T, mass, name", [(-1.0 * keV, 37e3, "recoil_energy"), (1.0 * keV, 0.0, "mass"),
                                           (np.nan, 37e3, "recoil_energy")])
def test_flux_moments_refuse_unphysical_input_by_name(T, mass, name):
    with pytest.raises(cevns.errors.OutOfDomainError, match=name):
        flux_moments(T, mass, FLUX, "nu_e")


def test_empty_recoil_range_names_the_targets_own_end_point():
    # the heaviest end point of ⁸B (16.34 MeV) on natural xenon belongs to its lightest isotope, Xe124
    e_high = cevns.sources.get("solar-8B").energy_range("nu_e")[1]
    mass = cevns.nuclei.isotope("Xe124").mass
    t_max = 2.0 * e_high**2 / (mass + 2.0 * e_high)
    with pytest.raises(cevns.errors.OutOfDomainError, match=f"T_max = {t_max / keV:g} keV"):
        rates.recoil_grid(cevns.sources.get("solar-8B"), "Xe", recoil_min=5.0 * keV)


def test_spectrum_in_chunks_equals_one_piece(monkeypatch):
    T = np.linspace(0.0, 60.0, 101) * keV
    whole = recoil_spectrum(T, FLUX, "CsI")
    monkeypatch.setattr(rates, "CHUNK", 7)
    monkeypatch.setattr(rates, "SPECTRUM_CHUNK", 13)
    assert np.array_equal(recoil_spectrum(T.reshape(1, -1, 1), FLUX, "CsI").ravel(), whole)
    assert recoil_spectrum(np.empty(0), FLUX, "CsI").shape == (0,)


# --- the default recoil grid for broad fluxes ---------------------------------------------------------------------

@pytest.mark.parametrize("flux_name", ["atmospheric-fluka-2005", "dsnb", "solar-b16-gs98", "sns-coherent"])
@pytest.mark.parametrize("target", ["Xe131", "Ar40"])
def test_default_grid_total_rate_matches_adaptive_integral(flux_name, target):
    flux = cevns.sources.get(flux_name)
    grid = recoil_rates(flux, target)
    on_grid = grid.recoil_weights @ grid.total_spectrum()
    tables = rates._moment_tables(flux)

    def rate(T):
        return float(rates._recoil_rates(flux, target, np.array([T]), np.zeros(1), tables).total_spectrum()[0])

    # adaptive quadrature in log T (dR/dT of a broad flux spans decades), split at the kinematic end points
    t_end = grid.recoil_energies.max()
    ends = [2 * e * e / (grid.isotopes[0].mass + 2 * e) for f in flux.flavors
            for e in [flux.energy_range(f)[1], *flux.lines(f)[0]]]
    cuts = np.log(np.unique(np.clip([t_end * 1e-14, *ends, t_end], t_end * 1e-14, t_end)))
    dense = sum(quad(lambda u: np.exp(u) * rate(np.exp(u)), a, b, epsabs=0, epsrel=1e-9, limit=500)[0]
                for a, b in zip(cuts[:-1], cuts[1:]))
    assert on_grid == pytest.approx(dense, rel=1e-6)


# --- many parameter points at once --------------------------------------------------------------------------------

@pytest.mark.parametrize("couplings", ["tree", "pdg2024"])
def test_batch_equals_one_point_at_a_time(couplings):
    rates_csi = recoil_rates(FLUX, "CsI")  # Cs133 and I127 have axial charges: every term of the batch enters
    s2 = np.array([0.21, 0.23857, 0.26])
    radius = np.array([4.6, 5.5, 5.9]) * fermi
    scale = np.array([1.0, 2.0, 0.5])
    batch = rates_csi.batch_spectrum(sin2_theta_w=s2, neutron_radius=radius, scale=scale, couplings=couplings)
    for p in range(3):
        one = rates_csi.total_spectrum(sin2_theta_w=s2[p], couplings=couplings,
                                       form_factor=lambda iso, r=radius[p]: ("helm", Helm.from_rms_radius(r)))
        assert np.allclose(batch[p], scale[p] * one, rtol=1e-12, atol=1e-14 * one.max())
    angles_only = rates_csi.batch_spectrum(sin2_theta_w=s2, couplings=couplings)
    assert np.allclose(angles_only[1], rates_csi.total_spectrum(sin2_theta_w=s2[1], couplings=couplings), rtol=1e-12)


def test_batch_point_matches_direct_integration():
    rates_cs = recoil_rates(FLUX, "Cs133", np.array([2.0, 15.0, 40.0]) * keV)
    batch = rates_cs.batch_spectrum(sin2_theta_w=[0.22, 0.25], neutron_radius=[5.0 * fermi, 5.8 * fermi])
    model = Helm.from_rms_radius(5.8 * fermi)
    direct = [direct_spectrum(t, FLUX, "Cs133", sin2_theta_w=0.25, form_factor=("helm", model))
              for t in rates_cs.recoil_energies]
    assert np.allclose(batch[1], direct, rtol=1e-6)


def test_batch_rejects_bad_points():
    rates_ar = recoil_rates(FLUX, "Ar40", np.array([10.0]) * keV)
    with pytest.raises(cevns.errors.OutOfDomainError, match="neutron_radius"):
        rates_ar.batch_spectrum(neutron_radius=[-1.0 * fermi])
    with pytest.raises(cevns.errors.OutOfDomainError, match="sin2_theta_w"):
        rates_ar.batch_spectrum(sin2_theta_w=[0.2, 1.5])
    with pytest.raises(cevns.errors.OutOfDomainError, match="one length"):
        rates_ar.batch_spectrum(sin2_theta_w=[0.2, 0.3], scale=[1.0, 2.0, 3.0])


# --- the optional JAX backend -------------------------------------------------------------------------------------

def test_jax_backend_matches_numpy_and_differentiates():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    rates_csi = recoil_rates(FLUX, "CsI")
    s2, scale = np.array([0.21, 0.23857, 0.26]), np.array([1.0, 1.3, 0.7])
    numpy_result = rates_csi.batch_spectrum(sin2_theta_w=s2, scale=scale)
    jax_result = rates_csi.batch_spectrum(sin2_theta_w=jnp.asarray(s2), scale=jnp.asarray(scale))
    assert isinstance(jax_result, jax.Array)
    assert np.allclose(np.asarray(jax_result), numpy_result, rtol=1e-10, atol=0)
    assert np.allclose(np.asarray(rates_csi.batch_spectrum(sin2_theta_w=s2, backend="jax")),
                       rates_csi.batch_spectrum(sin2_theta_w=s2), rtol=1e-10, atol=0)

    # d(total rate)/d sin²θ_W against a central finite difference of the NumPy path
    weights = rates_csi.recoil_weights

    def total(angle):
        return jnp.dot(rates_csi.batch_spectrum(sin2_theta_w=angle, backend="jax")[0], weights)

    gradient = float(jax.grad(total)(0.23857))
    h = 1e-4
    finite = (weights @ rates_csi.total_spectrum(sin2_theta_w=0.23857 + h)
              - weights @ rates_csi.total_spectrum(sin2_theta_w=0.23857 - h)) / (2 * h)
    assert gradient == pytest.approx(finite, rel=1e-7)  # the rate is quadratic in sin²θ_W: the difference is exact
    assert gradient > 0  # Q_W = Z(1/2 − 2 sin²θ_W) − N/2 < 0 grows in magnitude with sin²θ_W
    jitted = jax.jit(lambda a: rates_csi.batch_spectrum(sin2_theta_w=a, backend="jax"))
    assert np.allclose(np.asarray(jitted(jnp.asarray(s2))), rates_csi.batch_spectrum(sin2_theta_w=s2), rtol=1e-10)


def test_unknown_backend_is_named():
    with pytest.raises(cevns.errors.UnknownNameError, match="backend"):
        recoil_rates(FLUX, "Ar40", np.array([10.0]) * keV).batch_spectrum(backend="torch")


def test_table_starting_at_zero_energy_gives_exact_finite_moments():
    """A tabulated flux that rises linearly from E = 0 makes Φ/E² ∝ 1/E there: the moment tables must stay
    finite (no division by vanishing panel widths) and exact for every recoil that can see the flux."""
    import warnings

    from cevns.sources import TabulatedFlux
    from cevns.units import MeV

    energies = np.linspace(0.0, 20.0, 41) * MeV
    flux = TabulatedFlux(energies=energies, values={"nu_mu": energies * np.exp(-energies / (4 * MeV))},
                         normalization="per area at the detector (time-integrated fluence)")
    mass = 37.2 * 1000 * MeV
    T = np.array([0.01, 0.5, 2.0]) * keV
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a, b, c = rates.flux_moments(T, mass, flux, "nu_mu")
    e_min = 0.5 * (T + np.sqrt(T * T + 2 * mass * T))
    for i, (t, e0) in enumerate(zip(T, e_min)):
        phi = lambda e: float(flux.differential(np.array([e]), "nu_mu")[0])  # noqa: E731
        knots = [float(k) for k in energies if k > e0]
        expected_a = quad(phi, e0, energies[-1], points=knots, limit=200)[0]
        expected_c = quad(lambda e: phi(e) * mass * t / e**2, e0, energies[-1], points=knots, limit=200)[0]
        assert a[i] == pytest.approx(expected_a, rel=1e-9)
        assert c[i] == pytest.approx(expected_c, rel=1e-9)


@pytest.mark.parametrize("target,couplings,groups", [
    ("Ar40", "tree", 1),        # tree level: ν_e, ν_μ, ν̄_μ have one rate per moment, one summed table
    ("CsI", "tree", 1),         # axial parts of Cs133 and I127 differ only in sign between ν and ν̄
    ("H1", "tree", 2),          # a free nucleon's ν–ν̄ interference keeps ν̄_μ apart
    ("CsI", "pdg2024", 2),      # flavor-dependent radiative corrections: ν_e apart, ν_μ with ν̄_μ
    ("CsI", "tomalak2021", 3),  # couplings running with q: nothing summed
])
def test_flavors_summed_before_evaluation_leave_the_spectrum_unchanged(target, couplings, groups):
    """recoil_spectrum adds the moment tables of flavors with the same rate per moment; the total must equal the
    flavor-by-flavor sum of the unsummed engine to rounding, for every grouping."""
    T = np.linspace(0.05, 1.0, 400) * float(cevns.recoil_energy_max(52.8, target))  # up to the ν̄_μ end point
    tables = rates._summed_tables(rates._moment_tables(FLUX), cevns.nuclei.as_target(target), couplings=couplings)
    assert len(tables) == groups
    summed = recoil_spectrum(T, FLUX, target, couplings=couplings)
    by_flavor = recoil_rates(FLUX, target, T).total_spectrum(couplings=couplings)
    assert np.max(np.abs(summed - by_flavor)) <= 1e-12 * np.max(by_flavor)
