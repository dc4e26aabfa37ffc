"""`cevns plot WHAT`: the standard figures, written to a file."""

from __future__ import annotations

import click


@click.command()
@click.argument("what", type=click.Choice(["xsec", "form-factors", "recoil-spectra", "counts"]))
@click.option("--target", "targets", multiple=True, help="Targets for xsec (repeatable) or the isotope for form-factors.")
@click.option("--experiment", default="coherent-csi-2017", show_default=True,
              help="Preset or TOML file for recoil-spectra and counts.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="Figure file (PNG, PDF, SVG).")
def plot(what, targets, experiment, output):
    """Write a figure: cross sections, form factors, or an experiment's spectra."""
    from .. import plotting

    if what == "xsec":
        figure = plotting.cross_sections(targets or ("Ar40", "Ge", "CsI", "Xe"))
    elif what == "form-factors":
        figure = plotting.form_factors(targets[0] if targets else "Xe131")
    else:
        from ._predict import _load, prediction_summary

        exp = _load(experiment)
        figure = plotting.recoil_spectra(exp) if what == "recoil-spectra" else plotting.counts(prediction_summary(exp))
    figure.savefig(output, dpi=120)
    click.echo(f"figure written to {output}")
