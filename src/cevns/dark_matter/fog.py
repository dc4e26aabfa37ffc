"""Discovery limits, the neutrino fog and its floor.

Statistics (Billard, Strigari & Figueroa-Feliciano 2014; O'Hare 2021). Counts in recoil-energy bins i are Poisson
with mean μ_i = E [σ s_i + Σ_k θ_k b_ki] for an exposure E (mass × time), a WIMP–nucleon cross section σ, the WIMP
template s_i (counts per unit exposure and cross section) and neutrino backgrounds b_ki whose normalizations θ_k
carry Gaussian constraints of width δ_k around 1. A WIMP is discovered at Z σ when the profile likelihood ratio
of the background-only hypothesis,

    q₀ = min_θ { 2 Σ_i [μ_i(θ) − n_i + n_i ln(n_i/μ_i(θ))] + Σ_k (θ_k − 1)²/δ_k² },

reaches Z². On Asimov data n_i = E [σ s_i + Σ_k b_ki] the value of q₀ is the median of its distribution under the
signal hypothesis (Cowan, Cranmer, Gross & Vitells 2011), so the median discovery limit σ_DL(E) solves q₀ = Z²
(Z = 3 by default, as in both papers). The asymptotic (Wilks/Wald) formulae hold when the counts that drive the
discovery are large, i.e. in the Poisson and saturated regimes that define the fog; in the background-free
regime (≲ 1 background event) they are not, and the limit is instead held at a minimum signal count (default
0.5 events, as O'Hare's code does).

The fog index n = −(d ln σ_DL / d ln N)⁻¹ = −d ln E / d ln σ_DL (N ∝ E: background events) is 1 without
background, 2 in the Poisson regime and grows without bound where the background uncertainty saturates the limit;
the floor is the cross section where n first reaches 2 as the exposure grows (O'Hare 2021).

Speed. The background per component and the WIMP template per mass are binned once; an exposure step is then a
Newton solve in ln σ (the derivative of the profiled q₀ comes for free by the envelope theorem) around a Newton
solve of the few θ_k, all exposures at once as small array operations. The per-bin Poisson term is evaluated as
n·[x − ln(1 + x)], x = (μ − n)/n, with μ − n formed from θ − 1 directly, so huge exposures lose no precision.

References
----------
J. Billard, L. Strigari, E. Figueroa-Feliciano, PRD 89 (2014) 023524, arXiv:1307.5458.
C. A. J. O'Hare, PRL 127 (2021) 251802, arXiv:2109.03116.
G. Cowan, K. Cranmer, E. Gross, O. Vitells, EPJC 71 (2011) 1554, arXiv:1007.1727.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import numpy as np

from .. import _validate
from .._array import gauss_legendre
from ..errors import OutOfDomainError
from ..nuclei import as_target
from ..units import GeV, c_light, cm2, keV, tonne, year
from .backgrounds import binned_background, neutrino_components
from .halo import as_halo
from .wimp import INTERACTIONS, nuclei_per_mass, rate_per_nucleus

__all__ = ["DiscoveryProblem", "discovery_problem", "FogResult"]

#: O'Hare (2021) recoil window and binning: 50 logarithmic bins from 1e-4 to 200 keV.
DEFAULT_THRESHOLD = 1.0e-4 * keV
DEFAULT_MAX_RECOIL = 200.0 * keV
DEFAULT_BINS = 50
#: O'Hare's code asks for at least 0.5 signal events before testing for a discovery.
DEFAULT_MIN_SIGNAL = 0.5
#: Gauss–Legendre nodes per bin for the WIMP template (the bin is cut at the kinematic end point first).
_SIGNAL_NODES = 8
_NEWTON_TOL = 1e-9
#: Internal scale of exposures (the statistics run in tonne·year, where counts are O(1) numbers).
_EXPOSURE_UNIT = tonne * year
_TINY = 1e-100
_NEWTON_MAX = 50


def _poisson_term(x):
    """x − ln(1 + x), accurate for small |x| (series below 1e-3)."""
    small = np.abs(x) < 1e-3
    xs = np.where(small, 0.0, x)
    exact = xs - np.log1p(xs)
    series = x * x * (0.5 - x / 3.0 + x * x / 4.0)
    return np.where(small, series, exact)


@dataclass(frozen=True, eq=False)
class FogResult:
    """Discovery limits over a (mass × exposure) grid, the fog index, the floor.

    Attributes
    ----------
    masses : ndarray (m,) [energy]
    exposures : ndarray (e,) [mass · time]
    cross_sections : ndarray (m, e) [area]
        Median discovery limit σ_DL at each exposure.
    index : ndarray (m, e)
        Fog index n along each discovery-limit curve (inf where the limit no longer improves).
    floor : ndarray (m,) [area]
        σ where n first reaches 2 (nan if it never does in the exposure range).
    one_event_floor : ndarray (m,) [area]
    background_events : ndarray (e,)
        Expected neutrino events at each exposure (whole window).
    """

    masses: np.ndarray
    exposures: np.ndarray
    cross_sections: np.ndarray
    index: np.ndarray
    floor: np.ndarray
    one_event_floor: np.ndarray
    background_events: np.ndarray
    meta: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Plain numbers in GeV, cm², tonne·year (for JSON)."""
        return {
            **self.meta,
            "mass_GeV": self.masses / GeV,
            "exposure_tonne_year": self.exposures / (tonne * year),
            "discovery_limit_cm2": self.cross_sections / cm2,
            "fog_index": self.index,
            "floor_cm2": self.floor / cm2,
            "one_event_floor_cm2": self.one_event_floor / cm2,
            "background_events": self.background_events,
        }

    def index_map(self, cross_sections) -> np.ndarray:
        """The fog index n on a grid of cross sections [area] (shape (len(cross_sections), m)), for a fog map.

        Above the limit at the smallest exposure n = 1 (background free); below the lowest limit reached, nan.
        """
        sig = np.log(np.asarray(cross_sections, dtype=float))
        out = np.full((sig.size, self.masses.size), np.nan)
        for j in range(self.masses.size):
            curve = np.log(self.cross_sections[j])
            order = np.argsort(curve)
            n = np.minimum(self.index[j], 1e6)
            vals = np.interp(sig, curve[order], n[order], left=np.nan, right=1.0)
            out[:, j] = vals
        return out


