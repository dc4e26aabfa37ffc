"""`cevns limits`: the library's limits on the command line, one-line errors."""

import json

import numpy as np
import pytest

pytest.importorskip("iminuit", reason="limits need iminuit (pip install cevns[fit])")

from cevns import stats  # noqa: E402
from cevns.cli import main  # noqa: E402
from cevns.stats import limits  # noqa: E402


def run(capsys, *args):
    main(list(args))
    return capsys.readouterr().out


def test_mediator_limits_json_match_the_library(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    figure = tmp_path / "limit.png"
    out = json.loads(run(capsys, "limits", "vector-universal", "--data", "coherent-csi-2021", "--mass-range",
                         "1MeV:1GeV", "--points", "2", "--workers", "0", "--json", "--plot", str(figure)))
    (result,) = out["results"]
    model = stats.model("coherent-csi-2021", new_physics="vector-universal")
    library = limits.coupling_limits(model, [1.0, 1000.0], parallel=False)
    assert result["masses"] == pytest.approx([1.0, 1000.0])
    assert result["couplings"] == pytest.approx(library.couplings.tolist(), rel=1e-9)
    assert figure.stat().st_size > 0


def test_magnetic_moment_ranges_in_text(capsys):
    text = run(capsys, "limits", "magnetic-moment", "--data", "coherent-csi-2021", "--points", "7")
    assert "magnetic_moment_e [1e-10 mu_B]: allowed [0," in text
    assert "Δχ² = 2.71" in text


def test_nsi_region_json(capsys):
    out = json.loads(run(capsys, "limits", "nsi-ee", "--data", "coherent-csi-2021", "--points", "2", "--json"
                         , "--workers", "0"))
    region = out["results"][0]
    assert np.shape(region["delta_chi2"]) == (2, 2) and region["threshold"] == pytest.approx(4.605, abs=1e-3)


@pytest.mark.parametrize("args, message", [
    (("bogus", "--data", "coherent-csi-2021"), "unknown new-physics family 'bogus'"),
    (("vector-universal", "--data", "coherent-csi-2021", "--mass-range", "1keV"), "LOW:HIGH"),
    (("vector-universal", "--data", "coherent-csi-2021", "--mass-range", "1GeV:1MeV"), "increasing"),
    (("vector-universal", "--data", "coherent-csi-2021", "--points", "1"), "--points must be >= 2"),
    (("vector-universal", "--data", "nope"), "dataset"),
    (("magnetic-moment", "--data", "coherent-csi-2021", "--plot", "x.png"), "not the ranges of magnetic-moment"),
])
def test_errors_are_one_line(capsys, args, message):
    with pytest.raises(SystemExit) as exc:
        main(["limits", *args])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("cevns: error:") and message in err and err.count("\n") == 1
