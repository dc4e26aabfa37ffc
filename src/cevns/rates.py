"""Flux ⊗ cross section → recoil spectra, computed so that fits re-evaluate them cheaply.

The neutrino-energy integral of dσ/dT factorises: for each recoil energy T and flavor,

    dR/dT = G_F² M/(2π) [G_V² (I_a + I_b − I_c) + G_A² (I_a + I_b + I_c)]

with flux moments I_a = ∫ dE Φ(E), I_b = ∫ dE Φ(E)(1 − T/E)², I_c = ∫ dE Φ(E) MT/E² over E ≥ E_min(T)
(lines added exactly), and the nuclear couplings G_V(T), G_A(T) holding every form factor, coupling and
sin²θ_W (a free nucleon adds its vector–axial interference 2 G_V G_A (I_a − I_b), see
:meth:`cevns.physics.cross_section.ScatteringKernel.combine`). The moments depend only on the flux, the nucleus
mass and the T grid: :func:`recoil_rates` computes them once, and :meth:`RecoilRates.spectrum` then costs a few
form-factor evaluations per T node, so a new neutron radius or mixing angle is cheap (a new neutron density alone
costs its form factor and a quadratic in it, whose coefficients are kept). A new-physics model
(:mod:`cevns.physics.interactions`) costs the same: its vector charge replaces G_V, and its other terms multiply
these moments or one more, I_d = ∫ dE Φ(E) M/E (the magnetic moment's 1/E), computed with the others. The flux is
integrated once per panel (:class:`_MomentTable`), so a moment costs the same at any number of recoil energies;
large arrays are handled in chunks, on threads where there are several.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from . import _validate, constants
from ._array import chunks, for_each_chunk, gauss_legendre, legendre_interpolation, unique_sorted
from .errors import InvalidSpecError, OptionalDependencyError, OutOfDomainError, UnknownNameError
from .nuclei import as_target, isotopes_and_fractions
from .physics.cross_section import ScatteringKernel, checked_model, scattering_kernels
from .physics.couplings import get_couplings
from .physics.form_factors import KN_RADIUS_SLOPE, Helm, nucleon_form_factors, on_rows
from .physics.kinematics import e_min, t_max, wave_number
from .units import MeV, fermi, keV

__all__ = ["RecoilRates", "recoil_rates", "recoil_spectrum", "recoil_grid", "flux_moments"]

#: Gauss–Legendre nodes per panel of the recoil grid.
RECOIL_NODES = 8
#: Recoil panels: uniform ones, logarithmic ones below the end point, and one per unit of q·R_A with
#: R_A = 1.2 fm A^(1/3) the nuclear radius scale of Klein & Nystrand, PRC 60 (1999) 014903.
RECOIL_PANELS = 16
RECOIL_PANELS_PER_DECADE = 4
RECOIL_DECADES = 6
#: Gauss–Legendre nodes per panel of the flux-moment tables (the kept degree of their polynomials).
ENERGY_NODES = 8
#: Flux panels are split until Φ E⁻ⁿ is resolved on each: the last two Legendre coefficients of its
#: interpolant below ``ENERGY_TOLERANCE`` of the largest value on the panel, or their integral below
#: ``ENERGY_TOLERANCE`` × 1e-3 of the whole moment; at most ``ENERGY_REFINEMENTS`` passes (β end points
#: with √(E₀ − E) behaviour and steps inside a declared panel stop there).
ENERGY_TOLERANCE = 1e-10
ENERGY_REFINEMENTS = 30
#: Panels narrower than this fraction of the flux's energy span are not split further: near E = 0 a flux
#: Φ ∝ E makes Φ/E² ∝ 1/E, which no polynomial resolves, yet only recoils with E_min(T) below 1e-12 of the
#: span (T ≲ 1e-24 of it squared over M) read that panel.
MIN_PANEL_FRACTION = 1e-12
#: Lower limits handled at once by the moment tables, and recoil energies handled at once by
#: :func:`recoil_spectrum` (2 MB of moments per isotope and flavor: bounded memory, and work arrays that stay in
#: the processor's cache, which is faster than larger pieces).
CHUNK = 2**16
SPECTRUM_CHUNK = 2**16
#: Most threads :func:`recoil_spectrum` accepts.
MAX_THREADS = 1024
#: Up to this many inner panel edges, :meth:`_MomentTable.tails` finds a point's panel by counting edges.
PANELS_COUNTED = 16
#: From this many lower limits per panel on, :meth:`_MomentTable.tails` evaluates panel by panel with the
#: panel's coefficients (a third of the time at 2¹⁶ points on 4 panels) instead of gathering every point's
#: (cheaper below, where the calls per panel dominate; measured crossover ≈ 3000).
POINTS_PER_PANEL = 4096
#: Arrays on the recoil grid that :class:`RecoilRates` keeps (form factors per model, running couplings).
GRID_CACHE = 64


def _energy_panels(flux, flavor) -> np.ndarray:
    edges = np.asarray(flux.panel_edges(flavor), dtype=float)  # sorted and distinct (Flux.panel_edges)
    return edges if edges.size >= 2 else np.empty(0)


def _resolved_panels(flux, flavor, nodes, edges):
    """The flux's panels (``edges``), split where Φ E⁻ⁿ is not resolved by ``nodes`` points: (low, high, values
    (3, p, nodes)).

    A panel whose Legendre tail is r times too large is cut into ⌈r^(1/(nodes − 2))⌉ parts (the tail of
    a smooth function falls at least as h^(nodes − 2)), so most fluxes are resolved in one or two passes.
    """
    low, high = edges[:-1], edges[1:]
    to_legendre, _ = legendre_interpolation(nodes)
    kept, total = [], None
    last_two = to_legendre[-2:].T
    for level in range(ENERGY_REFINEMENTS + 1):
        E, w = gauss_legendre(low, high, nodes)
        g = _over_powers(flux.differential(E, flavor), E)  # (3, panels, nodes); E > 0 at nodes
        if total is None:
            total = np.abs(g * w).sum((1, 2))[:, None]
        tail = np.abs(g @ last_two).sum(-1)  # the last two Legendre coefficients
        excess = np.minimum(tail / (ENERGY_TOLERANCE * np.abs(g).max(-1) + np.finfo(float).tiny),
                            tail * (high - low) / (1e-3 * ENERGY_TOLERANCE * total + np.finfo(float).tiny)).max(0)
        fine = (excess <= 1.0) | (level == ENERGY_REFINEMENTS) | (high - low <= MIN_PANEL_FRACTION * edges[-1])
        if fine.all():
            kept.append((low, high, g))
            break
        kept.append((low[fine], high[fine], g[:, fine]))
        parts = np.ceil(np.minimum(excess[~fine], 1e12) ** (1.0 / (nodes - 2))).astype(int)
        low, high = _split(low[~fine], high[~fine], np.clip(parts, 2, 64))
    if len(kept) == 1:  # the flux's own panels, already in order
        return kept[0]
    low, high, g = (np.concatenate(parts, axis=-1 if i < 2 else 1) for i, parts in enumerate(zip(*kept)))
    order = np.argsort(low)
    return low[order], high[order], g[:, order]


def _over_powers(phi, E):
    """Φ E⁻ⁿ for n = 0, 1, 2, stacked on a new first axis."""
    g = np.empty((3,) + phi.shape)
    g[0] = phi
    np.divide(phi, E, out=g[1])
    np.divide(phi, E * E, out=g[2])
    return g


def _split(low, high, parts):
    """Cut each interval [low, high] into ``parts`` pieces: of equal ratio when low > 0 (Φ E⁻ⁿ varies on the
    scale E there), else of equal width. Returns the pieces' (low, high)."""
    index = np.arange(parts.sum()) - np.repeat(np.cumsum(parts) - parts, parts)
    a, b, n = np.repeat(low, parts), np.repeat(high, parts), np.repeat(parts, parts)

    def point(fraction):
        return np.where(a > 0, a * (b / np.where(a > 0, a, 1.0)) ** fraction, a + (b - a) * fraction)

    return point(index / n), np.where(index + 1 == n, b, point((index + 1) / n))


