"""Figures a physicist expects: cross sections, form factors, recoil spectra, binned counts, fluxes, P_ee(E).

Imported by users and by the command line only (it imports matplotlib). Each function builds and returns a
:class:`matplotlib.figure.Figure` without pyplot, so it never changes the user's backend, style or open figures:
show it in a notebook by leaving it as the cell's value, save it with ``fig.savefig("name.png")``, or add it to a
pyplot session with your own axes.

Conventions: binned counts are drawn as histograms with mplhep (stacked filled steps and a black total, per unit of
the axis when bins differ in width), data as black points with Poisson (Garwood) error bars; curves take Petroff's
colour-blind-safe colours with distinct line styles (one colour per source, isotope or target, one line style per
flavor), black for totals. ``logx``/``logy`` switch an axis scale (``None`` keeps the figure's default).
"""

from __future__ import annotations

import textwrap

import numpy as np

from .errors import InvalidSpecError, OptionalDependencyError

__all__ = ["PALETTE", "DASHES", "FLAVOR_STYLES", "styles", "stacked_histogram", "data_points", "residuals",
           "counts_histogram", "release_counts", "curve_table", "cross_sections", "form_factors", "recoil_spectra",
           "counts", "fluxes",
           "survival_probability", "stellar_mean_free_path", "fit_figure", "wimp_spectrum", "fog", "supernova_signal",
           "limits"]


def _figure(width: float = 6.4, height: float = 4.4):
    """A new Figure with one Axes, made without pyplot (no backend switch, no global state)."""
    return _subplots(figsize=(width, height), layout="tight")


