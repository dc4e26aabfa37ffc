"""Detectors for supernova burst studies: target, mass and the ionisation-only (S2-only) response, each cited.

During a supernova burst (~10 s) backgrounds are negligible, so dual-phase TPCs can use their whole active mass and
the charge channel alone, which reaches sub-keV nuclear recoil thresholds (Lang et al. 2016). The S2-only response
of a noble-liquid TPC is modelled with the package's detector classes:

    T ─Lindhard→ E_ee = L(T)·T ─(ionisation fraction / W)→ mean electrons n̄ ─Poisson→ n ≥ n_thr

with W the mean energy per quantum, and the ionisation fraction f_i = 1/(1 + N_ex/N_i) of the quanta that are
electrons (recombination neglected: small for the few-electron signals at threshold). Germanium and the generic
detectors use a step threshold in nuclear recoil energy instead.
"""

from __future__ import annotations

import dataclasses
from functools import cached_property

import numpy as np

from .._validate import positive_scalar
from ..detectors import EnergyScale, PoissonResolution, Response, lindhard_for
from ..errors import InvalidSpecError, UnknownNameError
from ..nuclei import isotopes_and_fractions, material
from ..units import eV, keV, tonne

__all__ = ["BurstDetector", "s2_only_response", "available", "get", "XENON_W", "ARGON_W"]

#: Mean energy to create one quantum (exciton or ion pair) in liquid xenon, 13.7 eV (Dahl, PhD thesis, Princeton
#: 2009; used by NEST, Szydagis et al., JINST 6 (2011) P10002, and by Lang et al. 2016).
XENON_W = 13.7 * eV
#: Exciton-to-ion ratio of xenon nuclear recoils at drift fields of O(100 V/cm): N_ex/N_i ≈ 1 (NEST NR model,
#: Lenardo et al., IEEE TNS 62 (2015) 3387, arXiv:1412.4417, Fig. 3).
XENON_EXCITON_RATIO = 1.0
#: Mean energy per quantum in liquid argon, 19.5 eV (Doke et al., Jpn. J. Appl. Phys. 41 (2002) 1538).
ARGON_W = 19.5 * eV
#: Exciton-to-ion ratio of argon nuclear recoils, N_ex/N_i ≈ 1 (ARIS/DarkSide modelling, Agnes et al.,
#: PRD 104 (2021) 082005, arXiv:2107.08087).
ARGON_EXCITON_RATIO = 1.0
#: Largest number of electrons on the observable axis of the S2-only presets (well above the ~2000 electrons of a
#: 400 keV xenon recoil, the end point of a 150 MeV neutrino).
MAX_ELECTRONS = 20000
#: Recoil energies on which an S2-only response is tabulated (then interpolated in log T): 10 eV to 1 MeV,
#: 100 points per decade.
RESPONSE_GRID = np.geomspace(1.0e-2 * keV, 1.0e3 * keV, 501)


