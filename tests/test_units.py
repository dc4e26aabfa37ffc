"""The unit parser: values carry units of the right dimension, or the error says how to write them."""

import math

import pytest

from cevns.errors import OutOfDomainError
from cevns.units import DIMENSIONS, MeV, kg, km, m, parse


def test_values_with_units():
    assert parse("30 MeV", dimension="energy") == 30 * MeV
    assert parse("19.3m", dimension="length") == pytest.approx(19.3 * m)
    assert parse("1e5 km", dimension="length") == pytest.approx(1e5 * km)
    assert parse("14.6 kg", dimension="mass", name="target.mass") == pytest.approx(14.6 * kg)
    assert parse("2.5e23") == 2.5e23


def test_bare_number_for_a_dimension_shows_the_fix():
    with pytest.raises(OutOfDomainError, match=r"target\.mass: '14\.6' has no unit.*'14\.6 kg'"):
        parse("14.6", dimension="mass", name="target.mass")
    with pytest.raises(OutOfDomainError, match="source.distance"):
        parse(10, dimension="length", name="source.distance")


def test_bare_number_takes_an_explicit_default_unit():
    assert parse(10, default_unit="m", dimension="length") == pytest.approx(10 * m)


@pytest.mark.parametrize("text, dimension", [("14.6 s", "mass"), ("30 m", "energy"), ("3 kg", "length")])
def test_wrong_dimension_names_the_parameter(text, dimension):
    with pytest.raises(OutOfDomainError, match=rf"--energy: .* but an? {dimension} is expected"):
        parse(text, dimension=dimension, name="--energy")


@pytest.mark.parametrize("text", ["abc", "nan MeV", "inf MeV", "30 furlongs", "", None, [1.0], True])
def test_unreadable_values(text):
    with pytest.raises(OutOfDomainError):
        parse(text, dimension="energy", name="energy")


def test_non_finite_numbers_rejected():
    with pytest.raises(OutOfDomainError, match="finite"):
        parse(math.inf, default_unit="MeV")


def test_every_unit_has_one_dimension():
    names = [name for table in DIMENSIONS.values() for name in table]
    assert len(names) == len(set(names))
