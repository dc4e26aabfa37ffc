"""Shipped Garching models, the moments → pinch relation, and the snewpy adapter against the native engine."""

import warnings

import numpy as np
import pytest

from cevns.errors import OutOfDomainError, UnknownNameError
from cevns.flavors import FLAVORS
from cevns.sources.supernova import GARCHING_MODELS, SupernovaFlux, garching_model, pinch_from_moments, \
    pinched_spectrum
from cevns.supernova import supernova_signal
from cevns.units import MeV, erg, kpc, s


@pytest.mark.parametrize("alpha", [0.5, 2.0, 3.7])
def test_pinch_from_moments_inverts_the_spectrum_moments(alpha):
    # ⟨E²⟩ of the pinched spectrum, computed here by quadrature, gives back α
    e = np.linspace(0, 200, 400001) * MeV
    f = pinched_spectrum(e, 12 * MeV, alpha)
    second = np.trapezoid(e**2 * f, e)
    assert pinch_from_moments(12 * MeV, second) == pytest.approx(alpha, rel=1e-6)


def test_pinch_from_moments_rejects_impossible_moments():
    with pytest.raises(OutOfDomainError, match="mean_square_energy"):
        pinch_from_moments(10 * MeV, 90 * MeV**2)  # ⟨E²⟩ < ⟨E⟩²


def test_garching_models_load_with_all_flavors(s27, s11):
    assert set(GARCHING_MODELS) == {"garching-ls220-s27", "garching-ls220-s11.2"}
    for model in (s27, s11):
        assert model.flavors == FLAVORS
        assert np.all(np.diff(model.times) > 0)
        # total radiated energy of a core collapse: a few 10⁵³ erg, more for the heavier progenitor
        total = sum(model.emitted_energy(f) for f in FLAVORS) / erg
        assert 1e53 < total < 5e53
    assert sum(s27.emitted_energy(f) for f in FLAVORS) > sum(s11.emitted_energy(f) for f in FLAVORS)
    # s27 first bounce row, nu_e file: L = 0 at t = -0.349 s (the file's first row)
    assert s27.times[0] / s == pytest.approx(-0.349455361517)
    assert s27.luminosities["nu_e"][0] == 0.0
    with pytest.raises(UnknownNameError, match="garching-ls220-s27"):
        garching_model("garching-ls220-s72")


def test_distance_is_a_parameter(s27):
    far = s27.at_distance(20 * kpc)
    e = np.array([5.0, 15.0]) * MeV
    assert np.allclose(far.differential(e, "nu_e"), s27.differential(e, "nu_e") / 4)


def _pinched_snewpy_model(times_s, params):
    """An analytic snewpy model (constant L, ⟨E⟩, α per flavor) built in memory: nothing is downloaded."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # snewpy 1.6 imports importlib.resources.open_text
        import astropy.units as u
        from astropy.table import Table
        from snewpy.models.base import PinchedModel
    table = Table()
    table["TIME"] = times_s * u.s
    for key, (lum, mean, alpha) in params.items():
        table[f"L_{key}"] = np.full(times_s.size, lum) * u.erg / u.s
        table[f"E_{key}"] = np.full(times_s.size, mean) * u.MeV
        table[f"ALPHA_{key}"] = np.full(times_s.size, alpha)
    return PinchedModel(table, {})


def test_snewpy_adapter_matches_native_model():
    pytest.importorskip("snewpy")
    params = {"NU_E": (5e52, 10.0, 3.0), "NU_E_BAR": (4e52, 13.0, 2.5), "NU_X": (3e52, 15.0, 2.0),
              "NU_X_BAR": (3e52, 15.0, 2.0)}
    times = np.linspace(0.0, 2.0, 11)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from cevns.sources import from_snewpy

        model = _pinched_snewpy_model(times, params)
        adapted = from_snewpy(model, 10 * kpc, energies=np.linspace(0.0, 150.0, 601) * MeV)
    keys = {"nu_e": "NU_E", "nubar_e": "NU_E_BAR", "nu_mu": "NU_X", "nu_tau": "NU_X", "nubar_mu": "NU_X_BAR",
            "nubar_tau": "NU_X_BAR"}
    native = SupernovaFlux(distance=10 * kpc, times=times * s,
                           luminosities={f: params[k][0] * erg / s for f, k in keys.items()},
                           mean_energies={f: params[k][1] * MeV for f, k in keys.items()},
                           pinches={f: params[k][2] for f, k in keys.items()})
    a = supernova_signal(adapted, "xenon1t").predict(10 * kpc, "normal").total()
    b = supernova_signal(native, "xenon1t").predict(10 * kpc, "normal").total()
    for key in b:  # the adapter's table is linear in energy between 0.25 MeV nodes
        assert a[key] == pytest.approx(b[key], rel=2e-3)
