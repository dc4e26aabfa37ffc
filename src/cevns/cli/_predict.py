"""`cevns predict EXPERIMENT` and `cevns experiments`: expected counts of real setups."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ._output import echo_json, pdg_round, reject, save_figure, write_table

DEFAULT_EXPERIMENT = "coherent-csi-2017"


def _load(name: str):
    """A path (ends in .toml or holds a separator) is a file; a preset name is a preset, and a local file of the
    same name is an error rather than a silent shadow."""
    from .. import experiments
    from ..errors import InvalidSpecError

    path = Path(name)
    if name.endswith(".toml") or len(path.parts) > 1:
        return experiments.load(name)
    if name in experiments.available():
        if path.is_file():
            raise InvalidSpecError(f"{name!r} is both a preset and a file here; write ./{name} for the file")
        return experiments.get(name)
    if path.is_file():
        return experiments.load(name)
    return experiments.get(name)


def _in(value, unit):
    """``value`` in ``unit``, or None where the experiment does not state it."""
    return None if value is None else value / unit


def prediction_summary(experiment) -> dict:
    """Counts per bin by isotope and flavor, totals, and the published numbers, as plain data."""
    from ..units import UNITS, day, kg

    if sys.stderr.isatty():
        click.echo(f"computing {experiment.name} (flux moments, response matrices) ...", err=True)
    prediction = experiment.prediction
    counts = prediction.counts()
    unit = experiment.bin_unit
    scale = UNITS.get(unit, 1.0)  # PE and e- are counts
    edges = experiment.bin_edges / scale
    isotopes = [iso.name for iso in prediction.rates.isotopes]
    flavors = list(prediction.rates.flavors)
    total = float(counts.sum())
    return {
        "experiment": experiment.name,
        **{k: v for k, v in experiment.metadata.items() if v},
        "bin_unit": unit,
        "bin_edges": edges,
        "counts": counts.sum(axis=(0, 1)),
        "counts_by_flavor": {f: counts[:, k].sum(0) for k, f in enumerate(flavors)},
        "counts_by_isotope": {n: counts[i].sum(0) for i, n in enumerate(isotopes)},
        "total": total,
        "total_by_flavor": {f: float(counts[:, k].sum()) for k, f in enumerate(flavors)},
        "published": dict(experiment.published),
        "physics": dict(experiment.physics),
        "target_mass_kg": _in(experiment.target_mass, kg),
        "live_time_days": _in(experiment.live_time, day),
        "protons_on_target": experiment.protons_on_target,
    }


def _print(summary):
    click.echo(f"{summary['experiment']}: {summary.get('title', '')}")
    if summary.get("reference"):
        click.echo(f"  {summary['reference']}" + (f", doi:{summary['doi']}" if summary.get("doi") else ""))
    flavors = list(summary["counts_by_flavor"])
    unit = summary["bin_unit"]
    header = f"  {'bin [' + unit + ']':>18} " + " ".join(f"{f:>10}" for f in flavors) + f" {'total':>10}"
    click.echo(header)
    edges = summary["bin_edges"]
    for b in range(len(edges) - 1):
        row = " ".join(f"{summary['counts_by_flavor'][f][b]:10.3f}" for f in flavors)
        click.echo(f"  {edges[b]:8.4g} – {edges[b + 1]:<7.4g} {row} {summary['counts'][b]:10.3f}")
    by_flavor = " ".join(f"{summary['total_by_flavor'][f]:10.2f}" for f in flavors)
    click.echo(f"  {'total':>18} {by_flavor} {summary['total']:10.2f}")
    published = summary["published"]
    if "prediction" in published:
        click.echo(f"  published SM prediction: {pdg_round(published['prediction'], published.get('prediction_uncertainty'))}"
                   f"   (this prediction: {summary['total']:.1f})")
    if "measurement" in published:
        click.echo(f"  published measurement:   "
                   f"{pdg_round(published['measurement'], published.get('measurement_uncertainty'))}")
    if published.get("reproducible") is False:
        click.echo("  note: this preset cannot reproduce the published prediction from public inputs; see its notes")


def _plot(experiment, summary, path, *, data=False, uncertainty=False, logx=None, logy=None):
    """The counts figure; ``data`` overlays the preset's data release (with its backgrounds stacked), ``uncertainty``
    draws the published relative uncertainty of the Standard-Model prediction as a band."""
    from .. import plotting
    from ..errors import InvalidSpecError

    options = {}
    if data:
        release = plotting.release_counts(summary)
        options |= {"data": release["data"], "backgrounds": release["backgrounds"]}
    if uncertainty:
        published = experiment.published
        if not published.get("prediction_uncertainty"):
            raise InvalidSpecError(f"--uncertainty: the preset {experiment.name!r} states no uncertainty of its "
                                   "published prediction")
        low = published.get("prediction_uncertainty_low", published["prediction_uncertainty"])
        options["uncertainty"] = 0.5 * (published["prediction_uncertainty"] + low) / published["prediction"]
    save_figure(plotting.counts(summary, logx=logx, logy=logy, **options), path)


@click.command()
@click.argument("experiment", default=DEFAULT_EXPERIMENT)
@click.option("--json", "as_json", is_flag=True, help="Print the prediction as JSON on stdout.")
@click.option("--plot", type=click.Path(dir_okay=False), help="Write a figure of the spectrum to this file.")
@click.option("--logy/--liny", default=None, help="--plot: logarithmic (or linear, the default) count axis.")
@click.option("--logx/--linx", default=None, help="--plot: logarithmic (or linear, the default) energy axis.")
@click.option("--data", "with_data", is_flag=True,
              help="--plot: overlay the preset's published data release (points with Poisson errors, its "
                   "backgrounds stacked) and a residual panel.")
@click.option("--uncertainty", is_flag=True,
              help="--plot: draw the published relative uncertainty of the SM prediction as a band.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False),
              help="Write the counts per bin (edges, per flavor, per isotope, total) as CSV with units in the header.")
def predict(experiment, as_json, plot, logy, logx, with_data, uncertainty, csv_path):
    """Expected counts per reconstructed bin of a preset EXPERIMENT (see `cevns experiments`) or a TOML file."""
    for option, given in (("--logy/--liny", logy is not None), ("--logx/--linx", logx is not None),
                          ("--data", with_data), ("--uncertainty", uncertainty)):
        reject(option, given and not plot, "applies to --plot")
    exp = _load(experiment)
    summary = prediction_summary(exp)
    if csv_path:
        write_table(csv_path, exp.prediction.counts_table(), option="--csv")
    if plot:
        _plot(exp, summary, plot, data=with_data, uncertainty=uncertainty, logx=logx, logy=logy)
    if as_json:
        echo_json(summary)
        return
    _print(summary)
    if csv_path:
        click.echo(f"  table written to {csv_path}")
    if plot:
        click.echo(f"  figure written to {plot}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON on stdout.")
def experiments(as_json):
    """List the experiment presets with their references and published numbers."""
    from .. import experiments as ex

    rows = [ex.describe(name) for name in ex.available()]
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        published = row.get("published") or {}
        numbers = ""
        if "prediction" in published:
            numbers = f"  SM {pdg_round(published['prediction'], published.get('prediction_uncertainty'))}"
        if "measurement" in published:
            numbers += f", measured {pdg_round(published['measurement'], published.get('measurement_uncertainty'))}"
        click.echo(f"{row['name']:<28} {row.get('title') or ''}{numbers}")
        if row.get("reference"):
            click.echo(f"{'':<28} {row['reference']}")
