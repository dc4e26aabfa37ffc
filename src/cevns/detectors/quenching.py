"""Quenching: the fraction of a nuclear recoil's kinetic energy that a detector sees as electron-equivalent energy.

A nuclear recoil of kinetic energy T [energy, "keVnr"] produces the signal (light, charge) of an electron of energy
E_ee = QF(T) · T [energy, "keVee"]. Each model here is a small frozen dataclass with

- ``model(recoil_energy)`` → the quenching factor QF(T) (dimensionless array),
- ``model.electron_equivalent(recoil_energy)`` → E_ee(T) [energy].

Models: :class:`Lindhard` (theory, with its k), :class:`ConstantQuenching`, :class:`PolynomialQuenching` (E_ee as a
polynomial in T, as published for CsI[Na] and liquid argon), :class:`TabulatedQuenching` (a measured curve),
and :class:`ScaledQuenching` (a nuisance scale on any of them). Published curves are module constants below, each
with its reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _validate
from ..errors import OutOfDomainError
from ..units import MeV, keV
from ._checks import set_scalar

if TYPE_CHECKING:  # pragma: no cover
    from ..nuclei import Isotope

__all__ = [
    "QuenchingModel",
    "Lindhard",
    "ConstantQuenching",
    "PolynomialQuenching",
    "TabulatedQuenching",
    "ScaledQuenching",
    "lindhard_for",
    "LINDHARD_K_PREFACTOR",
    "LINDHARD_EPSILON_PREFACTOR",
    "LINDHARD_K_GERMANIUM",
    "LINDHARD_K_XENON",
    "CSI_QUENCHING_FACTOR_2017",
    "CSI_QUENCHING_POLYNOMIAL_2021",
    "CSI_QUENCHING_VARIANTS_2021",
    "CSI_QUENCHING_MAXIMUM_2021",
    "ARGON_QUENCHING_POLYNOMIAL_2020",
    "csi_coherent_2017",
    "csi_coherent_2021",
    "argon_coherent_2020",
]

# --- Lindhard theory -------------------------------------------------------------------------------------------
# J. Lindhard, V. Nielsen, M. Scharff, P. V. Thomsen, Mat. Fys. Medd. Dan. Vid. Selsk. 33 (1963) no. 10, in the
# parametrisation of J. D. Lewin and P. F. Smith, Astropart. Phys. 6 (1996) 87, doi:10.1016/S0927-6505(96)00047-3:
#   k = 0.133 Z^(2/3) A^(-1/2),  ε = 11.5 (T/keV) Z^(-7/3),  g(ε) = 3 ε^0.15 + 0.7 ε^0.6 + ε,  QF = k g/(1 + k g).

#: Prefactor of Lindhard's electronic-stopping constant k = 0.133 Z^(2/3) A^(-1/2) (Lindhard et al. 1963).
LINDHARD_K_PREFACTOR = 0.133
#: Prefactor of the reduced energy ε = 11.5 (T/keV) Z^(-7/3) (Lindhard et al. 1963; Lewin & Smith 1996).
LINDHARD_EPSILON_PREFACTOR = 11.5
#: Exponent of Z in ε (Lindhard et al. 1963).
LINDHARD_EPSILON_Z_EXPONENT = -7.0 / 3.0
#: Exponent of Z in k (Lindhard et al. 1963).
LINDHARD_K_Z_EXPONENT = 2.0 / 3.0
#: Exponent of A in k (Lindhard et al. 1963).
LINDHARD_K_A_EXPONENT = -0.5
#: Coefficients and exponents of g(ε) = 3 ε^0.15 + 0.7 ε^0.6 + ε (Lewin & Smith 1996, eq. 8.4 fit to Lindhard's curve).
LINDHARD_G_TERMS = ((3.0, 0.15), (0.7, 0.6), (1.0, 1.0))
#: Largest k accepted: a sanity bound, well above the values 0.1-0.2 of Lindhard's formula for all nuclei.
LINDHARD_K_MAXIMUM = 10.0
#: k = 0.157 for germanium: the Lindhard value 0.133·32^(2/3)/72.63^(1/2), used e.g. by CDMS and CONUS;
#: see also B. J. Scholz et al., PRD 94 (2016) 122003, arXiv:1608.03588 (Ge quenching data compared with it).
LINDHARD_K_GERMANIUM = 0.157
#: k = 0.166 for xenon: the Lindhard value for Z = 54, A = 131.3 (P. Sorensen, C. E. Dahl, PRD 83 (2011) 063501,
#: arXiv:1101.6080).
LINDHARD_K_XENON = 0.166

# --- Measured curves -------------------------------------------------------------------------------------------
#: CsI[Na] energy-independent quenching factor of the first CEvNS observation: 8.78 ± 1.66 %
#: (COHERENT, D. Akimov et al., Science 357 (2017) 1123, arXiv:1708.01294).
CSI_QUENCHING_FACTOR_2017 = 0.0878
#: CsI[Na] electron-equivalent energy as a polynomial in T, both in MeV, powers 1..4:
#: E_ee = 0.0554628 T + 4.30681 T² − 111.707 T³ + 840.384 T⁴ (COHERENT, D. Akimov et al., PRL 129 (2022) 081801,
#: arXiv:2110.07730, and its data release; the QF measurements are in JINST 17 (2022) P10034, arXiv:2111.02477).
CSI_QUENCHING_POLYNOMIAL_2021 = (0.0554628, 4.30681, -111.707, 840.384)
#: The nominal polynomial and the ±1σ variants of the release's two systematic models (scintRespCoefficients.txt of
#: the data release of arXiv:2110.07730), same form: E_ee/MeV = Σ c_n (T/MeV)^n, n = 1..4.
CSI_QUENCHING_VARIANTS_2021 = {
    "nominal": CSI_QUENCHING_POLYNOMIAL_2021,
    "model0+1sigma": (0.0613632, 3.51547, -85.5548, 595.562),
    "model0-1sigma": (0.0495624, 5.09815, -137.858, 1085.2),
    "model1+1sigma": (0.055413, 3.93597, -93.1045, 630.092),
    "model1-1sigma": (0.0555126, 4.67765, -130.309, 1050.68),
}
#: Largest recoil energy covered by the 2021 CsI[Na] quenching data (3-60 keVnr, arXiv:2111.02477 abstract).
CSI_QUENCHING_MAXIMUM_2021 = 60.0 * keV
#: Liquid argon: QF = 0.246 + 7.8e-4 T/keVnr, i.e. E_ee/keV = 0.246 (T/keV) + 7.8e-4 (T/keV)² (COHERENT CENNS-10,
#: D. Akimov et al., PRL 126 (2021) 012002, arXiv:2003.10630).
ARGON_QUENCHING_POLYNOMIAL_2020 = (0.246, 7.8e-4)


#: Recoil energy at which QF(T → 0) is read off a model that only defines E_ee(T) (a numerical probe, not physics).
_ZERO_ENERGY_PROBE = 1e-12 * keV


class QuenchingModel:
    """Base of the quenching models: QF(T) and E_ee(T) = QF(T)·T, broadcasting over arrays.

    Subclasses implement ``_electron_equivalent(T)`` (a float array of recoil energies, already validated) and may
    override ``_factor(T)`` when QF(T) is the natural formula.
    """

    def __call__(self, recoil_energy) -> np.ndarray:
        """Quenching factor QF(T) (dimensionless) at nuclear recoil energies ``recoil_energy`` [energy]."""
        T = _validate.non_negative("recoil_energy", recoil_energy, unit="keV", unit_value=keV)
        return self._factor(T)

    def electron_equivalent(self, recoil_energy) -> np.ndarray:
        """Electron-equivalent energy E_ee(T) = QF(T)·T [energy] of recoils of energy ``recoil_energy`` [energy]."""
        T = _validate.non_negative("recoil_energy", recoil_energy, unit="keV", unit_value=keV)
        return self._electron_equivalent(T)

    def _factor(self, T: np.ndarray) -> np.ndarray:
        E = self._electron_equivalent(T)
        return np.divide(E, T, out=np.full_like(E, self._factor_at_zero()), where=T > 0)

    def _electron_equivalent(self, T: np.ndarray) -> np.ndarray:
        return T * self._factor(T)

    def _factor_at_zero(self) -> float:
        return float(self._factor(np.asarray([_ZERO_ENERGY_PROBE]))[0])


def _positive_field(obj, name: str, **kwargs) -> float:
    return set_scalar(obj, name, minimum=0.0, strict=True, **kwargs)


@dataclass(frozen=True)
class Lindhard(QuenchingModel):
    """Lindhard quenching factor of a nucleus (Z, A) with electronic-stopping constant k.

    Parameters
    ----------
    Z : float
        Atomic number of the recoiling nucleus (> 0).
    A : float
        Mass number (> 0).
    k : float, optional
        Electronic-stopping constant; default (None) 0.133 Z^(2/3) A^(-1/2). Must lie in (0, 10].

    Notes
    -----
    With T the nuclear recoil energy::

        ε = 11.5 (T/keV) Z^(-7/3),   g(ε) = 3 ε^0.15 + 0.7 ε^0.6 + ε,   QF = k g / (1 + k g).

    QF → 0 as T → 0 (as ε^0.15) and → 1 as T → ∞ (as 1 − 1/(k ε)). The theory neglects atomic binding; below about
    1 keVnr in germanium and silicon measurements deviate from it.

    References
    ----------
    J. Lindhard, V. Nielsen, M. Scharff, P. V. Thomsen, Mat. Fys. Medd. Dan. Vid. Selsk. 33 (1963) no. 10.
    J. D. Lewin, P. F. Smith, Astropart. Phys. 6 (1996) 87, doi:10.1016/S0927-6505(96)00047-3.

    Examples
    --------
    >>> from cevns.units import keV
    >>> round(float(Lindhard(Z=32, A=72.63)(10 * keV)), 3)
    0.234
    """

    Z: float
    A: float
    k: float | None = None

    def __post_init__(self):
        _positive_field(self, "Z")
        _positive_field(self, "A")
        if self.k is not None:
            set_scalar(self, "k", minimum=0.0, strict=True, maximum=LINDHARD_K_MAXIMUM)

    @property
    def resolved_k(self) -> float:
        """The k in use: the given one, or Lindhard's 0.133 Z^(2/3) A^(-1/2)."""
        if self.k is not None:
            return self.k
        return LINDHARD_K_PREFACTOR * self.Z**LINDHARD_K_Z_EXPONENT * self.A**LINDHARD_K_A_EXPONENT

    def reduced_energy(self, recoil_energy) -> np.ndarray:
        """Lindhard's reduced energy ε = 11.5 (T/keV) Z^(-7/3) (dimensionless)."""
        T = _validate.non_negative("recoil_energy", recoil_energy, unit="keV", unit_value=keV)
        return LINDHARD_EPSILON_PREFACTOR * (T / keV) * self.Z**LINDHARD_EPSILON_Z_EXPONENT

    def _factor(self, T):
        eps = LINDHARD_EPSILON_PREFACTOR * (T / keV) * self.Z**LINDHARD_EPSILON_Z_EXPONENT
        g = sum(c * eps**p for c, p in LINDHARD_G_TERMS)
        kg = self.resolved_k * g
        return kg / (1.0 + kg)


