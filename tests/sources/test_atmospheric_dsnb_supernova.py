"""Atmospheric, DSNB and supernova fluxes."""

import math
import sys

import numpy as np
import pytest
from hepunits.constants import c_light
from scipy.integrate import quad
from scipy.special import zeta

from cevns.errors import InvalidSpecError, OptionalDependencyError, OutOfDomainError
from cevns.flavors import FLAVORS
from cevns.sources import DSNBFlux, SupernovaFlux, SupernovaTableFlux, from_snewpy, get, pinched_spectrum
from cevns.sources import dsnb as dsnb_module
from cevns.sources.dsnb import core_collapse_rate, fermi_dirac_spectrum
from cevns.units import MeV, cm2, erg, kpc, s


def test_atmospheric_total_is_published(ref):
    f = get("atmospheric-fluka-2005")
    total = sum(f.total(fl) for fl in f.flavors) * cm2 * s
    r = ref["atmospheric"]
    assert total == pytest.approx(r["total"], rel=r["tolerance"])
    assert "nu_tau" not in f.flavors
    low, high = f.energy_range("nu_mu")
    # the linear table integrates exactly with the quadrature; check against an independent integrator, run
    # piecewise between the table nodes (across a kink adaptive quadrature is off by 0.6 %)
    nodes = f.panel_edges("nu_mu")
    independent = sum(quad(lambda e: f.differential(e, "nu_mu"), a, b)[0] for a, b in zip(nodes[:-1], nodes[1:]))
    assert independent == pytest.approx(f.total("nu_mu"), rel=1e-9)


def test_fermi_dirac_moments():
    # ∫ E dN/dE = E_tot and <E> = 7 π^4 T / (180 ζ(3)) ≈ 3.15 T (ratio of the Fermi integrals F_3/F_2)
    t, etot = 5 * MeV, 1.0
    n = quad(lambda e: fermi_dirac_spectrum(e, t, etot), 0, 40 * t)[0]
    en = quad(lambda e: e * fermi_dirac_spectrum(e, t, etot), 0, 40 * t)[0]
    assert en == pytest.approx(etot, rel=1e-10)
    assert en / n == pytest.approx(7 * math.pi**4 * t / (180 * zeta(3)), rel=1e-10)


def test_dsnb_total_by_the_other_integration_order():
    # Φ_tot = (c/H0) N_tot ∫ R(z) / ((1+z) h(z)) dz, since ∫ dE f(E(1+z)) = N_tot/(1+z): an independent 1-d integral
    f = DSNBFlux()
    temperature = f.temperatures["nubar_e"]
    n_tot = f.energy_per_flavor * 180 * zeta(3) / (7 * math.pi**4 * temperature)  # E_tot / <E>
    h = lambda z: math.sqrt(dsnb_module.OMEGA_MATTER * (1 + z) ** 3 + dsnb_module.OMEGA_LAMBDA)
    # the star-formation history bends at z = 1 and z = 4 (Yüksel et al. 2008); without those points adaptive
    # quadrature is off by 6e-5
    integral = quad(lambda z: core_collapse_rate(z) / ((1 + z) * h(z)), 0, dsnb_module.Z_MAX, points=[1.0, 4.0],
                    epsrel=1e-12)[0]
    expected = c_light / dsnb_module.HUBBLE_CONSTANT * n_tot * integral
    # the table stops at 100 MeV, where the 5 MeV spectrum has left < 1e-6 of its flux
    assert f.total("nubar_e") == pytest.approx(expected, rel=1e-7)


def test_dsnb_total_is_published(ref):
    f = get("dsnb")
    total = sum(f.total(fl) for fl in FLAVORS) * cm2 * s
    r = ref["dsnb"]
    assert total == pytest.approx(r["total"], rel=r["tolerance"])
    assert core_collapse_rate(0.0) * (dsnb_module.year * dsnb_module.Mpc**3) == pytest.approx(1.25e-4)


