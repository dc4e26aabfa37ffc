"""Maximum-likelihood fits, profile likelihoods and the significance of CEvNS over background only."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._table import column, to_dataframe
from ..errors import OptionalDependencyError, OutOfDomainError
from .likelihood import BinnedModel

__all__ = ["FitResult", "ProfileScan", "fit", "profile", "profile_scan", "significance", "toys", "minuit", "matching",
           "PHYSICS_PARAMETERS"]

#: Parameters of interest: fixed unless asked for; asking for one other than the model's default parameter of
#: interest (``cevns_norm``) keeps that one fixed at 1 and frees the flux within its prior.
PHYSICS_PARAMETERS = ("cevns_norm", "sin2_theta_w", "neutron_radius", "neutron_radius_cs", "neutron_radius_i",
                      "flux_norm", "flux_8b")


@dataclass(frozen=True)
class FitResult:
    """The outcome of a fit.

    Attributes
    ----------
    values, errors : dict name → float
        Best-fit values and HESSE errors (in each parameter's unit).
    minos : dict name → (lower, upper)
        MINOS errors of the parameters of interest (negative lower).
    deviance : float
        −2 ln L at the minimum (up to a constant).
    valid : bool
    free : tuple of str
    signal_events, signal_events_error : float
        Fitted CEvNS events in the fit region and their error (from ``cevns_norm`` or ``flux_norm``).
    fixed : dict name → float
        Values of the parameters held fixed.
    units : dict name → str
        Each parameter's unit ("" for a dimensionless one).
    """

    values: dict
    errors: dict
    minos: dict
    deviance: float
    valid: bool
    free: tuple
    signal_events: float
    signal_events_error: float
    fixed: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)

    def table(self) -> dict:
        """One row per parameter (free ones first): name, unit, value, HESSE error (0 when fixed), MINOS lower and
        upper errors (None where MINOS did not run) and whether it was free, as labelled columns."""
        names = [*self.free, *(n for n in self.values if n not in self.free)]
        minos = [self.minos.get(n, (None, None)) for n in names]
        return {column("parameter"): names, column("unit"): [self.units.get(n, "") for n in names],
                column("value"): [self.values[n] for n in names],
                column("error"): [self.errors[n] if n in self.free else 0.0 for n in names],
                column("minos_lower"): [low for low, _ in minos], column("minos_upper"): [up for _, up in minos],
                column("free"): [n in self.free for n in names]}

    def to_dataframe(self):
        """:meth:`table` as a :class:`pandas.DataFrame` (``pip install 'cevns[pandas]'``)."""
        return to_dataframe(self.table())

    def to_dict(self) -> dict:
        return {"values": self.values, "errors": self.errors, "minos": {k: list(v) for k, v in self.minos.items()},
                "deviance": self.deviance, "valid": self.valid, "free": list(self.free),
                "signal_events": self.signal_events, "signal_events_error": self.signal_events_error}


def matching(model: BinnedModel, name: str) -> list[str]:
    """The model's parameters called ``name``, or ``<dataset>:name`` in a combined model."""
    found = [n for n in model.names if n == name or n.split(":")[-1] == name]
    if not found:
        model.parameter(name)  # raises with the known names
    return found


def _free_set(model: BinnedModel, parameters) -> set[str]:
    """Which parameters float: the nuisances, and the requested parameters of interest (default the model's)."""
    wanted = [model.poi] if not parameters else list(parameters)
    free = {n for name in wanted for n in matching(model, name)}
    free |= {p.name for p in model.parameters if not p.fixed and p.name.split(":")[-1] not in PHYSICS_PARAMETERS}
    if model.poi not in wanted:
        free |= {n for n in model.names if n.split(":")[-1] == "flux_norm"}  # measured against the flux prior
    return free


def minuit(model: BinnedModel, parameters=None, start: dict | None = None):
    """An iminuit ``Minuit`` on the model's cost, with the requested parameters free and the others fixed."""
    try:
        from iminuit import Minuit
    except ImportError:
        raise OptionalDependencyError("likelihood fits", "iminuit", "fit") from None
    start = dict(start or {})
    model.check_values(start)
    values = model.defaults() | start
    m = Minuit(model.cost(), **values)
    free = _free_set(model, parameters)
    for p in model.parameters:
        m.limits[p.name] = p.limits
        m.fixed[p.name] = p.name not in free
    m.strategy = 1
    return m


def _signal_error(model, m) -> float:
    """Error of the fitted CEvNS events by linear propagation of the HESSE covariance of the free parameters."""
    values = m.values.to_dict()
    free = [n for n in model.names if not m.fixed[n]]
    if m.covariance is None or not free:
        return float("nan")
    gradient = np.empty(len(free))
    for k, name in enumerate(free):
        step = 1e-4 * max(m.errors[name], 1e-12)
        up = model.signal_events(**(values | {name: values[name] + step}))
        down = model.signal_events(**(values | {name: values[name] - step}))
        gradient[k] = (up - down) / (2 * step)
    covariance = np.array([[m.covariance[a, b] for b in free] for a in free])
    return float(np.sqrt(gradient @ covariance @ gradient))


def fit(model: BinnedModel, parameters=None, *, start: dict | None = None, minos: bool = True) -> FitResult:
    """Maximum-likelihood fit.

    Parameters
    ----------
    model : BinnedModel
    parameters : sequence of str, optional
        Parameters of interest to free (default the model's ``poi``, ``cevns_norm`` or ``flux_8b``); the
        nuisances always float.
    start : dict, optional
        Start values (also the values of fixed parameters).
    minos : bool
        Run MINOS on the parameters of interest.
    """
    m = minuit(model, parameters, start)
    m.migrad()
    m.hesse()
    interest = [n for name in (parameters or [model.poi]) for n in matching(model, name) if not m.fixed[n]]
    intervals = {}
    if minos and m.valid:
        m.minos(*interest)
        intervals = {n: (m.merrors[n].lower, m.merrors[n].upper) for n in interest}
    values = m.values.to_dict()
    return FitResult(values=values, errors=m.errors.to_dict(), minos=intervals, deviance=float(m.fval),
                     valid=bool(m.valid), free=tuple(n for n in model.names if not m.fixed[n]),
                     signal_events=model.signal_events(**values), signal_events_error=_signal_error(model, m),
                     fixed={n: values[n] for n in model.names if m.fixed[n]},
                     units={n: model.parameter(n).unit or "" for n in model.names})


def profile(model: BinnedModel, name: str, values, parameters=None) -> np.ndarray:
    """−2 Δln L of the profile likelihood of ``name`` at ``values`` (the other free parameters re-fitted).

    Returns
    -------
    ndarray shaped like ``values``, zero at the best fit.
    """
    grid = np.asarray(values, dtype=float)
    lo, hi = model.parameter(name).limits
    if not np.all((grid >= lo) & (grid <= hi)):
        raise OutOfDomainError(f"profile values of {name} must lie in [{lo:g}, {hi:g}]")
    poi = list(parameters or [name])
    if name not in poi:
        poi.append(name)
    m = minuit(model, poi)
    m.migrad()
    best = m.fval
    m.fixed[name] = True
    out = np.empty(grid.size)
    order = np.argsort(np.abs(grid - m.values[name]))  # walk outward from the minimum: good start values
    start = m.values.to_dict()
    for i in order:
        m.values[name] = grid.flat[i]
        m.migrad()
        if not m.valid:  # restart from the best fit once
            for k, v in start.items():
                if k != name:
                    m.values[k] = v
            m.migrad()
        out[i] = m.fval
    return np.maximum(out - min(best, out.min()), 0.0).reshape(grid.shape)


@dataclass(frozen=True)
class ProfileScan:
    """A profile-likelihood scan: −2 Δln L of ``parameter`` at ``values`` (in ``unit``), the others re-fitted."""

    parameter: str
    values: np.ndarray
    delta_chi2: np.ndarray
    unit: str = ""

    def interval(self, level: float = 1.0) -> tuple[float, float]:
        """Where −2 Δln L crosses ``level`` (1: 68.3 % CL, 4: 95.4 % for one parameter) on either side of the
        scanned values inside it, interpolated linearly between grid points; an end of the grid where the curve
        is still below ``level`` is returned as it is."""
        order = np.argsort(self.values)
        x, y = np.asarray(self.values, dtype=float)[order], np.asarray(self.delta_chi2, dtype=float)[order]
        inside = np.flatnonzero(y <= level)
        if not inside.size:
            raise OutOfDomainError(f"level: no scanned value of {self.parameter} has −2 Δln L ≤ {level}")

        def crossing(i, j):  # i inside, j outside (or i itself at an end of the grid)
            if j < 0 or j == x.size:
                return float(x[i])
            return float(x[i] + (level - y[i]) * (x[j] - x[i]) / (y[j] - y[i]))

        return crossing(inside[0], inside[0] - 1), crossing(inside[-1], inside[-1] + 1)

    def table(self) -> dict:
        """The scan as labelled columns: the parameter (with its unit) and −2 Δln L."""
        return {column(self.parameter, self.unit): np.asarray(self.values),
                column("-2 delta ln L"): np.asarray(self.delta_chi2)}

    def to_dataframe(self):
        """:meth:`table` as a :class:`pandas.DataFrame` (``pip install 'cevns[pandas]'``)."""
        return to_dataframe(self.table())

    def to_dict(self) -> dict:
        return {"parameter": self.parameter, "values": self.values, "delta_chi2": self.delta_chi2}


def profile_scan(model: BinnedModel, name: str, values, parameters=None) -> ProfileScan:
    """:func:`profile` as a :class:`ProfileScan` (values, curve and the parameter's unit together)."""
    grid = np.asarray(values, dtype=float)
    return ProfileScan(name, grid, profile(model, name, grid, parameters), model.parameter(name).unit or "")


def significance(model: BinnedModel, parameters=None) -> dict:
    """Significance of CEvNS over background only: Z = √(−2 Δln L) between the signal parameter of interest at 0
    and its best fit (Wilks' theorem for one parameter on its boundary: one-sided)."""
    m = minuit(model, parameters)
    m.migrad()
    best = m.fval
    for name in matching(model, model.poi):
        m.values[name] = 0.0
        m.fixed[name] = True
    m.migrad()
    q0 = max(m.fval - best, 0.0)
    return {"q0": float(q0), "z": float(np.sqrt(q0))}


def toys(model: BinnedModel, n: int, *, truth: dict | None = None, parameters=None, seed=None) -> dict:
    """Pseudo-experiments: Poisson samples of the model at ``truth``, each fitted, for coverage and for
    significances where the asymptotic formulas fail.

    Parameters
    ----------
    n : int
        Number of pseudo-experiments.
    truth : dict, optional
        Parameter values that generate them (default the model's defaults); the constrained nuisances' auxiliary
        measurements are kept at their published values.
    parameters : sequence of str, optional
        Parameters of interest fitted in each (default the model's ``poi``).
    seed : int, optional

    Returns
    -------
    dict with ``values`` (the fitted parameters of interest, name → array of n), ``q0`` (−2Δln L of background
    only per toy) and ``valid`` (bool array).
    """
    if not (isinstance(n, int) and n >= 1):
        raise OutOfDomainError(f"n must be a positive integer, got {n!r}")
    rng = np.random.default_rng(seed)
    expected = model.expected(**(truth or {}))
    poi = list(parameters or [model.poi])
    poi = [n for name in poi for n in matching(model, name)]
    values = {name: np.empty(n) for name in poi}
    q0, valid = np.empty(n), np.empty(n, dtype=bool)
    for i in range(n):
        toy = model.with_observed({ch: rng.poisson(mu) for ch, mu in expected.items()})
        result = fit(toy, poi, minos=False)
        for name in poi:
            values[name][i] = result.values[name]
        valid[i] = result.valid
        q0[i] = significance(toy, poi if model.poi in poi else None)["q0"]
    return {"values": values, "q0": q0, "valid": valid}
