"""Dark matter: WIMP signals, their neutrino backgrounds, discovery limits and the neutrino fog.

- :mod:`.halo`: the Standard Halo Model (Baxter et al. 2021 defaults) and the closed-form velocity integral η(v_min);
- :mod:`.wimp`: spin-independent and spin-dependent (shell-model structure functions) WIMP recoil spectra;
- :mod:`.backgrounds`: solar, atmospheric and DSNB CEvNS backgrounds with their flux uncertainties;
- :mod:`.fog`: discovery limits (profile likelihood, Asimov data), the fog index and the floor;
- :mod:`.scan`: the fog over (mass × exposure) grids in parallel with Dask.

Nothing is computed or read at import.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_PUBLIC = {
    "StandardHaloModel": ".halo",
    "baxter2021": ".halo",
    "ohare2021": ".halo",
    "earth_velocity": ".halo",
    "mean_inverse_speed": ".halo",
    "wimp_spectrum": ".wimp",
    "wimp_recoil_energy_max": ".wimp",
    "nucleus_cross_section": ".wimp",
    "spin_structure_function": ".wimp",
    "NeutrinoComponent": ".backgrounds",
    "neutrino_components": ".backgrounds",
    "ohare2021_components": ".backgrounds",
    "binned_background": ".backgrounds",
    "DiscoveryProblem": ".fog",
    "FogResult": ".fog",
    "discovery_problem": ".fog",
    "default_exposures": ".fog",
    "fog_scan": ".scan",
    "load_ohare2021_floor": ".data",
    "load_klos2013_structure_functions": ".data",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _PUBLIC)
