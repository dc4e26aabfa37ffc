"""Stellar matter: a mixture of nuclei and free nucleons at a density, temperature and electron fraction.

The user gives mass fractions X_i; number densities follow as n_i = ρ X_i/(A_i m_u), the electron density as
n_e = ρ Y_e/m_u. Each charged species is treated as a one-component plasma (ion sphere radius, coupling Γ),
and the degenerate electrons screen with the relativistic Thomas–Fermi wave number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .. import _validate, constants, units
from ..errors import InvalidSpecError, OutOfDomainError
from ..nuclei import isotope
from ..nuclei.isotope import Isotope
from ..physics.cross_section import free_nucleon

__all__ = ["Composition", "composition", "parse_density", "atomic_mass_unit", "number_density",
           "electron_density", "ion_sphere_radius", "plasma_coupling", "debye_wave_number",
           "electron_screening_wave_number", "GRAM_PER_CM3"]

#: Mass density unit g/cm³ in hepunits (mass/volume).
GRAM_PER_CM3 = units.g / units.cm3
#: Atomic mass unit as a mass (u/c²), CODATA 2018 (units.u is its energy equivalent).
atomic_mass_unit = units.u / units.c_light**2
#: Mass-fraction sums further than this from 1 are rejected.
MASS_FRACTION_TOLERANCE = 1e-6

_NUCLEONS = {"n": "neutron", "neutron": "neutron", "p": "proton", "proton": "proton"}


def species(name) -> Isotope:
    """The scatterer a composition names: an isotope (``"Fe56"``), or a free nucleon (``"n"``, ``"p"``)."""
    if isinstance(name, Isotope):
        return name
    key = str(name).strip()
    if key.lower() in _NUCLEONS:
        return free_nucleon(_NUCLEONS[key.lower()])
    return isotope(key)


@dataclass(frozen=True)
class Composition:
    """Mass fractions of the species in stellar matter.

    Attributes
    ----------
    species : tuple of Isotope
        Nuclei and free nucleons (``free_nucleon("neutron")``, ``"proton"``); a representative heavy nucleus may
        be any Isotope, e.g. ``Isotope(name="A80Z32", Z=32, A=80, mass=...)``.
    mass_fractions : tuple of float
        X_i ≥ 0 with Σ X_i = 1.
    """

    species: tuple
    mass_fractions: tuple

    def __post_init__(self):
        if len(self.species) == 0 or len(self.species) != len(self.mass_fractions):
            raise InvalidSpecError("composition needs one mass fraction per species and at least one species, "
                                   f"got {len(self.species)} species and {len(self.mass_fractions)} fractions")
        x = _validate.fraction("mass_fraction", list(self.mass_fractions))
        if abs(x.sum() - 1.0) > MASS_FRACTION_TOLERANCE:
            raise InvalidSpecError(f"mass fractions must sum to 1, got {x.sum():.8g} "
                                   f"({', '.join(f'{s.name}={f:g}' for s, f in zip(self.species, x))})")
        object.__setattr__(self, "mass_fractions", tuple(float(v) for v in x))

    @cached_property
    def charge_fraction(self) -> float:
        """Σ X_i Z_i/A_i: the electron fraction Y_e that charge neutrality of this composition implies."""
        return float(sum(x * s.Z / s.A for s, x in zip(self.species, self.mass_fractions)))

    def __str__(self) -> str:
        return ", ".join(f"{s.name}:{x:g}" for s, x in zip(self.species, self.mass_fractions))


def composition(spec) -> Composition:
    """Build a :class:`Composition` from a name (``"Fe56"``), a text (``"Fe56:0.8,He4:0.1,n:0.1"``),
    a mapping ``{name or Isotope: mass fraction}`` or a Composition.

    ``"n"``/``"neutron"`` and ``"p"``/``"proton"`` are free nucleons.
    """
    if isinstance(spec, Composition):
        return spec
    if isinstance(spec, Isotope):
        return Composition((spec,), (1.0,))
    if isinstance(spec, str):
        items = [part for part in re.split(r"[,\s]+", spec.strip()) if part]
        if not items:
            raise InvalidSpecError("composition is empty; write e.g. 'Fe56' or 'Fe56:0.9,n:0.1'")
        pairs = {}
        for item in items:
            name, _, fraction = item.partition(":")
            if not fraction and len(items) > 1:
                raise InvalidSpecError(f"composition entry {item!r} needs a mass fraction, e.g. '{item}:0.5'")
            try:
                pairs[name] = float(fraction) if fraction else 1.0
            except ValueError:
                raise InvalidSpecError(f"composition entry {item!r}: mass fraction {fraction!r} is not a number")
        spec = pairs
    if not hasattr(spec, "items"):
        raise InvalidSpecError(f"composition must be a name, 'name:fraction,...' text or a mapping, got {spec!r}")
    scatterers = tuple(species(name) for name in spec)
    return Composition(scatterers, tuple(spec.values()))


def parse_density(text) -> float:
    """Parse a mass density such as ``"1e12 g/cm3"``, ``"1e15 kg/m3"`` or a bare number (g/cm³) → hepunits.

    The mass and the volume are read separately with :func:`cevns.units.parse`; the volume unit is a length
    unit followed by 3.
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text) * GRAM_PER_CM3
    else:
        mass_text, slash, volume = str(text).replace(" ", "").partition("/")
        if not slash:
            try:
                value = float(mass_text) * GRAM_PER_CM3
            except ValueError:
                raise OutOfDomainError(f"density: {text!r} is not a mass density; write e.g. '1e12 g/cm3'") from None
        else:
            if not volume.endswith("3"):
                raise OutOfDomainError(f"density: volume unit {volume!r} in {text!r} must be a length cubed, "
                                       "e.g. cm3 or m3")
            mass = units.parse(mass_text, dimension="mass", name="density")
            length = units.parse(f"1 {volume[:-1]}", dimension="length", name="density")
            value = mass / length**3
    return _validate.positive_scalar("density", value, unit="g/cm3", unit_value=GRAM_PER_CM3)


