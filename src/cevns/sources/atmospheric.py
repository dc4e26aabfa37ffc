"""Atmospheric neutrinos at the energies that matter for CEvNS (13 MeV – 1 GeV).

Below ~100 MeV the only full calculation is the FLUKA 3D one of Battistoni et al. (2005); the Honda (HKKM) tables
start at 100 MeV. The table shipped here (``data/atmospheric-fluka-2005.csv``) is the direction-averaged FLUKA flux
used by dark-matter neutrino-floor studies (Billard et al. 2014, O'Hare 2021), for ν_e, ν̄_e, ν_μ, ν̄_μ; ν_τ is
negligible. Its total, 10.5 cm⁻² s⁻¹, is the value of Billard et al. (2014), Table I (with a 20 % uncertainty).

Site dependence: the low-energy flux scales with the geomagnetic rigidity cutoff and the solar cycle. The same
FLUKA paper gives, for Kamioka (high cutoff), ν_μ ≈ 0.0114 and ν_e ≈ 0.0070 cm⁻² s⁻¹ MeV⁻¹ at 13 MeV, about
35 % below this table (0.0175, 0.0106); high-latitude sites (SURF, SNOLAB) are higher. Solar maximum lowers the
flux below 1 GeV by up to ~30 %. Use ``scale`` for a site or a solar-cycle factor, or build a
:class:`~cevns.sources.TabulatedFlux` from a site table (Honda et al., PRD 92 (2015) 023004, above 100 MeV).

References
----------
G. Battistoni, A. Ferrari, T. Montaruli, P. R. Sala, Astropart. Phys. 23 (2005) 526.
J. Billard, L. Strigari, E. Figueroa-Feliciano, PRD 89 (2014) 023524, arXiv:1307.5458.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from types import MappingProxyType

import numpy as np

from .._validate import positive_scalar
from ..errors import UnknownNameError
from ..units import MeV, cm2, s
from ._data import table
from ._flux import Flux, Normalization

__all__ = ["AtmosphericFlux", "ATMOSPHERIC_MODELS"]

#: Model name → data file.
ATMOSPHERIC_MODELS = MappingProxyType({"fluka-2005": "atmospheric-fluka-2005.csv"})


@cache
def _load(model: str) -> tuple[np.ndarray, dict]:
    header, data = table(ATMOSPHERIC_MODELS[model])
    energy = data[:, 0] * MeV
    values = {name: data[:, i] / (MeV * cm2 * s) for i, name in enumerate(header) if i > 0}
    for array in (energy, *values.values()):
        array.setflags(write=False)
    return energy, MappingProxyType(values)


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class AtmosphericFlux(Flux):
    """Direction-averaged atmospheric ν flux at the detector (per area per time), linear between table nodes.

    Parameters
    ----------
    model : {"fluka-2005"}
    scale : float
        Site / solar-cycle factor (1 for the tabulated site, see the module notes).
    name : str
    """

    model: str = "fluka-2005"
    scale: float = 1.0
    name: str = "atmospheric-fluka-2005"

    normalization = Normalization.PER_AREA_TIME

    def __post_init__(self):
        if self.model not in ATMOSPHERIC_MODELS:
            raise UnknownNameError("atmospheric model", self.model, list(ATMOSPHERIC_MODELS))
        positive_scalar("scale", self.scale)

    def _emitted(self):
        return ("nu_e", "nu_mu", "nubar_e", "nubar_mu")

    def _range(self, flavor):
        energy, _ = _load(self.model)
        return (float(energy[0]), float(energy[-1]))

    def _panel_edges(self, flavor):
        return _load(self.model)[0]

    def _continuous(self, energy, flavor):
        e_tab, values = _load(self.model)
        return self.scale * np.interp(energy, e_tab, values[flavor])

    def _continuous_quadrature(self, flavor, nodes_per_panel):
        return Flux._continuous_quadrature(self, flavor, 2)  # exact for a piecewise-linear table
