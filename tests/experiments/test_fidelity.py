"""The COHERENT presets against their data releases: beam timing, the CsI 2021 response, and the published totals.

The release files used here are byte-for-byte copies under ``src/cevns/datasets/data/<release>/`` (provenance:
``/work/shared/data/<release>/PROVENANCE.md`` of the project's data, and the experiment data README).
"""

from pathlib import Path

import numpy as np
import pytest

from cevns import constants, experiments
from cevns.units import MeV, ns, us

RELEASES = Path(__file__).resolve().parents[2] / "src" / "cevns" / "datasets" / "data"


def _release(folder, name, **kwargs):
    return np.loadtxt(RELEASES / folder / name, **kwargs)


def _arrival_fractions(experiment, flavor, edges):
    """Fraction of one flavor's arrival-time pdf in each time bin, cut to the experiment's window."""
    pdf = lambda t: experiment.flux.time_pdf(t, flavor)  # noqa: E731
    return experiment.time_window.bin_fractions(pdf, edges)


@pytest.mark.parametrize("flavor,release", [("nu_mu", "arrivalTimePDF_promptNeutrinos.txt"),
                                            ("nu_e", "arrivalTimePDF_delayedNeutrinos.txt"),
                                            ("nubar_mu", "arrivalTimePDF_delayedNeutrinos.txt")])
def test_csi_2017_arrival_times_match_the_release(flavor, release):
    # COHERENT CsI 2017 data release (arXiv:1804.09459): probability per 0.5 us bin over 0-12 us, each file
    # normalised to 1 in that window
    released = _release("coherent-csi-2017", release, delimiter=",")
    experiment = experiments.get("coherent-csi-2017")
    edges = np.append(released[:, 0] - 0.25, released[-1, 0] + 0.25) * us
    predicted = _arrival_fractions(experiment, flavor, edges)
    predicted /= predicted.sum()
    assert np.abs(predicted - released[:, 1]).max() < 0.02
    # the pulse offset is the release's prompt mean less the pi+ lifetime; the delayed shape then follows with
    # no input of its own, to 0.6 % of the total per bin
    if flavor != "nu_mu":
        assert np.abs(predicted - released[:, 1]).max() < 0.006


def test_csi_2017_pulse_offset_is_the_released_prompt_mean():
    released = _release("coherent-csi-2017", "arrivalTimePDF_promptNeutrinos.txt", delimiter=",")
    mean = (released[:, 0] * released[:, 1]).sum() * us
    pulse = experiments.get("coherent-csi-2017").flux.pulse
    assert pulse.offset + constants.charged_pion_lifetime == pytest.approx(mean, abs=0.5 * ns)


def test_cenns10_arrival_times_match_the_released_cevns_pdf():
    # COHERENT CENNS-10 release (arXiv:2006.12659) cevnspdf.txt: CEvNS counts per (E, F90, t_trig) bin; its
    # projection on the ten 0.5-us bins of t_trig from -0.1 us is the arrival-time distribution of all flavors
    released = _release("coherent-cenns10-2020", "Data/cevnspdf.txt")
    centres = np.unique(released[:, 2])
    projected = np.array([released[released[:, 2] == c, 3].sum() for c in centres])
    projected /= projected.sum()
    experiment = experiments.get("coherent-cenns10-ar-2020")
    prediction = experiment.prediction
    edges = np.append(centres - 0.25, centres[-1] + 0.25) * us
    counts = prediction.counts().sum(axis=(0, 2))
    predicted = sum(n / fraction * _arrival_fractions(experiment, flavor, edges)
                    for n, flavor, fraction in zip(counts, prediction.rates.flavors, prediction.time_fractions))
    predicted /= predicted.sum()
    assert np.abs(predicted - projected).max() < 0.02


def test_csi_2021_timing_acceptance_removes_the_delayed_tail():
    # DR21 timing acceptance 1 below 0.52 us, exp(-0.0494/us (t - 0.52 us)) after (arXiv:2110.07730 release).
    # Independent check: the delayed flux is mu-decay dominated, so its acceptance-weighted fraction in 0-6 us
    # is within 1 % of ∫ e^{-t/τμ}/τμ · ε_t(t + t_0) dt for a pulse at t_0 = 440 ns (closed form below).
    prediction = experiments.get("coherent-csi-2021").prediction
    fractions = dict(zip(prediction.rates.flavors, prediction.time_fractions))
    tau, rate, plateau, t0, stop = constants.muon_lifetime, 0.0494 / us, 0.52 * us, 440 * ns, 6 * us
    flat = -np.expm1(-(plateau - t0) / tau)
    tail = (np.exp(-(plateau - t0) / tau) - np.exp(-(stop - t0) / tau - rate * (stop - plateau))) / (1 + rate * tau)
    assert fractions["nu_e"] == pytest.approx(flat + tail, rel=0.01)
    assert fractions["nu_mu"] > 0.99


