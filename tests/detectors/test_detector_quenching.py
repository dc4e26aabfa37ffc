"""Quenching models: analytic limits of Lindhard's formula, published k values and measured curves."""

from __future__ import annotations

import math
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cevns.detectors import (
    ConstantQuenching,
    Lindhard,
    PolynomialQuenching,
    ScaledQuenching,
    TabulatedQuenching,
    argon_coherent_2020,
    csi_coherent_2017,
    csi_coherent_2021,
    lindhard_for,
)
from cevns.errors import OutOfDomainError
from cevns.units import MeV, keV

# Natural germanium and xenon: standard atomic weights (CIAAW 2021): Ge 72.630, Xe 131.293.
GE = SimpleNamespace(name="Ge72", Z=32, A=72.630)
XE = SimpleNamespace(name="Xe131", Z=54, A=131.293)


# --- Lindhard -------------------------------------------------------------------------------------------------

def test_lindhard_default_k_matches_published_values():
    # k = 0.157 for germanium (used e.g. in B. J. Scholz et al., PRD 94 (2016) 122003, arXiv:1608.03588);
    # k = 0.166 for xenon (P. Sorensen, C. E. Dahl, PRD 83 (2011) 063501, arXiv:1101.6080).
    assert lindhard_for(GE).resolved_k == pytest.approx(0.157, abs=5e-4)
    assert lindhard_for(XE).resolved_k == pytest.approx(0.166, abs=5e-4)


def test_lindhard_germanium_at_10_kevnr():
    # By hand, for Z = 32, T = 10 keV: ε = 11.5·10·32^(−7/3); g = 3ε^0.15 + 0.7ε^0.6 + ε; QF = kg/(1+kg), k = 0.157.
    eps = 115.0 / 32 ** (7 / 3)
    g = 3 * math.exp(0.15 * math.log(eps)) + 0.7 * math.exp(0.6 * math.log(eps)) + eps
    expected = 0.157 * g / (1 + 0.157 * g)
    qf = float(Lindhard(32, 72.63, k=0.157)(10 * keV))
    assert qf == pytest.approx(expected, rel=1e-12)
    # Germanium QF at 10 keVnr is about 0.2-0.25 for Lindhard with k = 0.157 (the curve used by CDMS, CONUS).
    assert 0.20 < qf < 0.25


def test_lindhard_high_energy_limit():
    # For ε → ∞, g → ε(1 + O(ε^-0.4)) so 1 − QF = 1/(1 + k g) → 1/(k ε).
    model = Lindhard(32, 72.63)
    T = 1e9 * keV
    eps = float(model.reduced_energy(T))
    assert float(1 - model(T)) == pytest.approx(1 / (model.resolved_k * eps), rel=5e-3)


def test_lindhard_low_energy_limit():
    # For ε → 0, g → 3 ε^0.15 and k g → 0, so QF → 3 k ε^0.15.
    model = Lindhard(32, 72.63)
    T = 1e-20 * keV
    eps = float(model.reduced_energy(T))
    assert float(model(T)) == pytest.approx(3 * model.resolved_k * eps**0.15, rel=1e-2)
    assert float(model(0.0)) == 0.0


def test_lindhard_depends_on_energy_through_reduced_energy_only():
    # ε ∝ T Z^(−7/3): at fixed k, nucleus Z2 at T (Z2/Z1)^(7/3) has the quenching of Z1 at T.
    T = np.array([0.5, 3.0, 20.0]) * keV
    a, b = Lindhard(20, 40, k=0.15), Lindhard(50, 120, k=0.15)
    np.testing.assert_allclose(b(T * (50 / 20) ** (7 / 3)), a(T), rtol=1e-12)


@settings(max_examples=30, deadline=None)
@given(Z=st.integers(1, 92), T=st.floats(1e-3, 1e4))
def test_lindhard_bounded_and_increasing(Z, T):
    model = Lindhard(Z, 2.0 * Z + 1.0)
    q1, q2 = model(np.array([T, 1.1 * T]) * keV)
    assert 0.0 < q1 < q2 < 1.0


def test_electron_equivalent_is_qf_times_recoil_energy():
    model = Lindhard(54, 131.3)
    T = np.linspace(0.0, 50.0, 11) * keV
    np.testing.assert_allclose(model.electron_equivalent(T), model(T) * T, rtol=1e-14)


def test_lindhard_validation_names_the_field():
    with pytest.raises(OutOfDomainError, match="Z"):
        Lindhard(0, 10)
    with pytest.raises(OutOfDomainError, match="k"):
        Lindhard(32, 72.63, k=-0.1)
    with pytest.raises(OutOfDomainError, match="k"):
        replace(Lindhard(32, 72.63), k=20.0)
    with pytest.raises(OutOfDomainError, match="Z and A"):
        lindhard_for(object())
    with pytest.raises(OutOfDomainError, match="recoil_energy"):
        Lindhard(32, 72.63)(-1 * keV)


