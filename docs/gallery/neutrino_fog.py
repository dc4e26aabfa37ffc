"""The neutrino fog of xenon

Discovery limits of a spin-independent WIMP search on xenon against the CEvNS background of solar, atmospheric
and relic-supernova neutrinos, for exposures from 10⁻⁵ to 10⁶ tonne-years, coloured by the fog index
n = −(d ln σ / d ln exposure)⁻¹; the black line is the floor, where n = 2 (O'Hare, PRL 127 (2021) 251802), and the
grey line is O'Hare's published xenon floor.
"""

import numpy as np
from matplotlib.figure import Figure

from cevns import dark_matter
from cevns.units import GeV, cm2

problem = dark_matter.discovery_problem("Xe131", halo="shm-ohare-2021", components=dark_matter.ohare2021_components())
masses = np.geomspace(1, 1000, 40) * GeV
result = problem.fog(masses)
published_mass, published_sigma = dark_matter.load_ohare2021_floor("Xe")

fig = Figure(figsize=(6.4, 4.4))
ax = fig.subplots()
sigma = np.geomspace(1e-50, 1e-42, 300) * cm2
index = result.index_map(sigma)
mesh = ax.pcolormesh(masses / GeV, sigma / cm2, index, cmap="viridis", vmin=1, vmax=4, shading="auto")
fig.colorbar(mesh, ax=ax, label="fog index n")
ax.plot(masses / GeV, result.floor / cm2, "k-", lw=1.5, label="floor (n = 2), cevns")
ax.plot(published_mass / GeV, published_sigma / cm2, color="0.6", ls="--", label="O'Hare 2021")
ax.set_xscale("log")
ax.set_xlim(1, 1000)
ax.set_yscale("log")
ax.set_xlabel("WIMP mass [GeV]")
ax.set_ylabel("SI WIMP-nucleon cross section [cm²]")
ax.legend(loc="upper right", fontsize=8)
