"""Neutrino sources: what arrives at a detector, per flavor, per unit energy (and in time for pulsed sources).

Every source is a :class:`Flux`: a continuous dΦ/dE per flavor plus monoenergetic lines kept apart, an explicit
normalization (per area per time, per proton on target, per fission, fluence), an energy range, an optional time
profile, sums (``+``), scalings (``*``) and flavor transforms (:meth:`Flux.oscillated`).

Presets: ``cevns.sources.available()`` and ``cevns.sources.get("sns-coherent")``. Nothing is read or computed at
import; data files are read on first use.
"""

from __future__ import annotations

from .._lazy import lazy_exports

# public name -> module that defines it (imported on first access, PEP 562)
_PUBLIC = {
    "Flux": "._flux",
    "SumFlux": "._flux",
    "ScaledFlux": "._flux",
    "OscillatedFlux": "._flux",
    "Normalization": "._flux",
    "TabulatedFlux": "._tabulated",
    "FlavorSubset": "._tabulated",
    "ProtonPulse": ".timing",
    "StoppedPionFlux": ".stopped_pion",
    "ReactorFlux": ".reactor",
    "SolarFlux": ".solar",
    "AtmosphericFlux": ".atmospheric",
    "DSNBFlux": ".dsnb",
    "SupernovaFlux": ".supernova",
    "SupernovaTableFlux": ".supernova",
    "from_snewpy": ".supernova",
    "pinched_spectrum": ".supernova",
    "available": ".registry",
    "get": ".registry",
    "describe": ".registry",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _PUBLIC)
