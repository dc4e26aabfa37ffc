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

from .._validate import as_array, fraction, non_negative, positive
from ..constants import fermi_coupling, hbarc
from ..errors import OutOfDomainError
from ..units import cm3, g
from .mixing import MixingParameters, mass_squared, pmns

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
]

#: Nucleons per unit mass, N_A / (1 g/mol) [mass⁻¹] (Avogadro constant, exact since SI 2019).
NUCLEONS_PER_MASS = Avogadro / (g / mole)
#: (ħc)³ [energy³ · length³]: turns a number density into energy³ (natural units).
HBARC_CUBED = hbarc**3
#: √2 G_F (ħc)³ N_A/(g/mol) × 1 g/cm³: V_CC for Y_e ρ = 1 g/cm³ [energy] (= 7.63e-14 eV).
CC_POTENTIAL_PER_DENSITY = math.sqrt(2.0) * fermi_coupling * HBARC_CUBED * NUCLEONS_PER_MASS * g / cm3


def electron_density(density, electron_fraction):
    """Electron number density n_e = Y_e ρ N_A / (g/mol) [length⁻³].

    Parameters
    ----------
    density : array_like [mass/length³]
        Mass density ρ, ≥ 0.
    electron_fraction : array_like
        Electrons per nucleon Y_e, in [0, 1].
    """
    rho = non_negative("density", density, unit="g/cm3", unit_value=g / cm3)
    ye = fraction("electron_fraction", electron_fraction)
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
    rho = non_negative("density", density, unit="g/cm3", unit_value=g / cm3)
    yn = fraction("neutron_fraction", neutron_fraction)
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
    params = params or MixingParameters()
    e = positive("energy", energy, unit="MeV")
    v_cc, v_nc = _potentials(density, electron_fraction, neutron_fraction, antineutrino)
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


def _two_flavor(energy, density, electron_fraction, dm2, sin2_theta, antineutrino):
    e = positive("energy", energy, unit="MeV")
    if not (0.0 <= sin2_theta <= 1.0):
        raise OutOfDomainError(f"sin2_theta must be in [0, 1], got {sin2_theta!r}")
    v = charged_current_potential(density, electron_fraction, antineutrino=antineutrino)
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
    params = params or MixingParameters()
    dm2 = params.dm2_21 if dm2 is None else dm2
    sin2_theta = params.sin2_theta12 if sin2_theta is None else sin2_theta
    x, y = _two_flavor(energy, density, electron_fraction, dm2, sin2_theta, antineutrino)
    return 0.5 * np.arctan2(y, x)


def mass_splitting_in_matter(energy, density, electron_fraction=0.5, *, dm2=None, sin2_theta=None,
                             params: MixingParameters | None = None, antineutrino: bool = False):
    """Two-flavor effective mass splitting Δm²_m = √[(Δm² cos 2θ − A)² + (Δm² sin 2θ)²] [energy²].

    See :func:`mixing_angle_in_matter` for the parameters.
    """
    params = params or MixingParameters()
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
    params = params or MixingParameters()
    dm2 = params.dm2_21 if dm2 is None else dm2
    sin2_theta = params.sin2_theta12 if sin2_theta is None else sin2_theta
    e = positive("energy", energy, unit="MeV")
    ye = as_array("electron_fraction", electron_fraction, minimum=0.0, maximum=1.0, strict_minimum=True)
    target = dm2 * (1.0 - 2.0 * sin2_theta)
    with np.errstate(divide="ignore"):
        rho = target / (2.0 * e * CC_POTENTIAL_PER_DENSITY * ye) * (g / cm3)
    return np.where(rho > 0, rho, np.inf)
