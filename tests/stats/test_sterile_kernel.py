"""Counts with a sterile state from the oscillation kernel, against the exact prediction from the oscillated flux."""

import dataclasses

import numpy as np
import pytest

from cevns import experiments
from cevns.errors import InvalidSpecError
from cevns.experiments.oscillation import PHASE_STEP, phase_scale
from cevns.physics.interactions import NSI, SterileNeutrino
from cevns.units import eV, m


@pytest.fixture(scope="module")
def csi():
    # no time window: the exact path gives an appeared flavor the mixture of its parents' time profiles, the kernel
    # its parent's own; without a window both count every neutrino once
    return dataclasses.replace(experiments.get("coherent-csi-2021"), time_window=None)


def exact(experiment, sterile):
    """Counts per bin of the experiment rebuilt on the oscillated flux (adaptive quadrature of the flux)."""
    flux = experiment.flux.oscillated(sterile.transition_probability)
    return dataclasses.replace(experiment, flux=flux).prediction.counts().sum(axis=(0, 1))


@pytest.mark.parametrize("dm2, mixing", [(3.0, {"umu4_sq": 0.1}), (30.0, {"ue4_sq": 0.05, "umu4_sq": 0.05})],
                         ids=["mu-disappearance", "e-mu-appearance"])
def test_kernel_equals_the_oscillated_flux_prediction(csi, dm2, mixing):
    # both integrate the same Φ_β(E) dσ/dT over E ≥ E_min(T) at the same recoil nodes, the exact path on panels
    # refined to 1e-10, the kernel on fixed panels (flux edges, E_min(T) of each node, ≤ 1 rad of phase)
    sterile = SterileNeutrino(dm2_41=dm2 * eV**2, baseline=csi.flux.distance, baseline_spread=1.0 * m, **mixing)
    fast = csi.prediction.counts(model=sterile).sum(axis=(0, 1))
    reference = exact(csi, sterile)
    assert fast.sum() < 0.97 * csi.prediction.counts().sum()  # the oscillation is visible
    np.testing.assert_allclose(fast, reference, rtol=0, atol=1e-10 * reference.sum())


def test_disappearance_keeps_each_emitted_flavor_and_its_time_window():
    # with |U_μ4|² only, ν_e is untouched and ν_μ, ν̄_μ keep their own (prompt, delayed) time-window fractions, so
    # the per-flavor counts equal the exact path's even with the preset's window
    csi = experiments.get("coherent-csi-2021")
    sterile = SterileNeutrino(dm2_41=2.0 * eV**2, umu4_sq=0.08, baseline=csi.flux.distance)
    flux = csi.flux.oscillated(sterile.transition_probability)
    reference = dataclasses.replace(csi, flux=flux).prediction.counts()
    fast = csi.prediction.counts(model=sterile)
    assert csi.prediction.rates.flavors == ("nu_e", "nu_mu", "nubar_mu")
    np.testing.assert_allclose(fast, reference[:, [0, 1, 4]], rtol=0, atol=1e-10 * reference.sum())
    np.testing.assert_array_equal(fast[:, 0] == 0, reference[:, 0] == 0)


def test_zero_mixing_is_the_standard_model(csi):
    for dm2 in (0.0, 1.0, 50.0):
        sterile = SterileNeutrino(dm2_41=dm2 * eV**2, baseline=csi.flux.distance, baseline_spread=1.0 * m)
        sm = csi.prediction.counts()
        np.testing.assert_allclose(csi.prediction.counts(model=sterile), sm, rtol=0, atol=1e-12 * sm.sum())


def test_other_new_physics_enters_the_kernel():
    # a sterile state with NSI: the kernel's dσ/dT carries the NSI charge; with zero mixing it is the NSI prediction
    csi = experiments.get("coherent-csi-2021")
    nsi = NSI(up={"mumu": 0.1}, down={"ee": -0.05})
    sterile = SterileNeutrino(dm2_41=1.0 * eV**2, baseline=csi.flux.distance)
    reference = csi.prediction.counts(model=nsi)
    np.testing.assert_allclose(csi.prediction.counts(model=nsi + sterile), reference, rtol=0,
                               atol=1e-12 * reference.sum())


def test_kernel_resolution_follows_the_point(csi):
    # the phase Δm² L_far/(2ħc E) must change by at most PHASE_STEP per panel at the largest Δm² seen so far
    prediction = experiments.get("coherent-cenns10-ar-2020").prediction
    small = SterileNeutrino(dm2_41=0.5 * eV**2, umu4_sq=0.1, baseline=prediction.experiment.flux.distance)
    large = dataclasses.replace(small, dm2_41=20.0 * eV**2)
    prediction.counts(model=small)
    (kernel,) = prediction._kernels.values()
    assert phase_scale(small) <= kernel.scale < phase_scale(large)
    prediction.counts(model=large)
    (kernel,) = prediction._kernels.values()
    assert kernel.scale >= phase_scale(large)
    E = np.sort(kernel.energies[:-1])  # the last node is the prompt ν_μ line
    phase = kernel.scale / E
    assert np.all(-np.diff(phase)[np.diff(E) > 0] <= PHASE_STEP)  # nodes closer than a panel in phase


def test_response_nuisances_are_refused_with_a_sterile_state(csi):
    sterile = SterileNeutrino(dm2_41=1.0 * eV**2, umu4_sq=0.1, baseline=csi.flux.distance)
    with pytest.raises(InvalidSpecError, match="response nuisances"):
        csi.prediction.counts(model=sterile, quenching=1.1)
