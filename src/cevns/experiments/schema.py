"""Experiment specifications (TOML, schema version 1): one strict schema, written once as pydantic models.

Validation, defaults, the documentation (:func:`json_schema`) and :func:`to_dict` all derive from the models below.
Unknown keys are rejected at every level; every dimensional value is a string with its unit (``"14.57 kg"``,
``"308.1 d"``), read by :func:`cevns.units.parse` with the dimension it must have, so a bare number is an error that
shows the fix. Values in the bins' observable take the bins' unit: a plain number for photo-electrons or charge
counts, a string with an energy unit otherwise.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, Union

import numpy as np
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from ..errors import InvalidSpecError, UnknownNameError
from ..units import UNITS, keV, parse

__all__ = ["SCHEMA_VERSION", "ExperimentSpec", "from_dict", "to_dict", "json_schema"]

SCHEMA_VERSION = 1

#: Bin units that count quanta (photo-electrons, charge carriers): the observable of an energy scale.
COUNT_UNITS = ("PE", "e-")
#: Bin units of energy; keVee needs a quenching model, keVnr must have none, keV and eV follow the response.
ENERGY_UNITS = ("keVee", "keVnr", "keV", "eV")
#: Largest array a specification may hold (bin edges, tables), and largest number of sub-bins per bin.
MAX_ENTRIES = 100_000
MAX_SUBDIVISIONS = 256
#: Largest number of protons on target accepted (the SNS delivers ~1e23 a year).
MAX_PROTONS_ON_TARGET = 1e30


# -- values with units --------------------------------------------------------------------------------------------
def _quantity(dimension: str, *, positive: bool = False):
    """A string with a unit of ``dimension`` (checked by :func:`cevns.units.parse`), kept as written."""

    def check(value, info):
        number = parse(value, dimension=dimension, name=info.field_name)
        if positive and not number > 0:
            raise ValueError(f"{info.field_name}: {value!r} must be > 0")
        return value

    return Annotated[str, BeforeValidator(check)]


Mass = _quantity("mass", positive=True)
Time = _quantity("time")
PositiveTime = _quantity("time", positive=True)
Length = _quantity("length", positive=True)
Power = _quantity("power", positive=True)
Energy = _quantity("energy", positive=True)
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
Numbers = Annotated[list[Finite], Field(min_length=2, max_length=MAX_ENTRIES)]
#: A value in the bins' observable: a count (PE) as a number, an energy as a string with its unit.
Observable = Union[NonNegative, str]


class _Model(BaseModel):
    # validators are built on first validation, once for a whole specification, not per model at import
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class _Described(_Model):
    note: str | None = Field(None, description="free text: where the numbers come from")
    source: str | None = Field(None, description="free text: the publication")


# -- tables -------------------------------------------------------------------------------------------------------
class Target(_Model):
    """The detector's target: a formula or isotope fractions, and its mass (> 0)."""

    material: str | None = Field(None, description="chemical formula or element, e.g. 'CsI', 'Ar'")
    isotopes: dict[str, Annotated[float, Field(gt=0.0)]] | None = Field(
        None, max_length=100, description="isotope name -> number fraction")
    mass: Mass = Field(description="target mass, e.g. '14.6 kg'")

    @model_validator(mode="after")
    def _one_of(self):
        if (self.material is None) == (self.isotopes is None):
            raise ValueError("give exactly one of 'material' (a formula) or 'isotopes' (a mapping)")
        return self


class Exposure(_Model):
    """What multiplies the flux: live time (flux per time) or protons on target (flux per proton)."""

    live_time: PositiveTime | None = Field(None, description="e.g. '308.1 d'")
    protons_on_target: Annotated[float, Field(gt=0.0, le=MAX_PROTONS_ON_TARGET)] | None = None

    @model_validator(mode="after")
    def _some(self):
        if self.live_time is None and self.protons_on_target is None:
            raise ValueError("give live_time or protons_on_target")
        return self


class Pulse(_Described):
    """The protons-on-target trace on the experiment's clock: a Gaussian of this mean and width."""

    mean: Time = Field(description="centre of the trace after the experiment's t = 0, e.g. '440 ns'")
    sigma: PositiveTime = Field(description="standard deviation, e.g. '150 ns'")


class Source(_Model):
    """A source preset of :mod:`cevns.sources` with its overrides."""

    preset: str = Field(description="name of a cevns.sources preset")
    distance: Length | None = None
    neutrinos_per_proton: Annotated[float, Field(gt=0.0, le=10.0)] | None = None
    thermal_power: Power | None = None
    fission_fractions: dict[str, Fraction] | None = Field(None, max_length=10)
    pulse: Pulse | None = None


