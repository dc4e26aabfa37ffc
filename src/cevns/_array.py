"""Array helpers: numerically stable special functions and integration grids."""

from __future__ import annotations

import math
import os
from functools import cache

import numpy as np

_ERFC = np.frompyfunc(math.erfc, 1, 1)
_LGAMMA = np.frompyfunc(math.lgamma, 1, 1)
#: erfcx switches from exp(x²) erfc(x) to its asymptotic series here; 20 terms leave < 1e-19 at x = 8.
_ERFCX_SERIES_FROM = 8.0
_ERFCX_TERMS = 20
#: 3 j1(x)/x takes its series below this |x|.
_J1_SERIES_BELOW = 1e-2


def spherical_j1_over_x(x):
    """Return 3 j1(x)/x, the form factor of a uniform sphere, stable at x → 0 (value 1).

    3 j1(x)/x = 3 (sin x − x cos x)/x³; below |x| = 1e-2 the series 1 − x²/10 + x⁴/280 − x⁶/15120 is used
    (its first neglected term is below 1e-17 there).
    """
    x = np.asarray(x, dtype=float)
    xs = x.ravel()  # a view where x is contiguous: index arrays need one axis
    if xs.size and (xs.min() >= _J1_SERIES_BELOW or xs.max() <= -_J1_SERIES_BELOW):  # no small argument
        return _sphere(xs).reshape(x.shape)
    small = np.flatnonzero(np.abs(xs) < _J1_SERIES_BELOW)  # few: the points near q = 0
    safe = xs.copy()
    safe[small] = 1.0
    out = _sphere(safe)
    x2 = xs[small] ** 2
    x4 = x2 * x2
    out[small] = 1.0 - x2 / 10.0 + x4 / 280.0 - x4 * x2 / 15120.0
    return out.reshape(x.shape)


def _sphere(x):
    """3 (sin x − x cos x)/x³ for an array (at least 1-d) without small arguments, on two work arrays."""
    out = np.sin(x)
    work = np.cos(x)
    work *= x
    out -= work
    out *= 3.0
    np.multiply(x, x, out=work)
    work *= x
    out /= work
    return out


def erfc(x):
    """Complementary error function, element by element (the C library's erfc; no SciPy import)."""
    x = np.asarray(x, dtype=float)
    return np.asarray(_ERFC(x), dtype=float).reshape(x.shape)


def erfcx(x):
    """Scaled complementary error function exp(x²) erfc(x), finite for large x.

    Below x = 8 the product itself (exp(x²) < 7e27; the rounding of x² costs up to ~1.5e-14); above, the asymptotic
    series 1/(x√π) Σ_n (−1)ⁿ (2n − 1)!!/(2x²)ⁿ (Abramowitz & Stegun 7.1.23), 20 terms.
    """
    shape = np.shape(x)
    x = np.atleast_1d(np.asarray(x, dtype=float))
    large = x >= _ERFCX_SERIES_FROM
    direct = np.where(large, 0.0, x)
    out = np.exp(direct * direct) * erfc(direct)
    if large.any():
        z = x[large]
        u = -0.5 / (z * z)
        term, total = np.ones_like(z), np.ones_like(z)
        for n in range(1, _ERFCX_TERMS + 1):
            term *= (2 * n - 1) * u
            total += term
        out[large] = total / (z * math.sqrt(math.pi))
    return out.reshape(shape)


def poisson_cdf(m, mu):
    """P(N ≤ m) for N Poisson with mean ``mu``: m (k,) integers ≥ 0, mu (n,) ≥ 0 → (k, n).

    The sum of e^(−μ) μⁿ/n! over n ≤ m, each term from its logarithm (no SciPy import); columns are handled
    in chunks so that memory stays bounded for large counts.
    """
    m = np.asarray(m, dtype=int)
    mu = np.asarray(mu, dtype=float)
    n = np.arange(int(m.max(initial=0)) + 1)
    log_factorial = np.asarray(_LGAMMA(n + 1.0), dtype=float)
    out = np.empty((m.size, mu.size))
    for part in chunks(mu.size, max(1, 2**22 // n.size)):
        x = mu[part]
        positive = x > 0
        log_mu = np.log(np.where(positive, x, 1.0))
        pmf = np.exp(n[:, None] * log_mu - x - log_factorial[:, None])
        pmf[:, ~positive] = (n == 0)[:, None]
        out[:, part] = np.cumsum(pmf, axis=0)[m]
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


def unique_sorted(values):
    """The distinct values of a float array in increasing order, as ``np.unique`` (which imports numpy.ma)."""
    values = np.sort(np.ravel(np.asarray(values, dtype=float)))
    keep = np.empty(values.size, dtype=bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def chunks(size: int, step: int):
    """Slices that cover ``range(size)`` in pieces of at most ``step`` (the last may be shorter)."""
    return [slice(start, min(start + step, size)) for start in range(0, size, step)] or [slice(0, 0)]


def available_cores() -> int:
    """The number of processor cores this process may run on (``os.process_cpu_count`` from Python 3.13)."""
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count() or 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity masks on this system
        return os.cpu_count() or 1


def for_each_chunk(work, parts, threads: int | None = None) -> None:
    """Call ``work(part)`` for every slice in ``parts``; ``work`` writes its own results.

    One part, or ``threads=1``, runs here in order; more run on a pool of ``min(threads, len(parts))`` threads
    (``threads=None``: :func:`available_cores`), as NumPy releases the interpreter lock inside its loops. A
    part's result must not depend on the thread that computes it, so the output is the same bits either way.
    """
    workers = min(available_cores() if threads is None else threads, len(parts))
    if workers <= 1:
        for part in parts:
            work(part)
        return
    from concurrent.futures import ThreadPoolExecutor  # here: its import costs ~10 ms of start-up

    with ThreadPoolExecutor(workers) as pool:
        for _ in pool.map(work, parts):  # re-raises a worker's exception here
            pass


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
