"""Printing and writing helpers shared by the subcommands: JSON, CSV, figures, PDG rounding, option values.

Every file is written atomically: to a temporary file in the same folder, then renamed over the target, so a failure
(full disk, unsupported format, interrupted run) never leaves a half-written file or destroys an existing one.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import click
import numpy as np

from ..errors import CevnsError, FileAccessError, OutOfDomainError


def _plain(value, where: str = "$"):
    if isinstance(value, dict):
        return {str(k): _plain(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist(), where)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, complex):
        raise CevnsError(f"cannot write the complex number {value!r} at {where} as JSON")
    if isinstance(value, float) and not math.isfinite(value):
        raise CevnsError(f"the result has a non-finite value ({value}) at {where}; no JSON written")
    return value


def echo_json(data) -> None:
    """Print ``data`` as JSON on stdout (NumPy arrays and scalars become lists and numbers).

    A NaN or infinity anywhere is an error naming its place in the document: JSON never carries one.
    """
    click.echo(json.dumps(_plain(data), indent=2, allow_nan=False))


def _check_folder(path: Path, option: str) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise FileAccessError(f"{option}: folder {str(folder)!r} of {str(path)!r} does not exist")
    if path.is_dir():
        raise FileAccessError(f"{option}: {str(path)!r} is a folder, not a file")
    if not os.access(folder, os.W_OK):
        raise FileAccessError(f"{option}: no permission to write in {str(folder)!r}")


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


@contextlib.contextmanager
def atomic_output(path, *, option: str = "output") -> Iterator[str]:
    """Yield a temporary file name beside ``path`` (same suffix); on success it replaces ``path`` atomically.

    On any failure the temporary file is removed and an existing ``path`` is left untouched.
    """
    target = Path(path)
    _check_folder(target, option)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())  # the mode a plain open() would give, not mkstemp's 0600
        os.replace(temporary, target)
    except OSError as exc:
        raise FileAccessError(f"{option}: cannot write {str(target)!r}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _cell(value, name: str, option: str) -> str:
    """One CSV field: numbers to 8 significant digits, None (not available) as an empty field, text quoted if
    needed; a NaN or infinity is an error."""
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, float, np.number)):
        value = float(value)
        if not math.isfinite(value):
            raise CevnsError(f"{option}: column {name!r} has a non-finite value ({value}); nothing written")
        return f"{value:.8g}"
    return _quoted(str(value))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text


def write_table(path: str, table: Mapping[str, Sequence], *, option: str = "--csv") -> None:
    """Write a labelled table (column name with its unit → values, see :mod:`cevns._table`) to ``path`` as CSV:
    a header line naming every column, then one line per row (atomically)."""
    names = list(table)
    columns = [list(np.asarray(table[name]).tolist()) for name in names]
    if len({len(c) for c in columns}) > 1:
        raise CevnsError(f"{option}: the table's columns differ in length; nothing written")
    rows = np.array([[_cell(v, n, option) for v in c] for n, c in zip(names, columns)], dtype=object).T
    with atomic_output(path, option=option) as temporary:
        np.savetxt(temporary, rows.reshape(-1, len(names)), delimiter=",", header=",".join(map(_quoted, names)),
                   comments="", fmt="%s")


def csv_destination(csv_path: str | None, output: str | None) -> tuple[str | None, str]:
    """The CSV file of a command that accepts ``--csv`` and its old name ``--output``, and the option to name in
    messages about it."""
    reject("--csv", csv_path is not None and output is not None, "and --output (its old name) exclude each other")
    return (output, "--output") if output is not None else (csv_path, "--csv")


def save_figure(figure, path, *, option: str = "--plot", dpi: int = 150) -> None:
    """Save a matplotlib figure to ``path`` atomically; the format comes from the suffix and must be supported."""
    supported = figure.canvas.get_supported_filetypes()
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in supported:
        raise FileAccessError(f"{option}: cannot write a figure as {suffix or 'a file without suffix'!r} "
                              f"({str(path)!r}); use one of: {', '.join('.' + s for s in sorted(supported))}")
    with atomic_output(path, option=option) as temporary:
        figure.savefig(temporary, format=suffix, dpi=dpi)


def parse_value(text: str, dimension: str, option: str) -> float:
    """A command-line value with its unit (``"30MeV"``), checked to be a ``dimension``; errors name ``option``."""
    from ..units import parse

    return parse(text, dimension=dimension, name=option)


def parse_positive(text: str, dimension: str, option: str) -> float:
    """As :func:`parse_value`, and > 0."""
    value = parse_value(text, dimension, option)
    if value <= 0:
        raise OutOfDomainError(f"{option}: must be > 0, got {text!r}")
    return value


def reject(option: str, given: bool, reason: str) -> None:
    """Raise a usage error when ``option`` was given where it has no effect (options are honoured or rejected)."""
    if given:
        raise click.UsageError(f"{option} {reason}")


def pdg_round(value: float, error: float | None = None) -> str:
    """Format a value with the PDG rounding rule when an error is given, else with 4 significant digits."""
    if error is None or error <= 0 or not math.isfinite(error):
        return f"{value:.4g}"
    exponent = math.floor(math.log10(error))
    leading = int(error / 10 ** (exponent - 2))  # three leading digits of the error
    digits = 2 if leading < 355 else 1
    if leading >= 950:
        exponent += 1
        digits = 2
    decimals = max(0, -(exponent - digits + 1))
    return f"{value:.{decimals}f} ± {error:.{decimals}f}"
