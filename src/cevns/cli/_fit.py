"""`cevns fit DATASET`: maximum-likelihood fit of a packaged data release, profiles and significance."""

from __future__ import annotations

import click
import numpy as np

from ..errors import OutOfDomainError
from ._output import echo_json, pdg_round, save_figure, write_table

#: Points of a profile-likelihood scan.
PROFILE_POINTS = 41


def _profile_grid(result, name, model):
    value, error = result.values[name], result.errors[name]
    lo, hi = model.parameter(name).limits
    return np.linspace(max(lo, value - 3 * error), min(hi, value + 3 * error), PROFILE_POINTS)


@click.command("fit")
@click.argument("datasets", nargs=-1, required=True)
@click.option("--parameter", "parameters", multiple=True, metavar="NAME",
              help="Parameter of interest to fit (repeatable; default the signal normalization), e.g. "
                   "sin2_theta_w, neutron_radius, flux_8b.")
@click.option("--profile", "profile_name", metavar="NAME", help="Scan the profile likelihood of this parameter.")
@click.option("--plot", "plot_path", metavar="FILE", help="Write the fit figure (data, stacked prediction, "
                                                          "residuals, profile) to FILE.")
@click.option("--csv", "csv_path", metavar="FILE", help="Write the parameters table (value, error, MINOS errors, "
                                                          "unit) to FILE as CSV.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output on stdout.")
def fit(datasets, parameters, profile_name, plot_path, csv_path, as_json):
    """Fit DATASETS (see `cevns datasets`; several are fitted together, sharing sin2_theta_w and the neutron
    radii) and print the best fit, errors and the CEvNS significance."""
    from .. import stats

    wanted = (*parameters, profile_name)
    options = {}
    if "neutron_radius" in wanted:
        options["neutron_radius"] = True
    elif any(str(name).startswith("neutron_radius_") for name in wanted):
        options["neutron_radius"] = "separate"
    models = [stats.model(name, **options) for name in datasets]
    model = models[0] if len(models) == 1 else stats.CombinedModel(*models)
    dataset = " + ".join(datasets)
    poi = list(parameters) or [model.poi]
    if profile_name and profile_name not in poi:
        raise OutOfDomainError(f"--profile {profile_name}: profile a fitted parameter ({', '.join(poi)})")
    if profile_name and profile_name not in model.names:
        raise OutOfDomainError(f"--profile {profile_name}: name one parameter of the combined fit, one of "
                               f"{', '.join(stats.matching(model, profile_name))}")
    result = stats.fit(model, poi)
    summary = {"dataset": dataset, **result.to_dict(),
               "significance": stats.significance(model, poi if model.poi in poi else None)["z"],
               "published": dict(getattr(model.dataset, "published", {}))}
    if profile_name:
        grid = _profile_grid(result, profile_name, model)
        scan = stats.profile_scan(model, profile_name, grid, poi)
        summary["profile"] = scan.to_dict() | {"interval": scan.interval(1.0)}
    if csv_path:
        write_table(csv_path, result.table(), option="--csv")
        summary["csv"] = csv_path
    if plot_path:
        from .. import plotting

        save_figure(plotting.fit_figure(model, result, summary.get("profile")), plot_path)
        summary["plot"] = plot_path
    if as_json:
        echo_json(summary)
        return
    _print(model, summary)


def _print(model, summary):
    click.echo(f"{summary['dataset']}: {model.dataset.title}")
    if model.dataset.reference:
        click.echo(f"  {model.dataset.reference}")
    status = "valid" if summary["valid"] else "NOT VALID"
    click.echo(f"  fit {status}, −2 ln L = {summary['deviance']:.2f}")
    for name in summary["free"]:
        value, error = summary["values"][name], summary["errors"][name]
        line = f"  {name:<26} {pdg_round(value, error)}"
        if name in summary["minos"]:
            lower, upper = summary["minos"][name]
            line += f"   (MINOS {lower:+.3g} / {upper:+.3g})"
        unit = model.parameter(name).unit
        click.echo(line + (f" {unit}" if unit else ""))
    click.echo(f"  CEvNS events: {pdg_round(summary['signal_events'], summary['signal_events_error'])}"
               f"   significance over background only: {summary['significance']:.2f}σ")
    if summary["published"].get("source"):
        click.echo(f"  published: {summary['published']['source']}")
    if "profile" in summary:
        p = summary["profile"]
        low, high = p["interval"]
        click.echo(f"  profile of {p['parameter']}: 1σ interval [{low:.4g}, {high:.4g}] "
                   f"(grid of {len(p['values'])} points)")
    if "csv" in summary:
        click.echo(f"  parameters written to {summary['csv']}")
    if "plot" in summary:
        click.echo(f"  figure written to {summary['plot']}")
