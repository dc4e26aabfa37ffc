"""Efficiencies: the probability that an event is kept, as a function of its reconstructed observable or its time.

Energy efficiencies (``efficiency(x) -> ndarray`` in [0, 1], x the reconstructed observable): :class:`StepEfficiency`,
:class:`SigmoidEfficiency` (the logistic curve COHERENT publishes), :class:`TabulatedEfficiency`.

Timing, for pulsed sources: :class:`TimeWindow` keeps events with arrival time in [start, stop] and weights them by a
timing efficiency (:class:`ExponentialTimingEfficiency`, as COHERENT CsI[Na] 2021, or any callable); its
:meth:`TimeWindow.fraction` is the fraction of a source component's time pdf that survives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import _validate
from .._array import gauss_legendre
from ..errors import OutOfDomainError
from ..units import ns, us
from ._checks import set_scalar

__all__ = [
    "EfficiencyModel",
    "StepEfficiency",
    "SigmoidEfficiency",
    "TabulatedEfficiency",
    "ExponentialTimingEfficiency",
    "TimeWindow",
    "CSI_EFFICIENCY_2021",
    "CSI_EFFICIENCY_VARIANTS_2021",
    "CSI_TIMING_PLATEAU_2021",
    "CSI_TIMING_DECAY_RATE_2021",
]

#: COHERENT CsI[Na] 2021 energy efficiency ε(x) = a/(1 + exp(−k(x − x0))) + b with x in photo-electrons and ε clipped at
#: 0: a = 1.32045, k = 0.285979 /PE, x0 = 10.8646 PE, b = −0.333322 (COHERENT, PRL 129 (2022) 081801,
#: arXiv:2110.07730, data release).
CSI_EFFICIENCY_2021 = {"a": 1.32045, "k": 0.285979, "x0": 10.8646, "b": -0.333322}
#: The nominal curve and the release's two systematic variants (effCoefficients.txt of the data release of
#: arXiv:2110.07730, rows as (a, b, c, d) = (a, k, x0, b) here). The file labels both variants "+1 sigma"; the
#: first turns on 1 PE earlier ("+1sigma", more events), the second 1 PE later ("-1sigma", fewer events).
CSI_EFFICIENCY_VARIANTS_2021 = {
    "nominal": CSI_EFFICIENCY_2021,
    "+1sigma": {"a": 1.3439, "k": 0.285366, "x0": 9.84596, "b": -0.356364},
    "-1sigma": {"a": 1.297, "k": 0.286592, "x0": 11.8832, "b": -0.31028},
}
#: COHERENT CsI[Na] 2021 timing efficiency: 1 up to t = 0.52 μs after the beam-on-target trigger, then
#: exp(−0.0494/μs · (t − 0.52 μs)) (arXiv:2110.07730, data release).
CSI_TIMING_PLATEAU_2021 = 0.52 * us
#: Decay rate of the same timing efficiency after its plateau, 0.0494 per μs (arXiv:2110.07730).
CSI_TIMING_DECAY_RATE_2021 = 0.0494 / us

#: Gauss–Legendre nodes per panel used by :meth:`TimeWindow.fraction`.
_NODES_PER_PANEL = 8


def _check_range(name: str, values: np.ndarray) -> np.ndarray:
    if np.any((values < 0.0) | (values > 1.0)):
        bad = values[(values < 0.0) | (values > 1.0)].flat[0]
        raise OutOfDomainError(f"{name} must lie in [0, 1], got {bad!r}")
    return values


class EfficiencyModel:
    """Base of the efficiency models: ``model(x)`` → efficiency in [0, 1] at reconstructed values x."""

    def __call__(self, observable) -> np.ndarray:
        """Efficiency at reconstructed observable values ``observable`` [observable]."""
        x = _validate.as_array("observable", observable)
        return self._efficiency(x)

    def _efficiency(self, x):  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def kinks(self) -> np.ndarray:
        """Observable values where ε or its slope jumps [observable]; a response puts sub-bin edges there."""
        return np.empty(0)


@dataclass(frozen=True)
class StepEfficiency(EfficiencyModel):
    """ε(x) = plateau for x ≥ threshold, 0 below.

    Parameters
    ----------
    threshold : float [observable]
    plateau : float
        Efficiency above threshold, in [0, 1] (default 1).
    """

    threshold: float
    plateau: float = 1.0

    def __post_init__(self):
        set_scalar(self, "threshold", minimum=0.0)
        set_scalar(self, "plateau", minimum=0.0, maximum=1.0)

    def _efficiency(self, x):
        return np.where(x >= self.threshold, self.plateau, 0.0)

    @property
    def kinks(self) -> np.ndarray:
        return np.array([self.threshold])


@dataclass(frozen=True)
class SigmoidEfficiency(EfficiencyModel):
    """Logistic efficiency ε(x) = a / (1 + exp(−k (x − x0))) + b, clipped at 0.

    Parameters
    ----------
    a : float
        Height of the step, ≥ 0.
    k : float [1/observable]
        Steepness, > 0.
    x0 : float [observable]
        Midpoint of the step.
    b : float
        Offset (asymptote for x → −∞); may be negative, as in COHERENT's 2021 CsI[Na] curve, in which case ε is 0
        where the formula is negative. The plateau a + b must lie in [0, 1].

    Notes
    -----
    ε(x0) = a/2 + b; ε → a + b for x ≫ x0. Values below 0 are set to 0 (COHERENT's prescription for its CsI[Na]
    curve); values above 1 cannot occur since a ≥ 0 and a + b ≤ 1.

    References
    ----------
    COHERENT CsI[Na] 2021: PRL 129 (2022) 081801, arXiv:2110.07730 (:data:`CSI_EFFICIENCY_2021`,
    :meth:`coherent_csi_2021`). The 2017 analysis used the same logistic form without offset
    (Science 357 (2017) 1123, arXiv:1708.01294; data release arXiv:1804.09459).
    """

    a: float
    k: float
    x0: float
    b: float = 0.0

    def __post_init__(self):
        set_scalar(self, "a", minimum=0.0)
        set_scalar(self, "k", minimum=0.0, strict=True)
        set_scalar(self, "x0")
        set_scalar(self, "b")
        plateau = self.a + self.b
        if not 0.0 <= plateau <= 1.0:
            raise OutOfDomainError(
                f"the plateau a + b of a sigmoid efficiency must lie in [0, 1], got a={self.a!r}, b={self.b!r} "
                f"(a + b = {plateau!r})"
            )

    @classmethod
    def coherent_csi_2021(cls, variant: str = "nominal") -> SigmoidEfficiency:
        """COHERENT's CsI[Na] 2021 efficiency in photo-electrons (arXiv:2110.07730): ``"nominal"``, ``"+1sigma"``
        or ``"-1sigma"`` (:data:`CSI_EFFICIENCY_VARIANTS_2021`)."""
        return cls(**_validate.choice("CsI 2021 efficiency variant", variant, CSI_EFFICIENCY_VARIANTS_2021))

    def _efficiency(self, x):
        return np.maximum(self.a / (1.0 + np.exp(-self.k * (x - self.x0))) + self.b, 0.0)

    @property
    def kinks(self) -> np.ndarray:
        """Where the clipped curve leaves 0 (only for b < 0 < a + b)."""
        if self.b >= 0.0 or self.a + self.b <= 0.0:
            return np.empty(0)
        return np.array([self.x0 - np.log(self.a / -self.b - 1.0) / self.k])


@dataclass(frozen=True, eq=False)
class TabulatedEfficiency(EfficiencyModel):
    """Efficiency interpolated linearly in a table.

    Parameters
    ----------
    observable : array_like [observable]
        Strictly increasing reconstructed values x_i (at least 2).
    efficiencies : array_like
        ε(x_i), each in [0, 1].
    below : float, optional
        Efficiency below the first point; default: the first value.
    above : float, optional
        Efficiency above the last point; default: the last value.
    """

    observable: Any
    efficiencies: Any
    below: float | None = None
    above: float | None = None

    def __post_init__(self):
        x = _validate.as_array("observable", self.observable)
        eff = _validate.as_array("efficiencies", self.efficiencies)
        _check_range("efficiencies", eff)
        if x.ndim != 1 or x.size < 2:
            raise OutOfDomainError(f"observable must be a 1-d array of at least 2 values, got shape {x.shape}")
        if eff.shape != x.shape:
            raise OutOfDomainError(f"efficiencies must have the shape of observable {x.shape}, got {eff.shape}")
        if np.any(np.diff(x) <= 0):
            raise OutOfDomainError("observable must be strictly increasing")
        for name in ("below", "above"):
            if getattr(self, name) is not None:
                set_scalar(self, name, minimum=0.0, maximum=1.0)
        x.setflags(write=False)
        eff.setflags(write=False)
        object.__setattr__(self, "observable", x)
        object.__setattr__(self, "efficiencies", eff)

    def _efficiency(self, x):
        return np.interp(x, self.observable, self.efficiencies, left=self.below, right=self.above)

    @property
    def kinks(self) -> np.ndarray:
        return self.observable


@dataclass(frozen=True)
class ExponentialTimingEfficiency:
    """Timing efficiency 1 for 0 ≤ t ≤ plateau, exp(−rate (t − plateau)) after, 0 before t = 0.

    Parameters
    ----------
    plateau : float [time]
    rate : float [1/time]
        ≥ 0.

    References
    ----------
    COHERENT CsI[Na] 2021: plateau 0.52 μs, rate 0.0494/μs (arXiv:2110.07730; :meth:`coherent_csi_2021`).
    """

    plateau: float
    rate: float

    def __post_init__(self):
        set_scalar(self, "plateau", minimum=0.0, unit="ns", unit_value=ns)
        set_scalar(self, "rate", minimum=0.0)

    @classmethod
    def coherent_csi_2021(cls) -> ExponentialTimingEfficiency:
        """COHERENT's CsI[Na] 2021 timing efficiency (arXiv:2110.07730)."""
        return cls(plateau=CSI_TIMING_PLATEAU_2021, rate=CSI_TIMING_DECAY_RATE_2021)

    def __call__(self, time) -> np.ndarray:
        """Efficiency at times ``time`` [time] after the trigger."""
        t = _validate.as_array("time", time)
        decay = np.exp(-self.rate * np.maximum(t - self.plateau, 0.0))
        return np.where(t >= 0.0, decay, 0.0)