def _horner(coefficients, t):
    """Σ_k c_k t^k by Horner's rule, c_k = ``coefficients[k]`` (broadcast against t), in place on one array."""
    acc = coefficients[-1] * t
    for ck in coefficients[-2:0:-1]:
        acc += ck
        acc *= t
    acc += coefficients[0]
    return acc


@dataclass(frozen=True, eq=False)
class _MomentTable:
    """The tails C_n(x) = ∫_x dE Φ(E) E⁻ⁿ (n = 0, 1, 2) of one flavor's continuous flux, and its lines.

    On each (refined) flux panel, Φ E⁻ⁿ is replaced by its interpolant at the Gauss–Legendre nodes, whose
    integral over a whole panel is the Gauss–Legendre sum; C_n is the sum of the whole panels above x plus
    the exact integral of the interpolant from x to the end of x's panel, a polynomial in x − centre. So
    each recoil energy costs a search and three short Horner sums, whatever the number of panels.
    """

    edges: np.ndarray  # (panels + 1,)
    centres: np.ndarray  # (panels,)
    coefficients: np.ndarray  # (degree + 1, 3, panels): power coefficients of C_0, C_1, C_2 in x − centre
    line_energies: np.ndarray
    line_fluxes: np.ndarray

    @classmethod
    def build(cls, flux, flavor, nodes=ENERGY_NODES):
        line_energies, line_fluxes = flux.lines(flavor)
        keep = line_energies > 0
        lines = line_energies[keep], line_fluxes[keep]
        edges = _energy_panels(flux, flavor)
        if edges.size == 0:
            return cls(np.empty(0), np.empty(0), np.empty((1, 3, 0)), *lines)
        low, high, g = _resolved_panels(flux, flavor, nodes, edges)
        half = 0.5 * (high - low)
        to_legendre, to_tail = legendre_interpolation(nodes)
        tail = (g @ to_tail.T) * half[:, None]  # (3, panels, degree + 1): ∫_x^high in powers of u
        whole = 2.0 * half * (g @ to_legendre[0])  # the Gauss–Legendre sums over whole panels
        tail[..., 0] += np.cumsum(whole[:, ::-1], axis=1)[:, ::-1] - whole  # plus all panels above
        coefficients = tail / half[:, None] ** np.arange(nodes + 1)  # powers of x − centre
        return cls(np.append(low, high[-1]), 0.5 * (low + high),
                   np.ascontiguousarray(np.transpose(coefficients, (2, 0, 1))), *lines)

    @staticmethod
    def summable(tables) -> bool:
        """Whether the tables' continuous parts share their panels (a table of lines only fits any)."""
        continuous = [t for t in tables if t.centres.size]
        return all(np.array_equal(t.edges, continuous[0].edges) for t in continuous[1:])

    @classmethod
    def summed(cls, tables):
        """One table for the sum of the fluxes of ``tables`` (:meth:`summable`)."""
        if len(tables) == 1:
            return tables[0]
        continuous = [t for t in tables if t.centres.size] or tables[:1]
        coefficients = continuous[0].coefficients.copy()
        for t in continuous[1:]:
            coefficients += t.coefficients
        return cls(continuous[0].edges, continuous[0].centres, coefficients,
                   np.concatenate([t.line_energies for t in tables]), np.concatenate([t.line_fluxes for t in tables]))

    def tails(self, e_min):
        """(C_0, C_1, C_2) at lower limits ``e_min`` (flattened), shape (3, n)."""
        x, panels = np.ravel(e_min), self.centres.size
        if not panels:
            return np.zeros((3, x.size))
        out = np.empty((3, x.size))
        for part in chunks(x.size, CHUNK):
            t = np.minimum(np.maximum(x[part], self.edges[0]), self.edges[-1])
            j = self._panel_index(t)
            if t.size >= POINTS_PER_PANEL * panels:  # many points: each panel's with its own coefficients
                for p in range(panels):
                    where = np.flatnonzero(j == p)
                    if where.size:
                        out[:, part][:, where] = _horner(self.coefficients[:, :, p, None], t[where] - self.centres[p])
            else:  # few: every point's coefficients gathered (fewer calls, more memory traffic)
                t -= self.centres.take(j)
                out[:, part] = _horner(self.coefficients.take(j, axis=-1), t)
            out[:, part][:, x[part] >= self.edges[-1]] = 0.0
        return out

    def _panel_index(self, xs):
        """Index of the panel holding each xs in [edges[0], edges[-1]] (the last panel holds edges[-1]): a count of
        the inner edges at or below xs where there are few (a pass per edge is cheaper than a binary search's
        unpredictable branches), else a search."""
        inner = self.edges[1:-1]
        if inner.size > PANELS_COUNTED:
            return np.minimum(np.searchsorted(self.edges, xs, side="right") - 1, inner.size)
        j = np.zeros(xs.shape, dtype=np.intp)
        for edge in inner:
            j += xs >= edge
        return j

    def moments(self, T, mass, out=None):
        """(I_a, I_b, I_c, I_d) at recoil energies T on a nucleus of mass M (T and M broadcast), shape (4, ...),
        written to ``out`` if given.

        I_d = ∫ Φ M/E is the moment of terms falling as 1/E (a neutrino magnetic moment).
        """
        T, mass = np.asarray(T, dtype=float), np.asarray(mass, dtype=float)
        if out is None and not (T.ndim or mass.ndim):  # one point: as an array of one, so `out=` has arrays
            return self.moments(T.reshape(1), mass)[:, 0]
        lowest = e_min(T, mass)  # broadcast shape of T and M
        if out is None:
            out = np.empty((4,) + lowest.shape)
        if not self.centres.size:
            out[...] = 0.0
        else:
            c0, c1, c2 = self.tails(lowest).reshape((3,) + lowest.shape)
            out[0] = c0
            np.multiply(mass * T, c2, out=out[2])
            np.multiply(mass, c1, out=out[3])
            np.multiply(T, c2, out=out[1])  # ∫ Φ (1 − T/E)² = c0 + T (T c2 − 2 c1), in place
            c1 *= 2.0
            out[1] -= c1
            out[1] *= T
            out[1] += c0
        for energy, phi in zip(self.line_energies, self.line_fluxes):
            weight = np.where(lowest <= energy, phi, 0.0)
            out[0] += weight
            out[1] += weight * (1.0 - T / energy) ** 2
            out[2] += weight * mass * T / energy**2
            out[3] += weight * mass / energy
        return out


