"""Expected counts of an experiment whose neutrinos oscillate on the way (a sterile state), cheap per point.

Counts are linear in the flux arriving in each flavor, Φ_β(E) = Σ_α P_βα(E) Φ_α(E). On a neutrino-energy
quadrature {E_j, w_j} (the source's lines are nodes of their own) they are therefore

    N[i, α, bin] = f_α Σ_β Σ_j K[i, β, bin, j] P_βα(E_j) Φ_α(E_j) w_j,

with K[i, β, bin, j] = Σ_T R_i[bin, T] w_T n_i dσ_iβ/dT(T, E_j) the counts in each bin from a unit flux of ν_β at
E_j on isotope i (response R, recoil weights w_T and nuclei n of the :class:`~cevns.experiments.Prediction`) and f_α
the time-window fraction of the emitted flavor α. K is computed once per physics choice; a point of a sterile scan
is then one probability evaluation and one contraction. The quadrature is exact for the prediction's recoil nodes
up to its Gauss–Legendre order: panel edges at the flux's own edges, at E_min(T) of every recoil node the response
sees (dσ/dT starts there), and at steps of at most :data:`PHASE_STEP` in the oscillation phase Δm² L/(2E) of the
largest Δm² L asked for so far (finer kernels are built when a point needs them). Energies below E_min of the
lowest recoil node the detector sees do not contribute and get no nodes.
"""

from __future__ import annotations

import math

import numpy as np

from .. import constants
from .._array import gauss_legendre
from ..errors import InvalidSpecError, OutOfDomainError
from ..flavors import FLAVORS, is_antineutrino
from ..physics.couplings import get_couplings
from ..physics.cross_section import ScatteringKernel
from ..physics.interactions import NewPhysics, StandardModel, SterileNeutrino
from ..physics.kinematics import e_min

__all__ = ["sterile_part", "sterile_counts", "OscillationKernel"]

#: Largest change of the oscillation phase Δm² L/(2E) over one panel of the neutrino-energy quadrature [rad].
PHASE_STEP = 1.0
#: Gauss–Legendre nodes per panel.
NODES = 8
#: Share of the Standard Model counts below which the lowest recoil nodes are left out of the kernel.
NEGLIGIBLE = 1e-12


def sterile_part(model):
    """(the SterileNeutrino of ``model`` or None, the rest of the model or None)."""
    parts = getattr(model, "components", ())
    sterile = next((c for c in parts if isinstance(c, SterileNeutrino)), None)
    if sterile is None:
        return None, model
    rest = tuple(c for c in parts if not isinstance(c, (SterileNeutrino, StandardModel)))
    return sterile, (NewPhysics(components=rest) if rest else None)


def phase_scale(sterile: SterileNeutrino) -> float:
    """Δm²₄₁ L_max/(2ħc) [energy]: the oscillation phase is this over E at the farthest baseline."""
    far = float(np.max(sterile.baseline)) + 0.5 * sterile.baseline_spread
    return sterile.dm2_41 * far / (2.0 * constants.hbarc)


def sterile_counts(prediction, kernels: dict, model, form_factor, couplings, sin2_theta_w, axial,
                   nuisance=None) -> np.ndarray:
    """Counts per (isotope, emitted flavor, bin) of ``prediction`` with the sterile state of ``model``.

    ``kernels`` keeps one :class:`OscillationKernel` per physics choice (for models without other new physics);
    a point that oscillates faster than its kernel resolves gets one resolving the next power of two of its
    :func:`phase_scale`. Response nuisances are not supported here (they change the response, not the flux).
    """
    if nuisance:
        raise InvalidSpecError(f"response nuisances ({', '.join(nuisance)}) cannot be combined with a sterile "
                               "state; build the experiment on the oscillated flux instead")
    sterile, rest = sterile_part(model)
    key = (form_factor, couplings, sin2_theta_w, axial)
    try:
        kernel = kernels.get(key) if rest is None else None
    except TypeError:  # an unhashable form-factor specification: not kept
        key, kernel = None, None
    needed = phase_scale(sterile)
    if kernel is None or kernel.scale < needed:
        scale = max(2.0 ** math.ceil(math.log2(needed)) if needed > 0 else 0.0, kernel.scale if kernel else 0.0)
        kernel = OscillationKernel(prediction, form_factor, couplings, sin2_theta_w, axial, rest, scale)
        if rest is None and key is not None:
            kernels[key] = kernel
    return kernel.counts(sterile)


