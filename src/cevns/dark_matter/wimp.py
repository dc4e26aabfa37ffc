"""WIMP–nucleus elastic scattering: spin-independent and spin-dependent recoil spectra in a detector.

Per unit detector mass, summed over the target's isotopes i with n_i nuclei per unit mass,

    dR/dT = Σ_i n_i · (ρ₀/m_χ) · M_i c² σ_i(q) η(v_min) / (2 μ_i²),   v_min = c √(M_i T / (2 μ_i²)),

with μ_i the WIMP–nucleus reduced mass (masses as energies) and η the halo's mean inverse speed
(:func:`cevns.dark_matter.halo.mean_inverse_speed`). The nucleus cross sections, from the WIMP–nucleon one σ_n:

- spin-independent: σ_i = σ_n (μ_i/μ_p)² [Z + (A − Z) f_n/f_p]² F²(q) (f_n = f_p gives the A² law), Helm F
  (Lewin & Smith 1996);
- spin-dependent, coupling to protons (``"sdp"``) or neutrons (``"sdn"``) only, from the structure function
  S_A(q) of Klos et al. (2013), dσ/dq² = 8 G_F² S_A(q) / ((2J+1) v²):

      σ_i(q) = σ_n (μ_i/μ_p)² · 4π S_{p,n}(q) / (3 (2J+1)),

  with S_A = a₀² S₀₀ + a₀a₁ S₀₁ + a₁² S₁₁, a₀ = a_p + a_n, a₁ = a_p − a_n, so that S_p = S₀₀ + S₀₁ + S₁₁
  (a_p = 1, a_n = 0) and S_n = S₀₀ − S₀₁ + S₁₁ (a_p = 0, a_n = 1); σ_n is the WIMP–nucleon cross section of the
  coupled nucleon, 24 G_F² μ_p² a²/π. With one-body currents S_A(0) = (2J+1)(J+1)/(πJ) |a_p⟨S_p⟩ + a_n⟨S_n⟩|²,
  which gives σ_i(0) = σ_n (μ_i/μ_p)² (4/3) (J+1)/J ⟨S_p,n⟩². The shell-model fits (one- plus two-body currents,
  centre of the band) are used for ¹⁹F, ²³Na, ²⁷Al, ²⁹Si, ⁷³Ge, ¹²⁷I, ¹²⁹Xe, ¹³¹Xe (``data/README.md``), up to
  u = q²b²/2 = :data:`STRUCTURE_FIT_U_MAX` and zero beyond. **Fallback** for every other odd nucleus: the one-body
  ⟨S_p,n⟩ of :mod:`cevns.nuclei` (Klos et al. 2013 where published, else the odd-group model) with the thin-shell
  form factor of Lewin & Smith (1996), Sec. 4.3: F²_SD = j₀²(q r), r = 1.0 A^{1/3} fm, held at 0.047 for
  2.55 ≤ q r ≤ 4.5. Even-even nuclei (J = 0) give zero.

References
----------
J. D. Lewin, P. F. Smith, Astropart. Phys. 6 (1996) 87.
P. Klos, J. Menéndez, D. Gazit, A. Schwenk, PRD 88 (2013) 083516, arXiv:1304.7684.
D. Baxter et al., EPJC 81 (2021) 907 (halo and σ_n conventions).
"""

from __future__ import annotations

import numpy as np

from .. import _validate, constants
from .._array import spherical_j0
from ..constants import hbarc
from ..errors import OutOfDomainError
from ..nuclei import Isotope, as_target, isotopes_and_fractions
from ..physics.form_factors import form_factor as _form_factor
from ..units import GeV, c_light, c_light_sq, cm2, fermi, keV
from .data import load_klos2013_structure_functions
from .halo import as_halo, velocity_integral_kernel

__all__ = ["INTERACTIONS", "wimp_spectrum", "wimp_recoil_energy_max", "nucleus_cross_section", "spin_form_factor",
           "spin_structure_function", "spin_dependent_model", "nuclei_per_mass", "rate_per_nucleus"]