def flux_moments(recoil_energy, mass, flux, flavor, *, nodes=ENERGY_NODES, inverse_energy=False):
    """The flux moments (I_a, I_b, I_c) of one flavor at recoil energies T for a nucleus of mass M.

    I_a = ∫ dE Φ, I_b = ∫ dE Φ (1 − T/E)², I_c = ∫ dE Φ MT/E² over E ≥ E_min(T), lines added exactly
    (Φ_l × (1, (1 − T/E_l)², MT/E_l²) where E_l ≥ E_min(T)); with ``inverse_energy``, also
    I_d = ∫ dE Φ M/E. The continuous part is integrated once per flux panel (see :class:`_MomentTable`);
    the cost per T does not grow with the number of panels.

    Returns
    -------
    tuple of three (or four) ndarrays shaped like ``recoil_energy`` [normalization]
    """
    T = _validate.non_negative("recoil_energy", recoil_energy, unit="keV", unit_value=keV, copy=False)
    M = _validate.positive("mass", mass, unit="MeV", unit_value=MeV, copy=False)
    moments = _MomentTable.build(flux, flavor, nodes).moments(T, M)
    return tuple(moments if inverse_energy else moments[:3])


def recoil_grid(flux, target, *, recoil_min: float = 0.0, recoil_max: float | None = None,
                panels: int = RECOIL_PANELS, nodes: int = RECOIL_NODES, breaks=()):
    """Gauss–Legendre nodes and weights in T covering [recoil_min, recoil_max] for a flux on a target.

    Panel edges include every kinematic break point, T_max of each line and of each flavor's highest
    energy for each isotope, where dR/dT has a step or a kink, and the caller's ``breaks`` (e.g. the recoil
    energies where a detector's bin edges fall). Between them the panels follow what shapes dR/dT: one per
    unit of q·R (the form factor changes on that scale), ``RECOIL_PANELS_PER_DECADE`` per decade of T over
    ``RECOIL_DECADES`` decades below the end (a broad flux spreads the rate over decades), and ``panels``
    uniform ones. The total rate of atmospheric, DSNB, solar, reactor and stopped-pion fluxes on xenon and
    argon is then converged to 1e-6 (tests).

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
            breaks.append(t_max(flux.energy_range(flavor)[1], iso.mass))
            breaks.extend(t_max(e, iso.mass) for e in flux.lines(flavor)[0])
    t_end = max(breaks) if recoil_max is None else recoil_max
    if not t_end > recoil_min:
        raise OutOfDomainError(
            f"recoil range [{recoil_min / keV:g}, {t_end / keV:g}] keV is empty: the flux reaches at most "
            f"E = {e_high / MeV:g} MeV, T_max = {max(breaks[1:]) / keV:g} keV on this target")
    uniform = np.linspace(recoil_min, t_end, panels + 1)
    low = max(recoil_min, t_end * 10.0**-RECOIL_DECADES)
    logarithmic = np.geomspace(low, t_end, max(1, round(RECOIL_PANELS_PER_DECADE * np.log10(t_end / low))) + 1)
    edges = np.concatenate([uniform, logarithmic, _form_factor_edges(isotopes, t_end), breaks, extra])
    edges = unique_sorted(np.clip(edges, recoil_min, t_end))
    T, w = gauss_legendre(edges[:-1], edges[1:], nodes)
    return T.ravel(), w.ravel()


def _form_factor_edges(isotopes, t_end):
    """Recoil energies at equal steps of q·R_A ≤ 1 up to t_end, for the heaviest isotope (finest in T)."""
    heaviest = max(isotopes, key=lambda iso: iso.mass)
    q_end = np.sqrt(t_end * (2.0 * heaviest.mass + t_end))
    steps = int(np.ceil(q_end * KN_RADIUS_SLOPE * heaviest.A ** (1.0 / 3.0) / constants.hbarc))
    q = np.linspace(0.0, q_end, steps + 1)
    return q * q / (np.sqrt(q * q + heaviest.mass**2) + heaviest.mass)  # T = √(q² + M²) − M, without cancellation


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
        I_a, I_b, I_c.
    inverse_energy_moments : ndarray (isotope, flavor, T)
        I_d = ∫ Φ M/E, for new-physics terms falling as 1/E.
    """

    flux: object
    target: object
    recoil_energies: np.ndarray
    recoil_weights: np.ndarray
    isotopes: tuple
    fractions: np.ndarray
    flavors: tuple
    moments: np.ndarray = field(repr=False)
    inverse_energy_moments: np.ndarray = field(repr=False)

    def spectrum(self, *, form_factor="helm", couplings="tree", sin2_theta_w=None, axial=True,
                 model=None) -> np.ndarray:
        """dR/dT per target nucleus of each isotope and flavor, shape (isotope, flavor, T).

        Units: [flux normalization × area / energy]: multiply by the number of nuclei (and by time for a
        flux per time) to get counts per energy. Isotopes are not yet weighted by their fractions.

        ``model`` (a :mod:`cevns.physics.interactions` model) adds new physics per recoil node from the stored
        moments, no new energy integral (:meth:`~cevns.physics.cross_section.ScatteringKernel.with_model`).
        A sterile state acts on the flux, not here: build the rates from
        ``flux.oscillated(model.transition_probability)``; this method ignores ``transition_probability``.
        A magnetic moment or millicharge diverges at T = 0: keep recoil nodes above 0 (any quadrature grid
        does).
        """
        c = get_couplings(couplings, sin2_theta_w)
        model = checked_model(model)
        T = self.recoil_energies
        out = np.empty((len(self.isotopes), len(self.flavors), T.size))
        if model is not None:
            with np.errstate(invalid="ignore"):
                for (i, k), (nucleus, nodes) in self._kernels_at_nodes(form_factor, c, axial).items():
                    out[i, k] = np.maximum(nucleus.with_model(model, T, *self.moments[i, k],
                                                              self.inverse_energy_moments[i, k], nodes), 0.0)
            if not np.isfinite(out).all():
                raise OutOfDomainError("recoil_energies must be > 0 with this model: its photon-exchange terms "
                                       "(magnetic moment, millicharge) diverge as T → 0")
            return out
        resolve = partial(_rate_kernels, self.target, self.flavors, form_factor, couplings, sin2_theta_w, axial)
        models = [nucleon_form_factors(form_factor, iso) for iso in self.isotopes]
        protons, neutrons = tuple(p for p, _ in models), tuple(n for _, n in models)
        fp = self._form_factor_values(protons)
        if any(n is p for p, n in models):  # a density shared by protons and neutrons: flavor by flavor
            fn = fp if all(n is p for p, n in models) else self._form_factor_values(neutrons)
            for k, kernel in enumerate(resolve()):
                for i, (proton, neutron) in enumerate(models):
                    f_p = fp[i]  # one object for both densities where they are one: G_V = (Z g_V^p + N g_V^n) F
                    f_n = f_p if neutron is proton else fn[i]
                    np.maximum(self._rate(i, k, kernel[i], c, f_p, f_n), 0.0, out=out[i, k])
            return out
        alpha, beta, gamma = self._on_grid(("F_n quadratic", protons, _kernel_spec(form_factor), c, axial),
                                           lambda: self._neutron_quadratic(resolve(), c, fp))
        fn = self._form_factor_values(neutrons)[:, None]  # (isotope, 1, T)
        rate = np.multiply(gamma, fn, out=out)  # α + β F_n + γ F_n², in place
        rate += beta
        rate *= fn
        rate += alpha
        return np.maximum(rate, 0.0, out=rate)

    def _rate(self, i, k, nucleus, couplings, fp, fn):
        """dR/dT of isotope i and flavor k (kernel ``nucleus``) at the recoil nodes for proton and neutron form
        factors ``fp`` (array) and ``fn`` (array or number): the kernel's couplings combined with the moments."""
        vector_proton = (nucleus.vector_proton if nucleus.proton_running is None else
                         self._on_grid(("Z g_V^p", i, k, couplings),
                                       lambda: nucleus.vector_proton_at(self.recoil_energies)))
        GV, GA = nucleus.couplings_at(self.recoil_energies, (fp, fn), vector_proton)
        return nucleus.combine(GV, GA, *self.moments[i, k])

    def _neutron_quadratic(self, kernels, couplings, fp) -> np.ndarray:
        """(α, β, γ), each (isotope, flavor, T): with the proton form factors ``fp`` (isotope, T) and everything but
        the neutron form factor fixed, the rate is α + β F_n + γ F_n² (G_V and G_A are linear in F_n); from
        :meth:`_rate` at F_n = 0, 1, −1, so a new neutron density costs its form factor and two multiply-adds per
        node."""
        rates = np.array([[[self._rate(i, k, kernel[i], couplings, fp[i], fn) for k, kernel in enumerate(kernels)]
                           for i in range(len(self.isotopes))] for fn in (0.0, 1.0, -1.0)])
        at_zero, at_one, at_minus_one = rates  # (isotope, flavor, T) each
        return np.stack([at_zero, 0.5 * (at_one - at_minus_one), 0.5 * (at_one + at_minus_one) - at_zero])

    def _kernels_at_nodes(self, form_factor, couplings, axial) -> dict:
        """(isotope, flavor) → (kernel, its :meth:`~ScatteringKernel.model_nodes` on the recoil nodes): the part
        of a new-physics spectrum no model changes, kept per physics choice (a scan over a model's parameters
        evaluates it once)."""
        def build():
            out = {}
            for i, iso in enumerate(self.isotopes):
                for k, flavor in enumerate(self.flavors):
                    nucleus = ScatteringKernel.build(iso, form_factor, couplings, flavor, axial)
                    out[i, k] = nucleus, nucleus.model_nodes(self.recoil_energies)
            return out

        return self._on_grid(("model nodes", form_factor, couplings, axial), build)

    def _form_factor_values(self, models) -> np.ndarray:
        """Form factors (isotope, T) at the recoil energies, of model ``models[i]`` for isotope i: kept per models
        and shared by all flavors, so a scan of the neutron radius evaluates only the new neutron form factor (once
        for all isotopes, :func:`~cevns.physics.form_factors.on_rows`)."""
        return self._on_grid(("F", models), lambda: on_rows(models, self._wave_numbers()))

    def _wave_numbers(self):
        """|q|/ħc of every isotope at the recoil energies, shape (isotope, T), evaluated at once and kept."""
        return self._on_grid("k", lambda: wave_number(self.recoil_energies,
                                                      np.array([iso.mass for iso in self.isotopes])[:, None]))

    def _on_grid(self, key, compute):
        """``compute()``, a function of the recoil grid, kept under ``key`` (the ``GRID_CACHE`` keys used last; an
        unhashable key, such as a user's model holding an array, is computed every time)."""
        cache = self.__dict__.setdefault("_on_grid_cache", {})
        try:
            cache[key] = value = cache.pop(key)  # kept as the most recent: a scan's one-off keys go first
            return value
        except KeyError:
            pass
        except TypeError:
            return compute()
        if len(cache) >= GRID_CACHE:
            del cache[next(iter(cache))]
        value = compute()
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
        cache[key] = value
        return value

    def total_spectrum(self, **physics) -> np.ndarray:
        """dR/dT per nucleus of the target (number-fraction mean over isotopes, summed over flavors)."""
        return np.einsum("i,ikt->t", self.fractions, self.spectrum(**physics))

    def batch_spectrum(self, *, sin2_theta_w=None, neutron_radius=None, scale=1.0, form_factor="helm",
                       couplings="tree", axial=True, backend=None):
        """:meth:`total_spectrum` for many parameter points at once, shape (points, T).

        Parameters
        ----------
        sin2_theta_w : array_like (points,), optional
            sin²θ_W of each point (the scheme's own value if omitted).
        neutron_radius : array_like (points,) [length], optional
            rms radius of the neutron density of each point: a Helm form factor with that radius
            (:meth:`cevns.physics.form_factors.Helm.from_rms_radius`) replaces the neutron one of every isotope.
        scale : array_like (points,)
            Multiplies each point's spectrum (a flux or exposure normalization).
        form_factor, couplings, axial
            As for :meth:`spectrum`, common to all points.
        backend : {None, "numpy", "jax"}
            ``"jax"`` returns a JAX array that is differentiable (and jit-able) in ``sin2_theta_w`` and
            ``scale``; by default JAX is used when either of them is a JAX array. Needs ``cevns[jax]``.

        Notes
        -----
        The nuclear couplings G_V, G_A are affine in sin²θ_W in every coupling scheme, so dR/dT is a
        quadratic in sin²θ_W: three spectra at reference angles give all points by Lagrange interpolation
        (exact; a fourth angle checks it), one matrix product (points × 3) @ (3 × T). A radius scan costs
        three spectra per distinct radius.
        """
        return self.batch(lambda spectrum: np.einsum("i,ikt->t", self.fractions, spectrum),
                          sin2_theta_w=sin2_theta_w, neutron_radius=neutron_radius, scale=scale,
                          form_factor=form_factor, couplings=couplings, axial=axial, backend=backend)

    def batch(self, reduce, *, sin2_theta_w=None, neutron_radius=None, scale=1.0, form_factor="helm",
              couplings="tree", axial=True, backend=None, scale_name="scale"):
        """``reduce(spectrum)`` for many parameter points at once, shape (points, n): the engine of
        :meth:`batch_spectrum` and of :meth:`cevns.experiments.Prediction.batch_counts`.

        ``reduce`` maps a :meth:`spectrum` array (isotope, flavor, T) to a 1-d array of n values and must be linear
        (a sum over isotopes, a response matrix, ...); the other parameters are those of :meth:`batch_spectrum`
        (``scale_name`` is the name error messages give ``scale``).
        """
        xp = _array_namespace(backend, sin2_theta_w, scale)
        if xp is np:
            s2, radius, scale = _points(
                sin2_theta_w=None if sin2_theta_w is None else _validate.as_array(
                    "sin2_theta_w", sin2_theta_w, minimum=0.0, strict_minimum=True, maximum=1.0),
                neutron_radius=None if neutron_radius is None else _validate.positive(
                    "neutron_radius", neutron_radius, unit="fm", unit_value=fermi),
                scale=_validate.non_negative(scale_name, scale))
        else:  # traced values cannot be checked here; their shapes can
            s2, radius, scale = _points(
                sin2_theta_w=None if sin2_theta_w is None else xp.asarray(sin2_theta_w, dtype=float),
                neutron_radius=None if neutron_radius is None else _validate.positive(
                    "neutron_radius", neutron_radius, unit="fm", unit_value=fermi),
                scale=xp.asarray(scale, dtype=float), xp=xp)
        radii, which = (None,), np.zeros(scale.size, dtype=int)
        if radius is not None:
            radii, which = np.unique(radius, return_inverse=True)
        angles = (None,) if s2 is None else _REFERENCE_ANGLES[:3]

        def reduced(r, angle):
            return reduce(self.spectrum(form_factor=_neutron_radius(form_factor, r), couplings=couplings,
                                        sin2_theta_w=angle, axial=axial))

        values = np.array([[reduced(r, a) for a in angles] for r in radii])  # (radii, angles, n)
        if s2 is None:
            return scale[:, None] * xp.asarray(values[which, 0])
        check = reduced(radii[0], _REFERENCE_ANGLES[3])
        if not np.allclose(_lagrange(np.array(_REFERENCE_ANGLES[3:])) @ values[0], check, rtol=1e-10, atol=0.0):
            raise InvalidSpecError("this coupling scheme's rate is not quadratic in sin2_theta_w: evaluate the "
                                   "points one by one")
        weights = _lagrange(s2, xp) * scale[:, None]  # (points, 3)
        if len(radii) == 1:
            return weights @ xp.asarray(values[0])
        return xp.einsum("pj,pjt->pt", weights, xp.asarray(values[which]))


