"""`cevns supernova` on the command line: JSON equals the library, figure on request, one-line errors."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

from cevns.cli import cli, main
from cevns.supernova import supernova_signal
from cevns.units import kpc


def test_json_matches_library(s27):
    result = CliRunner().invoke(cli, ["supernova", "--model", "garching-ls220-s27", "--detector", "xenon1t",
                                      "--distance", "5kpc", "--ordering", "inverted", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = supernova_signal(s27, "xenon1t").predict(5 * kpc, "inverted")
    assert data["total"]["total"] == pytest.approx(expected.total()["total"], rel=1e-12)
    assert sum(data["counts_vs_time"]["total"]) == pytest.approx(data["total"]["total"], rel=1e-10)
    assert sum(data["counts_vs_observable"]["total"]) == pytest.approx(data["total"]["total"], rel=1e-10)
    assert np.all(np.diff(data["time_edges_s"]) > 0)


def test_plot_written(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "sn.png"
    result = CliRunner().invoke(cli, ["supernova", "--detector", "argon-generic", "--plot", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_errors_are_one_line(capsys):
    for args in (["supernova", "--detector", "xenon2t"], ["supernova", "--distance", "10MeV"],
                 ["supernova", "--model", "nakazato"]):
        with pytest.raises(SystemExit) as exit_info:
            main(args)
        assert exit_info.value.code == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert err[-1].startswith("cevns: error:")
