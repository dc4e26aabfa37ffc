"""units.parse and flavors.check_flavor over their declared domains."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cevns.errors import OutOfDomainError, UnknownNameError
from cevns.flavors import FLAVORS, check_flavor
from cevns.units import DIMENSIONS, DIMENSION_OF, UNITS, parse

from _domains import anything

UNIT_NAMES = sorted(UNITS)
number = st.floats(min_value=-1e250, max_value=1e250, allow_nan=False, allow_infinity=False)


@given(number=number, unit=st.sampled_from(UNIT_NAMES), space=st.sampled_from(["", " ", "  "]))
def test_parse_valid(tried, number, unit, space):
    tried.add("units.parse valid")
    text = f"{number!r}{space}{unit}"
    value = parse(text, dimension=DIMENSION_OF[unit], name="--x")
    assert math.isfinite(value) and value == pytest.approx(number * UNITS[unit], rel=1e-12, abs=1e-300)


@given(text=st.one_of(st.text(max_size=12), anything), dimension=st.sampled_from(sorted(DIMENSIONS)))
def test_parse_anything_is_a_number_or_a_named_error(tried, text, dimension):
    tried.add("units.parse anything")
    try:
        value = parse(text, dimension=dimension, name="--opt")
    except OutOfDomainError as exc:
        assert "--opt" in str(exc) or "dimension" in str(exc)
    else:
        assert isinstance(value, float) and math.isfinite(value)


@given(number=number, unit=st.sampled_from(UNIT_NAMES), dimension=st.sampled_from(sorted(DIMENSIONS)))
def test_parse_wrong_dimension_names_option_and_dimension(tried, number, unit, dimension):
    tried.add("units.parse dimension")
    if DIMENSION_OF[unit] == dimension:
        return
    with pytest.raises(OutOfDomainError) as info:
        parse(f"{number!r} {unit}", dimension=dimension, name="--energy")
    assert "--energy" in str(info.value) and dimension in str(info.value)


ALIASES = ["nu_e", "nu_mu", "nu_tau", "nubar_e", "nubar_mu", "nubar_tau", "e", "mu", "tau", "ve", "vmubar",
           "anti_nu_tau", "nu_e_bar"]


@given(name=st.sampled_from(ALIASES), data=st.data())
def test_flavor_names_ignore_case_and_spaces(tried, name, data):
    tried.add("flavors valid")
    variant = "".join(c.upper() if data.draw(st.booleans()) else c for c in name)
    padded = data.draw(st.sampled_from(["", " "])) + variant + data.draw(st.sampled_from(["", "  "]))
    assert check_flavor(padded) == check_flavor(name) in FLAVORS


@given(name=st.one_of(st.text(max_size=10), anything))
def test_flavor_anything_is_canonical_or_unknown(tried, name):
    tried.add("flavors anything")
    try:
        assert check_flavor(name) in FLAVORS
    except UnknownNameError as exc:
        assert "flavor" in str(exc)
