"""Fluxes given as tables, and flavor selections of other fluxes."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np

from .._validate import as_array
from ..errors import InvalidSpecError, OutOfDomainError
from ..flavors import check_flavor
from ._flux import Flux, Normalization, _DerivedFlux

__all__ = ["TabulatedFlux", "FlavorSubset"]


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class TabulatedFlux(Flux):
    """A flux given by a table of dΦ/dE per flavor, interpolated linearly in energy between the nodes.

    Parameters
    ----------
    energies : array_like [energy]
        Strictly increasing, non-negative table energies (shared by all flavors).
    values : mapping flavor → array_like [normalization / energy]
        dΦ/dE at ``energies``, non-negative. Outside [energies[0], energies[-1]] the flux is 0.
    normalization : Normalization or str
        What the values are per: a :class:`~cevns.sources.Normalization` or its text or name
        (e.g. ``"per_area_time"``, ``"per area per time at the detector"``).
    name, reference : str

    Notes
    -----
    Linear interpolation makes the integral exact with two Gauss–Legendre nodes per table interval, which is what
    :meth:`quadrature` uses (panel edges at the table nodes).
    """

    energies: np.ndarray
    values: Mapping
    normalization: Normalization
    name: str = "tabulated"
    reference: str = ""

    def __post_init__(self):
        energies = as_array("energies", self.energies, minimum=0.0)
        if energies.ndim != 1 or energies.size < 2 or np.any(np.diff(energies) <= 0):
            raise InvalidSpecError("energies must be a strictly increasing 1-d array with at least 2 entries")
        values = {}
        for flavor, v in dict(self.values).items():
            arr = as_array(f"values[{flavor!r}]", v, minimum=0.0)
            if arr.shape != energies.shape:
                raise InvalidSpecError(f"values[{flavor!r}] has shape {arr.shape}, energies {energies.shape}")
            arr.setflags(write=False)
            values[check_flavor(flavor)] = arr
        energies.setflags(write=False)
        object.__setattr__(self, "normalization", Normalization.parse(self.normalization))
        object.__setattr__(self, "energies", energies)
        object.__setattr__(self, "values", MappingProxyType(values))

    def _emitted(self):
        return tuple(f for f, v in self.values.items() if np.any(v > 0))

    def _range(self, flavor):
        return (float(self.energies[0]), float(self.energies[-1]))

    def _panel_edges(self, flavor):
        return self.energies

    def _continuous(self, energy, flavor):
        return np.interp(energy, self.energies, self.values[flavor])

    def _continuous_quadrature(self, flavor, nodes_per_panel):
        return super()._continuous_quadrature(flavor, min(nodes_per_panel, 2))


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class FlavorSubset(_DerivedFlux):
    """Only some flavors of another flux (e.g. the prompt or the delayed part of a stopped-pion flux)."""

    parent: Flux
    keep: tuple
    name: str = ""

    def __post_init__(self):
        keep = tuple(check_flavor(f) for f in self.keep)
        if not keep:
            raise OutOfDomainError("keep must name at least one flavor")
        object.__setattr__(self, "keep", keep)

    def _emitted(self):
        return tuple(f for f in self.parent._emitted() if f in self.keep)

    def _range(self, flavor):
        return self.parent._range(flavor)

    def _panel_edges(self, flavor):
        return self.parent._panel_edges(flavor)

    def _differential_checked(self, energy, flavor):
        return self.parent._differential_checked(energy, flavor)

    def _continuous_quadrature(self, flavor, nodes_per_panel):
        return self.parent._continuous_quadrature(flavor, nodes_per_panel)

    def _lines(self, flavor):
        return self.parent._lines(flavor)

    def _time_pdf(self, time, flavor):
        return self.parent._time_pdf(time, flavor)
