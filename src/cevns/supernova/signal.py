"""Supernova signal in a CEvNS detector: counts versus time and observable, precomputed once per model and detector.

For a supernova at distance d, the expected number of events of detected flavor β in observable bin b and time
cell around t_j is

    N_β(j, b) = 1/(4πd²) · Σ_α P_βα · A_αβ(j, b),
    A_αβ(j, b) = Σ_k w_k φ_α(E_k, t_j) S_β(b, E_k),
    S_β(b, E_k) = Σ_isotopes N_i ∫ dT dσ_β/dT(E_k, T) R(b | T),

with φ_α(E, t) = d²N/(dE dt) the emission of flavor α at the source, P_βα the flavor conversion in the star
(adiabatic MSW, energy independent) and R(b | T) the detector response. :class:`SupernovaSignal` computes A once
(≲ 1 s); a new distance is a factor 1/d², a new ordering a 3×3 mixing per sector, so :meth:`SupernovaSignal.predict`
costs milliseconds. Earth crossing makes P energy dependent and needs the spectra, kept for that purpose.
"""

from __future__ import annotations

import dataclasses
import math
from functools import cached_property

import numpy as np

from .._array import gauss_legendre
from .._validate import choice, positive_scalar
from ..errors import InvalidSpecError, OutOfDomainError
from ..flavors import FLAVORS
from ..physics.cross_section import differential_cross_section
from ..physics.kinematics import recoil_energy_max
from ..sources.supernova import SupernovaFlux, SupernovaTableFlux, pinched_spectrum
from ..units import MeV, kpc, s
from .detectors import BurstDetector

__all__ = ["SupernovaSignal", "SupernovaPrediction", "ORDERINGS", "PHASES", "flavor_conversion"]

#: Flavor conversion in the star: adiabatic MSW with normal or inverted mass ordering, or none.
ORDERINGS = ("normal", "inverted", "none")
#: Emission phases [s after bounce] (Janka, Ann. Rev. Nucl. Part. Sci. 62 (2012) 407; Lang et al. 2016, Fig. 1):
#: the neutronization burst (ν_e from electron capture on free protons as the shock breaks out), the accretion
#: phase until the explosion sets in, and the Kelvin–Helmholtz cooling of the proto-neutron star.
PHASES = {"burst": (-math.inf, 0.05), "accretion": (0.05, 0.5), "cooling": (0.5, math.inf)}
#: Time steps of the master grid onto which dense simulation tables are resampled [s]: fine through the burst,
#: resolving the accretion phase (standing-accretion-shock oscillations of ~80 Hz), coarse in the smooth cooling.
TIME_STEPS = ((0.1, 0.25e-3), (1.0, 1.0e-3), (math.inf, 10.0e-3))
#: A simulation table with at most this many rows is used on its own time grid.
MAX_NATIVE_ROWS = 5000
#: Neutrino-energy quadrature: Gauss–Legendre panels over [0, MAX_NEUTRINO_ENERGY].
ENERGY_PANELS, ENERGY_NODES = 20, 6
MAX_NEUTRINO_ENERGY = 150.0 * MeV
#: Recoil-energy quadrature per neutrino energy: Gauss–Legendre nodes on [0, T_max(E)] in panels uniform in √T
#: (the rate is largest at small T).
RECOIL_PANELS, RECOIL_NODES = 12, 8

_SECTORS = (FLAVORS[:3], FLAVORS[3:])


def flavor_conversion(ordering: str, energy=None, *, params=None) -> np.ndarray:
    """Conversion matrices P[sector, β, α] (sector 0: ν, 1: ν̄) of adiabatic MSW in the star; identity for "none".

    Uses :func:`cevns.oscillations.supernova_probability` (energy independent in the adiabatic limit; evaluated
    at 10 MeV).
    """
    ordering = choice("ordering", ordering, {o: o for o in ORDERINGS})
    if ordering == "none":
        return np.broadcast_to(np.eye(3), (2, 3, 3)).copy()
    from ..oscillations import nufit60, supernova_probability

    params = params or nufit60(ordering)
    e = np.array([10.0 * MeV])
    return np.stack([supernova_probability(e, params=params, antineutrino=anti)[0] for anti in (False, True)])


def _master_times(times: np.ndarray) -> np.ndarray:
    if times.size <= MAX_NATIVE_ROWS:
        return times
    pieces, start = [], times[0]
    for end, step in TIME_STEPS:
        stop = min(end * s, times[-1])
        if stop > start:
            pieces.append(np.arange(start, stop, step * s))
            start = stop
    return np.append(np.concatenate(pieces), times[-1])


