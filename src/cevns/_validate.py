"""Shared input checks; each builds a message 'parameter=value, allowed range'."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import numpy as np

from .errors import OutOfDomainError, UnknownNameError

V = TypeVar("V")


def _describe(values: np.ndarray, bad: np.ndarray) -> str:
    first = float(values[bad].flat[0] if values.ndim else values)
    count = int(np.count_nonzero(bad))
    return f"{first:g}" + (f" (and {count - 1} more)" if count > 1 else "")


def as_array(name: str, value, *, minimum: float | None = None, maximum: float | None = None,
             strict_minimum: bool = False, unit: str = "", unit_value: float = 1.0) -> np.ndarray:
    """Return ``value`` as a float array after checking it is finite and inside [minimum, maximum].

    ``unit``/``unit_value`` only shape the message (values are shown divided by ``unit_value``).
    """
    if isinstance(value, (complex, np.complexfloating)) or getattr(value, "dtype", None) is not None and \
            np.iscomplexobj(value):
        raise OutOfDomainError(f"{name} must be real, got a complex value {value!r}"[:200])
    if value is None or isinstance(value, (str, bytes)):
        raise OutOfDomainError(f"{name} must be a number or an array of numbers (in internal units; parse text "
                               f"with cevns.units.parse), got {value!r}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise OutOfDomainError(f"{name} must be a number or an array of numbers, got {value!r}") from exc
    if minimum is not None and maximum is not None and not strict_minimum and arr.size:
        if arr.min() >= minimum and arr.max() <= maximum:  # the common, valid case (a NaN fails it)
            return arr
    shown = f" {unit}" if unit else ""
    bad = ~np.isfinite(arr)
    if np.any(bad):
        raise OutOfDomainError(f"{name} must be finite, got {_describe(arr / unit_value, bad)}{shown}")
    if minimum is not None:
        bad = arr <= minimum if strict_minimum else arr < minimum
        if np.any(bad):
            relation = ">" if strict_minimum else ">="
            raise OutOfDomainError(
                f"{name} must be {relation} {minimum / unit_value:g}{shown}, got {_describe(arr / unit_value, bad)}{shown}"
            )
    if maximum is not None:
        bad = arr > maximum
        if np.any(bad):
            raise OutOfDomainError(
                f"{name} must be <= {maximum / unit_value:g}{shown}, got {_describe(arr / unit_value, bad)}{shown}"
            )
    return arr


def positive(name: str, value, **kwargs) -> np.ndarray:
    """Finite and > 0."""
    return as_array(name, value, minimum=0.0, strict_minimum=True, **kwargs)


def non_negative(name: str, value, **kwargs) -> np.ndarray:
    """Finite and >= 0."""
    return as_array(name, value, minimum=0.0, **kwargs)


def positive_scalar(name: str, value, **kwargs) -> float:
    arr = positive(name, value, **kwargs)
    if arr.ndim:
        raise OutOfDomainError(f"{name} must be a single number, got an array of shape {arr.shape}")
    return float(arr)


def non_negative_scalar(name: str, value, **kwargs) -> float:
    arr = non_negative(name, value, **kwargs)
    if arr.ndim:
        raise OutOfDomainError(f"{name} must be a single number, got an array of shape {arr.shape}")
    return float(arr)


def fraction(name: str, value) -> np.ndarray:
    """Finite and in [0, 1]."""
    return as_array(name, value, minimum=0.0, maximum=1.0)


def choice(kind: str, name: str, allowed: Mapping[str, V]) -> V:
    """Look ``name`` up in ``allowed``; unknown names raise with the closest matches."""
    try:
        return allowed[name]
    except (KeyError, TypeError):
        raise UnknownNameError(kind, name, list(allowed)) from None


def integer(name: str, value, *, minimum: int, maximum: int) -> int:
    """An integer in [minimum, maximum] (sizes such as quadrature nodes, checked before any allocation)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise OutOfDomainError(f"{name} must be an integer in [{minimum}, {maximum}], got {value!r}")
    if not minimum <= value <= maximum:
        raise OutOfDomainError(f"{name} must be in [{minimum}, {maximum}], got {value}")
    return int(value)
