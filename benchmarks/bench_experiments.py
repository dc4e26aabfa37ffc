"""Speed of experiment predictions (run: python -m pytest benchmarks/bench_experiments.py --benchmark-enable).

Cases: a user's CsI file and the COHERENT CsI 2021 preset. The floor of a re-evaluation with a new flux norm is
one multiplication of the cached (isotope, flavor, bin) counts, done here in plain NumPy as the yardstick.
"""

from pathlib import Path

import numpy as np
import pytest

from cevns import experiments
from cevns.detectors import ConstantQuenching
from cevns.experiments import load
from cevns.physics.form_factors import Helm
from cevns.units import fermi

USER_FILE = Path(__file__).parents[1] / "tests" / "experiments" / "user-csi.toml"


@pytest.fixture(scope="module")
def prediction():
    return load(USER_FILE).prediction


@pytest.fixture(scope="module")
def csi_2021():
    prediction = experiments.get("coherent-csi-2021").prediction
    prediction.counts()
    return prediction


def test_first_time_setup(benchmark):
    benchmark(lambda: load(USER_FILE).prediction)


def test_flux_norm_nuisance(benchmark, prediction):
    prediction.counts()
    benchmark(prediction.counts, flux_norm=1.05)


def test_csi_2021_flux_norm(benchmark, csi_2021):
    benchmark(csi_2021.counts, flux_norm=1.05)


def test_csi_2021_flux_norm_floor(benchmark, csi_2021):
    cached = np.array(csi_2021.counts())
    benchmark(np.multiply, 1.05, cached)


def test_quenching_nuisance(benchmark, prediction):
    benchmark(prediction.counts, quenching=ConstantQuenching(0.085))


@pytest.fixture(scope="module")
def new_radii():
    """A fresh Helm model for every call: each benchmark round sees a radius it has not seen before."""
    return iter([Helm.from_rms_radius(r * fermi) for r in np.linspace(4.5, 6.0, 10**5)])


def _helm(k, box_radius, surface_thickness):
    x = k * box_radius
    return 3 * (np.sin(x) - x * np.cos(x)) / x**3 * np.exp(-0.5 * (k * surface_thickness) ** 2)


@pytest.fixture(scope="module")
def floor_constants(prediction):
    """What a new neutron radius leaves unchanged, per isotope: wave numbers, the Helm (Lewin–Smith) proton form
    factor, the kernels' couplings (axial part following the protons: Cs and I are odd-proton) and prefactor times
    each cell's weight (quadrature weight × nuclei × exposure × timing fraction), the moment sums that multiply
    G_V² and G_A² (no vector–axial interference in a nucleus), the nominal response matrix."""
    from cevns.constants import hbarc
    from cevns.physics.cross_section import scattering_kernels

    rates, out = prediction.rates, []
    kernels = [scattering_kernels("CsI", form_factor="helm", flavor=f)[0] for f in rates.flavors]
    T = rates.recoil_energies
    for i, iso in enumerate(rates.isotopes):
        k, proton = np.sqrt(T * (2 * iso.mass + T)) / hbarc, Helm.lewin_smith(iso.A)
        vp, vn, ga, prefactor = (np.array(c)[:, None] for c in zip(*[
            (kf[i].vector_proton, kf[i].vector_neutron, kf[i].axial, kf[i].prefactor) for kf in kernels]))
        a, b, c = rates.moments[i].transpose(1, 0, 2)  # (flavor, T) each
        weights = rates.recoil_weights * prediction.scale[i] * prediction.time_fractions[:, None]
        out.append({"k": k, "fp": _helm(k, proton.box_radius, proton.surface_thickness),
                    "vp": vp, "vn": vn, "ga": ga, "prefactor": prefactor * weights, "vector": a + b - c,
                    "axial": a + b + c, "response": prediction.responses[i].matrix.T})
    return out


