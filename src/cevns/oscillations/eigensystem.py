"""The three-flavor Hamiltonian in matter tabulated once against a = 2E·V_CC, for adiabatic MSW conversion.

In a medium whose density changes slowly (the Sun, a supernova envelope) every quantity of the flavor evolution is a
function of a = 2E·V_CC alone: the eigenvalues, the eigenvectors (with parallel-transported phases) and the
coupling W† dW/da between eigenstates. :func:`eigensystem_table` tabulates them on a fine grid in log a;
:func:`grid_position` and :func:`interpolate` read the table at any a. Used by :mod:`.sun` and :mod:`.supernova`.
"""

from __future__ import annotations

import math
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from ..errors import InvalidSpecError, OutOfDomainError
from .mixing import MixingParameters, mass_squared, pmns

__all__ = ["eigensystem_table", "grid_position", "interpolate", "read_only", "A_GRID_MIN", "A_GRID_MAX",
           "A_GRID_PER_DECADE"]

#: Grid of the tabulated eigensystem: a = 2E V_CC from A_GRID_MIN × Δm²₂₁ to A_GRID_MAX × |Δm²₃₁|,
#: A_GRID_PER_DECADE points per decade (linear interpolation in log a is then accurate to ~1e-5).
A_GRID_MIN = 1e-9
A_GRID_MAX = 1e4
A_GRID_PER_DECADE = 400


@lru_cache(maxsize=32)
def eigensystem_table(params: MixingParameters, antineutrino: bool):
    """Eigensystem of U M U† + s a P_e on a log grid in a (s = ±1), parallel-transported phases."""
    if params.n_states != 3:
        raise InvalidSpecError("the solar and supernova transitions are three-flavor only; "
                               "use the propagation functions for a sterile state")
    u = pmns(params)
    if antineutrino:
        u = u.conj()
    sign = -1.0 if antineutrino else 1.0
    vacuum = (u * mass_squared(params)) @ u.conj().T
    lo = math.log10(A_GRID_MIN * params.dm2_21)
    hi = math.log10(A_GRID_MAX * abs(params.dm2_31))
    count = int(math.ceil((hi - lo) * A_GRID_PER_DECADE)) + 1
    log_a = np.linspace(lo, hi, count)
    a = 10.0 ** log_a
    h = vacuum + sign * a[:, None, None] * np.diag([1.0, 0.0, 0.0])
    mu, w = np.linalg.eigh(h)
    # parallel transport: make diag(W_k† W_{k−1}) real positive, cumulatively
    overlap = np.einsum("kai,kai->ki", np.conj(w[1:]), w[:-1])
    size = np.abs(overlap)
    # an exact level crossing (a vanishing mixing angle) leaves no overlap; keep the phase there
    step = np.where(size > 1e-12, overlap / np.where(size > 1e-12, size, 1.0), 1.0)
    gauge = np.concatenate([np.ones((1, 3), dtype=complex), np.cumprod(step, axis=0)])
    w = w * gauge[:, None, :]
    # coupling W† dW/da (off-diagonal, first-order perturbation theory; zero on the diagonal by the gauge)
    gap = mu[:, None, :] - mu[:, :, None]  # [k, i, j] = μ_j − μ_i
    np.einsum("kii->ki", gap)[:] = 1.0
    coupling = sign * np.conj(w[:, 0, :, None]) * w[:, 0, None, :] / gap
    np.einsum("kii->ki", coupling)[:] = 0.0
    flavor_weight = np.abs(w) ** 2  # [k, α, i]
    mass_weight = np.abs(u.conj().T @ w) ** 2  # [k, mass state, i]
    return read_only({"log_a": log_a, "step": log_a[1] - log_a[0], "mu": mu, "coupling": coupling,
                      "flavor_weight": flavor_weight, "mass_weight": mass_weight, "u2": np.abs(u) ** 2})


def read_only(table: dict) -> MappingProxyType:
    """A cached table that callers cannot change: a read-only mapping of read-only arrays."""
    for value in table.values():
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    return MappingProxyType(table)


def grid_position(table, a):
    """Linear-interpolation weights into the log-a grid (a below the grid is treated as its first point)."""
    log_a = np.log10(np.maximum(a, 10.0 ** table["log_a"][0]))
    t = (log_a - table["log_a"][0]) / table["step"]
    last = table["log_a"].size - 1
    if np.any(t > last + 1e-6):
        raise OutOfDomainError("matter potential beyond the tabulated range of 2E·V_CC "
                               f"({A_GRID_MAX:g} |Δm²₃₁|)")
    t = np.minimum(t, last)
    i0 = np.minimum(np.floor(t).astype(int), last - 1)
    f = t - i0
    return i0, f


def interpolate(table, key, i0, f):
    values = table[key]
    weight = f.reshape(f.shape + (1,) * (values.ndim - 1))
    return values[i0] * (1.0 - weight) + values[i0 + 1] * weight
