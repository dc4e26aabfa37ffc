"""Published curves shipped with `cevns.dark_matter` (read on first use, checksummed; see ``data/README.md``)."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

import numpy as np

from .._validate import choice
from ..errors import MissingDataError
from ..units import GeV, cm2, fermi

__all__ = ["load_ohare2021_floor", "OHARE2021_FLOORS", "load_klos2013_structure_functions", "KLOS2013_TABLE"]

#: Target → (file, SHA-256) of O'Hare (2021)'s spin-independent n = 2 floors.
OHARE2021_FLOORS = {
    "Xe": ("ohare2021-floor-Xe-SI.txt", "c5c18ad811d494627d9074eb8036e7f491ba6826bf11076c8b6d6b8ccbf1f66a"),
    "Ar": ("ohare2021-floor-Ar-SI.txt", "9bab00272639023b120e0182f3706a14894afb9805e6d29008c98c232830e610"),
}


#: (file, SHA-256) of the structure-function fits of Klos et al. (2013).
KLOS2013_TABLE = ("klos2013-sd-structure-functions.csv",
                  "71639bee378310aa4512160dc0e6da8f15afbd2dbe2af2b00440a10001b42830")


def _read_bytes(filename: str, sha256: str) -> bytes:
    try:
        raw = resources.files("cevns.dark_matter").joinpath("data", filename).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError) as exc:  # pragma: no cover - broken installation
        raise MissingDataError(f"{filename} is missing from cevns (src/cevns/dark_matter/data/); reinstall "
                               "cevns (sources: data/README.md)") from exc
    if hashlib.sha256(raw).hexdigest() != sha256:
        raise MissingDataError(f"{filename} does not match its SHA-256 in data/README.md; reinstall cevns")
    return raw


@cache
def _read(filename: str, sha256: str) -> tuple[np.ndarray, np.ndarray]:
    table = np.loadtxt(_read_bytes(filename, sha256).decode().splitlines())
    return table[:, 0] * GeV, table[:, 1] * cm2


@cache
def load_klos2013_structure_functions() -> dict[str, dict[str, np.ndarray | float]]:
    """The fits of Klos et al. (2013) to the shell-model spin-dependent structure functions.

    S_ij(u) = e^(−u) Σ_k c_k u^k with u = q² b²/2 (isoscalar 00, isovector 11, interference 01; one- plus
    two-body currents, S11 and S01 at the centre of their band). See ``data/README.md``.

    Returns
    -------
    dict
        Isotope name → ``{"b": oscillator length [length], "S00", "S11", "S01": coefficients c_k,
        "S11_min", "S11_max", "S01_min", "S01_max": the band edges (NaN where not transcribed)}``.
    """
    raw = _read_bytes(*KLOS2013_TABLE).decode().splitlines()
    columns = raw[0].split(",")
    rows = [line.split(",") for line in raw[1:] if line.strip()]
    out: dict[str, dict] = {}
    for name in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == name]
        entry: dict = {"b": float(mine[0][1]) * fermi}
        for j, col in enumerate(columns[3:], start=3):
            entry[col] = np.array([float(r[j]) if r[j] else np.nan for r in mine])
        out[name] = entry
    return out


def load_ohare2021_floor(target: str) -> tuple[np.ndarray, np.ndarray]:
    """O'Hare (2021)'s published spin-independent neutrino floor (n = 2) of ``"Xe"`` or ``"Ar"``.

    Returns
    -------
    masses : ndarray [energy]
    cross_sections : ndarray [area]
    """
    filename, sha = choice("published floor target", target, OHARE2021_FLOORS)
    return _read(filename, sha)
