"""Speed of experiment predictions (run: python -m pytest benchmarks/bench_experiments.py --benchmark-enable)."""

from pathlib import Path

import pytest

from cevns.detectors import ConstantQuenching
from cevns.experiments import load
from cevns.physics.form_factors import Helm
from cevns.units import fermi

USER_FILE = Path(__file__).parents[1] / "tests" / "experiments" / "user-csi.toml"


@pytest.fixture(scope="module")
def prediction():
    return load(USER_FILE).prediction


def test_first_time_setup(benchmark):
    benchmark(lambda: load(USER_FILE).prediction)


def test_flux_norm_nuisance(benchmark, prediction):
    prediction.counts()
    benchmark(prediction.counts, flux_norm=1.05)


def test_quenching_nuisance(benchmark, prediction):
    benchmark(prediction.counts, quenching=ConstantQuenching(0.085))


def test_new_neutron_radius(benchmark, prediction):
    model = Helm.from_rms_radius(5.5 * fermi)
    benchmark(prediction.counts, form_factor=("helm", model))
