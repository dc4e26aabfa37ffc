"""Histogram figures: stacked counts per flavor with a total, per unit width where bins differ, data with Poisson
error bars, distinct colour-blind-safe styles, log axes and titles, and the CLI options that reach them."""

import csv

import numpy as np
import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("mplhep")

from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import StepPatch  # noqa: E402

from cevns import plotting  # noqa: E402
from cevns.errors import InvalidSpecError  # noqa: E402


def _summary(edges, by_flavor, **extra):
    by_flavor = {k: np.asarray(v, dtype=float) for k, v in by_flavor.items()}
    total = sum(by_flavor.values())
    return {"experiment": "toy", "bin_unit": "keV", "bin_edges": np.asarray(edges, dtype=float),
            "counts_by_flavor": by_flavor, "counts": total, "total": float(total.sum()), **extra}


def _steps(ax):
    return [p for p in ax.patches if isinstance(p, StepPatch)]


def _curve_styles(ax):
    """(colour, dash pattern) of every labelled curve (custom dash tuples all report "--" as their line style)."""
    return [(to_hex(line.get_color()), str(line._unscaled_dash_pattern)) for line in ax.get_lines()
            if not line.get_label().startswith("_")]


def test_styles_never_repeat_a_pair_and_change_colour_and_dash_each_curve():
    chosen = plotting.styles(20)
    pairs = {(s["color"], s["linestyle"]) for s in chosen}
    assert len(pairs) == 20
    for a, b in zip(chosen, chosen[1:]):
        assert a["color"] != b["color"] and a["linestyle"] != b["linestyle"]
    assert len({s["color"] for s in chosen[:10]}) == 10
    with pytest.raises(InvalidSpecError, match="21"):
        plotting.styles(21)


def test_unequal_bins_are_drawn_per_unit_width_stacked_with_a_total():
    edges = [0.0, 1.0, 2.0, 4.0]  # the last bin is twice as wide
    fig = plotting.counts(_summary(edges, {"nu_e": [1.0, 2.0, 4.0], "nu_mu": [2.0, 2.0, 2.0]}))
    ax = fig.axes[0]
    assert ax.get_ylabel() == "expected counts per keV"
    steps = {s.get_label(): s for s in _steps(ax)}
    assert sorted(steps) == ["nu_e", "nu_mu", "total"]  # one step per flavor, and the total
    widths = np.diff(edges)
    # stacked: the second component sits on the first; its top and the total are the sum per keV
    assert np.allclose(steps["nu_e"].get_data().values, np.array([1.0, 2.0, 4.0]) / widths)
    assert np.allclose(steps["nu_mu"].get_data().values, np.array([3.0, 4.0, 6.0]) / widths)
    assert np.allclose(steps["nu_mu"].get_data().baseline, np.array([1.0, 2.0, 4.0]) / widths)
    assert np.allclose(steps["total"].get_data().values, np.array([3.0, 4.0, 6.0]) / widths)
    assert steps["nu_e"].get_fill() and steps["nu_mu"].get_fill() and not steps["total"].get_fill()
    colors = {to_hex(steps[k].get_facecolor()) for k in ("nu_e", "nu_mu")} | {to_hex(steps["total"].get_edgecolor())}
    assert len(colors) == 3
    assert ax.get_yscale() == "linear" and ax.get_xscale() == "linear"


def test_equal_bins_stay_counts_per_bin_and_logy_applies():
    fig = plotting.counts(_summary([6, 8, 10], {"nu_e": [5.0, 1.0]}, bin_unit="PE"), logy=True)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "expected counts per bin (2 PE)"
    assert ax.get_yscale() == "log"
    assert np.allclose(_steps(ax)[-1].get_data().values, [5.0, 1.0])
    low = plotting.counts(_summary([0, 1, 2], {"nu_e": [1.0, 1e-20]}), logy=True).axes[0].get_ylim()[0]
    assert low == pytest.approx(0.5e-6)  # six decades below the peak, not down to the empty far bin


