"""Stopped-pion fluxes against their closed forms, and the time structure."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from cevns import constants
from cevns.errors import OutOfDomainError
from cevns.sources import ProtonPulse, StoppedPionFlux, get
from cevns.sources.stopped_pion import michel_nu_e, michel_nubar_mu, prompt_energy
from cevns.sources.timing import decay_chain_convolved, exponential_convolved
from cevns.units import GeV, MeV, MW, cm2, m, ns, s, us



def mmu():
    return constants.muon_mass


def test_prompt_line_energy(ref):
    # (m_pi^2 - m_mu^2) / (2 m_pi) = 29.79 MeV (PHYSICS.md, PDG masses)
    r = ref["stopped_pion"]
    assert prompt_energy() / MeV == pytest.approx(r["prompt_line_MeV"], abs=r["prompt_tolerance_MeV"])


@pytest.mark.parametrize("spectrum, mean_fraction", [(michel_nu_e, 0.3), (michel_nubar_mu, 0.35)])
def test_michel_spectra_closed_forms(spectrum, mean_fraction):
    # normalization: 192 ∫_0^1/2 x²(1/2 - x) dx = 1 and 64 ∫ x²(3/4 - x) dx = 1;
    # means: 192 ∫ x³(1/2 - x) = 3/10, 64 ∫ x³(3/4 - x) = 7/20 (in units of m_mu), derived by hand
    m_mu = mmu()
    norm = quad(lambda e: spectrum(e), 0, m_mu / 2)[0]
    mean = quad(lambda e: e * spectrum(e), 0, m_mu / 2)[0]
    assert norm == pytest.approx(1.0, rel=1e-12)
    assert mean / m_mu == pytest.approx(mean_fraction, rel=1e-12)
    # end point: the nu_e spectrum vanishes at E = m_mu/2, the nubar_mu one does not (64/m (1/4)(1/4) = 4/m)
    assert spectrum(np.array([0.6 * m_mu]))[0] == 0.0


def test_flux_normalization_closed_form():
    f = StoppedPionFlux.from_beam(beam_power=1.4 * MW, proton_energy=1 * GeV, distance=19.3 * m,
                                  neutrinos_per_proton=0.08)
    expected = 0.08 * (1.4 * MW / (1 * GeV)) / (4 * math.pi * (19.3 * m) ** 2)
    for flavor in ("nu_e", "nu_mu", "nubar_mu"):
        assert f.total(flavor) == pytest.approx(expected, rel=1e-10)
    # continuous parts against an independent integrator
    for flavor in ("nu_e", "nubar_mu"):
        assert quad(lambda e: f.differential(e, flavor), 0, mmu() / 2)[0] == pytest.approx(expected, rel=1e-8)
    assert f.mean_energy("nu_e") == pytest.approx(0.3 * mmu(), rel=1e-10)
    assert f.mean_energy("nubar_mu") == pytest.approx(0.35 * mmu(), rel=1e-10)


def test_sns_flux_matches_coherent(ref):
    # COHERENT (Science 2017): 4.3e7 neutrinos cm^-2 s^-1 (all flavors) at 20 m
    f = get("sns-coherent", distance=20 * m)
    total = sum(f.total(fl) for fl in f.flavors) * cm2 * s
    assert total == pytest.approx(ref["stopped_pion"]["sns_total_flux_20m"], rel=ref["stopped_pion"]["sns_total_tolerance"])


def test_line_stays_a_line():
    f = get("sns-coherent")
    e, i = f.lines("nu_mu")
    assert e.shape == (1,) and i[0] == pytest.approx(f.flux_per_flavor)
    # the continuous part of nu_mu is zero everywhere, including at the line energy
    assert np.all(f.differential(np.array([e[0], 10 * MeV, 40 * MeV]), "nu_mu") == 0)
    assert f.lines("nu_e")[0].size == 0


def test_per_pot_normalization():
    per_pot = get("sns-coherent-per-pot")
    assert "proton" in per_pot.normalization
    assert per_pot.total("nu_e") == pytest.approx(0.08 / (4 * math.pi * (19.3 * m) ** 2))


@pytest.mark.parametrize("pulse", [
    None,
    ProtonPulse(shape="gaussian", width=380 * ns),
    ProtonPulse(shape="gaussian", width=100 * ns, bunches=2, bunch_spacing=540 * ns),
    ProtonPulse(shape="rectangular", width=2.86e6 * ns),
])
def test_time_profiles_integrate_to_one(pulse):
    f = StoppedPionFlux(distance=20 * m, neutrinos_per_proton=0.1, pulse=pulse)
    tail = 60 * constants.muon_lifetime + (pulse.width * pulse.bunches if pulse else 0)
    for flavor in f.flavors:
        pieces = [(-5 * us, 0), (0, 5 * us), (5 * us, tail)]
        total = sum(quad(lambda t: f.time_pdf(t, flavor), a, b, limit=400, points=None)[0] for a, b in pieces)
        assert total == pytest.approx(1.0, abs=2e-6)
        assert np.all(f.time_pdf(np.linspace(-1e4, 1e5, 1001), flavor) >= 0)


def test_zero_width_limit_is_pure_decay():
    # an instantaneous spill gives e^{-t/tau}/tau for nu_mu and the Bateman chain for the delayed flavors
    t = np.array([10.0, 100.0, 1000.0, 5000.0]) * ns
    tpi, tmu = constants.charged_pion_lifetime, constants.muon_lifetime
    assert np.allclose(exponential_convolved(t, tpi), np.exp(-t / tpi) / tpi, rtol=1e-12)
    bateman = (np.exp(-t / tmu) - np.exp(-t / tpi)) / (tmu - tpi)
    assert np.allclose(decay_chain_convolved(t, tpi, tmu), bateman, rtol=1e-12)
    # a narrow Gaussian pulse approaches it (far from the pulse)
    narrow = ProtonPulse(width=0.5 * ns)
    assert np.allclose(exponential_convolved(t, tpi, narrow), np.exp(-t / tpi) / tpi, rtol=2e-3)


def test_gaussian_convolution_against_numerical():
    pulse = ProtonPulse(width=380 * ns)
    tau = constants.muon_lifetime
    for t in (-500 * ns, 0.0, 300 * ns, 3 * us, 30 * us):
        numeric = quad(lambda u: pulse.pdf(u) * (np.exp(-(t - u) / tau) / tau if t > u else 0.0),
                       -3000 * ns, min(t, 3000 * ns), limit=200)[0]
        assert exponential_convolved(t, tau, pulse) == pytest.approx(numeric, rel=1e-7, abs=1e-15)
    # far tail: finite and non-negative (no overflow in the closed form)
    far = exponential_convolved(np.array([1e6, 1e7]) * ns, tau, pulse)
    assert np.all(np.isfinite(far)) and np.all(far >= 0)


def test_prompt_and_delayed_separate_in_time():
    # after 1 us an instantaneous-spill prompt fraction is e^{-1000/26} ~ 0, delayed fraction ~ e^{-1/2.197} (derived)
    f = StoppedPionFlux(distance=20 * m, neutrinos_per_proton=0.1, pulse=None)
    late = lambda fl: quad(lambda t: f.time_pdf(t, fl), 1 * us, 60 * us, limit=200)[0]
    tpi, tmu = constants.charged_pion_lifetime, constants.muon_lifetime
    expected_delayed = (tmu * np.exp(-1 * us / tmu) - tpi * np.exp(-1 * us / tpi)) / (tmu - tpi)
    assert late("nu_mu") < 1e-15
    assert late("nu_e") == pytest.approx(expected_delayed, rel=1e-5)
    prompt, delayed = f.component("prompt"), f.component("delayed")
    assert prompt.flavors == ("nu_mu",) and delayed.flavors == ("nu_e", "nubar_mu")


@pytest.mark.parametrize("kwargs", [
    {"distance": -19.3 * m, "neutrinos_per_proton": 0.08},
    {"distance": 0.0, "neutrinos_per_proton": 0.08},
    {"distance": 19.3 * m, "neutrinos_per_proton": -0.1},
    {"distance": float("nan"), "neutrinos_per_proton": 0.08},
])
def test_bad_input(kwargs):
    with pytest.raises(OutOfDomainError, match="distance|neutrinos_per_proton"):
        StoppedPionFlux(**kwargs)


def test_bad_pulse():
    with pytest.raises(OutOfDomainError, match="width"):
        ProtonPulse(width=-1 * ns)
    with pytest.raises(OutOfDomainError, match="bunch_spacing"):
        ProtonPulse(width=100 * ns, bunches=2)
