"""Solar neutrinos: the eight components of the pp chain and the CNO cycle, with Standard Solar Model normalizations.

Fluxes at Earth (1 au) are those of the B16 Standard Solar Models (Vinyoles et al. 2017) for the GS98 and
AGSS09met compositions, with their 1σ model uncertainties. Spectral shapes:

- pp, hep, ¹³N, ¹⁵O, ¹⁷F: allowed β⁺ spectra, dN/dE ∝ E² p_e W_e F(−Z_f, W_e) with W_e = E₀ − E + m_e, the
  non-relativistic Fermi function F(Z, W) = 2πη/(1 − e^{−2πη}), η = ±Z α W/p, and the end points E₀ below;
  checked against Bahcall's mean energies (tests);
- ⁸B: the measured spectrum of Winter et al. (2006), which includes the broad ⁸Be final state and recoil-order
  corrections (table in ``data/solar-8b-winter-2006.csv``);
- ⁷Be (0.8618 MeV, 89.7 %; 0.3843 MeV, 10.3 %) and pep (1.442 MeV) are lines; their ~keV thermal widths are
  neglected, so they stay lines.

Only ν_e are produced; flavor conversion in the Sun is applied with :meth:`Flux.oscillated`.

References
----------
N. Vinyoles et al., ApJ 835 (2017) 202, arXiv:1611.09867 (B16 fluxes, Table 6).
W. T. Winter et al., PRC 73 (2006) 025503, arXiv:nucl-ex/0406019 (⁸B spectrum).
J. N. Bahcall, Neutrino Astrophysics (Cambridge, 1989), Table 6.2; J. N. Bahcall, PRC 56 (1997) 3391 (mean energies).
"""

from __future__ import annotations

import dataclasses
import math
from functools import cache
from types import MappingProxyType

import numpy as np

from .. import constants
from .._array import gauss_legendre
from .._validate import canonical_name, name_list, positive_scalar
from ..constants import alpha_em
from ..units import MeV, cm2, s
from ._data import table
from ._flux import Flux, Normalization

__all__ = ["SolarFlux", "SSM_FLUXES", "COMPONENTS", "allowed_beta_spectrum"]

_PER_CM2_S = 1.0 / (cm2 * s)

#: B16 SSM fluxes at Earth [1/(cm² s)] and relative 1σ uncertainties; Vinyoles et al., ApJ 835 (2017) 202, Table 6.
SSM_FLUXES = MappingProxyType({
    "b16-gs98": MappingProxyType({
        "pp": (5.98e10, 0.006), "pep": (1.44e8, 0.01), "hep": (7.98e3, 0.30), "Be7": (4.93e9, 0.06),
        "B8": (5.46e6, 0.12), "N13": (2.78e8, 0.15), "O15": (2.05e8, 0.17), "F17": (5.29e6, 0.20),
    }),
    "b16-agss09met": MappingProxyType({
        "pp": (6.03e10, 0.005), "pep": (1.46e8, 0.009), "hep": (8.25e3, 0.30), "Be7": (4.50e9, 0.06),
        "B8": (4.50e6, 0.12), "N13": (2.04e8, 0.14), "O15": (1.44e8, 0.16), "F17": (3.26e6, 0.18),
    }),
})

#: Components in the order of the pp chain then the CNO cycle.
COMPONENTS = ("pp", "pep", "hep", "Be7", "B8", "N13", "O15", "F17")

#: ⁷Be electron-capture lines [MeV] and branching ratios (ground state 89.7 %, 478 keV state of ⁷Li 10.3 %);
#: Bahcall, Neutrino Astrophysics (1989), Table 6.2.
BE7_LINES = ((0.8618, 0.897), (0.3843, 0.103))
#: pep line energy [MeV]; Bahcall, Neutrino Astrophysics (1989), Table 6.2.
PEP_ENERGY = 1.442

