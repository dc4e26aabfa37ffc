"""The common interface of every neutrino source: :class:`Flux`, and its sums, scalings and flavor transforms.

A flux is two things per flavor: a continuous differential flux dΦ/dE_ν on a finite energy range, and a (possibly
empty) set of monoenergetic lines with their intensities. The two are never mixed: a line is never smeared into a
histogram, so the rate code can fold a line with a cross section exactly.

Everything is in hepunits (MeV, mm, ns = 1). What the numbers are *per* (area and time at a detector, proton on
target, fission, ...) is the :class:`Normalization` in :attr:`Flux.normalization`; sums only combine fluxes with the
same normalization.
"""

from __future__ import annotations

import dataclasses
import enum
from functools import cached_property

import numpy as np

from .._array import gauss_legendre, unique_sorted
from .._table import column, to_dataframe
from .._validate import as_array, check_count, real_scalar
from ..errors import InvalidSpecError, OutOfDomainError, UnknownNameError
from ..flavors import FLAVORS, check_flavor, is_antineutrino
from ..units import MeV, cm2, km, s, year

__all__ = ["Flux", "SumFlux", "ScaledFlux", "OscillatedFlux", "Normalization"]

# Gauss–Legendre nodes per integration panel and the default number of panels of a continuous spectrum. With
# 24 panels × 16 nodes, smooth spectra are integrated to ~1e-10; spectra with kinks declare their kinks as panel edges.
_NODES_PER_PANEL = 16
_DEFAULT_PANELS = 24
#: Bounds of the sizes a caller may ask for (checked before anything is allocated).
_MAX_NODES_PER_PANEL = 256
_MAX_GRID_POINTS = 1_000_000
#: Farthest source–detector distance of a terrestrial source (reactor, accelerator), 10⁵ km: beyond it an input is
#: a unit mistake, not a source.
MAX_DISTANCE = 1.0e5 * km
#: Highest neutrino energy a flux is evaluated at, 1 EeV (cosmogenic neutrinos); every source here ends far below.
MAX_ENERGY = 1.0e12 * MeV
#: Arrival times beyond a year of the start of a pulse or burst are outside every time profile.
_MAX_TIME = year

_NEUTRINOS = FLAVORS[:3]
_ANTINEUTRINOS = FLAVORS[3:]


def _sector(flavor: str) -> tuple[str, ...]:
    return _ANTINEUTRINOS if is_antineutrino(flavor) else _NEUTRINOS


