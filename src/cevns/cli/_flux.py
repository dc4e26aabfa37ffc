"""`cevns flux`: normalization, mean energy and range per flavor of a source preset; spectrum as CSV/JSON; figures."""

from __future__ import annotations

import click
import numpy as np

from ..errors import InvalidSpecError
from ._output import echo_json, pdg_round, write_csv

_POINTS = 400


def _grid(flux, flavor):
    low, high = flux.energy_range(flavor)
    low = max(low, 1e-3 * high) if high > 0 else low
    if high <= low:
        return np.array([low])
    return np.geomspace(low, high, _POINTS)


def _describe(flux):
    from ..units import MeV

    rows = {}
    for flavor in flux.flavors:
        lo, hi = flux.energy_range(flavor)
        line_e, line_i = flux.lines(flavor)
        rows[flavor] = {
            "total": flux.total(flavor),
            "mean_energy_MeV": flux.mean_energy(flavor) / MeV,
            "energy_range_MeV": [lo / MeV, hi / MeV],
            "lines": [{"energy_MeV": e / MeV, "intensity": i} for e, i in zip(line_e, line_i)],
        }
    return rows


def _unit_of(flux):
    """Display factor and unit text of a flux's normalization (numbers are shown in cm⁻² s⁻¹ where that applies)."""
    from ..units import cm2, s

    norm = flux.normalization
    if "area" in norm and "time" in norm:
        return cm2 * s, "cm^-2 s^-1"
    if "area" in norm:
        return cm2, "cm^-2"
    return 1.0, "(" + norm + ")"


def _spectrum(flux):
    from ..units import MeV

    factor, unit = _unit_of(flux)
    out = {}
    for flavor in flux.flavors:
        e = _grid(flux, flavor)
        out[flavor] = {"energy_MeV": e / MeV, "differential": flux.differential(e, flavor) * factor * MeV}
    return out, unit + " MeV^-1"


def _plot(fluxes, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        from ..errors import OptionalDependencyError

        raise OptionalDependencyError("--plot", "matplotlib", "plot") from exc
    from ..units import MeV

    fig, ax = plt.subplots(figsize=(8, 5.5))
    for flux in fluxes:
        factor, unit = _unit_of(flux)
        for flavor in flux.flavors:
            e = _grid(flux, flavor)
            y = flux.differential(e, flavor) * factor * MeV
            label = f"{flux.name} {flavor}"
            if np.any(y > 0):
                ax.loglog(e / MeV, np.where(y > 0, y, np.nan), label=label)
            line_e, line_i = flux.lines(flavor)
            for le, li in zip(line_e, line_i):
                ax.vlines(le / MeV, 1e-30, li * factor, linestyles=":", colors="k")
                ax.annotate(f"{flux.name} line", (le / MeV, li * factor), fontsize=6)
    ax.set_xlabel("neutrino energy [MeV]")
    ax.set_ylabel("dΦ/dE [cm⁻² s⁻¹ MeV⁻¹]  (lines: Φ [cm⁻² s⁻¹], dotted)")
    ax.set_ylim(bottom=1e-6)
    ax.legend(fontsize=5, ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    plt.close(fig)


@click.command("flux")
@click.argument("source", required=False)
@click.option("--list", "list_", is_flag=True, help="List the source presets.")
@click.option("--all", "all_", is_flag=True, help="All steady presets per area per time (for --plot).")
@click.option("--json", "as_json", is_flag=True, help="JSON on stdout: summary and spectrum.")
@click.option("--output", type=click.Path(dir_okay=False), help="Write the spectrum as CSV.")
@click.option("--plot", type=click.Path(dir_okay=False), help="Write a log-log figure of dΦ/dE.")
def flux(source, list_, all_, as_json, output, plot):
    """Normalization, mean energy and range per flavor of SOURCE (a preset name; see --list)."""
    from .. import sources

    if list_:
        names = sources.available()
        if as_json:
            echo_json({name: sources.describe(name) for name in names})
        else:
            for name in names:
                click.echo(f"{name:30s} {sources.describe(name)}")
        return
    if all_:
        fluxes = [sources.get(n) for n in sources.available()
                  if n not in ("sns-coherent-per-pot", "reactor-per-fission", "supernova-illustrative-10kpc")
                  and not (n.startswith("solar-") and n not in ("solar-b16-gs98",))]
    elif source is None:
        raise InvalidSpecError("give a SOURCE preset name, --all, or --list")
    else:
        fluxes = [sources.get(source)]
    if plot:
        _plot(fluxes, plot)
    if source is None:
        if as_json:
            echo_json({f.name: {"normalization": f.normalization, "flavors": _describe(f)} for f in fluxes})
        return
    f = fluxes[0]
    factor, unit = _unit_of(f)
    summary = _describe(f)
    spectrum, spec_unit = _spectrum(f)
    if output:
        flavors = list(spectrum)
        energy = np.unique(np.concatenate([spectrum[fl]["energy_MeV"] for fl in flavors]))
        from ..units import MeV

        columns = [energy] + [f.differential(energy * MeV, fl) * factor * MeV for fl in flavors]
        write_csv(output, ["energy_MeV"] + [f"{fl}_{spec_unit.replace(' ', '_')}" for fl in flavors], columns)
    if as_json:
        echo_json({"name": f.name, "normalization": f.normalization, "unit": unit,
                   "reference": getattr(f, "reference", ""),
                   "flavors": {fl: {**row, "total": row["total"] * factor} for fl, row in summary.items()},
                   "spectrum_unit": spec_unit, "spectrum": spectrum})
        return
    click.echo(f"{f.name}: {f.normalization}")
    ref = getattr(f, "reference", "")
    if ref:
        click.echo(f"  source: {ref}")
    for fl, row in summary.items():
        lo, hi = row["energy_range_MeV"]
        lines = f", {len(row['lines'])} line(s)" if row["lines"] else ""
        click.echo(f"  {fl:9s} total {pdg_round(row['total'] * factor)} {unit}   <E> {pdg_round(row['mean_energy_MeV'])} MeV"
                   f"   range [{pdg_round(lo)}, {pdg_round(hi)}] MeV{lines}")
