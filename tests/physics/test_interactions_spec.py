"""Models built from specifications with units as text (what TOML files and the command line give)."""

import numpy as np
import pytest

from cevns.errors import OutOfDomainError, UnknownNameError
from cevns.physics.interactions import (
    MODELS,
    NSI,
    NewPhysics,
    VectorMediator,
    model_from_spec,
)
from cevns.units import MeV, cm2, eV, keV, m


def test_spec_values_carry_units():
    model = model_from_spec({"model": "vector-b-l", "mass": "250 keV", "coupling": 2e-6})
    assert model == VectorMediator.b_minus_l(250 * keV, 2e-6)
    radius = model_from_spec({"model": "charge-radius", "mu": "3e-32 cm2", "transitions": {"etau": "1e-32 cm2"}})
    assert radius.mu == pytest.approx(3e-32 * cm2, rel=1e-12)
    assert list(radius.transitions.values()) == [pytest.approx(1e-32 * cm2, rel=1e-12)]
    sterile = model_from_spec({"model": "sterile", "dm2_41": "1.3 eV^2", "ue4_sq": 0.02,
                               "baseline": ["19 m", "21 m"], "baseline_spread": "50 cm"})
    assert sterile.dm2_41 == pytest.approx(1.3 * eV**2, rel=1e-12)
    np.testing.assert_allclose(sterile.baseline, [19 * m, 21 * m])
    assert sterile.baseline_spread == pytest.approx(0.5 * m)


def test_a_list_is_the_sum_of_its_models():
    model = model_from_spec([{"model": "nsi", "up": {"ee": 0.1}},
                             {"model": "vector-universal", "mass": "10 MeV", "coupling": 1e-5}])
    assert isinstance(model, NewPhysics) and len(model.components) == 2
    assert isinstance(model.components[0], NSI)
    assert model.components[1] == VectorMediator.universal(10 * MeV, 1e-5)


def test_every_registered_model_builds_with_its_defaults_or_a_mass():
    for name, (_, dimensions) in MODELS.items():
        spec = {"model": name}
        if "mass" in dimensions:
            spec["mass"] = "1 MeV"
        if name.endswith(("universal", "b-l", "ltau")):
            spec["coupling"] = 0.0
        if name == "sterile":
            spec.update(dm2_41="1 eV^2", baseline="20 m")
        model_from_spec(spec)


@pytest.mark.parametrize("spec, message", [
    ({"model": "vector", "mass": 10}, "mass"),
    ({"model": "vector", "mass": "10 m"}, "mass"),
    ({"model": "sterile", "dm2_41": "1.3 eV", "baseline": "20 m"}, "dm2_41"),
    ({"model": "vector", "mass": "1 MeV", "g_nu": 1.0},
     r"model 'vector' has no parameter 'g_nu' \(its parameters: mass, coupling_nu, coupling_up"),
    ({"model": "vector-universal", "mass": "1 MeV"}, r"model 'vector-universal' needs 'coupling'"),
    ({"model": "vector"}, r"model 'vector' needs 'mass'"),
    ({"mass": "1 MeV"}, "'model' key"),
])
def test_bad_specs(spec, message):
    with pytest.raises(OutOfDomainError, match=message):
        model_from_spec(spec)


def test_unknown_model_name_lists_the_known_ones():
    with pytest.raises(UnknownNameError, match="vector-universal"):
        model_from_spec({"model": "vector-universl"})
