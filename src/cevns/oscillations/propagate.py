"""Flavor evolution: vacuum, constant density, layers, arbitrary profiles; amplitudes and probabilities.

Every function takes an array of energies and returns arrays of shape ``energy.shape + (n, n)`` with
``A[..., β, α] = ⟨ν_β| S |ν_α⟩`` (amplitude) or ``P[..., β, α] = |A|²`` = P(ν_α → ν_β), flavor order
(e, μ, τ[, s]): the convention of ``Flux.oscillated``.

The evolution operator solves i ħc dψ/dx = H(x) ψ with H the flavor-basis Hamiltonian of
:mod:`cevns.oscillations.matter`:

* vacuum and constant density: S = W exp(−i Λ L/ħc) W†, from the exact eigen-decomposition H = W Λ W†;
* layers: the ordered product of the exact constant-density operators, S = S_N ⋯ S_2 S_1;
* any profile: a numerical integrator, either an explicit Runge–Kutta method (``method="ode"``, DOP853 of
  :func:`scipy.integrate.solve_ivp` with the requested tolerance) or an exponential integrator in the
  instantaneous (adiabatic) eigenbasis (``method="adiabatic"``), refined by step doubling until two
  successive results agree to the requested tolerance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .._validate import as_array, broadcast_shape, canonical_name, check_count, positive_scalar, real_scalar
from ..constants import hbarc
from ..errors import CevnsError, InvalidSpecError, OutOfDomainError
from ..units import Mpc, cm3, g
from .matter import MAX_DENSITY, _hamiltonian, _potentials, check_energy
from .mixing import MixingParameters, as_parameters, mass_squared, pmns

__all__ = [
    "Layer",
    "vacuum_amplitude",
    "vacuum_probability",
    "constant_amplitude",
    "constant_probability",
    "layered_amplitude",
    "layered_probability",
    "profile_amplitude",
    "profile_probability",
    "probability",
]


@dataclass(frozen=True, kw_only=True)
class Layer:
    """A slab of matter of constant composition.

    Parameters
    ----------
    length : float [length]
        Thickness crossed, ≥ 0.
    density : float [mass/length³]
        ρ ≥ 0.
    electron_fraction : float
        Y_e in [0, 1].
    neutron_fraction : float or None
        Y_n in [0, 1]; None means 1 − Y_e.
    """

    length: float
    density: float
    electron_fraction: float = 0.5
    neutron_fraction: float | None = None

    def __post_init__(self):
        object.__setattr__(self, "length", real_scalar("length", self.length, minimum=0.0, maximum=MAX_BASELINE,
                                                       unit="km", unit_value=1e6))
        object.__setattr__(self, "density", real_scalar("density", self.density, minimum=0.0, maximum=MAX_DENSITY,
                                                        unit="g/cm3", unit_value=g / cm3))
        object.__setattr__(self, "electron_fraction", real_scalar("electron_fraction", self.electron_fraction,
                                                                  minimum=0.0, maximum=1.0))
        if self.neutron_fraction is not None:
            object.__setattr__(self, "neutron_fraction", real_scalar("neutron_fraction", self.neutron_fraction,
                                                                    minimum=0.0, maximum=1.0))


def _as_layer(item) -> Layer:
    if isinstance(item, Layer):
        return item
    try:
        values = tuple(item)
    except TypeError:
        raise InvalidSpecError(f"a layer must be a Layer or a tuple (length, density, electron_fraction"
                               f"[, neutron_fraction]), got {item!r}") from None
    if not 2 <= len(values) <= 4:
        raise InvalidSpecError(f"a layer tuple has 2 to 4 entries (length, density, electron_fraction"
                               f"[, neutron_fraction]), got {len(values)}")
    names = ("length", "density", "electron_fraction", "neutron_fraction")
    return Layer(**dict(zip(names, values)))


#: Longest path accepted, 1 Gpc: beyond any source whose flavor evolution one computes.
MAX_BASELINE = 1000.0 * Mpc
#: Most integration steps of :func:`profile_amplitude` (checked before anything is allocated).
MAX_STEPS = 1 << 20


def _energy(energy):
    return check_energy(energy)


def _baseline(baseline, name: str = "baseline"):
    return as_array(name, baseline, minimum=0.0, maximum=MAX_BASELINE, unit="km", unit_value=1e6)


def _evolution_constant(h, length):
    """exp(−i H L/ħc) for Hermitian H (..., n, n) by eigen-decomposition."""
    lam, w = np.linalg.eigh(h)
    phase = np.exp(-1j * lam * (length / hbarc))
    return (w * phase[..., None, :]) @ np.conj(np.swapaxes(w, -1, -2))


def vacuum_amplitude(energy, baseline, *, params: MixingParameters | None = None, antineutrino: bool = False):
    """Vacuum oscillation amplitudes A[..., β, α] after a baseline L.

    Parameters
    ----------
    energy : array_like [energy]
    baseline : array_like [length], broadcast with ``energy``
    params : MixingParameters, optional (default NuFIT 6.0, normal ordering)
    antineutrino : bool

    Notes
    -----
    A_βα = Σ_i U_βi exp(−i m_i² L / (2E ħc)) U*_αi  (U → U* for antineutrinos).

    Examples
    --------
    >>> from cevns.units import MeV, km
    >>> p = vacuum_probability(3 * MeV, 52.5 * km)  # reactor ν at JUNO's baseline, near the solar minimum
    >>> p.shape, bool(abs(p.sum(axis=0) - 1).max() < 1e-12)
    ((3, 3), True)
    """
    params = as_parameters(params)
    e = _energy(energy)
    length = _baseline(baseline)
    broadcast_shape(energy=e, baseline=length)
    u = pmns(params)
    if antineutrino:
        u = u.conj()
    phase = np.exp(-1j * mass_squared(params) * (length / (2.0 * e * hbarc))[..., None])
    return np.einsum("bi,...i,ai->...ba", u, phase, u.conj())


def vacuum_probability(energy, baseline, *, params=None, antineutrino=False):
    """Vacuum oscillation probabilities P[..., β, α] = P(ν_α → ν_β); see :func:`vacuum_amplitude`."""
    return np.abs(vacuum_amplitude(energy, baseline, params=params, antineutrino=antineutrino)) ** 2


def constant_amplitude(energy, baseline, density, electron_fraction=0.5, neutron_fraction=None, *,
                       params: MixingParameters | None = None, antineutrino: bool = False):
    """Amplitudes through matter of constant density (exact: eigen-decomposition of H).

    Parameters
    ----------
    energy : array_like [energy]
    baseline : array_like [length]
    density : array_like [mass/length³]
    electron_fraction, neutron_fraction : array_like
        Y_e, Y_n in [0, 1] (Y_n defaults to 1 − Y_e; it matters only with a sterile state).
    params, antineutrino
        As in :func:`vacuum_amplitude`.

    Notes
    -----
    S = exp(−i H L/ħc) = W exp(−i Λ L/ħc) W† with H = W Λ W† the flavor Hamiltonian in matter.
    """
    params = as_parameters(params)
    e = _energy(energy)
    length = _baseline(baseline)
    v_cc, v_nc = _potentials(density, electron_fraction, neutron_fraction, antineutrino)
    e = np.broadcast_to(e, broadcast_shape(energy=e, baseline=length, density=v_cc, neutron_fraction=v_nc))
    h = _hamiltonian(e, v_cc, v_nc, params, antineutrino)
    return _evolution_constant(h, np.broadcast_to(length, h.shape[:-2])[..., None])


def constant_probability(energy, baseline, density, electron_fraction=0.5, neutron_fraction=None, *,
                         params=None, antineutrino=False):
    """P[..., β, α] through constant density; see :func:`constant_amplitude`."""
    return np.abs(constant_amplitude(energy, baseline, density, electron_fraction, neutron_fraction,
                                     params=params, antineutrino=antineutrino)) ** 2


def layered_amplitude(energy, layers: Sequence, *, params: MixingParameters | None = None,
                      antineutrino: bool = False):
    """Amplitudes through a sequence of constant-density layers, in the order crossed.

    Parameters
    ----------
    energy : array_like [energy]
    layers : sequence of :class:`Layer` or tuples (length, density, electron_fraction[, neutron_fraction])
    params, antineutrino
        As in :func:`vacuum_amplitude`.

    Notes
    -----
    S = S_N ⋯ S_2 S_1, each S_k the exact constant-density operator of layer k.
    """
    params = as_parameters(params)
    e = _energy(energy)
    if isinstance(layers, (str, bytes, dict)) or not isinstance(layers, Iterable):
        raise InvalidSpecError(f"layers must be a sequence of Layer or (length, density, electron_fraction) tuples, "
                               f"got {type(layers).__name__}")
    layers = [_as_layer(item) for item in layers]
    n = params.n_states
    s = np.broadcast_to(np.eye(n, dtype=complex), e.shape + (n, n)).copy()
    for layer in layers:
        if layer.length == 0.0:
            continue
        v_cc, v_nc = _potentials(layer.density, layer.electron_fraction, layer.neutron_fraction, antineutrino)
        h = _hamiltonian(e, v_cc, v_nc, params, antineutrino)
        s = _evolution_constant(h, layer.length) @ s
    return s


def layered_probability(energy, layers, *, params=None, antineutrino=False):
    """P[..., β, α] through layers; see :func:`layered_amplitude`."""
    return np.abs(layered_amplitude(energy, layers, params=params, antineutrino=antineutrino)) ** 2


# ---------------------------------------------------------------------------------------------------------
# arbitrary profiles

def _profile_potentials(profile, x, antineutrino):
    values = profile(x)
    if not isinstance(values, tuple) or not 2 <= len(values) <= 3:
        raise InvalidSpecError("profile(x) must return a tuple (density, electron_fraction[, neutron_fraction])"
                               " of arrays shaped like x")
    density, ye = values[0], values[1]
    yn = values[2] if len(values) == 3 else None
    density = np.broadcast_to(np.asarray(density, dtype=float), np.shape(x))
    ye = np.broadcast_to(np.asarray(ye, dtype=float), np.shape(x))
    if yn is not None:
        yn = np.broadcast_to(np.asarray(yn, dtype=float), np.shape(x))
    return _potentials(density, ye, yn, antineutrino)


def _inside(x, x0, x1):
    """Positions moved 1e-9 of the segment inwards, so that a profile jumping at a breakpoint is sampled on the
    correct side of it."""
    margin = 1e-9 * (x1 - x0)
    return np.clip(x, x0 + margin, x1 - margin)


def _ode_segment(e, profile, x0, x1, params, antineutrino, tolerance):
    from scipy.integrate import solve_ivp

    n = params.n_states
    vacuum = _hamiltonian(e, np.zeros(e.shape), np.zeros(e.shape), params, antineutrino)  # (..., n, n)
    flat_shape = e.shape + (n, n)
    scale = 1.0 / hbarc

    def rhs(x, y):
        v_cc, v_nc = _profile_potentials(profile, _inside(np.asarray(x, dtype=float), x0, x1), antineutrino)
        diag = np.full(n, float(v_nc), dtype=float)
        diag[0] += float(v_cc)
        if n == 4:
            diag[3] = 0.0
        s = y.reshape(flat_shape)
        hs = vacuum @ s + diag[:, None] * s
        return (-1j * scale * hs).ravel()

    y0 = np.broadcast_to(np.eye(n, dtype=complex), flat_shape).ravel()
    solution = solve_ivp(rhs, (x0, x1), y0, method="DOP853", rtol=tolerance, atol=tolerance * 1e-3)
    if not solution.success:
        raise CevnsError(f"the ODE integration of the matter profile failed: {solution.message}")
    return solution.y[:, -1].reshape(flat_shape)


def _cayley(m):
    """(I − M/2)⁻¹ (I + M/2): unitary for anti-Hermitian M, = exp(M) + O(M³)."""
    eye = np.eye(m.shape[-1])
    return np.linalg.solve(eye - 0.5 * m, eye + 0.5 * m)


def _adiabatic_segment(e, profile, x0, x1, steps, params, antineutrino):
    """Exponential integrator in the instantaneous eigenbasis with the oscillating coupling integrated exactly.

    In the eigenbasis H = W Λ W†, ψ = W e^{−iΦ} c with Φ = ∫Λ dx/ħc, and dc/dx = −e^{iΦ} (W†W') e^{−iΦ} c.
    Over a step the coupling W†W' is taken constant (from the overlap of the eigenvectors at both ends, in
    the parallel-transport gauge) and its phase factor is integrated exactly (a sinc), which keeps the error
    independent of the number of oscillation lengths in a step.
    """
    x = np.linspace(x0, x1, steps + 1)
    v_cc, v_nc = _profile_potentials(profile, _inside(x, x0, x1), antineutrino)
    n = params.n_states
    lam0, w0 = np.linalg.eigh(_hamiltonian(e, v_cc[0], v_nc[0], params, antineutrino))
    w_prev, lam_prev = w0, lam0 / hbarc
    phi = np.zeros(e.shape + (n,))
    c = np.broadcast_to(np.eye(n, dtype=complex), e.shape + (n, n)).copy()
    for k in range(steps):
        dx = x[k + 1] - x[k]
        lam_next, w_next = np.linalg.eigh(_hamiltonian(e, v_cc[k + 1], v_nc[k + 1], params, antineutrino))
        lam_next = lam_next / hbarc
        overlap = np.conj(np.swapaxes(w_next, -1, -2)) @ w_prev
        diag = np.diagonal(overlap, axis1=-2, axis2=-1)
        gauge = np.where(np.abs(diag) > 0, diag / np.maximum(np.abs(diag), 1e-300), 1.0)
        w_next = w_next * gauge[..., None, :]
        overlap = overlap * np.conj(gauge)[..., :, None]
        generator = 0.5 * (overlap - np.conj(np.swapaxes(overlap, -1, -2)))  # ≈ −(W†W') dx
        lam_mid = 0.5 * (lam_prev + lam_next)
        phi_mid = phi + 0.5 * dx * lam_mid
        dphi = phi_mid[..., :, None] - phi_mid[..., None, :]
        dlam = lam_mid[..., :, None] - lam_mid[..., None, :]
        m = generator * np.exp(1j * dphi) * np.sinc(dlam * dx / (2.0 * np.pi))
        c = _cayley(m) @ c
        phi = phi + dx * lam_mid
        w_prev, lam_prev = w_next, lam_next
    phase = np.exp(-1j * phi)
    return (w_prev * phase[..., None, :]) @ c @ np.conj(np.swapaxes(w0, -1, -2))


def profile_amplitude(energy, profile: Callable, length, *, params: MixingParameters | None = None,
                      antineutrino: bool = False, method: str = "adiabatic", tolerance: float = 1e-6,
                      breakpoints: Sequence[float] = (), initial_steps: int = 32, max_steps: int = 1 << 15):
    """Amplitudes through an arbitrary matter profile, by numerical integration with controlled error.

    Parameters
    ----------
    energy : array_like [energy]
    profile : callable
        ``profile(x)`` for an array of positions 0 ≤ x ≤ length [length] returns
        ``(density, electron_fraction)`` or ``(density, electron_fraction, neutron_fraction)``, arrays like x.
    length : float [length]
        Path length.
    method : {'adiabatic', 'ode'}
        'ode': DOP853 Runge–Kutta (relative tolerance ``tolerance``) on the flavor-basis Schrödinger equation;
        'adiabatic': exponential integrator in the instantaneous eigenbasis, the number of steps doubled
        until the probabilities of two successive refinements differ by less than ``tolerance``.
    tolerance : float
        Target accuracy of the probabilities.
    breakpoints : sequence of float [length]
        Positions where the profile is discontinuous; the path is integrated piecewise between them.

    Returns
    -------
    ndarray, shape energy.shape + (n, n), complex: A[..., β, α].
    """
    params = as_parameters(params)
    e = _energy(energy)
    if not callable(profile):
        raise InvalidSpecError(f"profile must be a function of position, got {type(profile).__name__}")
    length = real_scalar("length", length, minimum=0.0, strict_minimum=True, maximum=MAX_BASELINE, unit="km",
                         unit_value=1e6)
    tolerance = positive_scalar("tolerance", tolerance)
    method = canonical_name("integration method", method, ("adiabatic", "ode"))
    initial_steps = check_count("initial_steps", initial_steps, minimum=2, maximum=MAX_STEPS)
    max_steps = check_count("max_steps", max_steps, minimum=2, maximum=MAX_STEPS)
    if breakpoints is None:
        breakpoints = ()
    try:
        listed = [breakpoints] if np.isscalar(breakpoints) else list(breakpoints)
    except TypeError:
        raise OutOfDomainError(f"breakpoints must be a sequence of positions [length], got {breakpoints!r}") from None
    points = as_array("breakpoints", listed)
    cuts = sorted(float(b) for b in points.ravel() if 0.0 < b < length)
    edges = [0.0, *cuts, length]
    n = params.n_states
    total = np.broadcast_to(np.eye(n, dtype=complex), e.shape + (n, n)).copy()
    for x0, x1 in zip(edges[:-1], edges[1:]):
        if method == "ode":
            segment = _ode_segment(e, profile, x0, x1, params, antineutrino, tolerance)
        else:
            steps = max(2, int(initial_steps))
            previous = _adiabatic_segment(e, profile, x0, x1, steps, params, antineutrino)
            while True:
                steps *= 2
                segment = _adiabatic_segment(e, profile, x0, x1, steps, params, antineutrino)
                change = np.max(np.abs(np.abs(segment) ** 2 - np.abs(previous) ** 2), initial=0.0)
                if change < tolerance:
                    break
                if steps >= max_steps:
                    raise CevnsError(f"the adiabatic integrator did not reach tolerance={tolerance:g} within "
                                     f"max_steps={max_steps} (last change {change:.3g}); raise max_steps or "
                                     f"use method='ode'")
                previous = segment
        total = segment @ total
    return total


def profile_probability(energy, profile, length, **kwargs):
    """P[..., β, α] through an arbitrary profile; see :func:`profile_amplitude`."""
    return np.abs(profile_amplitude(energy, profile, length, **kwargs)) ** 2


def probability(energy, *, baseline=None, density=None, electron_fraction=0.5, layers=None,
                params: MixingParameters | None = None, antineutrino: bool = False):
    """One entry point: vacuum (baseline only), constant density (baseline and density), or layers.

    Returns P[..., β, α] = P(ν_α → ν_β).
    """
    if layers is not None:
        if baseline is not None or density is not None:
            raise InvalidSpecError("give either layers, or baseline (and density), not both")
        return layered_probability(energy, layers, params=params, antineutrino=antineutrino)
    if baseline is None:
        raise InvalidSpecError("probability needs a baseline (with an optional density) or layers")
    if density is None:
        return vacuum_probability(energy, baseline, params=params, antineutrino=antineutrino)
    return constant_probability(energy, baseline, density, electron_fraction, params=params,
                                antineutrino=antineutrino)

