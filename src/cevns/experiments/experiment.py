"""An experiment: a target of given mass, exposed to a flux, read out through a detector response.

:class:`Experiment` declares it; :class:`Prediction` precomputes everything that depends only on grids (flux
moments on the recoil grid, response matrices, timing fractions) so that expected counts for new physics or
nuisance values cost a few small matrix products.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType

import numpy as np

from .._table import column, to_dataframe
from .._validate import choice
from ..errors import InvalidSpecError
from ..rates import recoil_grid, recoil_rates
from ..sources import Normalization
from ..units import UNITS, keV
from .oscillation import sterile_counts, sterile_part

PER_AREA_PER_TIME, PER_PROTON_ON_TARGET = Normalization.PER_AREA_TIME, Normalization.PER_PROTON_ON_TARGET

__all__ = ["Experiment", "Prediction", "check_exposure"]


def check_exposure(flux, live_time, protons_on_target, where: str) -> None:
    """Raise unless the flux's normalization can be turned into counts with the exposure given.

    An experiment multiplies a flux per area per time by a live time, or a flux per proton on target by a number
    of protons on target. A fluence (a supernova burst), a flux per fission or a whole-reactor emission rate are
    not fluxes at a detector per unit exposure.
    """
    normalization = Normalization.parse(flux.normalization)
    if normalization is PER_PROTON_ON_TARGET:
        if protons_on_target is None:
            raise InvalidSpecError(f"{where}: the flux is {normalization!r}; give exposure.protons_on_target")
    elif normalization is PER_AREA_PER_TIME:
        if live_time is None:
            raise InvalidSpecError(f"{where}: the flux is {normalization!r}; give exposure.live_time")
    else:
        raise InvalidSpecError(
            f"{where}: source {getattr(flux, 'name', '')!r} is a flux {normalization!r}; an experiment needs a flux "
            f"{PER_AREA_PER_TIME!r} or {PER_PROTON_ON_TARGET!r} (for a supernova burst, fold the fluence with "
            "cevns.rates directly)")

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
    spec : ExperimentSpec
        The validated specification it was built from (for :func:`~cevns.experiments.to_dict`).
    built : tuple
        The (target, flux, response, time window) built from ``spec``.

    Notes
    -----
    The mappings and the bin edges are read-only, so a cached preset cannot be changed by a caller; make a new one
    with :func:`dataclasses.replace`.
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
    spec: object = field(default=None, repr=False)
    built: tuple = field(default=(), repr=False)

    def __post_init__(self):
        edges = np.array(self.bin_edges, dtype=float)
        edges.setflags(write=False)
        object.__setattr__(self, "bin_edges", edges)
        for name in ("physics", "published", "metadata"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        if not (isinstance(self.target_mass, (int, float)) and self.target_mass > 0):
            raise InvalidSpecError(f"{self.name}: target_mass must be a positive mass, got {self.target_mass!r}")

    @property
    def exposure_factor(self) -> float:
        """What multiplies the flux: live time [time] for a flux per time, POT for a flux per proton on target."""
        check_exposure(self.flux, self.live_time, self.protons_on_target, self.name)
        normalization = Normalization.parse(self.flux.normalization)
        return self.protons_on_target if normalization is PER_PROTON_ON_TARGET else self.live_time

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
    ``couplings``, ``sin2_theta_w`` (physics; default the experiment's), ``model`` (new physics, see
    :mod:`cevns.physics.interactions`), ``flux_norm`` (a scale factor), and
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
        self._cells = {}
        self._nominal_matrices = None
        self._by_threshold = {}
        self._kernels = {}

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

    def recoil_counts(self, *, form_factor=None, couplings=None, sin2_theta_w=None, axial=True,
                      model=None) -> np.ndarray:
        """Expected counts in each recoil cell of the grid, per (isotope, flavor, T node), before the response.

        Each coupling scheme owns its sin²θ_W convention: the experiment's ``sin2_theta_w`` (written only where its
        publication fixed it) goes with the experiment's scheme; a caller who passes ``couplings`` gets that
        scheme's default angle unless ``sin2_theta_w`` is passed too (mixing conventions is then explicit).
        ``model`` adds new physics (:meth:`cevns.rates.RecoilRates.spectrum`; a sterile state changes the flux,
        which :meth:`counts` handles).
        """
        form_factor, couplings, sin2_theta_w = self._physics(form_factor, couplings, sin2_theta_w)
        spectrum = self.rates.spectrum(form_factor=form_factor, couplings=couplings, sin2_theta_w=sin2_theta_w,
                                       axial=axial, model=model)
        spectrum *= self.rates.recoil_weights  # a new array: weighted in place
        spectrum *= self.scale[:, None, None]
        spectrum *= self.time_fractions[None, :, None]
        return spectrum

    def _physics(self, form_factor, couplings, sin2_theta_w) -> tuple:
        """(form_factor, couplings, sin2_theta_w) with the experiment's defaults filled in."""
        physics = self.experiment.physics
        if couplings is None:
            couplings = physics.get("couplings", "tree")
            if sin2_theta_w is None:
                sin2_theta_w = physics.get("sin2_theta_w")
        return form_factor or physics.get("form_factor", "helm"), couplings, sin2_theta_w

    def counts(self, *, flux_norm: float = 1.0, form_factor=None, couplings=None, sin2_theta_w=None, axial=True,
               model=None, **nuisance) -> np.ndarray:
        """Expected counts per (isotope, flavor, reconstructed bin).

        Parameters
        ----------
        flux_norm : float
            Scales the flux.
        form_factor, couplings, sin2_theta_w, axial
            Physics (default: the experiment's; see :meth:`recoil_counts`).
        model : cevns.physics.interactions.Interaction, optional
            New physics; None is the Standard Model. With a sterile state the flux oscillates
            (:mod:`cevns.experiments.oscillation`) and the flavor axis is the emitted flavor, summed over the
            flavors it arrives as, with the emitted flavor's time-window fraction.
        **nuisance
            Response nuisances: ``quenching``, ``energy_scale``, ``efficiency`` (see
            :meth:`cevns.detectors.ResponseMatrix.evaluate`) and ``threshold`` [observable: PE, or energy].

        Notes
        -----
        The nominal counts of each physics choice named by strings are cached, so a new ``flux_norm`` costs one
        multiplication; a new threshold rebuilds (and caches) the response for it. Counts with a model are not
        cached (a scan would fill the cache).
        """
        if sterile_part(model)[0] is not None:  # the flux changes: counts from the oscillation kernel
            physics = self._physics(form_factor, couplings, sin2_theta_w)
            return flux_norm * sterile_counts(self, self._kernels, model, *physics, axial, nuisance)
        physics = (form_factor, couplings, sin2_theta_w, axial)
        try:
            hash(physics)
        except TypeError:
            physics = None
        cacheable = physics is not None and isinstance(form_factor, (str, type(None))) and model is None
        if not nuisance and cacheable and physics in self._nominal:
            return flux_norm * self._nominal[physics]
        cells = self._cells.get(physics) if cacheable else None
        if cells is None:
            cells = self.recoil_counts(form_factor=form_factor, couplings=couplings, sin2_theta_w=sin2_theta_w,
                                       axial=axial, model=model)
            if cacheable:
                self._cells[physics] = cells
        out = cells @ self._matrices(nuisance).transpose(0, 2, 1)  # (isotope, flavor, bin): BLAS, not einsum
        if not nuisance and cacheable:
            out.setflags(write=False)
            self._nominal[physics] = out
        return flux_norm * out

    def batch_counts(self, *, flux_norm=1.0, sin2_theta_w=None, neutron_radius=None, form_factor=None,
                     couplings=None, axial=True, backend=None):
        """Expected counts per reconstructed bin (summed over isotopes and flavors) for many points, (points, bins).

        Parameters
        ----------
        flux_norm : array_like (points,)
            Scales the flux of each point.
        sin2_theta_w : array_like (points,), optional
            sin²θ_W of each point (default: the experiment's, as in :meth:`recoil_counts`).
        neutron_radius : array_like (points,) [length], optional
            rms radius of a Helm neutron density replacing every isotope's neutron form factor.
        form_factor, couplings, axial
            Physics common to all points (default: the experiment's).
        backend : {None, "numpy", "jax"}
            As in :meth:`cevns.rates.RecoilRates.batch_spectrum`: a JAX result is differentiable in
            ``sin2_theta_w`` and ``flux_norm``.

        Notes
        -----
        The counts are linear in the spectrum, and the spectrum is quadratic in sin²θ_W: the nominal response turns
        three spectra (per distinct radius) into three count vectors, and all points follow from one
        (points × 3) @ (3 × bins) product (:meth:`cevns.rates.RecoilRates.batch`). Response nuisances are not
        batched: use :meth:`counts`.
        """
        form_factor, couplings, sin2_theta_w = self._physics(form_factor, couplings, sin2_theta_w)
        matrices = self._matrices({})
        weights = self.rates.recoil_weights * self.scale[:, None, None] * self.time_fractions[None, :, None]

        def counts(spectrum):
            return np.einsum("ift,ibt->b", spectrum * weights, matrices)

        return self.rates.batch(counts, sin2_theta_w=sin2_theta_w, neutron_radius=neutron_radius, scale=flux_norm,
                                form_factor=form_factor, couplings=couplings,
                                axial=axial, backend=backend, scale_name="flux_norm")

    def _matrices(self, nuisance: dict) -> np.ndarray:
        """Response matrices (isotope, bin, T) for the nuisance values (the nominal ones computed once)."""
        nuisance = dict(nuisance)
        if "threshold" in nuisance:
            responses = self._responses_with_threshold(nuisance.pop("threshold"))
        elif not nuisance:
            if self._nominal_matrices is None:
                self._nominal_matrices = np.stack([r.matrix for r in self.responses])
            return self._nominal_matrices
        else:
            responses = self.responses
        return np.stack([r.evaluate(**nuisance) if nuisance else r.matrix for r in responses])

    def _responses_with_threshold(self, threshold) -> list:
        if threshold not in self._by_threshold:
            e = self.experiment
            response = replace(e.response, threshold=threshold)
            T = self.rates.recoil_energies
            self._by_threshold[threshold] = [response.build(T, e.bin_edges, isotope=iso)
                                             for iso in self.rates.isotopes]
        return self._by_threshold[threshold]

    def total(self, **params) -> float:
        """Total expected counts in all bins."""
        return float(self.counts(**params).sum())

    def recoil_range(self) -> tuple[float, float]:
        T = self.rates.recoil_energies
        return float(T.min()) / keV, float(T.max()) / keV

    def counts_table(self, **params) -> dict:
        """Expected counts per reconstructed bin as labelled columns: the bin edges in the bin unit, the counts of
        each flavor and of each isotope, and their total (``params`` as for :meth:`counts`)."""
        e = self.experiment
        unit = e.bin_unit
        edges = e.bin_edges / UNITS.get(unit, 1.0)  # PE and e- are counts already
        counts = self.counts(**params)
        table = {column("bin_low", unit): edges[:-1], column("bin_high", unit): edges[1:]}
        table |= {column(f"counts {f}"): counts[:, k].sum(0) for k, f in enumerate(self.rates.flavors)}
        table |= {column(f"counts {iso.name}"): counts[i].sum(0) for i, iso in enumerate(self.rates.isotopes)}
        return table | {column("counts"): counts.sum(axis=(0, 1))}

    def recoil_table(self, **physics) -> dict:
        """The recoil spectrum dN/dT before the detector response on the recoil grid, per isotope and flavor and in
        total, as labelled columns (``physics`` as for :meth:`recoil_counts`)."""
        cells = self.recoil_counts(**physics) / self.rates.recoil_weights * keV
        table = {column("T", "keV"): self.rates.recoil_energies / keV}
        for i, iso in enumerate(self.rates.isotopes):
            for k, flavor in enumerate(self.rates.flavors):
                table[column(f"dN/dT {iso.name} {flavor}", "keV^-1")] = cells[i, k]
        return table | {column("dN/dT", "keV^-1"): cells.sum(axis=(0, 1))}

    def to_dataframe(self, kind: str = "counts", **params):
        """:meth:`counts_table` (``kind="counts"``) or :meth:`recoil_table` (``kind="recoil"``) as a
        :class:`pandas.DataFrame` (``pip install 'cevns[pandas]'``)."""
        table = choice("table kind", kind, {"counts": self.counts_table, "recoil": self.recoil_table})
        return to_dataframe(table(**params))