class Physics(_Model):
    """Default physics: form factor, coupling scheme and (only where the publication fixed it) sin²θ_W."""

    form_factor: str = "helm"
    couplings: str = "tree"
    sin2_theta_w: Annotated[float, Field(gt=0.0, lt=1.0)] | None = Field(
        None, description="only where the publication fixed it; otherwise the coupling scheme's own")


class ConstantQuenching(_Described):
    model: Literal["constant"]
    value: Annotated[float, Field(gt=0.0, le=1.0)]


class LindhardQuenching(_Described):
    model: Literal["lindhard"]
    k: Annotated[float, Field(gt=0.0, le=10.0)] | None = None


class PolynomialQuenching(_Described):
    model: Literal["polynomial"]
    coefficients: Annotated[list[Finite], Field(min_length=1, max_length=20)]
    energy_unit: Energy = "1 keV"
    maximum_recoil_energy: Energy | None = None


class TableQuenching(_Described):
    model: Literal["table"]
    recoil_energies: Numbers
    factors: Annotated[list[Fraction], Field(min_length=2, max_length=MAX_ENTRIES)]
    unit: Energy = "1 keV"


class PublishedQuenching(_Described):
    model: Literal["csi-coherent-2017", "argon-coherent-2020"]


class CsI2021Quenching(_Described):
    model: Literal["csi-coherent-2021"]
    variant: str = "nominal"


QuenchingModel = Annotated[Union[ConstantQuenching, LindhardQuenching, PolynomialQuenching, TableQuenching,
                                 PublishedQuenching, CsI2021Quenching], Field(discriminator="model")]


class EnergyScale(_Model):
    """Observable per keVee (a light yield in PE/keVee, or charge carriers per keVee)."""

    gain: Annotated[float, Field(gt=0.0, allow_inf_nan=False, description="observable per keVee")]
    unit: Literal["PE", "e-"] = "PE"


class PoissonResolution(_Described):
    model: Literal["poisson"]


class GaussianResolution(_Described):
    """σ² = a² + b² x + c² x²: a in the observable, b in √(bin unit), c dimensionless."""

    model: Literal["gaussian"]
    a: Observable = 0.0
    b: NonNegative = 0.0
    c: NonNegative = 0.0


class GammaResolution(_Described):
    model: Literal["gamma"]
    shape_slope: NonNegative
    shape_offset: Annotated[float, Field(gt=0.0, allow_inf_nan=False)] = 1.0


ResolutionModel = Annotated[Union[PoissonResolution, GaussianResolution, GammaResolution],
                            Field(discriminator="model")]


class _EfficiencyBase(_Described):
    unit: str | None = Field(None, description="the unit of its x values: must be the bins' unit")


class SigmoidEfficiency(_EfficiencyBase):
    model: Literal["sigmoid"]
    a: NonNegative
    k: Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
    x0: Finite
    b: Finite = 0.0


class StepEfficiency(_EfficiencyBase):
    model: Literal["step"]
    threshold: Observable
    plateau: Fraction = 1.0


class TableEfficiency(_EfficiencyBase):
    model: Literal["table"]
    x: Numbers
    y: Annotated[list[Fraction], Field(min_length=2, max_length=MAX_ENTRIES)]


class CsI2021Efficiency(_EfficiencyBase):
    model: Literal["csi-coherent-2021"]
    variant: str = "nominal"


EfficiencyModel = Annotated[Union[SigmoidEfficiency, StepEfficiency, TableEfficiency, CsI2021Efficiency],
                            Field(discriminator="model")]


class Response(_Model):
    """recoil → quenching → energy scale → resolution → efficiency and threshold → bins."""

    quenching: QuenchingModel | dict[str, QuenchingModel] | None = Field(
        None, description="one model, or one per element symbol")
    energy_scale: EnergyScale | None = None
    resolution: ResolutionModel | None = None
    efficiency: EfficiencyModel | None = None
    threshold: Observable | None = None
    subdivisions: Annotated[int, Field(ge=1, le=MAX_SUBDIVISIONS)] = 1


class Bins(_Model):
    """Reconstructed bins: strictly increasing edges in ``unit``."""

    edges: Numbers
    unit: Literal["PE", "e-", "keVee", "keVnr", "keV", "eV"] = "keVnr"

    @model_validator(mode="after")
    def _increasing(self):
        edges = np.asarray(self.edges)
        if np.any(np.diff(edges) <= 0) or edges[0] < 0:
            raise ValueError(f"edges must be >= 0 and strictly increasing, got {self.edges}")
        return self


