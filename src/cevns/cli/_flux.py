"""`cevns flux`: normalization, mean energy and range per flavor of a source preset; spectrum as CSV/JSON; figures."""

from __future__ import annotations

import click

from ._output import csv_destination, echo_json, pdg_round, reject, save_figure, write_table

_POINTS = 400
# the full solar model stands for its single components on the all-sources figure
_SOLAR_SHOWN = "solar-b16-gs98"


def _normalization(flux):
    from ..sources import Normalization

    return Normalization.parse(flux.normalization)


def _describe(flux) -> dict:
    """Per flavor: total, ⟨E⟩, range and lines, in display units (totals and lines in the normalization's unit)."""
    from ..units import MeV

    factor, _ = _normalization(flux).display
    rows = {}
    for flavor in flux.flavors:
        lo, hi = flux.energy_range(flavor)
        line_e, line_i = flux.lines(flavor)
        rows[flavor] = {
            "total": flux.total(flavor) * factor,
            "mean_energy_MeV": flux.mean_energy(flavor) / MeV,
            "energy_range_MeV": [lo / MeV, hi / MeV],
            "lines": [{"energy_MeV": e / MeV, "intensity": i * factor} for e, i in zip(line_e, line_i)],
        }
    return rows


def _spectrum(flux) -> dict:
    from ..units import MeV

    factor, _ = _normalization(flux).display
    out = {}
    for flavor in flux.flavors:
        e = flux.energy_grid(flavor, _POINTS)
        out[flavor] = {"energy_MeV": e / MeV, "differential": flux.differential(e, flavor) * factor * MeV}
    return out


def _summary(flux) -> dict:
    norm = _normalization(flux)
    unit = norm.display[1]
    return {"name": flux.name, "normalization": norm.value, "unit": unit,
            "reference": getattr(flux, "reference", ""), "flavors": _describe(flux),
            "spectrum_unit": unit + " MeV^-1"}


def _steady_presets():
    """Every steady preset per area per time, one solar model standing for its components."""
    from .. import sources
    from ..sources import Normalization

    fluxes = []
    for name in sources.available():
        if name.startswith("solar-") and name != _SOLAR_SHOWN:
            continue
        flux = sources.get(name)
        if _normalization(flux) is Normalization.PER_AREA_TIME:
            fluxes.append(flux)
    return fluxes


def _print(summary):
    click.echo(f"{summary['name']}: {summary['normalization']}")
    if summary["reference"]:
        click.echo(f"  source: {summary['reference']}")
    for fl, row in summary["flavors"].items():
        lo, hi = row["energy_range_MeV"]
        lines = f", {len(row['lines'])} line(s)" if row["lines"] else ""
        click.echo(f"  {fl:9s} total {pdg_round(row['total'])} {summary['unit']}   "
                   f"<E> {pdg_round(row['mean_energy_MeV'])} MeV   range [{pdg_round(lo)}, {pdg_round(hi)}] MeV"
                   f"{lines}")


@click.command("flux")
@click.argument("source", nargs=-1)
@click.option("--list", "list_", is_flag=True, help="List the source presets.")
@click.option("--all", "all_", is_flag=True, help="Every steady preset per area per time (summary, --plot, --json).")
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout: summary and spectrum.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False),
              help="Write dΦ/dE of SOURCE per flavor as CSV (units in the header).")
@click.option("--output", type=click.Path(dir_okay=False), hidden=True, help="Deprecated name of --csv.")
@click.option("--plot", type=click.Path(dir_okay=False), help="Write a log-log figure of dΦ/dE (.png, .pdf, .svg).")
@click.option("--logx/--linx", default=None, help="--plot: logarithmic (default) or linear energy axis.")
@click.option("--logy/--liny", default=None, help="--plot: logarithmic (default) or linear flux axis.")
def flux(source, list_, all_, as_json, csv_path, output, plot, logx, logy):
    """Normalization, mean energy and range per flavor of SOURCE (preset names; see --list); several SOURCE values
    are summarised together and share one --plot figure."""
    from .. import sources

    csv_path, table_option = csv_destination(csv_path, output)
    reject("--logx/--linx", logx is not None and not plot, "applies to --plot")
    reject("--logy/--liny", logy is not None and not plot, "applies to --plot")
    if list_:
        for option, given in (("SOURCE", bool(source)), ("--all", all_), (table_option, csv_path is not None),
                              ("--plot", plot is not None)):
            reject(option, given, "cannot be combined with --list")
        names = sources.available()
        if as_json:
            echo_json({name: sources.describe(name) for name in names})
        else:
            for name in names:
                click.echo(f"{name:30s} {sources.describe(name)}")
        return
    if all_:
        reject("--all", bool(source), "and SOURCE exclude each other")
        reject(table_option, csv_path is not None, "writes the spectrum of one SOURCE; it cannot be used with --all")
        fluxes = _steady_presets()
    elif not source:
        raise click.UsageError("give a SOURCE preset name, --all, or --list")
    else:
        reject(table_option, csv_path is not None and len(source) > 1, "writes the spectrum of one SOURCE, "
               f"got {len(source)}")
        fluxes = [sources.get(name) for name in dict.fromkeys(source)]
    summaries = [_summary(f) for f in fluxes]
    if len(fluxes) > 1 or all_:
        payload = {s["name"]: s for s in summaries}
    else:
        payload = dict(summaries[0], spectrum=_spectrum(fluxes[0]))
    if csv_path:
        write_table(csv_path, fluxes[0].table(_POINTS), option=table_option)
    if plot:
        from .. import plotting

        save_figure(plotting.fluxes(fluxes, points=_POINTS, logx=logx, logy=logy), plot)
    if as_json:
        echo_json(payload)
        return
    for summary in summaries:
        _print(summary)
    if csv_path:
        click.echo(f"  spectrum written to {csv_path}")
    if plot:
        click.echo(f"  figure written to {plot}")
