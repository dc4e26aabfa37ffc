"""Likelihoods and the neutron-radius fit."""

import numpy as np
import pytest

from cevns import experiments
from cevns.stats import PoissonCost, fit_neutron_radius, neutron_radius_form_factor, poisson_deviance
from cevns.units import fermi

pytest.importorskip("iminuit")


def test_deviance_limits():
    # zero at n = μ; for one bin 2[μ − n + n ln(n/μ)], e.g. n = 4, μ = 2: 2(−2 + 4 ln 2)
    assert poisson_deviance([3, 0, 7], [3, 0, 7]) == 0.0
    assert poisson_deviance([4], [2]) == pytest.approx(2 * (-2 + 4 * np.log(2)))
    assert poisson_deviance([0], [1.5]) == pytest.approx(3.0)
    assert poisson_deviance([1], [0]) == np.inf


def test_constraint_adds_chi_square():
    cost = PoissonCost([5.0], lambda flux_norm: np.array([5.0]), {"flux_norm": 1.0}, {"flux_norm": (1.0, 0.1)})
    assert cost(1.2) == pytest.approx(4.0)  # ((1.2 − 1)/0.1)² and a perfect Poisson term


def test_asimov_fit_recovers_the_neutron_radius():
    # Asimov data (expected counts as observation) made with R_n = 5.2 fm: the fit must return 5.2 fm
    exp = experiments.get("coherent-csi-2021")
    truth = 5.2 * fermi
    asimov = exp.prediction.counts(form_factor=neutron_radius_form_factor(truth)).sum(axis=(0, 1))
    result = fit_neutron_radius(exp, asimov, start=4.6 * fermi, flux_sigma=0.1)
    assert result["valid"]
    assert result["radius_n"] / fermi == pytest.approx(5.2, abs=1e-3)
    assert result["flux_norm"] == pytest.approx(1.0, abs=1e-3)
    assert result["deviance"] == pytest.approx(0.0, abs=1e-6)
    # with a 10% flux uncertainty and ~300 events the radius is known to about a fermi (COHERENT 2021: ±1 fm level)
    assert 0.2 < result["radius_n_error"] / fermi < 3.0
