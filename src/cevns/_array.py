"""Array helpers: numerically stable special functions and integration grids."""

from __future__ import annotations

from functools import cache

import numpy as np


def spherical_j1_over_x(x):
    """Return 3 j1(x)/x, the form factor of a uniform sphere, stable at x → 0 (value 1).

    3 j1(x)/x = 3 (sin x − x cos x)/x³; below |x| = 1e-2 the series 1 − x²/10 + x⁴/280 − x⁶/15120 is used
    (its first neglected term is below 1e-17 there).
    """
    x = np.asarray(x, dtype=float)
    if x.size and (x.min() >= 1e-2 or x.max() <= -1e-2):  # the common case: no series needed
        return 3.0 * (np.sin(x) - x * np.cos(x)) / (x * x * x)
    with np.errstate(invalid="ignore", divide="ignore"):  # x = 0 gives 0/0, replaced by the series below
        out = np.asarray(3.0 * (np.sin(x) - x * np.cos(x)) / (x * x * x))
    small = np.abs(x) < 1e-2
    x2 = x[small] ** 2
    out[small] = 1.0 - x2 / 10.0 + x2 * x2 / 280.0 - x2 * x2 * x2 / 15120.0
    return out


def spherical_j0(x):
    """Return j0(x) = sin(x)/x, stable at x → 0 (value 1)."""
    x = np.asarray(x, dtype=float)
    return np.sinc(x / np.pi)


def gauss_legendre(a, b, n: int):
    """Nodes and weights of an n-point Gauss–Legendre rule on [a, b], broadcast over array endpoints.

    Returns ``(nodes, weights)`` with a trailing axis of length ``n``.
    """
    t, w = _legendre(n)
    a = np.asarray(a, dtype=float)[..., None]
    b = np.asarray(b, dtype=float)[..., None]
    half = 0.5 * (b - a)
    return a + half * (t + 1.0), half * w


@cache
def _legendre(n: int):
    """Gauss–Legendre nodes and weights on [−1, 1], computed once per order."""
    return np.polynomial.legendre.leggauss(n)