def _emission(flux, energies: np.ndarray):
    """Master time grid and φ_α(E_k, t_j) [1/(energy·time)] at the source, shape (6, n_t, n_E)."""
    if isinstance(flux, SupernovaFlux):
        t = _master_times(flux.times)
        phi = np.zeros((6, t.size, energies.size))
        done = []  # (tables, row) of flavors computed so far: heavy flavors often share their tables
        for a, f in enumerate(FLAVORS):
            if f not in flux.luminosities:
                continue
            tables = (flux.luminosities[f], flux.mean_energies[f], flux.pinches[f])
            same = [row for other, row in done if all(np.array_equal(x, y) for x, y in zip(tables, other))]
            if same:
                phi[a] = phi[same[0]]
                continue
            L, mean, pinch = (np.interp(t, flux.times, x) for x in tables)
            phi[a] = (L / mean)[:, None] * pinched_spectrum(energies[None, :], mean[:, None], pinch[:, None])
            done.append((tables, a))
        return t, phi
    if isinstance(flux, SupernovaTableFlux):
        t = flux.times
        phi = np.zeros((6, t.size, energies.size))
        for a, f in enumerate(FLAVORS):
            if f in flux.spectra:
                table = flux.spectra[f]
                phi[a] = np.array([np.interp(energies, flux.energies, row, left=0.0, right=0.0) for row in table])
        return t, phi
    raise InvalidSpecError(f"flux must be a SupernovaFlux or SupernovaTableFlux, got {type(flux).__name__}")


def detection_kernel(detector: BurstDetector, energies: np.ndarray, *, flavor: str = "nu_mu", couplings="tree",
                     form_factor="helm") -> np.ndarray:
    """S(b, E_k): expected events in observable bin b per unit fluence [area] at neutrino energy E_k.

    Σ_i N_i ∫ dT dσ_i/dT(E_k, T) R(b | T) over the isotopes i (N_i nuclei in the detector), integrated with
    Gauss–Legendre panels uniform in √(T − T_thr) from the detector's recoil threshold T_thr (0 for a smeared
    observable) to the kinematic end point of each E_k, so that both steps of the integrand are exact.
    """
    edges = detector.observable_edges
    out = np.zeros((edges.size - 1, energies.size))
    isotopes, _ = detector.isotopes_and_fractions
    u_edges = np.linspace(0.0, 1.0, RECOIL_PANELS + 1)
    u, wu = gauss_legendre(u_edges[:-1], u_edges[1:], RECOIL_NODES)
    u, wu = u.ravel(), wu.ravel()
    t_low = detector.recoil_threshold
    for iso, n_per_mass in zip(isotopes, detector.nuclei_per_mass):  # nuclei per mass include the fractions
        span = np.maximum(recoil_energy_max(energies, iso) - t_low, 0.0)  # (n_E,)
        T = t_low + span[:, None] * u[None, :] ** 2  # T = T_low + span u², dT = 2 span u du
        w = 2.0 * span[:, None] * u[None, :] * wu[None, :]
        dsigma = differential_cross_section(T, energies[:, None], iso, flavor=flavor, couplings=couplings,
                                            form_factor=form_factor)
        R = detector.response_matrix(T.ravel(), iso).reshape(edges.size - 1, *T.shape)  # (b, n_E, n_T)
        out += n_per_mass * detector.mass * np.einsum("bkt,kt->bk", R, w * dsigma)
    return out


def _energy_quadrature():
    edges = np.linspace(0.0, MAX_NEUTRINO_ENERGY, ENERGY_PANELS + 1)
    nodes, weights = gauss_legendre(edges[:-1], edges[1:], ENERGY_NODES)
    return nodes.ravel(), weights.ravel()


def _cumulative(times: np.ndarray, values: np.ndarray) -> np.ndarray:
    """∫_{t_0}^{t_j} of a function linear between nodes, at each node (time on the last axis)."""
    steps = 0.5 * (values[..., 1:] + values[..., :-1]) * np.diff(times)
    return np.concatenate([np.zeros(values.shape[:-1] + (1,)), np.cumsum(steps, axis=-1)], axis=-1)


def _integral_to(times: np.ndarray, values: np.ndarray, cumulative: np.ndarray, t) -> np.ndarray:
    """∫_{t_0}^{t} of the piecewise-linear function (exact), for each t in ``t``; time on the last axis."""
    t = np.clip(np.asarray(t, dtype=float), times[0], times[-1])
    j = np.clip(np.searchsorted(times, t, side="right") - 1, 0, times.size - 2)
    h = times[j + 1] - times[j]
    dt = t - times[j]
    slope = (values[..., j + 1] - values[..., j]) / h
    return cumulative[..., j] + values[..., j] * dt + 0.5 * slope * dt**2


