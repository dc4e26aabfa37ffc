"""`cevns plot WHAT`: the standard figures, written to a file."""

from __future__ import annotations

import click

from ._output import echo_json, reject, save_figure, write_table

_DEFAULT_EXPERIMENT = "coherent-csi-2017"
_DEFAULT_TARGETS = {"xsec": ("Ar40", "Ge", "CsI", "Xe"), "form-factors": ("Xe131",)}


@click.command()
@click.argument("what", type=click.Choice(["xsec", "form-factors", "recoil-spectra", "counts"]))
@click.option("--target", "targets", multiple=True,
              help="xsec: targets; form-factors: isotopes (repeatable: one curve, or set of curves, per target).")
@click.option("--experiment", help=f"recoil-spectra, counts: preset or TOML file [default: {_DEFAULT_EXPERIMENT}].")
@click.option("--logx/--linx", default=None, help="Logarithmic or linear horizontal axis [default: the figure's].")
@click.option("--logy/--liny", default=None, help="Logarithmic or linear vertical axis [default: the figure's].")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="Figure file (PNG, PDF, SVG).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False),
              help="Also write the drawn curves (counts: the counts per bin) as CSV with units in the header.")
@click.option("--json", "as_json", is_flag=True, help="Print what was drawn (figure file, inputs) as JSON.")
def plot(what, targets, experiment, logx, logy, output, csv_path, as_json):
    """Write a figure: cross sections, form factors, or an experiment's spectra."""
    from .. import plotting

    drawn = {"figure": output, "what": what}
    scales = {"logx": logx, "logy": logy}
    if what in ("xsec", "form-factors"):
        reject("--experiment", experiment is not None, f"applies to recoil-spectra and counts, not to {what}")
        targets = tuple(dict.fromkeys(targets)) or _DEFAULT_TARGETS[what]
        if what == "xsec":
            figure = plotting.cross_sections(targets, **scales)
        else:
            figure = plotting.form_factors(targets, **scales)
        drawn["targets"] = list(targets)
        table = plotting.curve_table(figure) if csv_path else None
    else:
        reject("--target", bool(targets), f"applies to xsec and form-factors; {what} uses --experiment")
        from ._predict import _load, prediction_summary

        exp = _load(experiment or _DEFAULT_EXPERIMENT)
        if what == "recoil-spectra":
            figure = plotting.recoil_spectra(exp, **scales)
            table = exp.prediction.recoil_table() if csv_path else None
        else:
            figure = plotting.counts(prediction_summary(exp), **scales)
            table = exp.prediction.counts_table() if csv_path else None
        drawn["experiment"] = exp.name
    save_figure(figure, output, option="--output", dpi=120)
    if csv_path:
        write_table(csv_path, table, option="--csv")
        drawn["csv"] = csv_path
    if as_json:
        echo_json(drawn)
        return
    click.echo(f"figure written to {output}" + (f", curves to {csv_path}" if csv_path else ""))
