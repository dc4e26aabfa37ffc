"""Tables: ``table()``/``to_dataframe()`` of predictions, recoil spectra, fluxes, fit results and profile scans, and
the CSV files of the command line (one writer, a header naming every column with its unit)."""

import csv
import json
import math
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from cevns import experiments
from cevns._table import column, to_dataframe
from cevns.cli import cli
from cevns.errors import CevnsError, InvalidSpecError, OptionalDependencyError, OutOfDomainError
from cevns.sources.stopped_pion import StoppedPionFlux
from cevns.stats import FitResult, ProfileScan
from cevns.units import MeV, cm2, keV, m, s

#: COHERENT CsI[Na] 2017 bins: 2-PE bins over 6-30 PE (preset coherent-csi-2017.toml, from the data-release
#: reanalyses' window), and its published SM prediction, 173 ± 48 events (Science 357 (2017) 1123, main text).
CSI_2017_EDGES = np.arange(6.0, 31.0, 2.0)
CSI_2017_PUBLISHED = 173.0


def read_csv(path):
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


@pytest.fixture(scope="module")
def csi():
    return experiments.get("coherent-csi-2017")


def test_column_names_carry_their_unit():
    assert column("T_low", "keV") == "T_low [keV]"
    assert column("counts") == "counts"
    with pytest.raises(InvalidSpecError, match="comma"):
        column("a,b", "keV")


def test_counts_table_has_the_published_bins_and_total(csi):
    table = csi.prediction.counts_table()
    assert list(table)[:2] == ["bin_low [PE]", "bin_high [PE]"] and list(table)[-1] == "counts"
    assert np.array_equal(table["bin_low [PE]"], CSI_2017_EDGES[:-1])
    assert np.array_equal(table["bin_high [PE]"], CSI_2017_EDGES[1:])
    flavors = [k for k in table if k.removeprefix("counts ") in ("nu_e", "nu_mu", "nubar_mu")]
    isotopes = [k for k in table if k in ("counts Cs133", "counts I127")]
    assert len(flavors) == 3 and len(isotopes) == 2
    # every count is split once by flavor and once by isotope: both partitions add up to the total per bin
    assert np.allclose(sum(table[k] for k in flavors), table["counts"], rtol=1e-12)
    assert np.allclose(sum(table[k] for k in isotopes), table["counts"], rtol=1e-12)
    # the preset reproduces the published 173 within 2.2 % (its notes: quenching and flux inputs of the paper; the
    # paper integrates a slightly wider PE range than the 6-30 PE window)
    assert table["counts"].sum() == pytest.approx(CSI_2017_PUBLISHED, rel=0.025)


def test_recoil_table_stops_at_the_kinematic_end_point(csi):
    table = csi.prediction.recoil_table()
    T = table["T [keV]"]
    # the highest SNS neutrino energy is the Michel end point m_μ/2 = 52.83 MeV (PDG m_μ = 105.658 MeV); on the
    # lightest isotope (I127, M = 118.21 GeV, A × 931.494 MeV less the binding) T_max = 2E²/(M + 2E)
    mass_i127 = 126.904473 * 931.49410242 * MeV - 53 * 0.51099895 * MeV
    energy = 105.6583755 * MeV / 2
    t_max = 2 * energy**2 / (mass_i127 + 2 * energy) / keV
    assert T.max() <= t_max * (1 + 1e-6)
    assert T.max() > 0.9 * t_max
    parts = [k for k in table if k.startswith("dN/dT ") and k != "dN/dT [keV^-1]"]
    assert len(parts) == 6  # two isotopes × three flavors
    assert np.allclose(sum(table[k] for k in parts), table["dN/dT [keV^-1]"], rtol=1e-12)
    assert all(np.all(table[k] >= 0) for k in parts)


def test_flux_table_integrates_to_the_neutrinos_per_proton_over_the_sphere():
    flux = StoppedPionFlux(distance=19.3 * m, neutrinos_per_proton=0.08)
    table = flux.table(2000)
    unit = "cm^-2 MeV^-1 per proton on target"
    assert list(table) == ["E [MeV]", f"dPhi/dE nu_e [{unit}]", f"dPhi/dE nu_mu [{unit}]",
                           f"dPhi/dE nubar_mu [{unit}]"]
    E = table["E [MeV]"]
    # the Michel ν_e spectrum has unit area, so ∫ dΦ/dE dE = r / (4π L²) per proton on target (L = 1930 cm)
    expected = 0.08 / (4 * math.pi * 1930.0**2)
    assert np.trapezoid(table[f"dPhi/dE nu_e [{unit}]"], E) == pytest.approx(expected, rel=1e-5)
    # its shape is the Michel spectrum (192/m_μ) x² (1/2 − x), x = E/m_μ (PDG 2024: m_μ = 105.6583755 MeV)
    x = E / 105.6583755
    shape = np.where(x <= 0.5, 192.0 / 105.6583755 * x**2 * (0.5 - x), 0.0)
    assert np.allclose(table[f"dPhi/dE nu_e [{unit}]"], expected * shape, rtol=1e-10)
    # ν_μ is a line only (the 29.79 MeV prompt line): the continuous column is zero
    assert not np.any(table[f"dPhi/dE nu_mu [{unit}]"])


