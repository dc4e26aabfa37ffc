"""The rate engine with a new-physics model against direct integration over E of dσ/dT(model) times the flux.

The engine reuses its flux moments (and one more, I_d = ∫Φ M/E) and evaluates the model per recoil node; the
reference integrates cevns.differential_cross_section(model=...) over the stopped-pion spectrum by adaptive
quadrature, the 29.8 MeV line added by hand.
"""

import numpy as np
import pytest
from scipy.integrate import quad

import cevns
from cevns.errors import OutOfDomainError
from cevns.physics.interactions import NSI, MagneticMoment, ScalarMediator, SterileNeutrino, VectorMediator
from cevns.physics.kinematics import neutrino_energy_min
from cevns.rates import flux_moments, recoil_rates, recoil_spectrum
from cevns.sources.stopped_pion import StoppedPionFlux
from cevns.units import MeV, keV, m

FLUX = StoppedPionFlux(distance=19.3 * m, neutrinos_per_proton=0.08)
T_NODES = np.array([0.3, 2.0, 8.0, 20.0, 45.0]) * keV
MODELS = {
    "nsi": NSI(up={"ee": 0.2, "emu": 0.1 - 0.05j}, down={"mumu": -0.1}),
    "universal-vector": VectorMediator.universal(15 * MeV, 3e-5),
    "light-vector": VectorMediator.universal(100 * keV, 1e-7),
    "scalar": ScalarMediator.universal(8 * MeV, 2e-5),
    "magnetic-moment": MagneticMoment(e=3e-9, mu=1e-9),
}


def direct(T, isotope, flavor, model):
    """∫ Φ(E) dσ/dT(T, E; model) dE for one flavor, continuum by adaptive quadrature plus the lines."""
    e_low = float(neutrino_energy_min(T, isotope))
    low, high = FLUX.energy_range(flavor)
    total = 0.0
    if high > max(low, e_low):
        total += quad(lambda e: float(FLUX.differential(e, flavor) * cevns.differential_cross_section(
            T, e, isotope, flavor=flavor, model=model)), max(low, e_low), high, epsabs=0, epsrel=1e-10, limit=200)[0]
    for energy, phi in zip(*FLUX.lines(flavor)):
        total += phi * float(cevns.differential_cross_section(T, energy, isotope, flavor=flavor, model=model))
    return total


@pytest.mark.parametrize("name", list(MODELS))
@pytest.mark.parametrize("target", ["Ar40", "CsI"])
def test_engine_with_model_equals_direct_integration(name, target):
    model = MODELS[name]
    rates = recoil_rates(FLUX, target, recoil_energies=T_NODES)
    fast = rates.spectrum(model=model)
    for i, iso in enumerate(rates.isotopes):
        for k, flavor in enumerate(rates.flavors):
            expected = np.array([direct(t, iso, flavor, model) for t in T_NODES])
            scale = expected.max()
            assert scale > 0
            np.testing.assert_allclose(fast[i, k], expected, rtol=1e-6, atol=1e-9 * scale)


def test_inverse_energy_moment_equals_quadrature():
    iso = cevns.isotope("Cs133")
    for flavor in FLUX.flavors:
        d = flux_moments(T_NODES, iso.mass, FLUX, flavor, inverse_energy=True)[3]
        expected = []
        for t in T_NODES:
            e_low = float(neutrino_energy_min(t, iso))
            low, high = FLUX.energy_range(flavor)
            value = quad(lambda e: float(FLUX.differential(e, flavor)) * iso.mass / e, max(low, e_low), high,
                         epsabs=0, epsrel=1e-12)[0] if high > max(low, e_low) else 0.0
            value += sum(phi * iso.mass / e for e, phi in zip(*FLUX.lines(flavor)) if e >= e_low)
            expected.append(value)
        # the tables resolve each flux panel to 1e-10 of its largest value (rates.ENERGY_TOLERANCE), so a tail
        # 1e-6 of the full moment (T near the end point) is good to ~1e-10 of the full moment, not of itself
        np.testing.assert_allclose(d, expected, rtol=1e-10, atol=1e-15 * max(expected))


