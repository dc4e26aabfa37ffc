"""Neutrino-nucleus elastic scattering written in the neutrino scattering angle, and the transport cross section.

Angles are those of the outgoing neutrino in the laboratory frame (the nucleus at rest), with the exact elastic
kinematics: for x = cos θ,

    E' = E / (1 + E (1 − x)/M),   T = E − E',   |q|² = 2MT + T² = E² + E'² − 2EE'x,   dT/dx = E'²/M,

so dσ/dx = dσ/dT · E'²/M and dσ/dΩ = dσ/dx / (2π). For M ≫ E the lab and centre-of-mass angles coincide.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from .. import _validate, constants
from .._array import gauss_legendre
from ..flavors import check_flavor
from ..physics.couplings import get_couplings
from ..physics.cross_section import differential_cross_section
from ..physics.form_factors import nucleon_form_factors
from ..units import MeV
from .matter import species

__all__ = ["transport_cross_section", "angular_cross_section", "electron_vector_coupling", "ANGULAR_NODES"]

#: Gauss–Legendre nodes in cos θ: relative error < 1e-10 for F = 1 and < 1e-6 with Helm up to 100 MeV on A ≤ 100.
ANGULAR_NODES = 32


def _lab_kinematics(cos_theta, E, M):
    """(T, q, dT/dcosθ) of elastic scattering at lab angle cos θ (arrays broadcast)."""
    E_out = E / (1.0 + E * (1.0 - cos_theta) / M)
    T = E - E_out
    return T, np.sqrt(T * (2.0 * M + T)), E_out * E_out / M


def angular_cross_section(cos_theta, neutrino_energy, target, *, form_factor="helm", flavor="nu_e",
                          couplings="tree", sin2_theta_w=None, axial=True):
    """dσ/dΩ in the laboratory scattering angle of the neutrino [area/sr].

    Parameters
    ----------
    cos_theta : array_like
        Cosine of the neutrino scattering angle, in [−1, 1].
    neutrino_energy : array_like [energy]
    target : Isotope or name
        ``"n"`` and ``"p"`` are free nucleons (form factor 1).
    form_factor, flavor, couplings, sin2_theta_w, axial
        As in :func:`cevns.physics.differential_cross_section`.

    Notes
    -----
    dσ/dΩ = (1/2π) dσ/dT · E'²/M with E' = E/(1 + E(1 − cos θ)/M). With F = 1, G_A = 0 and M ≫ E it is
    G_F² E² Q_W² (1 + cos θ)/(4π²) (Freedman 1974).
    """
    x = _validate.as_array("cos_theta", cos_theta, minimum=-1.0, maximum=1.0)
    E = _validate.non_negative("neutrino_energy", neutrino_energy, unit="MeV", unit_value=MeV)
    iso = species(target)
    T, _, jacobian = _lab_kinematics(x, E, iso.mass)
    dsigma_dT = differential_cross_section(T, E, iso, form_factor=_form_factor_for(iso, form_factor),
                                           flavor=flavor, couplings=couplings, sin2_theta_w=sin2_theta_w,
                                           axial=axial, validate=False)
    return dsigma_dT * jacobian / (2.0 * np.pi)


def _form_factor_for(iso, form_factor):
    """Free nucleons are point-like here (their own form factors matter only at q ≳ 200 MeV)."""
    return "unity" if iso.A == 1 else form_factor


def electron_vector_coupling(flavor: str, couplings="tree", sin2_theta_w=None) -> float:
    """g_V^e = −1/2 + 2 sin²θ_W, plus 1 for ν_e and ν̄_e (the charged-current part after a Fierz transformation).

    In the convention of the nuclear weak charge Q_W = Z g_V^p + N g_V^n (tree level: a neutral atom has
    Z (g_V^p + g_V^e) = 0 for ν_μ and ν_τ).
    """
    flavor = check_flavor(flavor)
    s2 = get_couplings(couplings, sin2_theta_w).sin2_theta_w
    return -0.5 + 2.0 * s2 + (1.0 if flavor.endswith("_e") else 0.0)


@dataclass(frozen=True)
class AngularKernel:
    """One species on a Gauss–Legendre grid in cos θ, for energies E[...]: everything the medium needs.

    Attributes (arrays of shape E.shape + (nodes,))
    ----------
    momentum_transfer : |q| [energy]
    transport : w (1 − cos θ) dσ/dcosθ [area]: their sum over the last axis is σ_t.
    vector : the same for the vector part alone (axial = False) [area]
    vector_charge : G_V(q) = Z g_V^p F_p + N g_V^n F_n (dimensionless)
    energy : the neutrino energies E (shape E.shape)
    cloud_charge : Z g_V^e, the weak charge of a full screening cloud of Z electrons (dimensionless)
    """

    energy: np.ndarray
    momentum_transfer: np.ndarray
    transport: np.ndarray
    vector: np.ndarray
    vector_charge: np.ndarray
    cloud_charge: float = 0.0

    @cached_property
    def cross_section(self) -> np.ndarray:
        """σ_t(E) in vacuum [area]."""
        return self.transport.sum(axis=-1)

    @cached_property
    def wave_number_squared(self) -> np.ndarray:
        """|q|²/(ħc)² [1/length²]."""
        k = self.momentum_transfer / constants.hbarc
        return k * k

    @cached_property
    def screening_terms(self) -> tuple:
        """(a, b) [area] with which the screened kernel is transport + (a + b s) s, s = 1/(1 + |q|²/k_e²).

        The cloud adds c = s Z g_V^e to G_V, so the vector part grows by ((G_V + c)/G_V)² − 1 = 2c/G_V + c²/G_V²
        (nothing where G_V = 0).
        """
        G = self.vector_charge
        relative = np.divide(self.cloud_charge, G, out=np.zeros_like(G), where=G != 0)
        return 2.0 * relative * self.vector, relative * relative * self.vector

    @classmethod
    def build(cls, neutrino_energy, target, *, form_factor="helm", flavor="nu_e", couplings="tree",
              sin2_theta_w=None, axial=True, nodes=ANGULAR_NODES):
        E = np.asarray(neutrino_energy, dtype=float)[..., None]
        iso = species(target)
        x, w = gauss_legendre(-1.0, 1.0, nodes)
        T, q, jacobian = _lab_kinematics(x, E, iso.mass)
        weight = w * (1.0 - x) * jacobian
        ff = _form_factor_for(iso, form_factor)
        kwargs = dict(form_factor=ff, flavor=flavor, couplings=couplings, sin2_theta_w=sin2_theta_w, validate=False)
        transport = weight * differential_cross_section(T, E, iso, axial=axial, **kwargs)
        vector = weight * differential_cross_section(T, E, iso, axial=False, **kwargs) if (axial and iso.spin) \
            else transport
        c = get_couplings(couplings, sin2_theta_w)
        fp, fn = nucleon_form_factors(ff, iso)
        charge = iso.Z * c.vector_proton(flavor) * fp(q, validate=False) \
            + iso.N * c.vector_neutron(flavor) * fn(q, validate=False)
        return cls(E[..., 0], q, transport, vector, charge,
                   iso.Z * electron_vector_coupling(flavor, couplings, sin2_theta_w))


#: Kernels of energy grids up to this many points are kept (keyed by the grid's values and the options).
KERNEL_CACHE_POINTS = 4096
#: How many kernels are kept.
KERNEL_CACHE_SIZE = 64


def angular_kernel(neutrino_energy, target, **options) -> AngularKernel:
    """:meth:`AngularKernel.build`, cached for grids of up to :data:`KERNEL_CACHE_POINTS` energies.

    Repeated calls on the same energy grid (density scans, trapping searches, spectrum averages) reuse the
    kernel; its arrays are read-only.
    """
    E = np.asarray(neutrino_energy, dtype=float)
    iso = species(target)
    if E.size > KERNEL_CACHE_POINTS:
        return AngularKernel.build(E, iso, **options)
    key = (E.tobytes(), E.shape, iso, tuple(sorted(options.items())))
    try:
        hash(key)
    except TypeError:  # an unhashable option (e.g. a form factor given as a list)
        return AngularKernel.build(E, iso, **options)
    return _cached_kernel(*key)


@lru_cache(maxsize=KERNEL_CACHE_SIZE)
def _cached_kernel(energy_bytes, shape, iso, options):
    E = np.frombuffer(energy_bytes, dtype=float).reshape(shape)
    kernel = AngularKernel.build(E, iso, **dict(options))
    for array in (kernel.energy, kernel.momentum_transfer, kernel.transport, kernel.vector, kernel.vector_charge):
        array.flags.writeable = False
    return kernel


angular_kernel.cache_clear = _cached_kernel.cache_clear


def transport_cross_section(neutrino_energy, target, *, form_factor="helm", flavor="nu_e", couplings="tree",
                            sin2_theta_w=None, axial=True, nodes=ANGULAR_NODES):
    """Transport cross section σ_t(E) = ∫ dσ/dΩ (1 − cos θ) dΩ [area] of one nucleus (or free nucleon) in vacuum.

    Gauss–Legendre quadrature in the lab cos θ, vectorised over energies.

    Parameters
    ----------
    neutrino_energy : array_like [energy]
    target : Isotope or name
        ``"n"``/``"p"`` for free nucleons (vector and axial neutral current, form factor 1).
    form_factor, flavor, couplings, sin2_theta_w, axial
        As in :func:`cevns.physics.differential_cross_section`.
    nodes : int
        Quadrature order in cos θ.

    Notes
    -----
    For dσ/dΩ ∝ 1 + cos θ (F = 1, J = 0, M ≫ E), σ_t = (2/3) σ. For a free nucleon at M ≫ E,
    σ_t = (2/3) G_F² E²/π (g_V² + 5 g_A²) with g_A = G_A = g_A/2 (Burrows, Reddy, Thompson 2006, eqs. 15–21).
    """
    E = _validate.non_negative("neutrino_energy", neutrino_energy, unit="MeV", unit_value=MeV)
    kernel = angular_kernel(E, target, form_factor=form_factor, flavor=flavor, couplings=couplings,
                            sin2_theta_w=sin2_theta_w, axial=axial, nodes=nodes)
    return np.array(kernel.cross_section)
