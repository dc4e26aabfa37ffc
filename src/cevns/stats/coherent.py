"""Models of the COHERENT releases at the SNS: CENNS-10 argon (energy × F90 × time) and CsI[Na] (PE × time).

The CEvNS signal is computed by `cevns`: the stopped-pion flux and detector response of the matching
``cevns.experiments`` preset give the counts per neutrino flavor in each reconstructed-energy bin; each flavor is
spread over arrival time with its own distribution (prompt ν_μ, delayed ν_e and ν̄_μ); for argon each energy bin is
spread over F90 with the release's CEvNS F90 distribution of that bin (the recipe of the CENNS-10 release
companion, section 5). The release's CEvNS template is not used for the signal.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from .. import constants, experiments
from .._validate import choice
from ..errors import OutOfDomainError
from ..physics.form_factors import Helm, point_proton_radius
from ..sources.timing import ProtonPulse, decay_chain_convolved, exponential_convolved
from ..units import fermi, keV, us
from .likelihood import BinnedModel, Parameter, interpolate_shape, physics_sin2_theta_w
from .new_physics import new_physics as _family

__all__ = ["neutron_radius_form_factor", "CoherentModel", "arrival_time_fractions"]

#: σ(ν per proton)/(ν per proton) of the SNS flux: 0.008/0.08 (CsI 2017 release), 0.009/0.09 (CENNS-10 release).
FLUX_UNCERTAINTY = 0.10
#: Reference mixing angles at which the signal is evaluated once: counts are exactly quadratic in sin²θ_W
#: (tree-level couplings are linear in it), so three evaluations give every other value.
_S2_NODES = np.array([0.1, 0.25, 0.4])


def neutron_radius_form_factor(radius_n):
    """Form factors with Helm neutrons of rms radius ``radius_n`` [length] and Helm protons at the measured
    point-proton radius.

    ``radius_n`` is one radius for every isotope (as Cadeddu et al., PRL 120 (2018) 072501, fit Cs and I) or a
    mapping proton number Z → radius (separate radii per element).
    """
    def spec(isotope):
        if isotope.charge_radius is None:
            raise OutOfDomainError(f"{isotope.name} has no measured charge radius for its proton distribution")
        proton = Helm.from_rms_radius(point_proton_radius(isotope.charge_radius, isotope.Z, isotope.N))
        radius = radius_n[isotope.Z] if isinstance(radius_n, dict) else radius_n
        return proton, Helm.from_rms_radius(radius)

    return spec


def arrival_time_fractions(edges, flavors, *, mean: float, sigma: float, nodes: int = 64) -> np.ndarray:
    """Fraction of each flavor's SNS neutrinos arriving in each time bin, shape (flavor, bin).

    The proton pulse is a Gaussian of ``mean`` and ``sigma`` [time]; prompt ν_μ follow it convolved with the pion
    decay, ν_e and ν̄_μ the π → μ chain (:mod:`cevns.sources.timing`).
    """
    pulse = ProtonPulse(shape="gaussian", width=sigma * 2.0 * math.sqrt(2.0 * math.log(2.0)))
    x, w = np.polynomial.legendre.leggauss(nodes)
    lo, hi = np.asarray(edges[:-1])[:, None], np.asarray(edges[1:])[:, None]
    t = 0.5 * (hi - lo) * x + 0.5 * (hi + lo) - mean
    weights = 0.5 * (hi - lo) * w
    tau_pi, tau_mu = constants.charged_pion_lifetime, constants.muon_lifetime
    out = []
    for flavor in flavors:
        pdf = (exponential_convolved(t, tau_pi, pulse) if flavor == "nu_mu"
               else decay_chain_convolved(t, tau_pi, tau_mu, pulse))
        out.append((pdf * weights).sum(axis=1))
    return np.array(out)


def _region(axis, lo, hi) -> slice:
    i = int(np.searchsorted(axis.edges, lo))
    j = int(np.searchsorted(axis.edges, hi))
    if not (axis.edges[i] == lo and axis.edges[j] == hi):
        raise OutOfDomainError(f"{axis.name} region [{lo:g}, {hi:g}] {axis.unit} does not fall on bin edges "
                               f"{axis.edges.tolist()}")
    return slice(i, j)


class CoherentModel(BinnedModel):
    """Binned likelihood model of a COHERENT release (one channel).

    Parameters
    ----------
    dataset : cevns.datasets.Dataset
    energy_region : (float, float), optional
        Reconstructed-energy fit region in the release's unit (CsI 2017: 6–30 PE, the window of the
        release's acceptance studies; default the whole release).
    neutron_radius : bool or "separate"
        Add the parameter ``neutron_radius`` [fm] (Helm neutrons, one radius for all isotopes), or with
        ``"separate"`` one per element (``neutron_radius_cs``, ``neutron_radius_i``).
    shape_systematics : bool
        Add a unit-Gaussian nuisance for each of the release's ±1σ alternative templates.
    timing : {"flavor", "summed"}
        ``"flavor"``: each flavor's energy spectrum has its own arrival-time distribution (prompt ν_μ recoils are
        softer than delayed ones). ``"summed"``: one arrival-time distribution, that of all flavors together,
        for every energy bin, as the CENNS-10 Analysis A signal template is built (it factorises exactly).
    new_physics : str or cevns.stats.new_physics.NewPhysics, optional
        A new-physics family (name in :data:`cevns.stats.new_physics.FAMILIES`) whose parameters drive the signal.

    Attributes
    ----------
    axes : tuple of cevns.datasets.Axis
        The axes of the fit region.
    region : tuple of slice
        The fit region within the release's bins.
    backgrounds : dict name → cevns.datasets.Background
    signal_ratios : dict name → (down, up)
        The release's ±1σ CEvNS alternatives divided by its nominal template, in the fit region.

    Parameters of the fit
    ---------------------
    ``cevns_norm`` (× the `cevns` prediction, free), ``sin2_theta_w`` (fixed), ``flux_norm`` (fixed, prior
    1 ± 0.10), ``neutron_radius`` [fm] (optional, fixed), ``n_<background>`` [events] with the published
    Gaussian priors, one ``theta_<systematic>`` per shape systematic, and the new-physics parameters (fixed).
    """

    def __init__(self, dataset, *, energy_region=None, neutron_radius: bool | str = False,
                 shape_systematics: bool = True, timing: str = "flavor", new_physics=None):
        super().__init__()
        self.dataset = dataset
        channel = dataset.channels[0]
        self.channel = channel.name
        energy = channel.axes[0]
        region = slice(None) if energy_region is None else _region(energy, *energy_region)
        self.region = (region,) + (slice(None),) * (len(channel.axes) - 1)
        energy_edges = energy.edges[region.start or 0:(region.stop or energy.size) + 1]
        self.axes = (dataclasses.replace(energy, edges=energy_edges),) + channel.axes[1:]
        self.observed = {channel.name: channel.observed[self.region]}
        preset = experiments.get(dataset.experiment)
        unit = keV if energy.unit == "keVee" else 1.0
        self.experiment = dataclasses.replace(preset, bin_edges=self.axes[0].edges * unit, time_window=None)
        self.prediction = self.experiment.prediction
        self.flavors = self.prediction.rates.flavors
        self.physics = dict(preset.physics)
        self._timing = self._time_fractions(dataset, self.axes[-1])
        self._f90 = self._f90_fractions(channel) if len(channel.axes) == 3 else None
        self.backgrounds = {name: b for name, b in channel.backgrounds.items()}
        self.signal_ratios = {}
        if shape_systematics and channel.signal_reference is not None:
            ref = channel.signal_reference[self.region]
            safe = np.where(ref > 0, ref, 1.0)
            for name, (down, up) in channel.signal_systematics.items():
                ratio_down = None if down is None else np.where(ref > 0, down[self.region] / safe, 1.0)
                self.signal_ratios[name] = (ratio_down, np.where(ref > 0, up[self.region] / safe, 1.0))
        self.shape_systematics = shape_systematics
        self.timing = choice("timing", timing, {"flavor": "flavor", "summed": "summed"})
        self._cache = {}
        self.new_physics = _family(new_physics)
        self.parameters = self._build_parameters(neutron_radius) + (self.new_physics.parameters
                                                                    if self.new_physics else ())

    # -- construction ----------------------------------------------------------------------------------
    def _time_fractions(self, dataset, axis):
        tables = dataset.tables
        if "arrival_time_prompt" in tables:  # the release's own arrival-time PDFs (CsI 2017), per time bin
            prompt, delayed = tables["arrival_time_prompt"], tables["arrival_time_delayed"]
            return np.array([prompt if f == "nu_mu" else delayed for f in self.flavors])
        inputs = dataset.inputs
        mean = inputs.get("pot_time_mean", 0.0)
        sigma = inputs.get("pot_time_sigma", self.experiment.flux.pulse.sigma)
        fractions = arrival_time_fractions(axis.edges * us, self.flavors, mean=mean, sigma=sigma)
        if "time_efficiency" in inputs:
            fractions = fractions * inputs["time_efficiency"](axis.centers * us)
        return fractions

    def _f90_fractions(self, channel):
        """P(F90 bin | energy bin) of the release's CEvNS template; empty energy bins take the last filled one."""
        ref = channel.signal_reference[self.region].sum(axis=2)
        totals = ref.sum(axis=1)
        out = np.empty_like(ref)
        last = None
        for i, total in enumerate(totals):
            if total > 0:
                last = ref[i] / total
            out[i] = last if last is not None else 1.0 / ref.shape[1]
        return out

    def _build_parameters(self, neutron_radius):
        params = [Parameter("cevns_norm", 1.0, (0.0, 10.0)),
                  Parameter("sin2_theta_w", physics_sin2_theta_w(self.physics), (0.01, 0.6), fixed=True),
                  Parameter("flux_norm", 1.0, (0.0, 3.0), (1.0, FLUX_UNCERTAINTY), fixed=True)]
        self.radius_parameters = {}
        if neutron_radius == "separate":
            elements = {iso.Z: iso.name.rstrip("0123456789").lower() for iso in self.prediction.rates.isotopes}
            self.radius_parameters = {f"neutron_radius_{symbol}": Z for Z, symbol in elements.items()}
        elif neutron_radius:
            self.radius_parameters = {"neutron_radius": None}
        params += [Parameter(name, 5.0, (2.0, 10.0), fixed=True, unit="fm") for name in self.radius_parameters]
        for name, b in self.backgrounds.items():
            prior = None if b.uncertainty is None else (b.expected, b.uncertainty)
            params.append(Parameter(f"n_{name}", b.expected, (0.0, np.inf), prior, unit="events"))
        if self.shape_systematics:
            names = list(self.signal_ratios) + [s for b in self.backgrounds.values() for s in b.systematics]
            params += [Parameter(f"theta_{s}", 0.0, (-5.0, 5.0), (0.0, 1.0)) for s in names]
        return tuple(params)

    # -- the signal ------------------------------------------------------------------------------------
    def energy_counts(self, sin2_theta_w: float, neutron_radius=None, model=None) -> np.ndarray:
        """CEvNS counts per (flavor, reconstructed-energy bin) for the nominal flux; ``neutron_radius`` [fm] is
        None (the preset's form factor), one radius, or a mapping Z → radius; ``model`` a new-physics
        interaction (None: the Standard Model)."""
        if neutron_radius is not None or model is not None:
            form_factor = None
            if neutron_radius is not None:
                radius = ({Z: r * fermi for Z, r in neutron_radius.items()} if isinstance(neutron_radius, dict)
                          else neutron_radius * fermi)
                form_factor = neutron_radius_form_factor(radius)
            return self.prediction.counts(form_factor=form_factor, sin2_theta_w=sin2_theta_w,
                                          model=model).sum(axis=0)
        if "coefficients" not in self._cache:
            values = np.array([self.prediction.counts(sin2_theta_w=s).sum(axis=0) for s in _S2_NODES])
            self._cache["coefficients"] = np.polynomial.polynomial.polyfit(_S2_NODES, values.reshape(3, -1), 2)
        c = self._cache["coefficients"]
        return (c[0] + sin2_theta_w * (c[1] + sin2_theta_w * c[2])).reshape(len(self.flavors), -1)

    def signal(self, sin2_theta_w: float, neutron_radius=None, model=None) -> np.ndarray:
        """Nominal CEvNS counts per bin of the fit region (before normalizations and shape nuisances)."""
        energy = self.energy_counts(sin2_theta_w, neutron_radius, model)  # (flavor, E)
        timing = self._timing
        if self.timing == "summed":
            total = energy.sum(axis=1)
            timing = np.broadcast_to(total @ timing / total.sum(), timing.shape)
        energy_time = energy.T @ timing  # Σ over flavors, (E, t)
        if self._f90 is None:
            return energy_time
        return energy_time[:, None, :] * self._f90[:, :, None]

    def channel_axes(self, channel: str) -> tuple:
        return self.axes

    def nominal_signal(self, **params) -> np.ndarray:
        """CEvNS counts per bin at the physics values in ``params`` (defaults for the others), before the
        normalizations and shape nuisances."""
        p = self.defaults() | params
        radius = None
        if "neutron_radius" in self.radius_parameters:
            radius = p["neutron_radius"]
        elif self.radius_parameters:
            radius = {Z: p[name] for name, Z in self.radius_parameters.items()}
        if not self.new_physics:
            return self.signal(p["sin2_theta_w"], radius)
        key = tuple(p[name] for name in ("sin2_theta_w", *self.radius_parameters, *self.new_physics.names))
        if self._cache.get("last_model", (None,))[0] != key:  # a fit varies the nuisances far more often
            self._cache["last_model"] = key, self.signal(p["sin2_theta_w"], radius,
                                                             self.new_physics.interaction(p, self.experiment.flux))
        return self._cache["last_model"][1]

    def components(self, **p):
        signal = p["cevns_norm"] * p["flux_norm"] * self.nominal_signal(**p)
        change = sum((interpolate_shape(p[f"theta_{n}"], 1.0, d, u) for n, (d, u) in self.signal_ratios.items()),
                     start=np.zeros(()))
        parts = {"cevns": signal * (1.0 + change)}
        for name, b in self.backgrounds.items():
            nominal = b.template[self.region]
            template = (p[f"n_{name}"] / b.expected) * nominal
            if self.shape_systematics:  # shape changes add to the normalised template (HistFactory's histosys)
                for s, (down, up) in b.systematics.items():
                    template = template + interpolate_shape(
                        p[f"theta_{s}"], nominal, None if down is None else down[self.region], up[self.region])
            parts[name] = np.maximum(template, 0.0)
        return {self.channel: parts}