class ExponentialTiming(_Described):
    model: Literal["exponential"]
    plateau: Time
    decay_time: PositiveTime


class Timing(_Model):
    """Arrival-time window of a pulsed source and its timing efficiency (a constant or a model)."""

    window: tuple[Time, Time]
    efficiency: Fraction | ExponentialTiming = 1.0

    @model_validator(mode="after")
    def _ordered(self):
        if not parse(self.window[1]) > parse(self.window[0]):
            raise ValueError(f"window must be [start, stop] with stop > start, got {list(self.window)}")
        return self


class Published(_Model):
    """The publication's numbers (counts) and where they come from."""

    prediction: NonNegative | None = None
    prediction_uncertainty: NonNegative | None = None
    prediction_uncertainty_low: NonNegative | None = None
    measurement: NonNegative | None = None
    measurement_uncertainty: NonNegative | None = None
    measurement_uncertainty_low: NonNegative | None = None
    source: str | None = None
    notes: str | None = None
    counts_in: str | None = None
    reproducible: bool = True


class ExperimentSpec(_Model):
    """A whole experiment file."""

    schema_version: Literal[1]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    title: str = ""
    reference: str = ""
    doi: str = ""
    arxiv: str = ""
    notes: str = ""
    target: Target
    exposure: Exposure
    source: Source
    physics: Physics = Physics()
    response: Response = Response()
    bins: Bins = Bins(edges=[0.0, 1e9], unit="keVnr")
    timing: Timing | None = None
    published: Published = Published()

    @model_validator(mode="after")
    def _consistent_units(self):
        unit, response = self.bins.unit, self.response
        if unit == "keVnr" and response.quenching is not None:
            raise ValueError("bins.unit = 'keVnr' but the response has a quenching model, which turns recoils into "
                             "electron-equivalent energy: use 'keVee' bins")
        if unit in COUNT_UNITS and response.energy_scale is None:
            raise ValueError(f"bins.unit = {unit!r} needs response.energy_scale (a gain in {unit} per keVee)")
        if response.energy_scale is not None and response.energy_scale.unit != unit:
            raise ValueError(f"response.energy_scale gives {response.energy_scale.unit!r} but bins.unit is {unit!r}")
        if unit == "keVee" and response.quenching is None:
            raise ValueError("bins.unit = 'keVee' needs response.quenching (without it the observable is the "
                             "nuclear recoil energy: use 'keVnr' bins)")
        efficiency = response.efficiency
        if efficiency is not None and efficiency.unit is not None and efficiency.unit != unit:
            raise ValueError(f"response.efficiency.unit = {efficiency.unit!r} must be the bins' unit {unit!r}")
        return self


def json_schema() -> dict:
    """The JSON Schema of experiment files (generated from the models: the schema's documentation)."""
    return ExperimentSpec.model_json_schema()


# -- errors -------------------------------------------------------------------------------------------------------
def _raise(exc: ValidationError, origin: str):
    error = exc.errors()[0]
    loc = ".".join(str(p) for p in error["loc"] if not str(p).startswith(("function-", "tagged-union")))
    kind = error["type"]
    if kind == "extra_forbidden":
        parent, _, key = loc.rpartition(".")
        raise UnknownNameError(f"key in {origin}: {parent or 'the top level'}", key, _fields(parent)) from None
    if kind == "union_tag_invalid":
        tags = [t.strip(" '") for t in error["ctx"]["expected_tags"].split(",")]
        raise UnknownNameError(f"model in {origin}: {loc}", error["ctx"]["tag"], tags) from None
    message = error["msg"].removeprefix("Value error, ")
    shown = "" if kind.startswith("value_error") else f" (got {error.get('input')!r})"
    where = f"{origin}: {loc}" if loc else origin
    raise InvalidSpecError(f"{where}: {message}{shown}") from None


def _fields(path: str) -> list[str]:
    model: Any = ExperimentSpec
    for part in filter(None, path.split(".")):
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        annotation = field.annotation
        model = next((a for a in getattr(annotation, "__args__", (annotation,)) if hasattr(a, "model_fields")), None)
    return sorted(getattr(model, "model_fields", {}))


def validate(spec: dict, *, origin: str = "specification") -> ExperimentSpec:
    """The validated specification, or a one-line :class:`~cevns.errors.InvalidSpecError` naming the key."""
    if isinstance(spec, ExperimentSpec):
        return spec
    if not isinstance(spec, dict):
        raise InvalidSpecError(f"{origin}: an experiment specification is a table (dict), got {type(spec).__name__}")
    try:
        return ExperimentSpec.model_validate(spec)
    except ValidationError as exc:
        _raise(exc, origin)


