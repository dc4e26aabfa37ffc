"""Speed of the detector response (run: python -m pytest benchmarks/bench_detectors.py --benchmark-enable).

The case is COHERENT CsI[Na] 2021-like: 300 recoil energies from 0.5 to 100 keVnr, 30 bins of 2 PE, polynomial
quenching, 13.35 PE/keVee, gamma smearing, sigmoid efficiency. The figure of merit is the rebuild of the 30 × 300
matrix for new nuisance values (quenching scale, light yield, efficiency midpoint), as a fit does at every step.
"""

from dataclasses import replace

import numpy as np
import pytest

from cevns.detectors import (
    EnergyScale,
    GammaResolution,
    GaussianResolution,
    PoissonResolution,
    Response,
    ScaledQuenching,
    SigmoidEfficiency,
    csi_coherent_2021,
)
from cevns.units import keV

T_GRID = np.linspace(0.5, 100.0, 300) * keV
PE_EDGES = np.linspace(0.0, 60.0, 31)
RESOLUTIONS = {
    "gamma": GammaResolution.coherent_csi_2021(),
    "gaussian": GaussianResolution(a=1.0, b=0.8),
    "poisson": PoissonResolution(),
}


def _response(resolution):
    return Response(quenching=csi_coherent_2021(), energy_scale=EnergyScale.coherent_csi_2021(),
                    resolution=RESOLUTIONS[resolution], efficiency=SigmoidEfficiency.coherent_csi_2021())


@pytest.mark.parametrize("resolution", sorted(RESOLUTIONS))
def test_rebuild_with_new_nuisance_values(benchmark, resolution):
    response = _response(resolution)
    built = response.build(T_GRID, PE_EDGES)
    nominal_qf, nominal_eff = response.quenching, response.efficiency
    rng = np.random.default_rng(3)

    def step():
        pulls = rng.normal(size=3)
        return built.evaluate(quenching=ScaledQuenching(nominal_qf, 1.0 + 0.05 * abs(pulls[0])),
                              energy_scale=EnergyScale((13.35 + 0.2 * pulls[1]) / keV),
                              efficiency=replace(nominal_eff, x0=10.8646 + 0.5 * pulls[2]))

    R = benchmark(step)
    assert R.shape == (30, 300)


@pytest.mark.parametrize("resolution", sorted(RESOLUTIONS))
def test_nominal_evaluate(benchmark, resolution):
    built = _response(resolution).build(T_GRID, PE_EDGES)
    benchmark(built.evaluate)


@pytest.mark.parametrize("resolution", sorted(RESOLUTIONS))
def test_build(benchmark, resolution):
    response = _response(resolution)
    benchmark.pedantic(response.build, args=(T_GRID, PE_EDGES), rounds=5, iterations=1)


@pytest.mark.parametrize("resolution", sorted(RESOLUTIONS))
def test_direct_matrix(benchmark, resolution):
    response = _response(resolution)
    benchmark.pedantic(response.matrix, args=(T_GRID, PE_EDGES), rounds=5, iterations=1)