#: Interaction names: spin-independent, spin-dependent on protons only, on neutrons only.
INTERACTIONS = {"si": "spin-independent", "sdp": "spin-dependent (proton)", "sdn": "spin-dependent (neutron)"}

#: Lewin & Smith (1996), Sec. 4.3: thin-shell radius r = 1.0 A^(1/3) fm; plateau F² = 0.047 for 2.55 ≤ qr ≤ 4.5.
THIN_SHELL_RADIUS = 1.0 * fermi
THIN_SHELL_PLATEAU = (2.55, 4.5, 0.047)

#: Largest u = q²b²/2 at which the fits of Klos et al. (2013) are used: 10 for xenon, 5 elsewhere (the ranges
#: DDCalc, Bringmann et al. EPJC 77 (2017) 831, also adopts); beyond, no shell-model result backs the polynomial
#: and S is set to zero. These are recoils of 600 keV (Xe), 650 keV (Ge73), 320 keV (I127), > 2 MeV (F to Si).
STRUCTURE_FIT_U_MAX = {"Xe129": 10.0, "Xe131": 10.0}
_DEFAULT_U_MAX = 5.0


def nuclei_per_mass(target) -> tuple[tuple[Isotope, ...], np.ndarray]:
    """The isotopes of a target and the number of nuclei of each per unit detector mass [1/mass]."""
    target = as_target(target)
    isotopes, fractions = isotopes_and_fractions(target)
    atomic = np.array([iso.mass + iso.Z * constants.electron_mass for iso in isotopes]) / c_light_sq
    return isotopes, fractions / float(fractions @ atomic)


def spin_form_factor(momentum_transfer, isotope: Isotope) -> np.ndarray:
    """F²_SD(q) of the thin-shell model (Lewin & Smith 1996, Sec. 4.3), F²(0) = 1."""
    low, high, plateau = THIN_SHELL_PLATEAU
    qr = np.asarray(momentum_transfer, dtype=float) / hbarc * THIN_SHELL_RADIUS * isotope.A ** (1.0 / 3.0)
    return np.where((qr >= low) & (qr <= high), plateau, spherical_j0(qr) ** 2)


def spin_structure_function(momentum_transfer, isotope: Isotope, interaction: str) -> np.ndarray | None:
    """The shell-model structure function S_p(q) (``"sdp"``) or S_n(q) (``"sdn"``) of Klos et al. (2013).

    S_p = S₀₀ + S₀₁ + S₁₁ and S_n = S₀₀ − S₀₁ + S₁₁ (one- plus two-body currents, centre of the band), each
    S_ij(u) = e^(−u) Σ_k c_ij,k u^k with u = q² b²/2; zero beyond :data:`STRUCTURE_FIT_U_MAX`.
    Returns None for an isotope without published fits (see :func:`spin_form_factor` for the fallback).
    """
    sign = _validate.choice("spin-dependent interaction", interaction, {"sdp": 1.0, "sdn": -1.0})
    fit = load_klos2013_structure_functions().get(isotope.name)
    if fit is None:
        return None
    coefficients = fit["S00"] + sign * fit["S01"] + fit["S11"]
    q = np.asarray(momentum_transfer, dtype=float)
    u = 0.5 * (q / hbarc * fit["b"]) ** 2
    value = np.exp(-u) * np.polynomial.polynomial.polyval(u, coefficients)
    return np.where(u <= STRUCTURE_FIT_U_MAX.get(isotope.name, _DEFAULT_U_MAX), np.maximum(value, 0.0), 0.0)


