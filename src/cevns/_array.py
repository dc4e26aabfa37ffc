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
    small = np.atleast_1d(np.abs(x) < 1e-2)
    xs = np.where(small, 1.0, x)
    out = np.sin(xs)
    out -= xs * np.cos(xs)
    out *= 3.0
    out /= xs * xs * xs
    if small.any():
        x2 = np.atleast_1d(x)[small] ** 2
        out[small] = 1.0 - x2 / 10.0 + x2 * x2 / 280.0 - x2 * x2 * x2 / 15120.0
    return out.reshape(x.shape)


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


def chunks(size: int, step: int):
    """Slices that cover ``range(size)`` in pieces of at most ``step`` (the last may be shorter)."""
    return [slice(start, min(start + step, size)) for start in range(0, size, step)] or [slice(0, 0)]


@cache
def legendre_interpolation(n: int):
    """Matrices that map values at the n Gauss–Legendre nodes on [−1, 1] to coefficients of their interpolant p.

    Returns ``(to_legendre, to_tail)``: ``to_legendre @ values`` are the Legendre coefficients of p (degree
    n − 1), whose last entries measure how well p resolves the function; ``to_tail @ values`` are the power
    coefficients in u (degree n) of the tail integral A(u) = ∫_u^1 p(s) ds. A(−1) equals the n-point
    Gauss–Legendre sum, so whole panels and partial panels share one quadrature.
    """
    t, w = _legendre(n)
    to_legendre = (np.arange(n)[:, None] + 0.5) * (np.polynomial.legendre.legvander(t, n - 1) * w[:, None]).T
    to_power = np.linalg.inv(np.vander(t, n, increasing=True))  # p(u) = Σ_k a_k u^k
    k = np.arange(1, n + 1)[:, None]
    to_tail = np.vstack([(to_power / k).sum(0, keepdims=True), -to_power / k])  # ∫_u^1 s^(k−1) ds = (1 − u^k)/k
    return to_legendre, to_tail