# -- building the objects -----------------------------------------------------------------------------------------
def _observable_value(value, unit: str, where: str) -> float:
    """A value in the bins' observable [hepunits]: a number for counts, a string with an energy unit otherwise."""
    if unit in COUNT_UNITS:
        if isinstance(value, str):
            raise InvalidSpecError(f"{where}: {value!r}: the observable is a count of {unit}; write a number")
        return float(value)
    if value == 0:
        return 0.0
    return parse(value, dimension="energy", name=where)


def _target(spec: Target):
    from ..nuclei import Material, material

    if spec.material is not None:
        return material(spec.material)
    return Material.from_isotopes("custom", dict(spec.isotopes))


def _source(spec: Source):
    from .. import sources
    from ..sources.timing import ProtonPulse

    overrides = {}
    for key in ("distance", "thermal_power"):
        if getattr(spec, key) is not None:
            overrides[key] = parse(getattr(spec, key))
    if spec.neutrinos_per_proton is not None:
        overrides["neutrinos_per_proton"] = spec.neutrinos_per_proton
    if spec.fission_fractions is not None:
        overrides["fission_fractions"] = dict(spec.fission_fractions)
    if spec.pulse is not None:
        overrides["pulse"] = ProtonPulse.gaussian(mean=parse(spec.pulse.mean), sigma=parse(spec.pulse.sigma))
    return sources.get(spec.preset, **overrides)


def _lindhard(k, element, target):
    """Lindhard with an optional k: for one element (``element``) or for each element of the target."""
    from ..detectors import Lindhard

    if k is None:
        return "lindhard"
    symbols = [element] if element else sorted({iso.symbol for iso in target.isotopes})
    models = {}
    for symbol in symbols:
        isotopes = [(iso, f) for iso, f in zip(target.isotopes, target.fractions) if iso.symbol == symbol]
        mean_a = sum(iso.A * f for iso, f in isotopes) / sum(f for _, f in isotopes)
        models[symbol] = Lindhard(Z=isotopes[0][0].Z, A=mean_a, k=float(k))
    return models[element] if element else models


def _quenching(spec, target, element=None):
    from .. import detectors as d

    if spec is None:
        return None
    if isinstance(spec, dict):  # one model per element: [response.quenching.Cs]
        return {el: _quenching(sub, target, el) for el, sub in spec.items()}
    if spec.model == "constant":
        return d.ConstantQuenching(spec.value)
    if spec.model == "lindhard":
        return _lindhard(spec.k, element, target)
    if spec.model == "polynomial":
        maximum = spec.maximum_recoil_energy
        return d.PolynomialQuenching(tuple(spec.coefficients), energy_unit=parse(spec.energy_unit),
                                     maximum_recoil_energy=None if maximum is None else parse(maximum))
    if spec.model == "table":
        return d.TabulatedQuenching(np.asarray(spec.recoil_energies) * parse(spec.unit), np.asarray(spec.factors))
    if spec.model == "csi-coherent-2021":
        return d.csi_coherent_2021(spec.variant)
    return {"csi-coherent-2017": d.csi_coherent_2017, "argon-coherent-2020": d.argon_coherent_2020}[spec.model]()


def _resolution(spec, unit: str, where: str):
    from .. import detectors as d

    if spec is None:
        return None
    if spec.model == "poisson":
        return d.PoissonResolution()
    if spec.model == "gamma":
        return d.GammaResolution(shape_slope=spec.shape_slope, shape_offset=spec.shape_offset)
    scale = UNITS.get(unit, 1.0)
    return d.GaussianResolution(a=_observable_value(spec.a, unit, f"{where}.a"), b=spec.b * math.sqrt(scale),
                                c=spec.c)


def _efficiency(spec, unit: str, where: str):
    from .. import detectors as d

    if spec is None:
        return None
    scale = UNITS.get(unit, 1.0)
    if spec.model == "sigmoid":
        return d.SigmoidEfficiency(a=spec.a, k=spec.k / scale, x0=spec.x0 * scale, b=spec.b)
    if spec.model == "step":
        return d.StepEfficiency(_observable_value(spec.threshold, unit, f"{where}.threshold"), spec.plateau)
    if spec.model == "table":
        return d.TabulatedEfficiency(np.asarray(spec.x) * scale, np.asarray(spec.y))
    return d.SigmoidEfficiency.coherent_csi_2021(spec.variant)