def s2_only_response(element: str, threshold_electrons: int, *, w_value: float, exciton_ratio: float) -> Response:
    """The ionisation-only response of a noble-liquid TPC: Lindhard quenching, n̄ = f_i L(T) T / W, Poisson counts.

    Parameters
    ----------
    element : str
        Target element ("Xe", "Ar"), for Lindhard's k = 0.133 Z^(2/3) A^(-1/2).
    threshold_electrons : int
        Smallest number of detected electrons kept (≥ 1).
    w_value : float [energy]
    exciton_ratio : float
        N_ex/N_i, which sets the ionisation fraction 1/(1 + N_ex/N_i).
    """
    if int(threshold_electrons) != threshold_electrons or threshold_electrons < 1:
        raise InvalidSpecError(f"threshold_electrons must be an integer >= 1, got {threshold_electrons!r}")
    positive_scalar("w_value", w_value, unit="eV", unit_value=eV)
    gain = 1.0 / ((1.0 + exciton_ratio) * w_value)
    return Response(quenching="lindhard", energy_scale=EnergyScale(gain, "e-"), resolution=PoissonResolution(),
                    threshold=float(threshold_electrons))


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class BurstDetector:
    """A detector for supernova bursts: target, active mass, response and the observable binning.

    Parameters
    ----------
    name : str
    target : str
        Chemical formula of the target ("Xe", "Ar", "Ge").
    mass : float [mass]
        Active target mass (backgrounds during a burst are negligible, so no fiducial cut).
    response : cevns.detectors.Response or None
        From recoil energy to the observable; None: the observable is the recoil energy itself.
    observable_edges : array_like
        Edges of the observable bins in the observable's units (electrons; or energy for ``response=None``);
        the first edge is the threshold.
    observable_unit : str
        "e-" or "keVnr".
    reference : str
    """

    name: str
    target: str
    mass: float
    response: Response | None
    observable_edges: np.ndarray
    observable_unit: str
    reference: str = ""

    def __post_init__(self):
        positive_scalar("mass", self.mass, unit="kg", unit_value=tonne / 1000.0)
        edges = np.asarray(self.observable_edges, dtype=float)
        if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0) or edges[0] < 0:
            raise InvalidSpecError("observable_edges must be an increasing 1-d array of ≥ 2 non-negative edges")
        object.__setattr__(self, "observable_edges", edges)
        material(self.target)  # validates the formula

    @cached_property
    def isotopes_and_fractions(self):
        return isotopes_and_fractions(material(self.target))

    @cached_property
    def nuclei_per_mass(self) -> np.ndarray:
        """Nuclei of each isotope per unit target mass [1/mass]."""
        return material(self.target).nuclei_per_mass

    @property
    def recoil_threshold(self) -> float:
        """Lowest recoil energy that can be seen [energy]: the first edge for a recoil-energy observable, else 0."""
        return float(self.observable_edges[0]) if self.response is None else 0.0

    @property
    def observable_scale(self) -> float:
        """Value of one observable unit in hepunits (keV for recoil energy, 1 for electrons)."""
        return keV if self.observable_unit == "keVnr" else 1.0

    @cached_property
    def _response_tables(self) -> dict:
        return {}

    def response_matrix(self, recoil_energies, isotope) -> np.ndarray:
        """R[b, j]: probability that a recoil T_j of ``isotope`` lands in observable bin b.

        With a response, R is tabulated once per isotope on :data:`RESPONSE_GRID` (log-spaced recoil energies) and
        interpolated linearly in log T; below the grid R is taken as 0.
        """
        T = np.asarray(recoil_energies, dtype=float)
        edges = self.observable_edges
        if self.response is None:
            idx = np.searchsorted(edges, T, side="right") - 1
            R = np.zeros((edges.size - 1, T.size))
            inside = (idx >= 0) & (idx < edges.size - 1)
            R[idx[inside], np.flatnonzero(inside)] = 1.0
            return R
        key = getattr(isotope, "name", repr(isotope))
        if key not in self._response_tables:
            self._response_tables[key] = self.response.matrix(RESPONSE_GRID, edges, isotope=isotope)
        table = self._response_tables[key]
        log_grid = np.log(RESPONSE_GRID)
        x = np.log(np.clip(T, RESPONSE_GRID[0], RESPONSE_GRID[-1]))
        i = np.clip(np.searchsorted(log_grid, x) - 1, 0, log_grid.size - 2)
        w = (x - log_grid[i]) / (log_grid[i + 1] - log_grid[i])
        R = table[:, i] * (1.0 - w) + table[:, i + 1] * w
        return np.where(T >= RESPONSE_GRID[0], R, 0.0)

    def replace(self, **changes) -> BurstDetector:
        """A copy with some fields changed (e.g. ``mass=7 * tonne``)."""
        return dataclasses.replace(self, **changes)


#: Threshold of the S2-only xenon presets: 4 detected electrons, the few-electron S2 threshold of the S2-only
#: approach of Lang et al. 2016 (a detector model chosen here: the paper's exact threshold and efficiency were not
#: available to this build; with it the Lang et al. totals are reproduced to +10 %, see tests/supernova).
XENON_S2_THRESHOLD = 4
#: Upper end of the recoil-energy axis of the recoil-threshold presets [keV] (above the 370 keV end point of a
#: 150 MeV neutrino on xenon and below argon's 1.2 MeV: the spectra are negligible there).
MAX_RECOIL_KEV = 1000.0
#: PandaX-4T nuclear recoil window, 5–100 keVnr: the window of its dark matter search (PandaX-4T, PRL 127 (2021)
#: 261802, arXiv:2107.13438), used here as the selection of its supernova study (arXiv:2403.06220).
PANDAX_WINDOW_KEV = (5.0, 100.0)


