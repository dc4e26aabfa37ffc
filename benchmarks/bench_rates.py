"""Speed of the rate engine against plain vectorised NumPy "floors" of the same physics.

Run: python -m pytest benchmarks/bench_rates.py --benchmark-enable. The floors live here only, as yardsticks:
``floor_direct`` sums Φ(E_i) w_i dσ/dT(T, E_i) over the flux's nodes (the textbook double sum), ``floor_cumulative``
takes the flux moments from cumulative sums over the same nodes (no partial panel at E_min(T), so it is less exact
than the engine). Both use the Helm form factor at tree level, natural xenon, the ⁸B spectrum.
"""

import numpy as np
import pytest

from cevns.constants import fermi_coupling, hbarc_squared, sin2_theta_w_low_energy
from cevns.nuclei import material
from cevns.physics.form_factors import Helm
from cevns.rates import recoil_spectrum
from cevns.sources import get
from cevns.units import keV

XENON = material("Xe")
B8 = get("solar-8B")
T_200 = np.linspace(0.05, 4.0, 200) * keV


def _nuclear_data(target):
    isotopes = target.isotopes
    mass = np.array([i.mass for i in isotopes])[:, None]
    box = np.array([Helm.lewin_smith(i.A).box_radius for i in isotopes])[:, None]
    charge = np.array([i.Z * (0.5 - 2 * sin2_theta_w_low_energy) - 0.5 * i.N for i in isotopes])[:, None]
    return mass, box, charge, np.asarray(target.fractions)


def _helm(q, box):
    x, s = q * box / np.sqrt(hbarc_squared), q * Helm(1.0).surface_thickness / np.sqrt(hbarc_squared)
    return 3 * (np.sin(x) - x * np.cos(x)) / x**3 * np.exp(-0.5 * s * s)


def floor_direct(T, flux, target):
    mass, box, charge, fractions = _nuclear_data(target)
    E, w = flux.quadrature("nu_e")
    t = T[None, :, None]
    m = mass[..., None]
    kernel = (1 - t / E - m * t / (2 * E * E) + t * t / (2 * E * E)) * (t <= 2 * E * E / (m + 2 * E))
    G = charge * _helm(np.sqrt(T * (2 * mass + T)), box)
    dsdt = fermi_coupling**2 * mass / np.pi * hbarc_squared * G * G * (kernel @ w)
    return fractions @ dsdt


def floor_cumulative(T, flux, target):
    mass, box, charge, fractions = _nuclear_data(target)
    E, w = flux.quadrature("nu_e")
    order = np.argsort(E)
    E, w = E[order], w[order]
    tails = np.cumsum((w / E ** np.arange(3)[:, None])[:, ::-1], axis=1)[:, ::-1]  # Σ_{E_i ≥ E_j}
    tails = np.concatenate([tails, np.zeros((3, 1))], axis=1)
    e_min = 0.5 * (T + np.sqrt(T * T + 2 * mass * T))
    c0, c1, c2 = tails[:, np.searchsorted(E, e_min)]
    moment = c0 - T * c1 + (T * T / 2 - mass * T / 2) * c2  # ∫Φ [1 − T/E − MT/(2E²) + T²/(2E²)]
    G = charge * _helm(np.sqrt(T * (2 * mass + T)), box)
    return fractions @ (fermi_coupling**2 * mass / np.pi * hbarc_squared * G * G * moment)


def test_floors_agree_with_engine():
    engine = recoil_spectrum(T_200, B8, XENON)
    assert np.allclose(floor_direct(T_200, B8, XENON), engine, rtol=2e-3)
    assert np.allclose(floor_cumulative(T_200, B8, XENON), engine, rtol=2e-3)


@pytest.mark.parametrize("implementation", ["cevns", "floor_direct", "floor_cumulative"])
def test_b8_xenon_200_recoil_energies_cold(benchmark, implementation):
    function = {"cevns": recoil_spectrum, "floor_direct": floor_direct, "floor_cumulative": floor_cumulative}
    result = benchmark(function[implementation], T_200, B8, XENON)
    assert result.shape == T_200.shape


@pytest.mark.parametrize("flux_name, target", [("sns-coherent", "Ar40"), ("solar-8B", "Ar40"), ("solar-8B", "Xe")])
def test_spectrum_1e6_random_recoil_energies(benchmark, flux_name, target):
    flux = get(flux_name)
    T = np.random.default_rng(2).uniform(0, 60 if flux_name == "sns-coherent" else 4, 10**6) * keV
    target = material(target) if target == "Xe" else target
    benchmark.pedantic(recoil_spectrum, args=(T, flux, target), rounds=3, iterations=1)


