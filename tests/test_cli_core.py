"""The nucleus and xsec subcommands, run as a user would."""

import json
import subprocess
import sys

import pytest

import cevns
from cevns.units import MeV, cm2


def cevns_cli(*args, check=True):
    result = subprocess.run([sys.executable, "-m", "cevns", *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(result.stderr)
    return result


def test_nucleus_json_matches_library():
    data = json.loads(cevns_cli("nucleus", "Ar40", "--energy", "30MeV", "--json").stdout)
    (iso,) = data["isotopes"]
    assert iso["weak_charge"] == pytest.approx(cevns.weak_charge("Ar40"))
    assert iso["cross_section_cm2"][0] == pytest.approx(float(cevns.total_cross_section(30 * MeV, "Ar40") / cm2))


def test_nucleus_material_text():
    out = cevns_cli("nucleus", "CsI").stdout
    assert "Cs133" in out and "I127" in out and "weak charge" in out


def test_xsec_csv_and_json(tmp_path):
    path = tmp_path / "ds.csv"
    data = json.loads(cevns_cli("xsec", "--target", "CsI", "--energy", "30 MeV", "--output", str(path),
                                "--json", "--points", "50").stdout)
    assert data["cross_section_cm2"] == pytest.approx(float(cevns.total_cross_section(30 * MeV, "CsI") / cm2))
    lines = path.read_text().splitlines()
    assert lines[0].startswith("recoil_energy_keV") and len(lines) == 51


@pytest.mark.parametrize("args,message", [
    (("nucleus", "Xe313"), "did you mean"),
    (("xsec", "--target", "Ar40", "--energy", "-3MeV"), "neutrino_energy"),
    (("xsec", "--target", "Ar40", "--energy", "30MeV", "--flavor", "nu_x"), "flavor"),
    (("xsec", "--target", "Ar40", "--energy", "30 furlongs"), "unknown unit"),
])
def test_bad_input_one_line_error(args, message):
    result = cevns_cli(*args, check=False)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_predict_default_matches_library_and_publication():
    from cevns import experiments

    data = json.loads(cevns_cli("predict", "--json").stdout)
    assert data["experiment"] == "coherent-csi-2017"
    assert data["total"] == pytest.approx(experiments.get("coherent-csi-2017").expected_counts().sum())
    assert sum(data["total_by_flavor"].values()) == pytest.approx(data["total"])
    # Science 357 (2017) 1123: 173 ± 48 events predicted
    assert abs(data["total"] - data["published"]["prediction"]) <= data["published"]["prediction_uncertainty"]


def test_predict_user_file_and_experiment_list(tmp_path):
    from pathlib import Path

    user = Path(__file__).parent / "experiments" / "user-csi.toml"
    out = cevns_cli("predict", str(user), "--plot", str(tmp_path / "c.png")).stdout
    assert "published SM prediction: 173 ± 48" in out and (tmp_path / "c.png").exists()
    listing = json.loads(cevns_cli("experiments", "--json").stdout)
    assert {"coherent-csi-2017", "conus-plus-2025", "xenonnt-8b-2024"} <= {row["name"] for row in listing}
    assert "did you mean" in cevns_cli("predict", "coherent-csi-2071", check=False).stderr