@dataclasses.dataclass(frozen=True, eq=False)
class SupernovaSignal:
    """Precomputed supernova signal of one model in one detector; :meth:`predict` gives counts in milliseconds.

    Build with :meth:`build`. Attributes hold the master time grid [time], the observable bin edges and the tables
    A[sector, α, β, t, bin] (events × area / time) before the 1/(4πd²) and flavor-conversion factors.
    """

    flux: object
    detector: BurstDetector
    times: np.ndarray
    tables: np.ndarray = dataclasses.field(repr=False)
    cumulative: np.ndarray = dataclasses.field(repr=False)

    @classmethod
    def build(cls, flux, detector, *, couplings="tree", form_factor="helm", progress=None) -> SupernovaSignal:
        """Precompute the signal of ``flux`` (a supernova model) in ``detector`` (a preset name or BurstDetector).

        Parameters
        ----------
        flux : SupernovaFlux or SupernovaTableFlux
            Its distance is irrelevant here (set it in :meth:`predict`).
        detector : str or BurstDetector
        couplings, form_factor
            As in :func:`cevns.differential_cross_section`; "tree" couplings are flavor blind.
        progress : callable(str), optional
            Called with a short message before each step (the CLI prints them).
        """
        from .detectors import get

        detector = get(detector)
        say = progress or (lambda message: None)
        energies, weights = _energy_quadrature()
        say("neutrino emission on the time grid")
        times, phi = _emission(flux, energies)
        say(f"detection kernel of {detector.name}")
        kernels = {}
        for sector, names in enumerate(_SECTORS):
            for b, flavor in enumerate(names):
                key = (sector, 0 if couplings == "tree" else b)  # tree level: one kernel per sector
                if key not in kernels:
                    kernels[key] = detection_kernel(detector, energies, flavor=flavor, couplings=couplings,
                                                    form_factor=form_factor)
        say("folding emission and detection")
        nb = detector.observable_edges.size - 1
        tables = np.zeros((2, 3, 3, times.size, nb))
        for sector in range(2):
            for a in range(3):
                weighted = phi[3 * sector + a] * weights  # (t, E)
                folded = {}
                for b in range(3):
                    key = (sector, 0 if couplings == "tree" else b)
                    if key not in folded:
                        folded[key] = weighted @ kernels[key].T  # (t, bin)
                    tables[sector, a, b] = folded[key]
        cumulative = _cumulative(times, np.moveaxis(tables, 3, -1))  # (s, α, β, bin, t)
        return cls(flux=flux, detector=detector, times=times, tables=tables, cumulative=cumulative)

    @cached_property
    def _rate_tables(self):
        """Tables summed over observable bins, (s, α, β, t), with their cumulative integral."""
        summed = self.tables.sum(axis=-1)
        return summed, _cumulative(self.times, summed)

    def predict(self, distance: float = 10.0 * kpc, ordering: str = "normal", *, params=None) -> SupernovaPrediction:
        """Expected counts for a supernova at ``distance`` with flavor conversion ``ordering`` in the star.

        Parameters
        ----------
        distance : float [length]
        ordering : {'normal', 'inverted', 'none'}
            Adiabatic MSW conversion with that mass ordering (NuFIT 6.0), or no conversion.
        params : cevns.oscillations.MixingParameters, optional
            Other mixing parameters (their ordering is used).
        """
        positive_scalar("distance", distance, unit="kpc", unit_value=kpc)
        if params is not None:
            ordering = params.ordering
        conversion = flavor_conversion(ordering, params=params)
        return SupernovaPrediction(signal=self, distance=float(distance), ordering=ordering, conversion=conversion)


