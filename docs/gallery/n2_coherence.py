"""The N² growth of the coherent cross section

σ(E = 30 MeV) of CEvNS against the neutron number N of the target, with the Helm form factor and with F = 1,
beside the incoherent sum over single nucleons (Z σ_p + N σ_n), which grows only as N. The dashed line is
G_F² E² N² / (4π) (in natural units), the coherent limit of a pure neutron count.
"""

import numpy as np
from matplotlib.figure import Figure

import cevns
from cevns.constants import fermi_coupling
from cevns.physics.cross_section import incoherent_cross_section
from cevns.units import MeV, cm2, hbarc

E = 30 * MeV
names = ["He4", "C12", "O16", "F19", "Na23", "Si28", "Ar40", "Ge74", "I127", "Cs133", "Xe132", "W184"]
N = np.array([cevns.isotope(n).N for n in names])
coherent = np.array([cevns.total_cross_section(E, n) for n in names]) / cm2
unit_ff = np.array([cevns.total_cross_section(E, n, form_factor="unity") for n in names]) / cm2
incoherent = np.array([incoherent_cross_section(E, n) for n in names]) / cm2

fig = Figure(figsize=(6, 4.2))
ax = fig.subplots()
ax.loglog(N, unit_ff, "o-", label="coherent, F = 1")
ax.loglog(N, coherent, "s-", label="coherent, Helm form factor")
ax.loglog(N, incoherent, "^-", label="incoherent sum over nucleons")
n = np.geomspace(N.min(), N.max())
ax.loglog(n, (fermi_coupling * hbarc) ** 2 * E**2 * n**2 / (4 * np.pi) / cm2, "k--", lw=1, label=r"$G_F^2E^2N^2/4\pi$")
for name, x, y in zip(names, N, unit_ff):
    if name in ("He4", "C12", "Ar40", "Xe132", "W184"):
        ax.annotate(name, (x, y), textcoords="offset points", xytext=(-8, 6), fontsize=7)
ax.set_xlabel("neutron number N")
ax.set_ylabel(r"$\sigma(E_\nu = 30$ MeV) [cm$^2$]")
ax.legend(fontsize=8)
