"""Lazy, cached reading of the source data files in ``cevns/sources/data`` (never at import)."""

from __future__ import annotations

import copy
from functools import cache
from importlib import resources

import numpy as np

from ..errors import MissingDataError

_PACKAGE = "cevns.sources"


def _open(name: str):
    path = resources.files(_PACKAGE).joinpath("data", name)
    if not path.is_file():
        raise MissingDataError(
            f"source data file {name!r} is missing from the installation (expected in cevns/sources/data/); "
            "reinstall cevns or see cevns/sources/data/README.md for its provenance")
    return path


@cache
def table(name: str) -> tuple[tuple[str, ...], np.ndarray]:
    """Read a CSV table (``#`` comments, one header line) → (column names, 2-d float array)."""
    with _open(name).open("r", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    header = tuple(h.strip() for h in lines[0].split(","))
    data = np.array([[float(x) for x in line.split(",")] for line in lines[1:]], dtype=float)
    data.setflags(write=False)
    return header, data


def toml(name: str) -> dict:
    """Read a TOML file of presets; the caller gets its own copy (the cached document cannot be changed)."""
    return copy.deepcopy(_toml(name))


@cache
def _toml(name: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    with _open(name).open("rb") as handle:
        return tomllib.load(handle)