def test_zero_model_and_none_give_the_standard_model():
    rates = recoil_rates(FLUX, "CsI")
    sm = rates.total_spectrum()
    assert np.array_equal(rates.total_spectrum(model=None), sm)
    zero = NSI(up={"ee": 0.0}) + VectorMediator.universal(10 * MeV, 0.0) + MagneticMoment()
    np.testing.assert_allclose(rates.total_spectrum(model=zero), sm, rtol=0, atol=1e-12 * sm.max())


def test_universal_vector_lowers_and_b_minus_l_raises_the_rate():
    # the Standard Model vector charge is ≈ −N/2 (g_V^n = −1/2); at g = 1e-5, m = 10 MeV a universal Z′ shifts
    # g_V^n by +3g²/(√2 G_F m²) ≈ +0.18 and B−L by −g²/(√2 G_F m²) ≈ −0.06 (Barranco et al., JHEP 12 (2005) 021)
    rates = recoil_rates(FLUX, "CsI")
    total = rates.recoil_weights @ rates.total_spectrum()
    weights = rates.recoil_weights
    assert weights @ rates.total_spectrum(model=VectorMediator.universal(10 * MeV, 1e-5)) < total
    assert weights @ rates.total_spectrum(model=VectorMediator.b_minus_l(10 * MeV, 1e-5)) > total


def test_recoil_spectrum_takes_a_model_and_rejects_zero_recoil_with_a_magnetic_moment():
    model = MODELS["scalar"]
    rates = recoil_rates(FLUX, "Ar40", recoil_energies=T_NODES)
    np.testing.assert_allclose(recoil_spectrum(T_NODES, FLUX, "Ar40", model=model),
                               rates.total_spectrum(model=model), rtol=1e-14)
    with pytest.raises(OutOfDomainError, match="recoil_energies must be > 0"):
        recoil_rates(FLUX, "Ar40", recoil_energies=[0.0, 1 * keV]).spectrum(model=MODELS["magnetic-moment"])


def test_sterile_state_enters_through_the_oscillated_flux():
    # P_μμ = 1 − sin²2θ_μμ ⟨sin²⟩ scales the prompt ν_μ line; with |U_μ4|² only, nothing appears in e or τ
    sterile = SterileNeutrino(dm2_41=1.0 * cevns.units.eV**2, umu4_sq=0.05, baseline=19.3 * m)
    oscillated = FLUX.oscillated(sterile.transition_probability)
    line_energy = FLUX.lines("nu_mu")[0][0]
    survival = 1.0 - 4 * 0.05 * 0.95 * float(sterile.oscillation_weight(line_energy))
    before = recoil_rates(FLUX, "Ar40", recoil_energies=[1 * keV]).spectrum()[0, FLUX.flavors.index("nu_mu"), 0]
    rates = recoil_rates(oscillated, "Ar40", recoil_energies=[1 * keV])
    after = rates.spectrum()[0, rates.flavors.index("nu_mu"), 0]
    assert after == pytest.approx(survival * before, rel=1e-12, abs=0)  # abs=0: pytest's default 1e-12 dwarfs a rate


@pytest.mark.parametrize("model", [VectorMediator.universal(1 * MeV, 1e-6), VectorMediator.universal(30 * MeV, 3e-5),
                                   ScalarMediator.universal(3 * MeV, 1e-5), MagneticMoment(mu=1e-9)],
                         ids=["Z'-1MeV", "Z'-30MeV", "scalar-3MeV", "magnetic-moment"])
def test_default_recoil_grid_resolves_the_model_terms(model):
    # light mediators steepen dR/dT where 2MT ~ m², a magnetic moment adds 1/T: the default grid's total rate
    # agrees with a grid of four times the panels and twice the nodes (from 1 keV: the 1/T term diverges at 0)
    coarse = recoil_rates(FLUX, "CsI", recoil_min=1 * keV)
    fine = recoil_rates(FLUX, "CsI", recoil_min=1 * keV, panels=64, nodes=16)
    total = coarse.recoil_weights @ coarse.total_spectrum(model=model)
    assert total == pytest.approx(fine.recoil_weights @ fine.total_spectrum(model=model), rel=1e-9, abs=0)
