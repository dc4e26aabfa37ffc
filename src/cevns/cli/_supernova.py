"""`cevns supernova`: events versus time and observable, per flavor, of a supernova model in a detector."""

from __future__ import annotations

import click
import numpy as np

from .. import units
from ._output import echo_json, pdg_round, save_figure

#: Time bins of the printed light curve [s]: 10 ms through the neutronization burst, then coarser.
_TIME_EDGES_S = np.unique(np.round(np.concatenate([np.arange(-0.05, 0.1, 0.01), np.arange(0.1, 1.0, 0.1),
                                                   np.arange(1.0, 20.01, 1.0)]), 6))


def _prediction(model, detector, distance, ordering):
    from ..sources.supernova import GARCHING_MODELS, garching_model
    from ..supernova import SupernovaSignal, get

    det = get(detector)
    if model not in GARCHING_MODELS:
        from ..errors import UnknownNameError

        raise UnknownNameError("supernova model", model, GARCHING_MODELS)
    click.echo(f"[1/3] reading {model}", err=True)
    flux = garching_model(model)
    click.echo(f"[2/3] precomputing {model} in {det.name}", err=True)
    signal = SupernovaSignal.build(flux, det, progress=lambda m: click.echo(f"      {m}", err=True))
    click.echo("[3/3] predicting", err=True)
    return signal.predict(distance, ordering)


def summary(prediction) -> dict:
    """Everything the command prints, as plain numbers (times in s, observable in the detector's unit)."""
    signal = prediction.signal
    det = signal.detector
    times = signal.times
    edges = _TIME_EDGES_S[(_TIME_EDGES_S * units.s > times[0]) & (_TIME_EDGES_S * units.s < times[-1])]
    edges = np.concatenate([[times[0] / units.s], edges, [times[-1] / units.s]])
    vs_time = prediction.counts_vs_time(edges * units.s)
    spectrum = prediction.spectrum()
    return {
        "model": signal.flux.name, "detector": det.name, "detector_reference": det.reference,
        "target": det.target, "mass_t": det.mass / units.tonne, "distance_kpc": prediction.distance / units.kpc,
        "ordering": prediction.ordering, "total": prediction.total(), "phases": prediction.phases(),
        "time_edges_s": edges, "counts_vs_time": vs_time,
        "observable_unit": det.observable_unit, "observable_edges": det.observable_edges / det.observable_scale,
        "counts_vs_observable": spectrum,
    }


@click.command()
@click.option("--model", default="garching-ls220-s27", show_default=True,
              help="Supernova model: garching-ls220-s27 or garching-ls220-s11.2.")
@click.option("--detector", default="xenonnt", show_default=True,
              help="Detector preset: xenon1t, xenonnt, lz, pandax-4t, darwin, darkside-20k, argon-generic, "
                   "germanium-generic.")
@click.option("--distance", default="10kpc", show_default=True, help="Distance to the supernova, e.g. 10kpc.")
@click.option("--ordering", default="normal", show_default=True,
              type=click.Choice(["normal", "inverted", "none"]), help="Flavor conversion in the star (adiabatic MSW).")
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False), help="Write a figure of events vs time and energy.")
@click.option("--json", "as_json", is_flag=True, help="Print the prediction as JSON on stdout.")
def supernova(model, detector, distance, ordering, plot_file, as_json):
    """Events versus time and versus observable, per flavor, of a supernova in a detector."""
    d = units.parse(distance, default_unit="kpc", dimension="length", name="distance")
    data = summary(_prediction(model, detector, d, ordering))
    if plot_file:
        from ..plotting import supernova_signal

        save_figure(supernova_signal(data), plot_file)
    if as_json:
        echo_json(data)
        return
    click.echo(f"{data['model']} at {data['distance_kpc']:g} kpc, {ordering} ordering, in {data['detector']} "
               f"({data['mass_t']:g} t {data['target']}; {data['detector_reference']})")
    click.echo(f"  total: {pdg_round(data['total']['total'])} events")
    click.echo("  per detected flavor: " + ", ".join(f"{f} {pdg_round(v)}" for f, v in data["total"].items()
                                                     if f != "total"))
    click.echo("  per phase: " + ", ".join(f"{k} {pdg_round(v)}" for k, v in data["phases"].items()))
    click.echo("  events vs time [s]:")
    t = data["time_edges_s"]
    for lo, hi, n in zip(t[:-1], t[1:], data["counts_vs_time"]["total"]):
        click.echo(f"    {lo:8.3f} – {hi:8.3f}   {pdg_round(float(n))}")
    click.echo(f"  events vs observable [{data['observable_unit']}]:")
    x = data["observable_edges"]
    for lo, hi, n in zip(x[:-1], x[1:], data["counts_vs_observable"]["total"]):
        if n > 1e-3:
            click.echo(f"    {lo:8.4g} – {hi:8.4g}   {pdg_round(float(n))}")
    if plot_file:
        click.echo(f"  figure written to {plot_file}")
