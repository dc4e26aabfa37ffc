"""Supernova engine: a model × detector prediction from scratch (≤ 1 s), a new distance or ordering (≤ 5 ms).

Run: python -m pytest benchmarks/bench_supernova.py --benchmark-enable
"""

import pytest

from cevns.sources.supernova import garching_model
from cevns.supernova import SupernovaSignal, get
from cevns.units import kpc


@pytest.fixture(scope="module")
def s27():
    return garching_model("garching-ls220-s27")


def test_cold_prediction(benchmark, s27):
    # precompute (emission on the time grid, detection kernel, folding) and predict; the table is already read
    def run():
        signal = SupernovaSignal.build(s27, get("xenonnt"))
        prediction = signal.predict(10 * kpc, "normal")
        return prediction.total(), prediction.phases()

    benchmark.pedantic(run, rounds=3, iterations=1)


def test_model_read_and_cold_prediction(benchmark):
    def run():
        garching_model.__globals__["_garching_table"].cache_clear()
        signal = SupernovaSignal.build(garching_model("garching-ls220-s27"), get("xenonnt"))
        return signal.predict(10 * kpc, "normal").total()

    benchmark.pedantic(run, rounds=3, iterations=1)


@pytest.mark.parametrize("change", ["distance", "ordering"])
def test_new_distance_or_ordering(benchmark, s27, change):
    signal = SupernovaSignal.build(s27, get("xenonnt"))
    signal.predict().total()  # warm the summed tables

    def run():
        p = signal.predict(3 * kpc, "normal") if change == "distance" else signal.predict(10 * kpc, "inverted")
        return p.total(), p.phases()

    benchmark(run)
