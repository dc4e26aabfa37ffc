"""Isotopes: what a neutrino scatters on.

Masses come from `periodictable` (AME2020 atomic masses); spins, parities, magnetic moments, charge radii
and shell-model spin expectation values from the curated table ``data/isotopes.csv`` (its README gives
the source of every column).
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cache
from importlib import resources

from .. import constants
from ..errors import OutOfDomainError, UnknownNameError
from ..units import fermi, u

# Free-nucleon g-factors of the odd-group model (Engel & Vogel, PRD 40 (1989) 3132):
# orbital g_l = 1 (proton), 0 (neutron); spin g_s = 2 μ_p, 2 μ_n (CODATA 2018 moments, constants.py).
_G_ORBITAL = {"proton": 1.0, "neutron": 0.0}


def _g_spin(species: str) -> float:
    moment = constants.magnetic_moment_proton if species == "proton" else constants.magnetic_moment_neutron
    return 2.0 * moment


@dataclass(frozen=True, kw_only=True)
class Isotope:
    """A nucleus with the properties CEvNS needs.

    Attributes
    ----------
    name : str
        Symbol and mass number, e.g. ``"Xe131"``.
    Z, A : int
        Proton and mass numbers (N = A − Z).
    mass : float [energy]
        Nuclear mass: atomic mass − Z m_e (electron binding, ≲ 0.1 MeV for Z = 82, neglected).
    spin : float
        Ground-state angular momentum J (0, 1/2, 3/2, ...).
    parity : int
        +1 or −1.
    magnetic_moment : float or None [μ_N]
    charge_radius : float or None [length]
        Root-mean-square charge radius.
    spin_proton, spin_neutron : float
        ⟨S_p⟩, ⟨S_n⟩: expectation values of the proton and neutron spin in the J = M_J state.
    spin_source : str
        Where ⟨S_p⟩, ⟨S_n⟩ come from: a shell-model reference, "odd-group model", "J = 0", or "unknown".
    abundance : float
        Natural abundance (atom fraction), 0 for a nucleus absent in nature.
    """

    name: str
    Z: int
    A: int
    mass: float
    spin: float = 0.0
    parity: int = 1
    magnetic_moment: float | None = None
    charge_radius: float | None = None
    spin_proton: float = 0.0
    spin_neutron: float = 0.0
    spin_source: str = "J = 0"
    abundance: float = 0.0
    references: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        if not (isinstance(self.Z, int) and 0 <= self.Z <= 118):
            raise OutOfDomainError(f"Z must be an integer in [0, 118], got {self.Z!r}")
        if not (isinstance(self.A, int) and self.A >= max(self.Z, 1)):
            raise OutOfDomainError(f"A must be an integer >= max(Z, 1) = {max(self.Z, 1)}, got {self.A!r}")
        for name in ("mass", "spin", "spin_proton", "spin_neutron", "abundance", "magnetic_moment", "charge_radius"):
            value = getattr(self, name)
            if value is not None and not (isinstance(value, (int, float)) and math.isfinite(value)):
                raise OutOfDomainError(f"{name} must be a finite real number, got {value!r}")
        if not (self.mass > 0):
            raise OutOfDomainError(f"mass must be > 0, got {self.mass!r}")
        if not 0 <= self.abundance <= 1:
            raise OutOfDomainError(f"abundance must be in [0, 1], got {self.abundance!r}")
        if abs(self.spin_proton) > self.spin or abs(self.spin_neutron) > self.spin:
            raise OutOfDomainError(f"|spin_proton| and |spin_neutron| must be <= spin={self.spin}, got "
                                   f"{self.spin_proton}, {self.spin_neutron}")
        if self.spin < 0 or (2 * self.spin) % 1:
            raise OutOfDomainError(f"spin must be a non-negative multiple of 1/2, got {self.spin!r}")
        if self.parity not in (1, -1):
            raise OutOfDomainError(f"parity must be +1 or -1, got {self.parity!r}")
        if self.charge_radius is not None and not (self.charge_radius > 0):
            raise OutOfDomainError(f"charge_radius must be > 0, got {self.charge_radius!r}")
        if self.spin == 0 and (self.spin_proton or self.spin_neutron):
            raise OutOfDomainError("spin_proton and spin_neutron must be 0 for a J = 0 nucleus")

    @property
    def N(self) -> int:
        """Neutron number."""
        return self.A - self.Z

    @property
    def symbol(self) -> str:
        return re.match(r"[A-Za-z]+", self.name).group(0)

    def replace(self, **changes) -> Isotope:
        """A copy with some fields changed (e.g. a shell-model ⟨S_n⟩ of your own)."""
        return replace(self, **changes)


def odd_group_spins(Z: int, A: int, spin: float, magnetic_moment: float) -> tuple[float, float]:
    """⟨S_p⟩, ⟨S_n⟩ from the magnetic moment in the odd-group model.

    With J = ⟨L⟩ + ⟨S⟩ carried by the odd nucleon species and μ = g_l J + (g_s − g_l) ⟨S_odd⟩,
    ⟨S_odd⟩ = (μ − g_l J)/(g_s − g_l) and the even species contributes nothing.

    References
    ----------
    J. Engel, P. Vogel, Phys. Rev. D 40 (1989) 3132.
    """
    N = A - Z
    if spin == 0:
        return 0.0, 0.0
    if Z % 2 == N % 2:
        raise OutOfDomainError(
            f"the odd-group model needs an odd-A nucleus; Z={Z}, N={N} has no single odd nucleon species"
        )
    species = "proton" if Z % 2 else "neutron"
    g_l, g_s = _G_ORBITAL[species], _g_spin(species)
    odd = (magnetic_moment - g_l * spin) / (g_s - g_l)
    return (odd, 0.0) if species == "proton" else (0.0, odd)


# ---------------------------------------------------------------- curated table


def _float_or_none(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def _table() -> dict[str, dict[str, str]]:
    path = resources.files("cevns.nuclei").joinpath("data/isotopes.csv")
    with path.open(newline="") as handle:
        return {row["isotope"]: row for row in csv.DictReader(handle)}


@cache
def _known_names() -> tuple[str, ...]:
    import periodictable

    names = []
    for element in periodictable.elements:
        if element.number == 0:
            continue
        names.extend(f"{element.symbol}{iso}" for iso in element.isotopes if element[iso].abundance > 0)
    return tuple(names)


_NAME_FORMS = (
    re.compile(r"^(?P<symbol>[A-Za-z]{1,2})[-_ ]?(?P<A>\d{1,3})$"),  # Xe131, Xe-131
    re.compile(r"^(?P<A>\d{1,3})[-_ ]?(?P<symbol>[A-Za-z]{1,2})$"),  # 131Xe
    re.compile(r"^(?P<symbol>[A-Za-z]{1,2})\[(?P<A>\d{1,3})\]$"),  # Xe[131] (periodictable)
)


def _parse_name(name: str) -> tuple[str, int]:
    for form in _NAME_FORMS:
        match = form.match(str(name).strip())
        if match:
            symbol = match["symbol"].capitalize()
            return symbol, int(match["A"])
    raise UnknownNameError("isotope", name, _known_names())


def isotope(name: str) -> Isotope:
    """The isotope called ``name`` (``"Xe131"``, ``"131Xe"``, ``"Xe-131"``); the same object for each spelling.

    Raises
    ------
    UnknownNameError
        For a name that is no known isotope; the message lists the closest names.
    """
    if isinstance(name, Isotope):
        return name
    symbol, mass_number = _parse_name(name)
    try:
        return _isotope(symbol, mass_number)
    except (ValueError, KeyError):
        raise UnknownNameError("isotope", name, _known_names()) from None


@cache
def _isotope(symbol: str, mass_number: int) -> Isotope:
    import periodictable

    element = periodictable.elements.symbol(symbol)
    nuclide = element[mass_number]
    key = f"{symbol}{mass_number}"
    atomic_mass = nuclide.mass * u
    fields = dict(
        name=key,
        Z=element.number,
        A=mass_number,
        mass=atomic_mass - element.number * constants.electron_mass,
        abundance=(nuclide.abundance or 0.0) / 100.0,
    )
    row = _table().get(key)
    if row is None:
        return Isotope(**fields, spin_source="unknown")
    spin = float(Fraction(row["spin"]))
    moment = _float_or_none(row["magnetic_moment"])
    radius = _float_or_none(row["charge_radius"])
    s_p, s_n = _float_or_none(row["spin_proton"]), _float_or_none(row["spin_neutron"])
    if spin == 0:
        s_p, s_n, source = 0.0, 0.0, "J = 0"
    elif s_p is not None and s_n is not None:
        source = f"shell model ({row['ref_spin']})"
    elif moment is not None and element.number % 2 != (mass_number - element.number) % 2:
        s_p, s_n = odd_group_spins(element.number, mass_number, spin, moment)
        source = "odd-group model from the magnetic moment"
    else:
        s_p, s_n, source = 0.0, 0.0, "unknown (odd-odd nucleus): axial part neglected"
    return Isotope(
        **fields,
        spin=spin,
        parity=1 if row["parity"].strip() == "+" else -1,
        magnetic_moment=moment,
        charge_radius=None if radius is None else radius * fermi,
        spin_proton=s_p,
        spin_neutron=s_n,
        spin_source=source,
        references={"moment": row["ref_moment"], "radius": row["ref_radius"], "spin": row["ref_spin"]},
    )
