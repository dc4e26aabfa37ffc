"""Every public entry point of cevns.sources over declared valid and invalid domains.

Valid input: finite, non-negative answers of the right shape (fluxes ≥ 0, ⟨E⟩ inside the range, time densities
≥ 0). Invalid input: a `cevns` error naming the parameter. Nothing else may escape.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cevns import sources
from cevns.flavors import FLAVORS
from cevns.sources import (AtmosphericFlux, DSNBFlux, Normalization, ReactorFlux, SolarFlux, StoppedPionFlux,
                           TabulatedFlux)
from cevns.sources.timing import ProtonPulse
from cevns.units import GeV, GW, MeV, m, ns

from _domains import anything, finite_array, is_valid_number, outcome

# the presets cheap enough to evaluate hundreds of times (the supernova preset has its own tests)
PRESETS = ["sns-coherent", "sns-coherent-per-pot", "ess", "jsns2", "reactor-leibstadt", "reactor-per-fission",
           "solar-8B", "solar-7Be", "solar-b16-gs98", "atmospheric-fluka-2005", "dsnb"]
_BUILT = {}


def preset(name):
    if name not in _BUILT:
        _BUILT[name] = sources.get(name)
    return _BUILT[name]


flavor_names = st.one_of(st.sampled_from(FLAVORS), st.sampled_from(["NU_E", "Nubar_E", " nu_mu", "vebar"]),
                         st.text(max_size=8), anything)
valid_energy = finite_array(0.0, 100 * GeV)  # E up to 100 GeV: finite answers


@given(name=st.sampled_from(PRESETS), energy=valid_energy, flavor=st.sampled_from(FLAVORS))
def test_differential_valid(tried, name, energy, flavor):
    tried.add("sources.differential valid")
    f = preset(name)
    value = f.differential(energy, flavor)
    assert value.shape == np.shape(energy) and np.all(np.isfinite(value)) and np.all(value >= 0)
    low, high = f.energy_range(flavor)
    outside = (np.asarray(energy) < low) | (np.asarray(energy) > high)
    assert np.all(value[outside] == 0)


@given(name=st.sampled_from(PRESETS), energy=anything, flavor=flavor_names)
def test_differential_anything(tried, name, energy, flavor):
    tried.add("sources.differential anything")
    value = outcome(preset(name).differential, energy, flavor, names=("energy", "flavor"))
    if value is not None:
        assert is_valid_number(energy, 0.0) and np.all(np.isfinite(value)) and np.all(value >= 0)


@given(name=st.sampled_from(PRESETS), flavor=flavor_names,
       nodes=st.one_of(st.integers(-5, 300), st.integers(10**6, 10**12), anything))
def test_moments_lines_quadrature(tried, name, flavor, nodes):
    tried.add("sources.moments/lines/quadrature")
    f = preset(name)
    total = outcome(f.total, flavor, names=("flavor",))
    if total is None:
        return
    mean = f.mean_energy(flavor)
    low, high = f.energy_range(flavor)
    assert total >= 0 and np.isfinite(mean) and (total == 0 or low * (1 - 1e-12) <= mean <= high * (1 + 1e-12))
    energies, intensities = f.lines(flavor)
    assert np.all(intensities >= 0) and np.all((energies >= low) & (energies <= high))
    assert np.all(np.diff(f.panel_edges(flavor)) > 0)
    result = outcome(f.quadrature, flavor, nodes_per_panel=nodes, names=("nodes_per_panel",))
    if result is not None:
        e, w = result
        # Gauss–Legendre with n nodes per panel is exact to degree 2n − 1 (the cubic Michel spectra from n = 2); the
        # tabulated and thermal spectra of these presets converge by n = 6 (worst relative error of Σw over them,
        # n = 1…6: 4.9e-2, 9.1e-3, 1.6e-4, 3.9e-5, 1.3e-6, 3.9e-7, the last the accuracy of `total` itself)
        tolerance = 1e-6 if nodes >= 6 else 5e-2
        assert np.all(np.isfinite(e)) and np.all(w >= 0) and np.sum(w) == pytest.approx(total, rel=tolerance)


@given(name=st.sampled_from(PRESETS), time=st.one_of(finite_array(-1e12, 1e12), anything),
       flavor=st.sampled_from(FLAVORS))
def test_time_pdf(tried, name, time, flavor):
    tried.add("sources.time_pdf")
    f = preset(name)
    value = outcome(f.time_pdf, time, flavor, names=("time",))
    if value is not None:
        assert f.is_pulsed and np.all(np.isfinite(value)) and np.all(value >= 0)


@given(name=st.one_of(st.sampled_from(sources.available()), st.text(max_size=12), anything,
                      st.sampled_from(["SNS-COHERENT", "Reactor-Leibstadt", " dsnb "])))
def test_registry_names(tried, name):
    tried.add("sources.get/describe names")
    text = outcome(sources.describe, name, names=("source preset",))
    if text is not None:
        assert isinstance(text, str) and name.strip().lower() in {n.lower() for n in sources.available()}


@given(points=st.one_of(st.integers(-3, 5000), st.integers(10**7, 10**15), anything),
       flavor=st.sampled_from(FLAVORS))
def test_energy_grid(tried, points, flavor):
    tried.add("sources.energy_grid")
    grid = outcome(preset("ess").energy_grid, flavor, points, names=("points",))
    if grid is not None:
        assert np.all(np.isfinite(grid)) and np.all(np.diff(grid) > 0)


fraction4 = st.lists(st.floats(0, 1), min_size=4, max_size=4)


@given(fractions=st.one_of(fraction4.map(lambda v: tuple(np.array(v) / sum(v)) if sum(v) > 0 else (1, 0, 0, 0)),
                           fraction4, anything),
       power=st.one_of(st.none(), st.floats(0.01, 10).map(lambda x: x * GW), anything),
       distance=st.one_of(st.none(), st.floats(1, 1e5).map(lambda x: x * m), anything),
       min_energy=st.one_of(st.just(1.0 * MeV), anything), energy=valid_energy)
def test_reactor(tried, fractions, power, distance, min_energy, energy):
    tried.add("sources.ReactorFlux")
    f = outcome(ReactorFlux, fission_fractions=fractions, thermal_power=power, distance=distance,
                min_energy=min_energy,
                names=("fission_fractions", "thermal_power", "distance", "min_energy", "fissioning isotope"))
    if f is not None:
        assert isinstance(f.normalization, Normalization)
        assert f.normalization.per_area == (distance is not None)
        value = f.differential(energy, "nubar_e")
        assert np.all(np.isfinite(value)) and np.all(value >= 0) and f.total("nubar_e") > 0


@given(distance=st.one_of(st.floats(0.1, 1e6).map(lambda x: x * m), anything),
       ratio=st.one_of(st.floats(1e-3, 1.0), anything),
       rate=st.one_of(st.none(), st.floats(1e10, 1e20).map(lambda x: x / ns), anything),
       width=st.one_of(st.floats(0, 1e4).map(lambda x: x * ns), anything))
def test_stopped_pion(tried, distance, ratio, rate, width):
    tried.add("sources.StoppedPionFlux")
    pulse = outcome(ProtonPulse, width=width, names=("width",))
    if pulse is None:
        return
    f = outcome(StoppedPionFlux, distance=distance, neutrinos_per_proton=ratio, proton_rate=rate, pulse=pulse,
                names=("distance", "neutrinos_per_proton", "proton_rate", "pulse"))
    if f is not None:
        assert f.total("nu_mu") == pytest.approx(f.total("nu_e"), rel=1e-9) and f.total("nu_e") > 0
        t = np.linspace(-1000, 20000, 7) * ns
        assert np.all(np.isfinite(f.time_pdf(t, "nu_e"))) and np.all(f.time_pdf(t, "nu_e") >= 0)


@given(temperature=st.one_of(st.floats(0.5, 20).map(lambda x: x * MeV), anything),
       energy_per_flavor=st.one_of(st.floats(1e-3, 10).map(lambda x: x * 1e52 * 624150.907 * MeV), anything),
       scale=st.one_of(st.floats(1e-3, 1e3), anything), energy=valid_energy)
def test_dsnb_atmospheric(tried, temperature, energy_per_flavor, scale, energy):
    tried.add("sources.DSNB/Atmospheric")
    f = outcome(DSNBFlux, temperatures={"nubar_e": temperature}, energy_per_flavor=energy_per_flavor,
                rate_scale=scale, names=("temperatures", "energy_per_flavor", "rate_scale"))
    if f is not None:
        value = f.differential(energy, "nubar_e")
        assert np.all(np.isfinite(value)) and np.all(value >= 0)
    a = outcome(AtmosphericFlux, scale=scale, names=("scale",))
    if a is not None:
        assert np.all(a.differential(energy, "nu_mu") >= 0)


@given(components=st.one_of(st.lists(st.sampled_from(["pp", "pep", "Be7", "B8", "hep", "N13", "O15", "F17"]),
                                     min_size=1, max_size=3, unique=True).map(tuple),
                            st.lists(st.text(max_size=4), min_size=1, max_size=2).map(tuple), anything),
       model=st.one_of(st.sampled_from(["b16-gs98", "b16-agss09met", "B16-GS98"]), st.text(max_size=5)),
       energy=valid_energy)
def test_solar(tried, components, model, energy):
    tried.add("sources.SolarFlux")
    f = outcome(SolarFlux, model=model, components=components, names=("component", "model", "solar"))
    if f is not None:
        value = f.differential(energy, "nu_e")
        assert np.all(np.isfinite(value)) and np.all(value >= 0) and f.total("nu_e") > 0


@given(energies=st.one_of(st.lists(st.floats(0, 1e3), min_size=2, max_size=5, unique=True).map(sorted), anything),
       values=st.one_of(st.lists(st.floats(0, 1e6), min_size=2, max_size=5), anything),
       normalization=st.one_of(st.sampled_from(list(Normalization)), st.sampled_from(["fluence", "PER_FISSION"]),
                               st.text(max_size=6)),
       factor=st.one_of(st.floats(0, 1e6), anything),
       matrix=st.one_of(st.just(np.eye(3)), st.just(np.full((3, 3), 1 / 3)), anything))
def test_tabulated_scaled_oscillated(tried, energies, values, normalization, factor, matrix):
    tried.add("sources.Tabulated/Scaled/Oscillated")
    f = outcome(TabulatedFlux, energies=energies, values={"nu_e": values}, normalization=normalization,
                names=("energies", "values", "normalization", "increasing"))
    if f is None:
        return
    scaled = outcome(lambda: f * factor, names=("factor",))
    if scaled is not None:
        assert scaled.total("nu_e") == pytest.approx(float(factor) * f.total("nu_e"), rel=1e-9, abs=1e-300)
    oscillated = outcome(f.oscillated, matrix, names=("probability",))
    if oscillated is not None:
        totals = sum(oscillated.total(fl) for fl in ("nu_e", "nu_mu", "nu_tau"))
        assert totals == pytest.approx(f.total("nu_e"), rel=1e-9)  # columns of P sum to one
