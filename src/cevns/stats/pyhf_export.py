"""Export a likelihood model as a HistFactory workspace (pyhf JSON).

COHERENT models:

The CEvNS sample is the `cevns` signal at the chosen physics values with a free ``cevns_norm`` (``normfactor``);
each background carries its published Gaussian prior N ± σ as a ``histosys`` between (1 ∓ σ/N) × its template
(so the nuisance θ = (n − N)/σ is unit Gaussian and the yield linear in it) and its ±1σ shape templates as
``histosys``; the signal's shape systematics are ``histosys`` built from the release's ratios. With pyhf's
default histosys interpolation (code 4p, as :func:`cevns.stats.interpolate_shape`) the workspace is the model
`cevns` fits, term by term.

XENONnT: per science run, the ⁸B sample at a flux of 10⁶ cm⁻² s⁻¹ scaled by the ``normfactor`` ``flux_8b`` (so its
value is the flux in that unit), the light- and charge-yield nuisances as ``histosys`` between the release's
templates at ∓1σ, and the accidental coincidences' ± 5.3 % prior as a ``histosys``. HistFactory interpolates each
yield nuisance separately from its ±1σ templates, where `cevns` interpolates the release's 7 × 7 grid bilinearly:
the two likelihoods differ at second order in the yield nuisances.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..errors import OptionalDependencyError, OutOfDomainError
from .coherent import CoherentModel
from .xenon import AC_UNCERTAINTY, XenonModel

__all__ = ["workspace", "validate"]


def _flat(array) -> list[float]:
    return [float(x) for x in np.ravel(array)]


def workspace(model, **physics) -> dict:
    """A HistFactory workspace (pyhf JSON specification) of ``model`` at the physics values given.

    Parameters
    ----------
    model : CoherentModel or XenonModel
    physics : float
        For a COHERENT model, ``sin2_theta_w``, ``neutron_radius`` [fm] (default the model's values).
    """
    if isinstance(model, XenonModel):
        return _xenon(model)
    if not isinstance(model, CoherentModel):
        raise OutOfDomainError("HistFactory export supports the COHERENT and XENONnT models, "
                               f"not {type(model).__name__}")
    signal = model.nominal_signal(**physics)
    modifiers = [{"name": "cevns_norm", "type": "normfactor", "data": None}]
    for name, (down, up) in model.signal_ratios.items():
        lo = 2.0 - up if down is None else down
        modifiers.append({"name": f"theta_{name}", "type": "histosys",
                          "data": {"hi_data": _flat(signal * up), "lo_data": _flat(signal * lo)}})
    samples = [{"name": "cevns", "data": _flat(signal), "modifiers": modifiers}]
    for name, b in model.backgrounds.items():
        template = b.template[model.region]
        mods = []
        if b.uncertainty is not None:
            rel = b.uncertainty / b.expected
            mods.append({"name": f"n_{name}", "type": "histosys",
                         "data": {"hi_data": _flat(template * (1 + rel)), "lo_data": _flat(template * (1 - rel))}})
        if model.shape_systematics:
            for s, (down, up) in b.systematics.items():
                up_ = up[model.region]
                down_ = 2.0 * template - up_ if down is None else down[model.region]
                mods.append({"name": f"theta_{s}", "type": "histosys",
                             "data": {"hi_data": _flat(up_), "lo_data": _flat(down_)}})
        samples.append({"name": name, "data": _flat(template), "modifiers": mods})
    channel = model.channel
    return {
        "channels": [{"name": channel, "samples": samples}],
        "observations": [{"name": channel, "data": _flat(model.observed[channel])}],
        "measurements": [{"name": model.dataset.name, "config": {"poi": "cevns_norm", "parameters": []}}],
        "version": "1.0.0",
    }


def _xenon(model: XenonModel) -> dict:
    base = model.defaults() | {"flux_8b": 1.0}
    nominal = model.components(**base)
    shifted = {(name, sign): model.components(**(base | {name: sign}))
               for name in ("t_ly", "t_qy") for sign in (-1, 1)}

    def yields(channel, sample):
        return [{"name": name, "type": "histosys",
                 "data": {"hi_data": _flat(shifted[name, 1][channel][sample]),
                          "lo_data": _flat(shifted[name, -1][channel][sample])}} for name in ("t_ly", "t_qy")]

    channels, observations = [], []
    for channel, parts in nominal.items():
        ac = parts["ac"]
        samples = [
            {"name": "cevns", "data": _flat(parts["cevns"]),
             "modifiers": [{"name": "flux_8b", "type": "normfactor", "data": None}] + yields(channel, "cevns")},
            {"name": "ac", "data": _flat(ac), "modifiers": [
                {"name": "ac_norm", "type": "histosys",
                 "data": {"hi_data": _flat(ac * (1 + AC_UNCERTAINTY)),
                          "lo_data": _flat(ac * (1 - AC_UNCERTAINTY))}}]},
            {"name": "er", "data": _flat(parts["er"]), "modifiers": []},
            {"name": "neutron", "data": _flat(parts["neutron"]), "modifiers": yields(channel, "neutron")},
        ]
        channels.append({"name": channel, "samples": samples})
        observations.append({"name": channel, "data": _flat(model.observed[channel])})
    limits = list(model.parameter("flux_8b").limits)
    return {"channels": channels, "observations": observations,
            "measurements": [{"name": model.dataset.name, "config": {
                "poi": "flux_8b", "parameters": [{"name": "flux_8b", "bounds": [limits], "inits": [1.0]}]}}],
            "version": "1.0.0"}


def validate(spec: dict):
    """The ``pyhf.Workspace`` of ``spec``, validated against pyhf's HistFactory JSON schema (raises if invalid)."""
    try:
        import pyhf
    except ImportError:
        raise OptionalDependencyError("HistFactory workspaces", "pyhf", "pyhf") from None
    with warnings.catch_warnings():  # pyhf 0.7 validates with jsonschema's deprecated RefResolver
        warnings.filterwarnings("ignore", message="jsonschema.RefResolver", category=DeprecationWarning)
        return pyhf.Workspace(spec)
