"""`cevns msw`: flavor conversion in matter — solar P_ee(E), supernovae, or constant matter."""

from __future__ import annotations

import click
import numpy as np

from .. import units
from ._output import echo_json, pdg_round

_FLAVORS = ("nu_e", "nu_mu", "nu_tau")


def _density(text: str) -> float:
    """'2.8', '2.8g/cm3' or '2.8 g/cm3' → density in hepunits (bare numbers are g/cm³)."""
    from ..errors import OutOfDomainError

    raw = str(text).replace(" ", "")
    for suffix in ("g/cm3", "g/cc", "gcm-3"):
        if raw.endswith(suffix):
            raw = raw[: -len(suffix)]
            break
    try:
        value = float(raw)
    except ValueError:
        raise OutOfDomainError(f"cannot read density {text!r}; write e.g. '2.8' or '2.8g/cm3'") from None
    return value * units.g / units.cm3


@click.command()
@click.option("--source", help="solar-pp, solar-pep, solar-hep, solar-7Be, solar-8B, solar-13N, solar-15O, "
                               "solar-17F, or supernova.")
@click.option("--density", help="Constant matter density (g/cm3), e.g. 2.8 or 2.8g/cm3.")
@click.option("--ye", type=float, default=0.5, show_default=True, help="Electron fraction Y_e.")
@click.option("--baseline", help="Path length through matter, e.g. 1300km.")
@click.option("--energy", help="Neutrino energy for constant matter, e.g. 1GeV.")
@click.option("--antineutrino", is_flag=True, help="Antineutrinos (V → −V, U → U*).")
@click.option("--ordering", default="normal", show_default=True, help="Mass ordering (NuFIT 6.0 values).")
@click.option("--method", default="adiabatic", show_default=True,
              type=click.Choice(["adiabatic", "numerical"]), help="Solar propagation.")
@click.option("--emin", default="0.1MeV", show_default=True, help="Lowest energy of a source scan.")
@click.option("--emax", default="20MeV", show_default=True, help="Highest energy of a source scan.")
@click.option("--points", default=40, show_default=True, help="Energies of a source scan (log-spaced).")
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False), help="Write a figure of P_ee(E).")
@click.option("--json", "as_json", is_flag=True, help="Print the probabilities as JSON on stdout.")
def msw(source, density, ye, baseline, energy, antineutrino, ordering, method, emin, emax, points, plot_file,
        as_json):
    """Flavor content in matter: P_ee(E) of a source, or P(ν_α → ν_β) through constant matter."""
    from ..errors import InvalidSpecError, OutOfDomainError
    from ..oscillations import (constant_probability, nufit60, solar_probability, supernova_probability)

    params = nufit60(ordering)
    if source is None:
        missing = [name for name, value in (("--density", density), ("--baseline", baseline),
                                             ("--energy", energy)) if value is None]
        if missing:
            raise InvalidSpecError(f"give --source, or constant matter with --density, --baseline and --energy "
                                   f"(missing {', '.join(missing)})")
        rho = _density(density)
        length = units.parse(baseline, default_unit="km")
        e = units.parse(energy, default_unit="MeV")
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
        return

    if any(value is not None for value in (density, baseline, energy)):
        raise InvalidSpecError("--source cannot be combined with --density, --baseline or --energy")
    if points < 2:
        raise OutOfDomainError(f"points must be >= 2, got {points}")
    lo = units.parse(emin, default_unit="MeV")
    hi = units.parse(emax, default_unit="MeV")
    if not 0 < lo < hi:
        raise OutOfDomainError(f"need 0 < emin < emax, got emin={emin!r}, emax={emax!r}")
    grid = np.geomspace(lo, hi, points)
    if source == "supernova":
        p = supernova_probability(grid, params=params, antineutrino=antineutrino)
        label = "supernova (adiabatic MSW)"
    else:
        if antineutrino:
            raise InvalidSpecError("the Sun emits neutrinos only; drop --antineutrino for a solar source")
        p = solar_probability(grid, source, params=params, method=method)
        label = f"{source} ({method})"
    pee = p[:, 0, 0]
    result = {
        "source": source, "ordering": params.ordering, "method": method if source != "supernova" else "adiabatic",
        "antineutrino": antineutrino, "params": params.to_dict(), "energy_MeV": grid / units.MeV,
        "probability": {f"{'nubar_e' if antineutrino else 'nu_e'}->{final}": p[:, b, 0]
                        for b, final in enumerate(("e", "mu", "tau"))},
        "P_ee": pee,
    }
    if plot_file:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 4))
        ax.semilogx(grid / units.MeV, pee, label=label)
        ax.set_xlabel("E [MeV]")
        ax.set_ylabel(r"$P_{ee}$")
        ax.set_ylim(0, 1)
        ax.legend()
        fig.tight_layout()
        fig.savefig(plot_file)
        plt.close(fig)
    if as_json:
        echo_json(result)
        return
    click.echo(f"P_ee of {label}, {params.ordering} ordering")
    for e, value in zip(grid, pee):
        click.echo(f"  {e / units.MeV:10.4g} MeV   {pdg_round(float(value))}")
    if plot_file:
        click.echo(f"  figure written to {plot_file}")
