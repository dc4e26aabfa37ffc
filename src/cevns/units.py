"""Units of `cevns`: the HEP system of hepunits (MeV = mm = ns = 1), plus a parser.

A value enters multiplied by its unit (``30 * MeV``) and leaves divided by the unit wanted
(``sigma / cm2``). Everything of hepunits is re-exported; this module adds only what it lacks.
"""

from __future__ import annotations

import re

from hepunits import *  # noqa: F401,F403  (re-export of the unit system)
from hepunits import (
    GeV,
    MeV,
    cm,
    cm2,
    day,
    eV,
    fermi,
    g,
    hour,
    kg,
    keV,
    km,
    m,
    minute,
    ms,
    ns,
    s,
    us,
    year,
)
from hepunits import (
    MW,
    GW,
    W,
)

from .errors import OutOfDomainError

#: Metric tonne.
tonne = 1000.0 * kg
#: Parsec, IAU 2015 Resolution B2 (exact: 648000/pi astronomical units, au = 149597870700 m).
parsec = 648000.0 / 3.141592653589793 * 149597870700.0 * m
kpc = 1000.0 * parsec
Mpc = 1.0e6 * parsec
#: Unified atomic mass unit, CODATA 2018: 931.49410242 MeV.
u = 931.49410242 * MeV
#: Astronomical unit (IAU 2012, exact).
au = 149597870700.0 * m
#: keV electron-equivalent: the same energy unit, named for detector read-out.
keVee = keV
#: Tonne-year exposure.
tonne_year = tonne * year

#: Units understood by :func:`parse` (and so by the CLI and TOML files).
UNITS: dict[str, float] = {
    "eV": eV, "keV": keV, "MeV": MeV, "GeV": GeV, "keVee": keVee, "keVnr": keV,
    "fm": fermi, "cm": cm, "mm": 1.0, "m": m, "km": km, "pc": parsec, "kpc": kpc, "Mpc": Mpc, "au": au,
    "cm2": cm2, "m2": m * m,
    "ns": ns, "us": us, "ms": ms, "s": s, "min": minute, "h": hour, "d": day, "day": day,
    "yr": year, "y": year, "year": year,
    "g": g, "kg": kg, "t": tonne, "tonne": tonne,
    "W": W, "MW": MW, "GW": GW,
    "kg*d": kg * day, "kg*day": kg * day, "kg*yr": kg * year, "t*yr": tonne_year, "tonne*yr": tonne_year,
    "": 1.0,
}

_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z0-9*/]*)\s*$")


def parse(text: str | float, *, default_unit: str | None = None) -> float:
    """Parse a value with its unit, e.g. ``"30 MeV"``, ``"19.3m"``, ``"2.5e23"`` → float in hepunits.

    Parameters
    ----------
    text : str or float
        A number followed by one of the unit names in :data:`UNITS`. A bare number takes ``default_unit``.
    default_unit : str, optional
        Unit of a bare number; without it a bare number must be dimensionless.

    Raises
    ------
    OutOfDomainError
        When the text is not a number with a known unit.
    """
    if isinstance(text, (int, float)):
        return float(text) * (UNITS[default_unit] if default_unit else 1.0)
    match = _NUMBER_UNIT.match(str(text))
    if match is None:
        raise OutOfDomainError(f"cannot read {text!r} as a value with a unit; write e.g. '30 MeV' or '19.3 m'")
    number, unit = match.groups()
    if unit == "" and default_unit is not None:
        unit = default_unit
    if unit not in UNITS:
        known = ", ".join(sorted(k for k in UNITS if k))
        raise OutOfDomainError(f"unknown unit {unit!r} in {text!r}; known units: {known}")
    return float(number) * UNITS[unit]
