"""`cevns predict`: bin edges printed in the file's unit, and a local file never shadows a preset silently."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def cevns_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "cevns", *args], capture_output=True, text=True, cwd=cwd)


def _write_toml(path, spec):
    lines = []

    def value(v):
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        return repr(v)

    for key, v in spec.items():
        if not isinstance(v, dict):
            lines.append(f"{key} = {value(v)}")
    for key, v in spec.items():
        if isinstance(v, dict):
            lines.append(f"[{key}]")
            lines.extend(f"{k} = {value(x)}" for k, x in v.items())
    path.write_text("\n".join(lines) + "\n")


def test_ev_bins_are_printed_in_ev(tmp_path):
    spec = {"schema_version": 1, "name": "ge-ev", "target": {"material": "Ge", "mass": "1 kg"},
            "exposure": {"live_time": "1 d"}, "source": {"preset": "reactor-leibstadt"},
            "bins": {"edges": [300.0, 500.0, 1000.0], "unit": "eV"}}
    _write_toml(tmp_path / "ge-ev.toml", spec)
    data = json.loads(cevns_cli("predict", str(tmp_path / "ge-ev.toml"), "--json").stdout)
    assert data["bin_unit"] == "eV" and data["bin_edges"] == pytest.approx([300.0, 500.0, 1000.0], rel=1e-14)
    assert "300 – 500" in cevns_cli("predict", str(tmp_path / "ge-ev.toml")).stdout


def test_a_local_file_never_shadows_a_preset(tmp_path):
    user = tomllib.loads(Path(__file__).with_name("user-csi.toml").read_text())
    shadow = copy.deepcopy(user)
    shadow["name"] = "coherent-csi-2017"
    _write_toml(tmp_path / "coherent-csi-2017", shadow)
    result = cevns_cli("predict", "coherent-csi-2017", "--json", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("cevns: error:") and "./coherent-csi-2017" in result.stderr
    assert cevns_cli("predict", "./coherent-csi-2017", "--json", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("mass", ["14.6", "14.6 s"])
def test_unit_errors_in_a_file_are_one_line(tmp_path, mass):
    user = tomllib.loads(Path(__file__).with_name("user-csi.toml").read_text())
    user["target"]["mass"] = mass
    _write_toml(tmp_path / "bad.toml", user)
    result = cevns_cli("predict", str(tmp_path / "bad.toml"))
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "target.mass" in result.stderr