def lindhard_for(isotope: Isotope | Any, k: float | None = None) -> Lindhard:
    """Lindhard model for anything with ``.Z`` and ``.A`` attributes (an Isotope, an element record).

    Parameters
    ----------
    isotope : object with attributes Z, A
    k : float, optional
        Overrides Lindhard's 0.133 Z^(2/3) A^(-1/2).
    """
    try:
        Z, A = isotope.Z, isotope.A
    except AttributeError:
        raise OutOfDomainError(f"isotope must have attributes Z and A, got {isotope!r}") from None
    return Lindhard(Z=Z, A=A, k=k)


@dataclass(frozen=True)
class ConstantQuenching(QuenchingModel):
    """Energy-independent quenching factor, E_ee = value · T.

    Parameters
    ----------
    value : float
        The quenching factor, in (0, 1].

    References
    ----------
    COHERENT used QF = 8.78 ± 1.66 % for CsI[Na] in the first CEvNS observation: D. Akimov et al., Science 357
    (2017) 1123, arXiv:1708.01294 (:data:`CSI_QUENCHING_FACTOR_2017`).
    """

    value: float

    def __post_init__(self):
        set_scalar(self, "value", minimum=0.0, strict=True, maximum=1.0)

    def _factor(self, T):
        return np.full_like(T, self.value)


