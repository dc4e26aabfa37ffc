"""The sterile-neutrino families (Δm²₄₁, sin²2θ) in the COHERENT likelihoods: closed forms, limits, the CLI."""

import json

import numpy as np
import pytest

pytest.importorskip("iminuit", reason="the likelihoods are iminuit cost functions (pip install cevns[fit])")

from cevns import experiments, stats  # noqa: E402
from cevns.cli import main  # noqa: E402
from cevns.errors import OutOfDomainError  # noqa: E402
from cevns.physics.interactions import SterileNeutrino  # noqa: E402
from cevns.stats import limits  # noqa: E402
from cevns.stats.new_physics import BASELINE_SPREAD, FAMILIES  # noqa: E402
from cevns.units import MeV, eV, m  # noqa: E402

#: ħc = h c/(2π e) [eV m] from the exact SI values of h, c and e (2019 SI): Δm² L/(4E) = K Δm²[eV²] L[m]/E[MeV]
#: with K = 1/(4 ħc[eV m] × 1e6 eV/MeV) = 1.26693 (the textbook 1.267)
HBARC_EV_M = 6.62607015e-34 * 299792458.0 / (2.0 * np.pi * 1.602176634e-19)
K = 1.0 / (4.0 * HBARC_EV_M * 1e6)


def averaged_sin2(dm2, L, D, E):
    """⟨sin²(Δm² L'/4E)⟩ for L' uniform in [L − D/2, L + D/2] (eV², m, MeV): with x = Δm²L'/4E,
    sin² x = (1 − cos 2x)/2 and the mean of cos 2x over the interval is cos(2kL) sin(kD)/(kD), k = Δm²/4E."""
    k = K * dm2 / E
    return 0.5 - 0.5 * np.cos(2.0 * k * L) * np.sin(k * D) / (k * D)


