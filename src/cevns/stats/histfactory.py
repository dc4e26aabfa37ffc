"""Export a COHERENT model as a HistFactory workspace (pyhf JSON).

The CEvNS sample is the `cevns` signal at the chosen physics values with a free ``cevns_norm`` (``normfactor``);
each background carries its published Gaussian prior N ± σ as a ``histosys`` between (1 ∓ σ/N) × its template
(so the nuisance θ = (n − N)/σ is unit Gaussian and the yield linear in it) and its ±1σ shape templates as
``histosys``; the signal's shape systematics are ``histosys`` built from the release's ratios. With pyhf's
default histosys interpolation (code 4p, as :func:`cevns.stats.interpolate_shape`) the workspace is the model
`cevns` fits, term by term.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..errors import OptionalDependencyError, OutOfDomainError
from .coherent import CoherentModel

__all__ = ["workspace", "validate"]


def _flat(array) -> list[float]:
    return [float(x) for x in np.ravel(array)]


def workspace(model: CoherentModel, **physics) -> dict:
    """A HistFactory workspace (pyhf JSON specification) of ``model`` at the physics values given.

    Parameters
    ----------
    model : CoherentModel
    physics : float
        ``sin2_theta_w``, ``neutron_radius`` [fm] (default the model's values).
    """
    if not isinstance(model, CoherentModel):
        raise OutOfDomainError(f"HistFactory export supports the COHERENT models, not {type(model).__name__}")
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


def validate(spec: dict):
    """The ``pyhf.Workspace`` of ``spec``, validated against pyhf's HistFactory JSON schema (raises if invalid)."""
    try:
        import pyhf
    except ImportError:
        raise OptionalDependencyError("HistFactory workspaces", "pyhf", "pyhf") from None
    with warnings.catch_warnings():  # pyhf 0.7 validates with jsonschema's deprecated RefResolver
        warnings.filterwarnings("ignore", message="jsonschema.RefResolver", category=DeprecationWarning)
        return pyhf.Workspace(spec)
