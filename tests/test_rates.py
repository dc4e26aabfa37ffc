"""The factorised rate engine against direct integration of dσ/dT over the flux."""

import numpy as np
import pytest
from scipy.integrate import quad

import cevns
from cevns.physics.kinematics import neutrino_energy_min
from cevns.physics.form_factors import Helm
from cevns.rates import recoil_rates, recoil_spectrum
from cevns.sources.stopped_pion import StoppedPionFlux
from cevns.units import fermi, keV, m

FLUX = StoppedPionFlux(distance=19.3 * m, neutrinos_per_proton=0.08)


def direct_spectrum(T, flux, isotope, **physics):
    """dR/dT by adaptive quadrature over E of Φ(E) dσ/dT, lines added one by one."""
    total = 0.0
    e_min = float(neutrino_energy_min(T, isotope))
    for flavor in flux.flavors:
        low, high = flux.energy_range(flavor)
        if high > max(low, e_min) and flux.differential(0.5 * (low + high), flavor) > 0:
            total += quad(lambda e: float(flux.differential(e, flavor)
                                          * cevns.differential_cross_section(T, e, isotope, flavor=flavor, **physics)),
                          max(low, e_min), high, epsrel=1e-10, limit=200)[0]
        for energy, phi in zip(*flux.lines(flavor)):
            total += phi * float(cevns.differential_cross_section(T, energy, isotope, flavor=flavor, **physics))
    return total


@pytest.mark.parametrize("isotope", ["Cs133", "Ar40", "Na23"])
def test_spectrum_matches_direct_integration(isotope):
    T = np.array([0.5, 3.0, 10.0, 25.0, 60.0]) * keV
    fast = recoil_spectrum(T, FLUX, isotope, form_factor="klein-nystrand")
    direct = np.array([direct_spectrum(t, FLUX, isotope, form_factor="klein-nystrand") for t in T])
    assert np.allclose(fast, direct, rtol=1e-6, atol=1e-12 * direct.max())


def test_grid_integral_equals_flux_folded_total_cross_section():
    # ∫ dT dR/dT = Σ_flavors ∫ dE Φ(E) σ(E): the T integral on the engine's grid against total_cross_section
    rates = recoil_rates(FLUX, "Ar40")
    by_grid = rates.recoil_weights @ rates.total_spectrum()
    by_energy = 0.0
    for flavor in FLUX.flavors:
        E, w = FLUX.quadrature(flavor)
        by_energy += w @ cevns.total_cross_section(E, "Ar40", flavor=flavor)
    assert by_grid == pytest.approx(by_energy, rel=1e-6)


def test_new_radius_recomputes_only_the_form_factor():
    rates = recoil_rates(FLUX, "Cs133")
    radius = 5.5 * fermi
    model = Helm.from_rms_radius(radius)
    fast = rates.spectrum(form_factor={"proton": "helm", "neutron": model})[0].sum(0)
    T = rates.recoil_energies[::50]
    direct = np.array([direct_spectrum(t, FLUX, "Cs133", form_factor=("helm", model)) for t in T])
    assert np.allclose(fast[::50], direct, rtol=1e-6)
    # a larger neutron radius lowers the rate at high recoil energy (less coherence)
    assert rates.spectrum(form_factor=("helm", Helm.from_rms_radius(6.0 * fermi)))[0].sum(0)[-10] < fast[-10]
