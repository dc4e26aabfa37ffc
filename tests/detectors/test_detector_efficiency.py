"""Efficiencies on the reconstructed axis and in time."""

from __future__ import annotations

import math
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from cevns.detectors import (
    ExponentialTimingEfficiency,
    SigmoidEfficiency,
    StepEfficiency,
    TabulatedEfficiency,
    TimeWindow,
)
from cevns.errors import OutOfDomainError
from cevns.units import ns, us

# Muon lifetime, PDG 2024: 2.1969811 μs (the delayed SNS neutrinos arrive with it).
MUON_LIFETIME = 2.1969811 * us


def test_step_efficiency():
    eff = StepEfficiency(threshold=5.0, plateau=0.9)
    np.testing.assert_array_equal(eff([0.0, 4.999, 5.0, 100.0]), [0.0, 0.0, 0.9, 0.9])
    with pytest.raises(OutOfDomainError, match="plateau"):
        StepEfficiency(5.0, plateau=1.1)


def test_sigmoid_midpoint_and_plateau():
    eff = SigmoidEfficiency(a=0.8, k=0.5, x0=10.0, b=0.1)
    assert float(eff(10.0)) == pytest.approx(0.8 / 2 + 0.1)  # ε(x0) = a/2 + b
    assert float(eff(1e4)) == pytest.approx(0.9)  # ε → a + b


def test_sigmoid_coherent_csi_2021():
    # COHERENT CsI[Na] 2021 (arXiv:2110.07730): 1.32045/(1 + exp(−0.285979 (x − 10.8646))) − 0.333322, x in PE.
    eff = SigmoidEfficiency.coherent_csi_2021()
    assert float(eff(1e3)) == pytest.approx(1.32045 - 0.333322, rel=1e-12)
    x = 20.0
    assert float(eff(x)) == pytest.approx(1.32045 / (1 + math.exp(-0.285979 * (x - 10.8646))) - 0.333322, rel=1e-12)
    # Below about 5 PE the published formula is negative; COHERENT sets it to 0.
    assert float(eff(0.0)) == 0.0


def test_sigmoid_validation_names_the_field():
    with pytest.raises(OutOfDomainError, match=r"a \+ b"):
        SigmoidEfficiency(a=0.9, k=1.0, x0=0.0, b=0.2)
    with pytest.raises(OutOfDomainError, match="k must be > 0"):
        SigmoidEfficiency(a=0.9, k=0.0, x0=0.0)
    with pytest.raises(OutOfDomainError, match=r"a \+ b"):
        replace(SigmoidEfficiency.coherent_csi_2021(), a=1.5)


def test_tabulated_efficiency():
    eff = TabulatedEfficiency([0.0, 10.0, 20.0], [0.0, 0.5, 0.9], above=0.0)
    np.testing.assert_allclose(eff([-1.0, 5.0, 15.0, 25.0]), [0.0, 0.25, 0.7, 0.0])
    with pytest.raises(OutOfDomainError, match="efficiencies must lie in"):
        TabulatedEfficiency([0.0, 1.0], [0.5, 1.2])
    with pytest.raises(OutOfDomainError, match="below"):
        TabulatedEfficiency([0.0, 1.0], [0.5, 1.0], below=-0.1)


def test_exponential_timing_efficiency():
    eff = ExponentialTimingEfficiency.coherent_csi_2021()  # 1 to 0.52 μs, then exp(−0.0494/μs (t − 0.52 μs))
    t = np.array([-1.0, 0.0, 0.52, 0.52 + 1 / 0.0494]) * us
    np.testing.assert_allclose(eff(t), [0.0, 1.0, 1.0, math.exp(-1.0)], rtol=1e-12)


def test_time_window_fraction_of_an_exponential():
    # f(t) = e^(−t/τ)/τ: the fraction inside [t0, t1] is e^(−t0/τ) − e^(−t1/τ).
    tau = MUON_LIFETIME
    pdf = lambda t: np.where(t >= 0, np.exp(-t / tau) / tau, 0.0)  # noqa: E731
    window = TimeWindow(0.5 * us, 6.0 * us)
    assert window.fraction(pdf) == pytest.approx(math.exp(-0.5 * us / tau) - math.exp(-6.0 * us / tau), rel=1e-10)


def test_time_window_with_timing_efficiency():
    # With ε_t = 1 up to a, exp(−r (t − a)) after, and f = e^(−t/τ)/τ on [0, t1]:
    # ∫ = (1 − e^(−a/τ)) + e^(ra)/(τ(r + 1/τ)) (e^(−(r + 1/τ) a) − e^(−(r + 1/τ) t1)).
    tau, a, r, t1 = MUON_LIFETIME, 0.52 * us, 0.0494 / us, 6.0 * us
    lam = r + 1 / tau
    expected = (1 - math.exp(-a / tau)) + math.exp(r * a) / (tau * lam) * (math.exp(-lam * a) - math.exp(-lam * t1))
    window = TimeWindow(0.0, t1, timing_efficiency=ExponentialTimingEfficiency.coherent_csi_2021())
    pdf = lambda t: np.exp(-t / tau) / tau  # noqa: E731
    fractions = window.fraction({"delayed": pdf, "none": lambda t: np.zeros_like(t)})
    assert fractions["delayed"] == pytest.approx(expected, rel=1e-8)
    assert fractions["none"] == 0.0


def test_time_window_validation():
    with pytest.raises(OutOfDomainError, match="stop must be > start"):
        TimeWindow(100 * ns, 50 * ns)
    with pytest.raises(OutOfDomainError, match="timing_efficiency must lie in"):
        TimeWindow(0.0, 1.0 * us, timing_efficiency=lambda t: 2.0 + 0 * t).fraction(lambda t: 0 * t + 1.0)
    with pytest.raises(OutOfDomainError, match="callable"):
        TimeWindow(0.0, 1.0 * us).fraction(3.0)


def test_time_bin_fractions():
    # Exponential pdf in bins [0, 1, 2, 4, 8] μs cut to the window [0.5, 6] μs: bin k holds
    # e^(−a_k/τ) − e^(−b_k/τ) with [a_k, b_k] the bin cut to the window; the bins add up to the window fraction.
    tau = MUON_LIFETIME
    window = TimeWindow(0.5 * us, 6.0 * us)
    pdf = SimpleNamespace(pdf=lambda t: np.exp(-t / tau) / tau)  # an object with a pdf method
    cut = [(0.5, 1.0), (1.0, 2.0), (2.0, 4.0), (4.0, 6.0)]
    expected = [math.exp(-a * us / tau) - math.exp(-b * us / tau) for a, b in cut]
    got = window.bin_fractions(pdf, np.array([0.0, 1.0, 2.0, 4.0, 8.0]) * us)
    np.testing.assert_allclose(got, expected, rtol=1e-10)
    assert got.sum() == pytest.approx(window.fraction(pdf), rel=1e-10)
    with pytest.raises(OutOfDomainError, match="time_edges"):
        window.bin_fractions(pdf, [1.0, 0.0])
