"""Binned models of a data release: expected counts per component from physics-named parameters.

A :class:`BinnedModel` holds, for each channel of a :class:`cevns.datasets.Dataset`, the observed counts in the
fit region and the components (the CEvNS signal and each background) as functions of named parameters. Its
:meth:`BinnedModel.cost` is a sum of iminuit ``ExtendedBinnedNLL`` terms (one per channel) and
a ``NormalConstraint`` term (the Gaussian priors), so the costs of several data sets add.

:class:`CombinedModel` fits several data sets at once (their costs add, shared parameter names are one parameter).

Shape systematics follow HistFactory: a unit-Gaussian nuisance θ moves a template from its −1σ to its +1σ
alternative (``histosys`` with pyhf's default interpolation, code 4p), see :func:`interpolate_shape`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..errors import OptionalDependencyError, OutOfDomainError, UnknownNameError
from ..physics.couplings import get_couplings

__all__ = ["Parameter", "BinnedModel", "CombinedModel", "interpolate_shape"]


@dataclass(frozen=True)
class Parameter:
    """A fit parameter.

    Attributes
    ----------
    name : str
        As physicists name it (``cevns_norm``, ``sin2_theta_w``, ``neutron_radius``, ``n_brn_prompt``, ...).
    value : float
        Start (and fixed) value, in ``unit``.
    limits : (float, float)
    prior : (mean, sigma) or None
        A Gaussian constraint from an auxiliary measurement or the publication.
    fixed : bool
        Fixed unless a fit frees it.
    unit : str
        Unit of the value (``"fm"`` for radii, ``"events"`` for normalizations, ``""`` for factors).
    """

    name: str
    value: float
    limits: tuple = (-np.inf, np.inf)
    prior: tuple | None = None
    fixed: bool = False
    unit: str = ""


def interpolate_shape(theta: float, nominal: np.ndarray, down: np.ndarray | None, up: np.ndarray) -> np.ndarray:
    """HistFactory ``histosys``: the change of a template for the unit-Gaussian nuisance θ.

    Beyond ±1σ it is linear: θ (up − nominal) for θ > 1 and θ (nominal − down) for θ < −1. Inside, the
    polynomial interpolation of pyhf's default (code 4p), θ S + θ²(θ²(3θ² − 10) + 15) A with S the mean and
    16 A the difference of the two one-sided changes, which meets the linear pieces with the same slope and
    passes through the templates at ±1σ. With one published alternative only (``down`` None), it is
    symmetrised (down = 2 nominal − up) and the change is θ (up − nominal) everywhere.

    References
    ----------
    K. Cranmer et al., HistFactory, CERN-OPEN-2012-016; L. Heinrich et al., pyhf, JOSS 6 (2021) 2823.
    """
    delta_up = up - nominal
    if down is None:
        return theta * delta_up
    delta_down = nominal - down
    if theta > 1.0:
        return theta * delta_up
    if theta < -1.0:
        return theta * delta_down
    mean, asym = 0.5 * (delta_up + delta_down), 0.0625 * (delta_up - delta_down)
    return theta * mean + theta**2 * (theta**2 * (3.0 * theta**2 - 10.0) + 15.0) * asym


class _ChannelCdf:
    """The cumulative expected counts of one channel over its flattened bins, as iminuit's binned costs want."""

    def __init__(self, model: "BinnedModel", channel: str):
        self.model, self.channel = model, channel
        self._parameters = {"x": None} | {p.name: p.limits for p in model.parameters}

    def __call__(self, x, *values):
        mu = self.model.expected_from_values(values)[self.channel].ravel()
        return np.concatenate([[0.0], np.cumsum(mu)])


