"""`cevns datasets`, `cevns fit`, `cevns export-pyhf`, and the HistFactory workspace fitted by pyhf."""

import json

import numpy as np
import pytest

pytest.importorskip("iminuit", reason="fits need iminuit (pip install cevns[fit])")

from cevns import stats  # noqa: E402
from cevns.cli import main  # noqa: E402


def run(capsys, *args):
    main(list(args))
    return capsys.readouterr().out


def test_datasets_command(capsys):
    rows = json.loads(run(capsys, "datasets", "--json"))
    assert [r["name"] for r in rows] == ["coherent-cenns10-2020", "coherent-csi-2017", "coherent-csi-2021",
                                         "xenonnt-8b-2024"]
    assert "PE × time" in run(capsys, "datasets")


def test_fit_command_json_matches_library(capsys):
    out = json.loads(run(capsys, "fit", "coherent-csi-2017", "--json"))
    result = stats.fit(stats.model("coherent-csi-2017"))
    assert out["signal_events"] == pytest.approx(result.signal_events, rel=1e-6)
    assert out["values"]["cevns_norm"] == pytest.approx(result.values["cevns_norm"], rel=1e-6)
    assert out["significance"] == pytest.approx(6.99, abs=0.05)


def test_fit_command_profile_and_figure(capsys, tmp_path):
    pytest.importorskip("matplotlib", reason="figures need matplotlib (pip install cevns[plot])")
    path = tmp_path / "fit.png"
    out = json.loads(run(capsys, "fit", "coherent-csi-2017", "--parameter", "sin2_theta_w",
                         "--profile", "sin2_theta_w", "--plot", str(path), "--json"))
    curve = np.array(out["profile"]["delta_chi2"])
    grid = np.array(out["profile"]["values"])
    assert curve.min() == pytest.approx(0.0, abs=1e-3)
    assert grid[np.argmin(curve)] == pytest.approx(out["values"]["sin2_theta_w"], abs=grid[1] - grid[0])
    assert path.stat().st_size > 10_000


@pytest.mark.parametrize("args, message", [
    (("fit", "coherent-csi-2071"), "unknown dataset"),
    (("fit", "coherent-csi-2017", "--parameter", "sin2theta"), "unknown parameter"),
    (("fit", "coherent-csi-2017", "--profile", "n_steady_state"), "--profile n_steady_state"),
])
def test_fit_errors_are_one_line(capsys, args, message):
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("cevns: error:") and message in err and err.count("\n") == 1


# pyhf 0.7 validates its models with jsonschema's deprecated RefResolver: a third-party warning, not ours
@pytest.mark.filterwarnings("ignore:jsonschema.RefResolver:DeprecationWarning")
def test_pyhf_fits_the_exported_workspace_to_the_cevns_best_fit(capsys, tmp_path):
    pyhf = pytest.importorskip("pyhf", reason="the HistFactory check needs pyhf (pip install cevns[pyhf])")
    path = tmp_path / "ws.json"
    summary = json.loads(run(capsys, "export-pyhf", "coherent-cenns10-2020", "-o", str(path), "--json"))
    assert summary["samples"] == ["cevns", "brn_prompt", "brn_delayed", "steady_state"]
    from cevns.stats.pyhf_export import validate
    workspace = validate(json.loads(path.read_text()))  # pyhf's schema
    model = workspace.model()
    pyhf.set_backend("numpy", pyhf.optimize.minuit_optimizer(tolerance=1e-5))
    best = pyhf.infer.mle.fit(workspace.data(model), model)
    value = {n: float(best[model.config.par_slice(n)][0]) for n in model.config.par_order}
    ours = stats.model("coherent-cenns10-2020")
    result = stats.fit(ours, minos=False)
    # the same likelihood: best fits agree to the minimisers' convergence (a few per mille of each error)
    tolerance = 0.01 * result.errors["cevns_norm"] + 2e-3
    assert value["cevns_norm"] == pytest.approx(result.values["cevns_norm"], abs=tolerance)
    for name in ("brn_prompt", "brn_delayed", "steady_state"):
        b = ours.dataset.channel("argon").backgrounds[name]
        assert b.expected + value[f"n_{name}"] * b.uncertainty == pytest.approx(
            result.values[f"n_{name}"], abs=0.02 * result.errors[f"n_{name}"])
    for name in ("theta_brn_energy", "theta_brn_timing_width", "theta_cevns_f90"):
        assert value[name] == pytest.approx(result.values[name], abs=0.01)


@pytest.mark.filterwarnings("ignore:jsonschema.RefResolver:DeprecationWarning")
def test_pyhf_fits_the_xenonnt_workspace():
    # HistFactory interpolates each yield nuisance from its ±1σ templates, cevns the release's 7 × 7 grid
    # bilinearly: the likelihoods differ at second order in t_ly, t_qy, which moves the best-fit flux by 1 %
    # (2 % of its error) and the significance by 0.002σ
    pyhf = pytest.importorskip("pyhf", reason="the HistFactory check needs pyhf (pip install cevns[pyhf])")
    from cevns.stats.pyhf_export import validate, workspace

    ours = stats.model("xenonnt-8b-2024")
    workspace_ = validate(workspace(ours))
    model = workspace_.model()
    data = workspace_.data(model)
    pyhf.set_backend("numpy", pyhf.optimize.minuit_optimizer(tolerance=1e-5))
    best = pyhf.infer.mle.fit(data, model)
    flux = float(best[model.config.par_slice("flux_8b")][0])
    result = stats.fit(ours, minos=False)
    assert flux == pytest.approx(result.values["flux_8b"], abs=0.03 * result.errors["flux_8b"])
    q0 = pyhf.infer.test_statistics.q0(0.0, data, model, model.config.suggested_init(),
                                       model.config.suggested_bounds(), model.config.suggested_fixed())
    assert float(np.sqrt(q0)) == pytest.approx(stats.significance(ours)["z"], abs=0.005)
