"""Figures a physicist expects: cross sections, form factors, recoil spectra, binned counts, fluxes, P_ee(E).

Imported by users and by the command line only (it imports matplotlib). Each function builds and returns a
:class:`matplotlib.figure.Figure` without pyplot, so it never changes the user's backend, style or open figures:
show it in a notebook by leaving it as the cell's value, save it with ``fig.savefig("name.png")``, or add it to a
pyplot session with your own axes.
"""

from __future__ import annotations

import numpy as np

from .errors import InvalidSpecError, OptionalDependencyError

__all__ = ["cross_sections", "form_factors", "recoil_spectra", "counts", "fluxes", "survival_probability"]


def _figure(width: float = 6.4, height: float = 4.4):
    """A new Figure with one Axes, made without pyplot (no backend switch, no global state)."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise OptionalDependencyError("plotting", "matplotlib", "plot") from None
    fig = Figure(figsize=(width, height), layout="tight")
    return fig, fig.add_subplot()


def cross_sections(targets=("Ar40", "Ge", "CsI", "Xe"), energies=None, **physics):
    """σ(E) per nucleus for several targets on log-log axes.

    Parameters
    ----------
    targets : sequence of str
        Isotopes or materials.
    energies : array_like [energy], optional
        Neutrino energies (default 1–300 MeV).
    **physics
        Passed to :func:`cevns.total_cross_section` (form factor, couplings, flavor, ...).
    """
    from .physics.cross_section import total_cross_section
    from .units import MeV, cm2

    E = np.geomspace(1, 300, 200) * MeV if energies is None else np.asarray(energies)
    fig, ax = _figure()
    for target in targets:
        ax.loglog(E / MeV, total_cross_section(E, target, **physics) / cm2, label=str(target))
    ax.set_xlabel("neutrino energy [MeV]")
    ax.set_ylabel("σ per nucleus [cm²]")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    return fig


def form_factors(target="Xe131", models=("helm", "klein-nystrand", "symmetrized-fermi")):
    """|F(q)|² of several models for one nucleus."""
    from .nuclei import isotope
    from .physics.form_factors import form_factor
    from .units import MeV

    iso = isotope(target)
    q = np.linspace(0, 400, 400) * MeV
    fig, ax = _figure()
    for name in models:
        model = form_factor(name, iso)
        ax.semilogy(q / MeV, np.maximum(model(q) ** 2, 1e-12), label=name)
    ax.set_xlabel("momentum transfer q [MeV]")
    ax.set_ylabel("|F(q)|²")
    ax.set_ylim(1e-8, 1.5)
    ax.set_title(iso.name)
    ax.legend()
    return fig


def recoil_spectra(experiment):
    """dN/dT before the detector response, per isotope and flavor, for an experiment."""
    from .units import keV

    p = experiment.prediction
    cells = p.recoil_counts()
    T, w = p.rates.recoil_energies, p.rates.recoil_weights
    fig, ax = _figure()
    for i, iso in enumerate(p.rates.isotopes):
        for k, flavor in enumerate(p.rates.flavors):
            density = cells[i, k] / w * keV
            if density.max() > 0:
                ax.semilogy(T / keV, density, label=f"{iso.name} {flavor}")
    ax.set_xlabel("nuclear recoil energy T [keV]")
    ax.set_ylabel("dN/dT [counts/keV]")
    ax.set_title(experiment.name)
    ax.legend(fontsize=7, ncol=2)
    return fig


def counts(summary):
    """Expected counts per reconstructed bin, stacked by flavor, from :func:`cevns.cli._predict.prediction_summary`."""
    edges = np.asarray(summary["bin_edges"])
    fig, ax = _figure(6.4, 4.2)
    bottom = np.zeros(len(edges) - 1)
    for flavor, values in summary["counts_by_flavor"].items():
        values = np.asarray(values)
        ax.bar(edges[:-1], values, width=np.diff(edges), bottom=bottom, align="edge", label=flavor, alpha=0.8)
        bottom += values
    ax.set_xlabel(f"reconstructed energy [{summary['bin_unit']}]")
    ax.set_ylabel("expected counts per bin")
    ax.set_title(f"{summary['experiment']}: {summary['total']:.1f} events")
    ax.legend()
    return fig


def fluxes(sources, *, points: int = 400):
    """dΦ/dE of one or more fluxes on log-log axes, lines drawn as dotted verticals of height Φ.

    Parameters
    ----------
    sources : Flux or sequence of Flux
        Fluxes of one :class:`~cevns.sources.Normalization` (they share the axis and its unit).
    points : int
        Energies per curve (log-spaced over each flavor's range).
    """
    from .sources import Flux, Normalization
    from .units import MeV

    sources = [sources] if isinstance(sources, Flux) else list(sources)
    if not sources:
        raise InvalidSpecError("fluxes needs at least one flux")
    norms = {Normalization.parse(f.normalization) for f in sources}
    if len(norms) > 1:
        raise InvalidSpecError("fluxes on one figure must share a normalization, got "
                               + "; ".join(sorted(str(n) for n in norms)))
    factor, unit = next(iter(norms)).display
    fig, ax = _figure(8, 5.5)
    top = 0.0
    lines = []
    for flux in sources:
        for flavor in flux.flavors:
            e = flux.energy_grid(flavor, points)
            y = flux.differential(e, flavor) * factor * MeV
            if np.any(y > 0):
                ax.loglog(e / MeV, np.where(y > 0, y, np.nan), label=f"{flux.name} {flavor}")
                top = max(top, float(y.max()))
            for energy, intensity in zip(*flux.lines(flavor)):
                lines.append((flux.name, energy / MeV, intensity * factor))
                top = max(top, float(intensity * factor))
    bottom = 1e-10 * top if top > 0 else 1e-30
    for name, energy, height in lines:
        ax.vlines(energy, bottom, height, linestyles=":", colors="k")
        ax.annotate(f"{name} line", (energy, height), fontsize=6)
    ax.set_xlabel("neutrino energy [MeV]")
    ax.set_ylabel(f"dΦ/dE [{unit} MeV⁻¹]  (lines: Φ [{unit}], dotted)")
    if top > 0:
        ax.set_ylim(bottom=bottom)
    ax.legend(fontsize=5, ncol=2)
    return fig


def survival_probability(energy, curves):
    """P_ee(E) curves on a logarithmic energy axis.

    Parameters
    ----------
    energy : array_like [energy]
    curves : mapping label → array_like
        Survival probabilities at ``energy``, each in [0, 1].
    """
    from .units import MeV

    fig, ax = _figure(6, 4)
    for label, values in curves.items():
        ax.semilogx(np.asarray(energy) / MeV, np.asarray(values), label=label)
    ax.set_xlabel("E [MeV]")
    ax.set_ylabel(r"$P_{ee}$")
    ax.set_ylim(0, 1)
    ax.legend()
    return fig