def _as_coefficients(name: str, value) -> tuple[float, ...]:
    arr = _validate.as_array(name, value)
    if arr.ndim != 1 or arr.size == 0:
        raise OutOfDomainError(f"{name} must be a non-empty sequence of numbers, got {value!r}")
    return tuple(float(c) for c in arr)


@dataclass(frozen=True)
class PolynomialQuenching(QuenchingModel):
    """Electron-equivalent energy as a polynomial in the recoil energy (no constant term).

    Parameters
    ----------
    coefficients : sequence of float
        c₁, c₂, ... of E_ee/u = Σₙ cₙ (T/u)ⁿ, n = 1, 2, ...; c₁ is the quenching factor at T → 0.
    energy_unit : float [energy]
        The unit u in which the polynomial was published (``MeV`` for COHERENT CsI[Na], ``keV`` for argon).
    maximum_recoil_energy : float [energy], optional
        Upper end of the data the polynomial was fitted to. Above it the quenching factor is held at its value
        there (E_ee continues linearly), since a fitted polynomial is not meant to be extrapolated.

    Notes
    -----
    E_ee(T) = u Σₙ cₙ (T/u)ⁿ, QF(T) = E_ee(T)/T. Where the polynomial would give E_ee < 0 the result is 0.

    References
    ----------
    CsI[Na]: COHERENT, PRL 129 (2022) 081801, arXiv:2110.07730 (:data:`CSI_QUENCHING_POLYNOMIAL_2021`).
    Argon: COHERENT, PRL 126 (2021) 012002, arXiv:2003.10630 (:data:`ARGON_QUENCHING_POLYNOMIAL_2020`).

    Examples
    --------
    >>> from cevns.units import keV
    >>> round(float(csi_coherent_2021()(10 * keV)), 4)
    0.0882
    """

    coefficients: tuple[float, ...]
    energy_unit: float = MeV
    maximum_recoil_energy: float | None = None

    def __post_init__(self):
        object.__setattr__(self, "coefficients", _as_coefficients("coefficients", self.coefficients))
        _positive_field(self, "energy_unit")
        if self.maximum_recoil_energy is not None:
            T_max = _positive_field(self, "maximum_recoil_energy", unit="keV", unit_value=keV)
            factor = float(self._polynomial(np.asarray(T_max))) / T_max
        else:
            factor = None
        object.__setattr__(self, "_factor_at_maximum", factor)

    def _polynomial(self, T):
        x = T / self.energy_unit
        # Horner's scheme on Σ c_n x^n = x (c_1 + x (c_2 + ...)).
        coefficients = self.coefficients
        acc = np.full_like(x, coefficients[-1])
        for c in coefficients[-2::-1]:
            acc *= x
            acc += c
        acc *= T
        return np.maximum(acc, 0.0, out=acc)

    def _electron_equivalent(self, T):
        if self.maximum_recoil_energy is None:
            return self._polynomial(T)
        T_max = self.maximum_recoil_energy
        return np.where(T > T_max, self._factor_at_maximum * T, self._polynomial(np.minimum(T, T_max)))

    def _factor_at_zero(self) -> float:
        return max(self.coefficients[0], 0.0)