@dataclass(frozen=True)
class TimeWindow:
    """A time cut [start, stop] for pulsed sources, with an optional timing efficiency.

    Parameters
    ----------
    start, stop : float [time]
        The window, start < stop.
    timing_efficiency : callable, optional
        ε_t(t) in [0, 1] (e.g. :class:`ExponentialTimingEfficiency`); default 1.
    panels : int
        Number of equal panels of the composite Gauss–Legendre rule (8 nodes each) used to integrate a time pdf.

    Notes
    -----
    For a source component with arrival-time pdf f(t) (normalised over its own support),
    fraction = ∫_start^stop ε_t(t) f(t) dt. The pdf must be a vectorised callable; sharp features narrower than
    (stop − start)/panels need more panels.
    """

    start: float
    stop: float
    timing_efficiency: Callable | None = None
    panels: int = 256

    def __post_init__(self):
        start = set_scalar(self, "start", unit="ns", unit_value=ns)
        stop = set_scalar(self, "stop", unit="ns", unit_value=ns)
        if not stop > start:
            raise OutOfDomainError(f"stop must be > start={start / ns:g} ns, got stop={stop / ns:g} ns")
        if self.timing_efficiency is not None and not callable(self.timing_efficiency):
            raise OutOfDomainError(f"timing_efficiency must be callable, got {self.timing_efficiency!r}")
        if not (isinstance(self.panels, (int, np.integer)) and self.panels >= 1):
            raise OutOfDomainError(f"panels must be an integer >= 1, got {self.panels!r}")

    def _weights(self, t: np.ndarray, w: np.ndarray) -> np.ndarray:
        if self.timing_efficiency is None:
            return w
        eff = np.asarray(self.timing_efficiency(t), dtype=float)
        _check_range("timing_efficiency", eff)
        return w * eff

    def fraction(self, time_pdf: Callable | Mapping[str, Callable]) -> float | dict[str, float]:
        """Fraction of a time pdf inside the window, weighted by the timing efficiency.

        Parameters
        ----------
        time_pdf : callable, object with a ``pdf`` method, or mapping of name → one of these
            f(t) [1/time], vectorised. A mapping (e.g. ``{"prompt": f_prompt, "delayed": f_delayed}``) gives a dict
            of fractions.

        Returns
        -------
        float or dict of float, in [0, 1] for a normalised pdf.
        """
        panel_edges = np.linspace(self.start, self.stop, self.panels + 1)
        t, w = gauss_legendre(panel_edges[:-1], panel_edges[1:], _NODES_PER_PANEL)
        t, w = t.ravel(), w.ravel()
        w = self._weights(t, w)
        if isinstance(time_pdf, Mapping):
            return {name: float(_evaluate(name, pdf, t) @ w) for name, pdf in time_pdf.items()}
        return float(_evaluate("time_pdf", time_pdf, t) @ w)

    def bin_fractions(self, time_pdf: Callable, time_edges, *, panels_per_bin: int = 16) -> np.ndarray:
        """Fraction of a time pdf in each time bin, cut to the window and weighted by the timing efficiency.

        Parameters
        ----------
        time_pdf : callable or object with a ``pdf`` method
            f(t) [1/time], vectorised.
        time_edges : array_like (n_bins + 1) [time]
            Strictly increasing bin edges.
        panels_per_bin : int
            Gauss–Legendre panels (8 nodes each) per bin.

        Returns
        -------
        ndarray (n_bins)
            ∫ over [t_k, t_k+1] ∩ [start, stop] of ε_t(t) f(t) dt; the sum over bins covering the window is
            :meth:`fraction`.
        """
        edges = _validate.as_array("time_edges", time_edges)
        if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
            raise OutOfDomainError("time_edges must be a strictly increasing 1-d array of at least 2 edges")
        if not (isinstance(panels_per_bin, (int, np.integer)) and panels_per_bin >= 1):
            raise OutOfDomainError(f"panels_per_bin must be an integer >= 1, got {panels_per_bin!r}")
        lo = np.clip(edges[:-1], self.start, self.stop)
        hi = np.clip(edges[1:], self.start, self.stop)
        steps = np.linspace(0.0, 1.0, panels_per_bin + 1)
        panel_edges = lo[:, None] + (hi - lo)[:, None] * steps[None, :]  # (n_bins, panels + 1)
        t, w = gauss_legendre(panel_edges[:, :-1], panel_edges[:, 1:], _NODES_PER_PANEL)  # (n_bins, panels, nodes)
        shape = t.shape
        t, w = t.ravel(), w.ravel()
        w = self._weights(t, w)
        values = _evaluate("time_pdf", time_pdf, t)
        return (values * w).reshape(shape).sum(axis=(1, 2))


def _evaluate(name: str, pdf, t: np.ndarray) -> np.ndarray:
    if not callable(pdf) and callable(getattr(pdf, "pdf", None)):
        pdf = pdf.pdf
    if not callable(pdf):
        raise OutOfDomainError(f"{name} must be a callable time pdf, got {pdf!r}")
    values = _validate.non_negative(name, pdf(t))
    if values.shape != t.shape:
        raise OutOfDomainError(f"{name} must be vectorised: returned shape {values.shape} for {t.shape} times")
    return values
