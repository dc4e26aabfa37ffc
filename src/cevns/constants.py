"""Physical constants of `cevns`, each with its source. Values are in hepunits (MeV, mm, ns = 1).

Particle masses and lifetimes come from the PDG tables of the `particle` package, looked up by PDG number;
they are read on first access (PEP 562), so importing this module reads no file.
"""

from __future__ import annotations

import csv
import importlib.util
from functools import cache
from pathlib import Path

from hepunits.constants import hbar, hbarc  # CODATA 2018: 197.3269804 MeV fm

from .units import GeV, MeV

__all__ = [
    "fermi_coupling",
    "sin2_theta_w_low_energy",
    "sin2_theta_w_mz",
    "alpha_em",
    "hbarc",
    "hbarc_squared",
    "axial_coupling_nucleon",
    "magnetic_moment_proton",
    "magnetic_moment_neutron",
    "z_boson_mass",
    "proton_mass",
    "neutron_mass",
    "electron_mass",
    "muon_mass",
    "charged_pion_mass",
    "charged_pion_lifetime",
    "muon_lifetime",
]

#: Fermi coupling G_F/(ħc)³ [energy⁻²]; PDG 2024, "Physical constants" table: 1.1663788(6)e-5 GeV⁻².
fermi_coupling = 1.1663788e-5 / GeV**2
#: sin²θ_W in the MS-bar scheme at Q → 0; PDG 2024 Electroweak review (Erler & Freitas), eq. (10.13): 0.23857(5).
sin2_theta_w_low_energy = 0.23857
#: sin²θ_W in the MS-bar scheme at the Z pole; PDG 2024 Electroweak review, sin²θ̂(M_Z) = 0.23129(4).
sin2_theta_w_mz = 0.23129
#: Fine-structure constant at Q = 0, CODATA 2018: 1/137.035999084.
alpha_em = 1.0 / 137.035999084
#: (ħc)² [energy² · area]: multiplies a cross section in energy⁻² to give an area.
hbarc_squared = hbarc**2
#: Nucleon axial coupling g_A; PDG 2024 (neutron β decay, λ = g_A/g_V): 1.2754(13).
axial_coupling_nucleon = 1.2754
#: Proton and neutron magnetic moments in nuclear magnetons; CODATA 2018.
magnetic_moment_proton = 2.79284734463
magnetic_moment_neutron = -1.91304273
#: Z boson mass; PDG 2024: 91.1880(20) GeV.
z_boson_mass = 91.1880 * GeV

# name -> (PDG Monte Carlo particle number of p, n, e⁻, μ⁻, π⁺; attribute)
_FROM_PDG = {
    "proton_mass": (2212, "mass"),
    "neutron_mass": (2112, "mass"),
    "electron_mass": (11, "mass"),
    "muon_mass": (13, "mass"),
    "charged_pion_mass": (211, "mass"),
    "charged_pion_lifetime": (211, "lifetime"),
    "muon_lifetime": (13, "lifetime"),
}


@cache
def _pdg_rows() -> dict[int, dict]:
    """Rows of the newest PDG table shipped with `particle` for the particles above, read without importing it.

    Importing `particle` and building its whole table (with ~3000 nuclei) costs more than the rest of a
    prediction; the five rows needed are read from its data file directly. Empty if the file is not found.
    """
    spec = importlib.util.find_spec("particle")
    tables = sorted(Path(spec.origin).parent.joinpath("data").glob("particle20[0-9][0-9].csv")) if spec else []
    if not tables:
        return {}
    wanted = {pdgid for pdgid, _ in _FROM_PDG.values()}
    with tables[-1].open(encoding="utf-8") as lines:
        rows = csv.DictReader(line for line in lines if not line.startswith("#"))
        return {int(row["ID"]): row for row in rows if int(row["ID"]) in wanted}


@cache
def _pdg(name: str) -> float:
    pdgid, attribute = _FROM_PDG[name]
    row = _pdg_rows().get(pdgid)
    if row is None:  # a `particle` release with another layout: its public look-up by number
        from particle import Particle

        return float(getattr(Particle.from_pdgid(pdgid), attribute)) * (MeV if attribute == "mass" else 1.0)
    # the table gives masses and widths Γ in MeV; τ = ħ/Γ (as `particle` computes it)
    return float(row["Mass"]) * MeV if attribute == "mass" else hbar / (float(row["Width"]) * MeV)


def __getattr__(name: str) -> float:
    if name in _FROM_PDG:
        return _pdg(name)
    raise AttributeError(f"module 'cevns.constants' has no attribute {name!r}")
