"""Mean free paths on a 100 densities × 100 energies grid (run: python -m pytest benchmarks/bench_stellar.py
--benchmark-enable); the target is under 50 ms per grid."""

import numpy as np
import pytest

from cevns.stellar import GRAM_PER_CM3, mean_free_path
from cevns.units import MeV

DENSITIES = np.geomspace(1e10, 1e14, 100) * GRAM_PER_CM3
ENERGIES = np.geomspace(1, 100, 100) * MeV


@pytest.mark.parametrize("correlations", ["horowitz1997", "debye-huckel", "none"])
def test_mean_free_path_grid_iron(benchmark, correlations):
    lam = benchmark(mean_free_path, ENERGIES, DENSITIES[:, None], 1 * MeV, "Fe56", correlations=correlations)
    assert lam.shape == (100, 100)
    benchmark.extra_info["grid_points"] = lam.size


def test_mean_free_path_grid_mixture_screened(benchmark):
    lam = benchmark(mean_free_path, ENERGIES, DENSITIES[:, None], 1 * MeV, "Kr80:0.7,He4:0.1,n:0.15,p:0.05",
                    electron_fraction=0.4, electron_screening=True)
    assert lam.shape == (100, 100)


def test_mean_free_path_grid_mixture_screened_cold(benchmark):
    """The same grid with the kernel cache emptied before each round (a first call on a new energy grid)."""
    from cevns.stellar.transport import angular_kernel

    lam = benchmark.pedantic(mean_free_path, args=(ENERGIES, DENSITIES[:, None], 1 * MeV,
                                                   "Kr80:0.7,He4:0.1,n:0.15,p:0.05"),
                             kwargs=dict(electron_fraction=0.4, electron_screening=True),
                             setup=angular_kernel.cache_clear, rounds=10)
    assert lam.shape == (100, 100)
