"""Every public entry point of cevns.oscillations over declared valid and invalid domains.

Valid: probabilities finite, in [0, 1], and the matrices doubly stochastic (unitary evolution: Σ_β P_βα = 1 and
Σ_α P_βα = 1), for E up to 100 GeV and baselines up to 10⁵ km. Invalid: a `cevns` error naming the parameter.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cevns import oscillations as osc
from cevns.units import GeV, MeV, cm3, eV, g, km

from _domains import anything, finite_array, outcome

valid_energy = finite_array(1e-3 * MeV, 100 * GeV)
valid_baseline = finite_array(0.0, 1e5 * km)
valid_density = st.floats(0.0, 200.0).map(lambda x: x * g / cm3)  # up to the solar core
valid_fraction = st.floats(0.0, 1.0)
orderings = st.sampled_from(["normal", "inverted", "NO", "io", "Inverted"])


def assert_stochastic(p, n=3):
    assert np.all(np.isfinite(p)) and np.all(p >= -1e-12) and np.all(p <= 1 + 1e-12)
    assert np.allclose(p.sum(axis=-2), 1.0, atol=1e-9), "columns: Σ_β P(α→β) = 1"
    assert np.allclose(p.sum(axis=-1), 1.0, atol=1e-9), "rows: Σ_α P(α→β) = 1"
    assert p.shape[-2:] == (n, n)


@given(energy=valid_energy, baseline=st.floats(0.0, 1e5).map(lambda x: x * km), density=valid_density,
       ye=valid_fraction, antineutrino=st.booleans(), ordering=orderings)
def test_vacuum_and_constant_matter_valid(tried, energy, baseline, density, ye, antineutrino, ordering):
    tried.add("oscillations.vacuum/constant valid")
    params = osc.nufit60(ordering)
    p = osc.vacuum_probability(energy, baseline, params=params, antineutrino=antineutrino)
    assert_stochastic(p)
    q = osc.constant_probability(energy, baseline, density, ye, params=params, antineutrino=antineutrino)
    assert_stochastic(q)
    if density == 0:
        assert np.allclose(p, q, atol=1e-9)
    assert q.shape == np.shape(energy) + (3, 3)


@given(energy=anything, baseline=anything, density=st.one_of(valid_density, anything),
       ye=st.one_of(valid_fraction, anything))
def test_constant_matter_anything(tried, energy, baseline, density, ye):
    tried.add("oscillations.constant anything")
    p = outcome(osc.constant_probability, energy, baseline, density, ye,
                names=("energy", "baseline", "density", "electron_fraction", "neutron_fraction"))
    if p is not None:
        assert_stochastic(p)


@given(energy=valid_energy,
       layers=st.lists(st.tuples(st.floats(0, 2e4).map(lambda x: x * km), valid_density, valid_fraction),
                       max_size=4),
       antineutrino=st.booleans())
def test_layers_valid(tried, energy, layers, antineutrino):
    tried.add("oscillations.layered valid")
    assert_stochastic(osc.layered_probability(energy, layers, antineutrino=antineutrino))


@given(layers=st.one_of(st.lists(st.one_of(st.tuples(anything, anything, anything), anything), max_size=3),
                        anything))
def test_layers_anything(tried, layers):
    tried.add("oscillations.layered anything")
    p = outcome(osc.layered_probability, 10 * MeV, layers,
                names=("layer", "length", "density", "electron_fraction", "neutron_fraction"))
    if p is not None:
        assert_stochastic(p)


@given(energy=st.one_of(finite_array(0.1 * MeV, 20 * MeV), anything),
       component=st.one_of(st.sampled_from(osc.SOLAR_COMPONENTS), st.sampled_from(["solar-B8", "BE7", "hep"]),
                           st.text(max_size=5)),
       ordering=orderings)
def test_solar_and_supernova(tried, energy, component, ordering):
    tried.add("oscillations.solar/supernova")
    params = osc.nufit60(ordering)
    p = outcome(osc.solar_probability, energy, component, params=params,
                names=("energy", "solar component"))
    if p is not None:
        assert_stochastic(p)
    q = outcome(osc.supernova_probability, energy, params=params, names=("energy",))
    if q is not None:
        assert_stochastic(q)


@given(values=st.fixed_dictionaries({}, optional={
    "sin2_theta12": st.one_of(valid_fraction, anything), "sin2_theta13": st.one_of(st.floats(0.001, 1), anything),
    "delta_cp": st.one_of(st.floats(-10, 10), anything),
    "dm2_21": st.one_of(st.floats(1e-6, 1e-3).map(lambda x: x * eV**2), anything),
    "dm2_31": st.one_of(st.floats(1e-3, 1e-2).map(lambda x: x * eV**2), anything)}),
    energy=st.floats(1.0, 1e4).map(lambda x: x * MeV))
def test_mixing_parameters(tried, values, energy):
    tried.add("oscillations.MixingParameters")
    params = outcome(osc.MixingParameters, **values,
                     names=("sin2_theta12", "sin2_theta13", "delta_cp", "dm2_21", "dm2_31"))
    if params is None:
        return
    u = osc.pmns(params)
    assert np.allclose(u @ u.conj().T, np.eye(3), atol=1e-12)
    assert_stochastic(osc.vacuum_probability(energy, 1000 * km, params=params))


@given(energy=st.one_of(valid_energy, anything), density=st.one_of(valid_density, anything),
       ye=st.one_of(valid_fraction, anything), dm2=st.one_of(st.none(), anything),
       sin2=st.one_of(st.none(), valid_fraction, anything))
def test_matter_functions(tried, energy, density, ye, dm2, sin2):
    tried.add("oscillations.matter")
    names = ("energy", "density", "electron_fraction", "dm2", "sin2_theta", "neutron_fraction")
    theta = outcome(osc.mixing_angle_in_matter, energy, density, ye, dm2=dm2, sin2_theta=sin2, names=names)
    if theta is not None:
        assert np.all(np.isfinite(theta))
    split = outcome(osc.mass_splitting_in_matter, energy, density, ye, dm2=dm2, sin2_theta=sin2, names=names)
    if split is not None:
        assert np.all(split >= 0)
    v = outcome(osc.charged_current_potential, density, ye, names=names)
    if v is not None:
        assert np.all(np.isfinite(v)) and np.all(v >= 0)
    rho = outcome(osc.resonance_density, energy, ye, dm2=dm2, sin2_theta=sin2, names=names)
    if rho is not None:
        assert np.all(rho > 0)
    w = outcome(osc.matter_eigensystem, energy, density, ye, names=names)
    if w is not None:
        assert np.all(np.isfinite(w[0]))


@given(nadir=st.one_of(st.floats(0, math.pi), anything), sublayers=st.one_of(st.integers(-2, 8), anything),
       latitude=st.one_of(st.floats(-math.pi / 2, math.pi / 2), anything),
       bins=st.one_of(st.integers(-1, 30), st.integers(10**6, 10**12), anything),
       radius=st.one_of(finite_array(0.0, 1e5 * km), anything))
def test_earth(tried, nadir, sublayers, latitude, bins, radius):
    tried.add("oscillations.earth")
    layers = outcome(osc.earth_chord_layers, nadir, sublayers=sublayers, names=("nadir_angle", "sublayers"))
    if layers is not None:
        total = sum(layer.length for layer in layers)
        assert total == pytest.approx(2 * osc.EARTH_RADIUS * max(math.cos(nadir), 0.0), rel=1e-9, abs=1e-6)
    exposure = outcome(osc.nadir_exposure, latitude, bins=bins, samples_per_day=4, days=20,
                       names=("latitude", "bins"))
    if exposure is not None:
        assert np.all(exposure[1] >= 0) and exposure[1].sum() <= 1.0
    rho = outcome(osc.prem_density, radius, names=("radius",))
    if rho is not None:
        assert np.all(rho >= 0) and np.all(np.isfinite(rho))


@given(energy=st.floats(0.5, 20).map(lambda x: x * MeV), length=st.one_of(st.floats(1, 1e4).map(lambda x: x * km),
                                                                         anything),
       tolerance=st.one_of(st.just(1e-4), anything),
       steps=st.one_of(st.integers(-1, 64), st.integers(10**7, 10**12), anything),
       breakpoints=st.one_of(st.just(()), st.lists(st.floats(0, 1e10), max_size=2), anything))
def test_profile(tried, energy, length, tolerance, steps, breakpoints):
    tried.add("oscillations.profile")

    def profile(x):
        return 3.0 * g / cm3 + 0.0 * x, 0.5 + 0.0 * x

    p = outcome(osc.profile_probability, energy, profile, length, tolerance=tolerance, initial_steps=steps,
                breakpoints=breakpoints, method="adiabatic",
                names=("length", "tolerance", "initial_steps", "breakpoints", "max_steps", "adiabatic"))
    if p is not None:
        assert_stochastic(p)
        assert np.allclose(p, osc.constant_probability(energy, length, 3.0 * g / cm3, 0.5), atol=2e-3)


@given(params=st.one_of(st.none(), orderings, anything))
def test_params_argument(tried, params):
    tried.add("oscillations.params argument")
    p = outcome(osc.vacuum_probability, 10 * MeV, 100 * km, params=params, names=("params", "mass ordering"))
    if p is not None:
        assert_stochastic(p)
