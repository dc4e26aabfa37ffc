"""Exclusion limits and allowed regions of new physics from the profile likelihood of the packaged data.

The likelihood models take a new-physics family (:mod:`cevns.stats.new_physics`); here its parameters are scanned
with every nuisance parameter re-fitted at each point (the profile likelihood, −2Δln L = Δχ²). Confidence levels
follow Wilks' theorem: Δχ² is χ²-distributed with one degree of freedom per parameter of interest, so a 90% CL
bound on one parameter is Δχ² = 2.71 (the χ²₁ quantile, as CEvNS analyses quote their 90% CL bounds) and a 90% CL
region in a plane Δχ² = 4.61. Δχ² is taken from the global minimum of the scan.

* :func:`coupling_limits`: the coupling of a light mediator excluded at each mass (1 keV – 10 GeV), mass blocks
  in parallel through Dask (:func:`cevns._parallel.map_blocks`);
* :func:`interval`: the allowed values of one parameter (a magnetic moment, a charge radius);
* :func:`allowed_region`: Δχ² over a plane (NSI couplings; sin²2θ and Δm²₄₁ of a sterile state), allowed where
  below the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._parallel import map_blocks
from ..errors import OutOfDomainError
from .fit import minuit
from .likelihood import BinnedModel

__all__ = ["delta_chi2", "Interval", "ExclusionCurve", "AllowedRegion", "coupling_limits", "interval",
           "allowed_region"]


def delta_chi2(cl: float, dof: int = 1) -> float:
    """The Δχ² of a confidence level ``cl`` for ``dof`` parameters (Wilks): 2.71 for 90% CL and one, 4.61 for two."""
    from scipy.stats import chi2

    if not 0.0 < cl < 1.0:
        raise OutOfDomainError(f"cl = {cl!r} must lie in (0, 1)")
    return float(chi2.ppf(cl, dof))


def _datasets(model: BinnedModel) -> list[str]:
    return [m.dataset.name for m in getattr(model, "models", (model,))]


def _family(model: BinnedModel, *names: str):
    """The model's new-physics family, checked to hold the parameters ``names``."""
    if model.new_physics is None:
        raise OutOfDomainError("the likelihood model has no new physics: build it with new_physics=<family>, "
                               "e.g. cevns.stats.model('coherent-csi-2021', new_physics='vector-universal')")
    family = model.new_physics
    for name in names:
        if name not in family.names:
            model.parameter(name)  # an unknown name is named as such
            raise OutOfDomainError(f"{name} is not a parameter of the new-physics family {family.name!r} "
                                   f"({', '.join(family.names)})")
    return family


@dataclass(frozen=True)
class Interval:
    """The values of one parameter allowed at a confidence level.

    Attributes
    ----------
    parameter, unit : str
    best : float
        Best fit.
    allowed : tuple of (lower, upper)
        The allowed ranges (more than one where the likelihood has several minima); None for an end that stays
        allowed at the edge of the scan.
    cl, threshold : float
        Confidence level and its Δχ².
    values, delta_chi2 : ndarray
        The scan.
    datasets : tuple of str
    """

    parameter: str
    unit: str
    best: float
    allowed: tuple
    cl: float
    threshold: float
    values: np.ndarray
    delta_chi2: np.ndarray
    datasets: tuple = ()

    @property
    def upper(self) -> float | None:
        """Upper end of the highest allowed range (the upper limit of a non-negative parameter)."""
        return self.allowed[-1][1]

    def to_dict(self) -> dict:
        return {"parameter": self.parameter, "unit": self.unit, "best": self.best,
                "allowed": [list(a) for a in self.allowed], "cl": self.cl, "threshold": self.threshold,
                "datasets": list(self.datasets)}


@dataclass(frozen=True)
class ExclusionCurve:
    """The smallest coupling excluded at each mediator mass.

    Attributes
    ----------
    family : str
    masses : ndarray [MeV]
    couplings : ndarray
        The lower edge of the excluded region at each mass (where Δχ² first reaches the threshold going up from
        zero coupling); NaN where no coupling up to the parameter's limit is excluded. Couplings above it can
        be allowed again in a band where the new amplitude cancels twice the Standard Model's (destructive
        interference), which a plane scan of :func:`allowed_region` shows.
    cl, threshold : float
    datasets : tuple of str
    """

    family: str
    masses: np.ndarray
    couplings: np.ndarray
    cl: float
    threshold: float
    datasets: tuple

    def to_dict(self) -> dict:
        return {"family": self.family, "mass_unit": "MeV", "masses": self.masses.tolist(),
                "couplings": [None if np.isnan(c) else float(c) for c in self.couplings], "cl": self.cl,
                "threshold": self.threshold, "datasets": list(self.datasets)}


