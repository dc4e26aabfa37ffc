"""Throughput of the cross-section kernels (run: python -m pytest benchmarks/bench_physics.py --benchmark-enable)."""

import numpy as np
import pytest

import cevns
from cevns.physics.kinematics import recoil_energy_max
from cevns.units import MeV

N_POINTS = 1_000_000
N_ENERGIES = 10_000


@pytest.fixture(scope="module")
def grid():
    rng = np.random.default_rng(1)
    E = rng.uniform(1, 60, N_POINTS) * MeV
    T = rng.uniform(0, 1, N_POINTS) * recoil_energy_max(E, "Ar40")
    return T, E


@pytest.mark.parametrize("target", ["Ar40", "Xe131", "CsI"])
@pytest.mark.parametrize("validate", [True, False])
def test_differential_cross_section_1e6(benchmark, grid, target, validate):
    T, E = grid
    benchmark(cevns.differential_cross_section, T, E, target, validate=validate)
    benchmark.extra_info["points_per_second"] = N_POINTS / benchmark.stats.stats.mean


@pytest.mark.parametrize("target", ["Ar40", "CsI"])
def test_total_cross_section_1e4(benchmark, target):
    E = np.linspace(1, 300, N_ENERGIES) * MeV
    benchmark(cevns.total_cross_section, E, target)
    benchmark.extra_info["energies_per_second"] = N_ENERGIES / benchmark.stats.stats.mean