def _rate_kernels(target, flavors, form_factor, couplings, sin2_theta_w, axial) -> list:
    """The kernels (one tuple over isotopes per flavor) that :meth:`RecoilRates.spectrum` combines with the moments
    when there is no model: they give only couplings (the form factors come from the rate engine's grid), and
    depend on the form-factor specification only when it is a name (a free nucleon's axial form factor), so any
    other specification, such as each new neutron radius of a scan, shares the kernels of "unity"."""
    return [scattering_kernels(target, form_factor=_kernel_spec(form_factor), flavor=flavor, couplings=couplings,
                               sin2_theta_w=sin2_theta_w, axial=axial)[0] for flavor in flavors]


def _kernel_spec(form_factor):
    """The form-factor specification :func:`_rate_kernels` resolves kernels with."""
    return form_factor if isinstance(form_factor, str) else "unity"


def _same_rate(a, b) -> bool:
    """Whether kernels ``a`` and ``b`` (one isotope, two flavors) turn the same flux moments into the same rate: equal
    but for the flavor and the sign of G_A, which enters as G_A² (a nucleus) or also through G_V G_A (a free
    nucleon, where the signs must agree). Couplings that run with q count as different."""
    if abs(a.axial) != abs(b.axial) or (a.interference and a.axial != b.axial):
        return False
    try:
        return bool(replace(b, flavor=a.flavor, axial=a.axial) == a)
    except (TypeError, ValueError):  # a user's form-factor model holding arrays
        return False


