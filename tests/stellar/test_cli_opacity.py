"""`cevns opacity` run as a user would."""

import json
import subprocess
import sys

import pytest

from cevns.stellar import GRAM_PER_CM3, mean_free_path, trapping_density
from cevns.units import MeV, km


def run(*args):
    return subprocess.run([sys.executable, "-m", "cevns", "opacity", *args], capture_output=True, text=True)


def test_json_matches_the_library():
    out = run("--density", "1e12g/cm3", "--temperature", "2MeV", "--ye", "0.4", "--composition", "Fe56",
              "--energy", "20MeV", "--energy", "40 MeV", "--correlations", "none", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    expected = mean_free_path([20 * MeV, 40 * MeV], 1e12 * GRAM_PER_CM3, 2 * MeV, "Fe56", correlations="none")
    assert data["mean_free_path_km"] == pytest.approx(list(expected / km), rel=1e-10)
    trap = trapping_density(20 * MeV, 2 * MeV, "Fe56", correlations="none") / GRAM_PER_CM3
    assert data["density_scan"]["trapping_density_g_cm3"] == pytest.approx(trap, rel=1e-8)
    scan = data["density_scan"]["density_g_cm3"]
    assert (min(scan), max(scan)) == pytest.approx((1e9, 1e14), rel=1e-12)  # 1e-3 to 1e2 × the density


def test_density_scan_reaches_the_trapping_point():
    """With ion correlations 10 MeV neutrinos in Kr80 + n are trapped only near 4e13 g/cm3, beyond 1e2 × 3e11:
    the scan widens to show the trapping point."""
    out = run("--density", "3e11g/cm3", "--temperature", "1.5MeV", "--ye", "0.42", "--composition", "Kr80:0.9,n:0.1",
              "--screening", "--energy", "10MeV", "--json")
    assert out.returncode == 0, out.stderr
    scan = json.loads(out.stdout)["density_scan"]
    trap = trapping_density(10 * MeV, 1.5 * MeV, "Kr80:0.9,n:0.1", electron_fraction=0.42,
                            electron_screening=True) / GRAM_PER_CM3
    assert trap > 1e2 * 3e11
    assert scan["trapping_density_g_cm3"] == pytest.approx(trap, rel=1e-8)
    assert max(scan["density_g_cm3"]) == pytest.approx(3 * trap, rel=1e-9)


def test_text_and_figure(tmp_path):
    figure = tmp_path / "opacity.png"
    out = run("--density", "3e11 g/cm3", "--temperature", "1MeV", "--composition", "Kr80:0.9,n:0.1",
              "--screening", "--plot", str(figure))
    assert out.returncode == 0, out.stderr
    assert "trapping density at 10 MeV" in out.stdout and figure.stat().st_size > 0


@pytest.mark.parametrize("args, message", [
    (("--density", "1e12 MeV/cm3", "--temperature", "2MeV", "--composition", "Fe56"), "density"),
    (("--density", "1e12g/cm3", "--temperature", "2MeV", "--composition", "Fe56:0.5"), "sum to 1"),
    (("--density", "1e12g/cm3", "--temperature", "2", "--composition", "Fe56"), "--temperature"),
])
def test_errors_are_one_line(args, message, capsys):
    from cevns.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["opacity", *args])
    err = capsys.readouterr().err
    assert exit_info.value.code == 1 and err.startswith("cevns: error:") and message in err
    assert len(err.strip().splitlines()) == 1


def test_figure_shows_the_library_numbers():
    pytest.importorskip("matplotlib")
    import numpy as np

    from cevns import plotting
    from cevns.cli._opacity import opacity_summary

    E = np.array([20.0, 30.0]) * MeV
    summary = opacity_summary(1e12 * GRAM_PER_CM3, 1 * MeV, "Fe56", E, correlations="none")
    fig = plotting.stellar_mean_free_path(summary)
    left, right = fig.axes
    np.testing.assert_allclose(left.get_lines()[0].get_ydata(),
                               mean_free_path(E, 1e12 * GRAM_PER_CM3, 1 * MeV, "Fe56", correlations="none") / km)
    trap = trapping_density(20 * MeV, 1 * MeV, "Fe56", correlations="none") / GRAM_PER_CM3
    assert right.get_lines()[-1].get_xdata()[0] == pytest.approx(trap)  # the vertical trapping line
