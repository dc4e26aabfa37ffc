"""The `cevns` command line: one subcommand per task, each in its own module, each with ``--json``.

The CLI parses, calls the library and prints; it holds no physics. Whatever goes wrong ends as one line
``cevns: error: ...`` on stderr and exit status 1, never a traceback (set ``CEVNS_TRACEBACK=1`` to see one).
"""

from __future__ import annotations

import importlib
import os

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
    "limits": "cevns.cli._limits:limits",
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


# a command called without its arguments (click >= 8.2 raises this; older versions print the help themselves)
_NoArgsIsHelp = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _message(exc: BaseException) -> str:
    """One line saying what went wrong, for any exception that reaches the command line."""
    if isinstance(exc, click.ClickException):
        return exc.format_message()
    if isinstance(exc, CevnsError):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return f"cannot read the input: it is not a text file ({exc.reason} at byte {exc.start})"
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename!r}: " if exc.filename else ""
        return f"{where}{exc.strerror}"
    if isinstance(exc, MemoryError):
        return "out of memory; reduce the number of points or energies"
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    return f"{type(exc).__name__}: {exc}"


def main(argv=None):
    """Entry point: runs the CLI; any error becomes one line ``cevns: error: ...`` on stderr and exit status 1."""
    try:
        code = cli.main(args=argv, prog_name="cevns", standalone_mode=False)
    except click.exceptions.Exit as exc:  # --help, --version
        raise SystemExit(exc.exit_code) from None
    except _NoArgsIsHelp as exc:  # `cevns` or `cevns plot` alone: the help, as --help would show it
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
        raise SystemExit(0) from None
    except click.exceptions.Abort:
        click.echo("cevns: error: aborted", err=True)
        raise SystemExit(1) from None
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - the command line shows one line, never a traceback
        if os.environ.get("CEVNS_TRACEBACK"):
            raise
        text = " ".join(_message(exc).split())  # one line, whatever the message held
        click.echo(f"cevns: error: {text}", err=True)
        raise SystemExit(1) from None
    if isinstance(code, int) and code:
        raise SystemExit(code)
