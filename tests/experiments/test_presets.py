"""Every preset against its publication, and its binned engine against a dense direct integration."""

import numpy as np
import pytest

from cevns import experiments
from cevns.rates import recoil_spectrum
from cevns.sources import FlavorSubset

PRESETS = experiments.available()
PUBLISHED = [name for name in PRESETS if "prediction" in (experiments.describe(name)["published"] or {})]


@pytest.mark.parametrize("name", PUBLISHED)
def test_total_agrees_with_published_prediction(name):
    # each preset's [published] table cites the paper and table of its prediction and uncertainty
    experiment = experiments.get(name)
    published = experiment.published
    if not published.get("reproducible", True):
        pytest.skip(f"{name} documents why its prediction cannot be reproduced from public inputs")
    low = published.get("prediction_uncertainty_low", published["prediction_uncertainty"])
    total = experiment.expected_counts().sum()
    assert published["prediction"] - low <= total <= published["prediction"] + published["prediction_uncertainty"]


def dense_direct_counts(experiment, points=6000):
    """Counts per bin from a dense trapezoid in T, Response.matrix evaluated directly (no tabulation)."""
    p = experiment.prediction
    T = np.linspace(0.0, p.rates.recoil_energies.max(), points)
    nuclei = experiment.target_mass * np.asarray(experiment.target.nuclei_per_mass) * experiment.exposure_factor
    total = np.zeros(len(experiment.bin_edges) - 1)
    form_factor = experiment.physics.get("form_factor", "helm")
    couplings = experiment.physics.get("couplings", "tree")
    for iso, n in zip(p.rates.isotopes, nuclei):
        matrix = experiment.response.matrix(T, experiment.bin_edges, isotope=iso)
        for flavor, fraction in zip(p.rates.flavors, p.time_fractions):
            rate = recoil_spectrum(T, FlavorSubset(parent=experiment.flux, keep=(flavor,)), iso,
                                   form_factor=form_factor, couplings=couplings,
                                   sin2_theta_w=experiment.physics.get("sin2_theta_w"))
            total += n * fraction * np.trapezoid(matrix * rate, T, axis=1)
    return total


@pytest.mark.parametrize("name", PRESETS)
def test_binned_engine_agrees_with_direct_integration(name):
    experiment = experiments.get(name)
    fast, direct = experiment.expected_counts(), dense_direct_counts(experiment)
    assert fast.sum() == pytest.approx(direct.sum(), rel=5e-3)
    significant = direct > 0.01 * direct.max()
    assert np.allclose(fast[significant], direct[significant], rtol=5e-3)


@pytest.mark.parametrize("name", PRESETS)
def test_round_trip(name):
    experiment = experiments.get(name)
    again = experiments.from_dict(experiments.to_dict(experiment))
    assert np.allclose(again.expected_counts(), experiment.expected_counts(), rtol=1e-12)
