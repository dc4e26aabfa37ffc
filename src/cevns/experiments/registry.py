"""Named experiment presets (``data/*.toml``, each citing its publication) and users' own files."""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources
from pathlib import Path

from .._validate import choice
from ..errors import InvalidSpecError, MissingDataError
from .schema import from_dict, validate

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["available", "get", "load", "describe"]


def _data_dir():
    return resources.files("cevns.experiments").joinpath("data")


@cache
def _files() -> dict:
    return {p.name[:-5]: p for p in _data_dir().iterdir() if p.name.endswith(".toml")}


def available() -> list[str]:
    """Names of the experiment presets."""
    return sorted(_files())


def _read(path, origin: str) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidSpecError(f"{origin}: not valid TOML: {exc}") from None


@cache
def _preset_spec(name: str):
    return validate(_read(_files()[name], f"preset {name}"), origin=f"preset {name}")


def describe(name: str) -> dict:
    """The preset's title, reference, DOI and published numbers, without building it (a new dict every call)."""
    choice("experiment", name, _files())
    spec = _preset_spec(name)
    return {"name": spec.name, "title": spec.title, "reference": spec.reference, "doi": spec.doi,
            "arxiv": spec.arxiv, "published": spec.published.model_dump(exclude_none=True)}


@cache
def get(name: str):
    """The experiment preset ``name`` (built once and cached: it is read-only; use dataclasses.replace)."""
    choice("experiment", name, _files())
    return from_dict(_preset_spec(name), origin=f"preset {name}")


def load(path: str | Path):
    """An experiment from a user's TOML file with the preset schema."""
    path = Path(path)
    if not path.is_file():
        raise MissingDataError(f"experiment file {str(path)!r} does not exist")
    return from_dict(_read(path, str(path)), origin=str(path))