@dataclass(frozen=True)
class AllowedRegion:
    """Δχ² over a plane of two parameters, allowed where below the threshold.

    Attributes
    ----------
    x, y : str
        Parameter names.
    x_values, y_values : ndarray
    delta_chi2 : ndarray (y, x)
    best : (float, float)
        The grid point of the minimum.
    cl, threshold : float
    datasets : tuple of str
    """

    x: str
    y: str
    x_values: np.ndarray
    y_values: np.ndarray
    delta_chi2: np.ndarray
    best: tuple
    cl: float
    threshold: float
    datasets: tuple

    @property
    def allowed(self) -> np.ndarray:
        """Boolean mask (y, x) of the allowed grid points."""
        return self.delta_chi2 < self.threshold

    def to_dict(self) -> dict:
        return {"x": self.x, "y": self.y, "x_values": self.x_values.tolist(), "y_values": self.y_values.tolist(),
                "delta_chi2": self.delta_chi2.tolist(), "best": list(self.best), "cl": self.cl,
                "threshold": self.threshold, "datasets": list(self.datasets)}


class _Profile:
    """−2 ln L minimised over the nuisance parameters, with the parameters of interest held at given values.

    One Minuit object is kept and started from its last minimum (scans move in small steps); a failed
    minimisation is restarted from the unconditional start values.
    """

    def __init__(self, model: BinnedModel, names, start: dict):
        self.names = tuple(names)
        self.minuit = minuit(model, self.names, start)
        self.minuit.strategy = 0
        for name in self.names:
            self.minuit.fixed[name] = True
        self.start = self.minuit.values.to_dict()

    def __call__(self, **values) -> float:
        m = self.minuit
        for name, value in values.items():
            m.values[name] = value
        m.migrad()
        if not m.valid:
            for name, value in self.start.items():
                if name not in values:
                    m.values[name] = value
            m.migrad()
        return float(m.fval)

    def free(self, name: str, start: float) -> tuple[float, float]:
        """(value, −2 ln L) of the minimum with ``name`` free from ``start`` as well; the nuisances are put back
        where they were (a free fit can wander far from the next fixed point)."""
        m = self.minuit
        before = m.values.to_dict()
        m.values[name] = start
        m.fixed[name] = False
        m.migrad()
        value, fval = float(m.values[name]), float(m.fval)
        m.fixed[name] = True
        for key, v in before.items():
            m.values[key] = v
        return value, fval


# ------------------------------------------------------------------------------------------ mediator masses
def _coupling_scale(model: BinnedModel, mass: float, coupling: str, limits: tuple) -> float:
    """The coupling that changes the expected CEvNS events by 10%.

    The events of a light mediator are exactly E₀ + E₁x + E₂x² in x = g² (a vector shifts the coupling by
    ∝ g², a scalar adds ∝ g⁴), so three evaluations give them; the nodes are moved to the answer until it is
    resolved (a 1 keV mediator needs g ~ 1e-6, a 10 GeV one g ~ 1).
    """
    def events(x):
        return model.signal_events(mass=mass, **{coupling: np.sqrt(x)})

    x1 = limits[1] ** 2
    e0 = events(0.0)
    for _ in range(8):
        e1, e2 = events(x1), events(2.0 * x1)
        c1, c2 = (4.0 * e1 - e2 - 3.0 * e0) / (2.0 * x1), (e2 - 2.0 * e1 + e0) / (2.0 * x1 * x1)
        if not (c1 or c2):  # the data set does not see this mediator
            return float(limits[1])
        # either sign of the change (a scalar's E₁ is 0 up to rounding): the smallest x that reaches ±10%
        roots = (np.concatenate([np.roots([c2, c1, -sign * 0.1 * e0]) for sign in (1.0, -1.0)]) if c2
                 else np.array([0.1 * e0 / abs(c1)]))
        roots = roots[np.isreal(roots) & (roots.real > 0)].real
        x10 = float(roots.min()) if roots.size else x1
        if 0.3 < x10 / x1 < 3.0:
            break
        x1 = x10
    return float(np.sqrt(min(x10, limits[1] ** 2)))


