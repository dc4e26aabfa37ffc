"""Oscillation parameters: mixing angles, CP phase, mass-squared splittings, optional sterile state.

The default is the NuFIT 6.0 global fit (Esteban et al., JHEP 12 (2024) 216, arXiv:2410.05380), Table 1,
data set "IC19 without SK atmospheric data", for each mass ordering.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property
from types import MappingProxyType

import numpy as np

from ..errors import InvalidSpecError, OutOfDomainError
from .._validate import choice, real_scalar
from ..units import eV

__all__ = [
    "MixingParameters",
    "nufit60",
    "pmns",
    "mass_squared",
    "as_parameters",
    "ORDERINGS",
    "NUFIT60_NORMAL",
    "NUFIT60_INVERTED",
]

#: NuFIT 6.0, arXiv:2410.05380, Table 1 (IC19, without SK-atm), normal ordering, best fit.
#: Δm²₃ℓ = Δm²₃₁ for normal ordering.
NUFIT60_NORMAL = MappingProxyType({
    "sin2_theta12": 0.307,
    "sin2_theta13": 0.02195,
    "sin2_theta23": 0.561,
    "delta_cp_degrees": 177.0,
    "dm2_21": 7.49e-5 * eV**2,
    "dm2_3l": 2.534e-3 * eV**2,
})
#: NuFIT 6.0, arXiv:2410.05380, Table 1 (IC19, without SK-atm), inverted ordering, best fit.
#: Δm²₃ℓ = Δm²₃₂ (< 0) for inverted ordering.
NUFIT60_INVERTED = MappingProxyType({
    "sin2_theta12": 0.308,
    "sin2_theta13": 0.02224,
    "sin2_theta23": 0.562,
    "delta_cp_degrees": 285.0,
    "dm2_21": 7.49e-5 * eV**2,
    "dm2_3l": -2.510e-3 * eV**2,
})

#: Largest |Δm²| accepted, 10⁶ eV² (keV-scale sterile states); beyond it the parameters are not neutrino
#: oscillation parameters.
MAX_DM2 = 1.0e6 * eV**2

#: Names accepted for the mass ordering.
ORDERINGS = MappingProxyType({"normal": "normal", "NO": "normal", "no": "normal", "NH": "normal",
             "inverted": "inverted", "IO": "inverted", "io": "inverted", "IH": "inverted"})


def _check_sin2(name: str, value: float) -> float:
    return real_scalar(name, value, minimum=0.0, maximum=1.0)


@dataclass(frozen=True, kw_only=True)
class MixingParameters:
    """Three-flavor (optionally 3+1) oscillation parameters.

    Parameters
    ----------
    sin2_theta12, sin2_theta13, sin2_theta23 : float
        sin² of the mixing angles, each in [0, 1].
    delta_cp : float
        Dirac CP phase [rad].
    dm2_21 : float
        Δm²₂₁ = m₂² − m₁² [energy²], > 0.
    dm2_31 : float
        Δm²₃₁ = m₃² − m₁² [energy²]: positive for normal, negative for inverted ordering.
    sin2_theta14, sin2_theta24, sin2_theta34 : float
        Active–sterile mixing (used only when ``dm2_41`` is given).
    dm2_41 : float or None
        Δm²₄₁ [energy²] of a fourth, sterile state; None (default) for three flavors.

    Notes
    -----
    U = R₂₃ U₁₃(δ) R₁₂ (PDG convention), and with a sterile state U = R₃₄ R₂₄ R₁₄ R₂₃ U₁₃(δ) R₁₂ with no extra
    phases. Use :func:`nufit60` for the published global fits and :func:`dataclasses.replace` to change a value.

    References
    ----------
    I. Esteban et al., NuFIT 6.0, JHEP 12 (2024) 216, arXiv:2410.05380.
    """

    sin2_theta12: float = NUFIT60_NORMAL["sin2_theta12"]
    sin2_theta13: float = NUFIT60_NORMAL["sin2_theta13"]
    sin2_theta23: float = NUFIT60_NORMAL["sin2_theta23"]
    delta_cp: float = math.radians(NUFIT60_NORMAL["delta_cp_degrees"])
    dm2_21: float = NUFIT60_NORMAL["dm2_21"]
    dm2_31: float = NUFIT60_NORMAL["dm2_3l"]
    sin2_theta14: float = 0.0
    sin2_theta24: float = 0.0
    sin2_theta34: float = 0.0
    dm2_41: float | None = None

    def __post_init__(self):
        for name in ("sin2_theta12", "sin2_theta13", "sin2_theta23",
                     "sin2_theta14", "sin2_theta24", "sin2_theta34"):
            object.__setattr__(self, name, _check_sin2(name, getattr(self, name)))
        object.__setattr__(self, "delta_cp", real_scalar("delta_cp", self.delta_cp))
        dm2_21 = real_scalar("dm2_21", self.dm2_21, minimum=0.0, strict_minimum=True, maximum=MAX_DM2,
                             unit="eV^2", unit_value=eV**2)
        dm2_31 = real_scalar("dm2_31", self.dm2_31, minimum=-MAX_DM2, maximum=MAX_DM2, unit="eV^2",
                             unit_value=eV**2)
        if dm2_31 == 0 or dm2_31 == dm2_21:
            raise OutOfDomainError(f"dm2_31 must be non-zero and != dm2_21, got {dm2_31 / eV**2!r} eV^2")
        object.__setattr__(self, "dm2_21", dm2_21)
        object.__setattr__(self, "dm2_31", dm2_31)
        if self.dm2_41 is not None:
            dm2_41 = real_scalar("dm2_41", self.dm2_41, minimum=-MAX_DM2, maximum=MAX_DM2, unit="eV^2",
                                 unit_value=eV**2)
            object.__setattr__(self, "dm2_41", dm2_41)

    @property
    def ordering(self) -> str:
        """'normal' when Δm²₃₁ > 0, else 'inverted'."""
        return "normal" if self.dm2_31 > 0 else "inverted"

    @property
    def dm2_32(self) -> float:
        """Δm²₃₂ = Δm²₃₁ − Δm²₂₁ [energy²]."""
        return self.dm2_31 - self.dm2_21

    @property
    def n_states(self) -> int:
        """3, or 4 with a sterile state."""
        return 3 if self.dm2_41 is None else 4

    @cached_property
    def matrix(self) -> np.ndarray:
        """The mixing matrix U (n_states × n_states, complex, read-only); see :func:`pmns`."""
        u = pmns(self)
        u.setflags(write=False)
        return u

    def replace(self, **changes) -> "MixingParameters":
        """A new object with some fields changed (same as :func:`dataclasses.replace`)."""
        return replace(self, **changes)

    def to_dict(self) -> dict:
        """Plain values: angles as sin², δ in degrees, splittings in eV²."""
        out = {
            "ordering": self.ordering,
            "sin2_theta12": self.sin2_theta12, "sin2_theta13": self.sin2_theta13,
            "sin2_theta23": self.sin2_theta23, "delta_cp_degrees": math.degrees(self.delta_cp),
            "dm2_21_eV2": self.dm2_21 / eV**2, "dm2_31_eV2": self.dm2_31 / eV**2,
        }
        if self.dm2_41 is not None:
            out.update(sin2_theta14=self.sin2_theta14, sin2_theta24=self.sin2_theta24,
                       sin2_theta34=self.sin2_theta34, dm2_41_eV2=self.dm2_41 / eV**2)
        return out


def nufit60(ordering: str = "normal", **changes) -> MixingParameters:
    """The NuFIT 6.0 best fit for one mass ordering, optionally with some values changed.

    Parameters
    ----------
    ordering : {'normal', 'inverted'} (also 'NO', 'IO', 'NH', 'IH')
    **changes
        Fields of :class:`MixingParameters` to override (e.g. ``dm2_41=1*eV**2, sin2_theta14=0.01``).

    References
    ----------
    I. Esteban et al., JHEP 12 (2024) 216, arXiv:2410.05380, Table 1 (IC19 without SK atmospheric data).
    """
    ordering = choice("mass ordering", ordering, ORDERINGS)
    fit = NUFIT60_NORMAL if ordering == "normal" else NUFIT60_INVERTED
    # NuFIT quotes Δm²₃ℓ: Δm²₃₁ for normal, Δm²₃₂ for inverted ordering
    dm2_31 = fit["dm2_3l"] if ordering == "normal" else fit["dm2_3l"] + fit["dm2_21"]
    values = dict(sin2_theta12=fit["sin2_theta12"], sin2_theta13=fit["sin2_theta13"],
                  sin2_theta23=fit["sin2_theta23"], delta_cp=math.radians(fit["delta_cp_degrees"]),
                  dm2_21=fit["dm2_21"], dm2_31=dm2_31)
    values.update(changes)
    return MixingParameters(**values)


def as_parameters(params) -> MixingParameters:
    """``params`` as :class:`MixingParameters`: None gives the NuFIT 6.0 normal-ordering default, a mass ordering
    name (``"inverted"``) its NuFIT 6.0 best fit; anything else raises naming ``params``."""
    if params is None:
        return MixingParameters()
    if isinstance(params, MixingParameters):
        return params
    if isinstance(params, str):
        return nufit60(params)
    raise InvalidSpecError(f"params must be MixingParameters, a mass ordering name or None, "
                           f"got {type(params).__name__}")


def _rotation(n: int, i: int, j: int, sin2: float, phase: float = 0.0) -> np.ndarray:
    s = math.sqrt(sin2)
    c = math.sqrt(1.0 - sin2)
    r = np.eye(n, dtype=complex)
    r[i, i] = r[j, j] = c
    r[i, j] = s * np.exp(-1j * phase)
    r[j, i] = -s * np.exp(1j * phase)
    return r


def pmns(params: MixingParameters) -> np.ndarray:
    """The lepton mixing matrix U with U[α, i] = ⟨ν_α|ν_i⟩ (flavor order e, μ, τ[, s]).

    Notes
    -----
    U = R₂₃ U₁₃(δ) R₁₂ with U₁₃ carrying s₁₃ e^{−iδ} in the (1, 3) element (PDG); with a sterile state the
    rotations R₃₄ R₂₄ R₁₄ multiply from the left.
    """
    n = params.n_states
    u = (_rotation(n, 1, 2, params.sin2_theta23)
         @ _rotation(n, 0, 2, params.sin2_theta13, params.delta_cp)
         @ _rotation(n, 0, 1, params.sin2_theta12))
    if n == 4:
        u = (_rotation(4, 2, 3, params.sin2_theta34) @ _rotation(4, 1, 3, params.sin2_theta24)
             @ _rotation(4, 0, 3, params.sin2_theta14) @ u)
    return u


def mass_squared(params: MixingParameters) -> np.ndarray:
    """Squared masses relative to m₁²: (0, Δm²₂₁, Δm²₃₁[, Δm²₄₁]) [energy²]."""
    values = [0.0, params.dm2_21, params.dm2_31]
    if params.dm2_41 is not None:
        values.append(params.dm2_41)
    return np.array(values)