class Normalization(str, enum.Enum):
    """What the numbers of a flux are per: a typed choice, not free text.

    Each value is a string (``Normalization.PER_AREA_TIME == "per area per time at the detector"``), so code that
    compares with the text keeps working; test the kind with :attr:`per_area` and :attr:`per_time` rather than
    by searching the text (a whole-reactor flux is per time but not per area).

    >>> Normalization.parse("fluence").display
    (100.0, 'cm^-2 (fluence)')
    >>> Normalization.PER_TIME.per_area, Normalization.PER_TIME.per_time
    (False, True)
    """

    #: dΦ/dE per area per time at a detector (steady sources at a distance).
    PER_AREA_TIME = "per area per time at the detector"
    #: Per proton on target per area at a detector (spallation sources without a beam rate).
    PER_PROTON_ON_TARGET = "per proton on target per area at the detector"
    #: Time-integrated fluence per area at a detector (a supernova burst).
    FLUENCE = "per area at the detector (time-integrated fluence)"
    #: Emitted per time by a whole source (a reactor without a distance).
    PER_TIME = "per time (whole reactor)"
    #: Emitted per fission (a reactor spectrum without power or distance).
    PER_FISSION = "per fission"

    def __str__(self) -> str:
        return self.value

    __format__ = str.__format__

    @property
    def per_area(self) -> bool:
        """True when the flux is per unit area at a detector."""
        return self in (Normalization.PER_AREA_TIME, Normalization.PER_PROTON_ON_TARGET, Normalization.FLUENCE)

    @property
    def per_time(self) -> bool:
        """True when the flux is per unit time (a rate)."""
        return self in (Normalization.PER_AREA_TIME, Normalization.PER_TIME)

    @property
    def display(self) -> tuple[float, str]:
        """(factor, unit text) to show a total in conventional units: ``total * factor`` is in ``unit``."""
        return _DISPLAY[self]

    @classmethod
    def parse(cls, value) -> "Normalization":
        """A :class:`Normalization` from itself, its value text or its member name (any case, e.g. ``"fluence"``)."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            key = value.strip().lower()
            for member in cls:
                if key in (member.value, member.name.lower(), member.name.lower().replace("_", "-")):
                    return member
        raise UnknownNameError("flux normalization", value, [m.name.lower() for m in cls])


_DISPLAY = {
    Normalization.PER_AREA_TIME: (cm2 * s, "cm^-2 s^-1"),
    Normalization.PER_PROTON_ON_TARGET: (cm2, "cm^-2 per proton on target"),
    Normalization.FLUENCE: (cm2, "cm^-2 (fluence)"),
    Normalization.PER_TIME: (s, "s^-1 (whole source)"),
    Normalization.PER_FISSION: (1.0, "per fission"),
}



class Flux:
    """Base class of all neutrino fluxes: continuous spectra and lines per flavor, with their normalization.

    Subclasses are frozen dataclasses that implement ``_emitted`` (the flavors with nonzero flux),
    ``_range(flavor)``, ``_continuous(energy, flavor)`` and, if they have lines, ``_lines(flavor)``; pulsed sources
    also implement ``_time_pdf(time, flavor)``.

    Conventions
    -----------
    - ``differential(energy, flavor)`` is the continuous part dΦ/dE [normalization / energy]. It is exactly 0
      outside :meth:`energy_range` and for flavors the source does not emit; a negative or non-finite energy raises
      :class:`~cevns.errors.OutOfDomainError`.
    - ``lines(flavor)`` returns ``(energies, intensities)``; each intensity is Φ of that line [normalization].
    - ``time_pdf(time, flavor)`` is the probability density per unit time of the arrival time of a neutrino of
      that flavor (integral 1 over time) for pulsed sources; steady sources return ``None``. Check with
      :attr:`is_pulsed`.
    """

    #: Short name of the flux (a preset name where it comes from one).
    name: str
    #: What the numbers are per (a :class:`Normalization`; its value is the text, e.g. "per area per time at the
    #: detector").
    normalization: Normalization

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        text = cls.__dict__.get("normalization")
        if isinstance(text, str):  # a subclass that declares its normalization as text gets the typed value
            cls.normalization = Normalization.parse(text)

    # --- to be provided by subclasses -------------------------------------------------------------------------
    def _emitted(self) -> tuple[str, ...]:
        raise NotImplementedError

    def _range(self, flavor: str) -> tuple[float, float]:
        raise NotImplementedError

    def _continuous(self, energy: np.ndarray, flavor: str) -> np.ndarray:
        return np.zeros_like(energy)

    def _lines(self, flavor: str) -> tuple[np.ndarray, np.ndarray]:
        return np.empty(0), np.empty(0)

    def _panel_edges(self, flavor: str) -> np.ndarray:
        """Edges of the integration panels of the continuous part; subclasses add kinks and table nodes.

        The hook behind :meth:`panel_edges` (callers outside this package use the public method)."""
        low, high = self._range(flavor)
        if high <= low:
            return np.array([low, high])
        if low > 0 and high / low > 10.0:
            return np.geomspace(low, high, _DEFAULT_PANELS + 1)
        return np.linspace(low, high, _DEFAULT_PANELS + 1)

    def _time_pdf(self, time: np.ndarray, flavor: str) -> np.ndarray | None:
        return None

    # --- public interface --------------------------------------------------------------------------------------
    @property
    def flavors(self) -> tuple[str, ...]:
        """The flavors with nonzero flux, in the order of :data:`cevns.flavors.FLAVORS`."""
        emitted = set(self._emitted())
        return tuple(f for f in FLAVORS if f in emitted)

    @property
    def is_pulsed(self) -> bool:
        """True when the source has a time profile (:meth:`time_pdf` returns arrays, not ``None``)."""
        return False

    def energy_range(self, flavor: str) -> tuple[float, float]:
        """Energy range ``(emin, emax)`` [energy] of the flux of ``flavor``, continuous part and lines together.

        ``(0.0, 0.0)`` for a flavor the source does not emit.
        """
        flavor = check_flavor(flavor)
        if flavor not in self._emitted():
            return (0.0, 0.0)
        low, high = self._range(flavor)
        energies, _ = self._lines(flavor)
        energies = np.asarray(energies, dtype=float)
        if energies.size and high <= low:  # lines only
            return (float(energies.min()), float(energies.max()))
        if energies.size:
            low, high = min(low, float(energies.min())), max(high, float(energies.max()))
        return (float(low), float(high))

    def energy_grid(self, flavor: str, points: int = 400) -> np.ndarray:
        """``points`` log-spaced energies [energy] over :meth:`energy_range` (from 10⁻³ of its top if it starts at 0).

        For tables and figures; a flavor that is not emitted, or a single line, gives its one energy.
        """
        points = check_count("points", points, minimum=2, maximum=_MAX_GRID_POINTS)
        low, high = self.energy_range(flavor)
        low = max(low, 1e-3 * high) if high > 0 else low
        if high <= low:
            return np.array([low])
        return np.geomspace(low, high, points)

    def differential(self, energy, flavor: str) -> np.ndarray:
        """Continuous differential flux dΦ/dE [normalization / energy] of ``flavor`` at ``energy``.

        Parameters
        ----------
        energy : array_like [energy]
            Neutrino energies, finite, in [0, 1 EeV]; any shape.
        flavor : str
            One of :data:`cevns.flavors.FLAVORS` (or an alias).

        Returns
        -------
        ndarray
            Same shape as ``energy``; 0 outside :meth:`energy_range` and for flavors not emitted. Lines are not
            included (see :meth:`lines`).
        """
        energy = as_array("energy", energy, minimum=0.0, maximum=MAX_ENERGY, unit="MeV", unit_value=MeV)
        flavor = check_flavor(flavor)
        if flavor not in self._emitted():
            return np.zeros_like(energy)
        return self._differential_checked(energy, flavor)

    def _differential_checked(self, energy: np.ndarray, flavor: str) -> np.ndarray:
        low, high = self._range(flavor)
        inside = (energy >= low) & (energy <= high)
        if high <= low:
            return np.zeros_like(energy)
        safe = np.where(inside, energy, 0.5 * (low + high))
        return np.where(inside, self._continuous(safe, flavor), 0.0)

    def panel_edges(self, flavor: str) -> np.ndarray:
        """Sorted edges [energy] of the integration panels of the continuous part of ``flavor``: its end points,
        kinks and table nodes, where a quadrature must not straddle. Empty for a flavor the source does not emit."""
        flavor = check_flavor(flavor)
        if flavor not in self._emitted():
            return np.empty(0)
        return unique_sorted(self._panel_edges(flavor))

    def lines(self, flavor: str) -> tuple[np.ndarray, np.ndarray]:
        """Monoenergetic lines of ``flavor``: ``(energies [energy], intensities [normalization])``; empty if none."""
        flavor = check_flavor(flavor)
        if flavor not in self._emitted():
            return np.empty(0), np.empty(0)
        energies, intensities = self._lines(flavor)
        return np.array(energies, dtype=float), np.array(intensities, dtype=float)

    def quadrature(self, flavor: str, *, nodes_per_panel: int = _NODES_PER_PANEL) -> tuple[np.ndarray, np.ndarray]:
        """Energies and weights that integrate against this flux: Σ wᵢ g(Eᵢ) ≈ ∫ dE dΦ/dE g(E) + Σ_lines Φ_l g(E_l).

        The continuous part uses Gauss–Legendre panels whose edges include the spectrum's kinks and end points;
        lines enter with their exact energy and their intensity as weight. This is the operator the rate code folds
        a cross section with.

        Returns
        -------
        energies : ndarray [energy]
        weights : ndarray [normalization]
        """
        flavor = check_flavor(flavor)
        nodes_per_panel = check_count("nodes_per_panel", nodes_per_panel, minimum=1, maximum=_MAX_NODES_PER_PANEL)
        if flavor not in self._emitted():
            return np.empty(0), np.empty(0)
        energies, weights = self._continuous_quadrature(flavor, nodes_per_panel)
        line_e, line_i = self._lines(flavor)
        return (np.concatenate([energies, np.asarray(line_e, float)]),
                np.concatenate([weights, np.asarray(line_i, float)]))

    def _continuous_quadrature(self, flavor: str, nodes_per_panel: int) -> tuple[np.ndarray, np.ndarray]:
        edges = unique_sorted(self._panel_edges(flavor))
        if edges.size < 2:
            return np.empty(0), np.empty(0)
        nodes, w = gauss_legendre(edges[:-1], edges[1:], nodes_per_panel)
        nodes, w = nodes.ravel(), w.ravel()
        return nodes, w * self._differential_checked(nodes, flavor)

    def total(self, flavor: str) -> float:
        """Total flux Φ of ``flavor`` [normalization]: integral of the continuous part plus all lines."""
        return self._moments(check_flavor(flavor))[0]

    def mean_energy(self, flavor: str) -> float:
        """Flux-weighted mean energy ⟨E⟩ [energy] of ``flavor`` (continuous part and lines); 0 if not emitted."""
        total, first = self._moments(check_flavor(flavor))
        return first / total if total > 0 else 0.0

    @cached_property
    def _moment_cache(self) -> dict:
        return {}

    def _moments(self, flavor: str) -> tuple[float, float]:
        cache = self._moment_cache
        if flavor not in cache:
            energies, weights = self.quadrature(flavor)
            cache[flavor] = (float(np.sum(weights)), float(np.sum(weights * energies)))
        return cache[flavor]

    def time_pdf(self, time, flavor: str) -> np.ndarray | None:
        """Probability density per unit time [1/time] of the arrival time of a ``flavor`` neutrino.

        Integrates to 1 over time; ``time`` is within a year of the start. Steady sources return ``None`` (check
        :attr:`is_pulsed`); for a flavor that a pulsed source does not emit the result is all zeros.
        """
        flavor = check_flavor(flavor)
        if not self.is_pulsed:
            return None
        time = as_array("time", time, minimum=-_MAX_TIME, maximum=_MAX_TIME, unit="s", unit_value=s)
        if flavor not in self._emitted():
            return np.zeros_like(time)
        # differences of exponentials (decay chains) round to −1e-20 where the density vanishes: a density is ≥ 0
        return np.maximum(self._time_pdf(time, flavor), 0.0)

    def summary(self) -> dict:
        """Per flavor: total, mean energy and energy range (hepunits), plus name and normalization."""
        return {
            "name": self.name,
            "normalization": self.normalization,
            "flavors": {
                f: {"total": self.total(f), "mean_energy": self.mean_energy(f), "energy_range": self.energy_range(f),
                    "lines": int(self.lines(f)[0].size)}
                for f in self.flavors
            },
        }

    def table(self, points: int = 400) -> dict:
        """dΦ/dE of every flavor on one energy grid (the union of each flavor's :meth:`energy_grid`) as labelled
        columns, in the normalization's display unit per MeV. Lines are not included (see :meth:`lines`)."""
        factor, unit = Normalization.parse(self.normalization).display
        unit = unit.split(" (")[0]  # "cm^-2 (fluence)" → "cm^-2"
        per, _, what = (" " + unit).partition(" per ")  # "cm^-2 per proton on target" → "cm^-2 MeV^-1 per ..."
        unit = (per.strip() + " MeV^-1" + (f" per {what}" if what else "")).strip()
        energy = np.unique(np.concatenate([self.energy_grid(f, points) for f in self.flavors]))
        table = {column("E", "MeV"): energy / MeV}
        return table | {column(f"dPhi/dE {f}", unit): self.differential(energy, f) * factor * MeV
                        for f in self.flavors}

    def to_dataframe(self, points: int = 400):
        """:meth:`table` as a :class:`pandas.DataFrame` (``pip install 'cevns[pandas]'``)."""
        return to_dataframe(self.table(points))

    # --- algebra -----------------------------------------------------------------------------------------------
    def __add__(self, other):
        if isinstance(other, (int, float)) and other == 0:
            return self
        if not isinstance(other, Flux):
            return NotImplemented
        return SumFlux(components=(self, other))

    def __radd__(self, other):
        if isinstance(other, (int, float)) and other == 0:  # sum([...]) starts from 0
            return self
        return NotImplemented

    __array_ufunc__ = None  # `array * flux` comes here, and is refused with a clear error, not broadcast

    def __mul__(self, factor):
        if isinstance(factor, Flux):
            return NotImplemented
        return ScaledFlux(parent=self, factor=factor)

    __rmul__ = __mul__

    def oscillated(self, probability) -> "OscillatedFlux":
        """A new flux with flavor content Φ_β(E) = Σ_α P(ν_α → ν_β, E) Φ_α(E), separately for ν and ν̄.

        Parameters
        ----------
        probability : array_like (3, 3) or callable
            Either a constant matrix ``P[beta, alpha]`` in the order (e, mu, tau), or a callable
            ``probability(energy, antineutrino: bool)`` returning an array of shape ``energy.shape + (3, 3)``.

        Notes
        -----
        Lines keep their energies; their intensities mix with P evaluated at the line energy. For pulsed sources the
        time profile of flavor β is the Σ_α-weighted mixture of the parents' profiles (exact when, as for stopped
        pions, each parent flavor's energy and time distributions factorize).
        """
        return OscillatedFlux(parent=self, probability=probability)


def _check_flux(name: str, value) -> None:
    if not isinstance(value, Flux):
        raise InvalidSpecError(f"{name} must be a cevns Flux, got {type(value).__name__}")


@dataclasses.dataclass(frozen=True, eq=False)
class SumFlux(Flux):
    """The sum of fluxes with the same normalization; the parts stay accessible as :attr:`components`."""

    components: tuple
    name: str = ""

    def __post_init__(self):
        flat = []
        for c in self.components:
            _check_flux("component", c)
            flat.extend(c.components if isinstance(c, SumFlux) else (c,))
        if not flat:
            raise InvalidSpecError("a SumFlux needs at least one component")
        norms = {Normalization.parse(c.normalization) for c in flat}
        if len(norms) > 1:
            raise InvalidSpecError(
                "cannot add fluxes with different normalizations: " + "; ".join(sorted(norms))
                + " (scale them to a common normalization first, e.g. with a distance and exposure)")
        object.__setattr__(self, "components", tuple(flat))
        if not self.name:
            object.__setattr__(self, "name", " + ".join(c.name for c in flat))

    @property
    def normalization(self) -> Normalization:
        return Normalization.parse(self.components[0].normalization)

    @property
    def is_pulsed(self) -> bool:
        return all(c.is_pulsed for c in self.components)

    def _emitted(self):
        return tuple({f for c in self.components for f in c._emitted()})

    def _parts(self, flavor):
        return [c for c in self.components if flavor in c._emitted()]

    def _range(self, flavor):
        ranges = [c._range(flavor) for c in self._parts(flavor)]
        return (min(r[0] for r in ranges), max(r[1] for r in ranges))

    def _differential_checked(self, energy, flavor):
        return sum(c._differential_checked(energy, flavor) for c in self._parts(flavor))

    def _lines(self, flavor):
        parts = [c._lines(flavor) for c in self._parts(flavor)]
        energies = np.concatenate([np.asarray(p[0], float) for p in parts] + [np.empty(0)])
        intensities = np.concatenate([np.asarray(p[1], float) for p in parts] + [np.empty(0)])
        merged, inverse = np.unique(energies, return_inverse=True)
        return merged, np.bincount(inverse.ravel(), weights=intensities, minlength=merged.size)

    def _continuous_quadrature(self, flavor, nodes_per_panel):
        parts = [c._continuous_quadrature(flavor, nodes_per_panel) for c in self._parts(flavor)]
        return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))

    def _time_pdf(self, time, flavor):
        parts = self._parts(flavor)
        weights = np.array([c.total(flavor) for c in parts])
        return sum(w * c._time_pdf(time, flavor) for w, c in zip(weights, parts)) / weights.sum()


