"""Neutrinos from pion decay at rest (π-DAR): spallation sources such as the SNS, the ESS and J-PARC MLF.

Protons on a heavy target make π⁺ (π⁻ are absorbed); each π⁺ stops and decays, π⁺ → μ⁺ ν_μ (prompt, τ_π = 26 ns),
and the μ⁺ stops and decays, μ⁺ → e⁺ ν_e ν̄_μ (delayed, τ_μ = 2.2 μs). Per stopped π⁺ there is one of each flavor:

- ν_μ: a line at E = (m_π² − m_μ²)/(2 m_π) = 29.79 MeV;
- ν_e: f(E) = (192/m_μ)(E/m_μ)²(1/2 − E/m_μ), 0 ≤ E ≤ m_μ/2;
- ν̄_μ: f(E) = (64/m_μ)(E/m_μ)²(3/4 − E/m_μ), 0 ≤ E ≤ m_μ/2;

(Michel spectra at tree level, electron mass neglected, unpolarized muon). At a distance L the flux per flavor is
r · (protons) / (4π L²), with r the number of neutrinos of each flavor per proton on target.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from .. import constants
from .._validate import positive_scalar, real_scalar
from ..errors import OutOfDomainError
from ..units import m, ns, s
from ._flux import MAX_DISTANCE, Flux, Normalization
from .timing import ProtonPulse, decay_chain_convolved, exponential_convolved

__all__ = ["StoppedPionFlux", "prompt_energy", "michel_nu_e", "michel_nubar_mu"]

_EMITTED = ("nu_mu", "nu_e", "nubar_mu")
#: Bounds of the inputs (beyond them an input is a unit mistake): neutrinos of a flavor per proton (SNS: 0.08–0.09,
#: 2-3 GeV beams: ~0.3), protons per second (a 100 MW, 1 GeV beam: 6e17/s), and the length of one spill.
MAX_NEUTRINOS_PER_PROTON = 10.0
MAX_PROTON_RATE = 1.0e19 / s
MIN_PROTON_RATE = 1.0 / s
MAX_SPILL = 1.0 * s
#: Shortest pulse width resolved (narrower is an instantaneous pulse, width 0): 1 ps.
MIN_PULSE_WIDTH = 1.0e-3 * ns


def prompt_energy(pion_mass: float | None = None, muon_mass: float | None = None) -> float:
    """Energy of the prompt ν_μ line, (m_π² − m_μ²)/(2 m_π) [energy] (29.79 MeV with PDG masses)."""
    mpi = constants.charged_pion_mass if pion_mass is None else pion_mass
    mmu = constants.muon_mass if muon_mass is None else muon_mass
    return (mpi**2 - mmu**2) / (2.0 * mpi)


def michel_nu_e(energy, muon_mass: float | None = None) -> np.ndarray:
    """Normalized ν_e spectrum of μ⁺ decay at rest, (192/m_μ) x² (1/2 − x), x = E/m_μ ≤ 1/2 [1/energy]."""
    mmu = constants.muon_mass if muon_mass is None else muon_mass
    x = np.asarray(energy, dtype=float) / mmu
    return np.where((x >= 0) & (x <= 0.5), 192.0 / mmu * x**2 * (0.5 - x), 0.0)


def michel_nubar_mu(energy, muon_mass: float | None = None) -> np.ndarray:
    """Normalized ν̄_μ spectrum of μ⁺ decay at rest, (64/m_μ) x² (3/4 − x), x = E/m_μ ≤ 1/2 [1/energy]."""
    mmu = constants.muon_mass if muon_mass is None else muon_mass
    x = np.asarray(energy, dtype=float) / mmu
    return np.where((x >= 0) & (x <= 0.5), 64.0 / mmu * x**2 * (0.75 - x), 0.0)


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class StoppedPionFlux(Flux):
    """Flux of a pion-decay-at-rest source at a detector.

    Parameters
    ----------
    distance : float [length]
        Source–detector distance L (> 0).
    neutrinos_per_proton : float
        r, neutrinos of each flavor per proton on target (SNS at 1 GeV: 0.08–0.09).
    proton_rate : float [1/time], optional
        Protons on target per unit time (beam power / proton kinetic energy). With it the flux is per area per time;
        without it, per proton on target per area.
    pulse : ProtonPulse, optional
        Proton time structure; None means an instantaneous spill (pure decay exponentials).
    name, reference : str
        Preset name and its citation.

    Notes
    -----
    dΦ_νe/dE = r N / (4π L²) · f_νe(E), likewise ν̄_μ; Φ_νμ = r N / (4π L²) in the 29.79 MeV line, with N the proton
    rate (or 1 per proton on target). Arrival-time densities: ν_μ ~ p ⊗ Exp(τ_π); ν_e, ν̄_μ ~ p ⊗ (π→μ chain); see
    :mod:`cevns.sources.timing`. A delayed cut t > t_c therefore keeps a fraction ≈ e^{−t_c/τ_μ} of ν_e and ν̄_μ.

    References
    ----------
    COHERENT, Akimov et al., Science 357 (2017) 1123, arXiv:1708.01294.
    """

    distance: float
    neutrinos_per_proton: float
    proton_rate: float | None = None
    pulse: ProtonPulse | None = None
    name: str = "stopped-pion"
    reference: str = ""

    def __post_init__(self):
        positive_scalar("distance", self.distance, maximum=MAX_DISTANCE, unit="m", unit_value=m)
        positive_scalar("neutrinos_per_proton", self.neutrinos_per_proton, maximum=MAX_NEUTRINOS_PER_PROTON)
        if self.proton_rate is not None:
            real_scalar("proton_rate", self.proton_rate, minimum=MIN_PROTON_RATE, maximum=MAX_PROTON_RATE,
                        unit="1/s", unit_value=1 / s)
        if self.pulse is not None and not isinstance(self.pulse, ProtonPulse):
            raise OutOfDomainError(f"pulse must be a ProtonPulse or None, got {type(self.pulse).__name__}")
        if self.pulse is not None:
            if 0 < self.pulse.width < MIN_PULSE_WIDTH:
                raise OutOfDomainError(f"pulse width must be 0 (instantaneous) or at least "
                                       f"{MIN_PULSE_WIDTH / ns:g} ns, got {self.pulse.width / ns:g} ns")
            spill = self.pulse.width + (self.pulse.bunches - 1) * self.pulse.bunch_spacing
            if spill > MAX_SPILL:
                raise OutOfDomainError(f"pulse lasts {spill / s:g} s (width and bunches); a beam spill is shorter "
                                       f"than {MAX_SPILL / s:g} s")

    @classmethod
    def from_beam(cls, *, beam_power: float, proton_energy: float, **kwargs) -> "StoppedPionFlux":
        """Build from the beam power [power] and proton kinetic energy [energy]: proton rate = power / energy."""
        power = positive_scalar("beam_power", beam_power)
        energy = positive_scalar("proton_energy", proton_energy)
        return cls(proton_rate=power / energy, **kwargs)

    @property
    def normalization(self) -> Normalization:
        if self.proton_rate is None:
            return Normalization.PER_PROTON_ON_TARGET
        return Normalization.PER_AREA_TIME

    @property
    def flux_per_flavor(self) -> float:
        """r N / (4π L²) [normalization]: neutrinos of each flavor per unit area (per time or per proton)."""
        rate = 1.0 if self.proton_rate is None else self.proton_rate
        return self.neutrinos_per_proton * rate / (4.0 * math.pi * self.distance**2)

    @property
    def is_pulsed(self) -> bool:
        return True

    @property
    def muon_mass(self) -> float:
        return constants.muon_mass

    def _emitted(self):
        return _EMITTED

    def _range(self, flavor):
        if flavor == "nu_mu":
            e = prompt_energy()
            return (e, e)
        return (0.0, 0.5 * self.muon_mass)

    def _panel_edges(self, flavor):
        if flavor == "nu_mu":
            return np.empty(0)
        return np.linspace(0.0, 0.5 * self.muon_mass, 5)  # polynomials: a few panels are exact

    def _differential_checked(self, energy, flavor):
        if flavor == "nu_e":
            return self.flux_per_flavor * michel_nu_e(energy, self.muon_mass)
        if flavor == "nubar_mu":
            return self.flux_per_flavor * michel_nubar_mu(energy, self.muon_mass)
        return np.zeros_like(energy)

    def _lines(self, flavor):
        if flavor == "nu_mu":
            return np.array([prompt_energy()]), np.array([self.flux_per_flavor])
        return np.empty(0), np.empty(0)

    def _time_pdf(self, time, flavor):
        tau_pi, tau_mu = constants.charged_pion_lifetime, constants.muon_lifetime
        if flavor == "nu_mu":
            return exponential_convolved(time, tau_pi, self.pulse)
        return decay_chain_convolved(time, tau_pi, tau_mu, self.pulse)

    def component(self, which: str) -> Flux:
        """The ``"prompt"`` (ν_μ line) or ``"delayed"`` (ν_e, ν̄_μ) part alone, as a flux of the same normalization."""
        from ._tabulated import FlavorSubset

        if which == "prompt":
            return FlavorSubset(parent=self, keep=("nu_mu",), name=f"{self.name} (prompt)")
        if which == "delayed":
            return FlavorSubset(parent=self, keep=("nu_e", "nubar_mu"), name=f"{self.name} (delayed)")
        raise OutOfDomainError(f"component must be 'prompt' or 'delayed', got {which!r}")
