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
    cm3,
    day,
    eV,
    fermi,
    g,
    hour,
    kg,
    keV,
    km,
    m,
    m3,
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

#: Units understood by :func:`parse` (and so by the CLI and TOML files), grouped by physical dimension.
DIMENSIONS: dict[str, dict[str, float]] = {
    "energy": {"MeV": MeV, "eV": eV, "keV": keV, "GeV": GeV, "TeV": 1.0e3 * GeV, "keVee": keVee, "keVnr": keV},
    "length": {"m": m, "fm": fermi, "cm": cm, "mm": 1.0, "km": km, "pc": parsec, "kpc": kpc, "Mpc": Mpc, "au": au},
    "area": {"cm2": cm2, "m2": m * m},
    "time": {"s": s, "ns": ns, "us": us, "ms": ms, "min": minute, "h": hour, "d": day, "day": day,
             "yr": year, "y": year, "year": year},
    "mass": {"kg": kg, "g": g, "t": tonne, "tonne": tonne},
    "power": {"W": W, "MW": MW, "GW": GW},
    "density": {"g/cm3": g / cm3, "g/cc": g / cm3, "kg/m3": kg / m3},
    "mass*time": {"kg*d": kg * day, "kg*day": kg * day, "kg*yr": kg * year, "t*yr": tonne_year,
                  "tonne*yr": tonne_year},
    "dimensionless": {"": 1.0},
}

#: Every unit :func:`parse` understands, name → value in hepunits.
UNITS: dict[str, float] = {name: value for table in DIMENSIONS.values() for name, value in table.items()}

#: The dimension of each unit name.
DIMENSION_OF: dict[str, str] = {name: dim for dim, table in DIMENSIONS.items() for name in table}

_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z0-9*/]*)\s*$")


def _article(dimension: str) -> str:
    return ("an " if dimension[0] in "aeiou" else "a ") + dimension


def parse(text: str | float, *, default_unit: str | None = None, dimension: str | None = None,
          name: str | None = None) -> float:
    """Parse a value with its unit, e.g. ``"30 MeV"``, ``"19.3m"``, ``"2.5e23"`` → float in hepunits.

    Parameters
    ----------
    text : str or float
        A number followed by one of the unit names in :data:`UNITS`. A bare number takes ``default_unit``.
    default_unit : str, optional
        Unit of a bare number; without it a bare number must be dimensionless.
    dimension : str, optional
        The dimension the value must have (a key of :data:`DIMENSIONS`: ``"energy"``, ``"length"``, ``"mass"``,
        ...). A unit of another dimension, or a bare number for a dimensional quantity without ``default_unit``,
        is an error that shows the fix.
    name : str, optional
        The parameter's name (a TOML key, a CLI option) used in error messages.

    Raises
    ------
    OutOfDomainError
        When the text is not a finite number with a known unit of the expected dimension.

    Examples
    --------
    >>> parse("30 MeV", dimension="energy") / keV
    30000.0
    >>> parse("30 m", dimension="energy", name="--energy")
    Traceback (most recent call last):
    ...
    cevns.errors.OutOfDomainError: --energy: '30 m' is a length, but an energy is expected (units: ...)
    """
    label = f"{name}: " if name else ""
    if dimension is not None and dimension not in DIMENSIONS:
        raise OutOfDomainError(f"dimension={dimension!r} is not one of {', '.join(DIMENSIONS)}")
    if isinstance(text, bool) or not isinstance(text, (int, float, str)):
        raise OutOfDomainError(f"{label}expected a number with a unit as text (e.g. '30 MeV'), got {text!r}")
    if isinstance(text, (int, float)):
        if isinstance(text, int) and abs(text) > 1e300:
            raise OutOfDomainError(f"{label}an integer of {len(str(abs(text)))} digits is not a finite number")
        number, unit = float(text), default_unit or ""
    else:
        match = _NUMBER_UNIT.match(text)
        if match is None:
            raise OutOfDomainError(f"{label}cannot read {text!r} as a value with a unit; write e.g. '30 MeV' or "
                                   "'19.3 m'")
        number, unit = float(match.group(1)), match.group(2) or default_unit or ""
    if unit not in UNITS:
        allowed = DIMENSIONS[dimension] if dimension else UNITS
        known = ", ".join(sorted(k for k in allowed if k))
        raise OutOfDomainError(f"{label}unknown unit {unit!r} in {text!r}; known units: {known}")
    if dimension is not None and DIMENSION_OF[unit] != dimension:
        example = next(iter(DIMENSIONS[dimension]))
        if unit == "":
            raise OutOfDomainError(f"{label}{text!r} has no unit; it is a {dimension}: write e.g. "
                                   f"'{text} {example}'")
        raise OutOfDomainError(f"{label}{text!r} is {_article(DIMENSION_OF[unit])}, but {_article(dimension)} is "
                               f"expected (units: {', '.join(DIMENSIONS[dimension])})")
    if number != number or number in (float("inf"), float("-inf")):
        raise OutOfDomainError(f"{label}{text!r} is not a finite number")
    return number * UNITS[unit]