# ---------------------------------------------------------------------------------------- plasma quantities


def number_density(density, mass_fraction, mass_number):
    """n_i = ρ X_i/(A_i m_u) [1/volume]."""
    return np.asarray(density) * mass_fraction / (mass_number * atomic_mass_unit)


def electron_density(density, electron_fraction):
    """n_e = ρ Y_e/m_u [1/volume]."""
    return np.asarray(density) * electron_fraction / atomic_mass_unit


def ion_sphere_radius(ion_density):
    """a = (3/(4π n))^(1/3) [length]: the radius of the sphere that holds one ion."""
    return (3.0 / (4.0 * np.pi * np.asarray(ion_density))) ** (1.0 / 3.0)


def plasma_coupling(charge, ion_density, temperature):
    """Γ = Z² e²/(a k_B T), e² = α ħc: Coulomb energy of neighbours over the thermal energy."""
    return charge**2 * constants.alpha_em * constants.hbarc / (ion_sphere_radius(ion_density) * temperature)


def debye_wave_number(charge, ion_density, temperature):
    """k_D = sqrt(4π n Z² e²/k_B T) [1/length]; k_D a = sqrt(3Γ)."""
    return np.sqrt(4.0 * np.pi * np.asarray(ion_density) * charge**2 * constants.alpha_em * constants.hbarc
                   / temperature)


def electron_screening_wave_number(electron_number_density):
    """Thomas–Fermi wave number of degenerate relativistic electrons, k_TF² = 4α p_F E_F/(π (ħc)²) [1/length].

    p_F = ħc (3π² n_e)^(1/3), E_F = sqrt(p_F² + m_e²) (T ≪ E_F assumed).

    References
    ----------
    A. Burrows, S. Reddy, T. A. Thompson, Nucl. Phys. A 777 (2006) 356, eq. (30) (its Debye radius r_D = 1/k_TF);
    C. J. Horowitz, Phys. Rev. D 55 (1997) 4577.
    """
    p_f = constants.hbarc * (3.0 * np.pi**2 * np.asarray(electron_number_density)) ** (1.0 / 3.0)
    e_f = np.sqrt(p_f * p_f + constants.electron_mass**2)
    return np.sqrt(4.0 * constants.alpha_em * p_f * e_f / np.pi) / constants.hbarc
