"""`cevns wimp` and `cevns fog`, run as a user would; the JSON is checked against the library."""

import json

import numpy as np
import pytest

from cevns.cli import main
from cevns.dark_matter import wimp_spectrum
from cevns.units import GeV, cm2, keV, tonne, year


def run(capsys, *args):
    main(list(args))
    return capsys.readouterr().out


def test_wimp_json_matches_library_and_counts_integrate_the_spectrum(capsys):
    data = json.loads(run(capsys, "wimp", "--target", "Xe", "--mass", "50GeV", "--cross-section", "1e-47cm2",
                          "--threshold", "0keV", "--json"))
    T = np.array(data["recoil_energy_keV"])
    rate = np.array(data["rate_per_tonne_year_keV"])
    lib = wimp_spectrum(T[:5] * keV, "Xe", mass=50 * GeV, cross_section=1e-47 * cm2) * tonne * year * keV
    np.testing.assert_allclose(rate[:5], lib, rtol=1e-12)
    assert data["counts"] == pytest.approx(np.trapezoid(rate, T), rel=2e-3)  # trapezoid on 200 points vs GL


def test_wimp_text_and_figure(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    out = run(capsys, "wimp", "--target", "NaI", "--mass", "10GeV", "--cross-section", "1e-40cm2",
              "--interaction", "sdp", "--plot", str(tmp_path / "w.png"))
    assert "counts" in out and (tmp_path / "w.png").stat().st_size > 1000


def test_fog_json_and_figure(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    data = json.loads(run(capsys, "fog", "--target", "Xe131", "--masses", "3", "--mass-range", "10GeV", "1TeV",
                          "--bins", "20", "--json", "--plot", str(tmp_path / "fog.png")))
    assert len(data["floor_cm2"]) == 3 and all(1e-50 < f < 1e-44 for f in data["floor_cm2"])
    assert (tmp_path / "fog.png").stat().st_size > 1000


def test_errors_are_one_line(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["wimp", "--target", "Xe", "--mass", "50cm", "--cross-section", "1e-47cm2"])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("cevns: error:") and err.count("\n") == 1


def test_wimp_spin_dependent_json_names_the_model_of_each_isotope(capsys):
    data = json.loads(run(capsys, "wimp", "--target", "CaWO4", "--mass", "30GeV", "--cross-section", "1e-38cm2",
                          "--interaction", "sdn", "--json"))
    assert "thin-shell" in data["spin_model"]["W183"] and "Ca40" not in data["spin_model"]
    data = json.loads(run(capsys, "wimp", "--target", "Xe", "--mass", "50GeV", "--cross-section", "1e-40cm2",
                          "--interaction", "sdn", "--threshold", "0keV", "--json"))
    assert "Klos" in data["spin_model"]["Xe129"] and "Klos" in data["spin_model"]["Xe131"]
    T = np.array(data["recoil_energy_keV"])[:5]
    lib = wimp_spectrum(T * keV, "Xe", mass=50 * GeV, cross_section=1e-40 * cm2, interaction="sdn")
    np.testing.assert_allclose(data["rate_per_tonne_year_keV"][:5], lib * tonne * year * keV, rtol=1e-12)