def _response(spec: Response, unit: str, target):
    from .. import detectors as d

    scale = spec.energy_scale
    return d.Response(
        quenching=_quenching(spec.quenching, target),
        energy_scale=None if scale is None else d.EnergyScale(scale.gain / keV, scale.unit),
        resolution=_resolution(spec.resolution, unit, "response.resolution"),
        efficiency=_efficiency(spec.efficiency, unit, "response.efficiency"),
        threshold=None if spec.threshold is None else _observable_value(spec.threshold, unit, "response.threshold"),
        subdivisions=spec.subdivisions,
    )


def _time_window(spec: Timing | None):
    from ..detectors import ExponentialTimingEfficiency, TimeWindow

    if spec is None:
        return None
    efficiency = spec.efficiency
    if isinstance(efficiency, ExponentialTiming):
        timing = ExponentialTimingEfficiency(plateau=parse(efficiency.plateau), rate=1.0 / parse(efficiency.decay_time))
    elif efficiency == 1.0:
        timing = None
    else:
        timing = (lambda t, e=float(efficiency): np.full_like(t, e))
    return TimeWindow(parse(spec.window[0]), parse(spec.window[1]), timing_efficiency=timing)


def from_dict(spec: dict, *, origin: str = "specification"):
    """Build an :class:`~cevns.experiments.Experiment` from a schema-v1 dictionary (validated first, in full)."""
    from .experiment import Experiment, check_exposure

    spec = validate(spec, origin=origin)
    target = _target(spec.target)
    flux = _source(spec.source)
    exposure = spec.exposure
    live_time = None if exposure.live_time is None else parse(exposure.live_time)
    check_exposure(flux, live_time, exposure.protons_on_target, origin)
    unit = spec.bins.unit
    response = _response(spec.response, unit, target)
    window = _time_window(spec.timing)
    return Experiment(
        name=spec.name, target=target, target_mass=parse(spec.target.mass), flux=flux, response=response,
        bin_edges=np.asarray(spec.bins.edges, dtype=float) * UNITS.get(unit, 1.0), bin_unit=unit,
        live_time=live_time, protons_on_target=exposure.protons_on_target, time_window=window,
        physics=spec.physics.model_dump(exclude_none=True), published=spec.published.model_dump(exclude_none=True),
        metadata={k: getattr(spec, k) for k in ("title", "reference", "doi", "arxiv", "notes")},
        spec=spec, built=(target, flux, response, window),
    )


def _same(text: str | None, value: float | None, unit: str) -> str | None:
    """The file's string if it still says ``value``, else the value written in ``unit``."""
    if value is None:
        return None
    if text is not None and math.isclose(parse(text), value, rel_tol=1e-12):
        return text
    return f"{value / UNITS[unit]:.15g} {unit}"


def to_dict(experiment) -> dict:
    """The schema-v1 dictionary of an experiment as it is now (``from_dict(to_dict(e))`` rebuilds it).

    Values the :class:`~cevns.experiments.Experiment` holds directly (name, mass, exposure, bins, physics,
    published numbers, metadata) are written from the object, so a :func:`dataclasses.replace`'d experiment saves
    its new values; a target, flux, response or time window replaced by an object has no file form and raises.
    """
    spec = experiment.spec
    if not isinstance(spec, ExperimentSpec):
        raise InvalidSpecError(f"{experiment.name}: built in code, not from a specification; it has no file form")
    built = experiment.built
    current = (experiment.target, experiment.flux, experiment.response, experiment.time_window)
    for name, old, new in zip(("target", "flux", "response", "time_window"), built, current):
        if old is not new:
            raise InvalidSpecError(f"{experiment.name}: its {name} was replaced by an object that has no file form; "
                                   "build the experiment from a specification instead")
    data = spec.model_dump(exclude_none=True)
    data["name"] = experiment.name
    for key, value in experiment.metadata.items():
        data[key] = value
    data["target"]["mass"] = _same(spec.target.mass, experiment.target_mass, "kg")
    exposure = {"live_time": _same(spec.exposure.live_time, experiment.live_time, "d"),
                "protons_on_target": experiment.protons_on_target}
    data["exposure"] = {k: v for k, v in exposure.items() if v is not None}
    data["bins"] = {"edges": (np.asarray(experiment.bin_edges) / UNITS.get(experiment.bin_unit, 1.0)).tolist(),
                    "unit": experiment.bin_unit}
    data["physics"] = dict(experiment.physics)
    data["published"] = dict(experiment.published)
    validate(data, origin=f"{experiment.name} (to_dict)")
    return data
