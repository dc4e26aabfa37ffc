"""A supernova burst in a xenon detector

The CEvNS event rate in XENONnT (5.9 t, ionisation signal only) from the Garching LS220 27 M☉ model at 10 kpc
with adiabatic MSW conversion (normal ordering): the neutronization burst in the first tens of milliseconds, the
accretion phase, then the cooling of the proto-neutron star, with the share of each detected flavor. CEvNS counts
every flavor alike, so the total is the same for either ordering or none: conversion only moves flux between
flavors.
"""

import numpy as np
from matplotlib.figure import Figure

from cevns import supernova
from cevns.units import kpc, ms, s

signal = supernova.supernova_signal("garching-ls220-s27", "xenonnt")
prediction = signal.predict(10 * kpc, "normal")
edges = np.concatenate([np.arange(0, 100, 5), np.geomspace(100, 10000, 40)]) * ms
per_second = np.diff(edges) / s
counts = prediction.counts_vs_time(edges)
heavy = sum(counts[f] for f in ("nu_mu", "nu_tau", "nubar_mu", "nubar_tau"))

fig = Figure(figsize=(6.4, 4.2))
ax = fig.subplots()
ax.stairs(counts["total"] / per_second, edges / s, color="k", label=f"total ({prediction.total()['total']:.0f} events)")
ax.stairs(counts["nu_e"] / per_second, edges / s, ls="--", label=r"$\nu_e$")
ax.stairs(counts["nubar_e"] / per_second, edges / s, ls="-.", label=r"$\bar\nu_e$")
ax.stairs(heavy / per_second, edges / s, ls=":", label=r"$\nu_{\mu,\tau}$ and $\bar\nu_{\mu,\tau}$")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlim(5e-3, 10)
ax.set_xlabel("time after bounce [s]")
ax.set_ylabel("events per second (variable-width bins)")
ax.set_title("XENONnT, 27 M$_\\odot$ at 10 kpc, normal ordering")
ax.legend()
