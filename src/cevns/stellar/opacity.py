"""Opacity, mean free path, diffusion and trapping of neutrinos in stellar matter by elastic scattering.

The inverse transport mean free path of a mixture is

    1/λ(E) = Σ_i n_i σ_t,i(E; medium),   κ = 1/(ρ λ) [area/mass],

with σ_t,i the transport cross section of species i weighted by its ion–ion structure factor and, optionally, by
the weak charge of its electron screening cloud. Each nuclear species is treated as its own one-component plasma
(cross-correlations between species are neglected, the linear mixing rule of A. Marek et al., A&A 443 (2005)
201, which misses the scattering on composition fluctuations and so underestimates the opacity of mixtures whose
nuclei differ in N/Z: R. F. Sawyer, astro-ph/0505520; O. L. Caballero et al., PRC 74 (2006) 065801); free
nucleons are uncorrelated.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit

from .. import _validate, constants, units
from .._array import gauss_legendre
from ..errors import OutOfDomainError
from ..units import MeV
from .matter import (GRAM_PER_CM3, composition as as_composition, debye_wave_number, electron_density,
                     electron_screening_wave_number, ion_sphere_radius, number_density, plasma_coupling)
from .plasma import debye_huckel_structure_factor, horowitz_transport_structure_factor
from .transport import ANGULAR_NODES, angular_kernel

__all__ = ["inverse_mean_free_path", "mean_free_path", "opacity", "spectrum_averaged_mean_free_path",
           "diffusion_time", "free_fall_time", "trapping_density", "trapping_mean_free_path",
           "neutrinosphere_radius", "CORRELATIONS",
           "gravitational_constant", "solar_mass"]

#: Ion–ion correlation models: Horowitz's Monte Carlo fit (Debye–Hückel below Γ = 1), Debye–Hückel, or none.
CORRELATIONS = ("horowitz1997", "debye-huckel", "none")
#: Newtonian constant of gravitation, CODATA 2018: 6.67430e-11 m³ kg⁻¹ s⁻².
gravitational_constant = 6.67430e-11 * units.m**3 / (units.kg * units.s**2)
#: Solar mass from the IAU 2015 nominal GM_sun = 1.3271244e20 m³ s⁻² (Resolution B3) and G above.
solar_mass = 1.3271244e20 * units.m**3 / units.s**2 / gravitational_constant
#: Search interval of :func:`trapping_density`.
TRAPPING_SEARCH = (1.0e6 * GRAM_PER_CM3, 1.0e15 * GRAM_PER_CM3)
#: Densities of the coarse scan that brackets the first crossing (logarithmically spaced).
TRAPPING_GRID = 91
#: Fermi–Dirac spectra are integrated up to max(μ, 0) + this many temperatures (the tail beyond is < e^-50).
SPECTRUM_CUTOFF = 50.0


def _medium_cross_section(kernel, iso, ion_density, temperature, screening_k, correlations):
    """Σ over angles of the transport kernel weighted by the medium: S(q) and the screening cloud [area]."""
    s = _screening_factor(kernel, screening_k) if iso.Z > 0 and np.any(screening_k > 0) else None
    if correlations == "none" or iso.A == 1 or iso.Z == 0:
        return _angular_sum(kernel, s)
    if correlations == "debye-huckel":
        return _debye_huckel_sum(kernel, s, iso, ion_density, temperature, screening_k)
    gamma = plasma_coupling(iso.Z, ion_density, temperature)
    fitted = _angular_sum(kernel, s) * horowitz_transport_structure_factor(
        kernel.energy, ion_sphere_radius(ion_density), gamma)
    if np.all(gamma >= 1.0):
        return fitted
    return np.where(gamma < 1.0, _debye_huckel_sum(kernel, s, iso, ion_density, temperature, screening_k), fitted)


def _screening_factor(kernel, screening_k):
    """s = 1/(1 + |q|²/k_e²), the screening cloud's share of Z electrons at each angle (0 where k_e = 0).

    Shape screening_k.shape + E.shape + (nodes,). With it the kernel is transport + (a + b s) s
    (:attr:`AngularKernel.screening_terms`).
    """
    k_e = np.asarray(screening_k, dtype=float)[..., None]
    inverse_k2 = np.divide(1.0, k_e * k_e, out=np.full_like(k_e, np.inf), where=k_e > 0)
    s = kernel.wave_number_squared * inverse_k2
    s += 1.0
    return np.reciprocal(s, out=s)


def _angular_sum(kernel, s=None, weight=None):
    """Σ over angles of the (screened, if s is given) transport kernel times an optional weight, e.g. S(q) [area].

    Evaluated as Σ w t + Σ w a s + Σ w b s² without forming the screened kernel; a weight array is overwritten.
    """
    if weight is None:
        if s is None:
            return kernel.cross_section
        total = np.einsum("...n,...n->...", s, kernel.screening_terms[0])
        return total + np.einsum("...n,...n,...n->...", s, s, kernel.screening_terms[1]) + kernel.cross_section
    total = np.einsum("...n,...n->...", weight, kernel.transport)
    if s is None:
        return total
    a, b = kernel.screening_terms
    weighted = np.multiply(weight, s, out=weight)  # in place: einsum of four operands is much slower than of three
    return total + np.einsum("...n,...n->...", weighted, a) + np.einsum("...n,...n,...n->...", weighted, s, b)


def _debye_huckel_sum(kernel, s, iso, ion_density, temperature, screening_k):
    k_debye = debye_wave_number(iso.Z, np.asarray(ion_density)[..., None], np.asarray(temperature)[..., None])
    S = debye_huckel_structure_factor(kernel.momentum_transfer, k_debye, np.asarray(screening_k)[..., None])
    return _angular_sum(kernel, s, S)


def inverse_mean_free_path(neutrino_energy, density, temperature, composition, *, electron_fraction=None,
                           correlations="horowitz1997", electron_screening=False, flavor="nu_e",
                           form_factor="helm", couplings="tree", sin2_theta_w=None, axial=True,
                           nodes=ANGULAR_NODES):
    """1/λ = Σ_i n_i σ_t,i [1/length]: the transport opacity per unit length of elastic scattering.

    Parameters
    ----------
    neutrino_energy : array_like [energy]
    density : array_like [mass/volume]
        Mass density ρ (``1e12 * GRAM_PER_CM3``); broadcast against the energy (e.g. ``density[:, None]``).
    temperature : array_like [energy]
        k_B T of the matter (sets the plasma coupling Γ).
    composition : Composition, str or mapping
        Mass fractions: ``"Fe56"``, ``"Fe56:0.8,He4:0.1,n:0.1"``, ``{"Kr80": 0.7, "n": 0.3}``.
    electron_fraction : float, optional
        Y_e (electrons per baryon), used for the electron screening; default the composition's Σ X_i Z_i/A_i.
    correlations : {"horowitz1997", "debye-huckel", "none"}
        Ion–ion structure factor. ``"horowitz1997"`` multiplies σ_t by Horowitz's transport-averaged ⟨S⟩ for
        1 ≤ Γ (held at Γ = 150 above its range) and uses Debye–Hückel below Γ = 1.
    electron_screening : bool
        Add the weak charge of the Thomas–Fermi screening cloud, Z g_V^e/(1 + q²/k_TF²), to the vector charge
        (vector and axial parts of a nucleus do not interfere, so this holds for every J). The sign is fixed by the
        neutral-atom limit q → 0: for ν_μ and ν_τ the cloud cancels the protons' Z g_V^p; for ν_e (g_V^e ≈ +0.98)
        it reduces |Q_W| of a nucleus.
    flavor, form_factor, couplings, sin2_theta_w, axial
        As in :func:`cevns.physics.differential_cross_section`.

    References
    ----------
    D. Z. Freedman, Phys. Rev. D 9 (1974) 1389; C. J. Horowitz, Phys. Rev. D 55 (1997) 4577;
    A. Burrows, S. Reddy, T. A. Thompson, Nucl. Phys. A 777 (2006) 356, Sec. 3.
    """
    _validate.choice("correlations model", correlations, {c: c for c in CORRELATIONS})
    E = _validate.positive("neutrino_energy", neutrino_energy, unit="MeV", unit_value=MeV)
    rho = _validate.positive("density", density, unit="g/cm3", unit_value=GRAM_PER_CM3)
    T = _validate.positive("temperature", temperature, unit="MeV", unit_value=MeV)
    comp = as_composition(composition)
    ye = comp.charge_fraction if electron_fraction is None else float(
        _validate.as_array("electron_fraction", electron_fraction, minimum=0.0, maximum=1.0, strict_minimum=True))
    k_e = electron_screening_wave_number(electron_density(rho, ye)) if electron_screening else np.zeros_like(rho)
    total = 0.0
    for iso, fraction in zip(comp.species, comp.mass_fractions):
        if fraction == 0.0:
            continue
        kernel = angular_kernel(E, iso, form_factor=form_factor, flavor=flavor, couplings=couplings,
                                sin2_theta_w=sin2_theta_w, axial=axial, nodes=nodes)
        n = number_density(rho, fraction, iso.A)
        total = total + n * _medium_cross_section(kernel, iso, n, T, k_e, correlations)
    return total


def mean_free_path(neutrino_energy, density, temperature, composition, **physics):
    """Transport mean free path λ = 1/Σ_i n_i σ_t,i [length]; options as in :func:`inverse_mean_free_path`."""
    return 1.0 / inverse_mean_free_path(neutrino_energy, density, temperature, composition, **physics)


def opacity(neutrino_energy, density, temperature, composition, **physics):
    """Transport opacity κ = 1/(ρ λ) [area/mass] (divide by cm2/g for the astronomers' unit)."""
    rho = np.asarray(density, dtype=float)
    return inverse_mean_free_path(neutrino_energy, density, temperature, composition, **physics) / rho


def spectrum_averaged_mean_free_path(density, temperature, composition, *, neutrino_temperature,
                                     chemical_potential=0.0, weight="number", nodes=64, **physics):
    """Mean free path averaged over a Fermi–Dirac neutrino spectrum f(E) = 1/(exp((E − μ)/T_ν) + 1) [length].

    Parameters
    ----------
    density, temperature, composition
        The matter, as in :func:`inverse_mean_free_path` (scalars or arrays).
    neutrino_temperature : float [energy]
    chemical_potential : float [energy]
        μ_ν (0 for a thermal spectrum).
    weight : {"number", "energy", "rosseland"}
        ``"number"``: 1/⟨1/λ⟩ over E² f (the mean opacity a neutrino of the spectrum sees); ``"energy"``: the
        same over E³ f; ``"rosseland"``: ⟨λ⟩ over ∂(E³ f)/∂T_ν at fixed μ/T_ν (the diffusion average).
    nodes : int
        Gauss–Legendre nodes on [0, max(μ, 0) + 50 T_ν].
    """
    weights = ("number", "energy", "rosseland")
    _validate.choice("spectrum weight", weight, {w: w for w in weights})
    t_nu = _validate.positive_scalar("neutrino_temperature", neutrino_temperature, unit="MeV", unit_value=MeV)
    mu = float(_validate.as_array("chemical_potential", chemical_potential, unit="MeV", unit_value=MeV))
    E, w = gauss_legendre(0.0, max(mu, 0.0) + SPECTRUM_CUTOFF * t_nu, nodes)
    f = expit(-(E - mu) / t_nu)
    rho = np.asarray(density, dtype=float)[..., None]
    T = np.asarray(temperature, dtype=float)[..., None]
    inverse = inverse_mean_free_path(E, rho, T, composition, **physics)
    if weight == "rosseland":
        moment = w * E**4 * f * (1.0 - f)  # E³ ∂f/∂T at fixed η = μ/T, up to 1/T²
        return np.sum(moment / inverse, axis=-1) / np.sum(moment)
    moment = w * E ** (2 if weight == "number" else 3) * f
    return np.sum(moment) / np.sum(moment * inverse, axis=-1)


def diffusion_time(radius, mean_free_path, *, convention="mode"):
    """Time for neutrinos to diffuse out of a uniform sphere [time].

    ``"mode"``: t = 3R²/(π² c λ), the e-folding time of the slowest diffusion mode sin(πr/R)/r of a sphere with
    diffusion coefficient D = cλ/3 (its decay rate is Dπ²/R²);
    ``"random-walk"``: t = R²/(c λ), the (R/λ)² steps of a random walk out of the sphere, each taking λ/c.
    """
    conventions = {"mode": 3.0 / np.pi**2, "random-walk": 1.0}
    factor = _validate.choice("diffusion convention", convention, conventions)
    R = _validate.positive("radius", radius, unit="km", unit_value=units.km)
    lam = _validate.positive("mean_free_path", mean_free_path, unit="km", unit_value=units.km)
    return factor * R * R / (units.c_light * lam)


def free_fall_time(density):
    """t_ff = sqrt(3π/(32 G ρ)) [time]: collapse time of a pressureless uniform sphere.

    Notes
    -----
    A shell of a uniform sphere falls on a degenerate Kepler orbit of semi-major axis R/2 and reaches the centre
    after half its period, π sqrt((R/2)³/(GM)) with M = 4πρR³/3, which is sqrt(3π/(32Gρ)) for every shell.
    """
    rho = _validate.positive("density", density, unit="g/cm3", unit_value=GRAM_PER_CM3)
    return np.sqrt(3.0 * np.pi / (32.0 * gravitational_constant * rho))


def trapping_mean_free_path(density, *, core_mass=solar_mass, collapse_time=None, convention="mode"):
    """The mean free path [length] at which neutrinos need the collapse time to leave the core.

    λ_trap(ρ) solves diffusion_time(R, λ) = t_collapse(ρ) for a uniform core of mass ``core_mass`` and radius
    R = (3M/4πρ)^(1/3); neutrinos with λ < λ_trap are trapped. Options as in :func:`trapping_density`.
    """
    rho = _validate.positive("density", density, unit="g/cm3", unit_value=GRAM_PER_CM3)
    M = _validate.positive_scalar("core_mass", core_mass, unit="kg", unit_value=units.kg)
    if collapse_time is None:
        t_collapse = free_fall_time(rho)
    elif callable(collapse_time):
        t_collapse = np.vectorize(collapse_time, otypes=[float])(rho)
    else:
        t_collapse = _validate.positive_scalar("collapse_time", collapse_time, unit="s", unit_value=units.s)
    # diffusion_time is linear in 1/λ: λ_trap = λ · t_diff(λ)/t_collapse for any λ, here 1
    return diffusion_time((3.0 * M / (4.0 * np.pi * rho)) ** (1.0 / 3.0), 1.0, convention=convention) / t_collapse


def trapping_density(neutrino_energy, temperature, composition, *, core_mass=solar_mass, collapse_time=None,
                     convention="mode", **physics):
    """Density [mass/volume] above which neutrinos of energy E are trapped: t_diff(ρ) = t_collapse(ρ).

    The core is a uniform sphere of mass ``core_mass`` (radius (3M/4πρ)^(1/3)); its diffusion time
    (:func:`diffusion_time`) grows with density while the collapse time falls.

    Parameters
    ----------
    neutrino_energy : float [energy]
    temperature : float [energy]
    composition
        As in :func:`inverse_mean_free_path`, held fixed during the search.
    core_mass : float [mass]
        Default one solar mass (the inner core of a collapsing iron core, Bethe 1990).
    collapse_time : float [time] or callable(density) → time, optional
        Default :func:`free_fall_time`.
    convention : str
        Of :func:`diffusion_time`.
    **physics
        Options of :func:`inverse_mean_free_path`.
    """
    E = _validate.positive_scalar("neutrino_energy", neutrino_energy, unit="MeV", unit_value=MeV)
    T = _validate.positive_scalar("temperature", temperature, unit="MeV", unit_value=MeV)

    def log_ratio(log_rho):
        rho = np.exp(log_rho)
        critical = trapping_mean_free_path(rho, core_mass=core_mass, collapse_time=collapse_time,
                                           convention=convention)
        return np.log(critical / mean_free_path(E, rho, T, composition, **physics))

    # the first crossing from free streaming to trapping on a coarse grid, then refined (correlations can make
    # the ratio fall again at high density, so the whole interval is scanned)
    grid = np.linspace(np.log(TRAPPING_SEARCH[0]), np.log(TRAPPING_SEARCH[1]), TRAPPING_GRID)
    values = log_ratio(grid)
    crossing = np.flatnonzero((values[:-1] <= 0) & (values[1:] > 0))
    if crossing.size == 0:
        raise OutOfDomainError(
            f"no trapping density between {TRAPPING_SEARCH[0] / GRAM_PER_CM3:g} and "
            f"{TRAPPING_SEARCH[1] / GRAM_PER_CM3:g} g/cm3 for neutrino_energy={E / MeV:g} MeV: the diffusion time "
            "stays below the collapse time")
    i = crossing[0]
    root = brentq(lambda x: float(log_ratio(x)), grid[i], grid[i + 1], xtol=1e-12, rtol=1e-12)
    return float(np.exp(root))


def neutrinosphere_radius(neutrino_energy, radius, density, temperature, composition, *, optical_depth=2.0 / 3.0,
                          **physics):
    """Radius where the optical depth from outside, τ(r) = ∫_r^R dr'/λ(r'), reaches 2/3 [length].

    Parameters
    ----------
    neutrino_energy : float [energy]
    radius : array_like [length]
        Increasing radii of the profile; τ is integrated (trapezoid rule) from the outermost radius inwards.
    density : array_like [mass/volume]
        ρ(r) on ``radius``.
    temperature : array_like or float [energy]
        T(r) on ``radius``.
    composition
        As in :func:`inverse_mean_free_path` (uniform).
    optical_depth : float
        Default 2/3 (the Eddington photosphere condition).
    """
    E = _validate.positive_scalar("neutrino_energy", neutrino_energy, unit="MeV", unit_value=MeV)
    r = _validate.non_negative("radius", radius, unit="km", unit_value=units.km)
    if r.ndim != 1 or r.size < 2 or np.any(np.diff(r) <= 0):
        raise OutOfDomainError("radius must be a 1-d array of at least two increasing values")
    rho = _validate.positive("density", density, unit="g/cm3", unit_value=GRAM_PER_CM3)
    if rho.shape != r.shape:
        raise OutOfDomainError(f"density must have the shape of radius {r.shape}, got {rho.shape}")
    tau0 = _validate.positive_scalar("optical_depth", optical_depth)
    inverse = inverse_mean_free_path(E, rho, temperature, composition, **physics)
    steps = 0.5 * (inverse[1:] + inverse[:-1]) * np.diff(r)
    tau = np.concatenate([np.cumsum(steps[::-1])[::-1], [0.0]])
    if tau[0] < tau0:
        raise OutOfDomainError(f"the profile is too thin: optical depth {tau[0]:.3g} at its innermost radius is "
                               f"below optical_depth={tau0:g}")
    return float(np.interp(tau0, tau[::-1], r[::-1]))
