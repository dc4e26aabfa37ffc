"""`cevns xsec`: total and differential cross sections of a target."""

from __future__ import annotations

import click
import numpy as np

from .. import units
from .._validate import check_count, real_scalar
from ._output import echo_json, parse_positive, write_csv

_MAX_POINTS = 100_000


@click.command()
@click.option("--target", required=True, help="Isotope (Ar40) or material (CsI).")
@click.option("--energy", required=True, help="Neutrino energy with unit, e.g. 30MeV.")
@click.option("--form-factor", default="helm", show_default=True)
@click.option("--flavor", default="nu_mu", show_default=True)
@click.option("--couplings", default="tree", show_default=True, type=click.Choice(["tree", "pdg2024"]))
@click.option("--sin2-theta-w", type=float, default=None, help="Override the scheme's weak mixing angle.")
@click.option("--points", default=200, show_default=True, help="Recoil-energy points of dσ/dT.")
@click.option("--output", type=click.Path(dir_okay=False), help="Write dσ/dT as CSV to this file.")
@click.option("--json", "as_json", is_flag=True, help="Print σ and dσ/dT as JSON on stdout.")
def xsec(target, energy, form_factor, flavor, couplings, sin2_theta_w, points, output, as_json):
    """σ(E) and dσ/dT(T) for one neutrino energy on a target."""
    from ..flavors import check_flavor
    from ..physics import cross_section as xs, kinematics as kin

    points = check_count("--points", points, minimum=2, maximum=_MAX_POINTS)
    if sin2_theta_w is not None:
        sin2_theta_w = real_scalar("--sin2-theta-w", sin2_theta_w, minimum=0.0, maximum=1.0)
    flavor = check_flavor(flavor)
    E = parse_positive(energy, "energy", "--energy")
    kwargs = dict(form_factor=form_factor, flavor=flavor, couplings=couplings, sin2_theta_w=sin2_theta_w)
    sigma = float(xs.total_cross_section(E, target, **kwargs))
    T = np.linspace(0.0, float(kin.recoil_energy_max(E, target)), points)
    dsigma = xs.differential_cross_section(T, E, target, **kwargs)
    if output:
        write_csv(output, ["recoil_energy_keV", "dsigma_dT_cm2_per_keV"], [T / units.keV, dsigma / (units.cm2 / units.keV)])
    result = {
        "target": target, "neutrino_energy_MeV": E / units.MeV, "flavor": flavor, "form_factor": form_factor,
        "couplings": couplings, "cross_section_cm2": sigma / units.cm2,
        "recoil_energy_max_keV": T[-1] / units.keV,
        "recoil_energy_keV": T / units.keV, "dsigma_dT_cm2_per_keV": dsigma / (units.cm2 / units.keV),
    }
    if as_json:
        echo_json(result)
        return
    click.echo(f"{target}, {flavor} at {E / units.MeV:g} MeV ({form_factor} form factor, {couplings} couplings)")
    click.echo(f"  σ = {sigma / units.cm2:.4e} cm²")
    click.echo(f"  T_max = {T[-1] / units.keV:.4g} keV; dσ/dT(0) = {dsigma[0] / (units.cm2 / units.keV):.4e} cm²/keV")
    if output:
        click.echo(f"  dσ/dT written to {output} ({points} points)")
