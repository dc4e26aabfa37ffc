"""`cevns export-pyhf DATASET`: the likelihood of a data release as a HistFactory workspace (pyhf JSON)."""

from __future__ import annotations

import json

import click

from ._output import echo_json


@click.command("export-pyhf")
@click.argument("dataset")
@click.option("-o", "--output", "path", metavar="FILE", help="Write the workspace to FILE (default: stdout).")
@click.option("--json", "as_json", is_flag=True, help="With -o, print a machine-readable summary on stdout.")
def export_pyhf(dataset, path, as_json):
    """Write DATASET's likelihood as a HistFactory workspace validated by pyhf."""
    from .. import stats
    from ..stats.pyhf_export import validate, workspace

    spec = workspace(stats.model(dataset))
    validate(spec)
    text = json.dumps(spec)
    if path is None:
        click.echo(text)
        return
    with open(path, "w") as handle:
        handle.write(text)
    summary = {"dataset": dataset, "file": path, "channels": [c["name"] for c in spec["channels"]],
               "samples": [s["name"] for s in spec["channels"][0]["samples"]],
               "poi": spec["measurements"][0]["config"]["poi"]}
    if as_json:
        echo_json(summary)
    else:
        click.echo(f"wrote {path}: HistFactory workspace of {dataset} (samples {', '.join(summary['samples'])})")
