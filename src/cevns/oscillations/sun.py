"""The Sun: electron density, production regions, and the flavor content of solar neutrinos at the Earth.

The solar model is B16-GS98 (Vinyoles et al., ApJ 835 (2017) 202, arXiv:1611.09867) inside 0.5 R_sun and
BS05(AGS,OP) (Bahcall, Serenelli & Basu, ApJ 621 (2005) L85, astro-ph/0412440) outside; see
``data/README.md``. Tables are read on first use.

Method. A neutrino produced at radius r₀ travels radially outwards. In the instantaneous eigenbasis of the
three-flavor Hamiltonian (eigenvectors W(a), eigenvalues μ(a)/2E, which depend on the path only through
a = 2E V_CC) the state is ψ = W e^{−iΦ} c with dc/dx = −e^{iΦ} (W† dW/da) e^{−iΦ} c da/dx. The
eigensystem is tabulated once on a fine grid in log a (with a parallel-transported phase convention), so
that every energy is handled with table look-ups. Averaging over the production region and over the
Sun–Earth distance removes all interference between eigenstates, so that

    P(ν_α → ν_β) = Σ_{k,j,i} |U_βk|² |⟨ν_k|j(exit)⟩|² ⟨|c_ji|²⟩_r₀ |W_αi(r₀)|²

with ⟨⟩_r₀ the average over the production distribution. ``method="adiabatic"`` sets c = 1 (no transition
between eigenstates); ``method="numerical"`` integrates c with the exponential integrator of
:mod:`cevns.oscillations.propagate` (coupling constant over a step, its phase integrated exactly), one sweep
from the surface inwards giving every production radius at once.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from importlib import resources

import numpy as np

from .._validate import check_count, choice, fraction
from ..constants import hbarc
from ..errors import InvalidSpecError, MissingDataError, OutOfDomainError, UnknownNameError
from ..units import cm3, g, km
from .earth import earth_chord_layers, nadir_exposure
from .matter import CC_POTENTIAL_PER_DENSITY, NUCLEONS_PER_MASS, check_energy
from .eigensystem import eigensystem_table, grid_position, interpolate, read_only
from .mixing import MixingParameters, as_parameters, pmns
from .propagate import layered_amplitude

__all__ = [
    "SOLAR_COMPONENTS",
    "SUN_RADIUS",
    "solar_component",
    "solar_electron_density",
    "solar_production_distribution",
    "solar_mass_state_fractions",
    "solar_survival_probability",
    "solar_probability",
    "solar_transition",
    "day_night",
]

#: Nominal solar radius, IAU 2015 Resolution B3: 6.957e5 km.
SUN_RADIUS = 6.957e5 * km
#: Solar neutrino components, in the column order of the B16 production table.
SOLAR_COMPONENTS = ("pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F")
_ALIASES = {**{c: c for c in SOLAR_COMPONENTS},
            **{c.lower(): c for c in SOLAR_COMPONENTS},
            "Be7": "7Be", "B8": "8B", "N13": "13N", "O15": "15O", "F17": "17F",
            "be7": "7Be", "b8": "8B", "n13": "13N", "o15": "15O", "f17": "17F"}
_DATA = "cevns.oscillations.data"
#: Most radial steps of the numerical solar integration (checked before anything is allocated).
MAX_STEPS = 100_000


def solar_component(name: str) -> str:
    """The canonical name (one of :data:`SOLAR_COMPONENTS`) of a solar component, read ignoring case, with an
    optional ``solar-`` prefix and the element-first spellings (``B8``).

    >>> solar_component("solar-b8"), solar_component("Be7")
    ('8B', '7Be')
    """
    if not isinstance(name, str):
        raise UnknownNameError("solar component", name, SOLAR_COMPONENTS)
    text = name.strip()
    if text.lower().startswith("solar-"):
        text = text[len("solar-"):]
    try:
        return choice("solar component", text, _ALIASES)
    except UnknownNameError:
        raise UnknownNameError("solar component", name, SOLAR_COMPONENTS) from None


def _read(filename: str) -> np.ndarray:
    try:
        text = resources.files(_DATA).joinpath(filename).read_text()
    except (FileNotFoundError, ModuleNotFoundError) as exc:  # pragma: no cover - broken installation
        raise MissingDataError(f"solar model table {filename} is missing from the cevns installation "
                               f"(src/cevns/oscillations/data/); reinstall cevns") from exc
    rows = [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    table = np.array(rows, dtype=float)
    table.setflags(write=False)
    return table


@cache
def _b16() -> np.ndarray:
    return _read("b16_gs98_production.txt")


@cache
def _density_table() -> tuple[np.ndarray, np.ndarray]:
    """(r/R_sun, log10(n_e / (N_A cm⁻³))) from the center to 0.983 R_sun."""
    inner = _b16()
    outer = _read("bs05_agsop_outer.txt")
    log_ne_outer = np.log10(outer[:, 1] * (1.0 + outer[:, 2]) / 2.0)
    radii = np.concatenate([[0.0], inner[:, 0], outer[:, 0]])
    log_ne = np.concatenate([[inner[0, 1]], inner[:, 1], log_ne_outer])
    radii.setflags(write=False)
    log_ne.setflags(write=False)
    return radii, log_ne


def solar_electron_density(radius_fraction):
    """Electron number density n_e(r) in the Sun [length⁻³]; r in units of the solar radius, in [0, 1].

    Zero beyond the last tabulated radius (0.983 R_sun), where n_e < 10⁻³ N_A cm⁻³.
    """
    r = fraction("radius_fraction", radius_fraction)
    radii, log_ne = _density_table()
    value = 10.0 ** np.interp(r, radii, log_ne) * NUCLEONS_PER_MASS * (g / cm3)
    return np.where(r <= radii[-1], value, 0.0)


def solar_production_distribution(component: str, radius_fraction):
    """Production distribution dF/dr of a solar component, normalized to ∫ dF/dr dr = 1 over r = r/R_sun."""
    column = 2 + SOLAR_COMPONENTS.index(solar_component(component))
    table = _b16()
    radii = np.concatenate([[0.0], table[:, 0]])
    values = np.concatenate([[0.0], table[:, column]])
    norm = np.trapezoid(values, radii)
    r = fraction("radius_fraction", radius_fraction)
    return np.interp(r, radii, values, right=0.0) / norm


def _production_nodes(component: str):
    """Production radii (table rows) and trapezoid weights summing to 1."""
    column = 2 + SOLAR_COMPONENTS.index(solar_component(component))
    table = _b16()
    radii = np.concatenate([[0.0], table[:, 0]])
    values = np.concatenate([[0.0], table[:, column]])
    widths = np.diff(radii)
    weights = np.zeros_like(values)
    weights[:-1] += 0.5 * widths * values[:-1]
    weights[1:] += 0.5 * widths * values[1:]
    return radii, weights / weights.sum()


def _potential(radius_fraction, antineutrino):
    return solar_electron_density(radius_fraction) / NUCLEONS_PER_MASS / (g / cm3) * CC_POTENTIAL_PER_DENSITY


def _mass_fractions(energy, component, params, antineutrino, method, steps, chunk=2500):
    table = eigensystem_table(params, antineutrino)
    e = energy.ravel()
    out = np.empty((e.size, 3, 3))
    if method == "adiabatic":
        average = _adiabatic_average(params, antineutrino, component)
        exit_i0, exit_f = grid_position(table, np.zeros(1))
        exit_weight = interpolate(table, "mass_weight", exit_i0, exit_f)[0]  # vacuum: [mass, i]
        t = (np.log10(2.0 * e) - average["x0"]) / average["step"]
        if np.any(t < 0) or np.any(t > average["produced"].shape[0] - 1):
            raise OutOfDomainError("energy outside the tabulated range of the solar transition "
                                   f"({_energy_range(average)})")
        i0 = np.minimum(np.floor(t).astype(int), average["produced"].shape[0] - 2)
        produced = interpolate(average, "produced", i0, t - i0)  # [E, i, α]
        out[:] = np.einsum("ki,eia->eka", exit_weight, produced)
        return out.reshape(energy.shape + (3, 3))
    # numerical: sweep from the surface inwards on a uniform radial grid
    radii_table, _ = _density_table()
    r_end = radii_table[-1]
    # the production nodes of the adiabatic method are grid points too, so both share one quadrature
    production_radii, production_weights = _production_nodes(component)
    r = np.union1d(np.linspace(0.0, r_end, int(steps) + 1), production_radii)
    weights = np.zeros_like(r)
    weights[np.searchsorted(r, production_radii)] = production_weights
    dx_all = np.diff(r) * SUN_RADIUS
    v = _potential(r, antineutrino)
    for start in range(0, e.size, chunk):
        sl = slice(start, start + chunk)
        es = e[sl]
        a = 2.0 * es[:, None] * v[None, :]  # [E, node]
        i0, f = grid_position(table, a)
        lam = interpolate(table, "mu", i0, f) / (2.0 * es[:, None, None] * hbarc)  # [E, node, i] per length
        phi = np.concatenate([np.zeros((es.size, 1, 3)),
                              np.cumsum(0.5 * (lam[:, 1:] + lam[:, :-1]) * dx_all[None, :, None], axis=1)],
                             axis=1)
        end_i0, end_f = i0[:, -1], f[:, -1]
        exit_weight = interpolate(table, "mass_weight", end_i0, end_f)  # [E, mass, j]
        c = np.broadcast_to(np.eye(3, dtype=complex), (es.size, 3, 3)).copy()
        accumulated = np.zeros((es.size, 3, 3))
        eye = np.eye(3)
        for k in range(r.size - 2, -1, -1):
            dx = dx_all[k]
            a_mid = 0.5 * (a[:, k] + a[:, k + 1])
            m_i0, m_f = grid_position(table, a_mid)
            coupling = interpolate(table, "coupling", m_i0, m_f)
            lam_mid = 0.5 * (lam[:, k] + lam[:, k + 1])
            phi_mid = 0.5 * (phi[:, k] + phi[:, k + 1])
            dphi = phi_mid[:, :, None] - phi_mid[:, None, :]
            dlam = lam_mid[:, :, None] - lam_mid[:, None, :]
            generator = -coupling * (a[:, k + 1] - a[:, k])[:, None, None]
            m = generator * np.exp(1j * dphi) * np.sinc(dlam * dx / (2.0 * np.pi))
            c = c @ np.linalg.solve(eye - 0.5 * m, eye + 0.5 * m)
            if weights[k] > 0:
                w2 = interpolate(table, "flavor_weight", i0[:, k], f[:, k])  # [E, α, i]
                accumulated += weights[k] * np.einsum("eji,eai->eja", np.abs(c) ** 2, w2)
        out[sl] = np.einsum("ekj,eja->eka", exit_weight, accumulated)
    return out.reshape(energy.shape + (3, 3))


@lru_cache(maxsize=64)
def _adiabatic_average(params: MixingParameters, antineutrino: bool, component: str):
    """⟨|W_αi(a = 2E V(r₀))|²⟩ over the production distribution, tabulated in x = log10(2E).

    For every production radius log a = x + log V(r₀), so the average is a smooth function of x alone: it is
    tabulated once on the grid of the eigensystem table and interpolated per energy.
    """
    table = eigensystem_table(params, antineutrino)
    radii, weights = _production_nodes(component)
    keep = weights > 0
    log_v = np.log10(_potential(radii[keep], antineutrino))
    weights = weights[keep]
    x = table["log_a"] - log_v.max()
    x = x[x + log_v.max() <= table["log_a"][-1]]
    produced = np.empty((x.size, 3, 3))
    for start in range(0, x.size, 256):
        block = x[start:start + 256]
        i0, f = grid_position(table, 10.0 ** (block[:, None] + log_v[None, :]))
        w2 = interpolate(table, "flavor_weight", i0, f)  # [x, r, α, i]
        produced[start:start + 256] = np.einsum("r,xrai->xia", weights, w2)
    return read_only({"x0": x[0], "step": table["step"], "produced": produced})


def _energy_range(average) -> str:
    lo = 10.0 ** average["x0"] / 2.0
    hi = 10.0 ** (average["x0"] + average["step"] * (average["produced"].shape[0] - 1)) / 2.0
    return f"{lo:.3g} to {hi:.3g} MeV"


_METHODS = {"adiabatic": "adiabatic", "numerical": "numerical"}


def solar_mass_state_fractions(energy, component: str = "8B", *, params: MixingParameters | None = None,
                               antineutrino: bool = False, method: str = "adiabatic", steps: int = 200):
    """Fractions F[..., k, α] of the mass states ν_k leaving the Sun for a neutrino produced as ν_α.

    Parameters
    ----------
    energy : array_like [energy]
    component : str
        One of pp, pep, hep, 7Be, 8B, 13N, 15O, 17F (a ``solar-`` prefix is accepted).
    params : MixingParameters, optional
        Three-flavor parameters (default NuFIT 6.0, normal ordering).
    method : {'adiabatic', 'numerical'}
    steps : int
        Uniform radial steps of the numerical integration from the center to 0.983 R_sun (the radii of the
        production table are added as nodes); 200 gives P to ~1e-6.
    """
    params = as_parameters(params)
    e = check_energy(energy)
    method = choice("solar propagation method", method, _METHODS)
    steps = check_count("steps", steps, minimum=16, maximum=MAX_STEPS)
    return _mass_fractions(e, solar_component(component), params, bool(antineutrino), method, steps)


def solar_probability(energy, component: str = "8B", *, params: MixingParameters | None = None,
                      antineutrino: bool = False, method: str = "adiabatic", steps: int = 200,
                      nadir_angle: float | None = None, sublayers: int = 32):
    """Flavor transition probabilities P[..., β, α] of solar neutrinos at the Earth.

    Parameters
    ----------
    energy, component, params, antineutrino, method, steps
        As in :func:`solar_mass_state_fractions`.
    nadir_angle : float [rad], optional
        For a detector at night: the Sun's nadir angle; the mass states then cross the Earth (PREM) and
        regenerate ν_e. None (default): day, no Earth crossing.

    Notes
    -----
    Day: P_βα = Σ_k |U_βk|² F_kα. Night: P_βα = Σ_k |(S_⊕ U)_βk|² F_kα with S_⊕ the Earth evolution operator.
    """
    params = as_parameters(params)
    fractions = solar_mass_state_fractions(energy, component, params=params, antineutrino=antineutrino,
                                           method=method, steps=steps)
    u = pmns(params)
    if antineutrino:
        u = u.conj()
    if nadir_angle is None:
        return np.einsum("bk,...ka->...ba", np.abs(u) ** 2, fractions)
    layers = earth_chord_layers(nadir_angle, sublayers=sublayers)
    e = check_energy(energy)
    s = layered_amplitude(e, layers, params=params, antineutrino=antineutrino)
    return np.einsum("...bk,...ka->...ba", np.abs(s @ u) ** 2, fractions)


def solar_survival_probability(energy, component: str = "8B", **kwargs):
    """P(ν_e → ν_e) of a solar component at the Earth; keywords as in :func:`solar_probability`.

    References
    ----------
    Adiabatic MSW: S. P. Mikheyev, A. Yu. Smirnov (1985); L. Wolfenstein (1978). Measured values:
    Borexino, Nature 562 (2018) 505; SNO, Phys. Rev. C 88 (2013) 025501.
    """
    return solar_probability(energy, component, **kwargs)[..., 0, 0]


def solar_transition(component: str = "8B", *, params: MixingParameters | None = None,
                     method: str = "adiabatic", steps: int = 200, nadir_angle: float | None = None):
    """A callable ``probability(energy, antineutrino=False) -> P[..., β, α]`` for ``Flux.oscillated``.

    The arguments are checked now; the tables are read at the first call.
    """
    solar_component(component)
    choice("solar propagation method", method, _METHODS)
    params = as_parameters(params)
    if params.n_states != 3:
        raise InvalidSpecError("the solar transition is three-flavor only")

    def probability(energy, antineutrino: bool = False):
        return solar_probability(energy, component, params=params, antineutrino=antineutrino, method=method,
                                 steps=steps, nadir_angle=nadir_angle)

    probability.__doc__ = f"Solar {component} flavor transition at the Earth ({method})."
    return probability


def day_night(energy, component: str = "8B", *, latitude: float, params: MixingParameters | None = None,
              method: str = "adiabatic", bins: int = 10, sublayers: int = 16):
    """Yearly day and night ν_e survival probabilities and the asymmetry A_DN = 2(N − D)/(N + D).

    Parameters
    ----------
    latitude : float [rad]
        Detector latitude.
    bins : int
        Bins of the nadir-angle distribution over a year.

    Returns
    -------
    dict with 'day', 'night' (arrays like ``energy``) and 'asymmetry'.
    """
    params = as_parameters(params)
    e = check_energy(energy)
    fractions = solar_mass_state_fractions(e, component, params=params, method=method)
    u = pmns(params)
    day = np.einsum("k,...k->...", np.abs(u[0]) ** 2, fractions[..., :, 0])
    cos_nadir, exposure = nadir_exposure(latitude, bins=bins)
    night = np.zeros_like(day)
    for cos_eta, weight in zip(cos_nadir, exposure):
        if weight == 0:
            continue
        layers = earth_chord_layers(math.acos(cos_eta), sublayers=sublayers)
        s = layered_amplitude(e, layers, params=params)
        night += weight * np.einsum("...k,...k->...", np.abs((s @ u)[..., 0, :]) ** 2, fractions[..., :, 0])
    night = night / exposure.sum()
    return {"day": day, "night": night, "asymmetry": 2.0 * (night - day) / (night + day)}
