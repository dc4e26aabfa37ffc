"""`cevns xsec --model NAME --param key=value`: the library's model cross sections from the command line."""

import json
import subprocess
import sys

import numpy as np
import pytest

import cevns
from cevns.physics.interactions import NSI, MagneticMoment, VectorMediator
from cevns.units import MeV, cm2, keV


def cevns_cli(*args):
    return subprocess.run([sys.executable, "-m", "cevns", *args], capture_output=True, text=True)


def test_xsec_with_a_vector_mediator_matches_the_library():
    result = cevns_cli("xsec", "--target", "CsI", "--energy", "30 MeV", "--model", "vector-universal",
                       "--param", "mass=10 MeV", "--param", "coupling=1e-5", "--points", "5", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    model = VectorMediator.universal(10 * MeV, 1e-5)
    assert data["model"] == "vector-universal"
    assert data["model_parameters"] == {"mass": "10 MeV", "coupling": "1e-5"}
    assert data["cross_section_cm2"] == pytest.approx(float(cevns.total_cross_section(30 * MeV, "CsI", model=model)
                                                            / cm2), rel=1e-12, abs=0)
    assert data["cross_section_cm2"] < float(cevns.total_cross_section(30 * MeV, "CsI") / cm2)  # destructive


def test_xsec_with_nsi_entries_and_a_magnetic_moment_threshold():
    data = json.loads(cevns_cli("xsec", "--target", "Ar40", "--energy", "40MeV", "--flavor", "nu_e", "--model", "nsi",
                                "--param", "up.ee=0.1", "--param", "down.emu=0.05-0.02j", "--json").stdout)
    model = NSI(up={"ee": 0.1}, down={"emu": 0.05 - 0.02j})
    T = np.array(data["recoil_energy_keV"]) * keV
    expected = cevns.differential_cross_section(T, 40 * MeV, "Ar40", flavor="nu_e", model=model) / (cm2 / keV)
    np.testing.assert_allclose(data["dsigma_dT_cm2_per_keV"], expected, rtol=1e-12)
    data = json.loads(cevns_cli("xsec", "--target", "Ar40", "--energy", "40MeV", "--model", "magnetic-moment",
                                "--param", "mu=1e-9", "--recoil-threshold", "2 keV", "--json").stdout)
    sigma = cevns.total_cross_section(40 * MeV, "Ar40", model=MagneticMoment(mu=1e-9), recoil_threshold=2 * keV)
    assert data["cross_section_cm2"] == pytest.approx(float(sigma / cm2), rel=1e-12, abs=0)
    assert data["recoil_energy_keV"][0] == 2.0


@pytest.mark.parametrize("args,message", [
    (("--model", "zprime"), "unknown new-physics model 'zprime'"),
    (("--param", "mass=1MeV"), "--param needs --model"),
    (("--model", "nsi", "--param", "up"), "--param: write key=value"),
    (("--model", "vector", "--param", "mass=10"), "has no unit"),
    (("--model", "magnetic-moment", "--param", "e=1e-10"), "--recoil-threshold"),
    (("--model", "sterile", "--param", "dm2_41=1 eV^2"), "changes the flux"),
])
def test_bad_model_input_is_one_line(args, message):
    result = cevns_cli("xsec", "--target", "Ar40", "--energy", "30MeV", *args)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
