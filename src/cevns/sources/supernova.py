"""Core-collapse supernova neutrinos: pinched-thermal spectra with time-dependent luminosities, and snewpy models.

Per flavor the number spectrum emitted at time t is

    d²N/(dE dt) = L(t)/⟨E⟩(t) · f(E; ⟨E⟩(t), α(t)),
    f(E) = (α+1)^{α+1} / (⟨E⟩ Γ(α+1)) · (E/⟨E⟩)^α · exp(−(α+1) E/⟨E⟩)      (∫ f dE = 1, ∫ E f dE = ⟨E⟩)

(Keil, Raffelt & Janka 2003; α = 2 is a Fermi–Dirac-like spectrum, larger α is pinched). At a distance d the
fluence is the time integral divided by 4πd². :class:`SupernovaFlux` holds L, ⟨E⟩, α on a time grid (linear in t);
:func:`from_snewpy` converts any snewpy model into a :class:`SupernovaTableFlux` so users keep their models.

The differential of a supernova flux is the time-integrated *fluence* (normalization "per area at the detector");
:meth:`time_pdf` gives the arrival-time density of the neutrino number, and ``differential_at(time, energy, flavor)``
the time-resolved dΦ/(dE dt).

References
----------
M. T. Keil, G. G. Raffelt, H.-T. Janka, ApJ 590 (2003) 971, arXiv:astro-ph/0208035.
SNEWS collaboration, snewpy: ApJ 925 (2022) 107, arXiv:2109.08188.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import math
from collections.abc import Mapping
from importlib import resources

import numpy as np
from scipy.special import gammaln

from .._validate import as_array, positive_scalar
from ..errors import InvalidSpecError, OptionalDependencyError, OutOfDomainError, UnknownNameError
from ..flavors import FLAVORS, check_flavor
from ..units import MeV, erg, kpc, s
from ._flux import Flux

__all__ = ["SupernovaFlux", "SupernovaTableFlux", "pinched_spectrum", "pinch_from_moments", "from_snewpy",
           "illustrative_model", "garching_model", "GARCHING_MODELS"]

#: One foe (fifty-one ergs), 10⁵¹ erg: the luminosity unit of the Garching tables (per second).
FOE = 1.0e51 * erg
#: Upper end of supernova spectra [MeV] (f < 1e-9 of its peak there for ⟨E⟩ ≤ 20 MeV, α ≥ 2).
MAX_ENERGY = 150.0
_ENERGY_PANELS = 60


def pinched_spectrum(energy, mean_energy, alpha) -> np.ndarray:
    """Normalized pinched-thermal spectrum f(E; ⟨E⟩, α) [1/energy] (Keil, Raffelt & Janka 2003).

    Parameters
    ----------
    energy : array_like [energy]
    mean_energy : array_like [energy]
        ⟨E⟩ > 0 (broadcast with ``energy``).
    alpha : array_like
        Pinch parameter α > −1.
    """
    e = np.asarray(energy, dtype=float)
    mean = np.asarray(mean_energy, dtype=float)
    a = np.asarray(alpha, dtype=float)
    x = e / mean
    log_f = ((a + 1.0) * np.log(a + 1.0) - gammaln(a + 1.0) + a * np.log(np.where(x > 0, x, 1.0))
             - (a + 1.0) * x)
    return np.where(x > 0, np.exp(log_f) / mean, 0.0)


def pinch_from_moments(mean_energy, mean_square_energy) -> np.ndarray:
    """Pinch parameter α = (2⟨E⟩² − ⟨E²⟩)/(⟨E²⟩ − ⟨E⟩²) of the spectrum with these first two moments.

    For the spectrum of :func:`pinched_spectrum`, ⟨E²⟩ = ⟨E⟩² (α + 2)/(α + 1), which this inverts
    (Keil, Raffelt & Janka 2003, Eq. 4).

    Parameters
    ----------
    mean_energy : array_like [energy]
        ⟨E⟩ > 0.
    mean_square_energy : array_like [energy²]
        ⟨E²⟩, with ⟨E⟩² < ⟨E²⟩ < 2⟨E⟩² (that is α > 0; α ≤ 0 would need a spectrum that does not vanish at E = 0).
    """
    mean = as_array("mean_energy", mean_energy, minimum=0.0)
    second = as_array("mean_square_energy", mean_square_energy, minimum=0.0)
    variance = second - mean**2
    bad = (mean <= 0) | (variance <= 0) | (second >= 2 * mean**2)
    if np.any(bad):
        i = np.flatnonzero(np.broadcast_to(bad, np.broadcast_shapes(mean.shape, second.shape)).ravel())[0]
        m, q = np.broadcast_arrays(mean, second)
        raise OutOfDomainError(
            f"mean_square_energy must lie between mean_energy² and 2·mean_energy² (0 < α < ∞); at index {i} "
            f"mean_energy={m.ravel()[i] / MeV:g} MeV, mean_square_energy={q.ravel()[i] / MeV**2:g} MeV²")
    return (2 * mean**2 - second) / variance


class _TimeResolved(Flux):
    """Shared behaviour: fluence = ∫ dt of a time-resolved emission over a grid, divided by 4πd²."""

    normalization = "per area at the detector (time-integrated fluence)"

    @property
    def is_pulsed(self) -> bool:
        return True

    def _rate_grid(self, energy, flavor):  # d²N/dE dt at the source on self.times × energy
        raise NotImplementedError

    def _number_rate(self, flavor):  # dN/dt on self.times
        raise NotImplementedError

    def _range(self, flavor):
        return (0.0, MAX_ENERGY * MeV)

    def _panel_edges(self, flavor):
        return np.linspace(0.0, MAX_ENERGY * MeV, _ENERGY_PANELS + 1)

    def _continuous(self, energy, flavor):
        rate = self._rate_grid(energy, flavor)  # shape energy.shape + (nt,)
        return np.trapezoid(rate, self.times, axis=-1) / (4.0 * math.pi * self.distance**2)

    def differential_at(self, time, energy, flavor) -> np.ndarray:
        """Time-resolved flux dΦ/(dE dt) [1/(area·energy·time)], linear in time between grid points, 0 outside."""
        flavor = check_flavor(flavor)
        t = as_array("time", time)
        e = as_array("energy", energy, minimum=0.0)
        if flavor not in self._emitted():
            return np.zeros(np.broadcast_shapes(t.shape, e.shape))
        rate = self._rate_grid(e, flavor)  # e.shape + (nt,)
        t_b, _ = np.broadcast_arrays(t, e)
        idx = np.clip(np.searchsorted(self.times, t_b) - 1, 0, self.times.size - 2)
        t0, t1 = self.times[idx], self.times[idx + 1]
        w = np.clip((t_b - t0) / (t1 - t0), 0.0, 1.0)
        r0 = np.take_along_axis(np.broadcast_to(rate, t_b.shape + rate.shape[-1:]), idx[..., None], -1)[..., 0]
        r1 = np.take_along_axis(np.broadcast_to(rate, t_b.shape + rate.shape[-1:]), idx[..., None] + 1, -1)[..., 0]
        inside = (t_b >= self.times[0]) & (t_b <= self.times[-1])
        return np.where(inside, (1 - w) * r0 + w * r1, 0.0) / (4.0 * math.pi * self.distance**2)

    def _time_pdf(self, time, flavor):
        n = self._number_rate(flavor)
        norm = np.trapezoid(n, self.times)
        return np.interp(time, self.times, n / norm, left=0.0, right=0.0)


def _grid(name: str, values, times: np.ndarray, minimum: float | None = None) -> np.ndarray:
    arr = np.broadcast_to(as_array(name, values, minimum=minimum), times.shape).astype(float)
    return arr


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class SupernovaFlux(_TimeResolved):
    """A supernova with pinched-thermal spectra per flavor and time-dependent L, ⟨E⟩, α on a time grid.

    Parameters
    ----------
    distance : float [length]
    times : array_like [time]
        Increasing time grid (post-bounce), ≥ 2 points.
    luminosities, mean_energies, pinches : mapping flavor → array_like
        L(t) [energy/time] ≥ 0, ⟨E⟩(t) [energy] > 0 and α(t) > −1 on ``times`` (scalars broadcast). Flavors absent
        from ``luminosities`` are not emitted.
    name, reference : str
    """

    distance: float
    times: np.ndarray
    luminosities: Mapping
    mean_energies: Mapping
    pinches: Mapping
    name: str = "supernova"
    reference: str = ""

    def __post_init__(self):
        positive_scalar("distance", self.distance, unit="kpc", unit_value=kpc)
        times = as_array("times", self.times)
        if times.ndim != 1 or times.size < 2 or np.any(np.diff(times) <= 0):
            raise InvalidSpecError("times must be a strictly increasing 1-d grid with at least 2 points")
        object.__setattr__(self, "times", times)
        lum, mean, pinch = {}, {}, {}
        for flavor, value in dict(self.luminosities).items():
            f = check_flavor(flavor)
            lum[f] = _grid(f"luminosity[{f!r}]", value, times, minimum=0.0)
            if f not in self.mean_energies or f not in self.pinches:
                raise InvalidSpecError(f"flavor {f!r} has a luminosity but no mean_energy or pinch")
            mean[f] = _grid(f"mean_energy[{f!r}]", self.mean_energies[f], times, minimum=0.0)
            if np.any(mean[f] <= 0):
                raise OutOfDomainError(f"mean_energy[{f!r}] must be > 0")
            pinch[f] = _grid(f"pinch[{f!r}]", self.pinches[f], times)
            if np.any(pinch[f] <= -1):
                raise OutOfDomainError(f"pinch[{f!r}] must be > -1, got {pinch[f].min():g}")
        object.__setattr__(self, "luminosities", lum)
        object.__setattr__(self, "mean_energies", mean)
        object.__setattr__(self, "pinches", pinch)

    def _emitted(self):
        return tuple(f for f in FLAVORS if f in self.luminosities and np.any(self.luminosities[f] > 0))

    def _number_rate(self, flavor):
        return self.luminosities[flavor] / self.mean_energies[flavor]

    def _rate_grid(self, energy, flavor):
        e = np.asarray(energy, dtype=float)[..., None]
        return self._number_rate(flavor) * pinched_spectrum(e, self.mean_energies[flavor], self.pinches[flavor])

    @classmethod
    def from_moments(cls, *, distance: float, times, luminosities: Mapping, mean_energies: Mapping,
                     mean_square_energies: Mapping, name: str = "supernova", reference: str = "") -> SupernovaFlux:
        """A supernova from L(t), ⟨E⟩(t) and ⟨E²⟩(t) per flavor, the columns simulations publish.

        The pinch α(t) follows from the two moments (:func:`pinch_from_moments`). Rows where a flavor has no
        luminosity (L = 0, often with ⟨E⟩ = 0 before the flavor is emitted) are kept with L = 0 and the moments of
        the nearest emitting row, so that the grid stays common to all flavors.
        """
        times = as_array("times", times)
        lum, mean, pinch = {}, {}, {}
        for flavor, value in dict(luminosities).items():
            f = check_flavor(flavor)
            L = _grid(f"luminosity[{f!r}]", value, times, minimum=0.0)
            e1 = _grid(f"mean_energy[{f!r}]", mean_energies[flavor], times, minimum=0.0)
            e2 = _grid(f"mean_square_energy[{f!r}]", mean_square_energies[flavor], times, minimum=0.0)
            emitting = (L > 0) & (e1 > 0)
            if not np.any(emitting):
                continue
            rows = np.flatnonzero(emitting)
            nearest = rows[np.clip(np.searchsorted(rows, np.arange(times.size)), 0, rows.size - 1)]
            lum[f] = np.where(emitting, L, 0.0)
            mean[f] = e1[nearest]
            pinch[f] = pinch_from_moments(e1[nearest], e2[nearest])
        return cls(distance=distance, times=times, luminosities=lum, mean_energies=mean, pinches=pinch,
                   name=name, reference=reference)

    def at_distance(self, distance: float) -> SupernovaFlux:
        """The same supernova seen from ``distance`` [length]."""
        return dataclasses.replace(self, distance=distance)

    def emitted_energy(self, flavor: str) -> float:
        """Total energy emitted in ``flavor``, ∫ L dt [energy]."""
        f = check_flavor(flavor)
        return float(np.trapezoid(self.luminosities[f], self.times)) if f in self.luminosities else 0.0


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class SupernovaTableFlux(_TimeResolved):
    """A supernova given as d²N/(dE dt) at the source on a (time × energy) grid, bilinear between nodes.

    Parameters
    ----------
    distance : float [length]
    times : array_like [time], energies : array_like [energy]
        Increasing grids.
    spectra : mapping flavor → array (len(times), len(energies)) [1/(energy·time)]
    """

    distance: float
    times: np.ndarray
    energies: np.ndarray
    spectra: Mapping
    name: str = "supernova-table"
    reference: str = ""

    def __post_init__(self):
        positive_scalar("distance", self.distance, unit="kpc", unit_value=kpc)
        for attr in ("times", "energies"):
            arr = as_array(attr, getattr(self, attr))
            if arr.ndim != 1 or arr.size < 2 or np.any(np.diff(arr) <= 0):
                raise InvalidSpecError(f"{attr} must be a strictly increasing 1-d grid with at least 2 points")
            object.__setattr__(self, attr, arr)
        spectra = {}
        for flavor, value in dict(self.spectra).items():
            f = check_flavor(flavor)
            arr = as_array(f"spectra[{f!r}]", value, minimum=0.0)
            if arr.shape != (self.times.size, self.energies.size):
                raise InvalidSpecError(f"spectra[{f!r}] must have shape (len(times), len(energies)), got {arr.shape}")
            spectra[f] = arr
        object.__setattr__(self, "spectra", spectra)

    def _emitted(self):
        return tuple(f for f in FLAVORS if f in self.spectra and np.any(self.spectra[f] > 0))

    def _range(self, flavor):
        return (float(self.energies[0]), float(self.energies[-1]))

    def _panel_edges(self, flavor):
        return self.energies

    def _rate_grid(self, energy, flavor):
        e = np.asarray(energy, dtype=float)
        table = self.spectra[flavor]  # (nt, nE)
        idx = np.clip(np.searchsorted(self.energies, e) - 1, 0, self.energies.size - 2)
        e0, e1 = self.energies[idx], self.energies[idx + 1]
        w = np.clip((e - e0) / (e1 - e0), 0.0, 1.0)
        lower = np.moveaxis(table[:, idx], 0, -1)
        upper = np.moveaxis(table[:, idx + 1], 0, -1)
        return (1 - w)[..., None] * lower + w[..., None] * upper

    def _number_rate(self, flavor):
        return np.trapezoid(self.spectra[flavor], self.energies, axis=1)


#: Illustrative model: energy per flavor [erg] (3e53 erg / 6), rise and cooling times [s], duration [s],
#: mean energies [MeV] and pinch (see :func:`illustrative_model`).
ILLUSTRATIVE = {"energy_per_flavor_erg": 3.0e53 / 6.0, "rise_s": 0.1, "cooling_s": 3.0, "duration_s": 20.0,
                "mean_energy_MeV": {"nu_e": 10.0, "nubar_e": 13.0, "heavy": 15.0}, "pinch": 3.0}


def illustrative_model(distance: float = 10.0 * kpc) -> SupernovaFlux:
    """A simple, documented supernova for examples and tests (not a simulation).

    3 × 10⁵³ erg shared equally by the six flavors, emitted with L(t) ∝ (1 − e^{−t/τ_r}) e^{−t/τ_c}
    (τ_r = 0.1 s rise, τ_c = 3 s cooling) over 0–20 s; constant ⟨E⟩ = 10, 13, 15 MeV for ν_e, ν̄_e and the heavy
    flavors, and α = 3. The hierarchy and α follow Keil, Raffelt & Janka (2003); use :func:`from_snewpy` for
    published simulations.
    """
    p = ILLUSTRATIVE
    times = np.linspace(0.0, p["duration_s"], 401) * s
    shape = -np.expm1(-times / (p["rise_s"] * s)) * np.exp(-times / (p["cooling_s"] * s))
    lum = p["energy_per_flavor_erg"] * erg * shape / np.trapezoid(shape, times)
    means = p["mean_energy_MeV"]
    return SupernovaFlux(
        distance=distance, times=times,
        luminosities={f: lum for f in FLAVORS},
        mean_energies={f: means.get(f, means["heavy"]) * MeV for f in FLAVORS},
        pinches={f: p["pinch"] for f in FLAVORS},
        name="supernova-illustrative-10kpc",
        reference="illustrative pinched-thermal model; spectra after Keil, Raffelt & Janka, ApJ 590 (2003) 971",
    )


def from_snewpy(model, distance: float, *, times=None, energies=None, name: str | None = None) -> SupernovaTableFlux:
    """Convert a snewpy supernova model into a :class:`SupernovaTableFlux` at ``distance``.

    Parameters
    ----------
    model : snewpy.models.base.SupernovaModel
        Any model with ``get_initial_spectra(t, E)`` returning, per snewpy ``Flavor``, d²N/(dE dt) as astropy
        Quantities (units are converted here, at the boundary).
    distance : float [length]
    times : array_like [time], optional
        Grid (default: the model's own ``time`` attribute).
    energies : array_like [energy], optional
        Grid (default 0–100 MeV in 0.5 MeV steps).

    Notes
    -----
    snewpy's ``NU_X``/``NU_X_BAR`` (one heavy flavor) are copied to both ν_μ and ν_τ (ν̄_μ and ν̄_τ). Initial
    (unoscillated) spectra are used; apply flavor conversion with :meth:`Flux.oscillated`.
    """
    try:
        import astropy.units as u
        import snewpy  # noqa: F401
    except ImportError as exc:
        raise OptionalDependencyError("the snewpy supernova adapter", "snewpy", "snewpy") from exc
    positive_scalar("distance", distance, unit="kpc", unit_value=kpc)
    if times is None:
        t_q = u.Quantity(model.time)
        times = t_q.to_value(u.s) * s
    times = as_array("times", times)
    energies = np.arange(0.0, 100.0 + 0.25, 0.5) * MeV if energies is None else as_array("energies", energies)
    spectra: dict[str, list] = {}
    e_q = (energies / MeV) * u.MeV
    for t in times:
        result = model.get_initial_spectra((t / s) * u.s, e_q)
        for flavor_key, quantity in result.items():
            values = u.Quantity(quantity).to_value(1.0 / (u.MeV * u.s)) / (MeV * s)
            name_key = getattr(flavor_key, "name", str(flavor_key)).upper()
            targets = {
                "NU_E": ("nu_e",), "NU_E_BAR": ("nubar_e",),
                "NU_X": ("nu_mu", "nu_tau"), "NU_X_BAR": ("nubar_mu", "nubar_tau"),
                "NU_MU": ("nu_mu",), "NU_MU_BAR": ("nubar_mu",), "NU_TAU": ("nu_tau",), "NU_TAU_BAR": ("nubar_tau",),
            }.get(name_key, ())
            for target in targets:
                spectra.setdefault(target, []).append(np.asarray(values, dtype=float).reshape(-1))
    return SupernovaTableFlux(distance=distance, times=times, energies=energies,
                              spectra={f: np.array(v) for f, v in spectra.items()},
                              name=name or f"snewpy-{type(model).__name__}")


#: The Garching core-collapse models shipped with the package (LS220 equation of state): preset name →
#: (folder under ``data/supernova-garching-ls220``, progenitor mass in solar masses). See the README there.
GARCHING_MODELS = {
    "garching-ls220-s27": ("LS220-s27.0co", 27.0),
    "garching-ls220-s11.2": ("LS220-s11.2c", 11.2),
}
_GARCHING_REFERENCE = ("Garching LS220 core-collapse simulation (H.-Th. Janka group), {mass:g} solar masses, as used "
                       "in R. F. Lang et al., PRD 94 (2016) 103009, arXiv:1606.09243")
#: Table files per flavor (the heavy-lepton files stand for ν_μ and ν_τ alike; a model without ``nubar_x`` uses
#: ``nu_x`` for the heavy antineutrinos too, as snewpy does for such tables).
_GARCHING_FILES = {"nu_e": ("nu_e",), "nubar_e": ("nubar_e",), "nu_x": ("nu_mu", "nu_tau"),
                   "nubar_x": ("nubar_mu", "nubar_tau")}


@functools.cache
def _garching_table(folder: str, stem: str) -> np.ndarray | None:
    path = resources.files(__package__) / "data" / "supernova-garching-ls220" / folder / f"{stem}.txt.gz"
    if not path.is_file():
        return None
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    rows = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    table = np.array(" ".join(rows).split(), dtype=float).reshape(len(rows), -1)
    table.setflags(write=False)
    return table


def garching_model(name: str = "garching-ls220-s27", distance: float = 10.0 * kpc) -> SupernovaFlux:
    """A shipped Garching LS220 supernova model as a :class:`SupernovaFlux` at ``distance``.

    Parameters
    ----------
    name : {'garching-ls220-s27', 'garching-ls220-s11.2'}
        27 M☉ (s27.0co) or 11.2 M☉ (s11.2c) progenitor.
    distance : float [length]

    Notes
    -----
    The tables give, per flavor, L(t) [10⁵¹ erg/s], ⟨E⟩(t) [MeV] and ⟨E²⟩(t) [MeV²] from −0.35 s (before bounce)
    to the end of the simulation; spectra are pinched with α from the two moments (:meth:`SupernovaFlux.from_moments`).
    Files are read on first use and cached.
    """
    if name not in GARCHING_MODELS:
        raise UnknownNameError("supernova model", name, GARCHING_MODELS)
    folder, mass = GARCHING_MODELS[name]
    tables = {stem: _garching_table(folder, stem) for stem in _GARCHING_FILES}
    if tables["nubar_x"] is None:
        tables["nubar_x"] = tables["nu_x"]
    times = tables["nu_e"][:, 0]
    lum, mean, second = {}, {}, {}
    for stem, flavors in _GARCHING_FILES.items():
        table = tables[stem]  # flavors may have their own time rows: interpolate onto those of nu_e
        L, e1, e2 = (np.interp(times, table[:, 0], table[:, k], left=0.0, right=0.0) for k in (1, 2, 3))
        for f in flavors:
            lum[f], mean[f], second[f] = L * FOE / s, e1 * MeV, e2 * MeV**2
    return SupernovaFlux.from_moments(distance=distance, times=times * s, luminosities=lum, mean_energies=mean,
                                      mean_square_energies=second, name=name,
                                      reference=_GARCHING_REFERENCE.format(mass=mass))