def _subplots(nrows: int = 1, ncols: int = 1, *, figsize=(6.4, 4.4), layout=None, **kwargs):
    """A new Figure with a grid of Axes (as ``pyplot.subplots``), made without pyplot."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise OptionalDependencyError("plotting", "matplotlib", "plot") from None
    fig = Figure(figsize=figsize, layout=layout)
    return fig, fig.subplots(nrows, ncols, **kwargs)


# Petroff's ten-colour sequence, chosen to stay distinct under the common colour-vision deficiencies
# (M. A. Petroff, "Accessible color sequences for data visualization", arXiv:2107.02270; matplotlib's "petroff10");
# black is kept for totals and data.
PALETTE = ("#3f90da", "#ffa90e", "#bd1f01", "#94a4a2", "#832db6", "#a96b59", "#e76300", "#b9ac70", "#717581",
           "#92dadd")
# line styles, the four standard ones first (their count with the ten colours gives 20 distinct pairs)
DASHES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)))
# one line style per flavor on every figure, so a flavor reads the same everywhere
FLAVOR_STYLES = dict(zip(("nu_e", "nubar_e", "nu_mu", "nubar_mu", "nu_tau", "nubar_tau"), DASHES))
TOTAL_STYLE = {"color": "k", "linestyle": "-", "linewidth": 1.8}


def styles(n: int) -> list[dict]:
    """``n`` curve styles (``color``, ``linestyle``), each pair used once: colour and line style both change from
    one curve to the next, so no two curves of a figure look alike (up to 20 curves)."""
    dashes = DASHES[:4]
    most = int(np.lcm(len(PALETTE), len(dashes)))
    if n > most:
        raise InvalidSpecError(f"a figure can tell at most {most} curves apart, got {n}")
    return [{"color": PALETTE[i % len(PALETTE)], "linestyle": dashes[i % len(dashes)]} for i in range(n)]


def _group_colors(names) -> dict:
    """One palette colour per group (source, isotope, target), in order of first appearance."""
    names = list(dict.fromkeys(names))
    if len(names) > len(PALETTE):
        raise InvalidSpecError(f"a figure can colour at most {len(PALETTE)} groups apart, got {len(names)}")
    return dict(zip(names, PALETTE))


def _scales(ax, logx, logy) -> None:
    """Apply ``logx``/``logy`` when given (``None`` keeps the figure's default)."""
    if logx is not None:
        ax.set_xscale("log" if logx else "linear")
    if logy is not None:
        ax.set_yscale("log" if logy else "linear")


def _mplhep():
    try:
        import mplhep
    except ImportError:
        raise OptionalDependencyError("histograms", "mplhep", "plot") from None
    return mplhep


def _per_width(edges) -> bool:
    """Whether counts must be shown per unit width: bins of unequal width would otherwise fake peaks."""
    widths = np.diff(np.asarray(edges, dtype=float))
    return not np.allclose(widths, widths[0], rtol=1e-9)


def stacked_histogram(ax, components, edges, *, per_width: bool = False, total: bool = True, band=None):
    """Stack binned ``components`` (mapping label → counts per bin) as filled steps, with their sum as a black step.

    ``per_width`` divides every bin by its width (counts per unit of the axis); ``band`` (counts per bin) draws a
    hatched ±band around the sum. Returns mplhep's artists, one per component, then the total's.
    """
    mplhep = _mplhep()
    labels = list(components)
    values = [np.asarray(components[k], dtype=float) for k in labels]
    colors = [s["color"] for s in styles(len(labels))]
    norm = 1 if per_width else None
    artists = list(mplhep.histplot(values, edges, stack=True, histtype="fill", label=labels, color=colors, alpha=0.8,
                                   binwnorm=norm, ax=ax, flow=None))
    if total:
        artists += mplhep.histplot(np.sum(values, axis=0), edges, histtype="step", label="total", binwnorm=norm,
                                   ax=ax, flow=None, **TOTAL_STYLE)
    if band is not None:
        width = np.diff(np.asarray(edges, dtype=float)) if per_width else 1.0
        summed = np.sum(values, axis=0)
        band = np.broadcast_to(np.asarray(band, dtype=float), summed.shape)
        ax.stairs((summed + band) / width, edges, baseline=np.maximum(summed - band, 0.0) / width, fill=False,
                  hatch="////", color="gray", linewidth=0, label="uncertainty")
    return artists


def data_points(ax, data, edges, *, per_width: bool = False):
    """Observed counts per bin as black points with Poisson (Garwood 68 %) error bars, per unit width if asked."""
    mplhep = _mplhep()
    return mplhep.histplot(np.asarray(data, dtype=float), edges, histtype="errorbar", yerr=True, color="k",
                           label="data", binwnorm=1 if per_width else None, ax=ax, flow=None, markersize=4)


def residuals(ax, data, expected, edges, *, label: str = "(data − fit)/√fit"):
    """Pulls (data − expected)/√expected per bin as points with errors √data/√expected, and the zero line."""
    data, expected = np.asarray(data, dtype=float), np.asarray(expected, dtype=float)
    edges = np.asarray(edges, dtype=float)
    centers = 0.5 * (edges[1:] + edges[:-1])
    scale = np.sqrt(np.where(expected > 0, expected, 1.0))
    artists = ax.errorbar(centers, (data - expected) / scale, yerr=np.sqrt(data) / scale, fmt="o", color="k", ms=3)
    ax.axhline(0.0, color="gray", lw=0.8)
    ax.set_ylabel(label)
    return artists


def curve_table(fig) -> dict:
    """The labelled curves of a figure's first Axes as one table, a row per drawn point: ``curve`` (the legend
    label), then x and y under the axis labels (which name the quantity and its unit)."""
    from ._table import column

    ax = fig.axes[0]
    lines = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
    if not lines:
        raise InvalidSpecError("the figure has no labelled curve to tabulate")
    x = np.concatenate([np.asarray(line.get_xdata(), dtype=float) for line in lines])
    y = np.concatenate([np.asarray(line.get_ydata(), dtype=float) for line in lines])
    keep = np.isfinite(y)  # gaps (NaN) are where a curve is not drawn
    labels = np.concatenate([[line.get_label()] * len(line.get_xdata()) for line in lines])
    return {column("curve"): labels[keep].tolist(), ax.get_xlabel(): x[keep], ax.get_ylabel(): y[keep]}


def cross_sections(targets=("Ar40", "Ge", "CsI", "Xe"), energies=None, *, logx=None, logy=None, **physics):
    """σ(E) per nucleus for several targets on log-log axes (``logx``/``logy`` = False for linear axes).

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
    for target, style in zip(targets, styles(len(targets))):
        ax.loglog(E / MeV, total_cross_section(E, target, **physics) / cm2, label=str(target), **style)
    _scales(ax, logx, logy)
    ax.set_xlabel("neutrino energy [MeV]")
    ax.set_ylabel("σ per nucleus [cm²]")
    ax.set_title("CEvNS total cross section" + _physics_text(physics))
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    return fig


def form_factors(target="Xe131", models=("helm", "klein-nystrand", "symmetrized-fermi"), *, logx=None, logy=None):
    """|F(q)|² of several models for one isotope or several: one colour per isotope, one line style per model.

    Parameters
    ----------
    target : str or sequence of str
        Isotope name(s).
    models : sequence of str
        Form-factor models (see :func:`cevns.physics.form_factors.form_factor`).
    """
    from .nuclei import isotope
    from .physics.form_factors import form_factor
    from .units import MeV

    isotopes = [isotope(t) for t in ([target] if isinstance(target, str) else target)]
    colors = _group_colors(iso.name for iso in isotopes)
    if len(models) > len(DASHES):
        raise InvalidSpecError(f"models: at most {len(DASHES)} form-factor models on one figure, got {len(models)}")
    dashes = dict(zip(models, DASHES))
    q = np.linspace(0, 400, 400) * MeV
    fig, ax = _figure()
    for iso in isotopes:
        for name in models:
            model = form_factor(name, iso)
            label = name if len(isotopes) == 1 else f"{iso.name} {name}"
            ax.semilogy(q / MeV, np.maximum(model(q) ** 2, 1e-12), label=label, color=colors[iso.name],
                        linestyle=dashes[name])
    _scales(ax, logx, logy)
    ax.set_xlabel("momentum transfer q [MeV]")
    ax.set_ylabel("|F(q)|²")
    if ax.get_yscale() == "log":
        ax.set_ylim(1e-8, 1.5)
    ax.set_title("nuclear form factors: " + ", ".join(iso.name for iso in isotopes))
    ax.legend(fontsize=8)
    return fig


def recoil_spectra(experiment, *, logx=None, logy=None):
    """dN/dT before the detector response, per isotope (colour) and flavor (line style), and their total (black)."""
    from .units import keV

    p = experiment.prediction
    cells = p.recoil_counts()
    T, w = p.rates.recoil_energies, p.rates.recoil_weights
    colors = _group_colors(iso.name for iso in p.rates.isotopes)
    fig, ax = _figure()
    ax.semilogy(T / keV, cells.sum(axis=(0, 1)) / w * keV, label="total", **TOTAL_STYLE)
    for i, iso in enumerate(p.rates.isotopes):
        for k, flavor in enumerate(p.rates.flavors):
            density = cells[i, k] / w * keV
            if density.max() > 0:
                ax.semilogy(T / keV, density, label=f"{iso.name} {flavor}", color=colors[iso.name],
                            linestyle=FLAVOR_STYLES.get(flavor, "-"))
    _scales(ax, logx, logy)
    ax.set_xlabel("nuclear recoil energy T [keV]")
    ax.set_ylabel("dN/dT [counts/keV]")
    ax.set_title(f"{experiment.name}: recoil spectrum before detector response" + _physics_text(experiment.physics),
                 fontsize=9)
    ax.legend(fontsize=7, ncol=2)
    return fig


def _physics_text(physics) -> str:
    """The physics choices of a computation as a title line (``"\nform factor helm, couplings tree"``)."""
    chosen = [f"{k.replace('_', ' ')} {v}" for k, v in dict(physics or {}).items() if isinstance(v, (str, int, float))]
    return "\n" + ", ".join(chosen) if chosen else ""


def _exposure_text(summary) -> str:
    parts = []
    if summary.get("target_mass_kg"):
        parts.append(f"{summary['target_mass_kg']:.3g} kg")
    if summary.get("live_time_days"):
        parts.append(f"{summary['live_time_days']:.4g} d")
    text = " × ".join(parts)
    if summary.get("protons_on_target"):
        text += f", {summary['protons_on_target']:.3g} POT"
    return text


def counts_histogram(summary):
    """The expected counts of :func:`cevns.cli._predict.prediction_summary` as a :class:`hist.Hist` with a
    variable-width ``energy`` axis (labelled with its unit) and a ``flavor`` category axis.

    ``h[:, "nu_mu"].values()`` are the ν_μ counts per bin, ``h.project("energy")`` the total; the object plots
    with mplhep and converts to other binned formats.
    """
    try:
        import hist
    except ImportError:
        raise OptionalDependencyError("binned counts", "hist", "plot") from None
    flavors = list(summary["counts_by_flavor"])
    h = hist.Hist(hist.axis.Variable(np.asarray(summary["bin_edges"], dtype=float), name="energy",
                                     label=f"reconstructed energy [{summary['bin_unit']}]"),
                  hist.axis.StrCategory(flavors, name="flavor"), storage=hist.storage.Double())
    h.view()[...] = np.column_stack([np.asarray(summary["counts_by_flavor"][f], dtype=float) for f in flavors])
    return h


def _rebin(counts, edges, new_edges, what: str) -> np.ndarray:
    """Counts in bins ``edges`` summed into the coarser bins ``new_edges`` (each of which must be an edge)."""
    positions = [np.flatnonzero(np.isclose(edges, e, rtol=1e-9, atol=1e-12)) for e in new_edges]
    if any(p.size == 0 for p in positions):
        raise InvalidSpecError(f"{what}: the bin edges {list(map(float, new_edges))} are not edges of "
                               f"{list(map(float, edges))}")
    cumulative = np.concatenate([[0.0], np.cumsum(counts)])
    return np.diff(cumulative[[p[0] for p in positions]])


def release_counts(summary) -> dict:
    """The observed counts and the prior background expectations of the data release (:mod:`cevns.datasets`)
    made for the preset of ``summary``, in the summary's bins: the release's other axes (time, F90, ...) are summed
    over and its finer energy bins merged.

    Returns ``{"release": name, "data": counts per bin, "backgrounds": {name: counts per bin}}``; raises
    :class:`~cevns.errors.InvalidSpecError` where no release matches the preset or its bins.
    """
    from . import datasets

    name = summary["experiment"]
    releases = [r for r in datasets.available() if datasets.load(r).experiment == name]
    if not releases:
        known = sorted(datasets.load(r).experiment for r in datasets.available())
        raise InvalidSpecError(f"data: no data release is made for the preset {name!r} (releases exist for "
                               f"{', '.join(known)})")
    release = datasets.load(releases[0])
    edges = np.asarray(summary["bin_edges"], dtype=float)
    data, backgrounds = np.zeros(edges.size - 1), {}
    for channel in release.channels:
        axes = [k for k, axis in enumerate(channel.axes) if axis.unit == summary["bin_unit"]]
        if len(axes) != 1:
            raise InvalidSpecError(f"data: release {release.name!r} (channel {channel.name}) has no axis in "
                                   f"{summary['bin_unit']}, the unit of the preset's bins")
        k, others = axes[0], tuple(i for i in range(len(channel.axes)) if i != axes[0])
        release_edges = channel.axes[k].edges
        data += _rebin(channel.observed.sum(axis=others), release_edges, edges, f"data ({release.name})")
        for b in channel.backgrounds.values():
            rebinned = _rebin(b.template.sum(axis=others), release_edges, edges, f"data ({release.name})")
            backgrounds[b.name] = backgrounds.get(b.name, 0.0) + rebinned
    return {"release": release.name, "data": data, "backgrounds": backgrounds}


def counts(summary, data=None, *, backgrounds=None, uncertainty=None, logy=None, logx=None):
    """Expected counts per reconstructed bin, stacked by flavor with their total, from
    :func:`cevns.cli._predict.prediction_summary`; bins of unequal width are shown per unit of the axis.

    Parameters
    ----------
    summary : dict
        ``bin_edges``, ``bin_unit``, ``counts_by_flavor``, ``experiment``, ``total`` (and optionally
        ``target_mass_kg``, ``live_time_days``, ``protons_on_target``, ``physics`` for the title).
    data : array_like, optional
        Observed counts per bin, drawn as points with Poisson error bars, with a panel of pulls
        (data − expected)/√expected below.
    backgrounds : mapping name → array_like, optional
        Expected background counts per bin, stacked below the CEvNS flavors and included in the total and the pulls
        (:func:`release_counts` gives the data and backgrounds of a preset's release).
    uncertainty : float or array_like, optional
        Relative uncertainty of the expected CEvNS counts (one value, or one per bin), drawn as a hatched band
        around the total.
    logy, logx : bool, optional
        Logarithmic axes (default linear).
    """
    h = counts_histogram(summary)
    edges = h.axes["energy"].edges
    unit = summary["bin_unit"]
    per_width = _per_width(edges)
    components = {}
    for name, values in dict(backgrounds or {}).items():
        components[name] = np.asarray(values, dtype=float)
        if components[name].shape != (edges.size - 1,):
            raise InvalidSpecError(f"backgrounds: {name} needs one count per bin ({edges.size - 1}), got shape "
                                   f"{components[name].shape}")
    components |= {f: h[:, f].values() for f in h.axes["flavor"]}
    expected = np.sum(list(components.values()), axis=0)
    if data is None:
        fig, ax = _figure(6.4, 4.4)
    else:
        data = np.asarray(data, dtype=float)
        if data.shape != (edges.size - 1,):
            raise InvalidSpecError(f"data: needs one count per bin ({edges.size - 1}), got shape {data.shape}")
        fig, (ax, pulls) = _subplots(2, 1, figsize=(6.4, 5.6), sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    band = None
    if uncertainty is not None:
        relative = np.asarray(uncertainty, dtype=float)
        if relative.ndim > 1 or relative.size not in (1, edges.size - 1) or not np.all(relative >= 0):
            raise InvalidSpecError(f"uncertainty: one relative uncertainty ≥ 0, or one per bin ({edges.size - 1}), "
                                   f"got {uncertainty!r}")
        band = relative * h.project("energy").values()
    stacked_histogram(ax, components, edges, per_width=per_width, band=band)
    if data is not None:
        data_points(ax, data, edges, per_width=per_width)
        residuals(pulls, data, expected, edges, label="(data − exp.)/√exp.")
        pulls.set_xlabel(h.axes["energy"].label)
    else:
        ax.set_xlabel(h.axes["energy"].label)
    _scales(ax, logx, logy)
    if ax.get_yscale() == "log":  # six decades below the peak at most: empty far bins would squash the figure
        density = expected / (np.diff(edges) if per_width else 1.0)
        if np.any(density > 0):
            ax.set_ylim(bottom=max(density[density > 0].min(), 1e-6 * density.max()) / 2)
    what = "expected counts" if data is None else "counts"
    if per_width:
        ax.set_ylabel(f"{what} per {unit}")
    else:
        ax.set_ylabel(f"{what} per bin ({edges[1] - edges[0]:.3g} {unit})")
    exposure = _exposure_text(summary)
    ax.set_title(f"{summary['experiment']}: {summary['total']:.1f} CEvNS events"
                 + (f" in {exposure}" if exposure else "") + _physics_text(summary.get("physics")), fontsize=9)
    ax.legend()
    fig.tight_layout()
    return fig


def fluxes(sources, *, points: int = 400, logx=None, logy=None):
    """dΦ/dE of one or more fluxes on log-log axes, one colour per source and one line style per flavor; lines
    drawn as thin verticals of height Φ in their source's colour.

    Parameters
    ----------
    sources : Flux or sequence of Flux
        Fluxes of one :class:`~cevns.sources.Normalization` (they share the axis and its unit).
    points : int
        Energies per curve (log-spaced over each flavor's range).
    logx, logy : bool, optional
        False for a linear axis (default logarithmic).
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
    colors = _group_colors(f.name for f in sources)
    fig, ax = _figure(8, 5.5)
    peaks = []
    lines = []
    for flux in sources:
        for flavor in flux.flavors:
            style = {"color": colors[flux.name], "linestyle": FLAVOR_STYLES.get(flavor, "-")}
            e = flux.energy_grid(flavor, points)
            y = flux.differential(e, flavor) * factor * MeV
            if np.any(y > 0):
                ax.loglog(e / MeV, np.where(y > 0, y, np.nan), label=f"{flux.name} {flavor}", **style)
                peaks.append(float(y.max()))
            for energy, intensity in zip(*flux.lines(flavor)):
                lines.append((flux.name, energy / MeV, intensity * factor, style))
                peaks.append(float(intensity * factor))
    top = max(peaks, default=0.0)
    # ten decades below the highest curve, and always low enough to show the peak of the faintest one
    bottom = min(1e-10 * top, 1e-2 * min(peaks)) if top > 0 else 1e-30
    for name, energy, height, style in lines:
        ax.vlines(energy, bottom, height, colors=style["color"], linestyles=style["linestyle"], linewidth=0.8)
        ax.annotate(f"{name} line", (energy, height), fontsize=6)
    _scales(ax, logx, logy)
    ax.set_xlabel("neutrino energy [MeV]")
    ax.set_ylabel(f"dΦ/dE [{unit} MeV⁻¹]  (lines: Φ [{unit}], vertical)")
    if top > 0 and ax.get_yscale() == "log":
        ax.set_ylim(bottom=bottom)
    ax.set_title(textwrap.fill("neutrino fluxes: " + ", ".join(colors), 110), fontsize=8)
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
    for (label, values), style in zip(curves.items(), styles(len(curves))):
        ax.semilogx(np.asarray(energy) / MeV, np.asarray(values), label=label, **style)
    ax.set_xlabel("E [MeV]")
    ax.set_ylabel(r"$P_{ee}$")
    ax.set_ylim(0, 1)
    ax.legend()
    return fig


def stellar_mean_free_path(summary):
    """Two panels from ``cevns opacity``'s summary: λ(E) at the chosen density, and λ(ρ) at one energy with the
    trapping density marked (where the diffusion time of the core equals its free-fall time)."""
    fig, (left, right) = _subplots(1, 2, figsize=(10, 4.2))
    left.loglog(summary["energy_MeV"], summary["mean_free_path_km"])
    left.set_xlabel("neutrino energy [MeV]")
    left.set_ylabel("transport mean free path [km]")
    left.set_title(f"ρ = {summary['density_g_cm3']:.3g} g/cm³, T = {summary['temperature_MeV']:g} MeV")
    scan = summary["density_scan"]
    right.loglog(scan["density_g_cm3"], scan["mean_free_path_km"], label=f"λ at {scan['energy_MeV']:g} MeV")
    right.loglog(scan["density_g_cm3"], scan["trapping_mean_free_path_km"], "--",
                 label="λ with t_diff = t_ff")
    if scan["trapping_density_g_cm3"] is not None:
        right.axvline(scan["trapping_density_g_cm3"], color="k", lw=0.8)
        right.annotate(f"trapping\n{scan['trapping_density_g_cm3']:.2g} g/cm³",
                       (scan["trapping_density_g_cm3"], np.median(scan["mean_free_path_km"])))
    right.set_xlabel("density [g/cm³]")
    right.set_ylabel("transport mean free path [km]")
    right.legend()
    for ax in (left, right):
        ax.grid(True, which="both", alpha=0.3)
    fig.suptitle(f"{summary['composition']}, {summary['flavor']}, correlations: {summary['correlations']}")
    fig.tight_layout()
    return fig


def fit_figure(model, result, profile=None):
    """A fitted data release: in every projection of every channel, the data as points with Poisson error bars
    over the stacked best-fit prediction (CEvNS and each background), the residuals (data − fit)/√fit below,
    and, when given, the profile likelihood −2Δln L with its 1σ and 2σ crossings.
    Parameters
    ----------
    model : cevns.stats.BinnedModel
    result : cevns.stats.FitResult
    profile : dict, optional
        ``{"parameter": name, "values": grid, "delta_chi2": curve}`` (as ``cevns fit --profile`` makes).
    """
    parts = model.components(**result.values)
    panels = [(ch, k) for ch in parts for k in range(len(model.observed[ch].shape))]
    columns = len(panels) + (profile is not None)
    fig, axes = _subplots(2, columns, figsize=(3.2 * columns, 4.6), squeeze=False,
                             gridspec_kw={"height_ratios": [3, 1]})
    for col, (ch, k) in enumerate(panels):
        axis_info = model.channel_axes(ch)[k]
        others = tuple(i for i in range(model.observed[ch].ndim) if i != k)
        edges = np.asarray(axis_info.edges)
        top, bottom_ax = axes[0, col], axes[1, col]
        components = {name: np.asarray(values).sum(axis=others) for name, values in parts[ch].items()}
        stacked_histogram(top, components, edges, total=False)
        base = np.sum(list(components.values()), axis=0)
        data = np.asarray(model.observed[ch]).sum(axis=others)
        data_points(top, data, edges)
        top.set_title(f"{ch}: {axis_info.name}", fontsize=9)
        residuals(bottom_ax, data, base, edges, label="(data − fit)/√fit" if col == 0 else "")
        bottom_ax.set_xlabel(f"{axis_info.name} [{axis_info.unit}]")
        if col == 0:
            top.set_ylabel("events per bin")
            top.legend(fontsize=7)
    if profile is not None:
        from .stats import ProfileScan

        ax = axes[0, -1]
        scan = ProfileScan(profile["parameter"], np.asarray(profile["values"]), np.asarray(profile["delta_chi2"]))
        ax.plot(scan.values, scan.delta_chi2, color="C0")
        for level, style in ((1.0, "--"), (4.0, ":")):
            ax.axhline(level, color="gray", ls=style, lw=0.8)
            if np.any(scan.delta_chi2 <= level):
                for crossing in scan.interval(level):
                    ax.axvline(crossing, color="gray", ls=style, lw=0.8)
        ax.set_xlabel(profile["parameter"])
        ax.set_ylabel("−2 Δln L")
        ax.set_title("profile likelihood (1σ, 2σ)", fontsize=9)
        axes[1, -1].axis("off")
    fig.suptitle(f"{model.dataset.name}: {result.signal_events:.1f} ± {result.signal_events_error:.1f} CEvNS events",
                 fontsize=10)
    fig.tight_layout()
    return fig


def wimp_spectrum(result):
    """The WIMP recoil spectrum of ``cevns wimp`` (a dict with ``recoil_energy_keV`` and ``rate_per_tonne_year_keV``)."""
    fig, ax = _subplots(figsize=(6.4, 4.2))
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

    masses = result.masses / GeV
    finite = result.cross_sections[np.isfinite(result.cross_sections)] / cm2
    if cross_sections is None:
        low, high = np.log10(finite.min()), np.log10(finite.max())
        cross_sections = np.logspace(max(low, high - 12), high, 300) * cm2
    n = result.index_map(cross_sections)
    fig, ax = _subplots(figsize=(6.6, 4.6))
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


def supernova_signal(data: dict):
    """Two panels of ``cevns supernova``'s summary: events per time bin and per observable bin, per detected flavor."""
    fig, (ax_t, ax_e) = _subplots(1, 2, figsize=(11, 4.2))
    t = np.asarray(data["time_edges_s"])
    x = np.asarray(data["observable_edges"])
    for i, key in enumerate(("nu_e", "nubar_e", "nu_mu", "nubar_mu", "nu_tau", "nubar_tau", "total")):
        style = TOTAL_STYLE if key == "total" else {"color": PALETTE[i], "linestyle": FLAVOR_STYLES[key], "lw": 1}
        ax_t.stairs(np.asarray(data["counts_vs_time"][key]) / np.diff(t), t, label=key, **style)
        ax_e.stairs(np.asarray(data["counts_vs_observable"][key]) / np.diff(x), x, label=key, **style)
    ax_t.set_xscale("symlog", linthresh=0.1)
    ax_t.set_xlabel("time after bounce [s]")
    ax_t.set_ylabel("events / s")
    ax_e.set_xscale("log")
    ax_e.set_yscale("log")
    density = np.asarray(data["counts_vs_observable"]["total"]) / np.diff(x)
    ax_e.set_ylim(density.max() * 1e-6, density.max() * 2)
    ax_e.set_xlabel(f"observable [{data['observable_unit']}]")
    ax_e.set_ylabel(f"events / {data['observable_unit']}")
    ax_t.set_title(f"{data['model']} at {data['distance_kpc']:g} kpc, {data['ordering']} ordering")
    ax_e.set_title(f"{data['detector']}: {data['total']['total']:.1f} events")
    ax_t.legend(fontsize=7)
    fig.tight_layout()
    return fig


def _spans_decades(values) -> bool:
    """A log axis suits positive values spanning two decades or more (a Δm² scan, not a mixing angle)."""
    values = np.asarray(values, dtype=float)
    return bool(values.size and values.min() > 0 and values.max() >= 100 * values.min())


def limits(result, *, published=None):
    """An exclusion curve (coupling versus mediator mass, excluded above) or an allowed region (a plane, the
    Δχ² contour at the threshold), from :mod:`cevns.stats.limits`; ``published`` {label: (x, y)} overlays
    published curves."""
    fig, ax = _subplots(figsize=(6.4, 4.6), layout="tight")
    if hasattr(result, "masses"):
        ok = np.isfinite(result.couplings)
        ax.loglog(result.masses[ok], result.couplings[ok], **TOTAL_STYLE,
                  label=f"{' + '.join(result.datasets)} ({result.cl:.0%} CL)")
        ax.fill_between(result.masses[ok], result.couplings[ok], result.couplings[ok].max() * 10, color="0.85")
        ax.set_xlabel("mediator mass [MeV]")
        ax.set_ylabel(f"coupling ({result.family})")
    else:
        ax.contourf(result.x_values, result.y_values, result.delta_chi2, levels=[0.0, result.threshold],
                    colors=["0.8"])
        ax.contour(result.x_values, result.y_values, result.delta_chi2, levels=[result.threshold], colors="k")
        ax.plot(*result.best, "k+", label=f"best fit; {' + '.join(result.datasets)} {result.cl:.0%} CL allowed")
        ax.set_xlabel(result.x)
        ax.set_ylabel(result.y)
        _scales(ax, _spans_decades(result.x_values), _spans_decades(result.y_values))
    for (label, (x, y)), style in zip((published or {}).items(), styles(len(published or {}))):
        ax.plot(x, y, label=label, **style)
    ax.legend(fontsize=8)
    return fig
