"""Ion–ion structure factors: weak-coupling and large-q limits, the small-q expansion, Horowitz's fit."""

import numpy as np
import pytest

from cevns import constants
from cevns.stellar.plasma import (HOROWITZ_GAMMA_RANGE, debye_huckel_structure_factor,
                                  horowitz_transport_structure_factor, transport_average)
from cevns.units import MeV, fermi

A = 30.0 * fermi  # an ion-sphere radius


def debye(gamma):
    return np.sqrt(3.0 * gamma) / A  # k_D a = sqrt(3Γ)


def q_of(qa):
    return qa / A * constants.hbarc


def test_weak_coupling_and_large_q_give_one():
    assert float(debye_huckel_structure_factor(q_of(1.0), debye(1e-8))) == pytest.approx(1.0, abs=1e-7)
    assert float(debye_huckel_structure_factor(q_of(1e4), debye(10.0))) == pytest.approx(1.0, abs=1e-6)


def test_small_q_expansion_of_the_ocp():
    """S(q) = x − x² χ⁰/χ + O(x³), x = (q/k_D)² (M. Baus, J.-P. Hansen, Phys. Rep. 59 (1980) 1, the perfect
    screening and compressibility sum rules); Debye–Hückel has the ideal-gas compressibility χ⁰/χ = 1."""
    k_d = debye(5.0)
    x = np.array([1e-4, 1e-3, 1e-2])
    S = debye_huckel_structure_factor(np.sqrt(x) * k_d * constants.hbarc, k_d)
    np.testing.assert_array_less(np.abs(S - (x - x**2)), 1.01 * x**3)


def test_electron_screening_gives_a_finite_compressibility():
    """With ions interacting through 4πZ²e²/(q² + k_e²), S(0) = k_e²/(k_e² + k_D²) (Debye–Hückel), not 0."""
    k_d, k_e = debye(2.0), 0.3 / A
    assert float(debye_huckel_structure_factor(0.0, k_d, k_e)) == pytest.approx(k_e**2 / (k_e**2 + k_d**2))


def test_transport_average_limits():
    """(3/4)∫(1 − x²)S dx: 1 for S = 1; for S = q²/k_D² with q² = 2E²(1 − x) it is
    (3/4)(2E²/k_D²)∫(1 − x)(1 − x²)dx = (3/4)(2E²/k_D²)(4/3) = 2E²/k_D²."""
    assert float(transport_average(lambda q: np.ones_like(q))(10 * MeV)) == pytest.approx(1.0, rel=1e-14)
    k_d = debye(50.0)
    E = 1e-3 * k_d * constants.hbarc
    dh = transport_average(lambda q: debye_huckel_structure_factor(q, k_d))
    assert float(dh(E)) == pytest.approx(2 * (E / constants.hbarc) ** 2 / k_d**2, rel=1e-5)


def epsilon_to_energy(eps):
    return eps * constants.hbarc / A


@pytest.mark.parametrize("gamma", [1.0, 10.0, 100.0])
def test_horowitz_fit_limits(gamma):
    # ε ≥ 3 + 4/√Γ: no correlation effect; ε → 0: 1/(1 + e^(−β₀)) = 0.3/(0.6 + 3Γ) (from β₀ = ln(0.3/(0.3 + 3Γ)))
    eps_star = 3 + 4 / np.sqrt(gamma)
    assert float(horowitz_transport_structure_factor(epsilon_to_energy(eps_star), A, gamma)) == 1.0
    assert float(horowitz_transport_structure_factor(epsilon_to_energy(1e-6), A, gamma)) == pytest.approx(
        0.3 / (0.6 + 3 * gamma), rel=1e-6)
    # the fit joins 1 smoothly at ε* (within its ~1 % accuracy)
    below = float(horowitz_transport_structure_factor(epsilon_to_energy(eps_star * 0.999), A, gamma))
    assert below == pytest.approx(1.0, abs=0.02)


def test_horowitz_suppression_grows_with_coupling():
    E = epsilon_to_energy(1.0)
    values = horowitz_transport_structure_factor(E, A, np.array([1.0, 3.0, 10.0, 30.0, 100.0]))
    assert np.all(np.diff(values) < 0) and values[0] < 1


def test_horowitz_held_at_its_range_above():
    E = epsilon_to_energy(1.5)
    top = HOROWITZ_GAMMA_RANGE[1]
    assert horowitz_transport_structure_factor(E, A, 10 * top) == horowitz_transport_structure_factor(E, A, top)
