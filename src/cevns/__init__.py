"""cevns: coherent elastic neutrino-nucleus scattering, from the weak charge of a nucleus to detector counts.

Units are those of hepunits (MeV, mm, ns = 1): ``from cevns.units import MeV, keV, cm2``; a value enters as
``30 * MeV`` and leaves as ``sigma / cm2``.

Importing `cevns` reads no data file and imports no optional package: the public names below are loaded
on first use.
"""

from __future__ import annotations

from ._lazy import lazy_exports

__version__ = "0.1.0"

# public name -> module that defines it (imported on first access, PEP 562)
_PUBLIC = {
    "isotope": "cevns.nuclei",
    "element": "cevns.nuclei",
    "material": "cevns.nuclei",
    "Isotope": "cevns.nuclei",
    "Material": "cevns.nuclei",
    "recoil_energy_max": "cevns.physics.kinematics",
    "neutrino_energy_min": "cevns.physics.kinematics",
    "momentum_transfer": "cevns.physics.kinematics",
    "weak_charge": "cevns.physics.couplings",
    "Couplings": "cevns.physics.couplings",
    "form_factor": "cevns.physics.form_factors",
    "differential_cross_section": "cevns.physics.cross_section",
    "total_cross_section": "cevns.physics.cross_section",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _PUBLIC, eager=("__version__",))
