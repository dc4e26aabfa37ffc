"""The nucleus and xsec subcommands, run as a user would."""

import json
import subprocess
import sys

import numpy as np
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
    data = json.loads(cevns_cli("xsec", "--target", "CsI", "--energy", "30 MeV", "--csv", str(path),
                                "--json", "--points", "50").stdout)
    assert data["cross_section_cm2"] == pytest.approx(float(cevns.total_cross_section(30 * MeV, "CsI") / cm2))
    lines = path.read_text().splitlines()
    assert lines[0] == "T [keV],dsigma/dT [cm2/keV]" and len(lines) == 51
    T, dsigma = np.loadtxt(path, delimiter=",", skiprows=1, unpack=True)
    assert dsigma == pytest.approx(np.asarray(data["dsigma_dT_cm2_per_keV"]), rel=1e-7)


@pytest.mark.parametrize("args,message", [
    (("nucleus", "Xe313"), "did you mean"),
    (("xsec", "--target", "Ar40", "--energy", "-3MeV"), "--energy: must be > 0"),
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


# --- the command line never shows a traceback: one line, exit status 1 ------------------------------------------

def run_main(argv, capsys):
    """Run ``cevns.cli.main`` in-process; returns (exit status, stdout, stderr)."""
    from cevns.cli import main

    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code, err, *fragments):
    assert code == 1
    assert err.startswith("cevns: error: ") and err.count("\n") == 1, err
    for fragment in fragments:
        assert fragment in err, err


@pytest.mark.parametrize("argv, fragments", [
    (["nucleus", "Ar40", "--energy", "0MeV"], ["--energy", "> 0"]),  # used to divide by zero
    (["xsec", "--target", "Ar40", "--energy", "30 m"], ["--energy", "a length", "an energy"]),
    (["xsec", "--target", "Ar40", "--energy", "30"], ["--energy", "no unit", "'30 MeV'"]),
    (["xsec", "--target", "Ar40", "--energy", "30MeV", "--points", "10000000000"], ["--points"]),
    (["nucleus", "--bogus"], ["--bogus"]),
    (["frobnicate"], ["frobnicate"]),
    (["xsec", "--energy", "30MeV"], ["--target"]),
    (["flux"], ["SOURCE"]),
    (["flux", "--all", "--output", "x.csv"], ["--output", "--all"]),
    (["flux", "ess", "--list"], ["--list"]),
    (["msw", "--density", "2.8g/cm3", "--baseline", "1km", "--energy", "1GeV", "--plot", "p.png"], ["--plot"]),
    (["msw", "--source", "supernova", "--method", "numerical"], ["--method"]),
    (["msw", "--source", "solar-8B", "--ye", "0.5"], ["--ye"]),
    (["msw", "--source", "solar-8B", "--points", "0"], ["--points"]),
    (["plot", "counts", "--target", "Ar40", "-o", "x.png"], ["--target"]),
    (["plot", "xsec", "--experiment", "coherent-csi-2017", "-o", "x.png"], ["--experiment"]),
])
def test_usage_and_value_errors_are_one_line(argv, fragments, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_main(argv, capsys)
    assert_one_line_error(code, err, *fragments)
    assert not list(tmp_path.iterdir())  # nothing written


def test_file_errors_are_one_line(capsys, tmp_path):
    code, _, err = run_main(["flux", "ess", "--output", str(tmp_path / "missing" / "x.csv")], capsys)
    assert_one_line_error(code, err, "--output", "does not exist")
    code, _, err = run_main(["plot", "xsec", "-o", str(tmp_path / "figure.docx")], capsys)
    assert_one_line_error(code, err, "--output", "'docx'", ".png")
    code, _, err = run_main(["xsec", "--target", "Ar40", "--energy", "30MeV", "--output", str(tmp_path)], capsys)
    assert_one_line_error(code, err, "--output")


def test_permission_error_is_one_line(capsys, tmp_path):
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running with privileges that ignore permissions")
        code, _, err = run_main(["flux", "ess", "--plot", str(locked / "f.png")], capsys)
        assert_one_line_error(code, err, "--plot", "permission")
    finally:
        locked.chmod(0o700)


def test_binary_input_file_is_one_line(capsys, tmp_path):
    binary = tmp_path / "detector.toml"
    binary.write_bytes(bytes(range(256)) * 4)
    code, _, err = run_main(["predict", str(binary)], capsys)
    assert_one_line_error(code, err)


def test_full_disk_leaves_an_existing_file_untouched(capsys, tmp_path, monkeypatch):
    import errno

    import numpy as np

    target = tmp_path / "spectrum.csv"
    target.write_text("precious\n")

    def disk_full(path, *args, **kwargs):
        Path(path).write_text("half a tab")
        raise OSError(errno.ENOSPC, "No space left on device")

    from pathlib import Path

    monkeypatch.setattr(np, "savetxt", disk_full)
    code, _, err = run_main(["flux", "ess", "--output", str(target)], capsys)
    assert_one_line_error(code, err, "--output", "No space left")
    assert target.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["spectrum.csv"]  # no temporary file left behind


def test_failed_figure_leaves_an_existing_file_untouched(capsys, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    target = tmp_path / "xsec.png"
    target.write_bytes(b"old figure")

    def broken(self, *args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(Figure, "savefig", broken)
    code, _, err = run_main(["plot", "xsec", "--target", "Ar40", "-o", str(target)], capsys)
    assert_one_line_error(code, err, "renderer crashed")
    assert target.read_bytes() == b"old figure"
    assert [p.name for p in tmp_path.iterdir()] == ["xsec.png"]


def test_written_files_have_the_usual_permissions(capsys, tmp_path):
    import os

    target = tmp_path / "s.csv"
    assert run_main(["flux", "solar-8B", "--output", str(target)], capsys)[0] == 0
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("argv", [
    ["plot", "xsec", "--target", "Ar40", "-o", "f.png"],
    ["flux", "ess", "--plot", "f.png"],
    ["msw", "--source", "solar-8B", "--points", "3", "--plot", "f.png"],
])
def test_plot_without_matplotlib_says_how_to_install(argv, capsys, tmp_path, monkeypatch):
    import sys

    monkeypatch.chdir(tmp_path)
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    code, _, err = run_main(argv, capsys)
    assert_one_line_error(code, err, "matplotlib", "pip install 'cevns[plot]'")


def test_plot_has_json(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "ff.svg"
    code, stdout, _ = run_main(["plot", "form-factors", "--target", "Ar40", "-o", str(out), "--json"], capsys)
    assert code == 0
    assert json.loads(stdout) == {"figure": str(out), "what": "form-factors", "targets": ["Ar40"]}
    assert out.read_text().lstrip().startswith("<?xml")


def test_json_never_carries_nan():
    from cevns.cli._output import echo_json
    from cevns.errors import CevnsError

    with pytest.raises(CevnsError, match=r"\$\.flavors\.nu_e\[1\]"):
        echo_json({"flavors": {"nu_e": [1.0, float("nan")]}})
    with pytest.raises(CevnsError, match="non-finite"):
        echo_json({"total": float("inf")})


def test_every_command_has_json():
    from cevns.cli import _COMMANDS, cli

    for name in _COMMANDS:
        command = cli.get_command(None, name)
        assert "--json" in {opt for param in command.params for opt in getattr(param, "opts", [])}, name


def test_names_are_read_ignoring_case(capsys):
    code, out, _ = run_main(["xsec", "--target", "Ar40", "--energy", "30MeV", "--flavor", "NU_E", "--json"], capsys)
    assert code == 0 and json.loads(out)["flavor"] == "nu_e"
    code, out, _ = run_main(["msw", "--source", "SOLAR-b8", "--points", "2", "--json"], capsys)
    assert code == 0 and json.loads(out)["source"] == "solar-8B"  # the canonical name is echoed


def test_no_command_shows_the_help(capsys):
    code, out, err = run_main([], capsys)
    assert code == 0 and "Usage: cevns" in out and "flux" in out and not err
    code, out, _ = run_main(["--version"], capsys)
    assert code == 0 and "0.1.0" in out
