"""Figures a physicist expects: cross sections, form factors, recoil spectra and binned counts.

Imported by users and by the command line only (it imports matplotlib); each function returns the Figure.
"""

from __future__ import annotations

import numpy as np

from .errors import OptionalDependencyError

__all__ = ["cross_sections", "form_factors", "recoil_spectra", "counts"]


def _pyplot():
    try:
        import matplotlib

        if matplotlib.get_backend().lower() not in ("agg", "module://matplotlib_inline.backend_inline"):
            matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise OptionalDependencyError("plotting", "matplotlib", "plot") from None
    return plt


def cross_sections(targets=("Ar40", "Ge", "CsI", "Xe"), energies=None, **physics):
    """σ(E) per nucleus for several targets on log-log axes."""
    from .physics.cross_section import total_cross_section
    from .units import MeV, cm2

    plt = _pyplot()
    E = np.geomspace(1, 300, 200) * MeV if energies is None else np.asarray(energies)
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    for target in targets:
        ax.loglog(E / MeV, total_cross_section(E, target, **physics) / cm2, label=str(target))
    ax.set_xlabel("neutrino energy [MeV]")
    ax.set_ylabel("σ per nucleus [cm²]")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    return fig


def form_factors(target="Xe131", models=("helm", "klein-nystrand", "symmetrized-fermi")):
    """|F(q)|² of several models for one nucleus."""
    from .nuclei import isotope
    from .physics.form_factors import form_factor
    from .units import MeV

    plt = _pyplot()
    iso = isotope(target)
    q = np.linspace(0, 400, 400) * MeV
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    for name in models:
        model = form_factor(name, iso)
        ax.semilogy(q / MeV, np.maximum(model(q) ** 2, 1e-12), label=name)
    ax.set_xlabel("momentum transfer q [MeV]")
    ax.set_ylabel("|F(q)|²")
    ax.set_ylim(1e-8, 1.5)
    ax.set_title(iso.name)
    ax.legend()
    fig.tight_layout()
    return fig


def recoil_spectra(experiment):
    """dN/dT before the detector response, per isotope and flavor, for an experiment."""
    from .units import keV

    plt = _pyplot()
    p = experiment.prediction
    cells = p.recoil_counts()
    T, w = p.rates.recoil_energies, p.rates.recoil_weights
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    for i, iso in enumerate(p.rates.isotopes):
        for k, flavor in enumerate(p.rates.flavors):
            density = cells[i, k] / w * keV
            if density.max() > 0:
                ax.semilogy(T / keV, density, label=f"{iso.name} {flavor}")
    ax.set_xlabel("nuclear recoil energy T [keV]")
    ax.set_ylabel("dN/dT [counts/keV]")
    ax.set_title(experiment.name)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    return fig


def counts(summary):
    """Expected counts per reconstructed bin, stacked by flavor, from :func:`cevns.cli._predict.prediction_summary`."""
    plt = _pyplot()
    edges = np.asarray(summary["bin_edges"])
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    bottom = np.zeros(len(edges) - 1)
    for flavor, values in summary["counts_by_flavor"].items():
        values = np.asarray(values)
        ax.bar(edges[:-1], values, width=np.diff(edges), bottom=bottom, align="edge", label=flavor, alpha=0.8)
        bottom += values
    ax.set_xlabel(f"reconstructed energy [{summary['bin_unit']}]")
    ax.set_ylabel("expected counts per bin")
    ax.set_title(f"{summary['experiment']}: {summary['total']:.1f} events")
    ax.legend()
    fig.tight_layout()
    return fig


def wimp_spectrum(result):
    """The WIMP recoil spectrum of ``cevns wimp`` (a dict with ``recoil_energy_keV`` and ``rate_per_tonne_year_keV``)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.semilogy(result["recoil_energy_keV"], np.maximum(result["rate_per_tonne_year_keV"], 1e-300))
    ax.set_ylim(bottom=max(min(v for v in result["rate_per_tonne_year_keV"] if v > 0) * 0.5, 1e-300))
    ax.set_xlabel("nuclear recoil energy T [keV]")
    ax.set_ylabel("dR/dT [events / (tonne·year·keV)]")
    ax.set_title(f"{result['target']}: m = {result['mass_GeV']:g} GeV, σ = {result['cross_section_cm2']:.2g} cm² "
                 f"({result['interaction']})")
    fig.tight_layout()
    return fig


def fog(result, *, cross_sections=None):
    """The neutrino fog: σ versus WIMP mass coloured by the fog index n, with the n = 2 floor.

    ``result`` is a :class:`cevns.dark_matter.FogResult`.
    """
    from matplotlib.colors import BoundaryNorm

    from .units import GeV, cm2

    plt = _pyplot()
    masses = result.masses / GeV
    finite = result.cross_sections[np.isfinite(result.cross_sections)] / cm2
    if cross_sections is None:
        low, high = np.log10(finite.min()), np.log10(finite.max())
        cross_sections = np.logspace(max(low, high - 12), high, 300) * cm2
    n = result.index_map(cross_sections)
    fig, ax = plt.subplots(figsize=(6.6, 4.6))
    levels = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 7.0, 10.0]
    mesh = ax.pcolormesh(masses, cross_sections / cm2, np.clip(n, 1, 10), cmap="Blues",
                         norm=BoundaryNorm(levels, 256), shading="auto")
    fig.colorbar(mesh, ax=ax, label="fog index n")
    ax.loglog(masses, result.floor / cm2, color="k", lw=2, label="floor (n = 2)")
    ax.loglog(masses, result.one_event_floor / cm2, color="k", ls="--", lw=1, label="one neutrino event")
    ax.set_xlabel("WIMP mass [GeV]")
    ax.set_ylabel("WIMP-nucleon cross section [cm²]")
    ax.set_title(f"neutrino fog: {result.meta.get('target', '')} ({result.meta.get('interaction', '')})")
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    return fig
