"""Shared input checks; each builds a message 'parameter=value, allowed range'."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import numpy as np

from .errors import OutOfDomainError, UnknownNameError

V = TypeVar("V")


def _describe(values: np.ndarray, bad: np.ndarray) -> str:
    """The first offending value (as shown in the message's unit) and how many more there are."""
    first = float(values[bad].flat[0] if values.ndim else values)
    count = int(np.count_nonzero(bad))
    return f"{first:g}" + (f" (and {count - 1} more)" if count > 1 else "")


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _real_array(name: str, value, copy: bool = True) -> np.ndarray:
    """``value`` as a float array; text, complex, boolean and non-numeric input raise naming ``name``.

    Without ``copy``, a float array comes back as a read-only view of the caller's (for a result computed at once,
    never for one kept: the caller could change it later).
    """
    if isinstance(value, (str, bytes)):
        raise OutOfDomainError(f"{name} must be a number (multiplied by its unit, e.g. 30 * MeV), "
                               f"got the text {_short(value)}")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise OutOfDomainError(f"{name} must be a number or an array of numbers, got {_short(value)}") from exc
    if arr.dtype.kind == "c":
        raise OutOfDomainError(f"{name} must be real, got the complex value {_short(value)}")
    if arr.dtype.kind not in "iuf":
        raise OutOfDomainError(f"{name} must be a number or an array of numbers, got {_short(value)}")
    if copy or arr.dtype != np.float64:
        return arr.astype(float)
    view = arr.view()
    view.flags.writeable = False
    return view


def as_array(name: str, value, *, minimum: float | None = None, maximum: float | None = None,
             strict_minimum: bool = False, unit: str = "", unit_value: float = 1.0, copy: bool = True) -> np.ndarray:
    """Return ``value`` as a float array after checking it is finite and inside [minimum, maximum].

    ``unit``/``unit_value`` only shape the message (values are shown divided by ``unit_value``); ``copy=False``
    as in :func:`_real_array`.
    """
    arr = _real_array(name, value, copy)
    if arr.size and _inside(arr.min(), arr.max(), minimum, maximum, strict_minimum):  # the common, valid case
        return arr
    with np.errstate(all="ignore"):  # the values as shown in a message may overflow; they are only shown
        return _checked(name, arr, minimum, maximum, strict_minimum, unit, unit_value)


def _inside(low, high, minimum, maximum, strict_minimum) -> bool:
    """Whether values from ``low`` to ``high`` are finite and in range (a NaN among them makes both NaN)."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return False
    if minimum is not None and (low <= minimum if strict_minimum else low < minimum):
        return False
    return maximum is None or high <= maximum


def _checked(name, arr, minimum, maximum, strict_minimum, unit, unit_value) -> np.ndarray:
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


def real_scalar(name: str, value, **kwargs) -> float:
    """A single finite real number (text, complex and arrays raise naming ``name``); bounds as in :func:`as_array`."""
    arr = as_array(name, value, **kwargs)
    if arr.ndim:
        raise OutOfDomainError(f"{name} must be a single number, got an array of shape {arr.shape}")
    return float(arr)


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


def broadcast_shape(**arrays) -> tuple[int, ...]:
    """The common shape of named arrays, or an error naming them and their shapes."""
    shapes = {name: np.shape(value) for name, value in arrays.items()}
    try:
        return np.broadcast_shapes(*shapes.values())
    except ValueError:
        listed = ", ".join(f"{name} {shape}" for name, shape in shapes.items())
        raise OutOfDomainError(f"the shapes of {listed} do not broadcast together") from None


def check_count(name: str, value, *, minimum: int, maximum: int) -> int:
    """An integer (not a bool, not a float with a fraction) inside [minimum, maximum]: sizes of grids and tables,
    checked before anything of that size is allocated."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            value = int(value)
        else:
            raise OutOfDomainError(f"{name} must be an integer in [{minimum}, {maximum}], got {value!r}")
    if not minimum <= value <= maximum:
        raise OutOfDomainError(f"{name} must be an integer in [{minimum}, {maximum}], got {value}")
    return int(value)


def canonical_name(kind: str, name: str, allowed: Mapping[str, V] | tuple | list) -> str:
    """The key of ``allowed`` that ``name`` means: an exact match, else the one key equal to it ignoring case and
    surrounding spaces; unknown (or ambiguous) names raise with the closest matches."""
    if isinstance(name, str):
        if name in allowed:
            return name
        folded: dict[str, list[str]] = {}
        for key in allowed:
            if isinstance(key, str):
                folded.setdefault(key.lower(), []).append(key)
        keys = folded.get(name.strip().lower(), [])
        if len(keys) == 1 or (keys and isinstance(allowed, Mapping)
                              and all(allowed[k] == allowed[keys[0]] for k in keys)):  # aliases of one thing
            return keys[0]
    raise UnknownNameError(kind, name, list(allowed))


def name_list(kind: str, value, allowed) -> tuple[str, ...]:
    """One name or an iterable of names → a tuple of canonical names (each checked, no repeats, at least one)."""
    if isinstance(value, str):
        value = (value,)
    try:
        names = tuple(value)
    except TypeError:
        raise UnknownNameError(kind, value, list(allowed)) from None
    if not names:
        raise OutOfDomainError(f"give at least one {kind} (known: {', '.join(map(str, allowed))})")
    canonical = tuple(canonical_name(kind, name, allowed) for name in names)
    if len(set(canonical)) < len(canonical):
        raise OutOfDomainError(f"{kind} names repeat in {names!r}; give each once")
    return canonical


def choice(kind: str, name: str, allowed: Mapping[str, V]) -> V:
    """Look ``name`` up in ``allowed`` (case-insensitively); unknown names raise with the closest matches."""
    return allowed[canonical_name(kind, name, allowed)]
