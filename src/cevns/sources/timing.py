"""Time structure of pulsed (spallation) sources: proton pulse shapes and the π → μ decay chain.

The arrival-time density of a neutrino is the proton pulse p(t) convolved with the decay-time density of its parent:

- prompt ν_μ (π⁺ → μ⁺ ν_μ): p ⊗ Exp(τ_π), with Exp(τ)(t) = e^{−t/τ}/τ for t ≥ 0;
- delayed ν_e, ν̄_μ (μ⁺ → e⁺ ν_e ν̄_μ after π⁺ → μ⁺): p ⊗ [e^{−t/τ_μ} − e^{−t/τ_π}]/(τ_μ − τ_π)
  = p ⊗ [τ_μ Exp(τ_μ) − τ_π Exp(τ_π)]/(τ_μ − τ_π).

Both are written in closed form for Gaussian bunches (exponentially modified Gaussian, evaluated with ``erfcx`` so it
neither overflows nor loses precision) and for rectangular pulses, so every profile is vectorized and exact.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from .._array import erfc, erfcx
from .._validate import as_array, choice, non_negative_scalar, positive_scalar
from ..errors import OutOfDomainError

__all__ = ["ProtonPulse", "exponential_convolved", "decay_chain_convolved"]

#: FWHM of a Gaussian in units of its standard deviation: 2 sqrt(2 ln 2).
_FWHM_PER_SIGMA = 2.0 * math.sqrt(2.0 * math.log(2.0))
#: Pulse shapes understood by :class:`ProtonPulse`.
_SHAPES = {"gaussian": "gaussian", "rectangular": "rectangular"}


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProtonPulse:
    """Time profile of the protons on target in one beam spill.

    Parameters
    ----------
    shape : {"gaussian", "rectangular"}
        Gaussian bunches (centred on t = offset + k·spacing) or a rectangular pulse (from t = offset to
        t = offset + width).
    width : float [time]
        FWHM of each Gaussian bunch, or the full length of a rectangular pulse; 0 means an instantaneous pulse.
    bunches : int
        Number of identical bunches in a spill (J-PARC MLF: 2).
    bunch_spacing : float [time]
        Time between the centres of consecutive bunches.
    repetition_rate : float [1/time], optional
        Spills per unit time (informational: the duty factor of the beam).
    offset : float [time]
        Where the first bunch is centred (Gaussian) or starts (rectangular) on the experiment's clock, whose zero
        is its trigger: e.g. 440 ns for the SNS protons-on-target trace of COHERENT CENNS-10 (data release
        arXiv:2006.12659, ``snsPOTTraceTiming``). Default 0.

    Examples
    --------
    >>> from cevns.units import ns
    >>> pulse = ProtonPulse.gaussian(mean=440 * ns, sigma=150 * ns)
    >>> round(pulse.sigma / ns, 6), round(pulse.offset / ns, 6)
    (150.0, 440.0)
    """

    shape: str = "gaussian"
    width: float = 0.0
    bunches: int = 1
    bunch_spacing: float = 0.0
    repetition_rate: float | None = None
    offset: float = 0.0

    def __post_init__(self):
        choice("pulse shape", self.shape, _SHAPES)
        non_negative_scalar("width", self.width)
        non_negative_scalar("bunch_spacing", self.bunch_spacing)
        if not (isinstance(self.offset, (int, float)) and math.isfinite(self.offset)):
            raise OutOfDomainError(f"offset must be a finite time, got {self.offset!r}")
        if not isinstance(self.bunches, int) or self.bunches < 1:
            raise OutOfDomainError(f"bunches must be an integer >= 1, got {self.bunches!r}")
        if self.bunches > 1 and self.bunch_spacing <= 0:
            raise OutOfDomainError(f"bunch_spacing must be > 0 with {self.bunches} bunches, got {self.bunch_spacing!r}")
        if self.repetition_rate is not None:
            positive_scalar("repetition_rate", self.repetition_rate)

    @classmethod
    def gaussian(cls, *, mean: float, sigma: float, **kwargs) -> ProtonPulse:
        """One Gaussian bunch of mean ``mean`` [time] and standard deviation ``sigma`` [time]."""
        sigma = float(as_array("sigma", sigma, minimum=0.0))
        return cls(shape="gaussian", width=sigma * _FWHM_PER_SIGMA, offset=mean, **kwargs)

    @property
    def sigma(self) -> float:
        """Standard deviation of one Gaussian bunch [time]."""
        return self.width / _FWHM_PER_SIGMA

    @property
    def duty_factor(self) -> float | None:
        """Fraction of the time the beam is on (spill length × repetition rate), if the rate is known."""
        if self.repetition_rate is None:
            return None
        length = self.width if self.shape == "rectangular" else self.width * self.bunches
        return length * self.repetition_rate

    def _offsets(self):
        return [self.offset + k * self.bunch_spacing for k in range(self.bunches)]

    def pdf(self, time) -> np.ndarray:
        """Probability density of the proton arrival time [1/time]; integrates to 1 (a zero width raises)."""
        t = as_array("time", time)
        if self.width == 0:
            raise OutOfDomainError("an instantaneous pulse (width=0) has no density; use width > 0")
        out = np.zeros_like(t)
        for t0 in self._offsets():
            if self.shape == "gaussian":
                s = self.sigma
                out = out + np.exp(-0.5 * ((t - t0) / s) ** 2) / (s * math.sqrt(2 * math.pi))
            else:
                out = out + np.where((t >= t0) & (t <= t0 + self.width), 1.0 / self.width, 0.0)
        return out / self.bunches


def _emg(t: np.ndarray, lifetime: float, sigma: float) -> np.ndarray:
    """Gaussian(0, σ) ⊗ Exp(τ) at t, stable for all t (exponentially modified Gaussian)."""
    lam = 1.0 / lifetime
    z = (lam * sigma**2 - t) / (math.sqrt(2.0) * sigma)
    # z >= 0: (λ/2) exp(−t²/2σ²) erfcx(z); z < 0: (λ/2) exp(λ²σ²/2 − λt) erfc(z), both finite.
    zpos = np.maximum(z, 0.0)
    zneg = np.minimum(z, 0.0)
    first = 0.5 * lam * np.exp(-0.5 * (t / sigma) ** 2) * erfcx(zpos)
    exponent = np.minimum(0.5 * (lam * sigma) ** 2 - lam * t, 0.0)
    second = 0.5 * lam * np.exp(exponent) * erfc(zneg)
    return np.where(z >= 0, first, second)


def _box_exp(t: np.ndarray, lifetime: float, width: float) -> np.ndarray:
    """Uniform(0, W) ⊗ Exp(τ) at t: (1 − e^{−t/τ})/W inside, e^{−(t−W)/τ}(1 − e^{−W/τ})/W after."""
    inside = -np.expm1(-np.clip(t, 0.0, width) / lifetime) / width
    after = np.exp(-np.maximum(t - width, 0.0) / lifetime) * (-math.expm1(-width / lifetime)) / width
    return np.where(t < 0, 0.0, np.where(t <= width, inside, after))


def exponential_convolved(time, lifetime: float, pulse: ProtonPulse | None = None) -> np.ndarray:
    """Density of t = t_proton + t_decay with t_decay ~ Exp(lifetime): p ⊗ e^{−t/τ}/τ [1/time].

    Parameters
    ----------
    time : array_like [time]
    lifetime : float [time]
    pulse : ProtonPulse, optional
        None (or a zero-width pulse) gives the bare exponential for each bunch.
    """
    t = as_array("time", time)
    lifetime = positive_scalar("lifetime", lifetime)
    pulse = pulse or ProtonPulse()
    out = np.zeros_like(t)
    for t0 in pulse._offsets():
        u = t - t0
        if pulse.width == 0:
            out = out + np.where(u >= 0, np.exp(-np.maximum(u, 0.0) / lifetime) / lifetime, 0.0)
        elif pulse.shape == "gaussian":
            out = out + _emg(u, lifetime, pulse.sigma)
        else:
            out = out + _box_exp(u, lifetime, pulse.width)
    return out / pulse.bunches


def decay_chain_convolved(time, parent_lifetime: float, daughter_lifetime: float,
                          pulse: ProtonPulse | None = None) -> np.ndarray:
    """Density of the decay time of the daughter in a two-step chain, convolved with the pulse [1/time].

    Notes
    -----
    The daughter decays at t with density [e^{−t/τ_d} − e^{−t/τ_p}]/(τ_d − τ_p) (Bateman), which is
    [τ_d Exp(τ_d) − τ_p Exp(τ_p)]/(τ_d − τ_p); each term is convolved with the pulse in closed form.
    """
    tp = positive_scalar("parent_lifetime", parent_lifetime)
    td = positive_scalar("daughter_lifetime", daughter_lifetime)
    if tp == td:
        raise OutOfDomainError("parent_lifetime and daughter_lifetime must differ")
    return (td * exponential_convolved(time, td, pulse) - tp * exponential_convolved(time, tp, pulse)) / (td - tp)
