"""`cevns datasets`: the public data releases shipped with the package."""

from __future__ import annotations

import click

from ._output import echo_json


@click.command("datasets")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output on stdout.")
def datasets(as_json):
    """List the packaged data releases (fit them with `cevns fit NAME`)."""
    from .. import datasets as releases

    rows = [{"name": name, "description": releases.describe(name)} for name in releases.available()]
    if as_json:
        echo_json(rows)
        return
    width = max(len(r["name"]) for r in rows)
    for row in rows:
        click.echo(f"{row['name']:<{width}}  {row['description']}")
