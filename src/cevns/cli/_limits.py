"""`cevns limits MODEL --data DATASET`: 90% CL limits on new physics from packaged data releases."""

from __future__ import annotations

import click
import numpy as np

from .. import units
from ..errors import OutOfDomainError
from ._output import echo_json, save_figure

#: Scan ranges of the parameters of the families without a mediator mass (in the parameters' units).
RANGES = {"nsi-ee": (-1.0, 1.0), "nsi-mumu": (-1.0, 1.0), "magnetic-moment": (0.0, 300.0),
          "charge-radius": (-150.0, 150.0)}
#: The (sin²2θ, Δm²₄₁ [eV²]) plane of the sterile families: sin²2θ linear, Δm²₄₁ in equal ratios.
STERILE_PLANE = ((0.0, 1.0), (0.1, 100.0))


def _mass_range(text: str) -> tuple[float, float]:
    low, sep, high = text.partition(":")
    if not sep:
        raise OutOfDomainError(f"--mass-range must read LOW:HIGH with units, e.g. 1keV:10GeV, got {text!r}")
    low, high = (units.parse(v, dimension="energy", name="--mass-range") / units.MeV for v in (low, high))
    if not 0 < low <= high:
        raise OutOfDomainError(f"--mass-range must be positive and increasing, got {text!r}")
    return low, high


@click.command("limits")
@click.argument("family", metavar="MODEL")
@click.option("--data", "datasets", multiple=True, required=True, metavar="DATASET",
              help="Data release (see `cevns datasets`); repeat to combine.")
@click.option("--mass-range", default="1keV:10GeV", show_default=True, help="Mediator masses LOW:HIGH.")
@click.option("--points", default=30, show_default=True, help="Masses, or grid points per parameter.")
@click.option("--cl", default=0.9, show_default=True, help="Confidence level.")
@click.option("--workers", default=2, show_default=True, help="Local Dask worker processes (0: no Dask).")
@click.option("--address", default=None, help="Address of an existing Dask scheduler (tcp://host:8786).")
@click.option("--plot", "plot_path", metavar="FILE", help="Write the exclusion curve or allowed region to FILE.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output on stdout.")
def limits(family, datasets, mass_range, points, cl, workers, address, plot_path, as_json):
    """Limits on MODEL (vector-universal, vector-b-l, vector-lmu-ltau, scalar-universal: coupling versus mass;
    nsi-ee, nsi-mumu: allowed region of the u and d couplings; sterile (= sterile-mu), sterile-e: allowed region of
    sin²2θ (0-1) and Δm²₄₁ (0.1-100 eV²); magnetic-moment, charge-radius: allowed range per flavor) from the
    profile likelihood of the data releases."""
    import sys

    from .. import stats
    from ..stats import limits as lim
    from ..stats.new_physics import new_physics

    spec = new_physics(family)
    family = spec.name
    if plot_path and family in ("magnetic-moment", "charge-radius"):
        raise OutOfDomainError(f"--plot draws exclusion curves and allowed regions, not the ranges of {family}")
    if points < 2:
        raise OutOfDomainError(f"--points must be >= 2, got {points}")
    if workers < 0:
        raise OutOfDomainError(f"--workers must be >= 0, got {workers}")
    models = [stats.model(name, new_physics=spec) for name in datasets]
    model = models[0] if len(models) == 1 else stats.CombinedModel(*models)
    parallel = {"parallel": bool(workers or address), "workers": max(workers, 1), "address": address,
                "progress": sys.stderr.isatty() and not as_json}
    if spec.scanned:
        low, high = _mass_range(mass_range)
        results = [lim.coupling_limits(model, np.geomspace(low, high, points), cl=cl, **parallel)]
    elif family.startswith("sterile"):
        (s_low, s_high), (m_low, m_high) = STERILE_PLANE
        results = [lim.allowed_region(model, "sin2_2theta", np.linspace(s_low, s_high, points), "delta_m2_41",
                                      np.geomspace(m_low, m_high, points), cl=cl, **parallel)]
    elif family.startswith("nsi"):
        x, y = spec.names
        grid = np.linspace(*RANGES[family], points)
        results = [lim.allowed_region(model, x, grid, y, grid, cl=cl, **parallel)]
    else:
        grid = np.linspace(*RANGES[family], points)
        results = [lim.interval(model, name, grid, cl=cl) for name in spec.names]
    summary = {"model": family, "datasets": list(datasets), "results": [r.to_dict() for r in results]}
    if plot_path:
        from .. import plotting

        save_figure(plotting.limits(results[0]), plot_path)
        summary["plot"] = plot_path
    if as_json:
        echo_json(summary)
        return
    _print(summary, results)


def _print(summary, results):
    click.echo(f"{summary['model']}: {' + '.join(summary['datasets'])}, {results[0].cl:.0%} CL "
               f"(Δχ² = {results[0].threshold:.2f})")
    for r in results:
        if hasattr(r, "masses"):
            click.echo(f"  {'mass [MeV]':>12}  {'coupling':>10}")
            for m, g in zip(r.masses, r.couplings):
                click.echo(f"  {m:12.4g}  {g:10.3e}")
        elif hasattr(r, "x"):
            allowed = r.allowed
            click.echo(f"  best fit {r.x} = {r.best[0]:.3g}, {r.y} = {r.best[1]:.3g}; "
                       f"{allowed.sum()} of {allowed.size} grid points allowed")
        else:
            ranges = ", ".join(f"[{r.values[0] if lo is None else lo:.3g}, {r.values[-1] if hi is None else hi:.3g}]"
                               for lo, hi in r.allowed)  # an open end is the end of the scan
            click.echo(f"  {r.parameter} [{r.unit}]: allowed {ranges} (best fit {r.best:.3g})")
    if "plot" in summary:
        click.echo(f"  figure written to {summary['plot']}")
