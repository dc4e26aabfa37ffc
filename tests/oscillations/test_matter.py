"""Matter potentials, mixing in matter, the MSW resonance."""

import math

import numpy as np
import pytest

from cevns.errors import OutOfDomainError
from cevns.oscillations import (charged_current_potential, hamiltonian, mass_splitting_in_matter,
                                matter_eigensystem, mixing_angle_in_matter, neutral_current_potential, nufit60,
                                resonance_density)
from cevns.units import GeV, MeV, cm3, eV, g


def test_cc_potential_value():
    # V_CC = 7.63e-14 eV · Y_e · ρ/(g cm⁻³)  (e.g. PDG review "Neutrino mixing", eq. for A = 2√2 G_F N_e E)
    v = charged_current_potential(1.0 * g / cm3, 1.0)
    assert v / eV == pytest.approx(7.63e-14, rel=1e-3)
    # linear in ρ and Y_e
    assert charged_current_potential(3.0 * g / cm3, 0.5) == pytest.approx(1.5 * v)


def test_antineutrino_sign_flip():
    v = charged_current_potential(2.0 * g / cm3, 0.5)
    assert charged_current_potential(2.0 * g / cm3, 0.5, antineutrino=True) == pytest.approx(-v)
    n = neutral_current_potential(2.0 * g / cm3, 0.5)
    assert neutral_current_potential(2.0 * g / cm3, 0.5, antineutrino=True) == pytest.approx(-n)


def test_nc_potential_is_minus_half_cc_per_particle():
    # V_NC/V_CC = (−G_F n_n/√2)/(√2 G_F n_e) = −n_n/(2 n_e)
    rho = 5.0 * g / cm3
    assert neutral_current_potential(rho, 0.5) / charged_current_potential(rho, 0.5) == pytest.approx(-0.5)


def test_nc_potential_is_common_phase_for_active_flavors():
    h = hamiltonian(10 * MeV, 3.0 * g / cm3, 0.5, 0.5)
    h0 = hamiltonian(10 * MeV, 3.0 * g / cm3, 0.5, 0.0)
    diff = h - h0
    assert np.allclose(diff, diff[0, 0] * np.eye(3), atol=1e-30)
    assert diff[0, 0].real < 0


def test_hamiltonian_is_hermitian_and_vacuum_eigenvalues():
    p = nufit60()
    e = np.array([1.0, 10.0]) * MeV
    h = hamiltonian(e, 0.0, params=p)
    assert np.allclose(h, np.conj(np.swapaxes(h, -1, -2)))
    lam, _ = np.linalg.eigh(h)
    expected = np.sort(np.array([0.0, p.dm2_21, p.dm2_31])) / (2 * e[:, None])
    assert np.allclose(lam, expected, rtol=1e-10, atol=1e-30)


def test_two_flavor_angle_agrees_with_diagonalization():
    # two-flavor (θ13 = θ23 = 0) limit of the three-flavor Hamiltonian: the e–μ block is the 2×2 MSW problem
    p = nufit60(sin2_theta13=0.0, sin2_theta23=0.0)
    e = np.geomspace(0.5, 20, 7) * MeV
    rho = 80 * g / cm3
    lam, w = matter_eigensystem(e, rho, 0.7, params=p)
    theta_m = mixing_angle_in_matter(e, rho, 0.7, params=p)
    # the two states with ν_e content: |U_e2,m|² = sin²θ_m
    active = np.abs(w[:, 0, :]) ** 2
    top2 = np.sort(active, axis=1)[:, 1:]
    assert np.allclose(np.sort(np.stack([np.cos(theta_m) ** 2, np.sin(theta_m) ** 2], 1), axis=1), top2, atol=1e-10)
    split = mass_splitting_in_matter(e, rho, 0.7, params=p)
    gaps = np.diff(lam, axis=1)
    # the e–μ splitting (in units 1/2E) is one of the eigenvalue gaps
    assert np.all(np.min(np.abs(gaps - split[:, None] / (2 * e[:, None])), axis=1) < 1e-12 * split / e)


def test_resonance_condition():
    p = nufit60()
    e = 8 * MeV
    rho_res = resonance_density(e, 0.5, params=p)
    # at resonance: θ_m = π/4 and Δm²_m = Δm² sin 2θ (minimum)
    assert mixing_angle_in_matter(e, rho_res, 0.5, params=p) == pytest.approx(math.pi / 4, abs=1e-12)
    sin2theta = 2 * math.sqrt(p.sin2_theta12 * (1 - p.sin2_theta12))
    assert mass_splitting_in_matter(e, rho_res, 0.5, params=p) == pytest.approx(p.dm2_21 * sin2theta)
    scan = np.linspace(0.5, 1.5, 101) * rho_res
    assert np.argmin(mass_splitting_in_matter(e, scan, 0.5, params=p)) == 50
    # the condition 2E √2 G_F n_e = Δm² cos 2θ
    a = 2 * e * charged_current_potential(rho_res, 0.5)
    assert a == pytest.approx(p.dm2_21 * (1 - 2 * p.sin2_theta12))
    # no resonance for antineutrinos with Δm² cos 2θ > 0: θ_m decreases from θ towards 0 with density
    anti = mixing_angle_in_matter(e, np.array([0.0, 1.0, 1e3]) * rho_res, 0.5, params=p, antineutrino=True)
    assert anti[0] == pytest.approx(math.asin(math.sqrt(p.sin2_theta12)))
    assert anti[0] > anti[1] > anti[2] and anti[2] < 2e-3


def test_atmospheric_resonance_depends_on_ordering():
    e = 10 * GeV
    no = resonance_density(e, 0.5, dm2=nufit60("normal").dm2_31, sin2_theta=0.02195)
    io = resonance_density(e, 0.5, dm2=nufit60("inverted").dm2_31, sin2_theta=0.02224)
    assert 1 * g / cm3 < no < 10 * g / cm3  # ~3 g/cm³ at 10 GeV: inside the Earth's mantle
    assert np.isinf(io)


@pytest.mark.parametrize("kwargs, match", [
    (dict(density=-1.0, electron_fraction=0.5), "density"),
    (dict(density=1.0, electron_fraction=1.2), "electron_fraction"),
    (dict(density=1.0, electron_fraction=-0.1), "electron_fraction"),
    (dict(density=float("nan"), electron_fraction=0.5), "density"),
])
def test_bad_matter_inputs(kwargs, match):
    with pytest.raises(OutOfDomainError, match=match):
        charged_current_potential(**kwargs)


def test_bad_energy():
    with pytest.raises(OutOfDomainError, match="energy"):
        hamiltonian(-1 * MeV)