def test_replace_makes_a_new_model():
    model = Lindhard(32, 72.63)
    other = replace(model, k=0.2)
    assert other.resolved_k == 0.2 and model.k is None and other is not model


# --- Measured curves -------------------------------------------------------------------------------------------

def test_csi_2021_polynomial_against_published_coefficients():
    # E_ee[MeV] = 0.0554628 T + 4.30681 T² − 111.707 T³ + 840.384 T⁴, T in MeV (COHERENT, arXiv:2110.07730).
    T = 0.020  # MeV
    expected = 0.0554628 * T + 4.30681 * T**2 - 111.707 * T**3 + 840.384 * T**4
    assert float(csi_coherent_2021().electron_equivalent(20 * keV) / MeV) == pytest.approx(expected, rel=1e-12)
    # Limit T → 0: QF → the linear coefficient 0.0554628.
    assert float(csi_coherent_2021()(0.0)) == pytest.approx(0.0554628, rel=1e-12)


def test_csi_2021_agrees_with_2017_constant_within_its_uncertainty():
    # COHERENT 2017 (Science 357 (2017) 1123): QF = 8.78 ± 1.66 %, energy independent; the 2021 curve
    # (arXiv:2110.07730) lies inside that 1σ band over 5-20 keVnr, where most CEvNS events of the SNS are.
    qf_2021 = csi_coherent_2021()(np.array([5.0, 10.0, 15.0, 20.0]) * keV)
    assert np.all(np.abs(qf_2021 - 0.0878) < 0.0166)
    assert float(csi_coherent_2017()(10 * keV)) == 0.0878


def test_polynomial_held_above_its_data_range():
    model = csi_coherent_2021()  # data to 60 keVnr (arXiv:2111.02477)
    assert float(model(90 * keV)) == pytest.approx(float(model(60 * keV)), rel=1e-12)
    free = replace(model, maximum_recoil_energy=None)
    assert float(free(90 * keV)) != pytest.approx(float(model(90 * keV)), rel=1e-3)


def test_argon_linear_quenching():
    # QF = 0.246 + 7.8e-4 T/keVnr (COHERENT CENNS-10, arXiv:2003.10630).
    T = np.array([5.0, 20.0, 100.0])
    np.testing.assert_allclose(argon_coherent_2020()(T * keV), 0.246 + 7.8e-4 * T, rtol=1e-12)


def test_polynomial_unit_invariance():
    # The same argon polynomial written in MeV: E/MeV = 0.246 (T/MeV) + 0.78 (T/MeV)².
    in_mev = PolynomialQuenching((0.246, 7.8e-4 * 1000.0), energy_unit=MeV)
    T = np.linspace(1.0, 100.0, 7) * keV
    np.testing.assert_allclose(in_mev.electron_equivalent(T), argon_coherent_2020().electron_equivalent(T), rtol=1e-12)


def test_polynomial_negative_values_clip_to_zero():
    model = PolynomialQuenching((0.1, -1.0), energy_unit=keV)  # E_ee < 0 above T = 0.1 keV
    assert float(model.electron_equivalent(1 * keV)) == 0.0


def test_constant_quenching():
    T = np.array([1.0, 10.0]) * keV
    np.testing.assert_allclose(ConstantQuenching(0.3).electron_equivalent(T), 0.3 * T)
    with pytest.raises(OutOfDomainError, match="value"):
        ConstantQuenching(1.5)
    with pytest.raises(OutOfDomainError, match="value"):
        ConstantQuenching(0.0)


def test_tabulated_quenching_interpolates_and_holds_ends():
    model = TabulatedQuenching(np.array([1.0, 3.0]) * keV, [0.1, 0.3])
    np.testing.assert_allclose(model(np.array([0.0, 2.0, 10.0]) * keV), [0.1, 0.2, 0.3])
    with pytest.raises(OutOfDomainError, match="factors"):
        TabulatedQuenching(np.array([1.0, 3.0]) * keV, [0.1, 1.3])
    with pytest.raises(OutOfDomainError, match="increasing"):
        TabulatedQuenching(np.array([3.0, 1.0]) * keV, [0.1, 0.3])


def test_scaled_quenching():
    base = ConstantQuenching(0.5)
    assert float(ScaledQuenching(base, 1.2)(keV)) == pytest.approx(0.6)
    assert float(ScaledQuenching(base, 3.0)(keV)) == 1.0  # clipped: a quenching factor cannot exceed 1
    with pytest.raises(OutOfDomainError, match="scale"):
        ScaledQuenching(base, -1.0)
    with pytest.raises(OutOfDomainError, match="model"):
        ScaledQuenching(0.5, 1.0)
