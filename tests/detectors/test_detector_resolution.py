"""Resolution models: normalisation, moments, limits, and an independent gamma implementation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from cevns.detectors import (
    GammaResolution,
    GaussianResolution,
    PoissonResolution,
    SmearingMatrix,
    perfect_bin_probabilities,
)
from cevns.errors import OutOfDomainError
from cevns.units import keV


def _moments(P, edges):
    centres = 0.5 * (edges[1:] + edges[:-1])
    mean = centres @ P
    var = (centres**2) @ P - mean**2
    return mean, var


# --- Gaussian -------------------------------------------------------------------------------------------------

def test_gaussian_width_formula():
    # σ² = a² + b² x + c² x²: each term alone.
    x = np.array([4.0, 9.0])
    np.testing.assert_allclose(GaussianResolution(a=2.0).width(x), [2.0, 2.0])
    np.testing.assert_allclose(GaussianResolution(b=0.5).width(x), 0.5 * np.sqrt(x))
    np.testing.assert_allclose(GaussianResolution(c=0.1).width(x), 0.1 * x)


def test_gaussian_bins_covering_the_support_sum_to_one():
    model = GaussianResolution(a=1.0, b=0.3, c=0.05)
    x = np.array([20.0, 35.0, 50.0])
    edges = np.linspace(-50.0, 150.0, 41)  # ±10σ and more around every x
    np.testing.assert_allclose(model.bin_probabilities(x, edges).sum(axis=0), 1.0, rtol=1e-12)


def test_gaussian_bin_probability_against_erf():
    # P = [erf((hi − x)/(σ√2)) − erf((lo − x)/(σ√2))]/2 with σ = sqrt(1 + 0.09·10) at x = 10.
    sigma = math.sqrt(1.0 + 0.09 * 10.0)
    expected = 0.5 * (math.erf((12.0 - 10.0) / (sigma * math.sqrt(2))) - math.erf((9.0 - 10.0) / (sigma * math.sqrt(2))))
    P = GaussianResolution(a=1.0, b=0.3).bin_probabilities([10.0], [9.0, 12.0])
    assert P.shape == (1, 1)
    assert float(P[0, 0]) == pytest.approx(expected, rel=1e-12)


def test_gaussian_moments_recovered():
    model = GaussianResolution(a=2.0)
    edges = np.linspace(-40.0, 60.0, 2001)
    mean, var = _moments(model.bin_probabilities([10.0], edges)[:, 0], edges)
    w = edges[1] - edges[0]
    assert mean == pytest.approx(10.0, abs=1e-9)
    assert var == pytest.approx(4.0 + w**2 / 12, rel=1e-6)  # Sheppard's correction w²/12 for binning


def test_zero_width_is_perfect_resolution():
    x = np.array([0.0, 0.5, 1.0, 2.5, 3.99, 4.0, 7.0])
    edges = np.array([0.0, 1.0, 2.0, 4.0])
    expected = np.zeros((3, x.size))
    for j, value in enumerate(x):  # bin i holds edges[i] <= x < edges[i+1]
        i = np.searchsorted(edges, value, side="right") - 1
        if 0 <= i < 3:
            expected[i, j] = 1.0
    np.testing.assert_array_equal(perfect_bin_probabilities(x, edges), expected)
    np.testing.assert_array_equal(GaussianResolution().bin_probabilities(x, edges), expected)


@settings(max_examples=40, deadline=None)
@given(a=st.floats(0, 5), b=st.floats(0, 2), c=st.floats(0, 0.5), x=st.floats(0, 100))
def test_gaussian_probabilities_are_probabilities(a, b, c, x):
    P = GaussianResolution(a, b, c).bin_probabilities([x], np.linspace(0.0, 120.0, 25))
    assert np.all(P >= 0.0) and np.all(P <= 1.0)
    assert P.sum() <= 1.0 + 1e-12


def test_gaussian_validation_names_the_field():
    with pytest.raises(OutOfDomainError, match="b must be >= 0"):
        GaussianResolution(b=-1.0)
    with pytest.raises(OutOfDomainError, match="reco_edges"):
        GaussianResolution(a=1.0).bin_probabilities([1.0], [3.0, 2.0])
    with pytest.raises(OutOfDomainError, match="true_values"):
        GaussianResolution(a=1.0).bin_probabilities([-1.0], [0.0, 2.0])


# --- Poisson --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("mu", [0.3, 4.0, 25.0])
def test_poisson_mean_and_variance(mu):
    # Unit bins [n, n+1) hold the integer n; a Poisson count has mean = variance = μ.
    edges = np.arange(0.0, 200.0)
    P = PoissonResolution().bin_probabilities([mu], edges)[:, 0]
    n = edges[:-1]
    assert P.sum() == pytest.approx(1.0, abs=1e-12)
    assert n @ P == pytest.approx(mu, rel=1e-10)
    assert (n**2) @ P - (n @ P) ** 2 == pytest.approx(mu, rel=1e-9)


def test_poisson_single_values():
    mu = 2.5
    P = PoissonResolution().bin_probabilities([mu, 0.0], [0.0, 0.5, 1.5, 3.0])
    # [0, 0.5) holds n = 0: e^−μ; [0.5, 1.5) holds n = 1: μ e^−μ; [1.5, 3) holds n = 2: μ² e^−μ / 2.
    np.testing.assert_allclose(P[:, 0], [math.exp(-mu), mu * math.exp(-mu), mu**2 * math.exp(-mu) / 2], rtol=1e-12)
    np.testing.assert_array_equal(P[:, 1], [1.0, 0.0, 0.0])  # μ = 0: always zero photo-electrons


# --- Gamma ----------------------------------------------------------------------------------------------------

def test_gamma_mean_and_variance():
    model = GammaResolution(shape_slope=0.5, shape_offset=1.0)
    x = 8.0
    k = 1.0 + 0.5 * x
    edges = np.linspace(0.0, 80.0, 8001)
    mean, var = _moments(model.bin_probabilities([x], edges)[:, 0], edges)
    assert mean == pytest.approx(x, rel=1e-6)
    assert var == pytest.approx(x * x / k, rel=1e-4)


def test_gamma_matches_coherent_csi_2021_form():
    # COHERENT CsI[Na] 2021 (arXiv:2110.07730): P(y) ∝ y^b exp(−a(1+b) y), a = 0.0749 keVee/E_ee, b = 9.56 E_ee/keVee,
    # i.e. a gamma distribution of shape 1 + b and scale 1/(a(1+b)) (scipy's independent implementation).
    E_ee = 2.0  # keVee
    a, b = 0.0749 / E_ee, 9.56 * E_ee
    reference = stats.gamma(a=1 + b, scale=1 / (a * (1 + b)))
    edges = np.array([0.0, 10.0, 20.0, 25.0, 30.0, 40.0, 60.0])
    expected = np.diff(reference.cdf(edges))
    mean_pe = 13.35 * E_ee  # light yield 13.35 PE/keVee = 1/0.0749 (arXiv:2110.07730)
    P = GammaResolution.coherent_csi_2021().bin_probabilities([E_ee / 0.0749], edges)[:, 0]
    np.testing.assert_allclose(P, expected, rtol=1e-10, atol=1e-14)
    assert reference.mean() == pytest.approx(mean_pe, rel=1e-3)


def test_gamma_at_zero_puts_everything_at_zero():
    P = GammaResolution(0.3).bin_probabilities([0.0], [0.0, 1.0, 2.0])
    np.testing.assert_array_equal(P[:, 0], [1.0, 0.0])


# --- User matrix ----------------------------------------------------------------------------------------------

def test_identity_matrix_is_perfect_resolution():
    edges = np.array([0.0, 1.0, 2.0, 4.0]) * keV
    model = SmearingMatrix(np.eye(3), edges, edges)
    x = np.array([0.5, 1.5, 3.0, 5.0]) * keV
    np.testing.assert_array_equal(model.bin_probabilities(x, edges), perfect_bin_probabilities(x, edges))


def test_smearing_matrix_rebinning():
    m = np.array([[0.6, 0.1], [0.3, 0.7], [0.1, 0.2]])
    model = SmearingMatrix(m, [0.0, 1.0, 2.0], [0.0, 1.0, 2.0, 3.0])
    # Merging reco bins adds rows; halving a bin splits its row evenly (uniform within the old bin).
    np.testing.assert_allclose(model.bin_probabilities([0.5, 1.5], [0.0, 2.0, 3.0]), [[0.9, 0.8], [0.1, 0.2]])
    np.testing.assert_allclose(model.bin_probabilities([0.5], [0.0, 0.5, 1.0])[:, 0], [0.3, 0.3])
    np.testing.assert_array_equal(model.bin_probabilities([2.5], [0.0, 3.0]), [[0.0]])  # outside the true bins


def test_smearing_matrix_validation():
    with pytest.raises(OutOfDomainError, match="sum to <= 1"):
        SmearingMatrix([[0.8], [0.4]], [0.0, 1.0], [0.0, 1.0, 2.0])
    with pytest.raises(OutOfDomainError, match="shape"):
        SmearingMatrix(np.eye(2), [0.0, 1.0], [0.0, 1.0, 2.0])
    with pytest.raises(OutOfDomainError, match="matrix"):
        SmearingMatrix([[1.5]], [0.0, 1.0], [0.0, 1.0])