@dataclass(frozen=True)
class TabulatedQuenching(QuenchingModel):
    """Quenching factor interpolated in a measured table.

    Parameters
    ----------
    recoil_energies : array_like [energy]
        Strictly increasing recoil energies T_i (at least 2).
    factors : array_like
        QF(T_i), each in [0, 1].

    Notes
    -----
    Linear interpolation of QF in T between the points; below the first point and above the last the quenching
    factor is held at the end values (E_ee = QF(T_first)·T, E_ee = QF(T_last)·T).
    """

    recoil_energies: Any
    factors: Any

    def __post_init__(self):
        T = _validate.non_negative("recoil_energies", self.recoil_energies, unit="keV", unit_value=keV)
        qf = _validate.fraction("factors", self.factors)
        if T.ndim != 1 or T.size < 2:
            raise OutOfDomainError(f"recoil_energies must be a 1-d array of at least 2 values, got shape {T.shape}")
        if qf.shape != T.shape:
            raise OutOfDomainError(f"factors must have the shape of recoil_energies {T.shape}, got {qf.shape}")
        if np.any(np.diff(T) <= 0):
            raise OutOfDomainError("recoil_energies must be strictly increasing")
        T.setflags(write=False)
        qf.setflags(write=False)
        object.__setattr__(self, "recoil_energies", T)
        object.__setattr__(self, "factors", qf)

    def _factor(self, T):
        return np.interp(T, self.recoil_energies, self.factors)

    def __eq__(self, other):
        return (type(other) is type(self) and np.array_equal(self.recoil_energies, other.recoil_energies)
                and np.array_equal(self.factors, other.factors))

    def __hash__(self):
        return hash((self.recoil_energies.tobytes(), self.factors.tobytes()))


