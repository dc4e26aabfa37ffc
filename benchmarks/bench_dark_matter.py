"""Speed of the neutrino fog (run: python -m pytest benchmarks/bench_dark_matter.py --benchmark-enable).

Reference: O'Hare's NeutrinoFog code takes about 5.5 s per WIMP mass on one target (issue 12). Targets here: the fog
at one mass ≤ 50 ms (241 exposures, 10⁻⁵ to 10¹⁹ tonne·year, 50 bins, 10 flux nuisances), a whole target
(100 masses) in seconds, and the scaling with Dask workers (the machine these figures come from has 2 cores).
"""

import numpy as np
import pytest

from cevns.dark_matter import discovery_problem, fog_scan, ohare2021, ohare2021_components
from cevns.units import GeV

MASSES = np.geomspace(1.0, 1e4, 100) * GeV


@pytest.fixture(scope="module")
def problem():
    return discovery_problem("Xe131", halo=ohare2021(), components=ohare2021_components())


def test_setup_xe131(benchmark):
    """Binning the ten background components once (then cached in the problem object)."""
    benchmark.pedantic(lambda: discovery_problem("Xe131", halo=ohare2021(), components=ohare2021_components()),
                       rounds=1, iterations=1)


def test_fog_one_mass(benchmark, problem):
    problem.fog(np.array([50.0]) * GeV)
    benchmark(problem.fog, np.array([50.0]) * GeV)


def test_fog_one_mass_spin_dependent(benchmark):
    """The SD-neutron fog of natural xenon at one mass: two isotopes with shell-model structure functions."""
    sd = discovery_problem("Xe", interaction="sdn", halo=ohare2021(), components=ohare2021_components())
    sd.fog(np.array([50.0]) * GeV)
    benchmark(sd.fog, np.array([50.0]) * GeV)


def test_fog_whole_target_100_masses(benchmark, problem):
    benchmark.pedantic(problem.fog, args=(MASSES,), rounds=3, iterations=1)


@pytest.mark.parametrize("workers", [1, 2])
def test_fog_dask_workers(benchmark, problem, workers):
    """100 masses on a local Dask cluster of 1 or 2 processes (cluster start-up excluded)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        fog_scan(problem, MASSES[:4], client=client)  # warm the workers
        benchmark.pedantic(fog_scan, args=(problem, MASSES), kwargs={"client": client}, rounds=2, iterations=1)
