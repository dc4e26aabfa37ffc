"""Discovery limits and the neutrino fog: analytic regimes, O'Hare (2021)'s published floors, Billard et al. (2014)."""

import numpy as np
import pytest

from cevns import constants
from cevns.dark_matter import (
    DiscoveryProblem, discovery_problem, load_ohare2021_floor, neutrino_components, ohare2021, ohare2021_components,
)
from cevns.dark_matter.fog import fog_index
from cevns.errors import OutOfDomainError
from cevns.nuclei import Isotope
from cevns.units import GeV, cm2, keV, tonne, u, year

TY = tonne * year


def toy(background, uncertainty, signal):
    """A problem with given binned background (per tonne·year) and WIMP template (per tonne·year per cm²)."""
    b = np.atleast_2d(np.asarray(background, float)) / TY
    p = DiscoveryProblem(target="Xe", interaction="si", halo=ohare2021(), bin_edges=np.arange(b.shape[1] + 1.0) * keV,
                         component_names=tuple(f"c{k}" for k in range(b.shape[0])),
                         uncertainties=np.atleast_1d(np.asarray(uncertainty, float)), background=b)
    return p, np.asarray(signal, float) / (TY * cm2)


def one_bin_limit(B, delta, z=3.0):
    """S such that the exact one-bin Asimov q0 = z², by scipy (an independent implementation of the definition):
    q0(S) = min_θ 2[θB − n + n ln(n/(θB))] + (θ − 1)²/δ², n = B + S."""
    from scipy.optimize import brentq, minimize_scalar

    def q0(S):
        n = B + S
        f = lambda t: 2 * (t * B - n + n * np.log(n / (t * B))) + (t - 1) ** 2 / delta**2  # noqa: E731
        return minimize_scalar(f, bounds=(1e-3, 1 + 50 * delta + S / B), method="bounded",
                               options={"xatol": 1e-12}).fun

    return brentq(lambda S: q0(S) - z * z, 1e-6, 10 * B + 100, xtol=1e-12, rtol=1e-12)


def test_one_bin_limit_against_direct_minimisation_and_the_gaussian_formula():
    # One bin holding signal and background: only the constraint tells them apart. For B = E b ≫ 1 the Asimov
    # q0 → S²/(B + δ²B²), so S_DL ≈ Z √(B (1 + δ² B)) and n = 2 (1 + δ² B) grows without bound (saturation).
    delta, b, s = 0.1, 1.0, 1e45
    p, sig = toy([[b]], [delta], [s])
    E = np.geomspace(1e1, 1e6, 6)
    limit = p.discovery_limit(50 * GeV, E * TY, signal=sig) / cm2
    exact = np.array([one_bin_limit(e * b, delta) for e in E]) / (E * s)
    np.testing.assert_allclose(limit, exact, rtol=1e-6)
    B = E * b
    gaussian = 3 * np.sqrt(B * (1 + delta**2 * B)) / (E * s)
    # the Gaussian formula for B ≥ 1e3; its residual is the O(S/B) Poisson term (S/B = 0.1–0.3 here: ≤ 1.5 %)
    np.testing.assert_allclose(limit[2:], gaussian[2:], rtol=0.015)
    n = fog_index(limit, E)
    assert np.all(np.diff(n) > 0) and n[-1] > 20


def test_background_free_and_poisson_regimes():
    # Tiny exposure: the limit is set by the minimum signal count (0.5 events): σ ∝ 1/E, n = 1.
    # Different signal and background shapes, large exposure: the shape breaks the degeneracy and the limit
    # falls as 1/√E again (n → 2) despite the 50 % uncertainty.
    p, sig = toy([[1.0, 1.0, 0.0 + 1.0]], [0.5], [0.0, 1.0, 3.0])
    small = np.array([1e-6, 1e-5])
    limit = p.discovery_limit(10 * GeV, small * TY, signal=sig) / cm2
    assert limit == pytest.approx(0.5 / (small * 4.0))  # 0.5 events: σ E Σ s = 0.5
    large = np.geomspace(1e6, 1e9, 4)
    n = fog_index(p.discovery_limit(10 * GeV, large * TY, signal=sig), large)
    np.testing.assert_allclose(n, 2.0, rtol=2e-2)


def reference_floor(target, masses):
    m, s = load_ohare2021_floor(target)
    return np.exp(np.interp(np.log(masses), np.log(m), np.log(s)))


MASSES = np.geomspace(1.0, 1e4, 17) * GeV