class OscillationKernel:
    """The counts kernel K of a prediction on a neutrino-energy quadrature (see the module notes).

    Parameters
    ----------
    prediction : cevns.experiments.Prediction
    form_factor, couplings, sin2_theta_w, axial
        Physics choices as for :meth:`~cevns.experiments.Prediction.recoil_counts`, the experiment's defaults
        filled in.
    model : Interaction, optional
        New physics other than the sterile state, entering dσ/dT.
    scale : float [energy]
        The largest Δm² L_max/(2ħc) whose oscillation the quadrature resolves (:func:`phase_scale`).
    """

    def __init__(self, prediction, form_factor, couplings, sin2_theta_w, axial, model=None, scale: float = 0.0):
        rates = prediction.rates
        self.scale = scale
        self.flavors = rates.flavors
        matrices = np.stack([r.matrix for r in prediction.responses])  # (isotope, bin, T)
        standard = prediction.recoil_counts(form_factor=form_factor, couplings=couplings, sin2_theta_w=sin2_theta_w,
                                            axial=axial)
        seen = self._seen(rates.recoil_energies, matrices, standard)
        T = rates.recoil_energies[seen]
        # counts per unit dR/dT at each seen recoil node: response × quadrature weight × nuclei
        counting = matrices[:, :, seen] * rates.recoil_weights[seen] * prediction.scale[:, None, None]
        self.energies, self.weights = self._quadrature(rates, T)  # (node,), (emitted flavor, node)
        E = self.energies
        c = get_couplings(couplings, sin2_theta_w)
        kernel = np.zeros((len(rates.isotopes), counting.shape[1], len(FLAVORS), E.size))
        for i, iso in enumerate(rates.isotopes):
            open_ = (E >= e_min(T, iso.mass)[:, None]).astype(float)  # dσ/dT(T, E) needs E ≥ E_min(T)
            x = T[:, None] / E
            weights = (open_, open_ * (1.0 - x) ** 2, open_ * iso.mass * x / E, open_ * iso.mass / E)
            for b, beta in enumerate(FLAVORS):
                nucleus = ScatteringKernel.build(iso, form_factor, c, beta, axial)
                if model is None:
                    GV, GA = nucleus.couplings_at(T)
                    dsigma = nucleus.combine(GV[:, None], np.asarray(GA)[..., None], *weights[:3])
                else:
                    dsigma = nucleus.with_model(model, T[:, None], *weights)
                kernel[i, :, b] = counting[i] @ np.maximum(dsigma, 0.0)
        # per sector (ν, ν̄): (isotope, bin, arriving flavor × node), contracted with one matrix product a point
        self.kernels = {anti: np.ascontiguousarray(kernel[:, :, 3 * anti:3 * anti + 3]).reshape(
            kernel.shape[0], kernel.shape[1], -1) for anti in (False, True)}
        self.time_fractions = np.asarray(prediction.time_fractions, dtype=float)

    @staticmethod
    def _seen(T, matrices, cells):
        """Indices of the recoil nodes above the lowest ones that together give less than :data:`NEGLIGIBLE`
        of the Standard Model counts (a resolution's far tail reaches down to T → 0, where the oscillation
        phase grows without bound); those nodes are left out."""
        share = np.einsum("ibt,ift->t", matrices, cells)
        order = np.argsort(T, kind="stable")
        below = np.cumsum(share[order]) < NEGLIGIBLE * share.sum()
        return np.sort(order[~below & (share[order] > 0)])

    def _quadrature(self, rates, T):
        """Nodes (one set of panels for the continua of all emitted flavors, then every line) and each emitted
        flavor's flux times the quadrature weight on them, shape (flavor, node)."""
        flux = rates.flux
        lowest = min(float(e_min(T.min(), iso.mass)) for iso in rates.isotopes) if T.size else np.inf
        edges = np.concatenate([flux.panel_edges(f) for f in self.flavors])
        continuous = np.empty(0)
        if edges.size and edges.max() > lowest:
            low, high = max(edges.min(), lowest), edges.max()
            breaks = [e_min(T, iso.mass) for iso in rates.isotopes]
            edges = np.unique(np.clip(np.concatenate([edges, *breaks, self._phase_edges(low, high)]), low, high))
            continuous, w = (v.ravel() for v in gauss_legendre(edges[:-1], edges[1:], NODES))
        lines = [flux.lines(f) for f in self.flavors]
        lines = [(E[E > 0], phi[E > 0]) for E, phi in lines]
        energies = np.concatenate([continuous, *(E for E, _ in lines)])
        table = np.zeros((len(self.flavors), energies.size))
        start = continuous.size
        for a, (flavor, (E, phi)) in enumerate(zip(self.flavors, lines)):
            if continuous.size and flux.panel_edges(flavor).size >= 2:
                table[a, :continuous.size] = w * flux.differential(continuous, flavor)
            table[a, start:start + E.size] = phi
            start += E.size
        return energies, table

    def _phase_edges(self, low, high):
        """Edges at equal steps of the phase scale/E between ``low`` and ``high``, at most PHASE_STEP apart."""
        if not self.scale > 0 or not low > 0:
            return np.empty(0)
        steps = math.ceil(self.scale * (1.0 / low - 1.0 / high) / PHASE_STEP)
        return 1.0 / np.linspace(1.0 / high, 1.0 / low, steps + 1)

    def counts(self, sterile: SterileNeutrino) -> np.ndarray:
        """Expected counts per (isotope, emitted flavor, bin) with the sterile state's oscillation."""
        if phase_scale(sterile) > self.scale * (1.0 + 1e-12):
            raise OutOfDomainError(f"this kernel resolves Δm² L_max/(2ħc) up to {self.scale:g}, the model needs "
                                   f"{phase_scale(sterile):g}")
        E = self.energies
        out = np.empty((self.kernels[False].shape[0], len(self.flavors), self.kernels[False].shape[1]))
        probability = {anti: sterile.transition_probability(E, anti) for anti in (False, True)}  # (node, β, α)
        for a, flavor in enumerate(self.flavors):
            anti = is_antineutrino(flavor)
            arriving = probability[anti][:, :, FLAVORS.index(flavor) % 3].T * self.weights[a]  # (β, node)
            out[:, a] = self.time_fractions[a] * (self.kernels[anti] @ arriving.ravel())
        return out
