"""Preset registry, import hygiene and the `cevns flux` command."""

import csv
import json
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from cevns.cli import cli
from cevns.errors import InvalidSpecError, UnknownNameError
from cevns.sources import available, describe, get
from cevns.units import MeV, cm2, m, s

EXPECTED = {"sns-coherent", "ess", "jsns2", "reactor-leibstadt", "reactor-dresden-ii", "reactor-kuo-sheng",
            "solar-8B", "solar-b16-gs98", "solar-b16-agss09met", "atmospheric-fluka-2005", "dsnb"}


def test_presets_listed_and_buildable():
    names = available()
    assert EXPECTED <= set(names)
    assert any(n.startswith("supernova-") for n in names)
    for name in names:
        f = get(name)
        assert f.flavors and describe(name)
        for flavor in f.flavors:
            low, high = f.energy_range(flavor)
            assert 0 <= low * (1 - 1e-12) <= f.mean_energy(flavor) <= high * (1 + 1e-12) and f.total(flavor) > 0


def test_unknown_preset_suggests():
    with pytest.raises(UnknownNameError, match="reactor-leibstadt"):
        get("reactor-leibstad")
    with pytest.raises(InvalidSpecError, match="fields"):
        get("ess", colour="blue")


def test_overrides_are_validated():
    with pytest.raises(Exception, match="distance"):
        get("ess", distance=-3 * m)
    with pytest.raises(Exception, match="fission_fractions"):
        get("reactor-dresden-ii", fission_fractions=(0.5, 0.5, 0.5, 0.0))


