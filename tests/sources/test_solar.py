"""Solar fluxes: B16 normalizations, published mean energies and end points, lines kept as lines."""

import numpy as np
import pytest
from scipy.integrate import quad

from cevns.errors import UnknownNameError
from cevns.sources import SolarFlux, get
from cevns.sources.solar import BETA_ENDPOINTS, COMPONENTS
from cevns.units import MeV, cm2, s

CONTINUOUS = ("pp", "hep", "B8", "N13", "O15", "F17")


@pytest.mark.parametrize("model, key", [("b16-gs98", "b16_gs98"), ("b16-agss09met", "b16_agss09met")])
def test_totals_are_the_b16_fluxes(ref, model, key):
    table = ref["solar"][key]
    for component in COMPONENTS:
        if component not in table:
            continue
        f = SolarFlux(model=model, components=(component,))
        assert f.total("nu_e") * cm2 * s == pytest.approx(table[component], rel=1e-6)


@pytest.mark.parametrize("component", CONTINUOUS)
def test_spectrum_integrates_to_its_flux_independently(component):
    f = SolarFlux(components=(component,))
    low, high = f.energy_range("nu_e")
    integral = quad(lambda e: f.differential(e, "nu_e"), low, high, limit=400)[0]
    assert integral == pytest.approx(f.component_flux(component), rel=2e-5)


@pytest.mark.parametrize("component", CONTINUOUS)
def test_mean_energies_and_end_points(ref, component):
    f = SolarFlux(components=(component,))
    means, ends = ref["solar"]["mean_energy"], ref["solar"]["end_point"]
    tolerance = means["B8_tolerance"] if component == "B8" else means["tolerance"]
    assert f.mean_energy("nu_e") / MeV == pytest.approx(means[component], rel=tolerance)
    low, high = f.energy_range("nu_e")
    assert high / MeV == pytest.approx(ends[component], rel=ends["tolerance"])
    assert f.differential(np.array([high * 1.001]), "nu_e")[0] == 0.0


def test_lines_stay_lines(ref):
    f = get("solar-b16-gs98")
    energies, intensities = f.lines("nu_e")
    be7 = ref["solar"]["be7"]
    phi_be7 = SolarFlux(components=("Be7",)).total("nu_e")
    for e_line, branch in zip(be7["lines_MeV"], be7["branching"]):
        k = np.argmin(np.abs(energies - e_line * MeV))
        assert energies[k] == pytest.approx(e_line * MeV, rel=1e-12)
        assert intensities[k] == pytest.approx(branch * phi_be7, rel=1e-12)
    # the continuous spectrum has no spike at the line energies (it is the pp + CNO continuum there)
    only_lines = SolarFlux(components=("Be7", "pep"))
    assert np.all(only_lines.differential(energies, "nu_e") == 0.0)
    line_e, line_i = only_lines.lines("nu_e")
    assert only_lines.total("nu_e") == pytest.approx(line_i.sum(), rel=1e-12)
    assert line_i.sum() == pytest.approx(SolarFlux(components=("Be7",)).total("nu_e")
                                         + SolarFlux(components=("pep",)).total("nu_e"), rel=1e-12)
    assert only_lines.energy_range("nu_e") == (0.3843 * MeV, 1.442 * MeV)


def test_sum_of_components_is_the_full_model():
    full = SolarFlux()
    parts = sum(SolarFlux(components=(c,)) for c in COMPONENTS)
    e = np.geomspace(0.05, 17.0, 50) * MeV
    assert np.allclose(full.differential(e, "nu_e"), parts.differential(e, "nu_e"), rtol=1e-12)
    assert parts.total("nu_e") == pytest.approx(full.total("nu_e"), rel=1e-12)
    assert len(parts.components) == len(COMPONENTS)


def test_only_electron_neutrinos():
    f = SolarFlux()
    assert f.flavors == ("nu_e",)
    assert np.all(f.differential(np.array([1.0, 5.0]) * MeV, "nu_mu") == 0)
    assert f.time_pdf(0.0, "nu_e") is None and not f.is_pulsed


def test_unknown_model_and_component():
    with pytest.raises(UnknownNameError, match="b16-gs98"):
        SolarFlux(model="b16-gs89")
    with pytest.raises(UnknownNameError, match="B8"):
        SolarFlux(components=("B9",))


def test_uncertainties_are_published_values():
    # Vinyoles et al. (2017) Table 6: B8 12 %, Be7 6 %, pp 0.6 % (GS98)
    f = SolarFlux()
    assert (f.uncertainty("B8"), f.uncertainty("Be7"), f.uncertainty("pp")) == (0.12, 0.06, 0.006)


def test_beta_end_points_are_q_values():
    # N13: Q_EC = 2.2205 MeV -> E0 = Q_EC - 2 m_e (AME2020), derived here
    from cevns import constants

    assert BETA_ENDPOINTS["N13"][0] == pytest.approx(2.2205 - 2 * constants.electron_mass / MeV, abs=2e-4)