@pytest.mark.parametrize("alpha", [2.0, 2.3, 3.0, 5.0])
def test_pinched_spectrum_moments(alpha):
    # ∫ f = 1, <E> = mean, <E²> = mean² (α+2)/(α+1) (Keil, Raffelt & Janka 2003, derived from Γ functions)
    mean = 12 * MeV
    m0 = quad(lambda e: pinched_spectrum(e, mean, alpha), 0, 20 * mean)[0]
    m1 = quad(lambda e: e * pinched_spectrum(e, mean, alpha), 0, 20 * mean)[0]
    m2 = quad(lambda e: e * e * pinched_spectrum(e, mean, alpha), 0, 20 * mean)[0]
    assert m0 == pytest.approx(1.0, rel=1e-10)
    assert m1 == pytest.approx(mean, rel=1e-10)
    assert m2 == pytest.approx(mean**2 * (alpha + 2) / (alpha + 1), rel=1e-10)


def test_supernova_fluence_closed_form():
    # constant <E>: fluence = E_emitted / (<E> 4π d²)
    f = get("supernova-illustrative-10kpc")
    assert "fluence" in f.normalization and f.is_pulsed
    for flavor in f.flavors:
        expected = f.emitted_energy(flavor) / (f.mean_energies[flavor][0] * 4 * math.pi * (10 * kpc) ** 2)
        assert f.total(flavor) == pytest.approx(expected, rel=1e-6)
        assert f.mean_energy(flavor) == pytest.approx(f.mean_energies[flavor][0], rel=1e-6)
    assert sum(f.emitted_energy(fl) for fl in FLAVORS) == pytest.approx(3e53 * erg, rel=1e-10)
    t = np.linspace(-1.0, 21.0, 200001) * s
    assert np.trapezoid(f.time_pdf(t, "nu_e"), t) == pytest.approx(1.0, rel=1e-6)


def test_supernova_time_resolved_integrates_to_fluence():
    f = get("supernova-illustrative-10kpc")
    t = f.times
    e = 12 * MeV
    rate = f.differential_at(t, np.full(t.shape, e), "nubar_e")
    assert np.trapezoid(rate, t) == pytest.approx(f.differential(e, "nubar_e"), rel=1e-10)
    assert f.differential_at(np.array([-1.0, 1e3]) * s, e, "nubar_e").tolist() == [0.0, 0.0]


def test_table_flux_reproduces_the_model():
    model = get("supernova-illustrative-10kpc")
    energies = np.linspace(0.0, 150.0, 1501) * MeV
    spectra = {fl: model._rate_grid(energies, fl).T for fl in ("nu_e", "nubar_e")}
    table = SupernovaTableFlux(distance=10 * kpc, times=model.times, energies=energies, spectra=spectra)
    assert table.flavors == ("nu_e", "nubar_e")
    for flavor in table.flavors:
        assert table.total(flavor) == pytest.approx(model.total(flavor), rel=1e-4)
        assert table.mean_energy(flavor) == pytest.approx(model.mean_energy(flavor), rel=1e-4)


def test_supernova_bad_input():
    times = np.linspace(0, 1, 5) * s
    with pytest.raises(OutOfDomainError, match="distance"):
        SupernovaFlux(distance=-1 * kpc, times=times, luminosities={}, mean_energies={}, pinches={})
    with pytest.raises(InvalidSpecError, match="times"):
        SupernovaFlux(distance=1 * kpc, times=times[::-1], luminosities={}, mean_energies={}, pinches={})
    with pytest.raises(OutOfDomainError, match="pinch"):
        SupernovaFlux(distance=1 * kpc, times=times, luminosities={"nu_e": 1.0},
                      mean_energies={"nu_e": 10 * MeV}, pinches={"nu_e": -2.0})


def test_snewpy_adapter_without_snewpy(monkeypatch):
    monkeypatch.setitem(sys.modules, "snewpy", None)
    with pytest.raises(OptionalDependencyError, match="snewpy"):
        from_snewpy(object(), 10 * kpc)
