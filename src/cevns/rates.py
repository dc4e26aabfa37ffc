"""Flux ⊗ cross section → recoil spectra, computed so that fits re-evaluate them cheaply.

The neutrino-energy integral of dσ/dT factorises: for each recoil energy T and flavor,

    dR/dT = G_F² M/(2π) [(G_V + G_A)² I_a(T) + (G_V − G_A)² I_b(T) − (G_V² − G_A²) I_c(T)]

with flux moments I_a = ∫ dE Φ(E), I_b = ∫ dE Φ(E)(1 − T/E)², I_c = ∫ dE Φ(E) MT/E² over E ≥ E_min(T)
(lines added exactly), and the nuclear couplings G_V(T), G_A(T) holding every form factor, coupling and
sin²θ_W. The moments depend only on the flux, the nucleus mass and the T grid: :func:`recoil_rates` computes
them once, and :meth:`RecoilRates.spectrum` then costs a few form-factor evaluations per T node, so a new
neutron radius or mixing angle is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import _validate
from ._array import gauss_legendre
from .errors import OutOfDomainError
from .nuclei import isotopes_and_fractions
from .physics.cross_section import _Nucleus
from .physics.couplings import get_couplings
from .physics.kinematics import _e_min, _t_max
from .units import MeV, keV

__all__ = ["RecoilRates", "recoil_rates", "recoil_spectrum", "recoil_grid", "flux_moments"]

#: Gauss–Legendre nodes per panel of the neutrino-energy integral and of the recoil grid.
ENERGY_NODES = 16
RECOIL_NODES = 8
#: Default number of recoil panels between kinematic break points.
RECOIL_PANELS = 48


def _energy_panels(flux, flavor) -> np.ndarray:
    edges = np.unique(np.asarray(flux._panel_edges(flavor), dtype=float))
    return edges if edges.size >= 2 else np.empty(0)


def flux_moments(recoil_energy, mass, flux, flavor, *, nodes=ENERGY_NODES):
    """The flux moments (I_a, I_b, I_c) of one flavor at recoil energies T for a nucleus of mass M.

    The continuous part is integrated on the flux's own panels, each clipped to E ≥ E_min(T), so the lower
    limit is exact; lines contribute Φ_l × (1, (1 − T/E_l)², MT/E_l²) where E_l ≥ E_min(T).

    Returns
    -------
    tuple of three ndarrays shaped like ``recoil_energy`` [normalization]
    """
    T = np.asarray(recoil_energy, dtype=float)
    e_min = _e_min(T, mass)
    out = [np.zeros_like(T) for _ in range(3)]
    edges = _energy_panels(flux, flavor)
    if edges.size:
        low = np.maximum(edges[:-1], e_min[..., None])  # (..., panels)
        high = np.maximum(edges[1:], e_min[..., None])
        E, w = gauss_legendre(low, high, nodes)  # (..., panels, nodes)
        w = w * flux.differential(E, flavor)
        E, w = E.reshape(T.shape + (-1,)), w.reshape(T.shape + (-1,))
        safe = np.where(E > 0, E, 1.0)
        t = T[..., None]
        out[0] += w.sum(-1)
        out[1] += (w * (1.0 - t / safe) ** 2).sum(-1)
        out[2] += (w * mass * t / safe**2).sum(-1)
    line_energy, line_flux = flux.lines(flavor)
    for E_l, phi in zip(line_energy, line_flux):
        open_ = (E_l >= e_min) & (E_l > 0)
        out[0] += np.where(open_, phi, 0.0)
        out[1] += np.where(open_, phi * (1.0 - T / E_l) ** 2, 0.0)
        out[2] += np.where(open_, phi * mass * T / E_l**2, 0.0)
    return tuple(out)


def recoil_grid(flux, target, *, recoil_min: float = 0.0, recoil_max: float | None = None,
                panels: int = RECOIL_PANELS, nodes: int = RECOIL_NODES, breaks=()):
    """Gauss–Legendre nodes and weights in T covering [recoil_min, recoil_max] for a flux on a target.

    Panel edges include every kinematic break point, T_max of each line and of each flavor's highest
    energy for each isotope, where dR/dT has a step or a kink, and the caller's ``breaks`` (e.g. the recoil
    energies where a detector's bin edges fall); between them the panels are uniform.

    Returns
    -------
    nodes, weights : ndarray [energy]
    """
    isotopes, _ = isotopes_and_fractions(target)
    e_high = max(flux.energy_range(f)[1] for f in flux.flavors)
    extra = [float(b) for b in np.ravel(breaks)]
    breaks = [recoil_min]
    for iso in isotopes:
        for flavor in flux.flavors:
            breaks.append(_t_max(flux.energy_range(flavor)[1], iso.mass))
            breaks.extend(_t_max(e, iso.mass) for e in flux.lines(flavor)[0])
    t_end = max(breaks) if recoil_max is None else recoil_max
    if not t_end > recoil_min:
        raise OutOfDomainError(
            f"recoil range [{recoil_min / keV:g}, {t_end / keV:g}] keV is empty: the flux reaches at most "
            f"E = {e_high / MeV:g} MeV, T_max = {max(breaks) / keV:g} keV on this target")
    uniform = np.linspace(recoil_min, t_end, panels + 1)
    edges = np.unique(np.clip(np.concatenate([uniform, breaks, extra]), recoil_min, t_end))
    T, w = gauss_legendre(edges[:-1], edges[1:], nodes)
    return T.ravel(), w.ravel()


@dataclass(frozen=True, eq=False)
class RecoilRates:
    """Precomputed flux moments of a flux on a target at fixed recoil energies.

    Attributes
    ----------
    recoil_energies : ndarray [energy]
    recoil_weights : ndarray [energy]
        Quadrature weights: Σ_j w_j dR/dT(T_j) integrates over the grid.
    isotopes, fractions : the target's isotopes and number fractions
    flavors : the flux's flavors
    moments : ndarray (isotope, flavor, 3, T)
    """

    flux: object
    target: object
    recoil_energies: np.ndarray
    recoil_weights: np.ndarray
    isotopes: tuple
    fractions: np.ndarray
    flavors: tuple
    moments: np.ndarray = field(repr=False)

    def spectrum(self, *, form_factor="helm", couplings="tree", sin2_theta_w=None, axial=True) -> np.ndarray:
        """dR/dT per target nucleus of each isotope and flavor, shape (isotope, flavor, T).

        Units: [flux normalization × area / energy]: multiply by the number of nuclei (and by time for a
        flux per time) to get counts per energy. Isotopes are not yet weighted by their fractions.
        """
        c = get_couplings(couplings, sin2_theta_w)
        T = self.recoil_energies
        out = np.empty((len(self.isotopes), len(self.flavors), T.size))
        for i, iso in enumerate(self.isotopes):
            for k, flavor in enumerate(self.flavors):
                nucleus = _Nucleus.build(iso, form_factor, c, flavor, axial)
                GV, GA = nucleus.couplings_at(T)
                out[i, k] = np.maximum(nucleus.combine(GV, GA, *self.moments[i, k]), 0.0)
        return out

    def total_spectrum(self, **physics) -> np.ndarray:
        """dR/dT per nucleus of the target (number-fraction mean over isotopes, summed over flavors)."""
        return np.einsum("i,ikt->t", self.fractions, self.spectrum(**physics))


def recoil_rates(flux, target, recoil_energies=None, recoil_weights=None, **grid) -> RecoilRates:
    """Precompute the flux moments of ``flux`` on ``target``.

    Parameters
    ----------
    flux : cevns.sources.Flux
    target : Isotope, Material or name
    recoil_energies, recoil_weights : array_like [energy], optional
        Your own grid; by default :func:`recoil_grid` (``grid`` keywords pass there).
    """
    if recoil_energies is None:
        recoil_energies, recoil_weights = recoil_grid(flux, target, **grid)
    T = _validate.non_negative("recoil_energies", recoil_energies, unit="keV", unit_value=keV)
    weights = np.zeros_like(T) if recoil_weights is None else np.asarray(recoil_weights, dtype=float)
    isotopes, fractions = isotopes_and_fractions(target)
    flavors = flux.flavors
    moments = np.array([[flux_moments(T, iso.mass, flux, f) for f in flavors] for iso in isotopes])
    return RecoilRates(flux, target, T, weights, isotopes, fractions, flavors, moments.reshape(
        len(isotopes), len(flavors), 3, T.size))


def recoil_spectrum(recoil_energy, flux, target, **physics) -> np.ndarray:
    """dR/dT [flux normalization × area/energy] per target nucleus at recoil energies T, all flavors summed.

    ``physics`` keywords (form_factor, couplings, sin2_theta_w, axial) are those of
    :func:`cevns.differential_cross_section`. For a material, the number-fraction mean over isotopes.
    """
    T = _validate.non_negative("recoil_energy", recoil_energy, unit="keV", unit_value=keV)
    rates = recoil_rates(flux, target, T.ravel())
    return rates.total_spectrum(**physics).reshape(T.shape)