def spin_dependent_model(isotope: Isotope) -> str:
    """Which spin-dependent model :func:`wimp_spectrum` uses for an isotope (a short description)."""
    if isotope.spin == 0:
        return "J = 0: no spin-dependent scattering"
    if isotope.name in load_klos2013_structure_functions():
        return "shell-model structure functions, 1b+2b currents (Klos et al. 2013)"
    return f"one-body <S_p>, <S_n> ({isotope.spin_source}) with the thin-shell form factor (Lewin & Smith 1996)"


def _spin_dependent(momentum_transfer, isotope: Isotope, interaction: str) -> np.ndarray:
    """σ_i(q) / [σ_n (μ_i/μ_p)²] of a spin-dependent interaction: the structure function where published, else the
    one-body coupling times the thin-shell form factor."""
    structure = spin_structure_function(momentum_transfer, isotope, interaction)
    if structure is None:
        return _coupling(isotope, interaction, 1.0) * spin_form_factor(momentum_transfer, isotope)
    return 4.0 * np.pi / (3.0 * (2.0 * isotope.spin + 1.0)) * structure


def _coupling(isotope: Isotope, interaction: str, fn_over_fp: float) -> float:
    """σ_i(q = 0) / [σ_n (μ_i/μ_p)²]: the coherent enhancement of each interaction."""
    if interaction == "si":
        return (isotope.Z + isotope.N * fn_over_fp) ** 2
    if isotope.spin == 0:
        return 0.0
    spin = isotope.spin_proton if interaction == "sdp" else isotope.spin_neutron
    return 4.0 / 3.0 * (isotope.spin + 1.0) / isotope.spin * spin**2


def _reduced(a, b):
    return a * b / (a + b)


def nucleus_cross_section(isotope, mass: float, cross_section: float, *, interaction: str = "si",
                          fn_over_fp: float = 1.0) -> float:
    """The WIMP–nucleus cross section at zero momentum transfer σ_i(0) [area] from the WIMP–nucleon σ_n.

    Spin-dependent: from the structure function S_p,n(0) where Klos et al. (2013) publish one (two-body currents
    included), else from the one-body ⟨S_p,n⟩ (see the module docstring).
    """
    iso = as_target(isotope)
    if not isinstance(iso, Isotope):
        raise OutOfDomainError(f"nucleus_cross_section needs one isotope, got the material {iso.name!r}")
    interaction = _validate.choice("WIMP interaction", interaction, {k: k for k in INTERACTIONS})
    mu = _reduced(mass, iso.mass)
    mu_p = _reduced(mass, constants.proton_mass)
    if interaction == "si":
        return cross_section * (mu / mu_p) ** 2 * _coupling(iso, interaction, fn_over_fp)
    return cross_section * (mu / mu_p) ** 2 * float(_spin_dependent(0.0, iso, interaction))


def wimp_recoil_energy_max(mass: float, target, halo=None) -> float:
    """The largest recoil energy [energy] a WIMP of the halo can give any nucleus of the target:
    T_max = 2 μ² (v_esc + |v_E|)² / (M c²)."""
    halo = as_halo(halo)
    v = halo.max_speed / c_light
    isotopes, _ = nuclei_per_mass(target)
    return max(2.0 * _reduced(mass, iso.mass) ** 2 * v * v / iso.mass for iso in isotopes)


def _check(mass, cross_section, interaction, fn_over_fp):
    mass = _validate.positive_scalar("mass", mass, unit="GeV", unit_value=GeV)
    cross_section = _validate.non_negative_scalar("cross_section", cross_section, unit="cm2", unit_value=cm2)
    interaction = _validate.choice("WIMP interaction", str(interaction).lower(), {k: k for k in INTERACTIONS})
    fn_over_fp = float(_validate.as_array("fn_over_fp", fn_over_fp))
    return mass, cross_section, interaction, fn_over_fp


