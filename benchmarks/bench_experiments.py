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


def test_new_neutron_radius(benchmark, prediction):
    model = Helm.from_rms_radius(5.5 * fermi)
    benchmark(prediction.counts, form_factor=("helm", model))
