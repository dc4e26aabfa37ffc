"""Supernova bursts in CEvNS detectors: counts versus time and observable, per flavor, for any distance and ordering.

    from cevns.supernova import supernova_signal
    signal = supernova_signal("garching-ls220-s27", "xenonnt")        # precomputed once (~1 s)
    prediction = signal.predict(distance=10 * kpc, ordering="normal")   # milliseconds
    prediction.total()["total"], prediction.phases(), prediction.counts_vs_time(edges)

Models: the shipped Garching LS220 tables (:data:`cevns.sources.supernova.GARCHING_MODELS`), any
:class:`~cevns.sources.SupernovaFlux`, or a snewpy model through :func:`cevns.sources.from_snewpy`. Detectors:
:func:`available` presets (XENON1T, XENONnT, LZ, PandaX-4T, DARWIN, DarkSide-20k, generic argon and germanium) or
your own :class:`BurstDetector`.
"""

from __future__ import annotations

from .detectors import BurstDetector, available, get, s2_only_response
from .signal import ORDERINGS, PHASES, SupernovaPrediction, SupernovaSignal, flavor_conversion

__all__ = ["BurstDetector", "ORDERINGS", "PHASES", "SupernovaPrediction", "SupernovaSignal", "available",
           "flavor_conversion", "get", "s2_only_response", "supernova_signal"]


def supernova_signal(model, detector, **options) -> SupernovaSignal:
    """Precompute the signal of ``model`` (a shipped model name or a supernova flux) in ``detector`` (a preset
    name or a :class:`BurstDetector`); ``options`` go to :meth:`SupernovaSignal.build`."""
    if isinstance(model, str):
        from ..sources.supernova import garching_model

        model = garching_model(model)
    return SupernovaSignal.build(model, detector, **options)
