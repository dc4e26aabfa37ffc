"""Shared strategies and the one rule of every property test: a valid input gives a finite answer, an invalid one a
`cevns` error that names the parameter; nothing else may escape."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cevns.errors import CevnsError

#: Any float, including NaN, infinities, subnormals and the largest doubles.
any_float = st.floats(allow_nan=True, allow_infinity=True)

#: Inputs that are not a real number: text, complex, None, booleans, ragged lists, huge integers.
not_a_number = st.one_of(
    st.text(max_size=6), st.complex_numbers(allow_nan=False, allow_infinity=False).filter(lambda z: z.imag != 0),
    st.none(), st.booleans(), st.just([1.0, [2.0]]), st.integers(min_value=10**310, max_value=10**320),
    st.just({"a": 1.0}),
)

#: Anything a careless caller might pass for a number.
anything = st.one_of(any_float, st.integers(min_value=-10**6, max_value=10**6), not_a_number,
                     hnp.arrays(np.float64, st.integers(0, 4), elements=any_float))


def finite_array(low, high, max_size=5):
    """A scalar or 1-d array of finite floats in [low, high]."""
    element = st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)
    return st.one_of(element, hnp.arrays(np.float64, st.integers(1, max_size), elements=element))


def outcome(function, *args, names=(), **kwargs):
    """Call ``function``; a `cevns` error must name one of ``names`` (then None is returned); any other exception
    is a defect and propagates. Returns the result otherwise."""
    try:
        return function(*args, **kwargs)
    except CevnsError as exc:
        text = str(exc)
        assert text and "\n" not in text.strip() or len(text) < 2000, text
        if names:
            assert any(name in text for name in names), f"error does not name {names}: {text}"
        return None


def is_valid_number(value, low=-np.inf, high=np.inf) -> bool:
    """True when ``value`` is a real, finite number or array of them inside [low, high]."""
    if isinstance(value, (bool, str, bytes)) or value is None:
        return False
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        return False
    if arr.dtype.kind not in "iuf":
        return False
    arr = arr.astype(float)
    return bool(np.all(np.isfinite(arr)) and np.all(arr >= low) and np.all(arr <= high))
