"""`cevns nucleus TARGET`: what a neutrino sees of a nucleus or a material."""

from __future__ import annotations

import click
import numpy as np

from .. import units
from ..flavors import FLAVORS
from ._output import echo_json, parse_positive


def _isotope_summary(iso, energies, couplings, form_factor):
    from ..physics import couplings as cp, cross_section as xs, form_factors as ff, kinematics as kin

    radius = iso.charge_radius
    model = ff.form_factor(form_factor, iso)
    rad = cp.Couplings(scheme="pdg2024")
    return {
        "isotope": iso.name, "Z": iso.Z, "N": iso.N, "A": iso.A,
        "abundance": iso.abundance,
        "nuclear_mass_MeV": iso.mass / units.MeV,
        "spin": iso.spin, "parity": "+" if iso.parity > 0 else "-",
        "magnetic_moment_muN": iso.magnetic_moment,
        "charge_radius_fm": None if radius is None else radius / units.fermi,
        "point_proton_radius_fm": (None if radius is None or iso.Z < 2
                                   else ff.point_proton_radius(radius, iso.Z, iso.N) / units.fermi),
        "form_factor": form_factor,
        "form_factor_rms_radius_fm": model.rms_radius / units.fermi,
        "spin_proton": iso.spin_proton, "spin_neutron": iso.spin_neutron, "spin_source": iso.spin_source,
        "weak_charge": cp.weak_charge(iso, couplings=couplings),
        "weak_charge_pdg2024": {f: cp.weak_charge(iso, couplings=rad, flavor=f) for f in FLAVORS[:3]},
        "weak_charge_squared_over_N2_4": (cp.weak_charge(iso, couplings=couplings) ** 2 / (iso.N**2 / 4)
                                          if iso.N else None),
        "axial_charge": cp.axial_charge(iso, cp.get_couplings(couplings)),
        "energies_MeV": (energies / units.MeV).tolist(),
        "recoil_energy_max_keV": (kin.recoil_energy_max(energies, iso) / units.keV).tolist(),
        "cross_section_cm2": (xs.total_cross_section(energies, iso, form_factor=form_factor,
                                                     couplings=couplings) / units.cm2).tolist(),
        "incoherent_cross_section_cm2": (xs.incoherent_cross_section(energies, iso, couplings=couplings)
                                         / units.cm2).tolist(),
    }


def _print_isotope(s):
    click.echo(f"{s['isotope']}: Z={s['Z']} N={s['N']} A={s['A']}  J^π={_spin(s['spin'])}{s['parity']}"
               f"  M={s['nuclear_mass_MeV']:.3f} MeV  abundance={s['abundance']:.4g}")
    if s["magnetic_moment_muN"] is not None and s["spin"] > 0:
        click.echo(f"  magnetic moment {s['magnetic_moment_muN']:+.5g} μ_N")
    if s["charge_radius_fm"] is not None:
        rp = s["point_proton_radius_fm"]
        click.echo(f"  charge radius {s['charge_radius_fm']:.4f} fm" + (f", point-proton radius {rp:.4f} fm" if rp else ""))
    click.echo(f"  {s['form_factor']} form factor rms radius {s['form_factor_rms_radius_fm']:.4f} fm")
    ratio = s["weak_charge_squared_over_N2_4"]
    click.echo(f"  weak charge Q_W = Z g_V^p + N g_V^n = {s['weak_charge']:.4f}   (−N/2 = {-s['N'] / 2:g}"
               + (f"; Q_W²/(N²/4) = {ratio:.4f})" if ratio is not None else ")"))
    rad = s["weak_charge_pdg2024"]
    click.echo("  radiatively corrected (pdg2024): " + ", ".join(f"{f}: {v:.4f}" for f, v in rad.items()))
    click.echo(f"  ⟨S_p⟩={s['spin_proton']:+.4f} ⟨S_n⟩={s['spin_neutron']:+.4f} ({s['spin_source']}),"
               f" G_A(0)={s['axial_charge']:+.4f}")
    click.echo(f"  {'E [MeV]':>9} {'T_max [keV]':>12} {'σ [cm²]':>11} {'σ_incoh [cm²]':>14} {'coherent gain':>14}")
    for e, t, sig, inc in zip(s["energies_MeV"], s["recoil_energy_max_keV"], s["cross_section_cm2"],
                              s["incoherent_cross_section_cm2"]):
        click.echo(f"  {e:9.4g} {t:12.4g} {sig:11.4g} {inc:14.4g} {sig / inc:14.4g}")


def _spin(j):
    return str(int(j)) if float(j).is_integer() else f"{int(2 * j)}/2"


@click.command()
@click.argument("target", default="Xe")
@click.option("--energy", "energies", multiple=True, default=("10 MeV", "30 MeV", "50 MeV"), show_default=True,
              help="Neutrino energies for T_max and σ, with units (repeatable).")
@click.option("--form-factor", default="helm", show_default=True, help="Form-factor model name.")
@click.option("--couplings", default="tree", show_default=True, type=click.Choice(["tree", "pdg2024"]))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
def nucleus(target, energies, form_factor, couplings, as_json):
    """Weak charge, radii, spin, T_max and cross sections of an ISOTOPE (Xe131) or MATERIAL (Xe, CsI)."""
    from ..nuclei import as_target
    from ..nuclei.isotope import Isotope

    energies = np.array([parse_positive(e, "energy", "--energy") for e in energies])
    tgt = as_target(target)
    isotopes, fractions = ((tgt,), (1.0,)) if isinstance(tgt, Isotope) else (tgt.isotopes, tgt.fractions)
    result = {
        "target": target,
        "isotopes": [dict(_isotope_summary(i, energies, couplings, form_factor), fraction=f)
                     for i, f in zip(isotopes, fractions)],
    }
    if not isinstance(tgt, Isotope):
        result["nuclei_per_kg"] = dict(zip((i.name for i in isotopes), (tgt.nuclei_per_mass * units.kg).tolist()))
    if as_json:
        echo_json(result)
        return
    if not isinstance(tgt, Isotope):
        click.echo(f"{target}: {len(isotopes)} isotopes (number fraction, nuclei per kg)")
        for iso, f in zip(isotopes, fractions):
            click.echo(f"  {iso.name:>6} {f:8.5f} {result['nuclei_per_kg'][iso.name]:.5g}")
        click.echo("")
    for summary in result["isotopes"]:
        _print_isotope(summary)
