"""Experiment specifications (TOML, schema version 1): validated, with unknown keys rejected, and round-tripping.

Values with units are strings (``"14.57 kg"``, ``"308.1 d"``) read by :func:`cevns.units.parse`.
"""

from __future__ import annotations

import copy

import numpy as np

from ..errors import InvalidSpecError, UnknownNameError
from ..units import UNITS, keV, parse

__all__ = ["SCHEMA_VERSION", "from_dict", "to_dict"]

SCHEMA_VERSION = 1

_ALLOWED = {
    "": {"schema_version", "name", "title", "reference", "doi", "arxiv", "notes", "target", "exposure", "source",
         "physics", "response", "bins", "timing", "published"},
    "target": {"material", "isotopes", "mass"},
    "exposure": {"live_time", "protons_on_target"},
    "physics": {"form_factor", "couplings", "sin2_theta_w"},
    "response": {"quenching", "energy_scale", "resolution", "efficiency", "threshold", "subdivisions"},
    "bins": {"edges", "unit"},
    "timing": {"window", "efficiency"},
    "published": {"prediction", "prediction_uncertainty", "prediction_uncertainty_low", "measurement",
                  "measurement_uncertainty", "measurement_uncertainty_low", "source", "notes", "counts_in",
                  "reproducible"},
}
_REQUIRED = {"": {"schema_version", "name", "target", "exposure", "source"}, "target": {"mass"}, "source": {"preset"}}


def _check_keys(spec: dict, table: str, where: str) -> None:
    allowed = _ALLOWED[table]
    for key in spec:
        if key not in allowed:
            raise UnknownNameError(f"key in {where}", key, sorted(allowed))
    missing = _REQUIRED.get(table, set()) - set(spec)
    if missing:
        raise InvalidSpecError(f"{where}: missing required key(s) {', '.join(sorted(missing))}")


def _value(text, field: str, default_unit: str | None = None) -> float:
    try:
        return parse(text, default_unit=default_unit)
    except Exception as exc:
        raise InvalidSpecError(f"{field}: {exc}") from None


def _observable_unit(unit: str) -> float:
    """hepunits value of one unit of the observable (1 for PE/charge counts, keV for keVee/keVnr)."""
    if unit in ("PE", "pe", "e-", "electrons", "charge"):
        return 1.0
    if unit in UNITS:
        return UNITS[unit]
    raise InvalidSpecError(f"bins.unit: unknown unit {unit!r}; use PE, e-, keVee, keVnr, keV, eV")


def _target(spec: dict, where: str):
    from ..nuclei import Material, material

    _check_keys(spec, "target", where)
    if ("material" in spec) == ("isotopes" in spec):
        raise InvalidSpecError(f"{where}: give exactly one of 'material' (a formula) or 'isotopes' (a mapping)")
    if "material" in spec:
        return material(spec["material"]), _value(spec["mass"], f"{where}.mass")
    return (Material.from_isotopes(spec.get("name", "custom"), dict(spec["isotopes"])),
            _value(spec["mass"], f"{where}.mass"))


def _source(spec: dict, where: str):
    from .. import sources

    spec = dict(spec)
    preset = spec.pop("preset")
    overrides = {}
    if "pulse" in spec:
        overrides["pulse"] = _pulse(spec.pop("pulse"), f"{where}.pulse")
    for key, value in spec.items():
        if isinstance(value, str):
            overrides[key] = _value(value, f"{where}.{key}")
        else:
            overrides[key] = value
    return sources.get(preset, **overrides)


def _pulse(spec: dict, where: str):
    """A Gaussian proton pulse on the experiment's clock: ``{ mean = "440 ns", sigma = "150 ns" }``."""
    from ..sources.timing import ProtonPulse

    extra = set(spec) - {"mean", "sigma", "note"}
    if extra:
        raise UnknownNameError(f"key in {where}", sorted(extra)[0], ["mean", "sigma", "note"])
    return ProtonPulse.gaussian(mean=_value(spec["mean"], f"{where}.mean"),
                                sigma=_value(spec["sigma"], f"{where}.sigma"))