def _summed_tables(tables, target, form_factor="helm", couplings="tree", sin2_theta_w=None, axial=True,
                   model=None) -> dict:
    """The moment tables with those of flavors that have the same rate per moment on every isotope (tree-level
    couplings: all flavors) and the same panels summed into one, under the first flavor's name.

    The total spectrum is linear in the tables, so it is unchanged (to rounding), and each group costs one flavor
    (the three flavors of a stopped-pion source: one). A model acts per flavor: then nothing is summed.
    """
    if model is not None or len(tables) < 2:
        return tables
    flavors = tuple(tables)
    kernels = dict(zip(flavors, _rate_kernels(target, flavors, form_factor, couplings, sin2_theta_w, axial)))
    groups = {}  # first flavor → the flavors summed with it
    for flavor in flavors:
        home = next((first for first, members in groups.items()
                     if _MomentTable.summable([tables[f] for f in members] + [tables[flavor]])
                     and all(map(_same_rate, kernels[first], kernels[flavor]))), None)
        groups.setdefault(flavor if home is None else home, []).append(flavor)
    return {first: _MomentTable.summed([tables[f] for f in members]) for first, members in groups.items()}


#: sin²θ_W at which :meth:`RecoilRates.batch_spectrum` evaluates spectra (three) and checks them (the fourth).
_REFERENCE_ANGLES = (0.2, 0.23, 0.26, 0.24)


