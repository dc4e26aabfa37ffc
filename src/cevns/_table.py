"""Labelled tables: one naming rule for columns (name and unit) shared by ``to_dataframe()`` and the CSV files.

A table is a plain ``dict`` column name → sequence of equal length, built without pandas; ``to_dataframe`` turns it
into a :class:`pandas.DataFrame` (the optional extra ``cevns[pandas]``).
"""

from __future__ import annotations

from collections.abc import Mapping

from .errors import InvalidSpecError, OptionalDependencyError

__all__ = ["column", "to_dataframe"]


def column(name: str, unit: str | None = None) -> str:
    """A column name with its unit in brackets, ``column("T_low", "keV")`` → ``"T_low [keV]"``; counts and
    dimensionless numbers carry no unit (``column("counts")`` → ``"counts"``)."""
    if "," in name or (unit and "," in unit):
        raise InvalidSpecError(f"column name {name!r} [{unit}]: a comma would split it in a CSV header")
    return f"{name} [{unit}]" if unit else name


def to_dataframe(table: Mapping[str, object]):
    """The table (column name → values) as a :class:`pandas.DataFrame` with the same columns in the same order;
    ``None`` in a list of numbers (a value not available) becomes NaN."""
    try:
        import pandas
    except ImportError:
        raise OptionalDependencyError("tables", "pandas", "pandas") from None
    lengths = {len(values) for values in table.values()}
    if len(lengths) > 1:
        raise InvalidSpecError(f"table columns differ in length: {sorted(lengths)}")
    return pandas.DataFrame(dict(table))
