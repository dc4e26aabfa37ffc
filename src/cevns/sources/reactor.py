"""Reactor ν̄_e: fission spectra of ²³⁵U, ²³⁸U, ²³⁹Pu, ²⁴¹Pu, fission fractions, thermal power and distance.

Above 2 MeV each isotope's spectrum per fission is the Huber–Mueller model, S_i(E) = exp(Σ_{k=0}^{5} a_k E^k)
(E in MeV): Huber (2011) for ²³⁵U, ²³⁹Pu, ²⁴¹Pu and Mueller et al. (2011) for ²³⁸U. The fits are valid on
[2, 8] MeV. Below 2 MeV (down to ``min_energy``, 1 MeV by default) the documented low-energy model is the
exp-quadratic form of Vogel & Engel (1989), S_i(E) = c_i exp(b₀ + b₁E + b₂E²), with c_i fixed by continuity at
2 MeV. Below ~1 MeV neutron-capture products (²³⁹U, ²³⁹Np) and long-lived fission fragments add ν̄ that no
parametrization here describes; for CEvNS this is irrelevant (T_max(1 MeV) ≈ 30 eV on Ge).

The fission rate is P_th / Σ_i f_i ε_i with ε_i the energy released per fission (Ma et al. 2013), and the flux at a
distance L from a point-like core is dΦ/dE = [P_th / Σ f_i ε_i] Σ_i f_i S_i(E) / (4π L²).

References
----------
P. Huber, PRC 84 (2011) 024617, arXiv:1106.0687, Table III.
Th. A. Mueller et al., PRC 83 (2011) 054615, arXiv:1101.2663, Table VI.
P. Vogel, J. Engel, PRD 39 (1989) 3378, Table I.
X. B. Ma et al., PRC 88 (2013) 014605 (energy per fission).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np

from .._validate import fraction, positive_scalar, real_scalar
from ..errors import OutOfDomainError, UnknownNameError
from ..units import GW, MeV, m
from ._flux import MAX_DISTANCE, Flux, Normalization

__all__ = ["ReactorFlux", "ISOTOPES", "isotope_spectrum", "HUBER_MUELLER", "ENERGY_PER_FISSION"]

#: Fissioning isotopes, in the order used for fission fractions.
ISOTOPES = ("U235", "U238", "Pu239", "Pu241")

#: Huber–Mueller coefficients a_0..a_5 of S(E) = exp(Σ a_k E^k), E in MeV, S per fission per MeV.
#: U235, Pu239, Pu241: Huber, PRC 84 (2011) 024617, Table III; U238: Mueller et al., PRC 83 (2011) 054615, Table VI.
HUBER_MUELLER = MappingProxyType({
    "U235": (4.367, -4.577, 2.100, -5.294e-1, 6.186e-2, -2.777e-3),
    "U238": (4.833e-1, 1.927e-1, -1.283e-1, -6.762e-3, 2.233e-3, -1.536e-4),
    "Pu239": (4.757, -5.392, 2.563, -6.596e-1, 7.820e-2, -3.536e-3),
    "Pu241": (2.990, -2.882, 1.278, -3.343e-1, 3.905e-2, -1.754e-3),
})
#: Mueller et al., PRC 83 (2011) 054615, Table VI: their own fits for U235, Pu239, Pu241 (an independent evaluation
#: used in the tests to cross-check Huber's).
MUELLER_2011 = MappingProxyType({
    "U235": (3.217, -3.111, 1.395, -3.690e-1, 4.445e-2, -2.053e-3),
    "Pu239": (6.413, -7.432, 3.535, -8.820e-1, 1.025e-1, -4.550e-3),
    "Pu241": (3.251, -3.204, 1.428, -3.675e-1, 4.254e-2, -1.896e-3),
})
#: Vogel & Engel, PRD 39 (1989) 3378, Table I: b_0, b_1, b_2 of exp(b_0 + b_1 E + b_2 E²) (shape below 2 MeV).
VOGEL_ENGEL = MappingProxyType({
    "U235": (0.870, -0.160, -0.0910),
    "U238": (0.976, -0.162, -0.0790),
    "Pu239": (0.896, -0.239, -0.0981),
    "Pu241": (0.793, -0.080, -0.1085),
})
#: Energy released per fission [MeV]; Ma et al., PRC 88 (2013) 014605, Table VIII.
ENERGY_PER_FISSION = MappingProxyType({"U235": 202.36, "U238": 205.99, "Pu239": 211.12, "Pu241": 214.26})

#: Validity range of the Huber–Mueller fits [MeV].
HM_RANGE = (2.0, 8.0)
#: Largest thermal power accepted, 100 GW: above any reactor site (the largest, Kashiwazaki-Kariwa, is ~24 GW).
MAX_THERMAL_POWER = 100.0 * GW
#: Tolerance on Σ f_i = 1 for fission fractions.
_FRACTION_TOLERANCE = 1e-3
_LOW_MODELS = ("vogel-engel-1989", "none")


def _poly_exp(coefficients, e_mev: np.ndarray) -> np.ndarray:
    return np.exp(np.polynomial.polynomial.polyval(e_mev, coefficients))


def isotope_spectrum(energy, isotope: str, *, low_energy_model: str = "vogel-engel-1989") -> np.ndarray:
    """ν̄_e per fission per unit energy of one isotope [1/energy] (0 outside [0, 8 MeV]).

    Parameters
    ----------
    energy : array_like [energy]
    isotope : {"U235", "U238", "Pu239", "Pu241"}
    low_energy_model : {"vogel-engel-1989", "none"}
        Below 2 MeV: the Vogel–Engel shape matched at 2 MeV, or nothing.
    """
    if isotope not in HUBER_MUELLER:
        raise UnknownNameError("fissioning isotope", isotope, ISOTOPES)
    if low_energy_model not in _LOW_MODELS:
        raise UnknownNameError("low-energy reactor model", low_energy_model, _LOW_MODELS)
    e = np.asarray(energy, dtype=float) / MeV
    low, high = HM_RANGE
    hm = _poly_exp(HUBER_MUELLER[isotope], np.clip(e, low, high))
    if low_energy_model == "none":
        below = np.zeros_like(e)
    else:
        ve = VOGEL_ENGEL[isotope]
        match = _poly_exp(HUBER_MUELLER[isotope], np.array(low)) / _poly_exp(ve, np.array(low))
        below = match * _poly_exp(ve, e)
    return np.where((e >= low) & (e <= high), hm, np.where((e >= 0) & (e < low), below, 0.0)) / MeV


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class ReactorFlux(Flux):
    """ν̄_e flux of a nuclear reactor at a detector (or per fission).

    Parameters
    ----------
    fission_fractions : mapping or tuple of 4 floats
        Fractions of fissions from U235, U238, Pu239, Pu241 (each in [0, 1], summing to 1 within 1e-3).
    thermal_power : float [power], optional
        Thermal power P_th. Without it (and without ``distance``) the flux is per fission.
    distance : float [length], optional
        Core–detector distance (point-like core). Needs ``thermal_power``.
    min_energy, max_energy : float [energy]
        Energy range of the model: default [1, 8] MeV; the low-energy model covers [min_energy, 2 MeV].
    low_energy_model : {"vogel-engel-1989", "none"}
    energy_per_fission : mapping, optional
        ε_i [energy]; default Ma et al. (2013).
    name, reference : str

    Notes
    -----
    dΦ/dE = R_f Σ_i f_i S_i(E) / (4π L²),  R_f = P_th / Σ_i f_i ε_i.
    """

    fission_fractions: object = (0.564, 0.076, 0.304, 0.056)
    thermal_power: float | None = None
    distance: float | None = None
    min_energy: float = 1.0 * MeV
    max_energy: float = HM_RANGE[1] * MeV
    low_energy_model: str = "vogel-engel-1989"
    energy_per_fission: object = None
    name: str = "reactor"
    reference: str = ""

    def __post_init__(self):
        ff = self.fission_fractions
        if isinstance(ff, Mapping):
            unknown = [k for k in ff if k not in ISOTOPES]
            if unknown:
                raise UnknownNameError("fissioning isotope", unknown[0], ISOTOPES)
            ff = tuple(real_scalar(f"fission_fractions[{k!r}]", ff.get(k, 0.0)) for k in ISOTOPES)
        values = fraction("fission_fractions", ff)
        if values.shape != (4,):
            raise OutOfDomainError(f"fission_fractions needs 4 values (U235, U238, Pu239, Pu241), got {values.shape}")
        if abs(values.sum() - 1.0) > _FRACTION_TOLERANCE:
            raise OutOfDomainError(
                f"fission_fractions must sum to 1 (within {_FRACTION_TOLERANCE:g}), got {values.sum():.6g} "
                f"from {dict(zip(ISOTOPES, values.tolist()))}")
        object.__setattr__(self, "fission_fractions", MappingProxyType(dict(zip(ISOTOPES, values.tolist()))))
        if self.thermal_power is not None:
            positive_scalar("thermal_power", self.thermal_power, maximum=MAX_THERMAL_POWER, unit="GW", unit_value=GW)
        if self.distance is not None:
            positive_scalar("distance", self.distance, maximum=MAX_DISTANCE, unit="m", unit_value=m)
            if self.thermal_power is None:
                raise OutOfDomainError("distance needs thermal_power (a flux at a distance is per time)")
        lo = real_scalar("min_energy", self.min_energy, minimum=0.0, maximum=HM_RANGE[0] * MeV, unit="MeV")
        hi = real_scalar("max_energy", self.max_energy, minimum=lo + 1e-9, maximum=HM_RANGE[1] * MeV, unit="MeV")
        object.__setattr__(self, "min_energy", lo)
        object.__setattr__(self, "max_energy", hi)
        if self.low_energy_model not in _LOW_MODELS:
            raise UnknownNameError("low-energy reactor model", self.low_energy_model, _LOW_MODELS)
        eps = dict(ENERGY_PER_FISSION) if self.energy_per_fission is None else dict(self.energy_per_fission)
        eps = {k: (v * MeV if self.energy_per_fission is None else v) for k, v in eps.items()}
        for k in ISOTOPES:
            if k not in eps:
                raise UnknownNameError("fissioning isotope", k, list(eps))
            positive_scalar(f"energy_per_fission[{k}]", eps[k])
        object.__setattr__(self, "energy_per_fission", MappingProxyType(eps))

    @property
    def normalization(self) -> Normalization:
        if self.thermal_power is None:
            return Normalization.PER_FISSION
        if self.distance is None:
            return Normalization.PER_TIME
        return Normalization.PER_AREA_TIME

    @property
    def mean_energy_per_fission(self) -> float:
        """Σ f_i ε_i [energy]."""
        return sum(self.fission_fractions[k] * self.energy_per_fission[k] for k in ISOTOPES)

    @property
    def fission_rate(self) -> float | None:
        """Fissions per unit time, P_th / Σ f_i ε_i [1/time] (None without a thermal power)."""
        if self.thermal_power is None:
            return None
        return self.thermal_power / self.mean_energy_per_fission

    @property
    def _scale(self) -> float:
        if self.thermal_power is None:
            return 1.0
        scale = self.fission_rate
        if self.distance is not None:
            scale /= 4.0 * math.pi * self.distance**2
        return scale

    def _emitted(self):
        return ("nubar_e",)

    def _range(self, flavor):
        return (float(self.min_energy), float(self.max_energy))

    def _panel_edges(self, flavor):
        lo, hi = self._range(flavor)
        edges = np.linspace(lo, hi, 25)
        if lo < HM_RANGE[0] * MeV < hi:  # the model changes at 2 MeV
            edges = np.append(edges, HM_RANGE[0] * MeV)
        return edges

    def _continuous(self, energy, flavor):
        total = sum(f * isotope_spectrum(energy, k, low_energy_model=self.low_energy_model)
                    for k, f in self.fission_fractions.items() if f > 0)
        return self._scale * total
