"""Coherent forward scattering: matter potentials, the flavor Hamiltonian, mixing in matter, the MSW resonance.

Forward scattering on electrons (W and Z exchange) and on neutrons (Z exchange) gives a neutrino in matter
the potentials

    V_CC = √2 G_F n_e          (ν_e only)
    V_NC = −G_F n_n / √2        (every active flavor; the Z contributions of electrons and protons cancel)

and V → −V for antineutrinos. In the flavor basis the Hamiltonian is
H = U diag(m²) U† / (2E) + diag(V_CC + V_NC, V_NC, V_NC[, 0]); V_NC is a common phase for three active flavors
and matters only with a sterile state.
"""

from __future__ import annotations

import math

import numpy as np
from hepunits.constants import Avogadro, mole

from .._validate import as_array, broadcast_shape, fraction, real_scalar
from ..constants import fermi_coupling, hbarc
from ..errors import OutOfDomainError
from ..units import MeV, cm3, eV, g
from .mixing import MixingParameters, as_parameters, mass_squared, pmns

__all__ = [
    "electron_density",
    "charged_current_potential",
    "neutral_current_potential",
    "hamiltonian",
    "matter_eigensystem",
    "mixing_angle_in_matter",
    "mass_splitting_in_matter",
    "resonance_density",
    "CC_POTENTIAL_PER_DENSITY",
    "ENERGY_RANGE",
    "MAX_DENSITY",
    "check_energy",
    "check_density",
]

#: Nucleons per unit mass, N_A / (1 g/mol) [mass⁻¹] (Avogadro constant, exact since SI 2019).
NUCLEONS_PER_MASS = Avogadro / (g / mole)
#: (ħc)³ [energy³ · length³]: turns a number density into energy³ (natural units).
HBARC_CUBED = hbarc**3
#: √2 G_F (ħc)³ N_A/(g/mol) × 1 g/cm³: V_CC for Y_e ρ = 1 g/cm³ [energy] (= 7.63e-14 eV).
CC_POTENTIAL_PER_DENSITY = math.sqrt(2.0) * fermi_coupling * HBARC_CUBED * NUCLEONS_PER_MASS * g / cm3


#: Energies the flavor evolution is written for: ultra-relativistic neutrinos (E ≫ m_ν; KATRIN, Science 388 (2025)
#: 180: m_ν < 0.45 eV) up to the EeV scale of cosmogenic neutrinos. Outside, the formulas do not apply.
ENERGY_RANGE = (1.0 * eV, 1.0e12 * MeV)
#: Highest matter density accepted: above nuclear saturation density (2.3e14 g/cm³) with a margin.
MAX_DENSITY = 1.0e15 * g / cm3


def check_energy(energy):
    """``energy`` as a float array inside :data:`ENERGY_RANGE` (raises naming it otherwise)."""
    low, high = ENERGY_RANGE
    return as_array("energy", energy, minimum=low, maximum=high, unit="MeV")


def check_density(density, name: str = "density"):
    """``density`` as a float array in [0, :data:`MAX_DENSITY`] (raises naming it otherwise)."""
    return as_array(name, density, minimum=0.0, maximum=MAX_DENSITY, unit="g/cm3", unit_value=g / cm3)


def electron_density(density, electron_fraction):
    """Electron number density n_e = Y_e ρ N_A / (g/mol) [length⁻³].

    Parameters
    ----------
    density : array_like [mass/length³]
        Mass density ρ, ≥ 0.
    electron_fraction : array_like
        Electrons per nucleon Y_e, in [0, 1].
    """
    rho = check_density(density)
    ye = fraction("electron_fraction", electron_fraction)
    broadcast_shape(density=rho, electron_fraction=ye)
    return ye * rho * NUCLEONS_PER_MASS


def charged_current_potential(density, electron_fraction, *, antineutrino: bool = False):
    """Charged-current matter potential of ν_e, V_CC = √2 G_F n_e [energy].

    Parameters
    ----------
    density : array_like [mass/length³]
    electron_fraction : array_like
        Y_e in [0, 1].
    antineutrino : bool
        For ν̄_e the sign flips: V → −V_CC.

    Notes
    -----
    V_CC = √2 G_F (ħc)³ n_e = 7.63 × 10⁻¹⁴ eV · Y_e · ρ/(g cm⁻³).

    References
    ----------
    L. Wolfenstein, Phys. Rev. D 17 (1978) 2369, doi:10.1103/PhysRevD.17.2369.
    """
    value = math.sqrt(2.0) * fermi_coupling * HBARC_CUBED * electron_density(density, electron_fraction)
    return -value if antineutrino else value


