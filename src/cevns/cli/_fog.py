"""`cevns fog`: discovery limits, the neutrino fog index and the floor of a target."""

from __future__ import annotations

import click
import numpy as np

from .. import units
from ._output import echo_json, save_figure


@click.command()
@click.option("--target", required=True, help="Xe, Ar, Ge, Si, NaI, CaWO4, C3F8, CF3I, He, or an isotope (Xe131).")
@click.option("--interaction", default="si", show_default=True, type=click.Choice(["si", "sdp", "sdn"]))
@click.option("--mass-range", "mass_range", nargs=2, default=("1GeV", "10TeV"), show_default=True,
              help="Lowest and highest WIMP mass.")
@click.option("--masses", "n_masses", default=40, show_default=True, help="Number of log-spaced masses.")
@click.option("--threshold", default="0.1eV", show_default=True, help="Recoil threshold.")
@click.option("--max-recoil", "max_recoil", default="200keV", show_default=True, help="Upper end of the window.")
@click.option("--bins", default=50, show_default=True, help="Logarithmic recoil bins.")
@click.option("--halo", default="shm-baxter-2021", show_default=True,
              type=click.Choice(["shm-baxter-2021", "shm-ohare-2021"]))
@click.option("--fluxes", default="b16", show_default=True, type=click.Choice(["b16", "ohare2021"]),
              help="Neutrino flux normalizations and uncertainties.")
@click.option("--workers", default=0, show_default=True, help="Dask workers (0: no Dask, one process).")
@click.option("--scheduler", default=None, help="Address of an existing Dask scheduler (tcp://host:8786).")
@click.option("--json", "as_json", is_flag=True, help="Print masses, limits, fog index and floor as JSON.")
@click.option("--plot", type=click.Path(dir_okay=False), help="Write the fog map to this file.")
def fog(target, interaction, mass_range, n_masses, threshold, max_recoil, bins, halo, fluxes, workers, scheduler,
        as_json, plot):
    """The neutrino fog of a target: the n = 2 floor and the one-event floor versus WIMP mass."""
    import sys

    from ..dark_matter.backgrounds import neutrino_components, ohare2021_components
    from ..dark_matter.fog import discovery_problem
    from ..errors import OutOfDomainError

    if n_masses < 1:
        raise OutOfDomainError(f"masses must be >= 1, got {n_masses}")
    low, high = (units.parse(m, dimension="energy") for m in mass_range)
    if not high >= low:
        raise OutOfDomainError(f"mass range must be increasing, got {mass_range[0]} .. {mass_range[1]}")
    components = ohare2021_components() if fluxes == "ohare2021" else neutrino_components()
    problem = discovery_problem(target, interaction=interaction, halo=halo, components=components, bins=bins,
                                threshold=units.parse(threshold, dimension="energy"),
                                max_recoil=units.parse(max_recoil, dimension="energy"))
    masses = np.geomspace(low, high, n_masses)
    progress = sys.stderr.isatty() and not as_json
    if workers or scheduler:
        from ..dark_matter.scan import fog_scan

        result = fog_scan(problem, masses, workers=max(workers, 1), address=scheduler, progress=progress)
    else:
        result = problem.fog(masses, progress=progress and _has_tqdm())
    if plot:
        from .. import plotting

        save_figure(plotting.fog(result), plot)
    if as_json:
        echo_json(result.to_dict())
        return
    click.echo(f"neutrino fog of {target} ({interaction}), window {threshold}–{max_recoil}, {bins} bins, {halo}")
    click.echo(f"  {'mass [GeV]':>12}  {'floor n=2 [cm²]':>16}  {'one event [cm²]':>16}")
    for m, f, o in zip(result.masses, result.floor, result.one_event_floor):
        click.echo(f"  {m / units.GeV:12.4g}  {f / units.cm2:16.3e}  {o / units.cm2:16.3e}")
    if plot:
        click.echo(f"  figure written to {plot}")


def _has_tqdm() -> bool:
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return False
    return True