def neutron_radius_spectrum_fit(model: CoherentModel, *, time_max: float = 6.0, signal_uncertainty: float = 0.112,
                                background_uncertainty: float = 0.25) -> dict:
    """The neutron rms radius from the time-integrated PE spectrum, as Cadeddu et al. fit the CsI 2017 data.

    A least-squares fit of the anti-coincidence-subtracted counts per PE bin for t < ``time_max`` [µs] with
    σ_i² = N_i + 2 B_i (coincidence counts N, anti-coincidence counts B), the CEvNS prediction scaled by
    ``cevns_norm`` ~ N(1, 0.112) (10 % flux ⊕ 5 % acceptance) and the prompt neutrons by ``prompt_neutron_norm``
    ~ N(1, 0.25). Needs a model built with ``neutron_radius=True``.

    Returns
    -------
    dict with ``neutron_radius`` [fm], its MINOS ``interval`` (lower, upper) and ``chi2``.

    References
    ----------
    M. Cadeddu, C. Giunti, Y.F. Li, Y.Y. Zhang, Phys. Rev. Lett. 120 (2018) 072501, arXiv:1710.02730.
    """
    from iminuit import Minuit
    from iminuit.cost import LeastSquares, NormalConstraint

    time_bins = int(np.searchsorted(model.axes[-1].edges, time_max))
    channel = model.dataset.channel(model.channel)
    coincidence = model.observed[model.channel][:, :time_bins].sum(axis=1)
    anti = model.dataset.tables["anticoincidence"][model.region][:, :time_bins].sum(axis=1)
    neutrons = channel.backgrounds["prompt_neutrons"].template[model.region][:, :time_bins].sum(axis=1)
    sin2 = model.parameter("sin2_theta_w").value

    def spectrum(x, neutron_radius, cevns_norm, prompt_neutron_norm):
        signal = model.signal(sin2, neutron_radius)[:, :time_bins].sum(axis=1)
        return cevns_norm * signal + prompt_neutron_norm * neutrons

    cost = (LeastSquares(np.arange(coincidence.size), coincidence - anti, np.sqrt(coincidence + 2 * anti), spectrum)
            + NormalConstraint("cevns_norm", 1.0, signal_uncertainty)
            + NormalConstraint("prompt_neutron_norm", 1.0, background_uncertainty))
    m = Minuit(cost, neutron_radius=5.0, cevns_norm=1.0, prompt_neutron_norm=1.0)
    m.limits["neutron_radius"] = model.parameter("neutron_radius").limits
    m.migrad()
    m.minos("neutron_radius")
    error = m.merrors["neutron_radius"]
    return {"neutron_radius": m.values["neutron_radius"], "interval": (error.lower, error.upper), "chi2": m.fval}