def _first_crossing(f, threshold: float, guess: float, top: float, factor: float = 2.0) -> float:
    """The smallest g > 0 with f(g) ≥ threshold (f(0) < threshold), searched in steps of ``factor`` from
    ``guess`` and by bisection in log g (relative precision 1e-3); NaN if f < threshold up to ``top``.

    Where f ≥ threshold already at the smallest couplings tried (the data disfavour the Standard Model), the
    search starts from the first allowed coupling above them.
    """
    from scipy.optimize import brentq

    cache = {}

    def F(t):  # in log g, each point once (a profile fit depends on where its minimiser starts)
        if t not in cache:
            cache[t] = f(np.exp(t)) - threshold
        return cache[t]

    lo = np.log(min(guess, top))
    floor, step = lo - np.log(1e6), np.log(factor)
    while F(lo) >= 0 and lo > floor:
        lo -= step
    while F(lo) >= 0:  # excluded down to the floor: walk up to the first allowed coupling
        lo += step
        if lo > np.log(top):
            return float("nan")
    hi = lo + step
    while F(hi) < 0:
        lo, hi = hi, hi + step
        if hi > np.log(top):
            hi = np.log(top)
            if F(hi) < 0:
                return float("nan")
            break
    return float(np.exp(brentq(F, lo, hi, xtol=1e-3)))


def _limits_block(model, threshold, masses):
    family = model.new_physics
    coupling = next(n for n in family.names if n != family.scanned)
    top = model.parameter(coupling).limits[1]
    profile = _Profile(model, family.names, {family.scanned: float(masses[0])})
    out, guess = [], None
    for mass in masses:
        scale = _coupling_scale(model, mass, coupling, model.parameter(coupling).limits)
        chi_sm = profile(**{family.scanned: mass, coupling: 0.0})
        # the global minimum: at zero coupling or, with destructive interference, where the signal has come back
        chi_min = chi_sm
        for start in (scale, 3.0 * scale):
            chi_min = min(chi_min, profile.free(coupling, start)[1])

        def delta(g):
            return profile(**{family.scanned: mass, coupling: g}) - chi_min

        # from the neighbouring mass's limit (in units of the scale) in small steps, else from the scale
        limit = _first_crossing(delta, threshold, (guess or 1.0) * scale, top, 1.2 if guess else 2.0)
        guess = limit / scale if np.isfinite(limit) else None
        out.append(limit)
    return np.array(out)


def coupling_limits(model: BinnedModel, masses, *, cl: float = 0.9, client=None, address: str | None = None,
                    workers: int = 2, blocks: int | None = None, progress: bool = False,
                    parallel: bool = True) -> ExclusionCurve:
    """The coupling of a light mediator excluded at each mass (profile likelihood, Wilks' Δχ² for one parameter).

    Parameters
    ----------
    model : BinnedModel
        Built with a mediator family, e.g. ``cevns.stats.model("coherent-csi-2021",
        new_physics="vector-universal")`` (or a :class:`~cevns.stats.CombinedModel` of several).
    masses : array_like [MeV]
        Mediator masses, as the ``mass`` fit parameter (MeV).
    cl : float
        Confidence level: Δχ² = 2.71 for 90%.
    client, address, workers, blocks, progress
        Dask: an existing client, a scheduler address, or a local cluster of ``workers`` processes; the masses go
        in ``blocks`` consecutive blocks (default one per worker), each scanned in order (a mass starts from its
        neighbour's limit, so long blocks are cheaper per mass); ``progress`` shows Dask's progress bar.
    parallel : bool
        False scans in this process, without Dask.

    Returns
    -------
    ExclusionCurve
    """
    family = _family(model)
    if family.scanned is None:
        raise OutOfDomainError(f"new-physics family {family.name!r} has no mediator mass to scan; use interval() "
                               "or allowed_region()")
    masses = np.atleast_1d(np.asarray(masses, dtype=float))
    model.check_values({family.scanned: float(m) for m in (masses.min(), masses.max())})
    threshold = delta_chi2(cl, 1)
    if parallel:
        parts = map_blocks(_limits_block, masses, model, threshold, client=client, address=address,
                           workers=workers, blocks=blocks, blocks_per_worker=1, progress=progress,
                           what="a parallel limit scan")
        couplings = np.concatenate(parts)
    else:
        couplings = _limits_block(model, threshold, masses)
    return ExclusionCurve(family=family.name, masses=masses, couplings=couplings, cl=cl, threshold=threshold,
                          datasets=tuple(_datasets(model)))