def _lagrange(s2, xp=np):
    """Lagrange weights (points, 3) of the three reference angles at sin²θ_W values ``s2``."""
    x = _REFERENCE_ANGLES[:3]
    return xp.stack([(s2 - x[(j + 1) % 3]) * (s2 - x[(j + 2) % 3]) / ((x[j] - x[(j + 1) % 3]) * (x[j] - x[(j + 2) % 3]))
                     for j in range(3)], axis=1)


def _array_namespace(backend, *values):
    """numpy, or jax.numpy when asked for or when any value is a JAX array."""
    if backend not in (None, "numpy", "jax"):
        raise UnknownNameError("backend", str(backend), ["numpy", "jax"])
    if backend is None:
        backend = "jax" if any(type(v).__module__.startswith("jax") for v in values) else "numpy"
    if backend == "numpy":
        return np
    try:
        import jax.numpy as jnp
    except ImportError:
        raise OptionalDependencyError("backend='jax'", "jax", "jax") from None
    return jnp


def _neutron_radius(form_factor, radius):
    """The form-factor specification with a Helm neutron density of rms ``radius`` (unchanged if None)."""
    if radius is None:
        return form_factor
    neutron = Helm.from_rms_radius(radius)
    return lambda iso: (nucleon_form_factors(form_factor, iso)[0], neutron)