class _DerivedFlux(Flux):
    """A flux made from one ``parent`` flux: it keeps the parent's normalization and time structure."""

    @property
    def normalization(self) -> Normalization:
        return Normalization.parse(self.parent.normalization)

    @property
    def is_pulsed(self) -> bool:
        return self.parent.is_pulsed


@dataclasses.dataclass(frozen=True, eq=False)
class ScaledFlux(_DerivedFlux):
    """A flux multiplied by a non-negative number (exposure, efficiency, normalization nuisance)."""

    parent: Flux
    factor: float
    name: str = ""

    def __post_init__(self):
        _check_flux("parent", self.parent)
        object.__setattr__(self, "factor", real_scalar("factor", self.factor, minimum=0.0))
        if not self.name:
            object.__setattr__(self, "name", f"{self.factor:g} × {self.parent.name}")

    def _emitted(self):
        return self.parent._emitted() if self.factor > 0 else ()

    def _range(self, flavor):
        return self.parent._range(flavor)

    def _panel_edges(self, flavor):
        return self.parent._panel_edges(flavor)

    def _differential_checked(self, energy, flavor):
        return self.factor * self.parent._differential_checked(energy, flavor)

    def _lines(self, flavor):
        energies, intensities = self.parent._lines(flavor)
        return np.asarray(energies, float), self.factor * np.asarray(intensities, float)

    def _continuous_quadrature(self, flavor, nodes_per_panel):
        nodes, weights = self.parent._continuous_quadrature(flavor, nodes_per_panel)
        return nodes, self.factor * weights

    def _time_pdf(self, time, flavor):
        return self.parent._time_pdf(time, flavor)


