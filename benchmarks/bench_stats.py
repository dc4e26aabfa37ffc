"""Speed of the CENNS-10 likelihood (run: python -m pytest benchmarks/bench_stats.py --benchmark-enable).

Targets: one evaluation of the 960-bin energy × F90 × time likelihood with the signal recomputed for a new
sin²θ_W ≤ 1 ms; a full fit (11 parameters, MIGRAD + HESSE + MINOS) ≤ 2 s; a 50-point profile ≤ 20 s.
"""

import numpy as np
import pytest

pytest.importorskip("iminuit")

from cevns import stats  # noqa: E402


@pytest.fixture(scope="module")
def model():
    m = stats.model("coherent-cenns10-2020")
    m.signal(0.23857)  # the one-time set-up: flux moments, response matrices, the sin²θ_W coefficients
    return m


def test_likelihood_new_mixing_angle(benchmark, model):
    cost = model.cost()
    values = model.defaults()
    angles = iter(np.linspace(0.2, 0.27, 10_000_000))

    def evaluate():
        values["sin2_theta_w"] = next(angles)  # a new angle each call: the signal is recomputed
        return cost(*values.values())

    benchmark(evaluate)


def test_full_fit(benchmark, model):
    benchmark.pedantic(stats.fit, args=(model,), rounds=3, iterations=1)


def test_profile_50_points(benchmark, model):
    grid = np.linspace(0.3, 2.6, 50)
    benchmark.pedantic(stats.profile, args=(model, "cevns_norm", grid), rounds=1, iterations=1)