def _points(xp=np, **values):
    """The parameter arrays of a batch as 1-d arrays of one common length (None stays None)."""
    given = {name: xp.ravel(v) for name, v in values.items() if v is not None}
    sizes = {v.size for v in given.values()} - {1}
    if len(sizes) > 1:
        raise OutOfDomainError("the parameter arrays of a batch must have one length (or 1), got "
                               + ", ".join(f"{name}: {v.size}" for name, v in given.items()))
    points = sizes.pop() if sizes else 1
    return [None if v is None else xp.broadcast_to(xp.ravel(v), (points,)) for v in values.values()]


def recoil_rates(flux, target, recoil_energies=None, recoil_weights=None, **grid) -> RecoilRates:
    """Precompute the flux moments of ``flux`` on ``target``.

    Parameters
    ----------
    flux : cevns.sources.Flux
    target : Isotope, Material or name
    recoil_energies, recoil_weights : array_like [energy], optional
        Your own grid; by default :func:`recoil_grid` (``grid`` keywords pass there).
    """
    target = as_target(target)
    if recoil_energies is None:
        recoil_energies, recoil_weights = recoil_grid(flux, target, **grid)
    T = _validate.non_negative("recoil_energies", recoil_energies, unit="keV", unit_value=keV).ravel()
    weights = np.zeros_like(T) if recoil_weights is None else np.asarray(recoil_weights, dtype=float).ravel()
    return _recoil_rates(flux, target, T, weights, _moment_tables(flux))


