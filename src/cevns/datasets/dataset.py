"""A public data release as frozen, read-only histograms: observed counts, backgrounds, priors, systematics."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType

import numpy as np

from ..errors import InvalidSpecError, MissingDataError, UnknownNameError

__all__ = ["Axis", "Background", "Channel", "Dataset", "release_file", "read_only"]


def read_only(array) -> np.ndarray:
    """A float copy of ``array`` that cannot be modified in place."""
    out = np.array(array, dtype=float)
    out.flags.writeable = False
    return out


def _frozen_mapping(mapping) -> MappingProxyType:
    return MappingProxyType(dict(mapping or {}))


def _frozen_systematics(systematics) -> MappingProxyType:
    """name → (down or None, up) as read-only arrays."""
    return _frozen_mapping({name: (None if down is None else read_only(down), read_only(up))
                            for name, (down, up) in dict(systematics or {}).items()})


@cache
def _checksums(release: str) -> dict[str, str]:
    text = resources.files(__package__).joinpath("data", release, "SHA256SUMS").read_text()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in text.splitlines() if line.strip())}


def release_file(release: str, name: str):
    """Path of a packaged release file, after checking its sha256 against ``data/<release>/SHA256SUMS``.

    Raises
    ------
    MissingDataError
        If the file is missing, not listed, or its checksum differs (a damaged or edited installation).
    """
    expected = _checksums(release).get(name)
    path = resources.files(__package__).joinpath("data", release, name)
    if expected is None:
        raise MissingDataError(f"{release}/{name} is not listed in data/{release}/SHA256SUMS")
    if not path.is_file():
        raise MissingDataError(f"{release}/{name} is missing from the installed package; reinstall cevns")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise MissingDataError(f"{release}/{name} has sha256 {digest}, expected {expected}: the installed file "
                               "is damaged or altered; reinstall cevns")
    return path


@dataclass(frozen=True)
class Axis:
    """One dimension of a histogram: its name, bin edges and unit (edges in that unit, as the release gives them)."""

    name: str
    edges: np.ndarray
    unit: str

    def __post_init__(self):
        object.__setattr__(self, "edges", read_only(self.edges))

    @property
    def centers(self) -> np.ndarray:
        return 0.5 * (self.edges[1:] + self.edges[:-1])

    @property
    def size(self) -> int:
        return self.edges.size - 1


@dataclass(frozen=True)
class Background:
    """A background component as the release gives it.

    Attributes
    ----------
    name : str
    template : ndarray
        Expected counts per bin at the prior central value (the channel's shape).
    expected : float
        Prior central value of the total counts (the template's normalization as published).
    uncertainty : float or None
        Width of the Gaussian prior on the total [counts]; None for a component without a prior.
    best_fit : float or None
        The publication's fitted total, for comparison.
    systematics : mapping name → (down, up)
        The release's −1σ/+1σ alternative templates (down is None where only one alternative is published).
    """

    name: str
    template: np.ndarray
    expected: float
    uncertainty: float | None = None
    best_fit: float | None = None
    systematics: MappingProxyType = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "template", read_only(self.template))
        object.__setattr__(self, "systematics", _frozen_systematics(self.systematics))


@dataclass(frozen=True)
class Channel:
    """Observed counts in the release's own dimensions, with the backgrounds in the same bins.

    Attributes
    ----------
    name : str
    axes : tuple of Axis
    observed : ndarray, shape (axis sizes)
    backgrounds : mapping name → Background
    signal_reference : ndarray or None
        The release's own CEvNS template (expected counts per bin), kept only to compare with.
    signal_systematics : mapping name → (down, up)
        The release's ±1σ alternative CEvNS templates; applied to a computed signal as ratios to
        ``signal_reference``.
    """

    name: str
    axes: tuple
    observed: np.ndarray
    backgrounds: MappingProxyType = field(default_factory=dict)
    signal_reference: np.ndarray | None = None
    signal_systematics: MappingProxyType = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "axes", tuple(self.axes))
        object.__setattr__(self, "observed", read_only(self.observed))
        shape = tuple(a.size for a in self.axes)
        if self.observed.shape != shape:
            raise InvalidSpecError(f"channel {self.name}: observed counts have shape {self.observed.shape}, "
                                f"the axes {shape}")
        object.__setattr__(self, "backgrounds", _frozen_mapping(self.backgrounds))
        if self.signal_reference is not None:
            object.__setattr__(self, "signal_reference", read_only(self.signal_reference))
        object.__setattr__(self, "signal_systematics", _frozen_systematics(self.signal_systematics))

    @property
    def shape(self) -> tuple[int, ...]:
        return self.observed.shape


@dataclass(frozen=True)
class Dataset:
    """A public CEvNS data release.

    Attributes
    ----------
    name : str
        Release name (``cevns.datasets.available()``).
    title, reference, doi, data_doi : str
        The publication and the data release.
    channels : tuple of Channel
    inputs : mapping
        Scalar inputs of the release with units applied (exposure, distance, mass, ν per proton, ...).
    tables : mapping name → read-only ndarray
        Other release tables a model needs (arrival-time PDFs, efficiency curves, response grids).
    published : mapping
        The publication's results, each with its source.
    experiment : str
        The ``cevns.experiments`` preset that describes the detector and source.
    """

    name: str
    title: str
    reference: str
    doi: str
    data_doi: str
    channels: tuple
    inputs: MappingProxyType = field(default_factory=dict)
    tables: MappingProxyType = field(default_factory=dict)
    published: MappingProxyType = field(default_factory=dict)
    experiment: str = ""

    def __post_init__(self):
        object.__setattr__(self, "channels", tuple(self.channels))
        object.__setattr__(self, "inputs", _frozen_mapping(self.inputs))
        object.__setattr__(self, "tables", _frozen_mapping({k: read_only(v) for k, v in dict(self.tables).items()}))
        object.__setattr__(self, "published", _frozen_mapping(self.published))

    def channel(self, name: str) -> Channel:
        for channel in self.channels:
            if channel.name == name:
                return channel
        raise UnknownNameError(f"channel of {self.name}", name, [c.name for c in self.channels])

    @property
    def total_observed(self) -> int:
        return int(sum(c.observed.sum() for c in self.channels))
