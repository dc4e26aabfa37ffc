"""Form-factor suppression and what a neutron radius changes

dσ/dT of 30 MeV ν_μ on Cs133 with F = 1, and with Helm form factors of neutron rms radius 4.8 and 5.5 fm
(protons at their measured charge-radius distribution). The loss of coherence grows with the recoil energy,
q² ≈ 2MT, and a larger neutron radius suppresses the high-recoil tail further: this is how CEvNS measures the
neutron distribution.
"""

import numpy as np
from matplotlib.figure import Figure

import cevns
from cevns.physics.form_factors import Helm
from cevns.units import MeV, cm2, fermi, keV

cs = cevns.isotope("Cs133")
E = 30 * MeV
T = np.linspace(0.05, 0.999 * cevns.recoil_energy_max(E, cs) / keV, 300) * keV
proton = Helm.from_rms_radius(cevns.physics.form_factors.point_proton_radius(cs.charge_radius, cs.Z, cs.N))

fig = Figure(figsize=(6, 4.2))
ax = fig.subplots()
ax.plot(T / keV, cevns.differential_cross_section(T, E, cs, form_factor="unity") / (cm2 / keV), label="F = 1")
for radius in (4.8, 5.5):
    neutron = Helm.from_rms_radius(radius * fermi)
    ds = cevns.differential_cross_section(T, E, cs, form_factor=(proton, neutron))
    ax.plot(T / keV, ds / (cm2 / keV), label=f"Helm, $R_n$ = {radius} fm")
ax.set_yscale("log")
ax.set_xlabel("nuclear recoil energy T [keV]")
ax.set_ylabel(r"d$\sigma$/dT [cm$^2$/keV]")
ax.set_title(r"Cs133, $E_\nu$ = 30 MeV")
ax.legend()
