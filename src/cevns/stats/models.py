"""The likelihood model of each packaged data release, by name."""

from __future__ import annotations

from .. import datasets
from .._validate import choice
from .coherent import CoherentModel
from .xenon import XenonModel

__all__ = ["model"]


def _csi2017(dataset, **options):
    # fit region 6-30 PE (the 2-PE bins of the acceptance-corrected window of the CsI release), all 12 µs
    return CoherentModel(dataset, energy_region=options.pop("energy_region", (6.0, 30.0)), **options)


def _cenns10(dataset, **options):
    # Analysis A's CEvNS template has one arrival-time distribution for all recoil energies (it factorises)
    return CoherentModel(dataset, **({"timing": "summed"} | options))


_BUILDERS = {
    "coherent-cenns10-2020": _cenns10,
    "coherent-csi-2017": _csi2017,
    "coherent-csi-2021": CoherentModel,
    "xenonnt-8b-2024": XenonModel,
}


def model(name: str, **options):
    """The binned likelihood model of the data release ``name`` (options go to its model class)."""
    builder = choice("dataset with a likelihood model", name, _BUILDERS)
    return builder(datasets.load(name), **options)
