"""Supernova signal engine: closed forms, symmetries and published numbers."""

import math

import numpy as np
import pytest

from cevns.errors import OutOfDomainError, UnknownNameError
from cevns.flavors import FLAVORS
from cevns.rates import recoil_rates
from cevns.sources import TabulatedFlux
from cevns.sources.supernova import illustrative_model
from cevns.supernova import BurstDetector, PHASES, get, supernova_signal
from cevns.units import MeV, keV, kpc, ms, s, tonne


def test_time_integrated_count_equals_count_from_fluence():
    # Closed form: Σ_t N(t) = N(∫ Φ dt). The engine integrates emission × detection on its own grids; the fluence
    # path goes through the package's rate engine (flux moments of the time-integrated flux), an independent code.
    flux = illustrative_model(10 * kpc)
    detector = BurstDetector(name="xe-1keV", target="Xe", mass=1 * tonne, response=None,
                             observable_edges=np.array([1.0, 1000.0]) * keV, observable_unit="keVnr")
    engine = supernova_signal(flux, detector).predict(10 * kpc, "none").total()["total"]
    # the fluence ∫ dΦ/dE dt dt as a table in 0.5 MeV steps; tree-level CEvNS depends on the flavor only through
    # ν versus ν̄ (the sign of the axial interference), so each sector is lumped into one flavor
    energies = np.linspace(0.0, 150.0, 301) * MeV
    sectors = {"nu_mu": FLAVORS[:3], "nubar_mu": FLAVORS[3:]}
    fluence = TabulatedFlux(energies=energies, normalization=flux.normalization,
                            values={k: sum(flux.differential(energies, f) for f in v) for k, v in sectors.items()})
    rates = recoil_rates(fluence, "Xe", recoil_min=1 * keV)
    per_nucleus = rates.recoil_weights @ rates.total_spectrum()
    fluence_count = per_nucleus * detector.mass * detector.nuclei_per_mass.sum()
    assert engine == pytest.approx(fluence_count, rel=2e-3)


def test_distance_scaling_is_inverse_square(s27_xenon1t):
    near = s27_xenon1t.predict(1 * kpc, "normal").total()
    far = s27_xenon1t.predict(7 * kpc, "normal").total()
    for key in near:
        assert far[key] == pytest.approx(near[key] / 49, rel=1e-12)


def test_no_conversion_keeps_each_flavor(s27_xenon1t):
    # With P = 1 each detected flavor is its emitted flavor; their sum is the total
    p = s27_xenon1t.predict(10 * kpc, "none")
    tot = p.total()
    assert sum(tot[f] for f in FLAVORS) == pytest.approx(tot["total"], rel=1e-12)
    # s27 tables: ν_μ and ν_τ come from the same nu_x file, so their counts are equal
    assert tot["nu_mu"] == pytest.approx(tot["nu_tau"], rel=1e-12)
    assert tot["nu_e"] != pytest.approx(tot["nu_mu"], rel=1e-2)


@pytest.mark.parametrize("ordering", ["normal", "inverted"])
def test_ordering_changes_only_the_flavor_split(s27_xenon1t, ordering):
    # Tree-level CEvNS is flavor blind and the adiabatic matrix is doubly stochastic, so the total is invariant
    # while the ν_e share changes (normal: ν_e arrives as ν3, P_ee = |U_e3|² ≈ 0.02)
    none = s27_xenon1t.predict(10 * kpc, "none").total()
    mixed = s27_xenon1t.predict(10 * kpc, ordering).total()
    assert mixed["total"] == pytest.approx(none["total"], rel=1e-10)
    assert mixed["nu_e"] != pytest.approx(none["nu_e"], rel=1e-2)
    for sector in (FLAVORS[:3], FLAVORS[3:]):
        assert sum(mixed[f] for f in sector) == pytest.approx(sum(none[f] for f in sector), rel=1e-10)


def test_time_bins_add_up_and_resolve_milliseconds(s27_xenon1t):
    p = s27_xenon1t.predict(10 * kpc, "normal")
    edges = np.concatenate([np.arange(-0.35, 0.1, 0.001), np.arange(0.1, 15.45, 0.05)]) * s
    edges = edges[edges < s27_xenon1t.times[-1]]
    binned = p.counts_vs_time(np.append(edges, s27_xenon1t.times[-1]))["total"]
    whole = p.total((edges[0], s27_xenon1t.times[-1]))["total"]
    assert binned.sum() == pytest.approx(whole, rel=1e-10)
    assert binned.sum() == pytest.approx(p.total()["total"], rel=1e-10)
    # phases partition the whole signal
    assert sum(p.phases().values()) == pytest.approx(p.total()["total"], rel=1e-10)
    # the neutronization burst is a ν_e peak within the first ~20 ms: 1 ms bins there see ν_e dominate
    burst = p.at(ordering="none").counts_vs_time(np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0]) * ms)
    assert np.all(burst["nu_e"] > burst["nubar_e"])