@dataclass(frozen=True, eq=False)
class DiscoveryProblem:
    """Everything the fog needs, binned once: the neutrino background per component and the WIMP model.

    Build it with :func:`discovery_problem`. It holds arrays and small frozen models only (it pickles, so Dask
    workers can receive it).
    """

    target: object
    interaction: str
    halo: object
    bin_edges: np.ndarray
    component_names: tuple
    uncertainties: np.ndarray
    background: np.ndarray  # (K, bins) counts per unit exposure
    fn_over_fp: float = 1.0
    form_factor: object = "helm"
    significance: float = 3.0
    min_signal: float = DEFAULT_MIN_SIGNAL

    # ------------------------------------------------------------------ signal
    def signal(self, masses) -> np.ndarray:
        """WIMP counts per bin per unit exposure per unit cross section, shape (masses, bins) [1/(mass·time·area)]."""
        masses = np.atleast_1d(_validate.positive("mass", masses, unit="GeV", unit_value=GeV))
        edges = self.bin_edges
        isotopes, per_mass = nuclei_per_mass(self.target)
        halo = self.halo
        v = halo.max_speed / c_light
        out = np.zeros((masses.size, edges.size - 1))
        m = masses[:, None, None]
        for iso, n_i in zip(isotopes, per_mass):
            mu = masses * iso.mass / (masses + iso.mass)
            t_max = 2.0 * mu * mu * v * v / iso.mass  # (masses,)
            high = np.minimum(edges[1:], t_max[:, None])
            low = np.minimum(edges[:-1], high)
            T, w = gauss_legendre(low, high, _SIGNAL_NODES)  # (masses, bins, nodes)
            rate = rate_per_nucleus(T, iso, m, 1.0, interaction=self.interaction, halo=halo,
                                    v_lab=halo.mean_lab_speed, fn_over_fp=self.fn_over_fp,
                                    form_factor=self.form_factor)
            out += n_i * np.sum(w * rate, axis=-1)
        return out

    # ------------------------------------------------------------------ statistics
    def _newton_theta(self, E, S, n, eps):
        """One Newton step of the background normalizations θ = 1 + ε (minimizing the q₀ objective)."""
        b, bb = self._b, self._bb
        inv_var = 1.0 / self.uncertainties**2
        diff = E * (eps @ b) - S  # μ − n
        mu = n + diff
        grad = 2.0 * E * ((diff / mu) @ b.T) + 2.0 * eps * inv_var
        hess = (2.0 * E**2 * ((n / mu**2) @ bb)).reshape(-1, b.shape[0], b.shape[0]) + np.diag(2.0 * inv_var)
        step = np.linalg.solve(hess, grad[..., None])[..., 0]
        new = np.maximum(eps - step, -1.0 + 1e-12)  # θ ≥ 0
        return new, np.max(np.abs(new - eps), axis=-1)

    def _q0(self, E, S, n, eps):
        """q₀ and dq₀/d ln σ (envelope theorem: exact at the profiled θ)."""
        x = (E * (eps @ self._b) - S) / n
        q0 = 2.0 * np.sum(n * _poisson_term(x), axis=-1) + np.sum(eps**2 / self.uncertainties**2, axis=-1)
        return q0, -2.0 * np.sum(S * np.log1p(x), axis=-1)

    @property
    def _b(self):
        return self._arrays[0]

    @property
    def _btot(self):
        return self._arrays[1]

    @property
    def _bb(self):
        return self._arrays[2]

    @property
    def _arrays(self):
        cache = self.__dict__.get("_cache")
        if cache is None:
            # counts per tonne·year, entries below 1e-100 set to 0: products of tiny numbers would otherwise
            # become subnormal floats, which slow every array operation by orders of magnitude
            b = self.background * _EXPOSURE_UNIT
            b = np.where(b > _TINY, b, 0.0)
            keep = b.sum(axis=0) > 0
            b = b[:, keep]
            cache = (b, b.sum(axis=0), (b[:, None, :] * b[None, :, :]).reshape(-1, b.shape[1]).T.copy(), keep)
            object.__setattr__(self, "_cache", cache)
        return cache

    def discovery_limit(self, mass, exposures, *, signal=None) -> np.ndarray:
        """Median discovery limit σ_DL [area] at each exposure [mass · time] for one WIMP mass.

        Returns inf where the WIMP gives no events in the window.
        """
        with _single_thread_blas():
            return self._discovery_limit(mass, exposures, signal)

    def _discovery_limit(self, mass, exposures, signal):
        exposures = np.atleast_1d(_validate.positive("exposures", exposures))
        s_all = self.signal(mass)[0] if signal is None else np.asarray(signal, dtype=float)
        keep = self._arrays[3]
        s_total = s_all.sum()
        if s_total <= 0:
            return np.full(exposures.shape, np.inf)
        floor_sigma = self.min_signal / (exposures * s_total)
        if np.any(s_all[~keep] > 0):  # signal where there is no background at all: background free
            return floor_sigma
        s = s_all[keep] * _EXPOSURE_UNIT * cm2  # counts per tonne·year per cm²
        exposures = exposures / _EXPOSURE_UNIT
        z2 = self.significance**2
        E = exposures[:, None]
        B = E * self._btot
        # 1) without nuisance parameters q₀ = 2 Σ [(S + B) ln(1 + S/B) − S]: Newton in u = ln σ from Z√B/S
        u = np.log((z2 + self.significance * np.sqrt(B.sum(axis=-1))) / (exposures * s.sum()))
        for _ in range(_NEWTON_MAX):
            S = E * np.exp(u)[:, None] * s
            r = S / B
            q0 = 2.0 * np.sum(B * ((1.0 + r) * np.log1p(r) - r), axis=-1)
            slope = 2.0 * np.sum(S * np.log1p(r), axis=-1) / q0
            step = np.clip((np.log(q0) - np.log(z2)) / slope, -3.0, 3.0)
            u = u - step
            if np.max(np.abs(step)) < 1e-3:
                break
        # 2) profiling the background normalizations raises σ: joint Newton steps on θ and on u, each exposure
        #    leaving the active set once converged
        eps = np.zeros((exposures.size, self._b.shape[0]))
        active = np.arange(exposures.size)
        for _ in range(_NEWTON_MAX):
            Ea, Ba, ua = E[active], B[active], u[active]
            S = Ea * np.exp(ua)[:, None] * s
            n = S + Ba
            new_eps, moved = self._newton_theta(Ea, S, n, eps[active])
            q0, dq0 = self._q0(Ea, S, n, new_eps)
            step = np.clip((np.log(np.maximum(q0, 1e-300)) - np.log(z2)) / np.maximum(dq0 / q0, 0.05), -1.0, 1.0)
            eps[active] = new_eps
            u[active] = ua - step
            done = (np.abs(step) < 1e-7) & (moved < _NEWTON_TOL)
            active = active[~done]
            if active.size == 0:
                break
        return np.maximum(np.exp(u) * cm2, floor_sigma)

    def one_event_floor(self, masses) -> np.ndarray:
        """The one-neutrino-event floor (Billard et al. 2014): the smallest over thresholds (the bin edges) of the
        cross section giving 2.3 WIMP events at the exposure that gives one neutrino event [area]."""
        return self._one_event_floor_from(self.signal(masses))

    def _one_event_floor_from(self, signal) -> np.ndarray:
        above_s = np.cumsum(signal[:, ::-1], axis=1)[:, ::-1]
        above_b = np.cumsum(self.background.sum(axis=0)[::-1])[::-1]
        with np.errstate(divide="ignore", invalid="ignore"):
            sigma = np.where(above_s > 0, 2.3 * above_b / np.where(above_s > 0, above_s, 1.0), np.inf)
        return np.min(sigma, axis=1)

    def fog(self, masses, exposures=None, *, progress: bool = False) -> FogResult:
        """Discovery limits, fog index and floor for each mass over an exposure grid.

        Parameters
        ----------
        masses : array_like [energy]
        exposures : array_like [mass · time], optional
            Default: 10⁻⁵ to 10¹⁹ tonne·year, 10 per decade (O'Hare 2021's range).
        progress : bool
            Show a progress bar (needs ``tqdm``).
        """
        masses = np.atleast_1d(_validate.positive("masses", masses, unit="GeV", unit_value=GeV))
        exposures = default_exposures() if exposures is None else np.sort(np.atleast_1d(
            _validate.positive("exposures", exposures)))
        signals = self.signal(masses)
        limits = np.empty((masses.size, exposures.size))
        iterator = range(masses.size)
        if progress:
            iterator = _progress(iterator, masses.size)
        for j in iterator:
            limits[j] = self.discovery_limit(masses[j], exposures, signal=signals[j])
        index = fog_index(limits, exposures)
        floor = np.array([_first_crossing(limits[j], index[j]) for j in range(masses.size)])
        bkg = exposures * self.background.sum()
        meta = {"target": getattr(self.target, "name", str(self.target)), "interaction": self.interaction,
                "halo": self.halo.name, "threshold_keV": self.bin_edges[0] / keV,
                "max_recoil_keV": self.bin_edges[-1] / keV, "bins": self.bin_edges.size - 1,
                "significance": self.significance, "components": list(self.component_names),
                "uncertainties": self.uncertainties.tolist()}
        return FogResult(masses, exposures, limits, index, floor, self._one_event_floor_from(signals), bkg, meta)


