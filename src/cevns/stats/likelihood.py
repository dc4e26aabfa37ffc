"""Binned Poisson likelihoods whose parameters carry physics names (iminuit-compatible)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from .. import _validate
from ..errors import OutOfDomainError

__all__ = ["poisson_deviance", "PoissonCost"]


def poisson_deviance(observed, expected) -> float:
    """−2 ln(L/L_saturated) = 2 Σ [μ − n + n ln(n/μ)] for counts n and expectations μ (0 ln 0 = 0).

    Minimising it is maximum likelihood; differences of it are asymptotically χ²-distributed (Wilks).
    """
    n = _validate.non_negative("observed", observed)
    mu = _validate.non_negative("expected", expected)
    if np.any((mu == 0) & (n > 0)):
        return np.inf
    safe_mu = np.where(mu > 0, mu, 1.0)
    log_term = np.where(n > 0, n * np.log(np.where(n > 0, n, 1.0) / safe_mu), 0.0)
    return float(2.0 * np.sum(mu - n + log_term))


class PoissonCost:
    """Poisson deviance of observed counts against ``model(**parameters)`` plus Gaussian constraints.

    Parameters
    ----------
    observed : array_like
        Counts per bin.
    model : callable
        ``model(**parameters) -> expected counts per bin``.
    parameters : mapping name → start value
        The fit parameters, in order (e.g. ``{"radius_n": 5.5 * fm, "flux_norm": 1.0}``).
    constraints : mapping name → (mean, sigma), optional
        Nuisance parameters constrained by auxiliary measurements (a term ((x − mean)/sigma)²).

    Notes
    -----
    Calling the cost with positional values in the order of ``parameters`` returns the deviance; ``errordef``
    is 1, so iminuit's HESSE and MINOS errors are 1σ intervals.
    """

    errordef = 1.0

    def __init__(self, observed, model: Callable[..., np.ndarray], parameters: Mapping[str, float],
                 constraints: Mapping[str, tuple[float, float]] | None = None):
        self.observed = _validate.non_negative("observed", observed)
        self.model = model
        self.parameters = dict(parameters)
        self.constraints = dict(constraints or {})
        unknown = set(self.constraints) - set(self.parameters)
        if unknown:
            raise OutOfDomainError(f"constraints name unknown parameters {sorted(unknown)}; parameters: {list(self.parameters)}")
        for name, (_, sigma) in self.constraints.items():
            _validate.positive_scalar(f"sigma of the constraint on {name}", sigma)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.parameters)

    def __call__(self, *values) -> float:
        params = dict(zip(self.parameters, values))
        value = poisson_deviance(self.observed, self.model(**params))
        for name, (mean, sigma) in self.constraints.items():
            value += ((params[name] - mean) / sigma) ** 2
        return value