def _timing_efficiency(spec, where: str):
    """A constant, or ``{ model = "exponential", plateau = "0.52 us", decay_time = "20.243 us" }``."""
    from ..detectors import ExponentialTimingEfficiency

    if isinstance(spec, (int, float)):
        return None if spec == 1.0 else (lambda t, e=float(spec): np.full_like(t, e))
    spec = {k: v for k, v in spec.items() if k not in ("note", "source")}
    builders = {"exponential": lambda s, u: ExponentialTimingEfficiency(
        plateau=_value(s.pop("plateau"), f"{where}.plateau"), rate=1.0 / _value(s.pop("decay_time"), f"{where}.decay_time"))}
    return _model(spec, where, builders)


def _model(spec, where: str, builders: dict, unit: float = 1.0):
    if spec is None:
        return None
    spec = dict(spec)
    name = spec.pop("model", None)
    if name not in builders:
        raise UnknownNameError(f"model in {where}", name, sorted(builders))
    try:
        return builders[name](spec, unit)
    except TypeError as exc:
        raise InvalidSpecError(f"{where}: {exc}") from None


def _number(x, unit):
    return _value(x, "value") if isinstance(x, str) else float(x) * unit


def _lindhard(spec: dict, element: str | None, target):
    """Lindhard with an optional k: for one element (``element``) or for each element of the target."""
    from ..detectors import Lindhard

    k = spec.pop("k", None)
    if k is None:
        return "lindhard"
    symbols = [element] if element else sorted({iso.symbol for iso in target.isotopes})
    models = {}
    for symbol in symbols:
        isotopes = [(iso, f) for iso, f in zip(target.isotopes, target.fractions) if iso.symbol == symbol]
        mean_a = sum(iso.A * f for iso, f in isotopes) / sum(f for _, f in isotopes)
        models[symbol] = Lindhard(Z=isotopes[0][0].Z, A=mean_a, k=float(k))
    return models[element] if element else models


def _quenching(spec, where, target, element=None):
    from .. import detectors as d

    if spec is None:
        return None
    if isinstance(spec, dict) and "model" not in spec:  # one table per element: [response.quenching.Cs]
        return {el: _quenching(sub, f"{where}.{el}", target, el) for el, sub in spec.items()}
    spec = {k: v for k, v in spec.items() if k not in ("note", "source")}
    builders = {
        "constant": lambda s, u: d.ConstantQuenching(float(s.pop("value"))),
        "lindhard": lambda s, u: _lindhard(s, element, target),
        "polynomial": lambda s, u: d.PolynomialQuenching(
            tuple(s.pop("coefficients")), energy_unit=parse(s.pop("energy_unit", "1 keV")),
            maximum_recoil_energy=parse(s.pop("maximum_recoil_energy")) if "maximum_recoil_energy" in s else None),
        "table": lambda s, u: d.TabulatedQuenching(
            np.asarray(s.pop("recoil_energies"), float) * parse(s.pop("unit", "1 keV")), np.asarray(s.pop("factors"), float)),
        "csi-coherent-2017": lambda s, u: d.csi_coherent_2017(),
        "csi-coherent-2021": lambda s, u: d.csi_coherent_2021(s.pop("variant", "nominal")),
        "argon-coherent-2020": lambda s, u: d.argon_coherent_2020(),
    }
    return _model(spec, where, builders)


def _resolution(spec, where, unit):
    from .. import detectors as d

    if spec is None:
        return None
    spec = {k: v for k, v in spec.items() if k not in ("note", "source")}
    builders = {
        "poisson": lambda s, u: d.PoissonResolution(),
        # σ² = a² + b² x + c² x²: a in the observable's unit, b in its square root, c dimensionless
        "gaussian": lambda s, u: d.GaussianResolution(a=_number(s.pop("a", 0.0), u),
                                                      b=float(s.pop("b", 0.0)) * np.sqrt(u), c=float(s.pop("c", 0.0))),
        "gamma": lambda s, u: d.GammaResolution(**{k: float(v) for k, v in s.items()}),
    }
    return _model(spec, where, builders, unit)


