"""The Standard Halo Model: local density, truncated Maxwellian velocities, the Earth's motion, η(v_min).

Galactic frame: f(u) ∝ exp(−u²/v₀²) for |u| < v_esc, 0 beyond. The lab moves with velocity v_E(t) = v_LSR + v_pec +
u_⊕(t) through it; the rate depends on the halo only through the mean inverse speed

    η(v_min) = ∫_{v > v_min} f_lab(v)/v d³v,

given here in closed form (Savage, Freese & Gondolo 2006, eq. (B3); McCabe 2010, eq. (A6)) with x = v_min/v₀,
y = v_E/v₀, z = v_esc/v₀, N_esc = erf z − 2z e^{−z²}/√π:

- y < z:  x < z − y: η = [erf(x+y) − erf(x−y) − 4y e^{−z²}/√π] / (2 N_esc v₀ y)
          z − y ≤ x < z + y: η = [erf z − erf(x−y) − 2(z+y−x) e^{−z²}/√π] / (2 N_esc v₀ y)
- y ≥ z:  x < y − z: η = 1/(v₀ y);   y − z ≤ x < y + z: as above
- x ≥ y + z: η = 0.

Defaults follow the recommended conventions of Baxter et al. (2021): ρ = 0.3 GeV/cm³, v₀ = 238 km/s,
v_esc = 544 km/s, v_LSR = (0, v₀, 0), solar peculiar velocity (11.1, 12.2, 7.3) km/s (Schönrich, Binney & Dehnen
2010), Earth orbital speed 29.8 km/s with the orbit of Lee, Lisanti & Safdi (2013) (confirmed by McCabe 2014).

References
----------
D. Baxter et al., Eur. Phys. J. C 81 (2021) 907, arXiv:2105.00599.
C. Savage, K. Freese, P. Gondolo, PRD 74 (2006) 043531, arXiv:astro-ph/0607121.
C. McCabe, PRD 82 (2010) 023530, arXiv:1005.0579.
S. K. Lee, M. Lisanti, B. R. Safdi, JCAP 11 (2013) 033, arXiv:1307.5323.
C. McCabe, JCAP 02 (2014) 027, arXiv:1312.1355.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
from scipy.special import erf

from .. import _validate
from ..errors import OutOfDomainError
from ..units import GeV, cm3, day, km, s

__all__ = ["StandardHaloModel", "baxter2021", "ohare2021", "earth_velocity", "mean_inverse_speed", "HALOS"]

KM_S = km / s

#: Baxter et al. (2021), Sec. 2.1: ρ₀ = 0.3 GeV/cm³, v₀ = 238 km/s, v_esc = 544 km/s.
BAXTER_DENSITY = 0.3 * GeV / cm3
BAXTER_V0 = 238.0 * KM_S
BAXTER_VESC = 544.0 * KM_S
#: Solar peculiar velocity (U, V, W) in galactic coordinates; Schönrich, Binney & Dehnen, MNRAS 403 (2010) 1829.
SOLAR_PECULIAR_VELOCITY = (11.1 * KM_S, 12.2 * KM_S, 7.3 * KM_S)
#: Mean orbital speed of the Earth; Baxter et al. (2021), Sec. 2.1.
EARTH_ORBITAL_SPEED = 29.8 * KM_S
#: Directions of the Earth's orbital velocity at t₁ and a quarter year later (galactic coordinates) and t₁ (the
#: March equinox, March 21 0h = 79.5 days after J2000.0); Lee, Lisanti & Safdi, JCAP 11 (2013) 033, eq. (11).
ORBIT_E1 = (0.9931, 0.1170, -0.01032)
ORBIT_E2 = (-0.0670, 0.4927, -0.8676)
ORBIT_T1 = 79.5 * day
#: Sidereal year [days].
YEAR_DAYS = 365.25 * day

#: The companion code of O'Hare, PRL 127 (2021) 251802: σ_v = 167 km/s (v₀ = √2 σ_v), v_esc = 533 km/s, fixed
#: lab speed 245.6 km/s, ρ = 0.3 GeV/cm³ (read from cajohare/NeutrinoFog, src/WIMPFuncs.py).
OHARE_DISPERSION = 167.0 * KM_S
OHARE_VESC = 533.0 * KM_S
OHARE_LAB_SPEED = 245.6 * KM_S


def earth_velocity(time=0.0, *, v0: float = BAXTER_V0, peculiar=SOLAR_PECULIAR_VELOCITY,
                   orbital_speed: float = EARTH_ORBITAL_SPEED) -> np.ndarray:
    """Velocity of the Earth in the galactic rest frame [velocity], galactic coordinates (U, V, W).

    Parameters
    ----------
    time : array_like [time]
        Time since J2000.0 (2000-01-01 12:00 TT); e.g. ``152.5 * day`` is early June 2000.

    Returns
    -------
    ndarray, shape ``time.shape + (3,)``

    Notes
    -----
    v_E = (0, v₀, 0) + v_pec + V_⊕ [ε₁ cos ω(t − t₁) + ε₂ sin ω(t − t₁)], ω = 2π/year, circular orbit
    (the eccentricity shifts the phase by about a day, McCabe 2014).
    """
    t = _validate.as_array("time", time)
    phase = 2.0 * math.pi * (t - ORBIT_T1) / YEAR_DAYS
    e1, e2 = np.asarray(ORBIT_E1), np.asarray(ORBIT_E2)
    orbit = orbital_speed * (np.cos(phase)[..., None] * e1 + np.sin(phase)[..., None] * e2)
    return np.array([0.0, v0, 0.0]) + np.asarray(peculiar) + orbit


@dataclass(frozen=True, kw_only=True)
class StandardHaloModel:
    """Isotropic truncated Maxwellian halo and the lab's motion through it.

    Parameters
    ----------
    density : float [energy / volume]
        Local dark-matter density ρ₀.
    v0 : float [velocity]
        Most probable speed (√2 × the 1-d dispersion); also the LSR speed of :func:`earth_velocity`.
    escape_speed : float [velocity]
        v_esc, the galactic escape speed (``math.inf`` for an untruncated Maxwellian).
    lab_speed : float [velocity], optional
        A fixed lab speed |v_E|; ``None`` (default) takes the Earth's orbit (:func:`earth_velocity`) and, when no
        time is given, its annual mean speed.
    name : str
    """

    density: float = BAXTER_DENSITY
    v0: float = BAXTER_V0
    escape_speed: float = BAXTER_VESC
    lab_speed: float | None = None
    name: str = "shm-baxter-2021"

    def __post_init__(self):
        _validate.positive_scalar("density", self.density, unit="GeV/cm3", unit_value=GeV / cm3)
        _validate.positive_scalar("v0", self.v0, unit="km/s", unit_value=KM_S)
        if not self.escape_speed > 0:
            raise OutOfDomainError(f"escape_speed must be > 0 km/s, got {self.escape_speed / KM_S:g} km/s")
        if self.lab_speed is not None:
            _validate.non_negative_scalar("lab_speed", self.lab_speed, unit="km/s", unit_value=KM_S)

    def replace(self, **changes) -> StandardHaloModel:
        """A copy with some parameters changed (validated)."""
        return replace(self, **changes)

    @cached_property
    def mean_lab_speed(self) -> float:
        """The annual mean of |v_E(t)| [velocity] (or the fixed ``lab_speed``)."""
        if self.lab_speed is not None:
            return float(self.lab_speed)
        t = np.linspace(0.0, YEAR_DAYS, 256, endpoint=False)
        return float(np.mean(np.linalg.norm(earth_velocity(t, v0=self.v0), axis=-1)))

    def speed_at(self, time=None):
        """|v_E| [velocity] at ``time`` since J2000.0 (the annual mean when ``None``)."""
        if time is None or self.lab_speed is not None:
            return self.mean_lab_speed if time is None else np.full(np.shape(time), self.mean_lab_speed)
        return np.linalg.norm(earth_velocity(time, v0=self.v0), axis=-1)

    @property
    def max_speed(self) -> float:
        """Largest WIMP speed in the lab at the mean lab speed, v_esc + |v_E| [velocity]."""
        return self.escape_speed + self.mean_lab_speed


def baxter2021(**changes) -> StandardHaloModel:
    """The SHM of Baxter et al., EPJC 81 (2021) 907 (the default), with optional changes."""
    return StandardHaloModel(**changes)


def ohare2021(**changes) -> StandardHaloModel:
    """The halo of O'Hare's neutrino-fog code (PRL 127 (2021) 251802): v₀ = √2·167 km/s, v_esc = 533 km/s, fixed
    lab speed 245.6 km/s, ρ = 0.3 GeV/cm³."""
    base = dict(v0=math.sqrt(2.0) * OHARE_DISPERSION, escape_speed=OHARE_VESC, lab_speed=OHARE_LAB_SPEED,
                name="shm-ohare-2021")
    return StandardHaloModel(**{**base, **changes})


#: Named halo presets.
HALOS = {"shm-baxter-2021": baxter2021, "shm-ohare-2021": ohare2021}


def as_halo(halo) -> StandardHaloModel:
    """A StandardHaloModel from an object or a preset name."""
    if isinstance(halo, StandardHaloModel):
        return halo
    if halo is None:
        return baxter2021()
    return _validate.choice("halo", halo, HALOS)()


def mean_inverse_speed(v_min, halo=None, *, time=None) -> np.ndarray:
    """η(v_min) = ∫_{v > v_min} f_lab(v)/v d³v [1/velocity] of the Standard Halo Model in closed form.

    Parameters
    ----------
    v_min : array_like [velocity]
        Minimum WIMP speed in the lab, ≥ 0.
    halo : StandardHaloModel or str, optional
        Default: :func:`baxter2021`.
    time : array_like [time], optional
        Time since J2000.0 for the annual modulation (broadcasts with ``v_min``); ``None``: annual mean speed.

    Notes
    -----
    See the module docstring for the formula; for v_esc = ∞ it reduces to [erf(x+y) − erf(x−y)]/(2 v₀ y), and
    for y → 0 to the lab-at-rest limit (handled by continuity: y is floored at 1e-9).
    """
    halo = as_halo(halo)
    v = _validate.non_negative("v_min", v_min, unit="km/s", unit_value=KM_S)
    vE = halo.speed_at(time)
    return velocity_integral_kernel(v, vE, halo.v0, halo.escape_speed)


def velocity_integral_kernel(v_min, v_lab, v0, v_esc):
    """η(v_min) in closed form on arrays, without validation (for fits and scans; see :func:`mean_inverse_speed`)."""
    x = np.asarray(v_min) / v0
    y = np.maximum(np.asarray(v_lab) / v0, 1e-9)
    if math.isinf(v_esc):
        return (erf(x + y) - erf(x - y)) / (2.0 * v0 * y)
    z = v_esc / v0
    ez = math.exp(-z * z) / math.sqrt(math.pi)
    norm = math.erf(z) - 2.0 * z * ez
    inner = (erf(x + y) - erf(x - y) - 4.0 * y * ez) / (2.0 * norm * v0 * y)
    outer = (math.erf(z) - erf(x - y) - 2.0 * (z + y - x) * ez) / (2.0 * norm * v0 * y)
    below = np.where(y < z, inner, 1.0 / (v0 * y))
    eta = np.where(x < np.abs(y - z), below, np.where(x < y + z, outer, 0.0))
    return np.maximum(eta, 0.0)
