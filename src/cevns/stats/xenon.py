"""Model of the XENONnT ⁸B release: four analysis dimensions (cS2, S2 shadow, S1 and S2 BDT scores), SR0 + SR1.

Per science run and bin, μ = AC + ER + neutron(t_ly, t_qy) + exposure Σ_E dR/dE(E) ΔE ε(E, t_ly, t_qy), with the
release's mono-energetic nuclear-recoil efficiencies ε on 0.5–5.0 keV in 0.1 keV steps and the CEvNS recoil spectrum
dR/dE of the solar ⁸B flux on natural xenon computed by `cevns`. The light- and charge-yield nuisances t_ly, t_qy
(unit Gaussian) interpolate the release's grids bilinearly.
"""

from __future__ import annotations

import numpy as np

from .. import experiments
from ..rates import recoil_rates
from ..units import cm, keV, s, tonne, year
from .likelihood import BinnedModel, Parameter, physics_sin2_theta_w
from .new_physics import new_physics as _family

__all__ = ["XenonModel"]

#: Relative uncertainty of the accidental-coincidence normalization, shared by SR0 and SR1: chosen so that the
#: total background uncertainty is the published ±1.35 events on 26.4 (PRL 133 (2024) 191002); the release does
#: not give the per-component uncertainties.
AC_UNCERTAINTY = 0.053
#: Unit of the ⁸B flux parameter.
FLUX_UNIT = 1.0e6 / (cm**2 * s)


def _bilinear(grid_x, grid_y, table, x, y):
    """Bilinear interpolation of ``table[..., i, j, ...]`` (axes 0, 1 after any leading ones) at (x, y)."""
    i = int(np.clip(np.searchsorted(grid_x, x) - 1, 0, grid_x.size - 2))
    j = int(np.clip(np.searchsorted(grid_y, y) - 1, 0, grid_y.size - 2))
    u = (x - grid_x[i]) / (grid_x[i + 1] - grid_x[i])
    v = (y - grid_y[j]) / (grid_y[j + 1] - grid_y[j])
    return ((1 - u) * (1 - v) * table[:, i, j] + u * (1 - v) * table[:, i + 1, j]
            + (1 - u) * v * table[:, i, j + 1] + u * v * table[:, i + 1, j + 1])


class XenonModel(BinnedModel):
    """Binned likelihood of XENONnT SR0 + SR1 for the solar ⁸B CEvNS signal.

    Parameters of the fit: ``flux_8b`` [10⁶ cm⁻² s⁻¹] (free), ``sin2_theta_w`` (fixed), ``ac_norm`` (prior
    1 ± 0.053), ``t_ly``, ``t_qy`` (unit Gaussian), and those of ``new_physics`` (a family of
    :data:`cevns.stats.new_physics.FAMILIES`, fixed).
    """

    poi = "flux_8b"

    def __init__(self, dataset, *, new_physics=None):
        super().__init__()
        self.dataset = dataset
        self.observed = {c.name: c.observed for c in dataset.channels}
        preset = experiments.get(dataset.experiment)
        self.flux, self.target, self.physics = preset.flux, preset.target, dict(preset.physics)
        energies = dataset.tables["mono_energies_keV"] * keV
        step = 0.1 * keV
        nodes, weights = np.polynomial.legendre.leggauss(8)
        T = (energies[:, None] + 0.5 * step * nodes).ravel()
        self.rates = recoil_rates(self.flux, self.target, T, np.tile(0.5 * step * weights, energies.size))
        self._cells = energies.size
        self._nuclei_per_tonne = tonne * float(np.sum(self.target.nuclei_per_mass))
        self._flux0 = self.flux.total("nu_e")
        self._spectrum = {}
        self.parameters = (
            Parameter("flux_8b", self._flux0 / FLUX_UNIT, (0.0, 50.0), unit="1e6/cm2/s"),
            Parameter("sin2_theta_w", physics_sin2_theta_w(self.physics), (0.01, 0.6), fixed=True),
            Parameter("ac_norm", 1.0, (0.0, 3.0), (1.0, AC_UNCERTAINTY)),
            Parameter("t_ly", 0.0, (-3.0, 3.0), (0.0, 1.0)),
            Parameter("t_qy", 0.0, (-3.0, 3.0), (0.0, 1.0)),
        )
        self.new_physics = _family(new_physics)
        if self.new_physics:
            self.parameters += self.new_physics.parameters

    def cell_counts(self, sin2_theta_w: float, model=None) -> np.ndarray:
        """CEvNS events per t·yr in each 0.1 keV recoil cell of the release's mono-energetic templates
        (``model``: a new-physics interaction, None for the Standard Model)."""
        if model is not None or sin2_theta_w not in self._spectrum:
            physics = self.physics | {"sin2_theta_w": sin2_theta_w, "model": model}
            per_nucleus = self.rates.total_spectrum(**physics) * self.rates.recoil_weights
            counts = per_nucleus.reshape(self._cells, -1).sum(axis=1) * self._nuclei_per_tonne * year
            if model is not None:
                return counts
            self._spectrum = {sin2_theta_w: counts}
        return self._spectrum[sin2_theta_w]

    def components(self, **p):
        tables = self.dataset.tables
        tly, tqy = tables["tly_grid"], tables["tqy_grid"]
        model = self.new_physics.interaction(p) if self.new_physics else None
        cells = self.cell_counts(p["sin2_theta_w"], model) * (p["flux_8b"] * FLUX_UNIT / self._flux0)
        out = {}
        for channel in self.dataset.channels:
            sr = channel.name
            exposure = self.dataset.inputs[f"{sr}_exposure_tonne_year"]
            mono = _bilinear(tly, tqy, tables[f"{sr}_mono"], p["t_ly"], p["t_qy"])
            neutron = _bilinear(tly, tqy, tables[f"{sr}_neutron_grid"][None], p["t_ly"], p["t_qy"])[0]
            b = channel.backgrounds
            out[sr] = {"cevns": exposure * np.tensordot(cells, mono, axes=1),
                       "ac": p["ac_norm"] * b["ac"].template, "er": np.asarray(b["er"].template),
                       "neutron": neutron}
        return out
