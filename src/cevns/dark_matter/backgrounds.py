"""Neutrino backgrounds of dark-matter searches: CEvNS of solar, atmospheric and diffuse-supernova neutrinos.

Each background component is one flux with its own normalization uncertainty, which the discovery statistics
treat as a Gaussian-constrained nuisance parameter. Components and default 1σ uncertainties:

- the eight solar components of the B16-GS98 Standard Solar Model with its uncertainties (Vinyoles et al. 2017,
  Table 6, via :class:`cevns.sources.SolarFlux`): pp 0.6 %, pep 1 %, hep 30 %, ⁷Be 6 %, ⁸B 12 %, ¹³N 15 %,
  ¹⁵O 17 %, ¹⁷F 20 %;
- atmospheric neutrinos (FLUKA, :class:`cevns.sources.AtmosphericFlux`), 20 % (Billard et al. 2014, Table I);
- the DSNB (:class:`cevns.sources.DSNBFlux`), 50 % (Billard et al. 2014, Table I; O'Hare 2021).

MSW. Solar ν_e convert to ν_μ, ν_τ on their way out of the Sun (:func:`cevns.oscillations.solar_probability`).
CEvNS is flavor blind at tree level, and the flavors sum to the produced flux (unitarity), so with tree-level
couplings the background is exactly independent of the oscillation; flavor enters only through the
flavor-dependent radiative corrections (neutrino charge radii, ``couplings="pdg2024"``), at the percent level.
With ``msw=True`` the solar fluxes are oscillated anyway (probabilities tabulated once in energy), so that such
couplings see the right flavor mix.

References
----------
N. Vinyoles et al., ApJ 835 (2017) 202, arXiv:1611.09867.
J. Billard, L. Strigari, E. Figueroa-Feliciano, PRD 89 (2014) 023524, arXiv:1307.5458.
C. A. J. O'Hare, PRL 127 (2021) 251802, arXiv:2109.03116.
"""

from __future__ import annotations

from dataclasses import dataclass
import numpy as np

from .. import _validate
from ..errors import OutOfDomainError
from ..rates import recoil_grid, recoil_rates
from ..sources import AtmosphericFlux, DSNBFlux, SolarFlux, TabulatedFlux
from ..units import MeV, cm2, keV, s
from .wimp import nuclei_per_mass

__all__ = ["NeutrinoComponent", "neutrino_components", "ohare2021_components", "binned_background",
           "SOLAR_COMPONENTS", "ATMOSPHERIC_UNCERTAINTY", "DSNB_UNCERTAINTY"]

SOLAR_COMPONENTS = ("pp", "pep", "hep", "Be7", "B8", "N13", "O15", "F17")
#: Billard, Strigari & Figueroa-Feliciano, PRD 89 (2014) 023524, Table I: atmospheric 20 %, DSNB 50 %.
ATMOSPHERIC_UNCERTAINTY = 0.20
DSNB_UNCERTAINTY = 0.50

#: O'Hare (2021), companion code cajohare/NeutrinoFog (src/Params.py): total fluxes [1/(cm² s)] and 1σ
#: uncertainties where they differ from the defaults: ⁸B from the global fit of Bergström et al. (2016), 5.16e6
#: (2 %); atmospheric 10.7 (25 %); DSNB 85.7 (50 %).
OHARE_B8 = (5.16e6, 0.02)
OHARE_ATMOSPHERIC = (10.7, 0.25)
OHARE_DSNB = (85.7, 0.50)

#: Energy grid [MeV] on which the DSNB (a redshift integral per energy) is tabulated once (geometric, 2.3 % steps:
#: linear interpolation changes its CEvNS rate on xenon by < 0.5 %).
_DSNB_GRID = (0.1, 100.0, 301)

#: Energy grid on which solar transition probabilities are tabulated for ``msw=True`` [MeV].
_MSW_GRID = (0.05, 20.0, 240)


@dataclass(frozen=True, eq=False)
class NeutrinoComponent:
    """One background flux and the 1σ relative uncertainty of its normalization."""

    name: str
    flux: object
    uncertainty: float

    def __post_init__(self):
        _validate.positive_scalar(f"uncertainty of {self.name}", self.uncertainty)


def _tabulated_solar_transition(component: str):
    from ..oscillations import solar_probability

    grid = np.geomspace(_MSW_GRID[0], _MSW_GRID[1], _MSW_GRID[2]) * MeV
    tables = {anti: solar_probability(grid, component, antineutrino=anti).reshape(grid.size, 9)
              for anti in (False, True)}

    def probability(energy, antineutrino: bool = False):
        e = np.clip(np.asarray(energy, dtype=float), grid[0], grid[-1])
        table = tables[bool(antineutrino)]
        columns = [np.interp(np.log(e), np.log(grid), table[:, k]) for k in range(9)]
        return np.stack(columns, axis=-1).reshape(e.shape + (3, 3))

    return probability


def _tabulated_dsnb() -> TabulatedFlux:
    """The DSNB on a table, its neutrinos summed into ν_e and its antineutrinos into ν̄_e: exact for the
    flavor-blind tree-level CEvNS cross section (the ν/ν̄ axial difference is kept), 3× faster to fold."""
    dsnb = DSNBFlux()
    grid = np.geomspace(*_DSNB_GRID) * MeV
    values = {"nu_e": 0.0, "nubar_e": 0.0}
    for f in dsnb.flavors:
        values["nubar_e" if f.startswith("nubar") else "nu_e"] = (
            values["nubar_e" if f.startswith("nubar") else "nu_e"] + dsnb.differential(grid, f))
    return TabulatedFlux(energies=grid, values=values, normalization=dsnb.normalization, name="dsnb",
                         reference="DSNBFlux() tabulated, flavors summed per ν / ν̄")


