"""Figures show the library's numbers."""

import numpy as np
import pytest

pytest.importorskip("matplotlib")

import cevns  # noqa: E402
from cevns import plotting  # noqa: E402
from cevns.units import MeV, cm2  # noqa: E402


def test_cross_section_figure_plots_total_cross_sections():
    fig = plotting.cross_sections(["Ar40", "CsI"], energies=np.array([10.0, 30.0]) * MeV)
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["Ar40", "CsI"]
    assert np.allclose(lines[1].get_ydata(), cevns.total_cross_section(np.array([10.0, 30.0]) * MeV, "CsI") / cm2)


def test_form_factor_figure_starts_at_one():
    fig = plotting.form_factors("Ar40", models=("helm", "klein-nystrand"))
    for line in fig.axes[0].get_lines():
        assert line.get_ydata()[0] == pytest.approx(1.0)


def test_cli_plot_writes_file(tmp_path):
    from click.testing import CliRunner

    from cevns.cli import cli

    out = tmp_path / "xsec.png"
    result = CliRunner().invoke(cli, ["plot", "xsec", "--target", "Ar40", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def test_figures_leave_the_users_backend_and_pyplot_alone():
    import subprocess
    import sys

    code = (
        "import matplotlib, sys\n"
        "matplotlib.use('svg')\n"
        "from cevns import plotting\n"
        "from cevns.sources import get\n"
        "plotting.cross_sections(['Ar40']); plotting.fluxes(get('ess'))\n"
        "plotting.survival_probability([1.0, 2.0], {'x': [0.5, 0.4]})\n"
        "assert matplotlib.get_backend() == 'svg', matplotlib.get_backend()\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-W", "error", "-c", code], check=True, capture_output=True, text=True)


def test_flux_figure_shows_the_fluence_per_area():
    from cevns.sources import get

    flux = get("supernova-illustrative-10kpc")
    fig = plotting.fluxes(flux, points=50)
    ax = fig.axes[0]
    assert "cm^-2 (fluence)" in ax.get_ylabel() and "s^-1" not in ax.get_ylabel()
    line = ax.get_lines()[0]
    e = np.asarray(line.get_xdata()) * MeV
    assert np.allclose(line.get_ydata(), flux.differential(e, "nu_e") * cm2 * MeV, rtol=1e-12)


def test_flux_figure_refuses_mixed_normalizations():
    from cevns.errors import InvalidSpecError
    from cevns.sources import get

    with pytest.raises(InvalidSpecError, match="normalization"):
        plotting.fluxes([get("ess"), get("reactor-per-fission")])


def test_histogram_figures_leave_the_users_backend_style_and_open_figures_alone():
    import subprocess
    import sys

    pytest.importorskip("mplhep")
    code = (
        "import matplotlib\n"
        "matplotlib.use('svg')\n"
        "before = dict(matplotlib.rcParams)\n"
        "from cevns import plotting\n"
        "plotting.counts({'experiment': 'x', 'bin_unit': 'PE', 'bin_edges': [0, 1, 3], 'total': 3.0,\n"
        "                 'counts_by_flavor': {'nu_e': [1.0, 2.0]}}, data=[1, 2])\n"
        "assert matplotlib.get_backend() == 'svg', matplotlib.get_backend()\n"
        "assert dict(matplotlib.rcParams) == before\n"
        "import matplotlib.pyplot as plt\n"
        "assert plt.get_fignums() == []\n"
    )
    subprocess.run([sys.executable, "-W", "error", "-c", code], check=True, capture_output=True, text=True)


def test_limits_figure_axes_follow_the_scan():
    """An allowed region on (sin²2θ linear, Δm² over three decades) gets a log Δm² axis and one contour at the
    threshold; an exclusion curve is drawn log-log with the excluded side shaded."""
    from cevns.stats.limits import AllowedRegion, ExclusionCurve

    x = np.linspace(0.0, 1.0, 11)
    y = np.geomspace(0.1, 100.0, 10)
    chi2 = np.add.outer(np.log10(y) ** 2, 10.0 * x)  # (y, x): allowed near sin²2θ = 0, Δm² = 1
    region = AllowedRegion("sin2_2theta", "delta_m2_41", x, y, chi2, (0.0, 1.0), 0.9, 4.61, ("csi",))
    ax = plotting.limits(region).axes[0]
    assert (ax.get_xscale(), ax.get_yscale()) == ("linear", "log")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("sin2_2theta", "delta_m2_41")
    curve = ExclusionCurve("vector-universal", np.geomspace(1.0, 1e3, 5), np.geomspace(1e-5, 1e-3, 5), 0.9, 2.71,
                           ("csi",))
    ax = plotting.limits(curve, published={"paper": ([1.0, 1e3], [2e-5, 2e-3])}).axes[0]
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    assert len(ax.lines) == 2 and ax.lines[0].get_color() != ax.lines[1].get_color()