def _fit_result():
    return FitResult(values={"cevns_norm": 0.8, "flux_norm": 1.0, "n_steady_state": 405.0},
                     errors={"cevns_norm": 0.2, "flux_norm": 0.1, "n_steady_state": 20.0},
                     minos={"cevns_norm": (-0.19, 0.21)}, deviance=12.3, valid=True,
                     free=("cevns_norm", "n_steady_state"), signal_events=120.0, signal_events_error=30.0,
                     fixed={"flux_norm": 1.0}, units={"n_steady_state": "events"})


def test_fit_table_lists_free_parameters_first_with_errors_and_minos():
    table = _fit_result().table()
    assert list(table) == ["parameter", "unit", "value", "error", "minos_lower", "minos_upper", "free"]
    assert table["parameter"] == ["cevns_norm", "n_steady_state", "flux_norm"]
    assert table["unit"] == ["", "events", ""]
    assert table["error"] == [0.2, 20.0, 0.0]  # a fixed parameter has no error
    assert table["minos_lower"] == [-0.19, None, None] and table["minos_upper"] == [0.21, None, None]
    assert table["free"] == [True, True, False]


def test_profile_scan_interval_of_a_parabola():
    # −2Δln L = ((x − 1)/0.2)² crosses 1 at 1 ± 0.2 and 4 at 1 ± 0.4. On a grid of step h = 0.03 that misses the
    # crossings, the chord of the parabola moves each crossing inward by at most h² y''/(8 y') ≈ 6e-4
    x = np.linspace(0.01, 1.99, 67)[::-1]  # in any order
    scan = ProfileScan("cevns_norm", x, ((x - 1.0) / 0.2) ** 2)
    assert scan.interval(1.0) == pytest.approx((0.8, 1.2), abs=6e-4)
    assert scan.interval(4.0) == pytest.approx((0.6, 1.4), abs=6e-4)
    assert scan.interval(100.0) == (0.01, 1.99)  # still inside at both ends of the grid
    assert list(scan.table()) == ["cevns_norm", "-2 delta ln L"]
    assert list(ProfileScan("neutron_radius", x, x, "fm").table())[0] == "neutron_radius [fm]"
    with pytest.raises(OutOfDomainError, match="level"):
        ProfileScan("cevns_norm", x, x + 5.0).interval(1.0)


def test_dataframes_keep_columns_and_values(csi):
    pytest.importorskip("pandas")
    frame = csi.prediction.to_dataframe()
    table = csi.prediction.counts_table()
    assert list(frame.columns) == list(table)
    assert np.array_equal(frame["counts"].to_numpy(), table["counts"])
    assert list(csi.prediction.to_dataframe("recoil").columns) == list(csi.prediction.recoil_table())
    fit = _fit_result().to_dataframe()
    assert fit["minos_lower"].isna().tolist() == [False, True, True]  # None (not run) becomes NaN
    flux = StoppedPionFlux(distance=20 * m, neutrinos_per_proton=0.09).to_dataframe(points=50)
    assert flux.shape[1] == 4 and flux["E [MeV]"].is_monotonic_increasing
    with pytest.raises(CevnsError, match="table kind"):
        csi.prediction.to_dataframe("spectrum")
    with pytest.raises(InvalidSpecError, match="length"):
        to_dataframe({"a": [1.0], "b": [1.0, 2.0]})


def test_missing_pandas_says_how_to_install(monkeypatch, csi):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(OptionalDependencyError, match=r"pip install 'cevns\[pandas\]'"):
        csi.prediction.to_dataframe()


def test_cli_flux_csv_reads_back(tmp_path):
    path = tmp_path / "ess.csv"
    result = CliRunner().invoke(cli, ["flux", "ess", "--csv", str(path), "--json"])
    assert result.exit_code == 0, result.output
    header, rows = read_csv(path)
    assert header[0] == "E [MeV]" and header[1] == "dPhi/dE nu_e [cm^-2 s^-1 MeV^-1]"
    values = np.array(rows, dtype=float)
    from cevns.sources import get

    table = get("ess").table(400)
    # the file holds the library's table to 8 significant digits, and its unit is the hepunits value per cm² s MeV
    assert np.allclose(values, np.column_stack(list(table.values())), rtol=1e-7, atol=0)
    energy = table["E [MeV]"][100] * MeV
    assert values[100, 1] == pytest.approx(get("ess").differential(energy, "nu_e") * cm2 * s * MeV, rel=1e-7)
    json.loads(result.output)


