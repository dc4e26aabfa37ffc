"""The diffuse supernova neutrino background (DSNB): all core collapses in the Universe, redshifted to today.

    dΦ/dE = (c/H₀) ∫₀^{z_max} dz R_CC(z) dN/dE'(E(1+z)) / sqrt(Ω_m (1+z)³ + Ω_Λ)

with the cosmic core-collapse rate R_CC(z) = R_CC(0) · ρ̇*(z)/ρ̇*(0) following the star-formation history of
Yüksel et al. (2008) as used by Horiuchi, Beacom & Dwek (2009), and per collapse a Fermi–Dirac spectrum of
temperature T_α carrying an energy E_α:

    dN/dE = E_α · 120 / (7π⁴ T_α⁴) · E² / (e^{E/T_α} + 1).

Defaults follow the neutrino-floor convention (Beacom 2010 review; Billard et al. 2014): 3 × 10⁵³ erg shared
equally by the six flavors, T = 3 MeV (ν_e), 5 MeV (ν̄_e), 8 MeV (ν_μ, ν_τ and antineutrinos).

References
----------
J. F. Beacom, Ann. Rev. Nucl. Part. Sci. 60 (2010) 439, arXiv:1004.3311.
S. Horiuchi, J. F. Beacom, E. Dwek, PRD 79 (2009) 083013, arXiv:0812.3157.
H. Yüksel, M. D. Kistler, J. F. Beacom, A. M. Hopkins, ApJ 683 (2008) L5, arXiv:0804.4008.
J. Billard, L. Strigari, E. Figueroa-Feliciano, PRD 89 (2014) 023524, arXiv:1307.5458 (Table I: 85.5 ± 42.7 cm⁻² s⁻¹).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
from hepunits.constants import c_light

from .._array import gauss_legendre
from .._validate import positive_scalar, real_scalar
from ..errors import InvalidSpecError, UnknownNameError
from ..flavors import FLAVORS, check_flavor
from ..units import MeV, Mpc, erg, km, s, year
from ._flux import Flux, Normalization

__all__ = ["DSNBFlux", "core_collapse_rate", "fermi_dirac_spectrum"]

#: Local core-collapse rate R_CC(0) = 1.25 × 10⁻⁴ yr⁻¹ Mpc⁻³; Horiuchi, Beacom & Dwek, PRD 79 (2009) 083013.
CORE_COLLAPSE_RATE_0 = 1.25e-4 / (year * Mpc**3)
#: Star-formation history fit (a, b, c, B, C, η) of Yüksel et al., ApJ 683 (2008) L5, eq. (1).
SFR_SLOPES = (3.4, -0.3, -3.5)
SFR_BREAKS = (5000.0, 9.0)
SFR_ETA = -10.0
#: Cosmology used by Horiuchi et al. (2009): H₀ = 70 km s⁻¹ Mpc⁻¹, Ω_m = 0.3, Ω_Λ = 0.7.
HUBBLE_CONSTANT = 70.0 * km / s / Mpc
OMEGA_MATTER = 0.3
OMEGA_LAMBDA = 0.7
#: Upper redshift of the integral (the rate beyond z = 5 adds < 1 % above 1 MeV).
Z_MAX = 5.0
#: Energy emitted per flavor per collapse: 3 × 10⁵³ erg / 6 (Beacom 2010).
ENERGY_PER_FLAVOR = 3.0e53 / 6.0 * erg
#: Fermi–Dirac temperatures [MeV] (Billard et al. 2014 after Beacom 2010): ν_e 3, ν̄_e 5, heavy flavors 8.
TEMPERATURES = MappingProxyType({"nu_e": 3.0, "nubar_e": 5.0, "nu_mu": 8.0, "nu_tau": 8.0, "nubar_mu": 8.0,
                                 "nubar_tau": 8.0})

#: Bounds of the inputs: no supernova emits above 100 MeV temperature or 10⁵⁵ erg per flavor (a collapse releases
#: ~3e53 erg in all); the rate scale is a factor of order one (R_CC(0) is uncertain by ~40 %).
MAX_TEMPERATURE = 100.0 * MeV
#: Below this a neutrino-sphere temperature is unphysical (supernova spectra have T of a few MeV), and T⁴ in the
#: spectrum's normalization would underflow.
MIN_TEMPERATURE = 1.0e-3 * MeV
MAX_ENERGY_PER_FLAVOR = 1.0e55 * erg
MAX_RATE_SCALE = 1.0e3

#: Gauss–Legendre nodes per redshift panel; the panels break where the star-formation history changes slope
#: (Yüksel et al. 2008: z = 1 and z = 4), which a single panel over [0, Z_MAX] resolves only to ~1e-4.
_Z_NODES = 32
_Z_BREAKS = (0.0, 1.0, 4.0, Z_MAX)
#: Energy range of the tabulated DSNB [MeV]: above 100 MeV the flux is < 10⁻⁵ of its peak for T ≤ 8 MeV.
ENERGY_RANGE = (0.0, 100.0)


def core_collapse_rate(redshift) -> np.ndarray:
    """Cosmic core-collapse rate R_CC(z) [1/(time·volume)] (comoving), Yüksel et al. (2008) shape, R_CC(0) fixed."""
    z1 = 1.0 + np.asarray(redshift, dtype=float)
    a, b, c = SFR_SLOPES
    big_b, big_c = SFR_BREAKS
    shape = (z1 ** (a * SFR_ETA) + (z1 / big_b) ** (b * SFR_ETA) + (z1 / big_c) ** (c * SFR_ETA)) ** (1.0 / SFR_ETA)
    shape0 = (1.0 + big_b ** (-b * SFR_ETA) + big_c ** (-c * SFR_ETA)) ** (1.0 / SFR_ETA)
    return CORE_COLLAPSE_RATE_0 * shape / shape0


def fermi_dirac_spectrum(energy, temperature: float, total_energy: float) -> np.ndarray:
    """Number spectrum dN/dE [1/energy] of a zero-potential Fermi–Dirac emission carrying ``total_energy``.

    dN/dE = E_tot · 120/(7π⁴ T⁴) · E²/(e^{E/T} + 1); ∫ E dN/dE dE = E_tot and ⟨E⟩ = 7π⁴ T / (180 ζ(3)) ≈ 3.15 T.
    """
    e = np.asarray(energy, dtype=float)
    x = np.minimum(e / temperature, 700.0)
    return total_energy * 120.0 / (7.0 * math.pi**4 * temperature**4) * e * e / (np.exp(x) + 1.0)


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class DSNBFlux(Flux):
    """Diffuse supernova neutrino background at Earth, all six flavors (isotropic, per area per time).

    Parameters
    ----------
    temperatures : mapping flavor → float [energy], optional
        Fermi–Dirac temperature per flavor (default :data:`TEMPERATURES`).
    energy_per_flavor : float [energy]
        Energy emitted per flavor per collapse (default 5 × 10⁵² erg).
    rate_scale : float
        Multiplies R_CC (its uncertainty is ~40 %).
    name : str
    """

    temperatures: Mapping | None = None
    energy_per_flavor: float = ENERGY_PER_FLAVOR
    rate_scale: float = 1.0
    name: str = "dsnb"

    normalization = Normalization.PER_AREA_TIME

    def __post_init__(self):
        if self.temperatures is None:
            temps = {f: t * MeV for f, t in TEMPERATURES.items()}
        elif isinstance(self.temperatures, Mapping):
            temps = {check_flavor(f): real_scalar(f"temperatures[{f!r}]", t, minimum=MIN_TEMPERATURE,
                                                  maximum=MAX_TEMPERATURE, unit="MeV", unit_value=MeV)
                     for f, t in self.temperatures.items()}
        else:
            raise InvalidSpecError(f"temperatures must map flavors to temperatures, got {self.temperatures!r}")
        object.__setattr__(self, "temperatures", MappingProxyType(temps))
        positive_scalar("energy_per_flavor", self.energy_per_flavor, maximum=MAX_ENERGY_PER_FLAVOR, unit="erg",
                        unit_value=erg)
        positive_scalar("rate_scale", self.rate_scale, maximum=MAX_RATE_SCALE)

    def _emitted(self):
        return tuple(f for f in FLAVORS if f in self.temperatures)

    def _range(self, flavor):
        return (ENERGY_RANGE[0] * MeV, ENERGY_RANGE[1] * MeV)

    def _panel_edges(self, flavor):
        return np.linspace(*self._range(flavor), 41)

    def _continuous(self, energy, flavor):
        if flavor not in self.temperatures:
            raise UnknownNameError("DSNB flavor", flavor, list(self.temperatures))
        z, w = gauss_legendre(np.array(_Z_BREAKS[:-1]), np.array(_Z_BREAKS[1:]), _Z_NODES)
        z, w = z.ravel(), w.ravel()
        hubble = np.sqrt(OMEGA_MATTER * (1.0 + z) ** 3 + OMEGA_LAMBDA)
        kernel = w * core_collapse_rate(z) / hubble  # per dz
        emitted = fermi_dirac_spectrum(energy[..., None] * (1.0 + z), self.temperatures[flavor],
                                       self.energy_per_flavor)
        return self.rate_scale * c_light / HUBBLE_CONSTANT * np.sum(kernel * emitted, axis=-1)
