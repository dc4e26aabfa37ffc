"""Inputs of the sources: named errors for bad values, names read ignoring case, bounded sizes."""

import numpy as np
import pytest

from cevns.errors import InvalidSpecError, OutOfDomainError, UnknownNameError
from cevns.sources import DSNBFlux, ReactorFlux, SolarFlux, StoppedPionFlux, TabulatedFlux, get
from cevns.sources.timing import ProtonPulse
from cevns.units import GW, GeV, MeV, erg, km, m, s


def test_extreme_but_valid_energies_give_finite_zeros_above_the_sources():
    e = np.array([0.0, 1e-9 * MeV, 100 * GeV, 1e6 * GeV])
    for name in ("sns-coherent", "reactor-leibstadt", "solar-8B", "atmospheric-fluka-2005", "dsnb"):
        f = get(name)
        for flavor in f.flavors:
            value = f.differential(e, flavor)
            assert np.all(np.isfinite(value)) and value[-1] == 0.0


@pytest.mark.parametrize("call, name", [
    (lambda: get("ess").differential(1e300 * MeV, "nu_e"), "energy"),
    (lambda: get("ess").differential(30 * MeV + 1j, "nu_e"), "energy"),
    (lambda: get("ess").differential("30 MeV", "nu_e"), "energy"),
    (lambda: get("ess").differential(30 * MeV, "nu_x"), "flavor"),
    (lambda: get("ess").time_pdf(1e20 * s, "nu_e"), "time"),
    (lambda: get("ess") * "2", "factor"),
    (lambda: get("ess") * np.array([1.0, 2.0]), "factor"),
    (lambda: np.array([1.0, 2.0]) * get("ess"), "factor"),
    (lambda: get("ess") * -1.0, "factor"),
    (lambda: StoppedPionFlux(distance=1e20 * m, neutrinos_per_proton=0.1), "distance"),
    (lambda: StoppedPionFlux(distance=20 * m, neutrinos_per_proton=0.1, pulse=ProtonPulse(width=10 * s)), "pulse"),
    (lambda: ReactorFlux(thermal_power=1e6 * GW, distance=20 * m), "thermal_power"),
    (lambda: ReactorFlux(thermal_power=3 * GW, distance=10**9 * km), "distance"),
    (lambda: DSNBFlux(temperatures={"nu_e": 1e80 * MeV}), "temperatures"),
    (lambda: DSNBFlux(temperatures=3.0), "temperatures"),
    (lambda: DSNBFlux(energy_per_flavor=1e60 * erg), "energy_per_flavor"),
    (lambda: SolarFlux(components=None), "solar component"),
    (lambda: SolarFlux(components=("B8", "b8")), "repeat"),
    (lambda: SolarFlux(model="b17"), "solar model"),
    (lambda: TabulatedFlux(energies=[1.0, 2.0], values={"nu_e": [1.0, 1.0]}, normalization="per furlong"),
     "normalization"),
])
def test_bad_inputs_raise_naming_the_parameter(call, name):
    with pytest.raises((OutOfDomainError, InvalidSpecError, UnknownNameError), match=name):
        call()


def test_names_ignore_case_and_the_canonical_name_is_kept():
    assert SolarFlux(model="B16-GS98", components=("b8", "PEP")).components == ("B8", "pep")
    assert get("Reactor-Dresden-II").name == "reactor-dresden-ii"
    assert get("ess").total("NU_E") == get("ess").total("nu_e")
    with pytest.raises(UnknownNameError, match="did you mean reactor-leibstadt"):
        get("reactor-leibstad")