def test_cli_flux_output_is_the_old_name_of_csv(tmp_path):
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    assert CliRunner().invoke(cli, ["flux", "ess", "--output", str(old)]).exit_code == 0
    assert CliRunner().invoke(cli, ["flux", "ess", "--csv", str(new)]).exit_code == 0
    assert old.read_text() == new.read_text()
    both = CliRunner().invoke(cli, ["flux", "ess", "--output", str(old), "--csv", str(new)])
    assert both.exit_code != 0 and "--output" in both.output


def test_cli_plot_csv_holds_the_drawn_curves(tmp_path):
    import cevns

    pytest.importorskip("matplotlib")
    table, figure = tmp_path / "xsec.csv", tmp_path / "xsec.png"
    result = CliRunner().invoke(cli, ["plot", "xsec", "--target", "Ar40", "--target", "CsI", "-o", str(figure),
                                      "--csv", str(table)])
    assert result.exit_code == 0, result.output
    header, rows = read_csv(table)
    assert header == ["curve", "neutrino energy [MeV]", "σ per nucleus [cm²]"]
    curves = [r[0] for r in rows]
    assert curves.count("Ar40") == curves.count("CsI") == 200
    ar = np.array([r[1:] for r in rows if r[0] == "Ar40"], dtype=float)
    assert np.allclose(ar[:, 1], cevns.total_cross_section(ar[:, 0] * MeV, "Ar40") / cm2, rtol=1e-7)


def test_cli_plot_counts_csv_is_the_counts_table(tmp_path, csi):
    pytest.importorskip("matplotlib")
    table = tmp_path / "counts.csv"
    result = CliRunner().invoke(cli, ["plot", "counts", "--experiment", "coherent-csi-2017", "-o",
                                      str(tmp_path / "c.png"), "--csv", str(table)])
    assert result.exit_code == 0, result.output
    header, rows = read_csv(table)
    assert header == list(csi.prediction.counts_table())
    assert np.allclose(np.array(rows, dtype=float)[:, -1], csi.prediction.counts_table()["counts"], rtol=1e-7)


def test_csv_writer_quotes_text_leaves_missing_values_empty_and_refuses_nan(tmp_path):
    from cevns.cli._output import write_table

    path = tmp_path / "t.csv"
    write_table(path, {"name": ["a,b", 'say "x"'], "value [keV]": [1.5, None], "free": [True, False]})
    header, rows = read_csv(path)
    assert header == ["name", "value [keV]", "free"]
    assert rows == [["a,b", "1.5", "true"], ['say "x"', "", "false"]]
    with pytest.raises(CevnsError, match="'value'.*non-finite"):
        write_table(tmp_path / "bad.csv", {"value": [1.0, float("nan")]})
    assert not (tmp_path / "bad.csv").exists()


def test_cli_fit_csv_is_the_parameters_table(tmp_path):
    pytest.importorskip("iminuit")
    path = tmp_path / "fit.csv"
    result = CliRunner().invoke(cli, ["fit", "coherent-csi-2017", "--csv", str(path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    header, rows = read_csv(path)
    assert header == ["parameter", "unit", "value", "error", "minos_lower", "minos_upper", "free"]
    by_name = {r[0]: r for r in rows}
    assert set(by_name) == set(summary["values"])
    norm = by_name["cevns_norm"]
    assert float(norm[2]) == pytest.approx(summary["values"]["cevns_norm"], rel=1e-7)
    assert (float(norm[4]), float(norm[5])) == pytest.approx(tuple(summary["minos"]["cevns_norm"]), rel=1e-7)
    assert norm[6] == "true" and rows[0][0] == "cevns_norm"  # the parameter of interest comes first
    fixed = [r for r in rows if r[6] == "false"]
    assert fixed and all(r[3] == "0" and r[4] == r[5] == "" for r in fixed)


def test_tables_and_csv_need_no_pandas():
    import subprocess

    code = ("import sys\n"
            "sys.modules['pandas'] = None\n"  # an import of pandas would fail
            "from cevns import experiments\n"
            "table = experiments.get('coherent-csi-2017').prediction.counts_table()\n"
            "assert list(table)[-1] == 'counts'\n")
    subprocess.run([sys.executable, "-W", "error", "-c", code], check=True, capture_output=True, text=True)