def neutral_current_potential(density, neutron_fraction, *, antineutrino: bool = False):
    """Neutral-current matter potential of every active flavor, V_NC = −G_F n_n/√2 [energy].

    Parameters
    ----------
    density : array_like [mass/length³]
    neutron_fraction : array_like
        Neutrons per nucleon Y_n in [0, 1] (1 − Y_e for neutral matter of protons and neutrons).
    antineutrino : bool
        Sign flip for antineutrinos.

    Notes
    -----
    The Z-exchange potentials of electrons (−(1/2 − 2 s_W²)) and protons (+(1/2 − 2 s_W²)) cancel in neutral
    matter, leaving the neutrons: V_NC = −√2 G_F n_n / 2.
    """
    rho = check_density(density)
    yn = fraction("neutron_fraction", neutron_fraction)
    broadcast_shape(density=rho, neutron_fraction=yn)
    value = -fermi_coupling * HBARC_CUBED * yn * rho * NUCLEONS_PER_MASS / math.sqrt(2.0)
    return -value if antineutrino else value


def _potentials(density, electron_fraction, neutron_fraction, antineutrino):
    """V_CC and V_NC arrays (neutron fraction defaults to 1 − Y_e)."""
    if neutron_fraction is None:
        neutron_fraction = 1.0 - fraction("electron_fraction", electron_fraction)
    v_cc = charged_current_potential(density, electron_fraction, antineutrino=antineutrino)
    v_nc = neutral_current_potential(density, neutron_fraction, antineutrino=antineutrino)
    return v_cc, v_nc


def _hamiltonian(energy, v_cc, v_nc, params: MixingParameters, antineutrino: bool):
    """Flavor-basis H for broadcast arrays (no validation): shape broadcast(energy, v) + (n, n)."""
    n = params.n_states
    u = pmns(params)
    if antineutrino:
        u = u.conj()
    m2 = mass_squared(params)
    vacuum = (u * m2) @ u.conj().T  # U diag(m²) U†
    energy = np.asarray(energy, dtype=float)
    v_cc, v_nc = np.broadcast_arrays(np.asarray(v_cc, dtype=float), np.asarray(v_nc, dtype=float))
    shape = np.broadcast_shapes(energy.shape, v_cc.shape)
    h = np.broadcast_to(vacuum, shape + (n, n)) / (2.0 * np.broadcast_to(energy, shape))[..., None, None]
    potential = np.zeros(shape + (n,))
    potential[..., 0] = v_cc + v_nc
    potential[..., 1:3] = v_nc[..., None]
    h = h + potential[..., :, None] * np.eye(n)
    return h


def hamiltonian(energy, density=0.0, electron_fraction=0.5, neutron_fraction=None, *,
                params: MixingParameters | None = None, antineutrino: bool = False):
    """Flavor-basis Hamiltonian H = U diag(m²) U†/(2E) + V [energy], broadcast over the inputs.

    Parameters
    ----------
    energy : array_like [energy]
        Neutrino energy E > 0.
    density : array_like [mass/length³]
        Matter density ρ ≥ 0 (0: vacuum).
    electron_fraction, neutron_fraction : array_like
        Y_e and Y_n in [0, 1]; Y_n defaults to 1 − Y_e.
    params : MixingParameters, optional
        Default: NuFIT 6.0, normal ordering.
    antineutrino : bool
        U → U* and V → −V.

    Returns
    -------
    ndarray, shape broadcast(energy, density, ...) + (n, n), complex
        H[..., β, α] in the flavor order (e, μ, τ[, s]).
    """
    params = as_parameters(params)
    e = check_energy(energy)
    v_cc, v_nc = _potentials(density, electron_fraction, neutron_fraction, antineutrino)
    broadcast_shape(energy=e, density=v_cc, neutron_fraction=v_nc)
    return _hamiltonian(e, v_cc, v_nc, params, antineutrino)


def matter_eigensystem(energy, density=0.0, electron_fraction=0.5, neutron_fraction=None, *,
                       params: MixingParameters | None = None, antineutrino: bool = False):
    """Eigenvalues (ascending) [energy] and eigenvectors (columns, flavor basis) of the Hamiltonian in matter.

    Returns
    -------
    (eigenvalues, eigenvectors) with shapes (..., n) and (..., n, n): the effective masses m²_i,eff/(2E)
    (up to a common shift) and the mixing matrix in matter U_m[α, i].
    """
    return np.linalg.eigh(hamiltonian(energy, density, electron_fraction, neutron_fraction,
                                      params=params, antineutrino=antineutrino))


