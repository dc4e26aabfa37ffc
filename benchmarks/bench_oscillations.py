"""Speed of the oscillation layer: solar P_ee(E) for 10⁴ energies, constant-density and layered propagation.

Run with ``pytest benchmarks/bench_oscillations.py --benchmark-enable``.
Targets: adiabatic solar P_ee for 10⁴ energies < 0.1 s; numerical < 10 s.
"""

import numpy as np
import pytest

from cevns.oscillations import constant_probability, earth_chord_layers, layered_probability, nufit60
from cevns.oscillations import solar_survival_probability
from cevns.oscillations.eigensystem import eigensystem_table
from cevns.units import GeV, MeV, cm3, g, km

ENERGIES = np.geomspace(0.1, 20.0, 10_000) * MeV


@pytest.fixture(scope="module", autouse=True)
def warm_tables():
    # the one-time table reading and eigensystem tabulation are not part of a repeated evaluation
    solar_survival_probability(ENERGIES[:2], "8B")
    eigensystem_table(nufit60(), False)


def test_solar_pee_adiabatic_1e4(benchmark):
    p = benchmark(solar_survival_probability, ENERGIES, "8B")
    assert p.shape == ENERGIES.shape


def test_solar_pee_numerical_1e4(benchmark):
    p = benchmark.pedantic(solar_survival_probability, args=(ENERGIES, "8B"), kwargs={"method": "numerical"},
                           rounds=1, iterations=1)
    assert p.shape == ENERGIES.shape


def test_constant_density_1e4(benchmark):
    e = np.geomspace(0.1, 20, 10_000) * GeV
    p = benchmark(constant_probability, e, 1300 * km, 2.8 * g / cm3, 0.5)
    assert p.shape == (10_000, 3, 3)


def test_earth_core_crossing_1e3(benchmark):
    e = np.geomspace(1, 20, 1_000) * GeV
    layers = earth_chord_layers(0.2)
    p = benchmark.pedantic(layered_probability, args=(e, layers), rounds=1, iterations=1)
    assert p.shape == (1_000, 3, 3)