def test_data_points_have_poisson_intervals_per_width():
    from scipy.stats import chi2

    edges = [0.0, 1.0, 3.0]
    data = np.array([4.0, 0.0])
    fig = plotting.counts(_summary(edges, {"nu_e": [3.0, 1.0]}), data=data)
    ax = fig.axes[0]
    (container,) = ax.containers
    x, y = container.lines[0].get_data()
    assert np.allclose(x, [0.5, 2.0]) and np.allclose(y, data / np.diff(edges))
    # Garwood 68.27 % interval for n = 4: [χ²(0.1587; 8)/2, χ²(0.8413; 10)/2] = [2.09, 7.17] (independent formula)
    low, high = chi2.ppf(0.15865, 8) / 2, chi2.ppf(0.84135, 10) / 2
    segments = container.lines[2][0].get_segments()
    assert segments[0][:, 1].min() == pytest.approx(low, rel=1e-3)
    assert segments[0][:, 1].max() == pytest.approx(high, rel=1e-3)
    # n = 0: the upper edge is χ²(0.8413; 2)/2 = 1.84, per 2 keV
    assert segments[1][:, 1].max() == pytest.approx(chi2.ppf(0.84135, 2) / 2 / 2.0, rel=1e-3)
    # the pull panel below: (data − expected)/√expected with √data/√expected errors
    pulls = fig.axes[1]
    (pull,) = pulls.containers
    assert np.allclose(pull.lines[0].get_ydata(), (data - [3.0, 1.0]) / np.sqrt([3.0, 1.0]))
    assert pulls.get_xlabel() == "reconstructed energy [keV]" and "√exp" in pulls.get_ylabel()
    with pytest.raises(InvalidSpecError, match="data"):
        plotting.counts(_summary(edges, {"nu_e": [3.0, 1.0]}), data=[1.0])


def test_counts_histogram_is_a_binned_object_with_units():
    pytest.importorskip("hist")
    summary = _summary([0.0, 1.0, 3.0], {"nu_e": [1.0, 2.0], "nu_mu": [0.5, 4.0]})
    h = plotting.counts_histogram(summary)
    assert np.array_equal(h.axes["energy"].edges, [0.0, 1.0, 3.0])
    assert h.axes["energy"].label == "reconstructed energy [keV]"
    assert list(h.axes["flavor"]) == ["nu_e", "nu_mu"]
    assert np.array_equal(h[:, "nu_mu"].values(), [0.5, 4.0])
    assert np.array_equal(h.project("energy").values(), [1.5, 6.0])


def test_uncertainty_band_spans_the_total_per_width():
    edges = [0.0, 1.0, 3.0]
    fig = plotting.counts(_summary(edges, {"nu_e": [3.0, 1.0], "nu_mu": [1.0, 3.0]}), uncertainty=0.25)
    (band,) = [p for p in _steps(fig.axes[0]) if p.get_label() == "uncertainty"]
    total = np.array([4.0, 4.0]) / np.diff(edges)
    assert np.allclose(band.get_data().values, 1.25 * total) and np.allclose(band.get_data().baseline, 0.75 * total)
    for bad in (-0.1, [0.1, 0.2, 0.3]):
        with pytest.raises(InvalidSpecError, match="uncertainty"):
            plotting.counts(_summary(edges, {"nu_e": [3.0, 1.0]}), uncertainty=bad)


def test_counts_title_says_exposure_and_physics():
    fig = plotting.counts(_summary([0, 1], {"nu_e": [2.0]}, target_mass_kg=14.6, live_time_days=308.1,
                                   protons_on_target=1.76e23, physics={"form_factor": "helm", "couplings": "tree"}))
    title = fig.axes[0].get_title()
    for fragment in ("toy", "2.0 CEvNS events", "14.6 kg", "308.1 d", "1.76e+23 POT", "form factor helm",
                     "couplings tree"):
        assert fragment in title


def test_cross_sections_distinct_styles_and_linear_option():
    fig = plotting.cross_sections(["Ar40", "Ge", "CsI", "Xe", "Na23"], energies=np.geomspace(5, 50, 5) * 1.0,
                                  logy=False)
    ax = fig.axes[0]
    chosen = _curve_styles(ax)
    assert len(chosen) == 5 and len({c for c, _ in chosen}) == 5 and len({d for _, d in chosen}) == 4
    assert ax.get_xscale() == "log" and ax.get_yscale() == "linear"


