"""`cevns opacity`: neutrino mean free paths in stellar matter and the density at which neutrinos are trapped."""

from __future__ import annotations

import click
import numpy as np

from ._output import echo_json, save_figure
from .. import units


def opacity_summary(density, temperature, composition, energies, *, electron_fraction=None, scan_energy=None,
                    **physics):
    """λ(E) at one density and λ(ρ) at one energy with the trapping density, as a plain dict (CLI units)."""
    from ..errors import OutOfDomainError
    from ..stellar import GRAM_PER_CM3, composition as as_composition, mean_free_path, trapping_density, \
        trapping_mean_free_path

    comp = as_composition(composition)
    E = np.asarray(energies, dtype=float)
    lam = mean_free_path(E, density, temperature, comp, electron_fraction=electron_fraction, **physics)
    scan_energy = float(E.flat[0]) if scan_energy is None else scan_energy
    try:
        rho_trap = trapping_density(scan_energy, temperature, comp, electron_fraction=electron_fraction, **physics)
        trap = rho_trap / GRAM_PER_CM3
    except OutOfDomainError:
        rho_trap, trap = None, None
    # three decades below to two above the density, widened to show the trapping point
    low, high = 1e-3 * density, 1e2 * density
    if rho_trap is not None:
        low, high = min(low, rho_trap / 3.0), max(high, 3.0 * rho_trap)
    rho_grid = np.geomspace(low, high, 61)
    lam_rho = mean_free_path(scan_energy, rho_grid, temperature, comp, electron_fraction=electron_fraction,
                             **physics)
    return {
        "composition": str(comp), "density_g_cm3": density / GRAM_PER_CM3, "temperature_MeV": temperature / units.MeV,
        "electron_fraction": comp.charge_fraction if electron_fraction is None else electron_fraction,
        "flavor": physics.get("flavor", "nu_e"), "correlations": physics.get("correlations", "horowitz1997"),
        "electron_screening": physics.get("electron_screening", False),
        "energy_MeV": E / units.MeV, "mean_free_path_km": lam / units.km,
        "density_scan": {
            "energy_MeV": scan_energy / units.MeV, "density_g_cm3": rho_grid / GRAM_PER_CM3,
            "mean_free_path_km": lam_rho / units.km,
            "trapping_mean_free_path_km": trapping_mean_free_path(rho_grid) / units.km,
            "trapping_density_g_cm3": trap,
        },
    }


@click.command()
@click.option("--density", required=True, help="Mass density with unit, e.g. 1e12g/cm3 (a bare number is g/cm3).")
@click.option("--temperature", required=True, help="Matter temperature with unit, e.g. 2MeV.")
@click.option("--composition", required=True, help="Mass fractions: Fe56, or Fe56:0.8,He4:0.1,n:0.1 (n, p: nucleons).")
@click.option("--ye", type=float, default=None, help="Electron fraction (default: charge neutrality of the composition).")
@click.option("--energy", "energies", multiple=True,
              help="Neutrino energy with unit (repeatable); default 1-100 MeV. The first sets the density scan.")
@click.option("--flavor", default="nu_e", show_default=True)
@click.option("--correlations", default="horowitz1997", show_default=True,
              type=click.Choice(["horowitz1997", "debye-huckel", "none"]), help="Ion-ion structure factor.")
@click.option("--screening", is_flag=True, help="Add the weak charge of the electron screening cloud.")
@click.option("--form-factor", default="helm", show_default=True)
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False), help="Write the figure to this file.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON on stdout.")
def opacity(density, temperature, composition, ye, energies, flavor, correlations, screening, form_factor,
            plot_file, as_json):
    """Transport mean free path of neutrinos in stellar matter (elastic scattering on nuclei and nucleons)."""
    from ..flavors import check_flavor
    from ..stellar import parse_density

    rho = parse_density(density)
    T = units.parse(temperature, dimension="energy", name="--temperature")
    if energies:
        E = np.array([units.parse(e, dimension="energy", name="--energy") for e in energies])
    else:
        E = np.geomspace(1.0, 100.0, 25) * units.MeV
    summary = opacity_summary(rho, T, composition, E, electron_fraction=ye, scan_energy=float(E[0]) if energies
                              else 10.0 * units.MeV, flavor=check_flavor(flavor), correlations=correlations,
                              electron_screening=screening, form_factor=form_factor)
    if plot_file:
        from ..plotting import stellar_mean_free_path

        save_figure(stellar_mean_free_path(summary), plot_file)
    if as_json:
        echo_json(summary)
        return
    click.echo(f"{summary['composition']} at ρ = {summary['density_g_cm3']:.4g} g/cm³, T = "
               f"{summary['temperature_MeV']:g} MeV, Y_e = {summary['electron_fraction']:.4g}; {flavor}, "
               f"correlations: {correlations}{', electron screening' if screening else ''}")
    click.echo("  E [MeV]    λ [km]")
    for e, lam in zip(summary["energy_MeV"], summary["mean_free_path_km"]):
        click.echo(f"  {e:8.4g}  {lam:10.4g}")
    scan = summary["density_scan"]
    trap = scan["trapping_density_g_cm3"]
    click.echo(f"  trapping density at {scan['energy_MeV']:g} MeV (1 M_sun core, t_diff = t_ff): "
               + (f"{trap:.3g} g/cm³" if trap is not None else "none between 1e6 and 1e15 g/cm³"))
    if plot_file:
        click.echo(f"  figure written to {plot_file}")
