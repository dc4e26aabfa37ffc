"""Throughput of the cross-section kernels against a floor (run: python -m pytest benchmarks/bench_physics.py
--benchmark-enable).

The floor is the same physics written as plain vectorised NumPy for one isotope (Helm form factor, J = 0,
tree-level couplings), with nothing else: no validation, no caching, no generality. It lives only here, as the
yardstick of the ``*_floor`` benchmarks; compare each ``test_*_cevns`` median with its floor.
"""

import numpy as np
import pytest

import cevns
from cevns import constants
from cevns.physics.form_factors import Helm
from cevns.physics.kinematics import recoil_energy_max
from cevns.units import MeV, keV

N_POINTS = 1_000_000
N_ENERGIES = 10_000


class Floor:
    """dσ/dT and σ(E) (16-node Gauss–Legendre in T on [0, T_max]) for a spin-0 nucleus, in plain NumPy."""

    def __init__(self, name):
        iso = cevns.isotope(name)
        helm = Helm.lewin_smith(iso.A)
        self.M, self.qw = iso.mass, cevns.weak_charge(iso)
        self.R, self.s = helm.box_radius / constants.hbarc, helm.surface_thickness / constants.hbarc
        self.G2 = constants.fermi_coupling**2 * constants.hbarc_squared
        self.t, self.w = np.polynomial.legendre.leggauss(16)

    def dsigma(self, T, E):
        M = self.M
        q = np.sqrt(2 * M * T + T * T)
        x = q * self.R
        F = 3 * (np.sin(x) - x * np.cos(x)) / x**3 * np.exp(-0.5 * (q * self.s) ** 2)
        value = self.G2 * M / np.pi * self.qw**2 * F * F * (1 - T / E - M * T / (2 * E * E) + T * T / (2 * E * E))
        return np.where(T <= 2 * E * E / (M + 2 * E), value, 0.0)

    def sigma(self, E):
        tmax = 2 * E * E / (self.M + 2 * E)
        T = 0.5 * tmax[:, None] * (self.t + 1)
        return (0.5 * tmax[:, None] * self.w * self.dsigma(T, E[:, None])).sum(-1)


@pytest.fixture(scope="module")
def ar40():
    return Floor("Ar40")


@pytest.fixture(scope="module")
def recoils():
    return np.linspace(0.1, 30, 1000) * keV


@pytest.fixture(scope="module")
def sns_energies():
    return np.linspace(1, 60, 1000) * MeV


def test_floor_agrees_with_cevns(ar40, recoils, sns_energies):
    """The yardstick computes the same numbers (else the ratios mean nothing)."""
    assert np.allclose(ar40.dsigma(recoils, 30 * MeV), cevns.differential_cross_section(recoils, 30 * MeV, "Ar40"),
                       rtol=1e-12)
    assert np.allclose(ar40.sigma(sns_energies), cevns.total_cross_section(sns_energies, "Ar40"), rtol=1e-10)


def test_dsigma_ar40_1000_floor(benchmark, ar40, recoils):
    benchmark(ar40.dsigma, recoils, 30 * MeV)


def test_dsigma_ar40_1000_cevns(benchmark, recoils):
    benchmark(cevns.differential_cross_section, recoils, 30 * MeV, "Ar40")


def test_sigma_ar40_1000_floor(benchmark, ar40, sns_energies):
    benchmark(ar40.sigma, sns_energies)


def test_sigma_ar40_1000_cevns(benchmark, sns_energies):
    benchmark(cevns.total_cross_section, sns_energies, "Ar40")


def test_sigma_xe131_threshold_to_100_gev(benchmark):
    """No floor: one 16-node panel is wrong above ~1 GeV; this is the cost of the converged answer."""
    E = np.geomspace(0.1, 1e5, 1000) * MeV
    benchmark(cevns.total_cross_section, E, "Xe131")


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