def _coefficients(name):
    return _release("coherent-csi-2021", name, comments="#")


def test_csi_2021_response_is_the_release_s_with_its_variants():
    from cevns.detectors import SigmoidEfficiency, csi_coherent_2021
    from cevns.detectors.efficiency import CSI_EFFICIENCY_VARIANTS_2021
    from cevns.detectors.quenching import CSI_QUENCHING_VARIANTS_2021

    quenching = _coefficients("scintRespCoefficients.txt")
    names = ["nominal", "model0+1sigma", "model0-1sigma", "model1+1sigma", "model1-1sigma"]
    for row, name in zip(quenching, names):
        assert CSI_QUENCHING_VARIANTS_2021[name] == tuple(row)
        assert csi_coherent_2021(name).coefficients == tuple(row)
    efficiency = _coefficients("effCoefficients.txt")
    for row, name in zip(efficiency, ["nominal", "+1sigma", "-1sigma"]):
        variant = CSI_EFFICIENCY_VARIANTS_2021[name]
        assert (variant["a"], variant["k"], variant["x0"], variant["b"]) == tuple(row)
    experiment = experiments.get("coherent-csi-2021")
    assert experiment.response.quenching.coefficients == tuple(quenching[0])
    assert experiment.response.efficiency.x0 == efficiency[0, 2]
    # a variant is selectable as a nuisance value: E_ee(10 keVnr) from the release's model 0 + 1 sigma
    T = np.array([10e-3]) * MeV
    assert csi_coherent_2021("model0+1sigma").electron_equivalent(T)[0] / MeV == pytest.approx(
        np.polyval(np.append(quenching[1][::-1], 0.0), 10e-3), rel=1e-12)
    plus, minus = (experiment.prediction.counts(efficiency=SigmoidEfficiency.coherent_csi_2021(v)).sum()
                   for v in ("+1sigma", "-1sigma"))
    assert plus > experiment.prediction.counts().sum() > minus


# Published central SM predictions and the residual of each preset, with its cause. The totals use the released
# inputs only; what remains is named here and in the data README. Common to the three COHERENT presets: the nu_e
# charge-radius correction is still taken at Q^2 = 0 in cevns.physics (issue 8 item 4), which lowers the nu_e
# cross section by 1.6-1.8 % and these totals by about 0.6 %.
PUBLISHED_TOTALS = {
    # Science 357 (2017) 1123: 173. Residual -2.2 %, not identified. (The ROI is the 6-30 PE of the release's
    # reanalyses; 6-50 PE would add 6.2 %.)
    "coherent-csi-2017": (173.0, -0.022),
    # PRL 129 (2022) 081801: 341. Residual -2.8 %: the SNS POT trace of the argon release stands in for the CsI
    # 2021 one (the release's snsFlux2D.root is missing), which moves the timing acceptance of the delayed flux;
    # the rest is not identified.
    "coherent-csi-2021": (341.0, -0.028),
    # PRL 126 (2021) 012002, Analysis A: 128. Residual -2.6 %, not identified (the arrival-time distribution
    # matches the released CEvNS PDF to 0.9 % per bin).
    "coherent-cenns10-ar-2020": (128.0, -0.026),
    # Nature (2025), arXiv:2501.05206 v2: 347. Residual +1.7 %: one detector at the lowest threshold stands for
    # three (README.md).
    "conus-plus-2025": (347.0, 0.017),
}


@pytest.mark.parametrize("name", sorted(PUBLISHED_TOTALS))
def test_total_agrees_with_the_published_central_prediction(name):
    published, residual = PUBLISHED_TOTALS[name]
    experiment = experiments.get(name)
    assert experiment.published["prediction"] == published
    ratio = experiment.expected_counts().sum() / published
    assert ratio - 1.0 == pytest.approx(residual, abs=0.003)
    assert abs(ratio - 1.0) < 0.03
