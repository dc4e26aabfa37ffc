"""Printing helpers shared by the subcommands: JSON, CSV, PDG rounding, figures on request."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

import click
import numpy as np


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def echo_json(data) -> None:
    """Print ``data`` as JSON on stdout (NumPy arrays and scalars become lists and numbers)."""
    click.echo(json.dumps(_plain(data), indent=2))


def write_csv(path: str, header: Sequence[str], columns: Sequence[np.ndarray]) -> None:
    """Write columns to ``path`` as CSV with a header line naming each column with its unit."""
    table = np.column_stack([np.asarray(c, dtype=float) for c in columns])
    np.savetxt(path, table, delimiter=",", header=",".join(header), comments="", fmt="%.8g")


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