class BinnedModel:
    """Observed counts and expected components of every channel of a data set.

    Subclasses define :attr:`parameters`, :attr:`observed` (channel → counts in the fit region, in the
    release's dimensions) and :meth:`components` (channel → component → expected counts).
    """

    dataset = None
    parameters: tuple = ()
    observed: dict = {}
    signal_name = "cevns"
    #: The default parameter of interest, zero for background only.
    poi = "cevns_norm"
    #: The new-physics family whose parameters drive the signal (:mod:`cevns.stats.new_physics`), or None.
    new_physics = None

    def __init__(self):
        self._last = (None, None)

    def with_observed(self, observed: dict) -> "BinnedModel":
        """A copy of the model that fits other counts (e.g. Asimov data or toys), channel → counts."""
        import copy

        other = copy.copy(self)
        other.observed = {ch: np.asarray(observed[ch], dtype=float).reshape(np.shape(n))
                          for ch, n in self.observed.items()}
        other._last = (None, None)
        return other

    def channel_axes(self, channel: str) -> tuple:
        """The axes (cevns.datasets.Axis) of a channel's fit region."""
        return self.dataset.channel(channel).axes

    # -- parameters ------------------------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise UnknownNameError(f"parameter of the {self.dataset.name} model", name, self.names)

    def defaults(self) -> dict[str, float]:
        return {p.name: p.value for p in self.parameters}

    def _values(self, params) -> tuple:
        unknown = set(params) - set(self.names)
        if unknown:
            raise UnknownNameError(f"parameter of the {self.dataset.name} model", sorted(unknown)[0], self.names)
        values = self.defaults() | dict(params)
        return tuple(float(values[n]) for n in self.names)

    # -- predictions -----------------------------------------------------------------------------------
    def components(self, **params) -> dict[str, dict[str, np.ndarray]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def expected_from_values(self, values: tuple) -> dict[str, np.ndarray]:
        """Total expected counts per channel for parameter values in the order of :attr:`names` (cached)."""
        key, result = self._last
        if key != values:
            parts = self.components(**dict(zip(self.names, values)))
            result = {ch: sum(c.values()) for ch, c in parts.items()}
            self._last = (values, result)
        return result

    def expected(self, **params) -> dict[str, np.ndarray]:
        """Total expected counts per channel (defaults for parameters not given)."""
        return self.expected_from_values(self._values(params))

    def signal_events(self, **params) -> float:
        """Expected CEvNS events in the fit region."""
        parts = self.components(**(self.defaults() | params))
        return float(sum(c[self.signal_name].sum() for c in parts.values()))

    # -- likelihood ------------------------------------------------------------------------------------
    def cost(self):
        """−2 ln L: iminuit ``ExtendedBinnedNLL`` per channel plus a ``NormalConstraint`` of the priors."""
        try:
            from iminuit.cost import ExtendedBinnedNLL, NormalConstraint
        except ImportError:
            raise OptionalDependencyError("likelihood fits", "iminuit", "fit") from None
        total = None
        for channel, counts in self.observed.items():
            n = np.asarray(counts, dtype=float).ravel()
            term = ExtendedBinnedNLL(n, np.arange(n.size + 1.0), _ChannelCdf(self, channel))
            total = term if total is None else total + term
        priors = [p for p in self.parameters if p.prior is not None]
        if priors:  # one term for all (independent) priors: each cost term has a per-call overhead
            total = total + NormalConstraint([p.name for p in priors], [p.prior[0] for p in priors],
                                             [p.prior[1] for p in priors])
        return total

    def check_values(self, params):
        """Raise for an unknown parameter or a value outside its limits (or not a number)."""
        for name, value in params.items():
            lo, hi = self.parameter(name).limits
            if not lo <= float(value) <= hi:
                raise OutOfDomainError(f"{name} = {value:g} is outside its allowed range [{lo:g}, {hi:g}]")


class CombinedModel(BinnedModel):
    """Several data sets fitted together: their costs add, and the physics parameters are shared.

    ``sin2_theta_w``, the neutron radii, ``flux_8b`` and new-physics parameters are one parameter of the sum (the
    first model's start value, limits and prior); every other parameter (normalizations, the flux of each beam,
    backgrounds, systematics) stays each data set's own, named ``<dataset>:<name>``. Channels are named ``<dataset>/<channel>``.
    Asking a fit for ``cevns_norm`` or ``flux_norm`` means every data set's.
    """

    shared = ("sin2_theta_w", "neutron_radius", "neutron_radius_cs", "neutron_radius_i", "flux_8b")

    def __init__(self, *models: BinnedModel):
        super().__init__()
        if not models:
            raise OutOfDomainError("CombinedModel needs at least one model")
        self.models = models
        self.dataset = type("Combined", (), {"name": " + ".join(m.dataset.name for m in models),
                                             "channels": tuple(c for m in models for c in m.dataset.channels),
                                             "published": {}, "title": "combined fit", "reference": ""})()
        self._names = []  # per model: own name → combined name
        merged = {}
        for m in models:
            shared = self.shared + (m.new_physics.names if m.new_physics else ())
            names = {p.name: p.name if p.name in shared else f"{m.dataset.name}:{p.name}" for p in m.parameters}
            self._names.append(names)
            for p in m.parameters:
                merged.setdefault(names[p.name], replace(p, name=names[p.name]))
        self.parameters = tuple(merged.values())
        self.poi = models[0].poi
        self.new_physics = next((m.new_physics for m in models if m.new_physics), None)
        self.observed = {f"{m.dataset.name}/{ch}": n for m in models for ch, n in m.observed.items()}

    def channel_axes(self, channel: str) -> tuple:
        name, _, own = channel.partition("/")
        return next(m for m in self.models if m.dataset.name == name).channel_axes(own)

    def components(self, **params):
        out = {}
        for m, names in zip(self.models, self._names):
            own = {name: params[combined] for name, combined in names.items()}
            out |= {f"{m.dataset.name}/{ch}": parts for ch, parts in m.components(**own).items()}
        return out


def physics_sin2_theta_w(physics: dict) -> float:
    """The weak mixing angle of an experiment's physics choices: its own ``sin2_theta_w``, else the default of its
    coupling scheme, in that scheme's convention (``tree``: low-energy MS-bar; ``pdg2024``/``tomalak2021``: Z pole)."""
    return float(get_couplings(physics.get("couplings", "tree"), physics.get("sin2_theta_w")).sin2_theta_w)