def test_form_factors_take_several_targets_one_colour_each_one_dash_per_model():
    fig = plotting.form_factors(["Xe131", "Ar40"], models=("helm", "klein-nystrand"))
    chosen = _curve_styles(fig.axes[0])
    assert len(chosen) == 4 and len(set(chosen)) == 4
    assert chosen[0][0] == chosen[1][0] != chosen[2][0] == chosen[3][0]
    assert chosen[0][1] == chosen[2][1] != chosen[1][1] == chosen[3][1]
    assert "Xe131" in fig.axes[0].get_title() and "Ar40" in fig.axes[0].get_title()


def test_all_sources_figure_gives_each_source_its_own_colour():
    from cevns.cli._flux import _steady_presets

    sources = _steady_presets()
    fig = plotting.fluxes(sources, points=20)
    ax = fig.axes[0]
    by_source = {}
    for line in ax.get_lines():
        name = line.get_label().rsplit(" ", 1)[0]
        by_source.setdefault(name, set()).add(to_hex(line.get_color()))
    assert all(len(c) == 1 for c in by_source.values())  # one colour per source ...
    colours = [next(iter(c)) for c in by_source.values()]
    assert len(set(colours)) == len(colours) == len({f.name for f in sources})  # ... never shared
    assert set(colours) <= set(plotting.PALETTE)
    assert len(set(_curve_styles(ax))) == len(ax.get_lines())  # every curve looks different
    assert ax.get_xscale() == ax.get_yscale() == "log"
    low = ax.get_ylim()[0]
    assert all(np.nanmax(line.get_ydata()) > 10 * low for line in ax.get_lines())  # the faintest peak is shown


def test_recoil_spectra_have_a_total_equal_to_the_sum_of_components():
    from cevns import experiments

    fig = plotting.recoil_spectra(experiments.get("coherent-csi-2017"), logx=True)
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert lines[0].get_label() == "total"
    components = [line for line in lines[1:]]
    assert len(components) == 6  # Cs133 and I127 × three flavors
    assert np.allclose(lines[0].get_ydata(), np.sum([c.get_ydata() for c in components], axis=0), rtol=1e-12)
    assert len(set(_curve_styles(ax))) == 7
    assert ax.get_xscale() == "log" and "klein-nystrand" in ax.get_title()


def test_fit_figure_uses_the_histogram_helpers():
    pytest.importorskip("iminuit")
    from cevns import stats

    model = stats.model("coherent-csi-2017")
    result = stats.fit(model)
    fig = plotting.fit_figure(model, result)
    top = fig.axes[0]
    steps = _steps(top)
    parts = model.components(**result.values)
    channel = next(iter(parts))
    assert sorted(s.get_label() for s in steps) == sorted(parts[channel])  # one filled step per component, stacked
    assert len(top.containers) == 1 and top.get_ylabel() == "events per bin"
    x, y = top.containers[0].lines[0].get_data()
    assert np.allclose(y, np.asarray(model.observed[channel]).sum(axis=tuple(range(1, model.observed[channel].ndim))))
    assert len({to_hex(s.get_facecolor()) for s in steps}) == len(steps)
    # the profile panel marks where −2Δln L crosses 1 and 4: for ((x − 0.8)/0.1)² at 0.8 ± 0.1 and 0.8 ± 0.2,
    # interpolated on a grid (step h = 0.03) that misses them: the chord moves a crossing by ≤ h² y''/(8 y'), with
    # y'' = 200 and y' = 20 (at 1) or 40 (at 4): 1.1e-3 and 5.6e-4
    grid = np.linspace(0.41, 1.19, 27)
    fig = plotting.fit_figure(model, result, {"parameter": "cevns_norm", "values": grid,
                                              "delta_chi2": ((grid - 0.8) / 0.1) ** 2})
    (panel,) = [ax for ax in fig.axes if ax.get_xlabel() == "cevns_norm"]
    marks = sorted(x[0] for x in (line.get_xdata() for line in panel.get_lines()[1:]) if x[0] == x[1])
    assert marks == pytest.approx([0.6, 0.7, 0.9, 1.0], abs=1.2e-3)


