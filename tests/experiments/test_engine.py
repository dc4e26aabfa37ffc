"""The experiment layer: specifications, round trips, bad input, and the binned engine against direct integration."""

import copy
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.integrate import quad

from cevns.errors import InvalidSpecError, UnknownNameError
from cevns.experiments import from_dict, load, to_dict
from cevns.rates import recoil_spectrum
from cevns.sources import FlavorSubset

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

USER_FILE = Path(__file__).with_name("user-csi.toml")


@pytest.fixture(scope="module")
def experiment():
    return load(USER_FILE)


@pytest.fixture(scope="module")
def spec():
    return tomllib.loads(USER_FILE.read_text())


def test_user_file_reproduces_the_preset(experiment):
    # The user file holds the inputs of the coherent-csi-2017 preset with tree-level couplings and a window of
    # -1..12 us around a pulse centred on t = 0; the preset's pulse is at 0.704 us in its 0..12 us window. Only the
    # delayed neutrinos arriving after 12 us differ: e^{-12 us/tau_mu} against e^{-(12 - 0.704) us/tau_mu}.
    import math

    from cevns import constants, experiments
    from cevns.units import us

    preset = experiments.get("coherent-csi-2017").prediction
    counts = preset.counts(couplings="tree").sum(axis=(0, 2))
    delayed = sum(n for n, f in zip(counts, preset.rates.flavors) if f != "nu_mu") / counts.sum()
    tau = constants.muon_lifetime
    lost_file, lost_preset = math.exp(-12 * us / tau), math.exp(-(12 - 0.7044) * us / tau)
    expected = (1 - delayed * lost_file) / (1 - delayed * lost_preset)
    assert experiment.expected_counts().sum() / counts.sum() == pytest.approx(expected, abs=5e-5)


def direct_counts(experiment):
    """Counts per bin by adaptive quadrature in T of R_b(T) · dR/dT(T), R from Response.matrix directly."""
    e, p = experiment, experiment.prediction
    nuclei = e.target_mass * np.asarray(e.target.nuclei_per_mass) * e.exposure_factor
    totals = np.zeros(len(e.bin_edges) - 1)
    for iso, n in zip(p.rates.isotopes, nuclei):
        t_end = p.rates.recoil_energies.max()
        for flavor, fraction in zip(p.rates.flavors, p.time_fractions):
            one = FlavorSubset(parent=e.flux, keep=(flavor,))

            def integrand(t, b):
                r = e.response.matrix(np.array([t]), e.bin_edges, isotope=iso)[b, 0]
                return r * float(recoil_spectrum(t, one, iso, form_factor=e.physics.get("form_factor", "helm")))

            for b in range(totals.size):
                totals[b] += n * fraction * quad(integrand, 0, t_end, args=(b,), epsrel=1e-7, limit=400)[0]
    return totals


def test_binned_engine_agrees_with_direct_integration(experiment):
    fast = experiment.expected_counts()
    direct = direct_counts(experiment)
    assert np.allclose(fast, direct, rtol=5e-3)


def test_round_trip(experiment, spec):
    again = from_dict(to_dict(experiment))
    assert np.array_equal(again.expected_counts(), experiment.expected_counts())
    assert to_dict(again) == to_dict(experiment)
    # every key of the file is kept as written; the schema's defaults are filled in
    written = to_dict(experiment)
    for table in ("target", "exposure", "source", "bins"):
        assert {k: written[table][k] for k in spec[table]} == spec[table]


def test_nuisance_reevaluation(experiment):
    p = experiment.prediction
    nominal = p.counts().sum()
    assert p.counts(flux_norm=1.1).sum() == pytest.approx(1.1 * nominal)
    # a smaller quenching factor moves events below threshold
    from cevns.detectors import ConstantQuenching

    assert p.counts(quenching=ConstantQuenching(0.07)).sum() < nominal


@pytest.mark.parametrize("mutate,error,message", [
    (lambda s: s["target"].pop("mass"), InvalidSpecError, "mass"),
    (lambda s: s["target"].update(masss="1 kg"), UnknownNameError, "masss"),
    (lambda s: s.update(schema_version=2), InvalidSpecError, "schema_version"),
    (lambda s: s["response"]["efficiency"].update(a=1.5), Exception, "a"),
    (lambda s: s["source"].update(distance="-3 m"), Exception, "distance"),
    (lambda s: s["response"].update(quenching={"model": "lindhardt"}), UnknownNameError, "lindhard"),
    (lambda s: s["exposure"].pop("protons_on_target"), InvalidSpecError, "protons_on_target"),
])
def test_bad_specifications_name_the_field(spec, mutate, error, message):
    bad = copy.deepcopy(spec)
    mutate(bad)
    with pytest.raises(error, match=message):
        from_dict(bad).expected_counts()
