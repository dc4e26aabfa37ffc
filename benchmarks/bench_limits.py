"""Speed of new physics in the likelihoods and of the limits (run: python -m pytest benchmarks/bench_limits.py
--benchmark-enable).

Targets: one evaluation of the CENNS-10 likelihood with a new mediator mass and coupling (the signal recomputed
from the flux moments) ≤ 1 ms; a 100-mass exclusion curve of the universal vector mediator from the CsI 2021 data
in under a minute, scanned here and with 1 and 2 local Dask workers (their ratio is the scaling). A sterile point of
the CsI 2021 likelihood (new Δm²₄₁ and sin²2θ: the oscillation kernel contracted with the probabilities).
"""

import numpy as np
import pytest

pytest.importorskip("iminuit")

from cevns import stats  # noqa: E402
from cevns.stats import limits  # noqa: E402

MASSES = np.geomspace(1e-3, 1e4, 100)  # 1 keV – 10 GeV, in MeV


@pytest.fixture(scope="module")
def cenns10():
    m = stats.model("coherent-cenns10-2020", new_physics="vector-universal")
    m.expected(mass=10.0, coupling=1e-4)  # the one-time set-up: flux moments, responses, node values
    return m


@pytest.fixture(scope="module")
def csi():
    m = stats.model("coherent-csi-2021", new_physics="vector-universal")
    m.expected(mass=10.0, coupling=1e-4)
    return m


def test_likelihood_new_mediator(benchmark, cenns10):
    cost = cenns10.cost()
    values = cenns10.defaults() | {"coupling": 1e-4}
    masses = iter(np.geomspace(1e-3, 1e4, 10_000_000))

    def evaluate():
        values["mass"] = next(masses)  # a new mass each call: the signal is recomputed
        values["coupling"] *= 1.0000001
        return cost(*values.values())

    benchmark(evaluate)


def test_exclusion_100_masses_serial(benchmark, csi):
    benchmark.pedantic(limits.coupling_limits, args=(csi, MASSES), kwargs={"parallel": False}, rounds=1,
                       iterations=1)


@pytest.mark.parametrize("workers", [1, 2])
def test_exclusion_100_masses_dask(benchmark, csi, workers):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        limits.coupling_limits(csi, MASSES[:workers], client=client)  # workers up, cevns imported: not timed
        benchmark.pedantic(limits.coupling_limits, args=(csi, MASSES), kwargs={"client": client}, rounds=1,
                           iterations=1)


def test_likelihood_sterile_point(benchmark):
    model = stats.model("coherent-csi-2021", new_physics="sterile")
    model.expected(delta_m2_41=64.0, sin2_2theta=0.1)  # the one-time set-up: the kernel resolving up to 64 eV²
    cost = model.cost()
    values = model.defaults() | {"sin2_2theta": 0.1}
    splittings = iter(np.geomspace(0.1, 60.0, 10_000_000))

    def evaluate():
        values["delta_m2_41"] = next(splittings)  # a new Δm²₄₁ each call: the signal is recomputed
        return cost(*values.values())

    benchmark(evaluate)
