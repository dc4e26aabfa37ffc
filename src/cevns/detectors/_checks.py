"""Fast checks of scalar model fields (models are re-created at every step of a fit, so this path is hot)."""

from __future__ import annotations

import math

from .. import _validate
from ..errors import OutOfDomainError


def scalar(name: str, value, *, minimum: float | None = None, maximum: float | None = None,
           strict: bool = False, unit: str = "", unit_value: float = 1.0) -> float:
    """Return ``value`` as a float after checking it is one finite number inside [minimum, maximum].

    ``strict`` makes the minimum exclusive. Messages name the parameter, its value and the allowed range
    (values shown divided by ``unit_value``, followed by ``unit``).
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        x = float(value)
    else:
        arr = _validate.as_array(name, value)
        if arr.ndim:
            raise OutOfDomainError(f"{name} must be a single number, got an array of shape {arr.shape}")
        x = float(arr)
    shown = f" {unit}" if unit else ""
    if not math.isfinite(x):
        raise OutOfDomainError(f"{name} must be finite, got {x / unit_value!r}{shown}")
    if minimum is not None and (x <= minimum if strict else x < minimum):
        relation = ">" if strict else ">="
        raise OutOfDomainError(f"{name} must be {relation} {minimum / unit_value:g}{shown}, got {x / unit_value!r}{shown}")
    if maximum is not None and x > maximum:
        raise OutOfDomainError(f"{name} must be <= {maximum / unit_value:g}{shown}, got {x / unit_value!r}{shown}")
    return x


def set_scalar(obj, name: str, **kwargs) -> float:
    """Check the field ``name`` of a frozen dataclass with :func:`scalar` and store the float back."""
    x = scalar(name, getattr(obj, name), **kwargs)
    object.__setattr__(obj, name, x)
    return x