@dataclass(frozen=True)
class ScaledQuenching(QuenchingModel):
    """Another quenching model with its quenching factor multiplied by ``scale``: a nuisance parameter.

    Parameters
    ----------
    model : QuenchingModel
    scale : float
        Multiplies QF(T); must be > 0, and the scaled QF is clipped at 1.
    """

    model: QuenchingModel
    scale: float = 1.0

    def __post_init__(self):
        if not isinstance(self.model, QuenchingModel):
            raise OutOfDomainError(f"model must be a quenching model, got {self.model!r}")
        _positive_field(self, "scale")

    def _factor(self, T):
        return np.minimum(self.scale * self.model._factor(T), 1.0)


# --- Published curves as ready models ---------------------------------------------------------------------------

def csi_coherent_2017() -> ConstantQuenching:
    """CsI[Na] with the constant QF = 8.78 % of COHERENT 2017 (Science 357 (2017) 1123, arXiv:1708.01294)."""
    return ConstantQuenching(CSI_QUENCHING_FACTOR_2017)


def csi_coherent_2021(variant: str = "nominal") -> PolynomialQuenching:
    """CsI[Na] quenching polynomial of COHERENT 2021 (PRL 129 (2022) 081801, arXiv:2110.07730), held above 60 keVnr.

    Parameters
    ----------
    variant : str
        ``"nominal"`` or one of the release's systematic variants (keys of :data:`CSI_QUENCHING_VARIANTS_2021`).
    """
    coefficients = _validate.choice("CsI 2021 quenching variant", variant, CSI_QUENCHING_VARIANTS_2021)
    return PolynomialQuenching(coefficients, energy_unit=MeV, maximum_recoil_energy=CSI_QUENCHING_MAXIMUM_2021)


def argon_coherent_2020() -> PolynomialQuenching:
    """Liquid-argon quenching QF = 0.246 + 7.8e-4 T/keV of COHERENT CENNS-10 (PRL 126 (2021) 012002, arXiv:2003.10630)."""
    return PolynomialQuenching(ARGON_QUENCHING_POLYNOMIAL_2020, energy_unit=keV)