def _single_thread_blas():
    """Limit BLAS to one thread where threadpoolctl is installed: the matrices here are tiny, and a
    multithreaded BLAS on a busy machine is many times slower than one thread."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def default_exposures(low: float = 1e-5, high: float = 1e19, per_decade: int = 10) -> np.ndarray:
    """Log-spaced exposures [mass · time] from ``low`` to ``high`` tonne·year."""
    decades = np.log10(high) - np.log10(low)
    return np.geomspace(low, high, int(round(decades * per_decade)) + 1) * tonne * year


def fog_index(limits, exposures) -> np.ndarray:
    """n = −d ln E / d ln σ_DL along each discovery-limit curve (last axis); inf where σ_DL stops falling."""
    ln_s = np.log(np.asarray(limits))
    ln_e = np.log(np.asarray(exposures))
    d_s = np.gradient(ln_s, ln_e, axis=-1)
    with np.errstate(divide="ignore"):
        return np.where(d_s < 0, -1.0 / d_s, np.inf)


def _first_crossing(limit, index, level: float = 2.0) -> float:
    above = np.nonzero(index >= level)[0]
    if above.size == 0 or not np.all(np.isfinite(limit)):
        return np.nan
    j = above[0]
    if j == 0:
        return float(limit[0])
    n0, n1 = index[j - 1], min(index[j], 1e6)
    f = (level - n0) / (n1 - n0)
    return float(np.exp((1 - f) * np.log(limit[j - 1]) + f * np.log(limit[j])))


def _progress(iterable, total):
    try:
        from tqdm.auto import tqdm
    except ImportError:
        from ..errors import OptionalDependencyError

        raise OptionalDependencyError("a progress bar", "tqdm", "dask") from None
    return tqdm(iterable, total=total, desc="fog", unit="mass")


def discovery_problem(target, *, interaction: str = "si", halo=None, threshold: float = DEFAULT_THRESHOLD,
                      max_recoil: float = DEFAULT_MAX_RECOIL, bins: int = DEFAULT_BINS, components=None,
                      couplings="tree", fn_over_fp: float = 1.0, form_factor="helm", significance: float = 3.0,
                      min_signal: float = DEFAULT_MIN_SIGNAL) -> DiscoveryProblem:
    """Bin the neutrino backgrounds of a target once and set up its WIMP discovery problem.

    Parameters
    ----------
    target : Isotope, Material or name
        ``"Xe"``, ``"Ar"``, ``"Ge"``, ``"Si"``, ``"NaI"``, ``"CaWO4"``, ``"C3F8"``, ``"CF3I"``, ``"He"`` ...
    interaction : {"si", "sdp", "sdn"}
    halo : StandardHaloModel or name, optional (default Baxter et al. 2021)
    threshold, max_recoil : float [energy]
        The recoil-energy window (default 0.1 eV to 200 keV, O'Hare 2021: an ideal detector).
    bins : int
        Logarithmic bins in the window (default 50).
    components : sequence of NeutrinoComponent, optional
        Default :func:`cevns.dark_matter.backgrounds.neutrino_components` (B16-GS98, atmospheric, DSNB), with the
        solar fluxes MSW-oscillated when ``couplings`` is not tree level (tree level is flavor blind).
    couplings : str
        CEvNS coupling scheme of the background (tree level by default).
    significance : float
        Z of the median discovery (q₀ = Z²).
    """
    target = as_target(target)
    interaction = _validate.choice("WIMP interaction", str(interaction).lower(), {k: k for k in INTERACTIONS})
    threshold = _validate.positive_scalar("threshold", threshold, unit="keV", unit_value=keV)
    max_recoil = _validate.positive_scalar("max_recoil", max_recoil, unit="keV", unit_value=keV)
    if not max_recoil > threshold:
        raise OutOfDomainError(f"max_recoil={max_recoil / keV:g} keV must be above threshold={threshold / keV:g} keV")
    if int(bins) < 1:
        raise OutOfDomainError(f"bins must be >= 1, got {bins}")
    _validate.positive_scalar("significance", significance)
    if components is None:  # MSW matters only through flavor-dependent (radiatively corrected) couplings
        components = neutrino_components(msw=couplings != "tree")
    components = tuple(components)
    edges = np.geomspace(threshold, max_recoil, int(bins) + 1)
    background = binned_background(edges, target, components, couplings=couplings)
    return DiscoveryProblem(target=target, interaction=interaction, halo=as_halo(halo), bin_edges=edges,
                            component_names=tuple(c.name for c in components),
                            uncertainties=np.array([c.uncertainty for c in components]), background=background,
                            fn_over_fp=float(fn_over_fp), form_factor=form_factor, significance=float(significance),
                            min_signal=float(min_signal))
