"""Public CEvNS data releases shipped with the package: observed histograms, backgrounds, priors, systematics.

``available()`` lists them; ``load(name)`` reads one (lazily, once), checking every file's sha256.
"""

from __future__ import annotations

from functools import cache

from .._validate import choice
from .dataset import Axis, Background, Channel, Dataset
from .releases import READERS

__all__ = ["Axis", "Background", "Channel", "Dataset", "available", "describe", "load"]


def available() -> list[str]:
    """Names of the packaged data releases."""
    return sorted(READERS)


def describe(name: str) -> str:
    """One line on the release ``name``."""
    choice("dataset", name, READERS)
    return READERS[name][1]


@cache
def load(name: str) -> Dataset:
    """The data release ``name`` (read on first use, then cached: it is immutable)."""
    choice("dataset", name, READERS)
    return READERS[name][0]()
