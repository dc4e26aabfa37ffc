"""Ion–ion correlations: the static structure factor S(q) of the one-component plasma (OCP).

Coherent scattering on many ions adds the amplitudes of neighbouring ions: dσ/dΩ → dσ/dΩ · S(q). In a plasma of
coupling Γ = Z²e²/(a k_B T) (a the ion-sphere radius) S(q) is small for q a ≲ 1 (the ions are spread evenly by
their repulsion) and tends to 1 at large q.
"""

from __future__ import annotations

import numpy as np

from .. import constants

__all__ = ["debye_huckel_structure_factor", "horowitz_transport_structure_factor", "transport_average",
           "HOROWITZ_GAMMA_RANGE"]

# C. J. Horowitz, Phys. Rev. D 55 (1997) 4577: a least-squares fit to Monte Carlo simulations of the OCP of the
# transport-weighted structure factor
#   <S>(ε) = [1 + exp(−Σ_{i=0}^{6} β_i(Γ) ε^i)]^(-1),  ε = E a/(ħc),
# β_0 = ln(0.3/(0.3 + 3Γ)), β_1 = 0, β_2 = 6.667, β_i = Σ_j b_ij Γ^(j/2) (i = 3..6, j = 0..3),
# and <S> = 1 for ε ≥ 3 + 4/√Γ; valid for 1 ≤ Γ ≤ 150. The fit is restated in A. Burrows, S. Reddy,
# T. A. Thompson, Nucl. Phys. A 777 (2006) 356, eqs. (27)-(28). tests/stellar checks the coefficients against the
# transport average of an independent hypernetted-chain S(q) of the OCP (1.5 % at the half-suppression energy).
HOROWITZ_B0_NUMERATOR = 0.3
HOROWITZ_B0_SLOPE = 3.0
HOROWITZ_B2 = 6.667
HOROWITZ_B = np.array([
    [-7.362056, 0.5371365, -0.1078845, 4.189612e-3],
    [3.4489581, -0.40251656, 9.0877878e-2, -3.4353581e-3],
    [-0.74128645, 0.11019855, -2.5359361e-2, 9.0487744e-4],
    [5.9573285e-2, -1.0186552e-2, 2.2791369e-3, -7.4614597e-5],
])
HOROWITZ_EPSILON_OFFSET = 3.0
HOROWITZ_EPSILON_SLOPE = 4.0
#: Couplings Γ over which the fit was made; above 150 it is held at its Γ = 150 value (the OCP freezes near
#: Γ ≈ 175), below 1 the Debye–Hückel limit applies.
HOROWITZ_GAMMA_RANGE = (1.0, 150.0)


def debye_huckel_structure_factor(momentum_transfer, debye_wave_number, screening_wave_number=0.0):
    """S(q) = (q² + k_e²)/(q² + k_e² + k_D²): the weak-coupling (Γ → 0) structure factor of an ion plasma.

    Parameters
    ----------
    momentum_transfer : array_like [energy]
        |q| (divided by ħc inside).
    debye_wave_number : array_like [1/length]
        k_D of the ions, k_D a = sqrt(3Γ).
    screening_wave_number : array_like [1/length]
        k_e of the electrons (0: rigid neutralising background, the pure OCP).

    Notes
    -----
    Linear response of ions interacting through the electron-screened Coulomb potential 4πZ²e²/(q² + k_e²).
    Without electron screening S(q) = x − x² + O(x³) with x = q²/k_D², the small-q expansion of the OCP,
    S = x − x² χ_T⁰/χ_T + ..., at its Debye–Hückel compressibility χ_T⁰/χ_T = 1 (the perfect-screening and
    compressibility sum rules, M. Baus, J.-P. Hansen, Phys. Rep. 59 (1980) 1).
    """
    k = np.asarray(momentum_transfer) / constants.hbarc
    k_e, k_d = np.asarray(screening_wave_number), np.asarray(debye_wave_number)
    S = np.empty(np.broadcast_shapes(k.shape, k_e.shape, k_d.shape))  # one array, reused below
    np.add(k * k, k_e * k_e, out=S)
    with np.errstate(divide="ignore"):  # q = k_e = 0: k_D²/0 = inf gives S = 0
        np.divide(k_d * k_d, S, out=S)
    S += 1.0
    return np.reciprocal(S, out=S)[()]  # (q² + k_e²)/(q² + k_e² + k_D²), in place


def horowitz_transport_structure_factor(neutrino_energy, ion_sphere_radius, coupling):
    """⟨S⟩(E): Horowitz's fit of the ion–ion structure factor averaged with the transport weight.

    ⟨S⟩ = (3/4) ∫_{-1}^{1} dx (1 − x²) S(q = E sqrt(2(1 − x))), the factor by which correlations reduce the
    transport cross section of dσ/dΩ ∝ 1 + cos θ.

    Parameters
    ----------
    neutrino_energy : array_like [energy]
    ion_sphere_radius : array_like [length]
    coupling : array_like
        Γ; values are held inside :data:`HOROWITZ_GAMMA_RANGE` (callers switch to Debye–Hückel below 1).

    Notes
    -----
    Below ε ≈ 1 the fit levels off at ⟨S⟩ → 0.3/(0.6 + 3Γ) instead of falling as 2ε²/(3Γ) (perfect screening), so
    there it overestimates the opacity (by 20–50 % at ε = 0.5 against the HNC plasma; N. Itoh et al. (2004),
    astro-ph/0401488, find the same with an improved HNC). Those energies carry little of a thermal spectrum.

    References
    ----------
    C. J. Horowitz, Phys. Rev. D 55 (1997) 4577 (astro-ph/9603138); restated in A. Burrows, S. Reddy,
    T. A. Thompson, Nucl. Phys. A 777 (2006) 356, eqs. (27)-(28).
    """
    gamma = np.clip(np.asarray(coupling, dtype=float), *HOROWITZ_GAMMA_RANGE)
    eps = np.asarray(neutrino_energy) * np.asarray(ion_sphere_radius) / constants.hbarc
    root = np.sqrt(gamma)
    beta = [b[0] + root * (b[1] + root * (b[2] + root * b[3])) for b in HOROWITZ_B]  # β_3..β_6, Horner in √Γ
    polynomial = beta[3]
    for b in beta[2::-1]:
        polynomial = b + eps * polynomial
    exponent = np.log(HOROWITZ_B0_NUMERATOR / (HOROWITZ_B0_NUMERATOR + HOROWITZ_B0_SLOPE * gamma)) \
        + eps * eps * (HOROWITZ_B2 + eps * polynomial)
    inside = eps < HOROWITZ_EPSILON_OFFSET + HOROWITZ_EPSILON_SLOPE / root
    return np.where(inside, 1.0 / (1.0 + np.exp(-np.where(inside, exponent, 0.0))), 1.0)


def transport_average(structure_factor, nodes: int = 32):
    """(3/4) ∫ (1 − x²) S(E sqrt(2(1 − x))) dx for a callable S(q) [q in energy units], by Gauss–Legendre.

    Returns a function of E; used to compare an angle-resolved S(q) with transport-averaged fits.
    """
    from .._array import gauss_legendre

    x, w = gauss_legendre(-1.0, 1.0, nodes)

    def average(neutrino_energy):
        E = np.asarray(neutrino_energy, dtype=float)[..., None]
        return 0.75 * np.sum(w * (1.0 - x * x) * structure_factor(E * np.sqrt(2.0 * (1.0 - x))), axis=-1)

    return average