def _efficiency(spec, where, unit):
    from .. import detectors as d

    if spec is None:
        return None
    spec = {k: v for k, v in spec.items() if k not in ("note", "source", "unit")}
    builders = {
        "sigmoid": lambda s, u: d.SigmoidEfficiency(a=float(s.pop("a")), k=float(s.pop("k")) / u,
                                                    x0=float(s.pop("x0")) * u, b=float(s.pop("b", 0.0))),
        "step": lambda s, u: d.StepEfficiency(_number(s.pop("threshold"), u), float(s.pop("plateau", 1.0))),
        "table": lambda s, u: d.TabulatedEfficiency(np.asarray(s.pop("x"), float) * u, np.asarray(s.pop("y"), float)),
        "csi-coherent-2021": lambda s, u: d.SigmoidEfficiency.coherent_csi_2021(s.pop("variant", "nominal")),
    }
    return _model(spec, where, builders, unit)


def _response(spec: dict, unit: float, where: str, target):
    from .. import detectors as d

    _check_keys(spec, "response", where)
    quenching = _quenching(spec.get("quenching"), f"{where}.quenching", target)
    scale = spec.get("energy_scale")
    energy_scale = None
    if scale is not None:
        gain = float(scale["gain"]) / keV
        energy_scale = d.EnergyScale(gain, scale.get("unit", "PE"))
    threshold = spec.get("threshold")
    return d.Response(
        quenching=quenching,
        energy_scale=energy_scale,
        resolution=_resolution(spec.get("resolution"), f"{where}.resolution", unit),
        efficiency=_efficiency(spec.get("efficiency"), f"{where}.efficiency", unit),
        threshold=None if threshold is None else _number(threshold, unit),
        subdivisions=int(spec.get("subdivisions", 1)),
    )


def from_dict(spec: dict, *, origin: str = "specification"):
    """Build an :class:`~cevns.experiments.Experiment` from a schema-v1 dictionary."""
    from .experiment import Experiment

    spec = copy.deepcopy(dict(spec))
    _check_keys(spec, "", origin)
    if spec["schema_version"] != SCHEMA_VERSION:
        raise InvalidSpecError(f"{origin}: schema_version must be {SCHEMA_VERSION}, got {spec['schema_version']!r}")
    target, mass = _target(spec["target"], "target")
    exposure = spec["exposure"]
    _check_keys(exposure, "exposure", "exposure")
    bins = spec.get("bins", {"edges": [0.0, 1e9], "unit": "keVnr"})
    _check_keys(bins, "bins", "bins")
    unit_name = bins.get("unit", "keVnr")
    unit = _observable_unit(unit_name)
    response = _response(spec.get("response", {}), unit, "response", target)
    physics = dict(spec.get("physics", {}))
    _check_keys(physics, "physics", "physics")
    published = dict(spec.get("published", {}))
    _check_keys(published, "published", "published")
    timing = spec.get("timing")
    window = None
    if timing is not None:
        from ..detectors import TimeWindow

        _check_keys(timing, "timing", "timing")
        start, stop = (_value(t, "timing.window") for t in timing["window"])
        window = TimeWindow(start, stop, timing_efficiency=_timing_efficiency(timing.get("efficiency", 1.0),
                                                                              "timing.efficiency"))
    edges = np.asarray(bins["edges"], dtype=float) * unit
    return Experiment(
        name=spec["name"], target=target, target_mass=mass, flux=_source(spec["source"], "source"),
        response=response, bin_edges=edges, bin_unit=unit_name,
        live_time=_value(exposure["live_time"], "exposure.live_time") if "live_time" in exposure else None,
        protons_on_target=float(exposure["protons_on_target"]) if "protons_on_target" in exposure else None,
        time_window=window, physics=physics, published=published,
        metadata={k: spec.get(k, "") for k in ("title", "reference", "doi", "arxiv", "notes")},
        spec=spec,
    )


def to_dict(experiment) -> dict:
    """The schema-v1 dictionary an experiment was built from (``from_dict(to_dict(e))`` rebuilds it)."""
    return copy.deepcopy(experiment.spec)
