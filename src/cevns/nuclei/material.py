"""Materials: compounds of elements of isotopes, in natural or user-given abundance."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np

from ..errors import OutOfDomainError, UnknownNameError
from .isotope import Isotope, _known_names, isotope

#: Common detector names for materials, mapped to their chemical formulas.
ALIASES = {
    "LAr": "Ar", "LXe": "Xe", "LKr": "Kr", "GAr": "Ar", "LNe": "Ne",
    "water": "H2O", "sapphire": "Al2O3", "quartz": "SiO2",
    "CWO": "CaWO4", "scheelite": "CaWO4",
}


@dataclass(frozen=True, kw_only=True, eq=False)
class Material:
    """A target material: isotopes with their number fractions.

    Attributes
    ----------
    name : str
    isotopes : tuple of Isotope
    fractions : tuple of float
        Number of nuclei of each isotope per nucleus of the material (sums to 1).

    Notes
    -----
    ``nuclei_per_mass[i]`` is the number of nuclei of isotope i per unit target mass [1/mass]: rates are
    summed over isotopes with these weights. Atomic masses (nuclear + electrons) enter the target mass.
    """

    name: str
    isotopes: tuple[Isotope, ...]
    fractions: tuple[float, ...]

    def __post_init__(self):
        if len(self.isotopes) == 0 or len(self.isotopes) != len(self.fractions):
            raise OutOfDomainError("a material needs one fraction per isotope and at least one isotope")
        f = np.asarray(self.fractions, dtype=float)
        if np.any(~np.isfinite(f)) or np.any(f < 0) or f.sum() <= 0:
            raise OutOfDomainError(f"isotope fractions must be finite and >= 0 with a positive sum, got {self.fractions}")
        object.__setattr__(self, "fractions", tuple(float(x) for x in f / f.sum()))

    @cached_property
    def atomic_masses(self) -> np.ndarray:
        """Mass of each isotope's neutral atom [energy] (read-only)."""
        from .. import constants

        return _read_only(np.array([iso.mass + iso.Z * constants.electron_mass for iso in self.isotopes]))

    @cached_property
    def nuclei_per_mass(self) -> np.ndarray:
        """Number of nuclei of each isotope per unit mass of material [1/mass]."""
        from ..units import c_light_sq

        fractions = np.asarray(self.fractions)
        mean_atomic_mass = fractions @ self.atomic_masses / c_light_sq  # energy → mass
        return _read_only(fractions / mean_atomic_mass)

    @property
    def nuclear_masses(self) -> np.ndarray:
        return np.array([iso.mass for iso in self.isotopes])

    def __repr__(self) -> str:
        parts = ", ".join(f"{iso.name}: {f:.4g}" for iso, f in zip(self.isotopes, self.fractions))
        return f"Material({self.name!r}, {{{parts}}})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Material) and (self.name, self.isotopes, self.fractions) == (
            other.name, other.isotopes, other.fractions)

    def __hash__(self) -> int:
        return hash((self.name, self.isotopes, self.fractions))

    @classmethod
    def from_isotopes(cls, name: str, composition: Mapping[str | Isotope, float], *, by: str = "number") -> Material:
        """A material from isotopes and their fractions, e.g. enriched germanium.

        Parameters
        ----------
        composition : mapping of isotope (name or Isotope) → fraction
            Fractions need not be normalized.
        by : {"number", "mass"}
            Whether the fractions count nuclei or mass.
        """
        isotopes = tuple(i if isinstance(i, Isotope) else isotope(i) for i in composition)
        fractions = np.array(list(composition.values()), dtype=float)
        if by == "mass":
            fractions = fractions / np.array([iso.A for iso in isotopes])
        elif by != "number":
            raise OutOfDomainError(f"by must be 'number' or 'mass', got {by!r}")
        return cls(name=name, isotopes=isotopes, fractions=tuple(fractions))


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def _natural_isotopes(symbol: str) -> list[tuple[Isotope, float]]:
    import periodictable

    element = periodictable.elements.symbol(symbol)
    natural = [(isotope(f"{symbol}{a}"), element[a].abundance / 100.0) for a in element.isotopes
               if element[a].abundance > 0]
    if not natural:
        raise OutOfDomainError(f"element {symbol} has no stable isotope; give the isotopes explicitly")
    return natural


def material(formula: str) -> Material:
    """A material from a chemical formula in natural isotopic abundance.

    ``"CsI"``, ``"NaI"``, ``"CaWO4"``, ``"C3F8"``, ``"Ge"``, ``"Xe"``, ``"LAr"`` ...; isotopes may be named as in
    ``"Ge[76]"``. Abundances are IUPAC/CIAAW values as shipped by `periodictable`. A name in the wrong case
    (``"nai"``, ``"lar"``) resolves when it reads one way only, and the material carries the canonical name
    (``"NaI"``); an ambiguous one (``"csi"``: CsI or C, S, I) raises, suggesting the readings.

    Raises
    ------
    UnknownNameError
        For a formula that is not a valid chemical formula.
    """
    if not isinstance(formula, str):
        raise OutOfDomainError(f"material must be a name such as 'CsI', got {formula!r}")
    if _atoms(ALIASES.get(formula, formula)):
        return _material(formula)
    readings = _case_insensitive_readings(formula)
    if len(readings) == 1:
        return _material(readings[0])
    raise UnknownNameError("material or formula", formula, readings or _all_names())


