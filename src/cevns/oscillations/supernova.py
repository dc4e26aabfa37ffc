"""Supernovae: adiabatic MSW conversion of the neutrinos leaving a core-collapse supernova.

Neutrinos are produced far above both MSW resonances (ρ ≳ 10¹⁰ g/cm³, where 2E·V_CC ≫ |Δm²₃₁|), so each
flavor starts as one eigenstate of the Hamiltonian in matter; if the star's density falls slowly enough
(adiabatic, true for sin²θ₁₃ ≈ 0.022 at both resonances) each eigenstate leaves the star as one mass
state, and the mass states arrive at the Earth without interference. Collective (ν–ν) effects, shock
waves and turbulence are not included.
"""

from __future__ import annotations

import numpy as np

from .._validate import choice
from ..errors import InvalidSpecError
from .matter import check_energy
from .mixing import ORDERINGS, MixingParameters, as_parameters, nufit60
from .eigensystem import eigensystem_table, grid_position, interpolate

__all__ = ["supernova_probability", "supernova_transition", "PRODUCTION_POTENTIAL_RATIO"]

#: 2E·V_CC at production in units of |Δm²₃₁|: deep in the limit where each flavor is a matter eigenstate
#: (the eigenvectors are then converged to better than 1e-6).
PRODUCTION_POTENTIAL_RATIO = 1e3


def supernova_probability(energy, *, params: MixingParameters | None = None, antineutrino: bool = False):
    """Adiabatic MSW flavor conversion P[..., β, α] of supernova neutrinos at the Earth.

    Parameters
    ----------
    energy : array_like [energy]
        Neutrino energies (the adiabatic result does not depend on them).
    params : MixingParameters, optional
        Three-flavor parameters; the mass ordering is that of ``params`` (default NuFIT 6.0, normal).
    antineutrino : bool

    Notes
    -----
    P_βα = Σ_i |U_βi|² |W_αi(∞)|², with W(∞) the eigenvectors of the flavor Hamiltonian at high density
    (sorted eigenstates continue adiabatically into mass states). For ν_e this gives the classic results
    P_ee = |U_e3|² (normal) and |U_e2|² (inverted); for ν̄_e, |U_e1|² (normal) and |U_e3|² (inverted).

    References
    ----------
    A. S. Dighe and A. Yu. Smirnov, Phys. Rev. D 62 (2000) 033007, arXiv:hep-ph/9907423.
    """
    params = as_parameters(params)
    if params.n_states != 3:
        raise InvalidSpecError("the supernova transition is three-flavor only")
    if params.sin2_theta13 == 0.0:
        raise InvalidSpecError("sin2_theta13 = 0 makes the high-density (13) resonance an exact level crossing, "
                               "where the adiabatic conversion is undefined; use a non-zero θ13")
    e = check_energy(energy)
    table = eigensystem_table(params, bool(antineutrino))
    i0, f = grid_position(table, np.array([PRODUCTION_POTENTIAL_RATIO * abs(params.dm2_31)]))
    produced = interpolate(table, "flavor_weight", i0, f)[0]  # [α, i]
    exit_i0, exit_f = grid_position(table, np.zeros(1))
    exit_weight = interpolate(table, "mass_weight", exit_i0, exit_f)[0]  # [mass k, i]
    u2 = table["u2"]  # [β, k]
    p = u2 @ exit_weight @ produced.T  # [β, α]
    return np.broadcast_to(p, e.shape + (3, 3)).copy()


def supernova_transition(ordering: str | None = None, *, params: MixingParameters | None = None):
    """A callable ``probability(energy, antineutrino=False) -> P[..., β, α]`` for ``Flux.oscillated``.

    Parameters
    ----------
    ordering : {'normal', 'inverted'}, optional
        NuFIT 6.0 parameters of that ordering; or give ``params``.
    """
    if ordering is not None and params is not None:
        raise InvalidSpecError("give either ordering or params, not both")
    if params is None:
        params = nufit60(choice("mass ordering", ordering or "normal", ORDERINGS))
    params = as_parameters(params)

    def probability(energy, antineutrino: bool = False):
        return supernova_probability(energy, params=params, antineutrino=antineutrino)

    probability.__doc__ = f"Adiabatic MSW conversion in a supernova, {params.ordering} ordering."
    return probability