@pytest.mark.parametrize("threads", [None, 1])
def test_spectrum_1e7_recoil_energies(benchmark, threads):
    """Target: under a second and under 2 GB, on the cores available (``None``) and serially (1). Timed untraced;
    extra_info records the peak of NumPy's allocations on top of the 80 MB input during one more call (each thread
    adds its chunk's work arrays) and the threads used."""
    import tracemalloc

    from cevns._array import available_cores

    T = np.random.default_rng(2).uniform(0, 60, 10**7) * keV
    flux = get("sns-coherent")
    benchmark.pedantic(recoil_spectrum, args=(T, flux, "Ar40"), kwargs={"threads": threads}, rounds=3, iterations=1)
    tracemalloc.start()
    recoil_spectrum(T, flux, "Ar40", threads=threads)
    benchmark.extra_info["peak_MB"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    benchmark.extra_info["threads"] = threads or available_cores()


# --- set-up: flux moments of the SNS flux on CsI at the engine's recoil grid, from nothing

def floor_moments(T, flux, target):
    """The three moments per (isotope, flavor, T) from cumulative sums over the flux's quadrature nodes (lines
    included as nodes): the cheapest complete set-up, but without the engine's exact partial panel at E_min(T)."""
    masses = np.array([i.mass for i in target.isotopes])[:, None]
    out = []
    for flavor in flux.flavors:
        E, w = flux.quadrature(flavor)
        order = np.argsort(E)
        E, w = E[order], w[order]
        tails = np.cumsum((w / E ** np.arange(3)[:, None])[:, ::-1], axis=1)[:, ::-1]
        tails = np.concatenate([tails, np.zeros((3, 1))], axis=1)
        c0, c1, c2 = tails[:, np.searchsorted(E, 0.5 * (T + np.sqrt(T * T + 2 * masses * T)))]
        out.append([c0, c0 + T * (T * c2 - 2 * c1), masses * T * c2])
    return np.moveaxis(np.array(out), 2, 0)  # (isotope, flavor, 3, T)


@pytest.fixture(scope="module")
def csi_grid():
    from cevns.rates import recoil_grid

    return recoil_grid(get("sns-coherent"), material("CsI"))


def test_setup_floor_is_close(csi_grid):
    from cevns.rates import recoil_rates

    T, w = csi_grid
    engine = recoil_rates(get("sns-coherent"), material("CsI"), T, w).moments
    floor = floor_moments(T, get("sns-coherent"), material("CsI"))
    # point by point the floor's missing partial panel errs by up to tens of % where a moment is small; integrated
    # over T (what rates need) the two agree to ~1e-3
    assert np.allclose((floor * w).sum(-1), (engine * w).sum(-1), rtol=2e-3, atol=0.0)


@pytest.mark.parametrize("implementation", ["cevns", "floor"])
def test_setup_csi_sns(benchmark, csi_grid, implementation):
    from cevns.rates import recoil_rates

    T, w = csi_grid
    flux, csi = get("sns-coherent"), material("CsI")
    if implementation == "cevns":
        benchmark(recoil_rates, flux, csi, T, w)
    else:
        benchmark(floor_moments, T, flux, csi)


# --- many parameter points at once: CsI at the SNS (COHERENT-like), 10⁴ points of (sin²θ_W, flux normalization)

@pytest.fixture(scope="module")
def csi_rates():
    from cevns.rates import recoil_rates

    return recoil_rates(get("sns-coherent"), "CsI")


def floor_batch(rates, s2, scale):
    """Broadcast (points, T) arithmetic of the vector part, given the engine's flux moments."""
    T = rates.recoil_energies
    out = 0.0
    for i, iso in enumerate(rates.isotopes):
        q = np.sqrt(T * (2 * iso.mass + T))
        F = _helm(q, Helm.lewin_smith(iso.A).box_radius)
        G = (iso.Z * (0.5 - 2 * s2[:, None]) - 0.5 * iso.N) * F
        a, b, c = rates.moments[i].sum(0)
        out = out + rates.fractions[i] * fermi_coupling**2 * iso.mass / np.pi * hbarc_squared / 2 * G * G * (a + b - c)
    return out * scale[:, None]


@pytest.mark.parametrize("implementation", ["cevns", "floor"])
def test_batch_1e4_points_csi(benchmark, csi_rates, implementation):
    rng = np.random.default_rng(5)
    s2, scale = rng.uniform(0.2, 0.27, 10**4), rng.uniform(0.8, 1.2, 10**4)
    if implementation == "cevns":
        result = benchmark(lambda: csi_rates.batch_spectrum(sin2_theta_w=s2, scale=scale, axial=False))
    else:
        result = benchmark(floor_batch, csi_rates, s2, scale)
    assert result.shape == (10**4, csi_rates.recoil_energies.size)


def test_batch_floor_agrees(csi_rates):
    s2, scale = np.array([0.22, 0.25]), np.array([1.0, 1.1])
    assert np.allclose(floor_batch(csi_rates, s2, scale),
                       csi_rates.batch_spectrum(sin2_theta_w=s2, scale=scale, axial=False), rtol=1e-10)


def test_batch_100_neutron_radii_csi(benchmark, csi_rates):
    from cevns.units import fermi

    radii = np.linspace(4.5, 6.0, 100) * fermi
    benchmark(lambda: csi_rates.batch_spectrum(neutron_radius=radii))


def test_one_point_at_a_time_csi(benchmark, csi_rates):
    benchmark(csi_rates.total_spectrum, sin2_theta_w=0.23)


def test_batch_1e4_points_csi_jax_jit(benchmark, csi_rates):
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    rng = np.random.default_rng(5)
    s2, scale = jax.numpy.asarray(rng.uniform(0.2, 0.27, 10**4)), jax.numpy.asarray(rng.uniform(0.8, 1.2, 10**4))
    evaluate = jax.jit(lambda a, n: csi_rates.batch_spectrum(sin2_theta_w=a, scale=n, axial=False))
    evaluate(s2, scale).block_until_ready()
    benchmark(lambda: evaluate(s2, scale).block_until_ready())


def test_gradient_1e4_points_csi_jax(benchmark, csi_rates):
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    s2 = jax.numpy.asarray(np.random.default_rng(5).uniform(0.2, 0.27, 10**4))
    weights = jax.numpy.asarray(csi_rates.recoil_weights)
    gradient = jax.jit(jax.grad(lambda a: (csi_rates.batch_spectrum(sin2_theta_w=a, axial=False) @ weights).sum()))
    gradient(s2).block_until_ready()
    benchmark(lambda: gradient(s2).block_until_ready())
