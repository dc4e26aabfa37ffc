"""Kinematics against two-body relativistic kinematics derived here."""

import numpy as np
import pytest

import cevns
from cevns.errors import OutOfDomainError
from cevns.physics import kinematics as kin
from cevns.units import GeV, MeV, keV, u


def test_t_max_from_backscattering_derived_here():
    # Back-scattering: the neutrino reverses, so |p_R| = E + E'; energy: E = E' + T;
    # T(T + 2M) = (2E − T)² ⇒ T = 2E²/(M + 2E).
    M, E = 37.2 * GeV, np.array([1.0, 10.0, 50.0, 300.0]) * MeV
    T = 2 * E**2 / (M + 2 * E)
    assert np.allclose(kin.recoil_energy_max(E, M), T, rtol=1e-14)
    assert np.allclose(T * (T + 2 * M), (2 * E - T) ** 2, rtol=1e-12)


def test_physics_reference_example_germanium():
    # PHYSICS.md: E = 10 MeV on Ge with the mean mass (A = 72.63) gives T_max ≈ 2.95 keV
    mean_mass = 72.630 * u
    assert kin.recoil_energy_max(10 * MeV, mean_mass) / keV == pytest.approx(2.95, abs=0.01)


def test_material_uses_its_lightest_isotope():
    assert kin.recoil_energy_max(10 * MeV, "Ge") == kin.recoil_energy_max(10 * MeV, "Ge70")


def test_energy_min_inverts_t_max():
    E = np.geomspace(0.1, 500, 50) * MeV
    assert np.allclose(kin.neutrino_energy_min(kin.recoil_energy_max(E, "Xe131"), "Xe131"), E, rtol=1e-12)


def test_momentum_transfer_and_angle():
    T = np.array([0.1, 1.0, 10.0]) * keV
    iso = cevns.isotope("Ar40")
    q = kin.momentum_transfer(T, iso)
    assert np.allclose(q**2, 2 * iso.mass * T + T**2)
    # at the end point the nucleus moves along the neutrino: cos θ = 1
    E = 30 * MeV
    assert kin.recoil_angle(kin.recoil_energy_max(E, iso), E, iso) == pytest.approx(1.0, abs=1e-9)
    # momentum conservation along the beam: p_R cos θ = E − E' cos θ_ν ≤ E, and cos θ decreases as T → 0
    angles = kin.recoil_angle(T, E, iso)
    assert np.all(np.diff(angles) > 0) and np.all(angles < 1)


def test_angle_above_end_point_raises():
    with pytest.raises(OutOfDomainError, match="exceeds T_max"):
        kin.recoil_angle(100 * keV, 10 * MeV, "Ar40")


@pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf])
def test_bad_energy_names_the_parameter(bad):
    with pytest.raises(OutOfDomainError, match="neutrino_energy"):
        cevns.recoil_energy_max(bad * MeV, "Xe131")
    with pytest.raises(OutOfDomainError, match="recoil_energy"):
        cevns.neutrino_energy_min(bad * keV, "Xe131")
