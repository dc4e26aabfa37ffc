"""Named source presets: ``available()`` lists them, ``get(name, **overrides)`` builds one.

The registry is a plain read-only mapping from preset name to a builder; spallation and reactor parameters live in
``data/presets.toml`` (read on first use, with their citations), the others are built from the cited constants of
their modules. ``get`` passes keyword overrides to :func:`dataclasses.replace`, so every override is validated.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from .._validate import choice
from ..errors import InvalidSpecError
from ..units import parse, s
from ._data import toml
from ._flux import Flux

__all__ = ["available", "get", "describe", "PRESETS"]

_PRESET_FILE = "presets.toml"
_SOLAR_SINGLE = {"solar-pp": "pp", "solar-pep": "pep", "solar-hep": "hep", "solar-7Be": "Be7", "solar-8B": "B8",
                 "solar-13N": "N13", "solar-15O": "O15", "solar-17F": "F17"}


def _from_toml(name: str) -> Flux:
    spec = dict(toml(_PRESET_FILE)[name])
    kind = spec.pop("kind")
    reference = spec.pop("reference", "")
    if kind == "stopped-pion":
        from .stopped_pion import StoppedPionFlux
        from .timing import ProtonPulse

        pulse = spec.pop("pulse", None)
        if pulse is not None:
            pulse = dict(pulse)
            rate = pulse.pop("repetition_rate_hz", None)
            pulse = ProtonPulse(
                shape=pulse.get("shape", "gaussian"), width=parse(pulse.get("width", "0 ns")),
                bunches=int(pulse.get("bunches", 1)), bunch_spacing=parse(pulse.get("bunch_spacing", "0 ns")),
                repetition_rate=None if rate is None else rate / s)
        kwargs = {"distance": parse(spec.pop("distance")), "neutrinos_per_proton": float(spec.pop("neutrinos_per_proton")),
                  "pulse": pulse, "name": name, "reference": reference}
        if "beam_power" in spec:
            kwargs["proton_rate"] = parse(spec.pop("beam_power")) / parse(spec.pop("proton_energy"))
        flux = StoppedPionFlux(**kwargs)
    elif kind == "reactor":
        from .reactor import ReactorFlux

        kwargs = {"name": name, "reference": reference}
        for key in ("thermal_power", "distance"):
            if key in spec:
                kwargs[key] = parse(spec.pop(key))
        if "fission_fractions" in spec:
            kwargs["fission_fractions"] = dict(spec.pop("fission_fractions"))
        flux = ReactorFlux(**kwargs)
    else:
        raise InvalidSpecError(f"preset {name!r} has unknown kind {kind!r}")
    if spec:
        raise InvalidSpecError(f"preset {name!r} has unknown keys: {', '.join(sorted(spec))}")
    return flux


def _solar(model: str, component: str | None = None):
    def build() -> Flux:
        from .solar import COMPONENTS, SolarFlux

        if component is None:
            return SolarFlux(model=model, components=COMPONENTS, name=f"solar-{model}")
        return SolarFlux(model=model, components=(component,), name=_name_of(component))
    return build


def _name_of(component: str) -> str:
    return next(k for k, v in _SOLAR_SINGLE.items() if v == component)


def _toml_builder(name: str):
    return lambda: _from_toml(name)


def _atmospheric():
    from .atmospheric import AtmosphericFlux

    return AtmosphericFlux()


def _dsnb():
    from .dsnb import DSNBFlux

    return DSNBFlux()


def _supernova():
    from .supernova import illustrative_model

    return illustrative_model()


# name -> (builder, one-line description with its source)
_BUILDERS = {
    "sns-coherent": (_toml_builder("sns-coherent"), "SNS π-DAR at 19.3 m (COHERENT CsI), per area per time"),
    "sns-coherent-per-pot": (_toml_builder("sns-coherent-per-pot"), "SNS π-DAR at 19.3 m, per proton on target"),
    "ess": (_toml_builder("ess"), "ESS π-DAR at 20 m (Baxter et al. 2020)"),
    "jsns2": (_toml_builder("jsns2"), "J-PARC MLF π-DAR at 24 m (JSNS² TDR)"),
    "reactor-leibstadt": (_toml_builder("reactor-leibstadt"), "Leibstadt 3.6 GW at 20.7 m (CONUS+)"),
    "reactor-brokdorf": (_toml_builder("reactor-brokdorf"), "Brokdorf 3.9 GW at 17.1 m (CONUS)"),
    "reactor-dresden-ii": (_toml_builder("reactor-dresden-ii"), "Dresden-II 2.96 GW at 10.39 m"),
    "reactor-kuo-sheng": (_toml_builder("reactor-kuo-sheng"), "Kuo-Sheng 2.9 GW at 28 m (TEXONO)"),
    "reactor-per-fission": (_toml_builder("reactor-per-fission"), "Huber–Mueller ν̄_e per fission, typical LWR"),
    "solar-b16-gs98": (_solar("b16-gs98"), "all solar components, B16-GS98 (Vinyoles et al. 2017)"),
    "solar-b16-agss09met": (_solar("b16-agss09met"), "all solar components, B16-AGSS09met (Vinyoles et al. 2017)"),
    **{name: (_solar("b16-gs98", comp), f"solar {comp} ν_e, B16-GS98") for name, comp in _SOLAR_SINGLE.items()},
    "atmospheric-fluka-2005": (_atmospheric, "atmospheric ν below 1 GeV, FLUKA (Battistoni et al. 2005)"),
    "dsnb": (_dsnb, "diffuse supernova background (Horiuchi et al. 2009 rate, Fermi–Dirac spectra)"),
    "supernova-illustrative-10kpc": (_supernova, "illustrative pinched-thermal supernova at 10 kpc"),
}

#: Read-only mapping: preset name → (builder, description).
PRESETS = MappingProxyType(_BUILDERS)


def available() -> list[str]:
    """Names of all source presets."""
    return list(PRESETS)


def describe(name: str) -> str:
    """One-line description of a preset (with its source)."""
    return choice("source preset", name, PRESETS)[1]


def get(name: str, **overrides) -> Flux:
    """Build the preset ``name``; keyword ``overrides`` replace fields (validated), e.g. ``distance=25*m``.

    Names are read ignoring case; the flux carries the canonical name.

    Raises
    ------
    UnknownNameError
        For an unknown preset (with the closest names).

    Examples
    --------
    >>> from cevns.units import cm2, s
    >>> flux = get("SNS-Coherent")
    >>> flux.name, flux.normalization.per_time
    ('sns-coherent', True)
    >>> round(flux.total("nu_mu") * cm2 * s / 1e7, 2)  # 0.08 × 1.4 MW / 1 GeV / (4π (19.3 m)²)
    1.49
    """
    builder, _ = choice("source preset", name, PRESETS)
    flux = builder()
    if overrides:
        try:
            flux = dataclasses.replace(flux, **overrides)
        except TypeError as exc:
            fields = ", ".join(f.name for f in dataclasses.fields(flux))
            raise InvalidSpecError(f"cannot override {sorted(overrides)} of preset {name!r}; fields: {fields}") from exc
    return flux
