"""Published curves shipped with `cevns.dark_matter` (read on first use, checksummed; see ``data/README.md``)."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

import numpy as np

from .._validate import choice
from ..errors import MissingDataError
from ..units import GeV, cm2

__all__ = ["load_ohare2021_floor", "OHARE2021_FLOORS"]

#: Target → (file, SHA-256) of O'Hare (2021)'s spin-independent n = 2 floors.
OHARE2021_FLOORS = {
    "Xe": ("ohare2021-floor-Xe-SI.txt", "c5c18ad811d494627d9074eb8036e7f491ba6826bf11076c8b6d6b8ccbf1f66a"),
    "Ar": ("ohare2021-floor-Ar-SI.txt", "9bab00272639023b120e0182f3706a14894afb9805e6d29008c98c232830e610"),
}


@cache
def _read(filename: str, sha256: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        raw = resources.files("cevns.dark_matter").joinpath("data", filename).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError) as exc:  # pragma: no cover - broken installation
        raise MissingDataError(f"{filename} is missing from cevns (src/cevns/dark_matter/data/); reinstall cevns, "
                               "or get it from github.com/cajohare/NeutrinoFog, data/floors/") from exc
    if hashlib.sha256(raw).hexdigest() != sha256:
        raise MissingDataError(f"{filename} does not match its SHA-256 in data/README.md; reinstall cevns")
    table = np.loadtxt(raw.decode().splitlines())
    return table[:, 0] * GeV, table[:, 1] * cm2


def load_ohare2021_floor(target: str) -> tuple[np.ndarray, np.ndarray]:
    """O'Hare (2021)'s published spin-independent neutrino floor (n = 2) of ``"Xe"`` or ``"Ar"``.

    Returns
    -------
    masses : ndarray [energy]
    cross_sections : ndarray [area]
    """
    filename, sha = choice("published floor target", target, OHARE2021_FLOORS)
    return _read(filename, sha)
