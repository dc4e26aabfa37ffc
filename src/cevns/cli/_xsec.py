"""`cevns xsec`: total and differential cross sections of a target."""

from __future__ import annotations

import click
import numpy as np

from .. import units
from .._table import column
from .._validate import check_count, real_scalar
from ..errors import OutOfDomainError
from ._output import csv_destination, echo_json, parse_positive, parse_value, reject, write_table

_MAX_POINTS = 100_000


@click.command()
@click.option("--target", required=True, help="Isotope (Ar40) or material (CsI).")
@click.option("--energy", required=True, help="Neutrino energy with unit, e.g. 30MeV.")
@click.option("--form-factor", default="helm", show_default=True)
@click.option("--flavor", default="nu_mu", show_default=True)
@click.option("--couplings", default="tree", show_default=True, type=click.Choice(["tree", "pdg2024"]))
@click.option("--sin2-theta-w", type=float, default=None, help="Override the scheme's weak mixing angle.")
@click.option("--model", "model_name", default=None,
              help="New-physics model (nsi, vector-universal, vector-b-l, scalar, magnetic-moment, ...).")
@click.option("--param", "params", multiple=True,
              help="A model parameter key=value, repeatable: coupling=1e-5, mass='10 MeV', up.ee=0.1, e=1e-10.")
@click.option("--recoil-threshold", default=None,
              help="Lowest recoil energy of σ, e.g. 1keV (needed with a magnetic moment or millicharge).")
@click.option("--points", default=200, show_default=True, help="Recoil-energy points of dσ/dT.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), help="Write dσ/dT as CSV (units in the header).")
@click.option("--output", type=click.Path(dir_okay=False), hidden=True, help="Deprecated name of --csv.")
@click.option("--json", "as_json", is_flag=True, help="Print σ and dσ/dT as JSON on stdout.")
def xsec(target, energy, form_factor, flavor, couplings, sin2_theta_w, model_name, params, recoil_threshold, points,
         csv_path, output, as_json):
    """σ(E) and dσ/dT(T) for one neutrino energy on a target, in the Standard Model or with --model."""
    from ..flavors import check_flavor
    from ..physics import cross_section as xs, kinematics as kin

    csv_path, csv_option = csv_destination(csv_path, output)
    points = check_count("--points", points, minimum=2, maximum=_MAX_POINTS)
    if sin2_theta_w is not None:
        sin2_theta_w = real_scalar("--sin2-theta-w", sin2_theta_w, minimum=0.0, maximum=1.0)
    flavor = check_flavor(flavor)
    E = parse_positive(energy, "energy", "--energy")
    reject("--param", params and model_name is None, "needs --model")
    spec = _model_spec(model_name, params) if model_name is not None else None
    model = _model(spec) if spec is not None else None
    threshold = 0.0 if recoil_threshold is None else parse_value(recoil_threshold, "energy", "--recoil-threshold")
    if model is not None and model.infrared_divergent and not threshold > 0:
        raise OutOfDomainError(f"--recoil-threshold: model {model_name!r} diverges as T → 0; give a threshold > 0, "
                               "e.g. --recoil-threshold 1keV")
    kwargs = dict(form_factor=form_factor, flavor=flavor, couplings=couplings, sin2_theta_w=sin2_theta_w, model=model)
    sigma = float(xs.total_cross_section(E, target, recoil_threshold=threshold, **kwargs))
    T = np.linspace(threshold, max(threshold, float(kin.recoil_energy_max(E, target))), points)
    dsigma = xs.differential_cross_section(T, E, target, **kwargs)
    if csv_path:
        write_table(csv_path, {column("T", "keV"): T / units.keV,
                               column("dsigma/dT", "cm2/keV"): dsigma / (units.cm2 / units.keV)}, option=csv_option)
    result = {
        "target": target, "neutrino_energy_MeV": E / units.MeV, "flavor": flavor, "form_factor": form_factor,
        "couplings": couplings, "model": model_name,
        "model_parameters": dict(item.partition("=")[::2] for item in params),
        "recoil_threshold_keV": threshold / units.keV,
        "cross_section_cm2": sigma / units.cm2,
        "recoil_energy_max_keV": T[-1] / units.keV,
        "recoil_energy_keV": T / units.keV, "dsigma_dT_cm2_per_keV": dsigma / (units.cm2 / units.keV),
    }
    if as_json:
        echo_json(result)
        return
    click.echo(f"{target}, {flavor} at {E / units.MeV:g} MeV ({form_factor} form factor, {couplings} couplings"
               + (f", model {model_name}: {' '.join(params)}" if spec is not None else "") + ")")
    click.echo(f"  σ = {sigma / units.cm2:.4e} cm²")
    click.echo(f"  T_max = {T[-1] / units.keV:.4g} keV; dσ/dT({T[0] / units.keV:g} keV) = "
               f"{dsigma[0] / (units.cm2 / units.keV):.4e} cm²/keV")
    if csv_path:
        click.echo(f"  dσ/dT written to {csv_path} ({points} points)")


def _model_spec(name: str, params) -> dict:
    """{"model": name, ...} from ``--param key=value`` items; dotted keys (``up.ee=0.1``) build mappings."""
    spec = {"model": name}
    for item in params:
        key, sep, text = item.partition("=")
        parts = key.strip().split(".")
        if not sep or not all(parts) or parts[0] == "model":
            raise OutOfDomainError(f"--param: write key=value (e.g. coupling=1e-5, mass='10 MeV', up.ee=0.1), "
                                   f"got {item!r}")
        node = spec
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise OutOfDomainError(f"--param: {key!r} sets a part of {part!r}, which already has a value")
        node[parts[-1]] = _number_or_text(text.strip())
    return spec


def _number_or_text(text: str):
    """A dimensionless number (real, or complex like 0.1-0.05j), else the text (a value with its unit)."""
    for kind in (float, complex):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _model(spec: dict):
    from ..physics.interactions import SterileNeutrino, model_from_spec

    model = model_from_spec(spec)
    if any(isinstance(c, SterileNeutrino) for c in model.components):
        raise OutOfDomainError("--model: a sterile state changes the flux, not the cross section; use it with a "
                               "flux (flux.oscillated(model.transition_probability))")
    return model
