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
