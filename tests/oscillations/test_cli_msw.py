"""`cevns msw` on the command line: --json parsed back, --plot, clear errors."""

import json
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from cevns.cli import cli
from cevns.oscillations import constant_probability, nufit60, solar_survival_probability
from cevns.units import GeV, MeV, cm3, g, km


def _run(*args):
    return CliRunner().invoke(cli, ["msw", *args])


def test_solar_json_matches_library():
    result = _run("--source", "solar-8B", "--points", "6", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    e = np.array(data["energy_MeV"]) * MeV
    assert np.allclose(data["P_ee"], solar_survival_probability(e, "8B"))
    total = sum(np.array(v) for v in data["probability"].values())
    assert np.allclose(total, 1.0)


def test_constant_matter_json():
    result = _run("--density", "2.8g/cm3", "--ye", "0.5", "--baseline", "1300km", "--energy", "2GeV", "--antineutrino",
                  "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    p = constant_probability(np.array([2.0]) * GeV, 1300 * km, 2.8 * g / cm3, 0.5, params=nufit60(),
                             antineutrino=True)[0]
    assert data["probability"]["nubar_mu"]["nubar_e"] == pytest.approx(p[0, 1])
    assert sum(data["probability"]["nubar_e"].values()) == pytest.approx(1.0)


def test_text_output_and_plot(tmp_path):
    figure = tmp_path / "pee.png"
    result = _run("--source", "solar-pp", "--points", "4", "--plot", str(figure))
    assert result.exit_code == 0, result.output
    assert "P_ee" in result.output and figure.stat().st_size > 0
    result = _run("--source", "supernova", "--ordering", "inverted", "--points", "3", "--json")
    assert json.loads(result.output)["ordering"] == "inverted"


@pytest.mark.parametrize("args, message", [
    (["--density", "-1g/cm3", "--baseline", "1km", "--energy", "1MeV"], "--density"),
    (["--density", "2.8", "--baseline", "1km", "--energy", "1MeV"], "--density: '2.8' has no unit"),
    (["--density", "1g/cm3", "--ye", "1.5", "--baseline", "1km", "--energy", "1MeV"], "electron_fraction"),
    (["--source", "solar-8B", "--ordering", "upside"], "ordering"),
    (["--source", "solar-9B"], "solar component"),
    (["--density", "1"], "missing"),
])
def test_bad_input_exits_with_one_line(args, message):
    done = subprocess.run([sys.executable, "-m", "cevns", "msw", *args], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    assert message in done.stderr and "Traceback" not in done.stderr