def test_import_reads_nothing():
    code = ("import sys, cevns, cevns.sources as S; "
            "assert 'matplotlib' not in sys.modules and 'snewpy' not in sys.modules; "
            "assert 'cevns.sources._data' not in sys.modules and 'cevns.sources.solar' not in sys.modules; "
            "S.available(); from cevns.sources import _data; "
            "assert _data.table.cache_info().currsize == 0 and _data._toml.cache_info().currsize == 0; print('ok')")
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_cli_json_round_trip():
    result = CliRunner().invoke(cli, ["flux", "sns-coherent", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    f = get("sns-coherent")
    assert data["unit"] == "cm^-2 s^-1"
    assert data["flavors"]["nu_e"]["total"] == pytest.approx(f.total("nu_e") * cm2 * s, rel=1e-12)
    assert data["flavors"]["nu_mu"]["lines"][0]["energy_MeV"] == pytest.approx(29.79, abs=0.01)
    spectrum = data["spectrum"]["nubar_mu"]
    e = np.array(spectrum["energy_MeV"]) * MeV
    assert np.allclose(spectrum["differential"], f.differential(e, "nubar_mu") * cm2 * s * MeV, rtol=1e-12)


def test_cli_text_list_csv_and_plot(tmp_path):
    runner = CliRunner()
    listing = runner.invoke(cli, ["flux", "--list"])
    assert listing.exit_code == 0 and "reactor-leibstadt" in listing.output
    text = runner.invoke(cli, ["flux", "reactor-leibstadt"])
    assert text.exit_code == 0 and "nubar_e" in text.output and "MeV" in text.output
    out = tmp_path / "spectrum.csv"
    assert runner.invoke(cli, ["flux", "solar-8B", "--csv", str(out)]).exit_code == 0
    with out.open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "E [MeV]" and len(rows) > 100
    energies = np.array([float(r[0]) for r in rows[1:]])
    values = np.array([float(r[1]) for r in rows[1:]])
    assert np.trapezoid(values, energies) == pytest.approx(5.46e6, rel=1e-3)  # B16-GS98 8B flux
    figure = tmp_path / "sources.png"
    result = runner.invoke(cli, ["flux", "--all", "--plot", str(figure)])
    assert result.exit_code == 0, result.output
    assert figure.stat().st_size > 10_000


def test_cli_bad_preset_exits_nonzero():
    result = subprocess.run([sys.executable, "-m", "cevns", "flux", "reactor-leibstad"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "unknown source preset" in result.stderr and "reactor-leibstadt" in result.stderr


# --- typed normalization and the units the command line shows ---------------------------------------------------

def test_supernova_fluence_is_shown_per_area_not_per_time():
    """10 kpc, 5e52 erg in ν_e at a constant <E> = 10 MeV: N = E/<E>, fluence N / (4π d²) = 2.608e11 cm⁻².

    (erg = 624150.907 MeV, kpc = 3.0856776e21 cm: IAU 2015 parsec; derived here, independently of the code.)"""
    import math

    expected = 5e52 * 624150.907 / 10.0 / (4 * math.pi * (10 * 3.0856776e21) ** 2)
    result = CliRunner().invoke(cli, ["flux", "supernova-illustrative-10kpc", "--json"])
    data = json.loads(result.output)
    assert data["unit"] == "cm^-2 (fluence)" and data["normalization"].endswith("(time-integrated fluence)")
    assert data["flavors"]["nu_e"]["total"] == pytest.approx(expected, rel=2e-4)  # trapezoid in time: 1e-4
    assert data["spectrum_unit"] == "cm^-2 (fluence) MeV^-1"
    text = CliRunner().invoke(cli, ["flux", "supernova-illustrative-10kpc"]).output
    assert "cm^-2 (fluence)" in text and "s^-1" not in text


def test_line_intensities_are_shown_in_the_display_unit():
    data = json.loads(CliRunner().invoke(cli, ["flux", "sns-coherent", "--json"]).output)
    (line,) = data["flavors"]["nu_mu"]["lines"]
    assert line["intensity"] == pytest.approx(get("sns-coherent").total("nu_mu") * cm2 * s, rel=1e-12)


def test_normalization_is_typed_and_equal_to_its_text():
    from cevns.sources import Normalization

    for name in available():
        norm = get(name).normalization
        assert isinstance(norm, Normalization), name
    assert Normalization.PER_AREA_TIME == "per area per time at the detector"
    assert f"{Normalization.PER_FISSION}" == "per fission" and str(Normalization.FLUENCE).endswith("fluence)")
    assert "fluence" in Normalization.FLUENCE  # code that searches the text keeps working


def test_whole_reactor_is_not_per_area():
    from cevns.sources import Normalization
    from cevns.sources.reactor import ReactorFlux
    from cevns.units import GW

    whole = ReactorFlux(thermal_power=3 * GW)
    assert whole.normalization is Normalization.PER_TIME
    assert whole.normalization.per_time and not whole.normalization.per_area
    assert whole.normalization != Normalization.PER_AREA_TIME
    assert get("reactor-leibstadt").normalization is Normalization.PER_AREA_TIME
    with pytest.raises(InvalidSpecError, match="normalization"):
        get("reactor-leibstadt") + whole


def test_tabulated_normalization_by_name_or_text():
    from cevns.sources import Normalization, TabulatedFlux

    e = np.array([1.0, 2.0]) * MeV
    for text in ("per_area_time", "PER-AREA-TIME", "per area per time at the detector", Normalization.PER_AREA_TIME):
        f = TabulatedFlux(energies=e, values={"nu_e": [1.0, 1.0]}, normalization=text)
        assert f.normalization is Normalization.PER_AREA_TIME
    with pytest.raises(UnknownNameError, match="per_area_time"):
        TabulatedFlux(energies=e, values={"nu_e": [1.0, 1.0]}, normalization="per time")


def test_all_sources_summary_and_names_ignoring_case():
    from cevns.sources import Normalization

    result = CliRunner().invoke(cli, ["flux", "--all", "--json"])
    data = json.loads(result.output)
    assert "sns-coherent" in data and "solar-b16-gs98" in data and "solar-8B" not in data
    assert {row["normalization"] for row in data.values()} == {Normalization.PER_AREA_TIME.value}
    text = CliRunner().invoke(cli, ["flux", "--all"]).output
    assert all(name in text for name in data)
    assert get("SNS-Coherent").name == "sns-coherent"  # canonical name echoed
    assert describe("DSNB") == describe("dsnb")
