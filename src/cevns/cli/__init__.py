"""The `cevns` command line: one subcommand per task, each in its own module, each with ``--json``.

The CLI parses, calls the library and prints; it holds no physics.
"""

from __future__ import annotations

import importlib

import click

from ..errors import CevnsError

# subcommand name -> "module:function" (imported only when that subcommand runs)
_COMMANDS = {
    "nucleus": "cevns.cli._nucleus:nucleus",
    "xsec": "cevns.cli._xsec:xsec",
    "flux": "cevns.cli._flux:flux",
    "msw": "cevns.cli._msw:msw",
    "predict": "cevns.cli._predict:predict",
    "experiments": "cevns.cli._predict:experiments",
    "plot": "cevns.cli._plot:plot",
    "opacity": "cevns.cli._opacity:opacity",
    "supernova": "cevns.cli._supernova:supernova",
    "datasets": "cevns.cli._datasets:datasets",
    "fit": "cevns.cli._fit:fit",
    "export-pyhf": "cevns.cli._export_pyhf:export_pyhf",
    "wimp": "cevns.cli._wimp:wimp",
    "fog": "cevns.cli._fog:fog",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(_COMMANDS)

    def get_command(self, ctx, name):
        if name not in _COMMANDS:
            return None
        module, attribute = _COMMANDS[name].split(":")
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cevns")
def cli():
    """cevns: coherent elastic neutrino-nucleus scattering from nuclei to counts."""


def main(argv=None):
    """Entry point: runs the CLI, turning a `cevns` error into one line on stderr and exit status 1."""
    try:
        cli.main(args=argv, prog_name="cevns", standalone_mode=False)
    except click.exceptions.Abort:
        raise SystemExit(1) from None
    except click.ClickException as exc:
        exc.show()
        raise SystemExit(exc.exit_code) from None
    except CevnsError as exc:
        click.echo(f"cevns: error: {exc}", err=True)
        raise SystemExit(1) from None
    except SystemExit:
        raise
