"""An experiment: a target of given mass, exposed to a flux, read out through a detector response.

:class:`Experiment` declares it; :class:`Prediction` precomputes everything that depends only on grids (flux
moments on the recoil grid, response matrices, timing fractions) so that expected counts for new physics or
nuisance values cost a few small matrix products.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ..errors import InvalidSpecError
from ..rates import recoil_grid, recoil_rates
from ..units import keV

__all__ = ["Experiment", "Prediction"]

#: Recoils whose mean observable exceeds this many times the last bin edge are left out of the recoil grid:
#: no resolution in use moves them into a bin.
OBSERVABLE_HEADROOM = 3.0


@dataclass(frozen=True, kw_only=True, eq=False)
class Experiment:
    """A CEvNS measurement or study.

    Attributes
    ----------
    name : str
    target : Material
    target_mass : float [mass]
    flux : cevns.sources.Flux
    response : cevns.detectors.Response
    bin_edges : ndarray [observable]
        Reconstructed-energy bin edges in the response's observable (PE, keVee, keVnr → energy).
    bin_unit : str
    live_time : float [time], optional
        For a flux per area per time.
    protons_on_target : float, optional
        For a flux per proton on target.
    time_window : cevns.detectors.TimeWindow, optional
        For pulsed sources: the accepted arrival times.
    physics : dict
        Default physics choices (form_factor, couplings, sin2_theta_w).
    published : dict
        The publication's Standard Model prediction and measurement with uncertainties.
    metadata : dict
        title, reference, doi, arxiv, notes.
    spec : dict
        The specification it was built from (for round trips).
    """

    name: str
    target: object
    target_mass: float
    flux: object
    response: object
    bin_edges: np.ndarray
    bin_unit: str = "keVnr"
    live_time: float | None = None
    protons_on_target: float | None = None
    time_window: object = None
    physics: dict = field(default_factory=dict)
    published: dict = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)
    spec: dict = field(default_factory=dict, repr=False)

    @property
    def exposure_factor(self) -> float:
        """What multiplies the flux: live time [time] for a flux per time, POT for a flux per proton on target."""
        normalization = self.flux.normalization
        if "per proton" in normalization:
            if self.protons_on_target is None:
                raise InvalidSpecError(f"{self.name}: the flux is {normalization!r}; give exposure.protons_on_target")
            return self.protons_on_target
        if "per time" in normalization:
            if self.live_time is None:
                raise InvalidSpecError(f"{self.name}: the flux is {normalization!r}; give exposure.live_time")
            return self.live_time
        raise InvalidSpecError(f"{self.name}: cannot turn a flux {normalization!r} into counts")

    @cached_property
    def prediction(self) -> Prediction:
        """The precomputed :class:`Prediction` (built on first use)."""
        return Prediction(self)

    def expected_counts(self, **params) -> np.ndarray:
        """Expected counts per reconstructed bin (summed over isotopes and flavors); see :meth:`Prediction.counts`."""
        return self.prediction.counts(**params).sum(axis=(0, 1))


class Prediction:
    """Everything of an experiment that depends only on grids, computed once.

    ``counts(**params)`` then evaluates expected counts per (isotope, flavor, bin). Parameters: ``form_factor``,
    ``couplings``, ``sin2_theta_w`` (physics; default the experiment's), ``flux_norm`` (a scale factor), and
    response nuisances accepted by :meth:`cevns.detectors.ResponseMatrix.evaluate` (``quenching``,
    ``energy_scale``, ``efficiency``, ``threshold``).
    """

    def __init__(self, experiment: Experiment):
        self.experiment = experiment
        e = experiment
        reach, breaks = self._recoil_range()
        self.rates = recoil_rates(e.flux, e.target, recoil_max=reach, breaks=breaks)
        T = self.rates.recoil_energies
        t_max = float(T.max()) if T.size else 0.0
        self.responses = [e.response.build(T, e.bin_edges, isotope=iso, max_recoil_energy=t_max)
                          for iso in self.rates.isotopes]
        nuclei = e.target_mass * np.asarray(e.target.nuclei_per_mass)
        self.scale = e.exposure_factor * nuclei  # per isotope
        self.time_fractions = self._time_fractions()
        self._nominal = {}

    def _recoil_range(self) -> tuple[float, np.ndarray]:
        """The recoil energies the detector can see, and where its bin edges fall in recoil energy.

        Returns the largest useful recoil energy (where every isotope's mean observable exceeds
        ``OBSERVABLE_HEADROOM`` times the last bin edge, or the kinematic end point) and the recoil energies at
        which each isotope's mean observable crosses a bin edge or the threshold: the response changes fastest
        there (a step for perfect resolution), so the recoil grid breaks there.
        """
        e = self.experiment
        t_end = recoil_grid(e.flux, e.target)[0].max()
        T = np.concatenate([[0.0], np.geomspace(t_end * 1e-9, t_end, 6000)])
        marks = np.append(e.bin_edges, [] if e.response.threshold is None else [e.response.threshold])
        found, reach = [], 0.0
        for iso in e.target.isotopes:
            x = e.response.observable(T, isotope=iso)
            if not np.all(np.diff(x) > 0):
                return t_end, np.empty(0)
            inside = (marks > x[0]) & (marks < x[-1])
            found.append(np.interp(marks[inside], x, T))
            limit = OBSERVABLE_HEADROOM * e.bin_edges[-1]
            reach = max(reach, t_end if limit >= x[-1] else float(np.interp(limit, x, T)))
        return reach, np.concatenate(found)

    def _time_fractions(self) -> np.ndarray:
        e = self.experiment
        flavors = self.rates.flavors
        if e.time_window is None or not e.flux.is_pulsed:
            return np.ones(len(flavors))
        pdfs = {f: (lambda t, f=f: e.flux.time_pdf(t, f)) for f in flavors}
        fractions = e.time_window.fraction(pdfs)
        return np.array([fractions[f] for f in flavors])

    def recoil_counts(self, *, form_factor=None, couplings=None, sin2_theta_w=None, axial=True) -> np.ndarray:
        """Expected counts in each recoil cell of the grid, per (isotope, flavor, T node), before the response.

        Each coupling scheme owns its sin²θ_W convention: the experiment's ``sin2_theta_w`` (written only where its
        publication fixed it) goes with the experiment's scheme; a caller who passes ``couplings`` gets that
        scheme's default angle unless ``sin2_theta_w`` is passed too (mixing conventions is then explicit).
        """
        physics = self.experiment.physics
        if couplings is None:
            couplings = physics.get("couplings", "tree")
            if sin2_theta_w is None:
                sin2_theta_w = physics.get("sin2_theta_w")
        spectrum = self.rates.spectrum(form_factor=form_factor or physics.get("form_factor", "helm"),
                                       couplings=couplings, sin2_theta_w=sin2_theta_w, axial=axial)
        weights = self.rates.recoil_weights
        return spectrum * weights * self.scale[:, None, None] * self.time_fractions[None, :, None]

    def counts(self, *, flux_norm: float = 1.0, form_factor=None, couplings=None, sin2_theta_w=None, axial=True,
               **nuisance) -> np.ndarray:
        """Expected counts per (isotope, flavor, reconstructed bin)."""
        key = (form_factor, couplings, sin2_theta_w, axial)
        cells = self._nominal.get(key) if isinstance(form_factor, (str, type(None))) else None
        if cells is None:
            cells = self.recoil_counts(form_factor=form_factor, couplings=couplings, sin2_theta_w=sin2_theta_w,
                                       axial=axial)
            if isinstance(form_factor, (str, type(None))):
                self._nominal[key] = cells
        out = np.empty(cells.shape[:2] + (len(self.experiment.bin_edges) - 1,))
        for i, response in enumerate(self.responses):
            matrix = response.evaluate(**nuisance) if nuisance else response.matrix
            out[i] = cells[i] @ matrix.T
        return flux_norm * out

    def total(self, **params) -> float:
        """Total expected counts in all bins."""
        return float(self.counts(**params).sum())

    def recoil_range(self) -> tuple[float, float]:
        T = self.rates.recoil_energies
        return float(T.min()) / keV, float(T.max()) / keV