@pytest.mark.parametrize("family, alpha", [("sterile-mu", 1), ("sterile-e", 0)])
def test_family_probability_is_the_two_flavor_closed_form(family, alpha):
    # disappearance of one flavor: P_αα = 1 − sin²2θ ⟨sin²(Δm²L/4E)⟩, no appearance, the others untouched
    L = 19.3
    source = experiments.get("coherent-csi-2021").flux
    model = FAMILIES[family].interaction({"delta_m2_41": 2.5, "sin2_2theta": 0.2}, source)
    E = np.array([5.0, 12.0, 29.79, 52.8])
    P = model.transition_probability(E * MeV)
    expected = np.broadcast_to(np.eye(3), P.shape).copy()
    expected[:, alpha, alpha] = 1.0 - 0.2 * averaged_sin2(2.5, L, BASELINE_SPREAD / m, E)
    np.testing.assert_allclose(P, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(model.transition_probability(E * MeV, True), expected, rtol=0, atol=1e-12)
    assert FAMILIES["sterile"] is FAMILIES["sterile-mu"]


def test_prompt_line_counts_follow_the_closed_form():
    # the prompt ν_μ are one line at E = (m_π² − m_μ²)/(2m_π) = 29.79 MeV (m_π = 139.570, m_μ = 105.658 MeV,
    # PDG): their counts scale by P_μμ at that energy, exactly
    csi = experiments.get("coherent-csi-2021")
    line = (139.57039**2 - 105.6583755**2) / (2 * 139.57039)
    assert csi.flux.lines("nu_mu")[0][0] / MeV == pytest.approx(line, rel=1e-6)
    sm = csi.prediction.counts()[:, 1]
    for dm2, s2 in ((0.7, 0.3), (8.0, 0.5), (90.0, 1.0)):
        model = FAMILIES["sterile"].interaction({"delta_m2_41": dm2, "sin2_2theta": s2}, csi.flux)
        counts = csi.prediction.counts(model=model)[:, 1]
        survival = 1.0 - s2 * averaged_sin2(dm2, 19.3, BASELINE_SPREAD / m, csi.flux.lines("nu_mu")[0][0] / MeV)
        np.testing.assert_allclose(counts, survival * sm, rtol=1e-12, atol=1e-12 * sm.sum())


def test_large_splitting_averages_to_one_minus_half_the_amplitude():
    # ⟨sin²⟩ = 1/2 − cos(2kL) sinc(kD)/2 → 1/2 as kD → ∞: P_μμ → 1 − sin²2θ/2, ν_e untouched. Pointwise the
    # residual is at most sin²2θ/(2 k D), largest at the highest energy (52.8 MeV): Δm² = 300 eV² and D = 20 m give
    # k D = 144. The prompt line sits at one energy and keeps its residual (exactly the closed form); over the Michel
    # spectrum of the ν̄_μ the oscillating cos(2kL) nearly cancels (measured: 1.2e-5 of the counts).
    csi = experiments.get("coherent-csi-2021")
    s2 = 0.4
    u = 0.5 * (1.0 - np.sqrt(1.0 - s2))
    sterile = SterileNeutrino(dm2_41=300.0 * eV**2, umu4_sq=u, baseline=csi.flux.distance, baseline_spread=20 * m)
    ratio = csi.prediction.counts(model=sterile).sum(axis=(0, 2)) / csi.prediction.counts().sum(axis=(0, 2))
    bound = s2 / 2 / (K * 300.0 * 20.0 / 52.8)
    line = csi.flux.lines("nu_mu")[0][0] / MeV
    assert ratio[0] == pytest.approx(1.0, rel=1e-12)
    assert ratio[1] == pytest.approx(1.0 - s2 * averaged_sin2(300.0, 19.3, 20.0, line), rel=1e-12)
    assert ratio[1:] == pytest.approx(1.0 - s2 / 2, abs=bound)
    assert ratio[2] == pytest.approx(1.0 - s2 / 2, abs=2e-5)


@pytest.mark.parametrize("name", ["coherent-csi-2021", "coherent-cenns10-2020"])
def test_zero_mixing_is_the_standard_model_likelihood(name):
    sterile, sm = stats.model(name, new_physics="sterile"), stats.model(name)
    reference = sm.expected()
    for dm2 in (0.0, 1.0, 20.0):
        got = sterile.expected(delta_m2_41=dm2, sin2_2theta=0.0)
        for channel, counts in reference.items():
            np.testing.assert_allclose(got[channel], counts, rtol=0, atol=1e-12 * counts.sum())


def test_allowed_region_in_the_sterile_plane():
    # at sin²2θ = 0 the splitting is unphysical: Δχ² is one number up the Δm² column (to Minuit's tolerance)
    model = stats.model("coherent-cenns10-2020", new_physics="sterile")
    region = limits.allowed_region(model, "sin2_2theta", [0.0, 0.5, 1.0], "delta_m2_41", [0.3, 3.0, 30.0])
    assert region.threshold == pytest.approx(-2.0 * np.log(0.1), rel=1e-12)
    assert np.ptp(region.delta_chi2[:, 0]) < 1e-3
    assert region.delta_chi2.min() == 0.0
    assert region.delta_chi2.shape == (3, 3)


def test_sterile_family_needs_a_source_distance():
    with pytest.raises(OutOfDomainError, match="needs a source at a known distance"):
        stats.model("xenonnt-8b-2024", new_physics="sterile").expected(sin2_2theta=0.1)
    with pytest.raises(OutOfDomainError, match="delta_m2_41 = 2000"):
        stats.model("coherent-csi-2021", new_physics="sterile").check_values({"delta_m2_41": 2000.0})


def test_cli_sterile_region_matches_the_library(capsys):
    main(["limits", "sterile", "--data", "coherent-csi-2021", "--points", "2", "--workers", "0", "--json"])
    (result,) = json.loads(capsys.readouterr().out)["results"]
    assert (result["x"], result["y"]) == ("sin2_2theta", "delta_m2_41")
    assert result["y_values"] == pytest.approx([0.1, 100.0])
    model = stats.model("coherent-csi-2021", new_physics="sterile")
    library = limits.allowed_region(model, "sin2_2theta", [0.0, 1.0], "delta_m2_41", [0.1, 100.0])
    np.testing.assert_allclose(result["delta_chi2"], library.delta_chi2, rtol=1e-9, atol=1e-9)
