"""Speed of flux evaluation (pytest-benchmark; run with `pytest benchmarks/bench_sources.py --benchmark-enable`)."""

import numpy as np
import pytest

from cevns.sources import get
from cevns.units import MeV

ENERGIES = np.geomspace(0.1, 100.0, 1000) * MeV


@pytest.mark.parametrize("name, flavor", [
    ("sns-coherent", "nu_e"), ("reactor-leibstadt", "nubar_e"), ("solar-b16-gs98", "nu_e"),
    ("atmospheric-fluka-2005", "nu_mu"), ("dsnb", "nubar_e"), ("supernova-illustrative-10kpc", "nubar_e"),
])
def test_differential_1000_energies(benchmark, name, flavor):
    flux = get(name)
    flux.differential(ENERGIES, flavor)  # warm the lazy caches
    benchmark(flux.differential, ENERGIES, flavor)


def test_time_pdf_sns(benchmark):
    flux = get("sns-coherent")
    t = np.linspace(-1000.0, 20000.0, 10000)
    benchmark(flux.time_pdf, t, "nu_e")


def test_quadrature_solar(benchmark):
    flux = get("solar-b16-gs98")
    flux.total("nu_e")
    benchmark(flux.quadrature, "nu_e")


def test_oscillated_reactor(benchmark):
    p = np.full((3, 3), 1.0 / 3.0)
    flux = get("reactor-leibstadt").oscillated(p)
    benchmark(flux.differential, ENERGIES, "nubar_mu")