def _total(flux) -> float:
    return sum(flux.total(f) for f in flux.flavors)


def neutrino_components(*, solar_model: str = "b16-gs98", msw: bool = False, include=None,
                        uncertainties=None, totals=None) -> tuple[NeutrinoComponent, ...]:
    """The neutrino background components of a dark-matter search.

    Parameters
    ----------
    solar_model : {"b16-gs98", "b16-agss09met"}
    msw : bool
        Oscillate the solar fluxes (MSW in the Sun); irrelevant for tree-level couplings (module notes).
    include : sequence of str, optional
        Names to keep among pp, pep, hep, Be7, B8, N13, O15, F17, atmospheric, dsnb (default: all).
    uncertainties : mapping name → float, optional
        Relative 1σ normalization uncertainties replacing the defaults.
    totals : mapping name → float [1/(area · time)], optional
        Total fluxes replacing the models' normalizations (the spectral shapes are kept).
    """
    uncertainties = dict(uncertainties or {})
    totals = dict(totals or {})
    comps = []
    for c in SOLAR_COMPONENTS:
        flux = SolarFlux(model=solar_model, components=(c,))
        comps.append((c, flux, flux.uncertainty(c)))
    comps.append(("atmospheric", AtmosphericFlux(), ATMOSPHERIC_UNCERTAINTY))
    comps.append(("dsnb", _tabulated_dsnb(), DSNB_UNCERTAINTY))
    known = [name for name, _, _ in comps]
    for key in (*uncertainties, *totals, *(include or ())):
        _validate.choice("neutrino background component", key, {k: k for k in known})
    out = []
    for name, flux, delta in comps:
        if include is not None and name not in include:
            continue
        if name in totals:
            flux = flux * (_validate.positive_scalar(f"totals[{name!r}]", totals[name]) / _total(flux))
        if msw and name in SOLAR_COMPONENTS:
            flux = flux.oscillated(_tabulated_solar_transition(name))
        out.append(NeutrinoComponent(name, flux, float(uncertainties.get(name, delta))))
    if not out:
        raise OutOfDomainError(f"include={include!r} selects no neutrino background component of {known}")
    return tuple(out)


def ohare2021_components(**kwargs) -> tuple[NeutrinoComponent, ...]:
    """The solar, atmospheric and DSNB backgrounds with the normalizations and uncertainties of O'Hare's
    neutrino-fog code (PRL 127 (2021) 251802): ⁸B 5.16e6 cm⁻²s⁻¹ (2 %), atmospheric 10.7 (25 %), DSNB 85.7 (50 %),
    the other solar components B16-GS98. Geoneutrinos and reactor antineutrinos, also in that code, are left out
    (together below 0.1 % of the ⁸B + CNO rate above 1 eV of xenon recoil)."""
    per = 1.0 / (cm2 * s)
    totals = {"B8": OHARE_B8[0] * per, "atmospheric": OHARE_ATMOSPHERIC[0] * per, "dsnb": OHARE_DSNB[0] * per}
    unc = {"B8": OHARE_B8[1], "atmospheric": OHARE_ATMOSPHERIC[1], "dsnb": OHARE_DSNB[1]}
    return neutrino_components(totals=totals, uncertainties=unc, **kwargs)


def bin_nodes(bin_edges, nodes: int = 6):
    """Gauss–Legendre nodes and weights inside each bin: arrays (bins, nodes) [energy]."""
    from .._array import gauss_legendre

    edges = np.asarray(bin_edges, dtype=float)
    return gauss_legendre(edges[:-1], edges[1:], nodes)


def binned_background(bin_edges, target, components, *, couplings="tree", sin2_theta_w=None,
                      form_factor="helm") -> np.ndarray:
    """Expected CEvNS counts per unit exposure in recoil-energy bins, per component.

    Parameters
    ----------
    bin_edges : array_like [energy]
        Increasing recoil-energy bin edges.
    target : Isotope, Material or name
    components : sequence of NeutrinoComponent
    couplings, sin2_theta_w, form_factor
        Passed to :meth:`cevns.rates.RecoilRates.spectrum`.

    Returns
    -------
    ndarray (components, bins) [1/(mass · time)]: multiply by an exposure (mass × time) to get counts.

    Notes
    -----
    Each bin is integrated on Gauss–Legendre panels whose edges include the bin edges and every kinematic end
    point T_max of the flux on each isotope (:func:`cevns.rates.recoil_grid`), so steps from lines are exact.
    """
    edges = _validate.non_negative("bin_edges", bin_edges, unit="keV", unit_value=keV)
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise OutOfDomainError("bin_edges must be an increasing 1-d array of at least two recoil energies")
    isotopes, per_mass = nuclei_per_mass(target)
    out = np.zeros((len(components), edges.size - 1))
    for k, comp in enumerate(components):
        T, w = recoil_grid(comp.flux, target, recoil_min=edges[0], recoil_max=edges[-1], breaks=edges,
                           panels=1, nodes=6)
        rates = recoil_rates(comp.flux, target, T, w)
        spectrum = rates.spectrum(form_factor=form_factor, couplings=couplings, sin2_theta_w=sin2_theta_w)
        per_mass_spectrum = np.einsum("i,ikt->t", per_mass, spectrum)
        which = np.clip(np.searchsorted(edges, T, side="right") - 1, 0, edges.size - 2)
        out[k] = np.bincount(which, weights=w * per_mass_spectrum, minlength=edges.size - 1)
    return out

