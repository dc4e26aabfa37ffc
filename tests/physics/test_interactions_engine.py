"""The engine route: a model's G_V(T), X(T) and extra terms times flux moments equal ∫Φ dσ/dT dE.

This is how the rate engine is to use the models: the flux moments I_flat, I_falling, I_recoil (the engine's
I_a, I_b, I_c) and one more, I_inverse_energy = ∫Φ M/E, are computed once; a model then costs array operations
per recoil node. The reference is an independent adaptive integral over E of the model's dσ/dT.
"""

import numpy as np
import pytest
from scipy.integrate import quad

import cevns
from cevns import constants
from cevns.physics.form_factors import nucleon_form_factors
from cevns.physics.interactions import (
    NSI,
    MagneticMoment,
    Millicharge,
    ScalarMediator,
    VectorMediator,
    differential_cross_section_with,
)
from cevns.physics.couplings import get_couplings
from cevns.rates import flux_moments
from cevns.sources import StoppedPionFlux
from cevns.units import MeV, keV, m

FLUX = StoppedPionFlux(distance=20 * m, neutrinos_per_proton=0.08)
ISOTOPE = cevns.isotope("Ar40")  # J = 0: no axial part
T_NODES = np.array([1.0, 5.0, 20.0, 40.0]) * keV  # below T_max of the 29.8 MeV line (47.6 keV)

MODELS = [
    NSI(up={"ee": 0.2, "emu": 0.1 - 0.05j}, down={"mumu": -0.1}),
    VectorMediator.universal(15 * MeV, 3e-5) + Millicharge(e=1e-8),
    ScalarMediator.universal(8 * MeV, 2e-5),
    MagneticMoment(e=3e-9, mu=1e-9),
]


def reference(model, T, flavor):
    """∫ Φ(E) dσ/dT(T, E) dE over the continuum, plus the lines, by adaptive quadrature."""
    e_min = 0.5 * (T + np.sqrt(T * T + 2 * ISOTOPE.mass * T))
    e_max = FLUX.energy_range(flavor)[1]

    def integrand(E):
        return FLUX.differential(np.array([E]), flavor)[0] * differential_cross_section_with(
            model, T, E, ISOTOPE, flavor=flavor)

    total = quad(integrand, e_min, e_max, epsabs=0, epsrel=1e-11, limit=200)[0] if e_max > e_min else 0.0
    for E_l, phi in zip(*FLUX.lines(flavor)):
        if E_l >= e_min:
            total += phi * differential_cross_section_with(model, T, E_l, ISOTOPE, flavor=flavor)
    return total


def inverse_energy_moment(T, flavor):
    """∫ Φ M/E dE (continuum and lines), the one extra moment the magnetic moment needs."""
    e_min = 0.5 * (T + np.sqrt(T * T + 2 * ISOTOPE.mass * T))
    e_max = FLUX.energy_range(flavor)[1]
    value = quad(lambda E: FLUX.differential(np.array([E]), flavor)[0] * ISOTOPE.mass / E, e_min, e_max,
                 epsabs=0, epsrel=1e-11, limit=200)[0] if e_max > e_min else 0.0
    for E_l, phi in zip(*FLUX.lines(flavor)):
        if E_l >= e_min:
            value += phi * ISOTOPE.mass / E_l
    return value


@pytest.mark.parametrize("model", MODELS, ids=lambda mdl: type(mdl).__name__)
@pytest.mark.parametrize("flavor", FLUX.flavors)
def test_flux_moments_times_model_terms_equal_the_energy_integral(model, flavor):
    c = get_couplings("tree")
    fp_model, fn_model = nucleon_form_factors("helm", ISOTOPE)
    q = np.sqrt(T_NODES * (2 * ISOTOPE.mass + T_NODES))
    ff = (fp_model(q), fn_model(q))
    sm = (ISOTOPE.Z * c.vector_proton(flavor), ISOTOPE.N * c.vector_neutron(flavor))
    flat, falling, recoil = flux_moments(T_NODES, ISOTOPE.mass, FLUX, flavor)
    moments = {"flat": flat, "falling": falling, "recoil": recoil,
               "inverse_energy": np.array([inverse_energy_moment(t, flavor) for t in T_NODES])}
    # what the engine computes: G_F² M/(2π) [(G_V² + X)(I_a + I_b − I_c)] for J = 0, plus Σ c_k I_k
    GV, X = model.vector_charge(T_NODES, ISOTOPE, flavor, sm, ff)
    prefactor = 0.5 * constants.fermi_coupling**2 * ISOTOPE.mass / np.pi * constants.hbarc_squared
    engine = prefactor * (GV * GV + X) * (flat + falling - recoil)
    for key, coefficient in model.extra_terms(T_NODES, ISOTOPE, flavor, ff).items():
        engine = engine + coefficient * moments[key]
    expected = np.array([reference(model, t, flavor) for t in T_NODES])
    assert np.all(expected > 0)
    # the stopped-pion spectra are polynomials on the flux panels, so the engine's Gauss–Legendre moments are exact
    np.testing.assert_allclose(engine, expected, rtol=1e-12)
