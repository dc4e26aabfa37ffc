"""Recoil kinematics of elastic neutrino-nucleus scattering, exact and relativistic.

Symbols in the formulas: E neutrino energy, M nuclear mass, T nuclear kinetic recoil energy.
"""

from __future__ import annotations

import numpy as np

from .. import _validate, constants
from ..nuclei import as_target
from ..nuclei.isotope import Isotope
from ..errors import OutOfDomainError
from ..units import MeV, keV

__all__ = ["MAX_ENERGY", "checked_energy", "recoil_energy_max", "neutrino_energy_min", "momentum_transfer", "recoil_angle", "nuclear_mass",
           "t_max", "e_min", "recoil_from_momentum"]


def nuclear_mass(target) -> float:
    """Nuclear mass M [energy] of an isotope, a material (its lightest isotope), or a plain mass.

    For a material the lightest isotope sets the kinematic end point of the recoil spectrum, so it is the
    mass used by :func:`recoil_energy_max` (and the heaviest by :func:`neutrino_energy_min`, see there).
    """
    if isinstance(target, (int, float, np.floating)):
        return _validate.positive_scalar("mass", target, unit="MeV", unit_value=MeV)
    target = as_target(target)
    if isinstance(target, Isotope):
        return target.mass
    return float(min(iso.mass for iso in target.isotopes))


#: Largest neutrino or recoil energy accepted [energy]: 1 EeV, above any neutrino ever observed.
MAX_ENERGY = 1e12 * MeV


def checked_energy(name: str, value, *, positive: bool = False):
    """``value`` as a float array after checking it is real, finite and in [0, 1 EeV] (or (0, 1 EeV])."""
    return _validate.as_array(name, value, minimum=0.0, maximum=MAX_ENERGY, strict_minimum=positive,
                              unit="MeV", unit_value=MeV)


def t_max(E, M):
    """T_max = 2E²/(M + 2E) for arrays of neutrino energies E and a nuclear mass M, unchecked (hot paths)."""
    return 2.0 * E * E / (M + 2.0 * E)


def e_min(T, M):
    """E_min = [T + sqrt(T² + 2MT)]/2 for arrays of recoil energies T and a nuclear mass M, unchecked."""
    return 0.5 * (T + np.sqrt(T * T + 2.0 * M * T))


def wave_number(T, M):
    """|q|/ħc = sqrt(T(2M + T))/ħc [1/length] for arrays of recoil energies T and a nuclear mass M, unchecked."""
    return np.sqrt(T * (2.0 * M + T) * (1.0 / constants.hbarc_squared))


def recoil_from_momentum(q, M):
    """Recoil energy T = sqrt(M² + q²) − M of a nucleus of mass M given |q|, unchecked (stable at small q)."""
    return q * q / (np.sqrt(M * M + q * q) + M)



def recoil_energy_max(neutrino_energy, target):
    """Largest nuclear recoil kinetic energy T_max(E) = 2E²/(M + 2E).

    Parameters
    ----------
    neutrino_energy : array_like [energy]
    target : Isotope, Material, name or mass [energy]
        For a material, the end point of its lightest isotope.

    Returns
    -------
    ndarray [energy]

    Examples
    --------
    >>> from cevns.units import MeV, keV
    >>> round(float(recoil_energy_max(10 * MeV, "Ge72") / keV), 3)
    2.985
    """
    E = checked_energy("neutrino_energy", neutrino_energy)
    return t_max(E, nuclear_mass(target))


def neutrino_energy_min(recoil_energy, target):
    """Smallest neutrino energy that gives a recoil T: E_min = [T + sqrt(T² + 2MT)]/2.

    For a material the heaviest isotope would need the most energy; this returns the value for the
    lightest isotope (the smallest E_min, the one that opens the channel first). Pass an isotope for a
    specific nucleus.
    """
    T = checked_energy("recoil_energy", recoil_energy)
    return e_min(T, nuclear_mass(target))


def momentum_transfer(recoil_energy, target):
    """Three-momentum transfer |q| = sqrt(2MT + T²) [energy] (with c = 1; divide by ħc for a wave number)."""
    T = checked_energy("recoil_energy", recoil_energy)
    M = nuclear_mass(target)
    return np.sqrt(2.0 * M * T + T * T)


def recoil_angle(recoil_energy, neutrino_energy, target):
    """Cosine of the nuclear recoil angle to the neutrino direction: cos θ_R = (E + M)/E · sqrt(T/(T + 2M)).

    Raises OutOfDomainError where T > T_max(E) (no such recoil exists).
    """
    T = checked_energy("recoil_energy", recoil_energy)
    E = checked_energy("neutrino_energy", neutrino_energy, positive=True)
    M = nuclear_mass(target)
    T, E = np.broadcast_arrays(T, E)
    too_large = T > t_max(E, M) * (1.0 + 1e-12)
    if np.any(too_large):
        t, e = T[too_large].flat[0], E[too_large].flat[0]
        raise OutOfDomainError(
            f"recoil_energy={t / keV:g} keV exceeds T_max={t_max(e, M) / keV:g} keV "
            f"for neutrino_energy={e / MeV:g} MeV"
        )
    return np.minimum((E + M) / E * np.sqrt(T / (T + 2.0 * M)), 1.0)