def test_time_bins_are_exact_for_a_piecewise_linear_rate(s27_xenon1t):
    # Halving every bin must give the same totals pairwise (the integral of the linear interpolant is exact)
    p = s27_xenon1t.predict(10 * kpc, "none")
    coarse = np.linspace(0.0, 1.0, 11) * s
    fine = np.linspace(0.0, 1.0, 21) * s
    a = p.counts_vs_time(coarse)["total"]
    b = p.counts_vs_time(fine)["total"]
    assert np.allclose(a, b[0::2] + b[1::2], rtol=1e-12)


def test_spectrum_sums_to_total(s27_xenon1t):
    p = s27_xenon1t.predict(10 * kpc, "inverted")
    for window in (None, "burst", "cooling", (0.1 * s, 0.3 * s)):
        spectrum = p.spectrum(window)
        assert spectrum["total"].sum() == pytest.approx(p.total(window)["total"], rel=1e-10)
    assert p.spectrum()["total"].shape == (s27_xenon1t.detector.observable_edges.size - 1,)


def test_rate_integrates_to_counts(s27_xenon1t):
    p = s27_xenon1t.predict(10 * kpc, "normal")
    t = np.linspace(0.5, 2.0, 30001) * s
    assert np.trapezoid(p.rate(t)["total"], t) == pytest.approx(p.total((0.5 * s, 2.0 * s))["total"], rel=1e-6)


def test_poisson_realisations(s27_xenon1t):
    p = s27_xenon1t.predict(10 * kpc, "normal")
    edges = np.array([0.0, 0.5, 2.0, 10.0]) * s
    draws = p.realise(edges, size=4000, rng=1)
    mean = p.counts_vs_time(edges)["total"]
    assert draws.shape == (4000, 3)
    # sample mean within 4 standard errors of the Poisson mean
    assert np.all(np.abs(draws.mean(0) - mean) < 4 * np.sqrt(mean / 4000))


def test_significance_scales_with_distance(s27_xenon1t):
    p = s27_xenon1t.predict(10 * kpc, "normal")
    z = p.significance(np.array([5.0, 10.0, 20.0]) * kpc, background_rate=0.1 / s, window=(0, 10 * s))
    assert np.all(np.diff(z) < 0)
    # large-b limit of the Asimov formula: Z → s/√b
    big = p.significance(10 * kpc, background_rate=1e6 / s, window=(0, 10 * s))
    s10 = p.total((0, 10 * s))["total"]
    assert big == pytest.approx(s10 / math.sqrt(1e7), rel=1e-3)


def test_bad_input(s27_xenon1t):
    with pytest.raises(OutOfDomainError, match="distance"):
        s27_xenon1t.predict(-1 * kpc)
    with pytest.raises(UnknownNameError, match="ordering"):
        s27_xenon1t.predict(10 * kpc, "sideways")
    with pytest.raises(UnknownNameError, match="phase"):
        s27_xenon1t.predict().total("bounce")
    with pytest.raises(OutOfDomainError, match="time_edges"):
        s27_xenon1t.predict().counts_vs_time([1.0, 0.0])
    with pytest.raises(UnknownNameError, match="detector"):
        get("xenon2t")
    assert set(PHASES) == {"burst", "accretion", "cooling"}


# Lang, McCabe, Reichard, Selvi, Tamborra, PRD 94 (2016) 103009, abstract: 27 M☉ (LS220 s27.0co) at 10 kpc gives
# ≈ 35 events in XENON1T (2 t active), 123 in XENONnT/LZ (7 t) and 704 in DARWIN (40 t) in the S2-only channel.
# Our detector model (cevns.supernova.detectors: Lindhard quenching, W = 13.7 eV, N_ex/N_i = 1, no recombination,
# Poisson electrons, ≥ 4 electrons, all flavors, normal ordering) gives 19.2 events per tonne against their 17.5:
# +10 %. The residual is the detector model: neglecting recombination and electron extraction losses gives more
# electrons per recoil than their simulation, i.e. a lower effective threshold.
@pytest.mark.parametrize("mass_t, published", [(2.0, 35.0), (7.0, 123.0), (40.0, 704.0)])
def test_lang_2016_event_numbers(s27, mass_t, published):
    detector = get("xenon1t").replace(mass=mass_t * tonne)
    events = supernova_signal(s27, detector).predict(10 * kpc, "normal").total()["total"]
    assert events / published == pytest.approx(1.10, abs=0.02)
    assert abs(events / published - 1) < 0.15


def test_pandax_4t_range_bracketed_by_shipped_models(s27, s11):
    # Pang et al. (PandaX), Chin. Phys. C 48 (2024) 115001, arXiv:2403.06220, abstract: 6.6 to 13.7 events at
    # 10 kpc over 10 s for the progenitors and explosion models considered. With the 3.7 t, 5-100 keVnr preset the
    # 11.2 and 27 M☉ Garching models give 6.4 and 14.4: they bracket the published range, each end within 6 %
    # (the residual: different progenitor models, and a step threshold in place of the detector's efficiency).
    low = supernova_signal(s11, "pandax-4t").predict(10 * kpc, "normal").total((0, 10 * s))["total"]
    high = supernova_signal(s27, "pandax-4t").predict(10 * kpc, "normal").total((0, 10 * s))["total"]
    assert low <= 6.6 <= 13.7 <= high
    assert low == pytest.approx(6.6, rel=0.06) and high == pytest.approx(13.7, rel=0.06)