def _all_names() -> list[str]:
    import periodictable

    return [*ALIASES, *(e.symbol for e in periodictable.elements if e.number > 0), *_known_names()]


#: A formula of element symbols with whole counts ("CsI", "CaWO4", "C3F8"): read without the formula parser.
_PLAIN_FORMULA = re.compile(r"(?:[A-Z][a-z]?(?:0|[1-9]\d*)?)+")
_SYMBOL_COUNT = re.compile(r"([A-Z][a-z]?)(\d*)")


@cache
def _element_symbols() -> frozenset[str]:
    import periodictable

    return frozenset(e.symbol for e in periodictable.elements if e.number > 0)


def _atoms(text: str) -> dict:
    """{periodictable atom: count} of a formula, as ``periodictable.formula(text).atoms`` gives it; {} if invalid.

    Plain formulas are counted here (first appearance first, counts summed, as periodictable does), which keeps
    the slow-to-import formula parser (pyparsing) off the common path; isotopes, groups, fractions and
    mixtures go to periodictable.
    """
    import periodictable

    pairs = _SYMBOL_COUNT.findall(text) if _PLAIN_FORMULA.fullmatch(text) else []
    if pairs and all(symbol in _element_symbols() for symbol, _ in pairs):
        atoms: dict = {}
        for symbol, count in pairs:
            atom = periodictable.elements.symbol(symbol)
            atoms[atom] = atoms.get(atom, 0) + (int(count) if count else 1)
        return atoms
    try:
        return periodictable.formula(text).atoms
    except Exception:  # periodictable raises a pyparsing error subclass of ValueError
        return {}


_TOKEN = re.compile(r"^([a-z]{1,2})(\d*)")


def _case_insensitive_readings(text: str) -> list[str]:
    """Canonical spellings of ``text`` read case-insensitively (an alias, or element symbols with counts)."""
    lowered = text.strip().lower()
    aliases = [alias for alias in ALIASES if alias.lower() == lowered]
    if aliases or not re.fullmatch(r"[a-z0-9]{1,24}", lowered):
        return aliases
    symbols = {symbol.lower(): symbol for symbol in _element_symbols()}

    def readings(rest: str) -> list[list[str]]:
        if not rest:
            return [[]]
        out = []
        for size in (1, 2):
            head = rest[:size]
            if len(head) == size and head.isalpha() and head in symbols:
                count = re.match(r"\d*", rest[size:]).group(0)
                out.extend([symbols[head] + count, *tail] for tail in readings(rest[size + len(count):]))
        return out

    found = sorted(readings(lowered), key=len)  # fewest elements first: "csi" suggests CsI before C, S, I
    return ["".join(parts) for parts in found]


@cache
def _material(formula: str) -> Material:
    text = ALIASES.get(formula, formula)
    atoms = _atoms(text)
    composition: dict[Isotope, float] = {}
    for atom, count in atoms.items():
        if hasattr(atom, "element") and atom.isotope:  # explicit isotope such as Ge[76]
            pairs = [(isotope(f"{atom.element.symbol}{atom.isotope}"), 1.0)]
        else:
            pairs = _natural_isotopes(atom.symbol)
        for iso, abundance in pairs:
            composition[iso] = composition.get(iso, 0.0) + count * abundance
    return Material(name=formula, isotopes=tuple(composition), fractions=tuple(composition.values()))


def element(symbol: str) -> Material:
    """An element in natural abundance (a one-element material)."""
    return material(symbol)


_LOOKS_LIKE_ISOTOPE = re.compile(r"^[A-Za-z]{1,2}[-_ ]?\d{2,3}$|^\d{1,3}[-_ ]?[A-Za-z]{1,2}$")


def as_target(target) -> Isotope | Material:
    """Accept an Isotope, a Material, or a name (isotope first, then formula)."""
    if isinstance(target, (Isotope, Material)):
        return target
    if isinstance(target, str):
        try:
            return isotope(target)
        except UnknownNameError:
            # "Xe313" is a mistyped isotope, not 313 xenon atoms: no target molecule has >= 10 of one element alone
            if _LOOKS_LIKE_ISOTOPE.match(target.strip()):
                raise
            return material(target)
    raise OutOfDomainError(f"target must be an Isotope, a Material or a name such as 'Xe131' or 'CsI', got {target!r}")


def isotopes_and_fractions(target) -> tuple[tuple[Isotope, ...], np.ndarray]:
    """The isotopes of a target with their number fractions (one isotope with fraction 1 for an Isotope)."""
    target = as_target(target)
    if isinstance(target, Isotope):
        return (target,), np.ones(1)
    return target.isotopes, np.asarray(target.fractions)
