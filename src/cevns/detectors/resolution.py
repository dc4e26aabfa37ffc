"""Resolution: the probability that a true observable value is reconstructed in each bin.

The observable x is what the detector reads out: electron-equivalent energy [energy], photo-electrons (a count,
dimensionless), or charge carriers. Every model provides

    ``bin_probabilities(true_values, reco_edges) -> ndarray (n_reco_bins, n_true)``

with entry [i, j] the probability that true value x_j is reconstructed in [edges[i], edges[i+1]). Each column sums
to at most 1, and to 1 when the bins cover the support of the smearing. ``None`` in a :class:`~.Response` means
perfect resolution (:func:`perfect_bin_probabilities`).

Models: :class:`GaussianResolution` (energy-dependent width), :class:`PoissonResolution` (photo-electron counting),
:class:`GammaResolution` (the gamma smearing of COHERENT CsI[Na] 2021) and :class:`SmearingMatrix` (a user's matrix).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from .. import _validate
from .._array import poisson_cdf
from ..errors import OutOfDomainError
from ._checks import set_scalar

__all__ = [
    "ResolutionModel",
    "GaussianResolution",
    "PoissonResolution",
    "GammaResolution",
    "SmearingMatrix",
    "perfect_bin_probabilities",
    "as_edges",
    "CSI_GAMMA_SHAPE_PER_KEVEE_2021",
    "CSI_GAMMA_SCALE_KEVEE_2021",
    "ARGON_RESOLUTION_SQRT_KEVEE_2020",
]

#: COHERENT CsI[Na] 2021 gamma smearing: P(x) ∝ x^b e^(−a(1+b)x) with a = 0.0749 keVee / E_ee and b = 9.56 E_ee/keVee,
#: x in photo-electrons (COHERENT, PRL 129 (2022) 081801, arXiv:2110.07730, data release): shape k = 1 + b.
CSI_GAMMA_SHAPE_PER_KEVEE_2021 = 9.56
#: The "a" of the same gamma smearing, a = 0.0749 keVee / E_ee, so that the mean is 1/a = E_ee / (0.0749 keVee),
#: i.e. a light yield of 13.35 PE/keVee (arXiv:2110.07730).
CSI_GAMMA_SCALE_KEVEE_2021 = 0.0749
#: COHERENT CENNS-10 liquid argon: σ(E_ee) = 0.58 keV · sqrt(E_ee/keV) (PRL 126 (2021) 012002, arXiv:2003.10630,
#: and its data release arXiv:2006.12659).
ARGON_RESOLUTION_SQRT_KEVEE_2020 = 0.58


#: Rounding allowance on the column sums of a user's smearing matrix.
_COLUMN_SUM_TOLERANCE = 1e-9


def as_edges(name: str, edges) -> np.ndarray:
    """Validate bin edges: a finite, strictly increasing 1-d array of at least 2 values."""
    arr = _validate.as_array(name, edges)
    if arr.ndim != 1 or arr.size < 2:
        raise OutOfDomainError(f"{name} must be a 1-d array of at least 2 edges, got shape {arr.shape}")
    if np.any(np.diff(arr) <= 0):
        bad = int(np.argmax(np.diff(arr) <= 0))
        raise OutOfDomainError(
            f"{name} must be strictly increasing, got {name}[{bad}]={arr[bad]!r} >= {name}[{bad + 1}]={arr[bad + 1]!r}"
        )
    return arr


def _true_values(true_values) -> np.ndarray:
    x = _validate.non_negative("true_values", true_values)
    return np.atleast_1d(x)


def perfect_bin_probabilities(true_values, reco_edges) -> np.ndarray:
    """Perfect resolution: 1 in the bin [edges[i], edges[i+1]) that contains x_j, 0 elsewhere.

    Returns
    -------
    ndarray (n_reco_bins, n_true)
    """
    x = _true_values(true_values)
    edges = as_edges("reco_edges", reco_edges)
    return _perfect(x, edges)


def _perfect(x, edges):
    below = x[None, :] < edges[:, None]  # [edge, true]
    return np.diff(below.astype(float), axis=0)


class ResolutionModel:
    """Base of the smearing models.

    A subclass implements ``_bin_probabilities(x, edges)``: x a validated 1-d float array of true values ≥ 0, edges a
    non-decreasing 1-d array (a :class:`~.Response` threshold may give zero-width bins, whose probability must be 0);
    it returns the (len(edges) − 1, len(x)) array of probabilities, vectorised.

    ``smooth`` says whether the bin probabilities vary smoothly with the true value, so that they may be
    tabulated once on a fine grid of true values and interpolated (see :class:`~.ResponseMatrix`).
    """

    smooth: ClassVar[bool] = True
    #: Whether the reconstructed observable takes only integer values (a count of photo-electrons).
    counts: ClassVar[bool] = False

    def bin_probabilities(self, true_values, reco_edges) -> np.ndarray:
        """Probability [i, j] that true value x_j is reconstructed in bin [edges[i], edges[i+1]).

        Parameters
        ----------
        true_values : array_like [observable]
            True (mean) observable values, ≥ 0.
        reco_edges : array_like [observable]
            Strictly increasing bin edges.

        Returns
        -------
        ndarray (n_reco_bins, n_true)
        """
        x = _true_values(true_values)
        edges = as_edges("reco_edges", reco_edges)
        return self._bin_probabilities(x, edges)

    def _bin_probabilities(self, x, edges):  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class GaussianResolution(ResolutionModel):
    """Gaussian smearing with an energy-dependent width σ(x)² = a² + b² x + c² x².

    Parameters
    ----------
    a : float [observable]
        Constant (noise) term, ≥ 0.
    b : float [observable^(1/2)]
        Stochastic term, ≥ 0: σ = b √x when alone (e.g. 0.58 keV^(1/2) for argon, so b = 0.58 * sqrt(keV)).
    c : float
        Relative (calibration) term, ≥ 0, dimensionless.

    Notes
    -----
    P(bin i | x) = Φ((e_{i+1} − x)/σ) − Φ((e_i − x)/σ), Φ the standard normal CDF. Where σ = 0 the smearing is
    perfect. The Gaussian is not truncated at x = 0: bins starting at 0 miss the (small) mass at negative values.

    References
    ----------
    Argon, σ = 0.58 √(E_ee keV): COHERENT, PRL 126 (2021) 012002, arXiv:2003.10630
    (:data:`ARGON_RESOLUTION_SQRT_KEVEE_2020`).
    """

    a: float = 0.0
    b: float = 0.0
    c: float = 0.0

    def __post_init__(self):
        for name in ("a", "b", "c"):
            set_scalar(self, name, minimum=0.0)

    def width(self, true_values) -> np.ndarray:
        """σ(x) [observable]."""
        x = _validate.non_negative("true_values", true_values)
        return self._width(x)

    def _width(self, x):
        return np.sqrt(self.a * self.a + self.b * self.b * x + self.c * self.c * x * x)

    def _bin_probabilities(self, x, edges):
        from scipy import special

        sigma = self._width(x)
        positive = sigma > 0
        safe = np.where(positive, sigma, 1.0)
        cdf = np.where(positive[None, :], special.ndtr((edges[:, None] - x[None, :]) / safe[None, :]),
                       (edges[:, None] > x[None, :]).astype(float))
        return np.diff(cdf, axis=0)


@dataclass(frozen=True)
class PoissonResolution(ResolutionModel):
    """Photo-electron counting statistics: the observed number of PE is Poisson with mean x.

    The observable is a count (photo-electrons); bin [e_i, e_{i+1}) holds the integers n with e_i ≤ n < e_{i+1}.

    Notes
    -----
    P(n | μ) = μⁿ e^(−μ)/n!, so P(bin i | μ) = F(⌈e_{i+1}⌉ − 1; μ) − F(⌈e_i⌉ − 1; μ) with F(m; μ) = Q(m + 1, μ) the
    Poisson CDF (regularised upper incomplete gamma function; F(−1) = 0). Mean and variance are μ.
    """

    counts: ClassVar[bool] = True

    def _bin_probabilities(self, x, edges):
        m = np.ceil(edges) - 1.0
        cdf = np.where(m[:, None] >= 0, poisson_cdf(np.maximum(m, 0.0), x), 0.0)
        return np.diff(cdf, axis=0)


@dataclass(frozen=True)
class GammaResolution(ResolutionModel):
    """Gamma-distributed observable with mean x and shape k(x) = shape_offset + shape_slope · x.

    Parameters
    ----------
    shape_slope : float [1/observable]
        Growth of the shape parameter with the mean, ≥ 0.
    shape_offset : float
        Shape at x → 0, > 0 (1 in COHERENT's form).

    Notes
    -----
    p(y | x) = y^(k−1) e^(−y/θ) / (Γ(k) θ^k) with θ = x/k, so the mean is x and the variance x²/k.
    P(bin i | x) = P(k, e_{i+1}/θ) − P(k, e_i/θ), P the regularised lower incomplete gamma function. x = 0 gives
    all probability at y = 0.

    COHERENT's CsI[Na] 2021 form, P(y) ∝ y^b e^(−a(1+b) y) with a = 0.0749 keVee/E_ee and b = 9.56 E_ee/keVee, is
    this model with y in photo-electrons, x = E_ee/(0.0749 keVee) = 13.35 PE/keVee · E_ee, shape_offset = 1 and
    shape_slope = 9.56 × 0.0749 per PE (:meth:`coherent_csi_2021`).

    References
    ----------
    COHERENT, PRL 129 (2022) 081801, arXiv:2110.07730.
    """

    shape_slope: float
    shape_offset: float = 1.0

    def __post_init__(self):
        set_scalar(self, "shape_slope", minimum=0.0)
        set_scalar(self, "shape_offset", minimum=0.0, strict=True)

    @classmethod
    def coherent_csi_2021(cls) -> GammaResolution:
        """The CsI[Na] smearing of COHERENT 2021 in photo-electrons (arXiv:2110.07730)."""
        return cls(shape_slope=CSI_GAMMA_SHAPE_PER_KEVEE_2021 * CSI_GAMMA_SCALE_KEVEE_2021, shape_offset=1.0)

    def shape(self, true_values) -> np.ndarray:
        """Shape parameter k(x)."""
        x = _validate.non_negative("true_values", true_values)
        return self.shape_offset + self.shape_slope * x

    def _bin_probabilities(self, x, edges):
        from scipy import special

        k = self.shape_offset + self.shape_slope * x
        positive = x > 0
        inv_theta = np.where(positive, k / np.where(positive, x, 1.0), 0.0)
        arg = np.maximum(edges, 0.0)[:, None] * inv_theta[None, :]
        cdf = np.where(positive[None, :], special.gammainc(k[None, :], arg),
                       (edges[:, None] > 0.0).astype(float))
        return np.diff(cdf, axis=0)


@dataclass(frozen=True, eq=False)
class SmearingMatrix(ResolutionModel):
    """A user's smearing matrix: matrix[i, t] = P(reconstructed in reco bin i | true value in true bin t).

    Parameters
    ----------
    matrix : array_like (n_reco, n_true)
        Entries in [0, 1]; each column sums to at most 1 (to 1e-9).
    true_edges : array_like (n_true + 1) [observable]
    reco_edges : array_like (n_reco + 1) [observable]

    Notes
    -----
    A true value outside ``true_edges`` is never reconstructed (zero column). When asked for other reconstructed
    bins the matrix is rebinned assuming the events of each of its reco bins are spread uniformly across it:
    P(new bin i) = Σ_k |new_i ∩ old_k| / |old_k| · matrix[k, t].
    """

    matrix: Any
    true_edges: Any
    reco_edges: Any

    smooth: ClassVar[bool] = False

    def __post_init__(self):
        true_edges = as_edges("true_edges", self.true_edges)
        reco_edges = as_edges("reco_edges", self.reco_edges)
        m = _validate.fraction("matrix", self.matrix)
        expected = (reco_edges.size - 1, true_edges.size - 1)
        if m.shape != expected:
            raise OutOfDomainError(f"matrix must have shape (n_reco, n_true) = {expected}, got {m.shape}")
        sums = m.sum(axis=0)
        if np.any(sums > 1.0 + _COLUMN_SUM_TOLERANCE):
            bad = int(np.argmax(sums))
            raise OutOfDomainError(f"matrix columns must sum to <= 1, got column {bad} summing to {sums[bad]!r}")
        for name, arr in (("matrix", m), ("true_edges", true_edges), ("reco_edges", reco_edges)):
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    def rebinning(self, reco_edges) -> np.ndarray:
        """Overlap operator O[i, k] = |new_i ∩ old_k| / |old_k| from the matrix's reco bins to ``reco_edges``."""
        new = as_edges("reco_edges", reco_edges)
        return self._rebinning(new)

    def _rebinning(self, new):
        old = self.reco_edges
        if new.shape == old.shape and np.array_equal(new, old):
            return np.eye(old.size - 1)
        lo = np.maximum(new[:-1, None], old[None, :-1])
        hi = np.minimum(new[1:, None], old[None, 1:])
        return np.clip(hi - lo, 0.0, None) / np.diff(old)[None, :]

    def _bin_probabilities(self, x, edges):
        t = np.searchsorted(self.true_edges, x, side="right") - 1
        inside = (t >= 0) & (t < self.true_edges.size - 1)
        columns = np.where(inside[None, :], self.matrix[:, np.clip(t, 0, self.matrix.shape[1] - 1)], 0.0)
        return self._rebinning(edges) @ columns