#: β⁺ end points E₀ [MeV] (maximum neutrino energy) and charge Z of the final nucleus.
#: pp: Q = 2m_p − m_d − m_e = 0.420 MeV plus the thermal energy of the reacting pair, E_max = 0.4234 MeV as in
#: Bahcall's spectrum (Neutrino Astrophysics, Table 6.2: 0.423 MeV); hep: 18.778 MeV (Bahcall, Table 6.2: 18.77);
#: ¹³N, ¹⁵O, ¹⁷F: Q_EC − 2m_e with Q_EC = 2.2205, 2.7542, 2.7605 MeV (AME2020), i.e. 1.1985, 1.7322, 1.7385 MeV.
BETA_ENDPOINTS = MappingProxyType({"pp": (0.4234, 1), "hep": (18.778, 2), "N13": (1.1985, 6), "O15": (1.7322, 7),
                                   "F17": (1.7385, 8)})

_B8_TABLE = "solar-8b-winter-2006.csv"
_BETA_PANELS = 64  # 64 panels × 64 Gauss–Legendre nodes normalize each allowed spectrum (once, cached)


def allowed_beta_spectrum(energy, endpoint: float, final_charge: int) -> np.ndarray:
    """Unnormalized allowed β⁺ neutrino spectrum E² p W F(−Z, W) (W = E₀ − E + m_e) [arbitrary units].

    Parameters
    ----------
    energy : array_like [energy]
        Neutrino energy; 0 outside (0, E₀).
    endpoint : float [energy]
        Maximum neutrino energy E₀ (the kinetic energy release of the β⁺ branch).
    final_charge : int
        Charge Z of the final nucleus (the positron is repelled: η = −Z α W/p).

    Notes
    -----
    F(Z, W) = 2πη / (1 − e^{−2πη}) is the non-relativistic Fermi function; for Z ≤ 8 the relativistic and
    finite-size corrections change the mean energies by less than 0.2 % (tests against Bahcall's values).
    """
    me = constants.electron_mass
    e = np.asarray(energy, dtype=float)
    kinetic = np.clip(endpoint - e, 0.0, None)
    w = kinetic + me
    p = np.sqrt(np.maximum(w * w - me * me, 1e-300))
    x = -2.0 * math.pi * final_charge * alpha_em * w / p
    fermi = _fermi(x)
    return np.where((e > 0) & (e < endpoint), e * e * p * w * fermi, 0.0)


def _fermi(x: np.ndarray) -> np.ndarray:
    """2πη/(1 − e^{−2πη}) with x = 2πη < 0 for positrons; → 1 as x → 0, → |x| e^{x} as x → −∞ (no overflow)."""
    x = np.minimum(x, -1e-12)
    return x * np.exp(x) / np.expm1(x)


@cache
def _beta_norm(component: str) -> float:
    endpoint, z = BETA_ENDPOINTS[component]
    edges = endpoint * (0.5 - 0.5 * np.cos(np.linspace(0.0, math.pi, _BETA_PANELS + 1)))
    nodes, weights = gauss_legendre(edges[:-1], edges[1:], _BETA_PANELS)
    return float(np.sum(weights * allowed_beta_spectrum(nodes, endpoint, z)))


