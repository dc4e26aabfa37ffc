"""The SciPy-free special functions of cevns._array against SciPy's (an independent implementation) and exact values,
and its numpy.ma-free unique against NumPy's."""

import math

import numpy as np
from scipy import special

from cevns._array import erfc, erfcx, poisson_cdf


def test_erfc_matches_scipy_and_exact_values():
    x = np.linspace(-6.0, 26.0, 20001)
    assert np.allclose(erfc(x), special.erfc(x), rtol=1e-13, atol=0.0)
    assert erfc(0.0) == 1.0 and np.shape(erfc(0.0)) == ()


def test_erfcx_on_both_sides_of_the_series_switch():
    x = np.concatenate([np.linspace(0.0, 7.999, 4001), np.linspace(8.0, 40.0, 4001), np.geomspace(40.0, 1e150, 50)])
    assert np.allclose(erfcx(x), special.erfcx(x), rtol=1e-13, atol=0.0)
    # large-x limit 1/(x√π) (Abramowitz & Stegun 7.1.23, leading term)
    assert erfcx(1e8) == np.float64(1.0 / (1e8 * math.sqrt(math.pi)))


def test_poisson_cdf_matches_scipy_and_the_first_term():
    m = np.arange(0, 400)
    mu = np.concatenate([[0.0], np.geomspace(1e-4, 500.0, 300)])
    expected = special.pdtr(m[:, None], mu[None, :])
    assert np.allclose(poisson_cdf(m, mu), expected, rtol=1e-12, atol=1e-15)
    assert np.allclose(poisson_cdf([0], mu)[0], np.exp(-mu), rtol=1e-14, atol=0.0)  # P(N = 0) = e^(−μ)
    assert np.all(poisson_cdf([0, 5], [0.0]) == 1.0)  # μ = 0: N = 0 surely


def test_unique_sorted_is_numpys_unique():
    from cevns._array import unique_sorted

    values = np.random.default_rng(4).integers(0, 50, 400) / 7.0
    assert np.array_equal(unique_sorted(values), np.unique(values))
    assert np.array_equal(unique_sorted([3.0, -0.0, 0.0, 3.0]), [0.0, 3.0])
    assert unique_sorted([]).size == 0
