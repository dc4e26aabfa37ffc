"""Names: case-insensitive with the canonical name echoed; ambiguity suggested, never guessed; caches read-only."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cevns
from cevns.errors import CevnsError, OutOfDomainError, UnknownNameError
from cevns.nuclei import Isotope, as_target, isotope, material


@pytest.mark.parametrize("spelling, canonical", [("xe131", "Xe131"), ("XE131", "Xe131"), ("131xe", "Xe131"),
                                                 ("xe-131", "Xe131"), ("ar40", "Ar40")])
def test_isotope_names_are_case_insensitive(spelling, canonical):
    assert isotope(spelling).name == canonical
    assert isotope(spelling) is isotope(canonical)


@pytest.mark.parametrize("spelling, canonical", [("nai", "NaI"), ("ge", "Ge"), ("GE", "Ge"), ("lar", "LAr"),
                                                 ("cawo4", "CaWO4"), ("c3f8", "C3F8")])
def test_material_names_resolve_when_they_read_one_way(spelling, canonical):
    m = as_target(spelling)
    assert m.name == canonical
    assert m == material(canonical)


def test_ambiguous_material_suggests_the_readings():
    # "csi" reads as CsI (caesium iodide) or C, S, I: suggest, fewest elements first, do not guess
    with pytest.raises(UnknownNameError, match=r"did you mean .*CsI.*CSI"):
        as_target("csi")
    assert material("CsI").name == "CsI"


def test_cached_arrays_are_read_only():
    m = material("CsI")
    for array in (m.nuclei_per_mass, m.atomic_masses):
        with pytest.raises(ValueError):
            array[0] = 0.0
    # callers' copies stay theirs: the cache is untouched by changes to a returned copy
    _, f = cevns.nuclei.isotopes_and_fractions("CsI")
    f[0] = 7.0
    assert cevns.nuclei.isotopes_and_fractions("CsI")[1][0] == pytest.approx(0.5)


@pytest.mark.parametrize("field, bad", [("mass", float("nan")), ("mass", float("inf")), ("mass", -1.0),
                                        ("spin_proton", float("nan")), ("abundance", 2.0), ("charge_radius", float("inf")),
                                        ("spin_proton", 0.7)])
def test_isotope_fields_are_checked(field, bad):
    good = dict(name="X", Z=1, A=1, mass=938.0, spin=0.5)
    with pytest.raises(OutOfDomainError, match=field):
        Isotope(**{**good, field: bad})


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=16), st.integers(), st.floats(), st.none(), st.binary(max_size=4)))
def test_any_name_resolves_or_fails_with_a_cevns_error(name):
    try:
        target = as_target(name)
    except CevnsError:
        return
    assert target.name  # resolved: the canonical name is there