def _electron_edges(threshold: int) -> np.ndarray:
    fine = np.arange(threshold, 31, dtype=float)
    coarse = np.unique(np.round(np.geomspace(31.0, MAX_ELECTRONS, 20)))
    return np.concatenate([fine, coarse[coarse > fine[-1]]])


def _recoil_edges(threshold: float, upper: float) -> np.ndarray:
    return np.geomspace(threshold, upper, 41)


def _xenon(name, mass_t, threshold_electrons, reference):
    return BurstDetector(
        name=name, target="Xe", mass=mass_t * tonne,
        response=s2_only_response("Xe", threshold_electrons, w_value=XENON_W, exciton_ratio=XENON_EXCITON_RATIO),
        observable_edges=_electron_edges(threshold_electrons), observable_unit="e-", reference=reference)


def _argon(name, mass_t, threshold_electrons, reference):
    return BurstDetector(
        name=name, target="Ar", mass=mass_t * tonne,
        response=s2_only_response("Ar", threshold_electrons, w_value=ARGON_W, exciton_ratio=ARGON_EXCITON_RATIO),
        observable_edges=_electron_edges(threshold_electrons), observable_unit="e-", reference=reference)


def _recoil(name, target, mass_t, threshold_kev, reference, upper_kev=MAX_RECOIL_KEV):
    return BurstDetector(name=name, target=target, mass=mass_t * tonne, response=None,
                         observable_edges=_recoil_edges(threshold_kev * keV, upper_kev * keV),
                         observable_unit="keVnr", reference=reference)



#: Preset name → (builder, arguments). Masses are active (not fiducial) masses, as used for burst studies.
PRESETS = {
    "xenon1t": (_xenon, ("xenon1t", 2.0, XENON_S2_THRESHOLD,
                         "2.0 t active xenon (Aprile et al., JCAP 04 (2016) 027); S2-only as in Lang et al., "
                         "PRD 94 (2016) 103009")),
    "xenonnt": (_xenon, ("xenonnt", 5.9, XENON_S2_THRESHOLD,
                         "5.9 t active xenon (XENON collab., EPJC 84 (2024) 784, arXiv:2402.10446); S2-only as in "
                         "Lang et al. 2016")),
    "lz": (_xenon, ("lz", 7.0, XENON_S2_THRESHOLD,
                    "7 t active xenon (LZ collab., NIM A 953 (2020) 163047, arXiv:1910.09124); S2-only as in Lang "
                    "et al. 2016")),
    "pandax-4t": (_recoil, ("pandax-4t", "Xe", 3.7, PANDAX_WINDOW_KEV[0],
                            "3.7 t sensitive xenon and a 5-100 keVnr window (PandaX-4T, PRL 127 (2021) 261802); "
                            "supernova study: Pang et al., Chin. Phys. C 48 (2024) 115001, arXiv:2403.06220",
                            PANDAX_WINDOW_KEV[1])),
    "darwin": (_xenon, ("darwin", 40.0, XENON_S2_THRESHOLD,
                        "40 t active xenon (DARWIN, JCAP 11 (2016) 017, arXiv:1606.07001; XLZD design "
                        "arXiv:2410.17137 has 60-80 t); S2-only as in Lang et al. 2016")),
    "darkside-20k": (_argon, ("darkside-20k", 51.1, 3,
                              "51.1 t active argon, S2-only with ≥ 3 electrons (DarkSide-20k, Agnes et al., JCAP 03 "
                              "(2021) 043, arXiv:2011.07819)")),
    "argon-generic": (_recoil, ("argon-generic", "Ar", 1.0, 1.0,
                                "generic 1 t argon detector with a 1 keVnr recoil threshold (illustration)")),
    "germanium-generic": (_recoil, ("germanium-generic", "Ge", 0.01, 0.3,
                                    "generic 10 kg germanium detector with a 0.3 keVnr recoil threshold "
                                    "(illustration)")),
}


def available() -> list[str]:
    """Names of the supernova detector presets."""
    return sorted(PRESETS)


def get(name: str) -> BurstDetector:
    """The preset detector ``name`` (see :func:`available`)."""
    if isinstance(name, BurstDetector):
        return name
    if name not in PRESETS:
        raise UnknownNameError("supernova detector", name, available())
    builder, args = PRESETS[name]
    return builder(*args)