def floor_new_neutron_radius(neutron, constants):
    """Counts per (isotope, flavor, bin) with a new neutron form factor, in plain NumPy: the neutron Helm form factor
    on each isotope's nodes, G_V, G_A, the rate and one product with the response."""
    out = []
    for c in constants:
        fn = _helm(c["k"], neutron.box_radius, neutron.surface_thickness)
        GV, GA = c["vp"] * c["fp"] + c["vn"] * fn, c["ga"] * c["fp"]
        out.append((c["prefactor"] * (GV * GV * c["vector"] + GA * GA * c["axial"])) @ c["response"])
    return np.array(out)


def test_new_neutron_radius_floor_agrees(prediction, floor_constants):
    model = Helm.from_rms_radius(5.3 * fermi)
    assert np.allclose(floor_new_neutron_radius(model, floor_constants),
                       prediction.counts(form_factor=("helm", model)), rtol=1e-12, atol=0.0)


def test_new_neutron_radius(benchmark, prediction, new_radii):
    benchmark(lambda: prediction.counts(form_factor=("helm", next(new_radii))))


def test_new_neutron_radius_floor(benchmark, new_radii, floor_constants):
    benchmark(lambda: floor_new_neutron_radius(next(new_radii), floor_constants))


# --- 10⁴ parameter points (sin²θ_W, flux normalization) on the COHERENT CsI 2021 preset, counts per bin

@pytest.fixture(scope="module")
def points():
    rng = np.random.default_rng(5)
    return rng.uniform(0.2, 0.27, 10**4), rng.uniform(0.8, 1.2, 10**4)


def floor_batch_counts(basis, s2, norm):
    """Counts are quadratic in sin²θ_W: with the count vectors of the nominal response at three angles (``basis``,
    computed once), each point is a weighted sum. The yardstick is that product in plain NumPy."""
    x = (0.2, 0.23, 0.26)
    weights = np.stack([(s2 - x[(j + 1) % 3]) * (s2 - x[(j + 2) % 3]) / ((x[j] - x[(j + 1) % 3]) * (x[j] - x[(j + 2) % 3]))
                        for j in range(3)], axis=1)
    return (weights * norm[:, None]) @ basis


@pytest.fixture(scope="module")
def basis(csi_2021):
    return np.array([csi_2021.counts(sin2_theta_w=a).sum((0, 1)) for a in (0.2, 0.23, 0.26)])


def test_batch_floor_agrees(csi_2021, basis, points):
    s2, norm = points
    assert np.allclose(floor_batch_counts(basis, s2[:50], norm[:50]),
                       csi_2021.batch_counts(sin2_theta_w=s2[:50], flux_norm=norm[:50]), rtol=1e-10, atol=0.0)


def test_batch_counts_1e4_points(benchmark, csi_2021, points):
    benchmark(lambda: csi_2021.batch_counts(sin2_theta_w=points[0], flux_norm=points[1]))


def test_batch_counts_1e4_points_floor(benchmark, basis, points):
    benchmark(floor_batch_counts, basis, *points)


def test_batch_counts_100_neutron_radii(benchmark, csi_2021):
    radii = np.linspace(4.5, 6.0, 100) * fermi
    benchmark.pedantic(lambda: csi_2021.batch_counts(neutron_radius=radii), rounds=5, iterations=1)


def test_batch_counts_1e4_points_jax_jit(benchmark, csi_2021, points):
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    s2, norm = (jax.numpy.asarray(p) for p in points)
    evaluate = jax.jit(lambda a, n: csi_2021.batch_counts(sin2_theta_w=a, flux_norm=n))
    evaluate(s2, norm).block_until_ready()
    benchmark(lambda: evaluate(s2, norm).block_until_ready())


def test_batch_counts_gradient_1e4_points_jax(benchmark, csi_2021, points):
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    s2 = jax.numpy.asarray(points[0])
    gradient = jax.jit(jax.grad(lambda a: csi_2021.batch_counts(sin2_theta_w=a).sum()))
    gradient(s2).block_until_ready()
    benchmark(lambda: gradient(s2).block_until_ready())
