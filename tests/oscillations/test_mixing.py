"""Oscillation parameters: NuFIT 6.0 values, PMNS unitarity, validation."""

import dataclasses
import math

import numpy as np
import pytest

from cevns.errors import OutOfDomainError, UnknownNameError
from cevns.oscillations import MixingParameters, mass_squared, nufit60, pmns
from cevns.units import eV


def test_nufit60_normal_ordering_published_values():
    # NuFIT 6.0, arXiv:2410.05380, Table 1 (IC19 w/o SK-atm), normal ordering best fit
    p = nufit60("normal")
    assert p.sin2_theta12 == 0.307 and p.sin2_theta13 == 0.02195 and p.sin2_theta23 == 0.561
    assert math.degrees(p.delta_cp) == pytest.approx(177.0)
    assert p.dm2_21 / eV**2 == pytest.approx(7.49e-5)
    assert p.dm2_31 / eV**2 == pytest.approx(2.534e-3)
    assert p.ordering == "normal"


def test_nufit60_inverted_ordering_published_values():
    # NuFIT 6.0, arXiv:2410.05380, Table 1 (IC19 w/o SK-atm), inverted ordering: Δm²₃ℓ = Δm²₃₂ = −2.510e-3 eV²
    p = nufit60("IO")
    assert p.sin2_theta12 == 0.308 and p.sin2_theta13 == 0.02224 and p.sin2_theta23 == 0.562
    assert math.degrees(p.delta_cp) == pytest.approx(285.0)
    assert p.dm2_32 / eV**2 == pytest.approx(-2.510e-3)
    assert p.ordering == "inverted"


def test_default_is_nufit_normal():
    assert MixingParameters() == nufit60("normal")


@pytest.mark.parametrize("params", [nufit60("normal"), nufit60("inverted"),
                                    nufit60("normal", dm2_41=1.0 * eV**2, sin2_theta14=0.02,
                                            sin2_theta24=0.01, sin2_theta34=0.05)])
def test_pmns_is_unitary(params):
    u = pmns(params)
    assert np.allclose(u @ u.conj().T, np.eye(params.n_states), atol=1e-14)


def test_pmns_elements_match_standard_parameterization():
    # PDG: U_e2 = s12 c13, U_e3 = s13 e^{-iδ}, U_μ3 = s23 c13, U_τ3 = c23 c13
    p = nufit60()
    u = pmns(p)
    s12, s13, s23 = (math.sqrt(x) for x in (p.sin2_theta12, p.sin2_theta13, p.sin2_theta23))
    c13, c23 = math.sqrt(1 - s13**2), math.sqrt(1 - s23**2)
    assert u[0, 1] == pytest.approx(s12 * c13)
    assert u[0, 2] == pytest.approx(s13 * np.exp(-1j * p.delta_cp))
    assert u[1, 2] == pytest.approx(s23 * c13)
    assert u[2, 2] == pytest.approx(c23 * c13)


def test_replace_makes_a_new_object():
    p = nufit60()
    q = dataclasses.replace(p, sin2_theta12=0.3)
    assert q.sin2_theta12 == 0.3 and p.sin2_theta12 == 0.307
    assert p.replace(sin2_theta13=0.0).sin2_theta13 == 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.sin2_theta12 = 0.1


def test_mass_squared():
    p = nufit60("inverted")
    assert np.allclose(mass_squared(p), [0.0, p.dm2_21, p.dm2_31])
    assert mass_squared(p)[2] < 0


@pytest.mark.parametrize("field, value", [("sin2_theta12", 1.5), ("sin2_theta13", -0.1), ("dm2_21", -1e-5),
                                          ("dm2_31", 0.0), ("delta_cp", float("nan"))])
def test_bad_parameters_raise(field, value):
    with pytest.raises(OutOfDomainError, match=field):
        MixingParameters(**{field: value})


def test_unknown_ordering_raises():
    with pytest.raises(UnknownNameError, match="ordering"):
        nufit60("upside-down")
