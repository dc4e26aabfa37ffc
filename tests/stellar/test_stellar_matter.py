"""Number-density bookkeeping, density parsing and plasma parameters."""

import numpy as np
import pytest

from cevns import constants
from cevns.errors import InvalidSpecError, OutOfDomainError, UnknownNameError
from cevns.stellar import GRAM_PER_CM3, composition, parse_density
from cevns.stellar.matter import (debye_wave_number, electron_density, electron_screening_wave_number,
                                  ion_sphere_radius, number_density, plasma_coupling)
from cevns.units import MeV, cm, fermi

M_U_GRAM = 1.66053906660e-24  # atomic mass unit in grams, CODATA 2018
PER_CM3 = 1.0 / cm**3


def test_number_density_of_iron():
    rho = 1e12 * GRAM_PER_CM3
    n = number_density(rho, 1.0, 56) / PER_CM3
    assert n == pytest.approx(1e12 / (56 * M_U_GRAM), rel=1e-9)


def test_mixture_bookkeeping_mass_and_charge():
    mix = composition("Fe56:0.5,He4:0.2,n:0.2,p:0.1")
    assert mix.charge_fraction == pytest.approx(0.5 * 26 / 56 + 0.2 * 2 / 4 + 0.1)
    rho = 3e11 * GRAM_PER_CM3
    n = [number_density(rho, x, s.A) for s, x in zip(mix.species, mix.mass_fractions)]
    # Σ n_i A_i m_u = ρ (baryon mass), Σ n_i Z_i = n_e = ρ Y_e/m_u with Y_e from charge neutrality
    assert sum(ni * s.A for ni, s in zip(n, mix.species)) / PER_CM3 == pytest.approx(3e11 / M_U_GRAM, rel=1e-9)
    assert sum(ni * s.Z for ni, s in zip(n, mix.species)) == pytest.approx(
        float(electron_density(rho, mix.charge_fraction)), rel=1e-12)


@pytest.mark.parametrize("text", ["1e12 g/cm3", "1e12g/cm3", "1e15 kg/m3", "1e12", 1e12])
def test_density_units(text):
    assert parse_density(text) == pytest.approx(1e12 * GRAM_PER_CM3, rel=1e-12)


@pytest.mark.parametrize("text, message", [("1e12 MeV/cm3", "mass"), ("1e12 g/cm2", "length cubed"),
                                           ("-1 g/cm3", "density"), ("abc", "density"),
                                           ("1e12 g", "mass density")])
def test_bad_density(text, message):
    with pytest.raises(OutOfDomainError, match=message):
        parse_density(text)


def test_bad_compositions():
    with pytest.raises(InvalidSpecError, match="sum to 1"):
        composition("Fe56:0.5,n:0.2")
    with pytest.raises(InvalidSpecError, match="needs a mass fraction"):
        composition("Fe56,n")
    with pytest.raises(UnknownNameError, match="Fe57x"):
        composition("Fe57x")
    with pytest.raises(OutOfDomainError, match="mass_fraction"):
        composition({"Fe56": 1.5, "n": -0.5})


def test_plasma_coupling_and_debye_wave_number():
    # k_D a = sqrt(3Γ), since k_D² = 4πnZ²e²/T and 4πn/3 = 1/a³
    n = number_density(1e12 * GRAM_PER_CM3, 1.0, 56)
    a, gamma = ion_sphere_radius(n), plasma_coupling(26, n, 1.0 * MeV)
    assert float(debye_wave_number(26, n, 1.0 * MeV) * a) == pytest.approx(np.sqrt(3 * gamma), rel=1e-12)
    # Γ = Z² e²/(a T) with e² = 1.439964548 MeV fm (CODATA 2018 α ħc); a from n in CGS
    a_fm = (3.0 / (4.0 * np.pi * 1e12 / (56 * M_U_GRAM))) ** (1.0 / 3.0) / 1e-13
    assert float(a / fermi) == pytest.approx(a_fm, rel=1e-9)
    assert float(gamma) == pytest.approx(26**2 * 1.439964548 / a_fm, rel=1e-8)


def test_thomas_fermi_limits():
    """Non-relativistic electrons: k² = 6π n e²/E_F, E_F = p_F²/2m (the Thomas–Fermi k² = 4πe² ∂n/∂E_F, N. W. Ashcroft,
    N. D. Mermin, Solid State Physics (1976), Ch. 17); ultra-relativistic: k² = 4α p_F²/π (with ħ = c = 1)."""
    e2 = constants.alpha_em * constants.hbarc
    n_low = 1e21 * PER_CM3  # p_F = 0.6 keV ≪ m_e: relativistic correction p_F²/4m_e² = 4e-7
    p_f = constants.hbarc * (3 * np.pi**2 * n_low) ** (1 / 3)
    k_nr = np.sqrt(6 * np.pi * n_low * e2 / (p_f**2 / (2 * constants.electron_mass)))
    assert float(electron_screening_wave_number(n_low)) == pytest.approx(k_nr, rel=1e-5)
    n_high = 1e38 * PER_CM3  # p_F ≈ 280 MeV ≫ m_e
    p_f = constants.hbarc * (3 * np.pi**2 * n_high) ** (1 / 3)
    k_ur = np.sqrt(4 * constants.alpha_em / np.pi) * p_f / constants.hbarc
    assert float(electron_screening_wave_number(n_high)) == pytest.approx(k_ur, rel=1e-5)
