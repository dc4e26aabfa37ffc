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
# inputs only; what remains is named here and in the data README. Levers measured on the presets, none of which
# closes the gap for a documented reason: the ν charge radius is taken at the momentum transfer (tomalak2021;
# at Q = 0 (pdg2024) the totals would be 0.6 % lower); tree-level couplings at ŝ²(0) = 0.23857 would lower them
# by 2.2-2.6 %; the axial part is 1-2e-4 of the CsI totals (no vector-axial interference,
# tests/physics/test_axial_interference.py); the recoil-to-bin response is exact (dense integration, below).
# The largest physics lever is the form factor: CsI with Helm instead of the publications' Klein-Nystrand
# (R_A = 1.2 A^(1/3) fm, a_k = 0.7 fm) is +6.4 % (2017) and +7.8 % (2021), argon with Klein-Nystrand −3.2 %;
# which radius each publication used is not in the released files, so it is not varied here.
PUBLISHED_TOTALS = {
    # Science 357 (2017) 1123: 173. Residual -2.2 %, not identified among the levers above. (The ROI is the
    # 6-30 PE of the release's reanalyses; 6-50 PE would add 6.2 %.)
    "coherent-csi-2017": (173.0, -0.022),
    # PRL 129 (2022) 081801: 341. Residual -2.8 %: the SNS POT trace of the argon release stands in for the CsI
    # 2021 one (the release's snsFlux2D.root is missing), which moves the timing acceptance of the delayed flux;
    # the rest is not identified.
    "coherent-csi-2021": (341.0, -0.028),
    # PRL 126 (2021) 012002, Analysis A: 128. Residual -2.6 %, located against the released CEvNS PDF
    # (test_cenns10_residual_is_in_the_recoil_spectrum_above_10_kevee): -2.9 % from 10-40 keVee (recoils of
    # 35-120 keVnr, a spectral-shape difference: form factor or flux shape), +0.3 % above 40 keVee, where the
    # release's acceptance table ends and the preset continues it flat.
    "coherent-cenns10-ar-2020": (128.0, -0.026),
    # Nature (2025), arXiv:2501.05206 v2: 347. Residual +1.7 %: one detector at the lowest threshold stands for
    # three (README.md).
    "conus-plus-2025": (347.0, 0.017),
    # COHERENT Ge-Mini (PRL 134 (2025) 231801): its SM-predicted count is not in an accessible text, so it has
    # no entry; its SM flux-averaged cross section is checked instead (test_ge_flux_averaged_cross_section).
}


@pytest.mark.parametrize("name", sorted(PUBLISHED_TOTALS))
def test_total_agrees_with_the_published_central_prediction(name):
    published, residual = PUBLISHED_TOTALS[name]
    experiment = experiments.get(name)
    assert experiment.published["prediction"] == published
    ratio = experiment.expected_counts().sum() / published
    assert ratio - 1.0 == pytest.approx(residual, abs=0.003)
    assert abs(ratio - 1.0) < 0.03


def test_cenns10_residual_is_in_the_recoil_spectrum_above_10_kevee():
    # The CENNS-10 release's CEvNS PDF (cevnspdf.txt) sums to the published 128 (Analysis A); its projection on
    # the 10-keVee energy bins locates the preset's -2.6 %. The first bin, where threshold, acceptance and
    # quenching act, agrees to 0.2 %; the deficit is in 10-40 keVee and grows with energy as a form factor or a
    # harder flux would make it; above 40 keVee the release has 5x less, because its acceptance table
    # (CENNS10AnlAEfficiency.txt) ends at 39.75 keVee = 117.5 keVnr and the preset extends its last value.
    released = _release("coherent-cenns10-2020", "Data/cevnspdf.txt")
    assert released[:, 3].sum() == pytest.approx(128.0, rel=1e-6)
    centres = np.unique(released[:, 0])
    projected = np.array([released[released[:, 0] == c, 3].sum() for c in centres])
    acceptance = _release("coherent-cenns10-2020", "Data/CENNS10AnlAEfficiency.txt")
    assert acceptance[-1, 0] == 39.75
    counts = experiments.get("coherent-cenns10-ar-2020").prediction.counts().sum(axis=(0, 1))
    ratio = counts[:5] / projected[:5]
    assert ratio[0] == pytest.approx(1.0, abs=0.002)
    assert ratio[1:4] == pytest.approx([0.931, 0.896, 0.944], abs=0.005)
    assert ratio[4] == pytest.approx(4.9, rel=0.1)
    deficit = (counts[1:4].sum() - projected[1:4].sum()) / 128.0
    above = (counts[4:].sum() - projected[4:].sum()) / 128.0
    assert deficit == pytest.approx(-0.029, abs=0.001)
    assert above == pytest.approx(0.0025, abs=0.0005)
    # A smaller nucleus alone is not the cause: Helm with Engel's R = 1.2 A^(1/3) fm, s = 1 fm (rms 3.18 fm
    # against 3.40 fm) raises 10-30 keVee by 5-8 % but the first bin by 2 %, which the release does not show
    from cevns.physics.form_factors import Helm
    from cevns.units import fermi

    engel = Helm(box_radius=np.sqrt((1.2 * 40 ** (1 / 3)) ** 2 - 5.0) * fermi, surface_thickness=1.0 * fermi)
    smaller = experiments.get("coherent-cenns10-ar-2020").prediction.counts(form_factor=engel).sum(axis=(0, 1))
    assert smaller[:3] / counts[:3] == pytest.approx([1.020, 1.046, 1.078], abs=0.003)


def test_ge_flux_averaged_cross_section():
    # COHERENT, "Measurement of coherent elastic neutrino nucleus scattering on germanium by COHERENT",
    # arXiv:2603.17951 (abstract): flux-averaged cross section 1.00 ± 0.10 (stat) ± 0.10 (syst) of the SM
    # expectation 5.9e-39 cm² (two figures, ±0.85 %). ⟨σ⟩ = Σ_f ∫ φ_f σ_f / Σ_f Φ_f over the ideal stopped-pion
    # flux (equal ν_μ, ν_e, ν̄_μ) with the Ge-Mini preset's physics (Helm, tomalak2021): +1.8 %. The residual is
    # the form factor, which the abstract does not give: Klein-Nystrand gives −0.9 %; the two bracket 5.9.
    from cevns import total_cross_section
    from cevns.units import cm2

    experiment = experiments.get("coherent-ge-2025")
    flux = experiment.flux

    def average(form_factor):
        folded = 0.0
        for flavor in flux.flavors:
            E, w = flux.quadrature(flavor)
            folded += w @ total_cross_section(E, "Ge", flavor=flavor, form_factor=form_factor,
                                              couplings=experiment.physics["couplings"])
        return folded / sum(flux.total(f) for f in flux.flavors) / cm2

    assert experiment.physics == {"form_factor": "helm", "couplings": "tomalak2021"}
    helm, kn = average("helm"), average("klein-nystrand")
    assert helm / 5.9e-39 - 1 == pytest.approx(0.018, abs=0.002)
    assert kn / 5.9e-39 - 1 == pytest.approx(-0.009, abs=0.002)
    assert kn < 5.9e-39 < helm
