"""`cevns plot WHAT`: the standard figures, written to a file."""

from __future__ import annotations

import click

from ._output import echo_json, reject, save_figure

_DEFAULT_EXPERIMENT = "coherent-csi-2017"
_DEFAULT_TARGETS = {"xsec": ("Ar40", "Ge", "CsI", "Xe"), "form-factors": ("Xe131",)}


@click.command()
@click.argument("what", type=click.Choice(["xsec", "form-factors", "recoil-spectra", "counts"]))
@click.option("--target", "targets", multiple=True,
              help="xsec: targets (repeatable); form-factors: the one isotope.")
@click.option("--experiment", help=f"recoil-spectra, counts: preset or TOML file [default: {_DEFAULT_EXPERIMENT}].")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="Figure file (PNG, PDF, SVG).")
@click.option("--json", "as_json", is_flag=True, help="Print what was drawn (figure file, inputs) as JSON.")
def plot(what, targets, experiment, output, as_json):
    """Write a figure: cross sections, form factors, or an experiment's spectra."""
    from .. import plotting

    drawn = {"figure": output, "what": what}
    if what in ("xsec", "form-factors"):
        reject("--experiment", experiment is not None, f"applies to recoil-spectra and counts, not to {what}")
        targets = targets or _DEFAULT_TARGETS[what]
        if what == "xsec":
            figure = plotting.cross_sections(targets)
        else:
            reject("--target", len(targets) > 1, "takes one isotope for form-factors")
            figure = plotting.form_factors(targets[0])
        drawn["targets"] = list(targets)
    else:
        reject("--target", bool(targets), f"applies to xsec and form-factors; {what} uses --experiment")
        from ._predict import _load, prediction_summary

        exp = _load(experiment or _DEFAULT_EXPERIMENT)
        if what == "recoil-spectra":
            figure = plotting.recoil_spectra(exp)
        else:
            figure = plotting.counts(prediction_summary(exp))
        drawn["experiment"] = exp.name
    save_figure(figure, output, option="--output", dpi=120)
    if as_json:
        echo_json(drawn)
        return
    click.echo(f"figure written to {output}")
