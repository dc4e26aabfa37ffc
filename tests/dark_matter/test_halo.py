"""The Standard Halo Model: η(v_min) in closed form against its limits and a direct numerical integral."""

import math

import numpy as np
import pytest
from scipy import integrate
from scipy.special import erf

from cevns.dark_matter.halo import StandardHaloModel, baxter2021, earth_velocity, mean_inverse_speed, ohare2021
from cevns.errors import OutOfDomainError
from cevns.units import day, km, s

KMS = km / s


def eta_numerical(v_min, v_lab, v0, v_esc):
    """η = ∫_{v>v_min} f_lab(v)/v d³v by direct integration of the boosted, truncated Maxwellian.

    In the lab, f(v) ∝ exp(−|v + v_E|²/v₀²) Θ(v_esc − |v + v_E|); with c = cos(v, v_E) the integral is
    2π ∫ v dv ∫ dc exp(−(v² + v_E² + 2 v v_E c)/v₀²) over |v + v_E| < v_esc, normalized by
    ∫_{|u|<v_esc} exp(−u²/v₀²) d³u = 4π ∫₀^{v_esc} u² exp(−u²/v₀²) du (both done numerically here).
    """
    norm = 4 * math.pi * integrate.quad(lambda u: u * u * math.exp(-u * u / v0**2), 0, v_esc)[0]

    def inner(v):
        # cos θ limited by |v + v_E| < v_esc: c < (v_esc² − v² − v_E²) / (2 v v_E)
        c_max = min(1.0, (v_esc**2 - v * v - v_lab**2) / (2 * v * v_lab))
        if c_max <= -1.0:
            return 0.0
        return integrate.quad(lambda c: math.exp(-(v * v + v_lab**2 + 2 * v * v_lab * c) / v0**2), -1.0, c_max)[0]

    top = v_esc + v_lab
    if v_min >= top:
        return 0.0
    kink = [abs(v_esc - v_lab)] if v_min < abs(v_esc - v_lab) < top else None  # where c_max leaves 1
    value = integrate.quad(lambda v: 2 * math.pi * v * inner(v), v_min, top, points=kink, limit=200, epsabs=0,
                           epsrel=1e-10)[0]
    return value / norm


@pytest.mark.parametrize("v_lab, v_esc", [(250.0, 544.0), (232.0, 533.0), (300.0, 200.0)])
@pytest.mark.parametrize("v_min", [0.0, 100.0, 300.0, 500.0, 700.0])
def test_closed_form_matches_direct_integration(v_min, v_lab, v_esc):
    # (300, 200): the lab moves faster than the escape speed (the y > z branch)
    halo = StandardHaloModel(v0=238.0 * KMS, escape_speed=v_esc * KMS, lab_speed=v_lab * KMS)
    expected = eta_numerical(max(v_min, 1e-6), v_lab, 238.0, v_esc)
    assert mean_inverse_speed(v_min * KMS, halo) * KMS == pytest.approx(expected, rel=1e-7, abs=1e-14)


def test_infinite_escape_speed_limit_is_the_erf_form():
    # v_esc → ∞: η = [erf(x + y) − erf(x − y)] / (2 v0 y), derived from the untruncated Maxwellian
    v0, vE = 238.0, 252.0
    v = np.linspace(0.0, 900.0, 19)
    x, y = v / v0, vE / v0
    expected = (erf(x + y) - erf(x - y)) / (2 * v0 * y)
    far = StandardHaloModel(v0=v0 * KMS, escape_speed=1e5 * KMS, lab_speed=vE * KMS)
    inf = StandardHaloModel(v0=v0 * KMS, escape_speed=math.inf, lab_speed=vE * KMS)
    np.testing.assert_allclose(mean_inverse_speed(v * KMS, far) * KMS, expected, rtol=1e-12, atol=1e-18)
    np.testing.assert_allclose(mean_inverse_speed(v * KMS, inf) * KMS, expected, rtol=1e-12)


def test_zero_above_the_largest_speed_and_continuous_at_the_branches():
    halo = baxter2021()
    top = halo.escape_speed + halo.mean_lab_speed
    assert mean_inverse_speed(top * 1.0001, halo) == 0.0
    assert mean_inverse_speed(top * 0.999, halo) > 0.0
    edge = halo.escape_speed - halo.mean_lab_speed  # x = z − y: the two formulas must meet
    below, above = mean_inverse_speed(np.array([edge * (1 - 1e-9), edge * (1 + 1e-9)]), halo)
    assert below == pytest.approx(above, rel=1e-7)


def test_baxter_defaults_and_earth_speed():
    # Baxter et al., EPJC 81 (2021) 907, Sec. 2.1: ρ = 0.3 GeV/cm³, v0 = 238, v_esc = 544 km/s,
    # v_⊙ = (11.1, 12.2 + 238, 7.3) km/s, so |v_⊙| = 250.55 km/s; the annual mean |v_E| is a little larger
    from cevns.units import GeV, cm3

    halo = baxter2021()
    assert halo.density == pytest.approx(0.3 * GeV / cm3)
    assert (halo.v0, halo.escape_speed) == (238.0 * KMS, 544.0 * KMS)
    sun = math.sqrt(11.1**2 + 250.2**2 + 7.3**2)
    assert sun < halo.mean_lab_speed / KMS < sun + 2.0


def test_annual_modulation_peaks_in_early_june():
    # The Earth's speed through the halo peaks around June 1 (Freese, Lisanti & Savage, RMP 85 (2013) 1561,
    # Sec. III: t_peak ≈ June 1); J2000.0 + 152 days is June 1, 2000. Amplitude: V_⊕ cos(~60°) ≈ 15 km/s.
    t = np.arange(0.0, 365.25, 0.25) * day
    speed = np.linalg.norm(earth_velocity(t), axis=-1) / KMS
    peak = t[np.argmax(speed)] / day
    assert 145 < peak < 158
    assert 13 < (speed.max() - speed.min()) / 2 < 16


def test_earth_velocity_against_wimprates():
    # wimprates (J. Aalbers et al.) implements the same orbit (Lee, Lisanti & Safdi 2013) independently
    numericalunits = pytest.importorskip("numericalunits")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # wimprates warns at import about its changed defaults
        wr = pytest.importorskip("wimprates")
    for t in (0.0, 100.0, 250.0):
        theirs = wr.earth_velocity(t) / (numericalunits.km / numericalunits.s)
        np.testing.assert_allclose(earth_velocity(t * day) / KMS, theirs, rtol=1e-10)


def test_ohare_halo():
    halo = ohare2021()
    assert halo.v0 / KMS == pytest.approx(math.sqrt(2) * 167.0)
    assert halo.mean_lab_speed / KMS == pytest.approx(245.6)


def test_bad_input_is_named():
    with pytest.raises(OutOfDomainError, match="v_min"):
        mean_inverse_speed(-1.0 * KMS)
    with pytest.raises(OutOfDomainError, match="v0"):
        StandardHaloModel(v0=-1.0)
    with pytest.raises(OutOfDomainError, match="escape_speed"):
        baxter2021(escape_speed=0.0)
