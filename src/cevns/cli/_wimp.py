"""`cevns wimp`: the WIMP recoil spectrum and expected counts on a target."""

from __future__ import annotations

import click
import numpy as np

from .. import units
from ._output import echo_json, save_figure


@click.command()
@click.option("--target", required=True, help="Isotope (Xe131) or material (Xe, NaI, CaWO4, C3F8 ...).")
@click.option("--mass", required=True, help="WIMP mass with unit, e.g. 50GeV.")
@click.option("--cross-section", "cross_section", required=True, help="WIMP-nucleon cross section, e.g. 1e-47cm2.")
@click.option("--interaction", default="si", show_default=True, type=click.Choice(["si", "sdp", "sdn"]))
@click.option("--threshold", default="1keV", show_default=True, help="Lower end of the recoil window.")
@click.option("--max-recoil", "max_recoil", default=None, help="Upper end of the recoil window (default: the "
              "kinematic limit).")
@click.option("--exposure", default="1tonne*yr", show_default=True, help="Exposure (mass × time) for the counts.")
@click.option("--halo", default="shm-baxter-2021", show_default=True,
              type=click.Choice(["shm-baxter-2021", "shm-ohare-2021"]))
@click.option("--points", default=200, show_default=True, help="Recoil energies of the spectrum.")
@click.option("--json", "as_json", is_flag=True, help="Print the spectrum and counts as JSON on stdout.")
@click.option("--plot", type=click.Path(dir_okay=False), help="Write a figure of the spectrum to this file.")
def wimp(target, mass, cross_section, interaction, threshold, max_recoil, exposure, halo, points, as_json, plot):
    """WIMP recoil spectrum dR/dT and expected counts in a recoil window (Standard Halo Model)."""
    from ..dark_matter.wimp import nuclei_per_mass, spin_dependent_model, wimp_recoil_energy_max, wimp_spectrum
    from ..errors import OutOfDomainError

    if points < 2:
        raise OutOfDomainError(f"points must be >= 2, got {points}")
    m = units.parse(mass, dimension="energy")
    sigma = units.parse(cross_section, dimension="area")
    t_low = units.parse(threshold, dimension="energy")
    ex = units.parse(exposure, dimension="mass*time")
    t_max = wimp_recoil_energy_max(m, target, halo)
    t_high = t_max if max_recoil is None else units.parse(max_recoil, dimension="energy")
    kw = dict(mass=m, cross_section=sigma, interaction=interaction, halo=halo)
    T = np.linspace(0.0, t_max, points)
    rate = wimp_spectrum(T, target, **kw)
    nodes, weights = np.polynomial.legendre.leggauss(64)
    counts = 0.0
    if t_high > t_low:
        edges = np.linspace(t_low, min(t_high, t_max), 33)
        for a, b in zip(edges[:-1], edges[1:]):
            x = 0.5 * (b - a) * nodes + 0.5 * (a + b)
            counts += 0.5 * (b - a) * float(np.sum(weights * wimp_spectrum(x, target, **kw)))
    per = units.tonne * units.year * units.keV
    result = {
        "target": target, "mass_GeV": m / units.GeV, "cross_section_cm2": sigma / units.cm2,
        "interaction": interaction, "halo": halo, "recoil_energy_max_keV": t_max / units.keV,
        "window_keV": [t_low / units.keV, min(t_high, t_max) / units.keV],
        "exposure_tonne_year": ex / (units.tonne * units.year), "counts": counts * ex,
        "recoil_energy_keV": T / units.keV, "rate_per_tonne_year_keV": rate * per,
    }
    if interaction != "si":
        result["spin_model"] = {iso.name: spin_dependent_model(iso) for iso in nuclei_per_mass(target)[0]
                                if iso.spin > 0}
    if plot:
        from .. import plotting

        save_figure(plotting.wimp_spectrum(result), plot)
    if as_json:
        echo_json(result)
        return
    click.echo(f"WIMP of {m / units.GeV:g} GeV, σ = {sigma / units.cm2:.3g} cm² ({interaction}) on {target}, {halo}")
    click.echo(f"  T_max = {t_max / units.keV:.4g} keV; dR/dT(0) = {rate[0] * per:.4g} /(tonne·year·keV)")
    for name, model in result.get("spin_model", {}).items():
        click.echo(f"  {name}: {model}")
    click.echo(f"  counts in [{t_low / units.keV:g}, {min(t_high, t_max) / units.keV:.4g}] keV for "
               f"{ex / (units.tonne * units.year):g} tonne·year: {counts * ex:.4g}")
    if plot:
        click.echo(f"  figure written to {plot}")