# ------------------------------------------------------------------------------------- one parameter, planes
def _ranges(values: np.ndarray, delta: np.ndarray, threshold: float) -> tuple:
    """Allowed ranges of a scan, each end interpolated linearly in Δχ² between grid points (None: open)."""
    inside = delta < threshold
    ranges, i = [], 0
    while i < values.size:
        if not inside[i]:
            i += 1
            continue
        j = i
        while j + 1 < values.size and inside[j + 1]:
            j += 1
        lo = None if i == 0 else float(np.interp(threshold, [delta[i], delta[i - 1]], [values[i], values[i - 1]]))
        hi = None if j == values.size - 1 else float(
            np.interp(threshold, [delta[j], delta[j + 1]], [values[j], values[j + 1]]))
        ranges.append((lo, hi))
        i = j + 1
    return tuple(ranges)


def interval(model: BinnedModel, name: str, values, *, cl: float = 0.9) -> Interval:
    """The values of the new-physics parameter ``name`` allowed at ``cl`` (profile likelihood over ``values``).

    Parameters
    ----------
    model : BinnedModel
        Built with a new-physics family holding ``name`` (e.g. ``magnetic_moment_e``).
    name : str
    values : array_like
        The scan, in the parameter's unit; the ends of the allowed ranges are interpolated between its points.
    cl : float
        Δχ² = 2.71 for 90%.
    """
    family = _family(model, name)
    grid = np.sort(np.asarray(values, dtype=float))
    for end in (grid[0], grid[-1]):
        model.check_values({name: end})
    profile = _Profile(model, family.names, {})
    order = np.argsort(np.abs(grid - model.parameter(name).value))
    chi = np.empty(grid.size)
    for i in order:
        chi[i] = profile(**{name: grid[i]})
    delta = chi - chi.min()
    threshold = delta_chi2(cl, 1)
    return Interval(parameter=name, unit=model.parameter(name).unit, best=float(grid[np.argmin(chi)]),
                    allowed=_ranges(grid, delta, threshold), cl=cl, threshold=threshold, values=grid,
                    delta_chi2=delta, datasets=tuple(_datasets(model)))


def _plane_block(model, names, points):
    profile = _Profile(model, model.new_physics.names, {})
    return np.array([profile(**dict(zip(names, p))) for p in points])


def allowed_region(model: BinnedModel, x: str, x_values, y: str, y_values, *, cl: float = 0.9, client=None,
                   address: str | None = None, workers: int = 2, progress: bool = False,
                   parallel: bool = False) -> AllowedRegion:
    """Δχ² of the profile likelihood over the plane of two new-physics parameters (Wilks, two parameters:
    Δχ² = 4.61 at 90% CL), e.g. ``eps_ee_u`` × ``eps_ee_d``.

    ``parallel`` spreads the rows of the grid over Dask (``client``, ``address``, ``workers``, ``progress`` as in
    :func:`coupling_limits`); by default the grid is scanned here, row by row.
    """
    _family(model, x, y)
    xs, ys = np.asarray(x_values, dtype=float), np.asarray(y_values, dtype=float)
    model.check_values({x: xs.min(), y: ys.min()})
    model.check_values({x: xs.max(), y: ys.max()})
    # rows in a snake so that consecutive points are neighbours (good start values)
    points = np.array([(xv, yv) for j, yv in enumerate(ys) for xv in (xs if j % 2 == 0 else xs[::-1])])
    if parallel:
        chi = np.concatenate(map_blocks(_plane_block, points, model, (x, y), client=client, address=address,
                                        workers=workers, progress=progress, what="a parallel plane scan"))
    else:
        chi = _plane_block(model, (x, y), points)
    chi = chi.reshape(ys.size, xs.size)
    chi[1::2] = chi[1::2, ::-1]
    j, i = np.unravel_index(np.argmin(chi), chi.shape)
    return AllowedRegion(x=x, y=y, x_values=xs, y_values=ys, delta_chi2=chi - chi.min(), best=(xs[i], ys[j]),
                         cl=cl, threshold=delta_chi2(cl, 2), datasets=tuple(_datasets(model)))
