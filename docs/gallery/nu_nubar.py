"""Neutrino and antineutrino on an odd nucleus

dσ/dT of 30 MeV ν_μ and ν̄_μ on Xe131 (J = 3/2) and on Xe132 (J = 0), normalised to the vector-only cross
section. The axial (spin-dependent) amplitude interferes with the vector one with opposite signs for ν and ν̄, so
they differ on Xe131 and coincide on the spin-0 Xe132.
"""

import numpy as np
from matplotlib.figure import Figure

import cevns
from cevns.units import MeV, keV

E = 30 * MeV
fig = Figure(figsize=(6, 4.2))
ax = fig.subplots()
for name, style in (("Xe131", "-"), ("Xe132", ":")):
    T = np.linspace(0.05, 0.99 * cevns.recoil_energy_max(E, name) / keV, 300) * keV
    vector = cevns.differential_cross_section(T, E, name, axial=False)
    for flavor in ("nu_mu", "nubar_mu"):
        ratio = cevns.differential_cross_section(T, E, name, flavor=flavor) / vector
        ax.plot(T / keV, ratio, style, label=f"{name}, {flavor}")
ax.set_xlabel("nuclear recoil energy T [keV]")
ax.set_ylabel("dσ/dT / (vector part)")
ax.set_title(r"$E_\nu$ = 30 MeV")
ax.legend()