def test_cli_plot_honours_every_target_and_the_log_options(tmp_path):
    from click.testing import CliRunner

    from cevns.cli import cli

    out = tmp_path / "ff.png"
    result = CliRunner().invoke(cli, ["plot", "form-factors", "--target", "Xe131", "--target", "Ar40", "--linx",
                                      "--liny", "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert '"Ar40"' in result.output and out.stat().st_size > 1000


def test_cli_predict_csv_reads_back_with_units(tmp_path):
    import json

    from click.testing import CliRunner

    from cevns.cli import cli

    table, figure = tmp_path / "counts.csv", tmp_path / "counts.png"
    result = CliRunner().invoke(cli, ["predict", "coherent-csi-2017", "--csv", str(table), "--plot", str(figure),
                                      "--logy", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    with open(table) as handle:
        rows = list(csv.reader(handle))
    header, values = rows[0], np.array(rows[1:], dtype=float)
    assert header[:2] == ["bin_low [PE]", "bin_high [PE]"] and header[-1] == "counts"
    assert "counts nu_mu" in header and "counts Cs133" in header
    assert np.allclose(values[:, 0], summary["bin_edges"][:-1]) and np.allclose(values[:, 1], summary["bin_edges"][1:])
    assert np.allclose(values[:, -1], summary["counts"], rtol=1e-7)
    flavors = [header.index(f"counts {f}") for f in summary["counts_by_flavor"]]
    isotopes = [header.index(f"counts {i}") for i in summary["counts_by_isotope"]]
    assert np.allclose(values[:, flavors].sum(1), values[:, -1], rtol=1e-6)
    assert np.allclose(values[:, isotopes].sum(1), values[:, -1], rtol=1e-6)
    assert figure.stat().st_size > 1000


def test_cli_log_options_need_a_figure(tmp_path):
    from click.testing import CliRunner

    from cevns.cli import cli

    result = CliRunner().invoke(cli, ["flux", "ess", "--logy"])
    assert result.exit_code != 0 and "--plot" in result.output


@pytest.mark.parametrize("package", ["mplhep", "hist"])
def test_missing_histogram_packages_say_how_to_install(monkeypatch, package):
    import sys

    from cevns.errors import OptionalDependencyError

    monkeypatch.setitem(sys.modules, package, None)  # import of it now fails
    with pytest.raises(OptionalDependencyError, match=rf"{package}.*cevns\[plot\]"):
        plotting.counts(_summary([0, 1], {"nu_e": [1.0]}))


def test_survival_and_supernova_figures_use_distinct_styles():
    fig = plotting.survival_probability([1.0, 2.0], {"a": [0.5, 0.4], "b": [0.3, 0.3], "c": [0.2, 0.1]})
    assert len(set(_curve_styles(fig.axes[0]))) == 3
    edges = [0.0, 1.0, 2.0]
    flavors = ("nu_e", "nubar_e", "nu_mu", "nubar_mu", "nu_tau", "nubar_tau", "total")
    data = {"time_edges_s": edges, "observable_edges": [1.0, 2.0, 4.0], "observable_unit": "keV",
            "counts_vs_time": {k: [1.0, 2.0] for k in flavors},
            "counts_vs_observable": {k: [1.0, 2.0] for k in flavors},
            "model": "m", "distance_kpc": 10.0, "ordering": "normal", "detector": "d", "total": {"total": 3.0}}
    fig = plotting.supernova_signal(data)
    for ax in fig.axes:
        steps = [(to_hex(p.get_edgecolor()), str(p.get_linestyle()), str(p._dash_pattern)) for p in _steps(ax)]
        assert len(steps) == 7 and len(set(steps)) == 7


def test_cli_flux_plots_every_source_given(tmp_path):
    import json

    from click.testing import CliRunner

    from cevns.cli import cli

    figure = tmp_path / "f.png"
    result = CliRunner().invoke(cli, ["flux", "ess", "sns-coherent", "--plot", str(figure), "--linx", "--json"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.output)) == {"ess", "sns-coherent"} and figure.stat().st_size > 1000
    refused = CliRunner().invoke(cli, ["flux", "ess", "sns-coherent", "--output", str(tmp_path / "x.csv")])
    assert refused.exit_code != 0 and "--output" in refused.output
    mixed = CliRunner().invoke(cli, ["flux", "ess", "reactor-per-fission", "--plot", str(figure)])
    assert mixed.exit_code != 0 and "normalization" in str(mixed.exception)


def test_backgrounds_stack_below_the_signal_and_enter_the_pulls_and_band():
    edges = [0.0, 1.0, 2.0]
    signal, background, data = np.array([3.0, 1.0]), np.array([5.0, 2.0]), np.array([10.0, 2.0])
    fig = plotting.counts(_summary(edges, {"nu_e": signal}), data=data, backgrounds={"steady_state": background},
                          uncertainty=0.5)
    ax, pulls = fig.axes
    steps = {p.get_label(): p.get_data() for p in _steps(ax)}
    assert np.allclose(steps["steady_state"].baseline, 0) and np.allclose(steps["steady_state"].values, background)
    assert np.allclose(steps["nu_e"].baseline, background) and np.allclose(steps["nu_e"].values, signal + background)
    assert np.allclose(steps["total"].values, signal + background)
    # the band is ±50 % of the CEvNS counts (the relative uncertainty of the prediction), around signal + background
    (band,) = [p for p in _steps(ax) if p.get_label() == "uncertainty"]
    assert np.allclose(band.get_data().values, signal + background + 0.5 * signal)
    assert np.allclose(band.get_data().baseline, signal + background - 0.5 * signal)
    (pull,) = pulls.containers
    assert np.allclose(pull.lines[0].get_ydata(), (data - signal - background) / np.sqrt(signal + background))
    assert ax.get_ylabel().startswith("counts per bin")
    with pytest.raises(InvalidSpecError, match="backgrounds: steady_state"):
        plotting.counts(_summary(edges, {"nu_e": signal}), backgrounds={"steady_state": [1.0]})


def test_release_counts_merge_the_release_bins_into_the_presets():
    from cevns import datasets

    summary = {"experiment": "coherent-csi-2017", "bin_unit": "PE", "bin_edges": np.arange(6.0, 31.0, 2.0)}
    release = plotting.release_counts(summary)
    channel = datasets.load("coherent-csi-2017").channel("coincidence")
    # the release histograms 0-50 PE in 2-PE bins × 24 time bins (CsI DR): 6-30 PE are PE bins 3 to 14
    assert release["release"] == "coherent-csi-2017"
    assert np.array_equal(release["data"], channel.observed[3:15].sum(axis=1))
    assert np.allclose(release["backgrounds"]["steady_state"],
                       channel.backgrounds["steady_state"].template[3:15].sum(axis=1))
    # merged bins: 4-PE bins over 6-30 PE hold pairs of the 2-PE bins
    coarse = plotting.release_counts(dict(summary, bin_edges=np.arange(6.0, 31.0, 4.0)))
    assert np.array_equal(coarse["data"], release["data"].reshape(6, 2).sum(axis=1))
    with pytest.raises(InvalidSpecError, match="not edges"):
        plotting.release_counts(dict(summary, bin_edges=np.array([6.0, 7.0, 30.0])))
    with pytest.raises(InvalidSpecError, match="no data release"):
        plotting.release_counts(dict(summary, experiment="generic-ar-tonne-year"))
    with pytest.raises(InvalidSpecError, match="no axis in keVnr"):
        plotting.release_counts({"experiment": "xenonnt-8b-2024", "bin_unit": "keVnr", "bin_edges": [1.0, 2.0]})


def test_cli_predict_plot_with_data_and_uncertainty(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from cevns.cli import _predict, cli

    drawn = {}
    original = plotting.counts

    def spy(summary, **options):
        drawn.update(options)
        return original(summary, **options)

    monkeypatch.setattr(plotting, "counts", spy)
    figure = tmp_path / "csi.png"
    result = CliRunner().invoke(cli, ["predict", "coherent-csi-2017", "--plot", str(figure), "--data",
                                      "--uncertainty"])
    assert result.exit_code == 0, result.output
    assert figure.stat().st_size > 1000
    # the published prediction 173 ± 48 (Science 357 (2017) 1123): a 27.7 % band
    assert drawn["uncertainty"] == pytest.approx(48.0 / 173.0, rel=1e-12)
    assert drawn["data"].sum() == 855 and set(drawn["backgrounds"]) == {"prompt_neutrons", "steady_state"}
    for argv, message in ((["predict", "coherent-csi-2017", "--data"], "--data applies to --plot"),
                          (["predict", "generic-xe-tonne-year", "--plot", str(figure), "--data"], "no data release"),
                          (["predict", "generic-xe-tonne-year", "--plot", str(figure), "--uncertainty"],
                           "--uncertainty")):
        result = CliRunner().invoke(cli, argv)
        assert result.exit_code != 0 and message in result.output + str(result.exception), argv
    assert _predict  # the options live in cli/_predict.py