@dataclasses.dataclass(frozen=True, eq=False)
class OscillatedFlux(_DerivedFlux):
    """Φ_β(E) = Σ_α P(ν_α → ν_β, E) Φ_α(E), within the neutrino and the antineutrino sectors separately.

    See :meth:`Flux.oscillated` for the form of ``probability``.
    """

    parent: Flux
    probability: object
    name: str = ""

    def __post_init__(self):
        _check_flux("parent", self.parent)
        if not callable(self.probability):
            matrix = as_array("probability", self.probability, minimum=0.0)
            if matrix.shape != (3, 3):
                raise OutOfDomainError(f"probability must be a 3×3 matrix P[beta, alpha], got shape {matrix.shape}")
            object.__setattr__(self, "probability", matrix)
        if not self.name:
            object.__setattr__(self, "name", f"oscillated {self.parent.name}")

    def _matrix(self, energy: np.ndarray, antineutrino: bool) -> np.ndarray:
        if not callable(self.probability):
            return np.broadcast_to(self.probability, energy.shape + (3, 3))
        p = np.asarray(self.probability(energy, antineutrino), dtype=float)
        if p.shape != energy.shape + (3, 3):
            raise OutOfDomainError(
                f"probability(energy, antineutrino) must return shape {energy.shape + (3, 3)}, got {p.shape}")
        if not np.all(np.isfinite(p)) or np.any(p < 0):
            raise OutOfDomainError("probability(energy, antineutrino) returned negative or non-finite values")
        return p

    def _sources(self, flavor):
        """Parent flavors α (same sector as β) with flux, with their row index α and column index of β."""
        sector = _sector(flavor)
        beta = sector.index(flavor)
        return [(alpha_flavor, i, beta) for i, alpha_flavor in enumerate(sector)
                if alpha_flavor in self.parent._emitted()]

    def _emitted(self):
        out = []
        for flavor in FLAVORS:
            sources = self._sources(flavor)
            if not sources:
                continue
            if callable(self.probability) or any(self.probability[beta, i] > 0 for _, i, beta in sources):
                out.append(flavor)
        return tuple(out)

    def _range(self, flavor):
        ranges = [self.parent._range(a) for a, _, _ in self._sources(flavor)]
        return (min(r[0] for r in ranges), max(r[1] for r in ranges))

    def _panel_edges(self, flavor):
        return np.concatenate([self.parent._panel_edges(a) for a, _, _ in self._sources(flavor)])

    def _differential_checked(self, energy, flavor):
        p = self._matrix(energy, is_antineutrino(flavor))
        return sum(p[..., beta, i] * self.parent._differential_checked(energy, a) for a, i, beta in self._sources(flavor))

    def _continuous_quadrature(self, flavor, nodes_per_panel):
        nodes, weights = [], []
        for a, i, beta in self._sources(flavor):
            e, w = self.parent._continuous_quadrature(a, nodes_per_panel)
            nodes.append(e)
            weights.append(w * self._matrix(e, is_antineutrino(flavor))[..., beta, i])
        return np.concatenate(nodes), np.concatenate(weights)

    def _lines(self, flavor):
        energies, intensities = [], []
        for a, i, beta in self._sources(flavor):
            e, w = self.parent._lines(a)
            e = np.asarray(e, float)
            if e.size:
                energies.append(e)
                intensities.append(np.asarray(w, float) * self._matrix(e, is_antineutrino(flavor))[..., beta, i])
        if not energies:
            return np.empty(0), np.empty(0)
        merged, inverse = np.unique(np.concatenate(energies), return_inverse=True)
        return merged, np.bincount(inverse.ravel(), weights=np.concatenate(intensities), minlength=merged.size)

    def _time_pdf(self, time, flavor):
        pdf, norm = 0.0, 0.0
        for a, i, beta in self._sources(flavor):
            e, w = self.parent.quadrature(a)
            weight = float(np.sum(w * self._matrix(e, is_antineutrino(flavor))[..., beta, i]))
            pdf = pdf + weight * self.parent._time_pdf(time, a)
            norm += weight
        return pdf / norm if norm > 0 else np.zeros_like(time)

