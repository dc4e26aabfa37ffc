"""`cevns msw`: flavor conversion in matter — solar P_ee(E), supernovae, or constant matter."""

from __future__ import annotations

import click
import numpy as np

from .. import units
from .._validate import check_count
from ._output import echo_json, parse_positive, parse_value, pdg_round, reject, save_figure

_FLAVORS = ("nu_e", "nu_mu", "nu_tau")
_SUPERNOVA = "supernova"
_DEFAULTS = {"method": "adiabatic", "emin": "0.1MeV", "emax": "20MeV", "points": 40}
_MAX_POINTS = 10_000


def _constant(density, ye, baseline, energy, antineutrino, params, as_json):
    from ..errors import OutOfDomainError
    from ..oscillations import constant_probability

    missing = [name for name, value in (("--density", density), ("--baseline", baseline), ("--energy", energy))
               if value is None]
    if missing:
        raise click.UsageError(f"give --source, or constant matter with --density, --baseline and --energy "
                               f"(missing {', '.join(missing)})")
    rho = parse_value(density, "density", "--density")
    length = parse_value(baseline, "length", "--baseline")
    e = parse_positive(energy, "energy", "--energy")
    if rho < 0 or length < 0:
        raise OutOfDomainError(f"{'--density' if rho < 0 else '--baseline'}: must be >= 0, "
                               f"got {density if rho < 0 else baseline!r}")
    p = constant_probability(np.array([e]), length, rho, ye, params=params, antineutrino=antineutrino)[0]
    names = [("nubar" + f[2:]) if antineutrino else f for f in _FLAVORS]
    result = {
        "density_g_cm3": rho / (units.g / units.cm3), "electron_fraction": ye, "baseline_km": length / units.km,
        "energy_MeV": e / units.MeV, "antineutrino": antineutrino, "params": params.to_dict(),
        "probability": {initial: {final: float(p[b, a]) for b, final in enumerate(names)}
                        for a, initial in enumerate(names)},
    }
    if as_json:
        echo_json(result)
        return
    click.echo(f"{'ν̄' if antineutrino else 'ν'} at {e / units.MeV:g} MeV through {length / units.km:g} km of "
               f"ρ = {rho / (units.g / units.cm3):g} g/cm³, Y_e = {ye:g} ({params.ordering} ordering)")
    click.echo("  from \\ to  " + "  ".join(f"{n:>9}" for n in names))
    for a, initial in enumerate(names):
        click.echo(f"  {initial:>9}  " + "  ".join(f"{pdg_round(float(p[b, a])):>9}" for b in range(3)))


@click.command()
@click.option("--source", help="solar-pp, solar-pep, solar-hep, solar-7Be, solar-8B, solar-13N, solar-15O, "
                               "solar-17F, or supernova.")
@click.option("--density", help="Constant matter density with its unit, e.g. 2.8g/cm3.")
@click.option("--ye", type=float, default=None, help="Electron fraction Y_e of constant matter [default: 0.5].")
@click.option("--baseline", help="Path length through constant matter, e.g. 1300km.")
@click.option("--energy", help="Neutrino energy for constant matter, e.g. 1GeV.")
@click.option("--antineutrino", is_flag=True, help="Antineutrinos (V → −V, U → U*).")
@click.option("--ordering", default="normal", show_default=True, help="Mass ordering (NuFIT 6.0 values).")
@click.option("--method", type=click.Choice(["adiabatic", "numerical"], case_sensitive=False),
              help="Solar propagation [default: adiabatic].")
@click.option("--emin", help="Lowest energy of a source scan [default: 0.1MeV].")
@click.option("--emax", help="Highest energy of a source scan [default: 20MeV].")
@click.option("--points", type=int, help="Energies of a source scan, log-spaced [default: 40].")
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False), help="Write a figure of P_ee(E) of a source.")
@click.option("--json", "as_json", is_flag=True, help="Print the probabilities as JSON on stdout.")
def msw(source, density, ye, baseline, energy, antineutrino, ordering, method, emin, emax, points, plot_file,
        as_json):
    """Flavor content in matter: P_ee(E) of a source, or P(ν_α → ν_β) through constant matter."""
    from ..oscillations import nufit60, solar_component, solar_probability, supernova_probability

    params = nufit60(ordering)
    scan = {"--method": method, "--emin": emin, "--emax": emax, "--points": points, "--plot": plot_file}
    if source is None:
        for option, value in scan.items():
            reject(option, value is not None, "applies to a --source scan, not to constant matter")
        _constant(density, 0.5 if ye is None else ye, baseline, energy, antineutrino, params, as_json)
        return

    for option, value in (("--density", density), ("--baseline", baseline), ("--energy", energy), ("--ye", ye)):
        reject(option, value is not None, "describes constant matter; it cannot be combined with --source")
    is_supernova = source.strip().lower() == _SUPERNOVA
    reject("--method", is_supernova and method is not None,
           "chooses the solar propagation; the supernova conversion is adiabatic")
    points = check_count("--points", _DEFAULTS["points"] if points is None else points, minimum=2,
                         maximum=_MAX_POINTS)
    lo = parse_positive(emin or _DEFAULTS["emin"], "energy", "--emin")
    hi = parse_positive(emax or _DEFAULTS["emax"], "energy", "--emax")
    if not lo < hi:
        raise click.UsageError(f"need --emin < --emax, got {emin or _DEFAULTS['emin']!r} and "
                               f"{emax or _DEFAULTS['emax']!r}")
    grid = np.geomspace(lo, hi, points)
    if is_supernova:
        source, method = _SUPERNOVA, "adiabatic"
        p = supernova_probability(grid, params=params, antineutrino=antineutrino)
        label = "supernova (adiabatic MSW)"
    else:
        if antineutrino:
            raise click.UsageError("the Sun emits neutrinos only; drop --antineutrino for a solar source")
        method = (method or _DEFAULTS["method"]).lower()
        source = f"solar-{solar_component(source)}"
        p = solar_probability(grid, source, params=params, method=method)
        label = f"{source} ({method})"
    pee = p[:, 0, 0]
    result = {
        "source": source, "ordering": params.ordering, "method": method,
        "antineutrino": antineutrino, "params": params.to_dict(), "energy_MeV": grid / units.MeV,
        "probability": {f"{'nubar_e' if antineutrino else 'nu_e'}->{final}": p[:, b, 0]
                        for b, final in enumerate(("e", "mu", "tau"))},
        "P_ee": pee,
    }
    if plot_file:
        from .. import plotting

        save_figure(plotting.survival_probability(grid, {label: pee}), plot_file)
    if as_json:
        echo_json(result)
        return
    click.echo(f"P_ee of {label}, {params.ordering} ordering")
    for e, value in zip(grid, pee):
        click.echo(f"  {e / units.MeV:10.4g} MeV   {pdg_round(float(value))}")
    if plot_file:
        click.echo(f"  figure written to {plot_file}")
