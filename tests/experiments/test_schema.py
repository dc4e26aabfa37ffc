"""The experiment-file schema: units that cannot be forgotten, unknown keys, ranges, bin units, typed
normalizations, round trips of changed experiments, and read-only presets."""

import copy
import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

from cevns import experiments
from cevns.errors import CevnsError, InvalidSpecError, UnknownNameError
from cevns.experiments import from_dict, json_schema, to_dict
from cevns.units import kg

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SPEC = tomllib.loads(Path(__file__).with_name("user-csi.toml").read_text())


def _bad(mutate):
    spec = copy.deepcopy(SPEC)
    mutate(spec)
    return spec


@pytest.mark.parametrize("mutate,message", [
    # a bare number for a dimensional key is an error that shows the fix
    (lambda s: s["target"].update(mass=14.6), r"target\.mass.*has no unit.*mass.*'14\.6 kg'"),
    (lambda s: s["source"].update(distance=10), r"source\.distance.*has no unit.*length"),
    (lambda s: s["target"].update(mass="14.6 s"), r"target\.mass.*time.*mass"),
    (lambda s: s["exposure"].update(live_time="3 kg"), r"exposure\.live_time"),
    # ranges
    (lambda s: s["target"].update(mass="-1 kg"), r"target\.mass.*> 0"),
    (lambda s: s["target"].update(mass="0 kg"), r"target\.mass.*> 0"),
    (lambda s: s["exposure"].update(protons_on_target=-1.0), r"exposure\.protons_on_target"),
    (lambda s: s["exposure"].update(protons_on_target=0.0), r"exposure\.protons_on_target"),
    (lambda s: s["bins"].update(edges=[6, 8, 8, 10]), r"bins.*strictly increasing"),
    (lambda s: s["bins"].update(edges=list(range(200_002))), r"bins\.edges"),
    (lambda s: s["response"].update(subdivisions=10**9), r"response\.subdivisions"),
    (lambda s: s["response"]["efficiency"].update(a=float("nan")), r"response\.efficiency"),
    (lambda s: s["timing"].update(window=["5 us", "1 us"]), r"timing.*stop > start"),
    (lambda s: s["published"].update(prediction="many"), r"published\.prediction"),
    # bins checked against the response
    (lambda s: s["bins"].update(unit="keVnr"), r"keVnr.*quenching"),
    (lambda s: s["response"].pop("energy_scale"), r"bins\.unit = 'PE' needs response\.energy_scale"),
    (lambda s: s["response"]["efficiency"].update(unit="furlongs"), r"efficiency\.unit.*'PE'"),
    (lambda s: s["response"].update(threshold="5 keV"), r"response\.threshold.*count of PE"),
])
def test_bad_values_are_one_line_errors_naming_the_key(mutate, message):
    with pytest.raises(InvalidSpecError, match=message):
        from_dict(_bad(mutate))


@pytest.mark.parametrize("mutate,key", [
    (lambda s: s["target"].update(masss="1 kg"), "masss"),
    (lambda s: s["response"]["efficiency"].update(slope=1.0), "slope"),
    (lambda s: s["response"]["energy_scale"].update(offset=1.0), "offset"),
    (lambda s: s.update(extra_table={}), "extra_table"),
])
def test_unknown_keys_are_rejected_at_every_level(mutate, key):
    with pytest.raises(UnknownNameError, match=key):
        from_dict(_bad(mutate))


def test_keVee_bins_without_quenching_and_a_supernova_source_are_rejected_up_front():
    spec = {"schema_version": 1, "name": "x", "target": {"material": "Ar", "mass": "1 t"},
            "exposure": {"live_time": "1 yr"}, "source": {"preset": "solar-8B"},
            "bins": {"edges": [1, 2], "unit": "keVee"}}
    with pytest.raises(InvalidSpecError, match="keVee.*quenching"):
        from_dict(spec)
    spec["bins"]["unit"] = "keVnr"
    assert from_dict(spec).expected_counts().sum() > 0
    # a fluence (time-integrated supernova burst) cannot be multiplied by a live time: refused before any work
    spec["source"]["preset"] = "supernova-illustrative-10kpc"
    with pytest.raises(InvalidSpecError, match="fluence"):
        from_dict(spec)
    # a flux per proton on target needs protons_on_target
    spec["source"]["preset"] = "sns-coherent-per-pot"
    with pytest.raises(InvalidSpecError, match="protons_on_target"):
        from_dict(spec)


def test_to_dict_reflects_a_replaced_experiment():
    experiment = from_dict(SPEC)
    heavier = dataclasses.replace(experiment, target_mass=2 * experiment.target_mass, name="heavier")
    saved = to_dict(heavier)
    assert saved["name"] == "heavier" and saved["target"]["mass"] == f"{2 * 14.57:.15g} kg"
    again = from_dict(saved)
    assert again.target_mass == pytest.approx(2 * 14.57 * kg, rel=1e-14)
    assert again.expected_counts().sum() == pytest.approx(2 * experiment.expected_counts().sum(), rel=1e-12)
    with pytest.raises(InvalidSpecError, match="flux"):
        to_dict(dataclasses.replace(experiment, flux=experiment.flux * 2.0))


def test_presets_cannot_be_changed_by_callers():
    preset = experiments.get("coherent-csi-2017")
    with pytest.raises(TypeError):
        preset.published["prediction"] = 1.0
    with pytest.raises(ValueError):
        preset.bin_edges[0] = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        preset.target_mass = 1.0
    described = experiments.describe("coherent-csi-2017")
    described["published"]["prediction"] = 1.0
    assert experiments.describe("coherent-csi-2017")["published"]["prediction"] == 173.0
    assert experiments.get("coherent-csi-2017").published["prediction"] == 173.0


def test_the_documentation_derives_from_the_schema():
    schema = json_schema()
    assert set(schema["properties"]) >= {"target", "exposure", "source", "response", "bins", "timing", "published"}
    assert "target mass" in str(schema)


def test_every_cevns_error_is_one_line():
    for mutate in (lambda s: s["target"].update(mass=14.6), lambda s: s["target"].update(masss="1 kg")):
        with pytest.raises(CevnsError) as info:
            from_dict(_bad(mutate))
        assert "\n" not in str(info.value)


def test_counts_accepts_a_threshold_nuisance():
    # documented: response nuisances include the threshold; a higher threshold never adds counts
    prediction = from_dict(SPEC).prediction
    nominal = prediction.counts().sum()
    assert prediction.counts(threshold=10.0).sum() < nominal
    assert prediction.counts(threshold=None).sum() == pytest.approx(nominal)
    assert np.isfinite(nominal)


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ANY = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                 st.text(max_size=12), st.lists(st.floats(), max_size=4), st.dictionaries(st.text(max_size=4),
                                                                                         st.integers(), max_size=2))
_PATHS = [("target", "mass"), ("target", "material"), ("exposure", "protons_on_target"), ("source", "distance"),
          ("source", "preset"), ("bins", "edges"), ("bins", "unit"), ("response", "subdivisions"),
          ("response", "threshold"), ("timing", "window"), ("physics", "couplings"), ("published", "prediction")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(_PATHS), value=_ANY)
def test_any_value_anywhere_gives_an_experiment_or_a_cevns_error(path, value):
    # fuzz: whatever is written at a key, from_dict builds an experiment or raises a one-line cevns error
    spec = copy.deepcopy(SPEC)
    spec[path[0]][path[1]] = value
    try:
        experiment = from_dict(spec)
    except CevnsError as exc:
        assert "\n" not in str(exc)
        return
    assert experiment.target_mass > 0 and np.all(np.diff(experiment.bin_edges) > 0)
