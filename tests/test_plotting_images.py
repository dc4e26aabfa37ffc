"""Image regression of the main figures (pytest-mpl, compared on every run through ``--mpl`` in the pytest options).

The baselines in tests/baseline/ are the figures these same functions drew when they were last checked by eye: a
change detector, not a physics reference (the content tests in test_plotting*.py check the numbers drawn). Text is
removed before comparing, so font versions and hinting do not matter; curves, steps, markers and colours do.
Regenerate after an intended change with
``python -m pytest tests/test_plotting_images.py -k "not readme" --mpl-generate-path=tests/baseline`` and look at
the new images.

The README shows figures of the documentation gallery, committed under docs/images/; the last test checks that each
is what its gallery script draws now (text included, so with a wider tolerance). Regenerate them with
``python -m pytest tests/test_plotting_images.py -k readme --mpl-generate-path=docs/images``.
"""

import re
import runpy
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pytest_mpl")
pytest.importorskip("mplhep")

from cevns import experiments, plotting  # noqa: E402
from cevns.units import MeV  # noqa: E402

compare = pytest.mark.mpl_image_compare(baseline_dir="baseline", style="default", tolerance=5, remove_text=True,
                                        savefig_kwargs={"dpi": 60}, deterministic=True)


@compare
def test_cross_sections_image():
    return plotting.cross_sections(("Ar40", "Ge", "CsI", "Xe"), np.geomspace(1, 300, 60) * MeV)


@compare
def test_form_factors_image():
    return plotting.form_factors(("Xe131", "Ar40"))


@compare
def test_counts_with_data_image():
    from cevns.cli._predict import prediction_summary

    summary = prediction_summary(experiments.get("coherent-csi-2017"))
    release = plotting.release_counts(summary)
    return plotting.counts(summary, data=release["data"], backgrounds=release["backgrounds"],
                           uncertainty=48.0 / 173.0)


@compare
def test_fluxes_image():
    from cevns import sources

    return plotting.fluxes([sources.get("sns-coherent"), sources.get("ess")], points=80)


@compare
def test_fit_figure_image():
    pytest.importorskip("iminuit")
    from cevns import stats

    model = stats.model("coherent-cenns10-2020")
    return plotting.fit_figure(model, stats.fit(model, minos=False))


ROOT = Path(__file__).parents[1]
README_FIGURES = ("counts_with_data", "cross_sections")


def test_readme_shows_the_gallery_figures():
    shown = re.findall(r"!\[[^\]]*\]\((docs/images/[^)]+)\)", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert shown == [f"docs/images/{stem}.png" for stem in README_FIGURES]
    for stem in README_FIGURES:
        assert (ROOT / "docs" / "gallery" / f"{stem}.py").is_file() and (ROOT / "docs" / "images" / f"{stem}.png").is_file()


@pytest.mark.parametrize("stem", [
    pytest.param(stem, marks=pytest.mark.mpl_image_compare(
        baseline_dir="../docs/images", filename=f"{stem}.png", style="default", tolerance=10,
        savefig_kwargs={"dpi": 80}, deterministic=True)) for stem in README_FIGURES])
def test_readme_figure_is_what_its_gallery_script_draws(stem):
    return runpy.run_path(str(ROOT / "docs" / "gallery" / f"{stem}.py"))["fig"]