def _moment_tables(flux) -> dict:
    return {flavor: _MomentTable.build(flux, flavor) for flavor in flux.flavors}


def _recoil_rates(flux, target, T, weights, tables) -> RecoilRates:
    isotopes, fractions = isotopes_and_fractions(target)
    masses = np.array([iso.mass for iso in isotopes])[:, None]
    moments = np.empty((len(isotopes), len(tables), 4, T.size))
    for k, table in enumerate(tables.values()):
        table.moments(T, masses, out=moments[:, k].transpose(1, 0, 2))
    return RecoilRates(flux, target, T, weights, isotopes, fractions, tuple(tables), moments[:, :, :3],
                       moments[:, :, 3])


def recoil_spectrum(recoil_energy, flux, target, *, threads: int | None = None, **physics) -> np.ndarray:
    """dR/dT [flux normalization × area/energy] per target nucleus at recoil energies T, all flavors summed.

    ``physics`` keywords (form_factor, couplings, sin2_theta_w, axial, model) are those of
    :func:`cevns.differential_cross_section`. For a material, the number-fraction mean over isotopes.
    Any number of recoil energies: they are handled ``SPECTRUM_CHUNK`` at a time, so memory stays bounded;
    more than one chunk runs on ``threads`` threads (default: the cores available; 1 runs them in order here),
    with the same result to the last bit.
    """
    T = _validate.non_negative("recoil_energy", recoil_energy, unit="keV", unit_value=keV, copy=False)
    if threads is not None:
        threads = _validate.check_count("threads", threads, minimum=1, maximum=MAX_THREADS)
    target, flat = as_target(target), T.ravel()
    tables = _summed_tables(_moment_tables(flux), target, **physics)
    out = np.empty(flat.size)

    def evaluate(part):
        out[part] = _recoil_rates(flux, target, flat[part], np.zeros(0), tables).total_spectrum(**physics)

    for_each_chunk(evaluate, chunks(flat.size, SPECTRUM_CHUNK), threads)
    return out.reshape(T.shape)