def rate_per_nucleus(recoil_energy, isotope: Isotope, mass, cross_section: float, *, interaction: str, halo,
                     v_lab, fn_over_fp: float = 1.0, form_factor="helm") -> np.ndarray:
    """dR/dT per target nucleus [1/(time · energy)]; arrays broadcast (no validation: see :func:`wimp_spectrum`).

    ``mass`` [energy] may be an array (e.g. shaped to broadcast against the recoil energies).
    """
    T = np.asarray(recoil_energy, dtype=float)
    mass = np.asarray(mass, dtype=float)
    coupling = _coupling(isotope, interaction, fn_over_fp)
    if coupling == 0.0:
        return np.zeros(np.broadcast_shapes(T.shape, mass.shape, np.shape(v_lab)))
    mu = _reduced(mass, isotope.mass)
    mu_p = _reduced(mass, constants.proton_mass)
    q = np.sqrt(2.0 * isotope.mass * T + T * T)
    if interaction == "si":
        shape = coupling * _form_factor(form_factor, isotope)(q, validate=False) ** 2
    else:
        shape = _spin_dependent(q, isotope, interaction)
    v_min = c_light * np.sqrt(isotope.mass * T / (2.0 * mu * mu))
    eta = velocity_integral_kernel(v_min, v_lab, halo.v0, halo.escape_speed)
    # (ρ/m_χ) · M c² σ_n (μ/μ_p)² C(q) η / (2 μ²): the μ² cancel
    return halo.density / mass * isotope.mass * c_light_sq * cross_section * shape * eta / (2.0 * mu_p**2)


def wimp_spectrum(recoil_energy, target, *, mass: float, cross_section: float, interaction: str = "si",
                  halo=None, time=None, fn_over_fp: float = 1.0, form_factor="helm") -> np.ndarray:
    """Differential WIMP recoil rate dR/dT per unit detector mass [1/(mass · time · energy)].

    Parameters
    ----------
    recoil_energy : array_like [energy]
        Nuclear recoil energies T ≥ 0.
    target : Isotope, Material or name
        ``"Xe"``, ``"Xe131"``, ``"NaI"``, ``"CaWO4"``, ``"C3F8"`` ...; natural abundances for elements.
    mass : float [energy]
        WIMP mass m_χ (e.g. ``50 * GeV``).
    cross_section : float [area]
        WIMP–nucleon cross section σ_n (proton for SI with f_n/f_p ≠ 1; proton or neutron for SD).
    interaction : {"si", "sdp", "sdn"}
    halo : StandardHaloModel or str, optional
        Default: Baxter et al. (2021).
    time : array_like [time], optional
        Time since J2000.0 for the annual modulation (broadcasts with ``recoil_energy``); None: annual mean.
    fn_over_fp : float
        Isospin violation f_n/f_p of the SI coupling (1: isospin conserving; −0.7 suppresses xenon).
    form_factor : str or model
        SI form factor (a name of :mod:`cevns.physics.form_factors`, default ``"helm"``).

    Returns
    -------
    ndarray, broadcast shape of ``recoil_energy`` and ``time``. Exactly 0 above the kinematic limit.

    Examples
    --------
    >>> from cevns.units import GeV, keV, cm2, tonne, year
    >>> r = wimp_spectrum(10 * keV, "Xe", mass=50 * GeV, cross_section=1e-47 * cm2)
    >>> 0.01 < float(r * tonne * year * keV) < 1
    True
    """
    mass, cross_section, interaction, fn_over_fp = _check(mass, cross_section, interaction, fn_over_fp)
    T = _validate.non_negative("recoil_energy", recoil_energy, unit="keV", unit_value=keV)
    halo = as_halo(halo)
    v_lab = halo.speed_at(time)
    isotopes, per_mass = nuclei_per_mass(target)
    out = np.zeros(np.broadcast_shapes(T.shape, np.shape(v_lab)))
    for iso, n_i in zip(isotopes, per_mass):
        out = out + n_i * rate_per_nucleus(T, iso, mass, cross_section, interaction=interaction, halo=halo,
                                           v_lab=v_lab, fn_over_fp=fn_over_fp, form_factor=form_factor)
    return out