@cache
def _b8_shape() -> tuple[np.ndarray, np.ndarray]:
    _, data = table(_B8_TABLE)
    energy, density = data[:, 0] * MeV, data[:, 1] / MeV
    density = density / np.trapezoid(density, energy)
    energy.setflags(write=False)
    density.setflags(write=False)
    return energy, density


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class SolarFlux(Flux):
    """Solar ν_e flux at Earth from a Standard Solar Model.

    Parameters
    ----------
    model : {"b16-gs98", "b16-agss09met"}
        Normalizations of Vinyoles et al. (2017).
    components : tuple of str
        Any of :data:`COMPONENTS` (default: all eight).
    scale : float
        Common factor (e.g. (1 au / r)² for the seasonal distance, or a flux nuisance), default 1.
    name : str

    Notes
    -----
    dΦ/dE = Σ_c Φ_c f_c(E) with ∫ f_c = 1; ⁷Be and pep as lines of intensity Φ_c × branching.
    """

    model: str = "b16-gs98"
    components: tuple = COMPONENTS
    scale: float = 1.0
    name: str = ""

    def __post_init__(self):
        object.__setattr__(self, "model", canonical_name("solar model", self.model, SSM_FLUXES))
        comps = name_list("solar component", self.components, COMPONENTS)
        object.__setattr__(self, "components", comps)
        positive_scalar("scale", self.scale)
        if not self.name:
            object.__setattr__(self, "name", f"solar-{self.model}" if len(comps) > 1 else f"solar-{comps[0]}")

    normalization = Normalization.PER_AREA_TIME

    def component_flux(self, component: str) -> float:
        """Total flux Φ_c of one component [1/(area·time)] (before ``components`` selection)."""
        component = canonical_name("solar component", component, COMPONENTS)
        return self.scale * SSM_FLUXES[self.model][component][0] * _PER_CM2_S

    def uncertainty(self, component: str) -> float:
        """Relative 1σ SSM uncertainty of a component's flux (Vinyoles et al. 2017, Table 6)."""
        component = canonical_name("solar component", component, COMPONENTS)
        return SSM_FLUXES[self.model][component][1]

    def _emitted(self):
        return ("nu_e",)

    def _continuous_components(self):
        return [c for c in self.components if c not in ("Be7", "pep")]

    def _range(self, flavor):
        highs = []
        for c in self._continuous_components():
            highs.append(_b8_shape()[0][-1] if c == "B8" else BETA_ENDPOINTS[c][0] * MeV)
        if not highs:
            return (0.0, 0.0)
        low = min(_b8_shape()[0][0] if c == "B8" else 0.0 for c in self._continuous_components())
        return (low, max(highs))

    def _panel_edges(self, flavor):
        edges = []
        for c in self._continuous_components():
            if c == "B8":
                edges.append(_b8_shape()[0])
            else:
                endpoint = BETA_ENDPOINTS[c][0] * MeV
                # finer panels near E = 0 and the end point, where the β spectrum has its curvature
                edges.append(endpoint * (0.5 - 0.5 * np.cos(np.linspace(0.0, math.pi, 17))))
        return np.concatenate(edges) if edges else np.empty(0)

    def _continuous(self, energy, flavor):
        out = np.zeros_like(energy)
        for c in self._continuous_components():
            phi = self.component_flux(c)
            if c == "B8":
                e_tab, f_tab = _b8_shape()
                out = out + phi * np.interp(energy, e_tab, f_tab, left=0.0, right=0.0)
            else:
                endpoint, z = BETA_ENDPOINTS[c]
                shape = allowed_beta_spectrum(energy / MeV, endpoint, z) / _beta_norm(c)
                out = out + phi * shape / MeV
        return out

    def _lines(self, flavor):
        energies, intensities = [], []
        if "Be7" in self.components:
            for e, branch in BE7_LINES:
                energies.append(e * MeV)
                intensities.append(branch * self.component_flux("Be7"))
        if "pep" in self.components:
            energies.append(PEP_ENERGY * MeV)
            intensities.append(self.component_flux("pep"))
        return np.array(energies), np.array(intensities)

    def _continuous_quadrature(self, flavor, nodes_per_panel):
        # sum of the parts, each on its own panels (the 8B table is linear between nodes)
        nodes, weights = [], []
        for c in self._continuous_components():
            part = dataclasses.replace(self, components=(c,), name=c)
            e, w = Flux._continuous_quadrature(part, flavor, 2 if c == "B8" else nodes_per_panel)
            nodes.append(e)
            weights.append(w)
        if not nodes:
            return np.empty(0), np.empty(0)
        return np.concatenate(nodes), np.concatenate(weights)