@dataclasses.dataclass(frozen=True, eq=False)
class SupernovaPrediction:
    """Expected events of a :class:`SupernovaSignal` at one distance and flavor conversion.

    Counts are per detected flavor β (the flavor arriving at the detector); ``"total"`` sums them.
    """

    signal: SupernovaSignal
    distance: float
    ordering: str
    conversion: np.ndarray  # P[sector, β, α]

    @property
    def _scale(self) -> float:
        return 1.0 / (4.0 * math.pi * self.distance**2)

    def _mix(self, table: np.ndarray) -> np.ndarray:
        """Σ_α P_βα table[s, α, β, ...] / 4πd² → (6 detected flavors, ...)."""
        out = np.einsum("sba,sab...->sb...", self.conversion, table) * self._scale
        return out.reshape((6,) + table.shape[3:])

    def _result(self, per_flavor: np.ndarray) -> dict:
        result = {f: per_flavor[i] for i, f in enumerate(FLAVORS)}
        result["total"] = per_flavor.sum(axis=0)
        return result

    def _window(self, window) -> tuple[float, float]:
        times = self.signal.times
        if window is None:
            return float(times[0]), float(times[-1])
        if isinstance(window, str):
            low, high = choice("phase", window, PHASES)
            return max(low * s, float(times[0])), min(high * s, float(times[-1]))
        low, high = (float(x) for x in window)
        if not high > low:
            raise OutOfDomainError(f"window must have start < end, got {window!r}")
        return low, high

    def total(self, window=None) -> dict:
        """Expected events per detected flavor and ``"total"`` in a time ``window`` ((start, end) [time] or a
        phase name from :data:`PHASES`; default: the whole model)."""
        values, cumulative = self.signal._rate_tables
        low, high = self._window(window)
        t = self.signal.times
        integral = _integral_to(t, values, cumulative, high) - _integral_to(t, values, cumulative, low)
        return {k: float(v) for k, v in self._result(self._mix(integral)).items()}

    def phases(self) -> dict:
        """Total expected events in each phase of :data:`PHASES`."""
        return {name: self.total(name)["total"] for name in PHASES}

    def counts_vs_time(self, time_edges) -> dict:
        """Expected events per detected flavor (and ``"total"``) in time bins with edges ``time_edges`` [time]."""
        edges = np.asarray(time_edges, dtype=float)
        if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
            raise OutOfDomainError("time_edges must be a strictly increasing 1-d array of at least 2 times")
        values, cumulative = self.signal._rate_tables
        integral = np.diff(_integral_to(self.signal.times, values, cumulative, edges), axis=-1)
        return self._result(self._mix(integral))

    def rate(self, time) -> dict:
        """Event rate dN/dt [1/time] per detected flavor (and ``"total"``) at ``time`` (0 outside the model)."""
        t = np.atleast_1d(np.asarray(time, dtype=float))
        values, _ = self.signal._rate_tables
        grid = self.signal.times
        inside = (t >= grid[0]) & (t <= grid[-1])
        interpolated = np.stack([np.interp(t, grid, row) for row in values.reshape(-1, grid.size)])
        interpolated = np.where(inside, interpolated, 0.0).reshape(values.shape[:3] + t.shape)
        return self._result(self._mix(interpolated))

    def spectrum(self, window=None) -> dict:
        """Expected events per observable bin (edges: ``signal.detector.observable_edges``), per detected flavor and
        ``"total"``, in a time ``window`` (as in :meth:`total`)."""
        low, high = self._window(window)
        t = self.signal.times
        tables = np.moveaxis(self.signal.tables, 3, -1)
        cumulative = self.signal.cumulative
        integral = _integral_to(t, tables, cumulative, high) - _integral_to(t, tables, cumulative, low)
        return self._result(self._mix(integral))

    def at(self, *, distance: float | None = None, ordering: str | None = None) -> SupernovaPrediction:
        """The same signal at another distance or ordering (milliseconds: no recomputation)."""
        return self.signal.predict(self.distance if distance is None else distance,
                                   self.ordering if ordering is None else ordering)

    def realise(self, time_edges, *, size: int | None = None, rng=None) -> np.ndarray:
        """Poisson realisations of the total counts in time bins ``time_edges``: shape ``(size, n_bins)``
        (or ``(n_bins,)`` without ``size``)."""
        mean = self.counts_vs_time(time_edges)["total"]
        rng = np.random.default_rng(rng)
        return rng.poisson(mean, size=None if size is None else (int(size), mean.size))

    def significance(self, distance, *, background_rate: float, window=None) -> np.ndarray:
        """Median discovery significance of the burst in ``window`` at each ``distance`` [length].

        Counting experiment with expected signal s(d) = s(d₀) (d₀/d)² and background b = background_rate ×
        window length: Z = √(2[(s + b) ln(1 + s/b) − s]) (Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554,
        Eq. 97).
        """
        d = np.asarray(distance, dtype=float)
        if np.any(d <= 0):
            raise OutOfDomainError(f"distance must be > 0, got {distance!r}")
        positive_scalar("background_rate", background_rate, unit="1/s", unit_value=1.0 / s)
        low, high = self._window(window)
        signal = self.total((low, high))["total"] * (self.distance / d) ** 2
        b = background_rate * (high - low)
        return np.sqrt(2.0 * ((signal + b) * np.log1p(signal / b) - signal))