def test_ohare2021_xenon_floor():
    """O'Hare, PRL 127 (2021) 251802, Fig. 2 (data file of the companion code, shipped in dark_matter/data/).

    Same inputs as that code: ¹³¹Xe alone; halo v0 = √2·167 km/s, v_esc = 533 km/s, lab 245.6 km/s, ρ = 0.3;
    50 log bins 1e-4 to 200 keV; B16-GS98 solar fluxes with ⁸B 5.16e6 cm⁻²s⁻¹ (2 %), atmospheric 10.7 (25 %),
    DSNB 85.7 (50 %); Asimov 3σ median discovery; n = 2.
    Residual below 3 GeV (our floor up to 15 % low at 1 GeV): that code also includes geoneutrinos (U, Th, K:
    2.9e7 cm⁻²s⁻¹ below 4.5 MeV, 17–26 % uncertain) and reactor ν̄ (3.1e6, 8 %), which cevns has no flux for;
    they add background where the pp/⁷Be/CNO recoils are, raising that floor. (Adding cevns's Huber–Mueller reactor
    flux scaled to 3.06e6 cm⁻²s⁻¹, 8 %, gives 0.96 at 1 GeV but +12–14 % at 1.5–2 GeV: the reference's reactor
    spectrum below 1 MeV, which sets how that total splits, is not known here, so it is left out.) 3–20 GeV: within 10 %; the floor
    falls by three decades between 6 and 12 GeV (the ⁸B edge), so small differences of kinematics there (nuclear
    mass 0.9315·A GeV in that code, our AME masses; its dσ/dT without the T/E term) move σ most. Above 50 GeV: 2.5 %.
    """
    p = discovery_problem("Xe131", halo=ohare2021(), components=ohare2021_components())
    ratio = p.fog(MASSES).floor / reference_floor("Xe", MASSES)
    assert np.all(np.abs(ratio - 1) < 0.20)
    high = MASSES >= 3 * GeV
    assert np.all(np.abs(ratio[high] - 1) < 0.10)
    assert np.all(np.abs(ratio[MASSES >= 50 * GeV] - 1) < 0.025)
    assert np.all(ratio[~high] < 1.0)  # the sign of the named cause: missing geo/reactor backgrounds


def test_ohare2021_argon_floor():
    """As for xenon; argon as that code has it, Z = 18, N = 21 (A = 39, a fault of that code: ⁴⁰Ar has N = 22).

    Residuals: below 3 GeV as for xenon (missing geo/reactor backgrounds: ours up to 19 % low at 1 GeV); above
    30 GeV ours is 8–10 % below the published curve, flat in mass, while the same calculation for xenon agrees
    to 0.5 % there: the cause lies in the published argon run and is not identified. With natural argon
    (mostly ⁴⁰Ar, N = 22) instead, our floor moves by −1.5 % to +4.5 % over 1 GeV–10 TeV.
    """
    ar39 = Isotope(name="Ar39", Z=18, A=39, mass=39 * u - 18 * constants.electron_mass)
    p = discovery_problem(ar39, halo=ohare2021(), components=ohare2021_components())
    ratio = p.fog(MASSES).floor / reference_floor("Ar", MASSES)
    assert np.all(np.abs(ratio - 1) < 0.20)
    mid = (MASSES >= 3 * GeV) & (MASSES <= 30 * GeV)
    assert np.all(np.abs(ratio[mid] - 1) < 0.10)


def test_billard2014_xenon_floor():
    """Billard, Strigari & Figueroa-Feliciano, PRD 89 (2014) 023524, abstract: xenon searches lose sensitivity to
    ~10 GeV WIMPs below ~1e-45 cm² and to ~100 GeV WIMPs below ~1e-49 cm²: the cross sections where the discovery
    limit saturates (the fog is thickest, n maximal). Their inputs: ⁸B 16 %, atmospheric 20 %, DSNB 50 %; the
    values are quoted as powers of ten, so the tolerance is ±0.5 in log10 σ. ¹³¹Xe, window 1e-4–200 keV."""
    p = discovery_problem("Xe131", components=neutrino_components(uncertainties={"B8": 0.16}))
    r = p.fog(np.array([6.0, 100.0]) * GeV)
    thickest = [r.cross_sections[j][np.nanargmax(np.where(np.isfinite(r.index[j]), r.index[j], 0))] for j in (0, 1)]
    assert abs(np.log10(thickest[0] / cm2) + 45) < 0.5
    assert abs(np.log10(thickest[1] / cm2) + 49) < 0.5


def test_one_event_floor_by_hand():
    # Billard et al. (2014): at each threshold, the exposure giving one neutrino event and the σ giving 2.3 WIMP
    # events there; the floor is the smallest over thresholds. Bins b = (1, 1, 1), s = (0, 1, 3) per unit exposure:
    # thresholds at the three lower edges give 2.3·3/4, 2.3·2/4, 2.3·1/3 → 2.3/3.
    p, sig = toy([[1.0, 1.0, 1.0]], [0.5], [0.0, 1.0, 3.0])
    got = p._one_event_floor_from(sig[None, :]) / cm2
    assert got[0] == pytest.approx(2.3 / 3)


def test_spin_dependent_fog_on_fluorine():
    # the SD-proton floor of fluorine exists and lies far above the SI one of xenon (σ_SD enhancement ~ 1 vs A²)
    p = discovery_problem("F19", interaction="sdp", components=ohare2021_components(), bins=20)
    floor = p.fog(np.array([30.0]) * GeV).floor[0] / cm2
    assert 1e-46 < floor < 1e-40


def test_bad_input():
    with pytest.raises(OutOfDomainError, match="max_recoil"):
        discovery_problem("Xe131", threshold=10 * keV, max_recoil=1 * keV)
    with pytest.raises(OutOfDomainError, match="exposures"):
        toy([[1.0]], [0.1], [1.0])[0].discovery_limit(10 * GeV, [-1.0])