def _splitting(dm2) -> float:
    value = real_scalar("dm2", dm2)
    if value == 0:
        raise OutOfDomainError("dm2 must be non-zero (a mass-squared splitting [energy²])")
    return value


def _two_flavor(energy, density, electron_fraction, dm2, sin2_theta, antineutrino):
    e = check_energy(energy)
    sin2_theta = real_scalar("sin2_theta", sin2_theta, minimum=0.0, maximum=1.0)
    dm2 = _splitting(dm2)
    v = charged_current_potential(density, electron_fraction, antineutrino=antineutrino)
    broadcast_shape(energy=e, density=v)
    cos2 = 1.0 - 2.0 * sin2_theta
    sin2 = 2.0 * math.sqrt(sin2_theta * (1.0 - sin2_theta))
    a = 2.0 * e * v  # [energy²]
    return dm2 * cos2 - a, dm2 * sin2


def mixing_angle_in_matter(energy, density, electron_fraction=0.5, *, dm2=None, sin2_theta=None,
                           params: MixingParameters | None = None, antineutrino: bool = False):
    """Two-flavor effective mixing angle θ_m in matter [rad] (in [0, π/2] for Δm² > 0).

    Parameters
    ----------
    energy : array_like [energy]
    density : array_like [mass/length³]
    electron_fraction : array_like
    dm2, sin2_theta : float, optional
        Vacuum Δm² [energy²] and sin²θ; default: the solar pair (Δm²₂₁, sin²θ₁₂) of ``params``.

    Notes
    -----
    tan 2θ_m = Δm² sin 2θ / (Δm² cos 2θ − A), A = 2E V_CC; resonance (θ_m = π/4) at A = Δm² cos 2θ.

    References
    ----------
    S. P. Mikheyev, A. Yu. Smirnov, Sov. J. Nucl. Phys. 42 (1985) 913; L. Wolfenstein, PRD 17 (1978) 2369.
    """
    params = as_parameters(params)
    dm2 = params.dm2_21 if dm2 is None else dm2
    sin2_theta = params.sin2_theta12 if sin2_theta is None else sin2_theta
    x, y = _two_flavor(energy, density, electron_fraction, dm2, sin2_theta, antineutrino)
    return 0.5 * np.arctan2(y, x)


def mass_splitting_in_matter(energy, density, electron_fraction=0.5, *, dm2=None, sin2_theta=None,
                             params: MixingParameters | None = None, antineutrino: bool = False):
    """Two-flavor effective mass splitting Δm²_m = √[(Δm² cos 2θ − A)² + (Δm² sin 2θ)²] [energy²].

    See :func:`mixing_angle_in_matter` for the parameters.
    """
    params = as_parameters(params)
    dm2 = params.dm2_21 if dm2 is None else dm2
    sin2_theta = params.sin2_theta12 if sin2_theta is None else sin2_theta
    x, y = _two_flavor(energy, density, electron_fraction, dm2, sin2_theta, antineutrino)
    return np.hypot(x, y)


def resonance_density(energy, electron_fraction=0.5, *, dm2=None, sin2_theta=None,
                      params: MixingParameters | None = None):
    """MSW resonance density ρ_res = Δm² cos 2θ / (2E · 7.63e-14 eV · Y_e) [mass/length³].

    Returns ``inf`` where Δm² cos 2θ ≤ 0 (no resonance for neutrinos; antineutrinos resonate instead).

    Notes
    -----
    The resonance condition 2E √2 G_F n_e = Δm² cos 2θ.
    """
    params = as_parameters(params)
    dm2 = params.dm2_21 if dm2 is None else _splitting(dm2)
    sin2_theta = params.sin2_theta12 if sin2_theta is None else real_scalar("sin2_theta", sin2_theta,
                                                                            minimum=0.0, maximum=1.0)
    e = check_energy(energy)
    ye = as_array("electron_fraction", electron_fraction, minimum=0.0, maximum=1.0, strict_minimum=True)
    broadcast_shape(energy=e, electron_fraction=ye)
    target = dm2 * (1.0 - 2.0 * sin2_theta)
    with np.errstate(divide="ignore"):
        rho = target / (2.0 * e * CC_POTENTIAL_PER_DENSITY * ye) * (g / cm3)
    return np.where(rho > 0, rho, np.inf)
