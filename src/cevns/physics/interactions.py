"""New physics in CEvNS: non-standard interactions, light mediators, neutrino electromagnetic properties, sterile states.

Every model is a small frozen object with physics-named parameters (couplings dimensionless, masses [energy],
magnetic moments in Bohr magnetons, charge radii [area], millicharges in units of e). Models add:
``NSI(...) + VectorMediator(...)`` is a :class:`NewPhysics` with both components, and a model whose couplings
are all zero is the Standard Model.

The same model object goes to :func:`cevns.differential_cross_section` and :func:`cevns.total_cross_section`
(``model=``; ``recoil_threshold`` > 0 for a magnetic moment or millicharge), to
:meth:`cevns.rates.RecoilRates.spectrum` and to :meth:`cevns.experiments.Prediction.counts`. A sterile state
acts on the flux: build rates from ``flux.oscillated(model.transition_probability)``.

Interface for the rate engine (all per recoil node T, isotope and flavor; nothing integrates over E)
---------------------------------------------------------------------------------------------------
The cross section of a neutrino of flavor α (ν or ν̄) is written with the flux-moment weights

    flat = 1,  falling = (1 − T/E)²,  recoil = MT/E²,  inverse_energy = M/E

as

    dσ/dT = G_F² M/(2π) [G_V² (flat + falling − recoil) + G_A² (flat + falling + recoil)]
          + G_F² M/(2π) X (flat + falling − recoil)
          + Σ_k c_k weight_k

(a free nucleon adds the interference G_F² M/(2π) 2 G_V G_A (flat − falling); in a nucleus it sums to zero over
the spin states, :meth:`cevns.physics.cross_section.ScatteringKernel.combine`)

* :meth:`Interaction.vector_charge` gives ``(G_V, X)``: the coherent vector charge with the model's shifts
  (NSI, vector mediators, charge radius, millicharge: each a shift of the proton and neutron vector couplings
  that depends on T only through Q² = 2MT) and X = Σ_{β≠α} |G_V^{αβ}|², the flavor-changing part, which adds
  incoherently (it has no axial partner to interfere with);
* :meth:`Interaction.extra_terms` gives the coefficients c_k [area/energy] of terms with another energy
  dependence, keyed by the weight they multiply (``"flat"``, ``"falling"``, ``"recoil"``, ``"inverse_energy"``):
  the magnetic moment needs one new moment, ``inverse_energy`` (∫Φ M/E), the scalar mediator only ``recoil``;
* :meth:`Interaction.transition_probability` (sterile states only) multiplies the flux, as
  ``flux.oscillated(model.transition_probability)``.

:func:`differential_cross_section_with` assembles dσ/dT for one energy from these pieces and is the reference
the engine is tested against.
"""

from __future__ import annotations

import inspect
import math
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from .. import _validate, constants
from ..errors import OutOfDomainError, UnknownNameError
from ..flavors import check_flavor, is_antineutrino, lepton
from ..nuclei import isotopes_and_fractions
from ..units import MeV, eV, parse
from .couplings import axial_charge, get_couplings
from .form_factors import nucleon_form_factors
from .kinematics import recoil_energy_max

__all__ = [
    "Interaction", "NewPhysics", "StandardModel", "NSI", "VectorMediator", "ScalarMediator", "MagneticMoment",
    "ChargeRadius", "Millicharge", "SterileNeutrino", "FLUX_WEIGHTS", "differential_cross_section_with",
    "mu_tau_kinetic_mixing", "scalar_nucleon_couplings", "MODELS", "model_from_spec",
]

#: Names of the neutrino-energy weights a term can multiply (the flux moments of the rate engine).
FLUX_WEIGHTS = ("flat", "falling", "recoil", "inverse_energy")

#: Charged leptons in flavor order.
LEPTONS = ("e", "mu", "tau")

# Scalar densities of the nucleon, f_Tq^N = ⟨N|m_q q̄q|N⟩/m_N: u, d from the Roy–Steiner σ_πN analysis and s
# from lattice QCD, as collected by M. Hoferichter, P. Klos, J. Menéndez, A. Schwenk, PRD 94 (2016) 063505.
SCALAR_DENSITIES = {
    "proton": {"u": 0.0208, "d": 0.0411, "s": 0.043},
    "neutron": {"u": 0.0189, "d": 0.0451, "s": 0.043},
}
# Light-quark masses, MS-bar at 2 GeV; PDG 2024 quark summary tables.
QUARK_MASSES = {"u": 2.16 * MeV, "d": 4.70 * MeV, "s": 93.5 * MeV}
# Electric charges of the quarks (units of e): the kinetic mixing couples to them.
QUARK_CHARGES = {"u": 2.0 / 3.0, "d": -1.0 / 3.0}


# ----------------------------------------------------------------------------------------------- checks
def _real(name: str, value) -> float:
    if type(value) in (float, int) and math.isfinite(value):  # the common case, without numpy (fits build many)
        return float(value)
    arr = _validate.as_array(name, value)
    if arr.ndim:
        raise OutOfDomainError(f"{name} must be a single number, got an array of shape {arr.shape}")
    return float(arr)


def _per_flavor(name: str, value) -> tuple[float, float, float]:
    """A number for all flavors, or a mapping {'e', 'mu', 'tau'} → number (missing flavors are 0)."""
    if isinstance(value, dict):
        unknown = set(value) - set(LEPTONS)
        if unknown:
            raise UnknownNameError(f"{name} flavor", sorted(unknown)[0], LEPTONS)
        return tuple(_real(f"{name}[{ell!r}]", value.get(ell, 0.0)) for ell in LEPTONS)
    v = _real(name, value)
    return (v, v, v)


@cache
def _index(flavor: str) -> int:
    return LEPTONS.index(lepton(flavor))


def _four_momentum_sq(T, mass):
    """Q² = 2MT [energy²], the (spacelike) four-momentum transfer squared."""
    return 2.0 * mass * np.asarray(T, dtype=float)


def _fermi_over_root2() -> float:
    return np.sqrt(2.0) * constants.fermi_coupling


# ------------------------------------------------------------------------------------------ base class
class Interaction:
    """What a new-physics model contributes to the cross section of one flavor on one nucleus.

    Subclasses override some of:

    * ``_charge_shifts(Q2, flavor)`` → (δg_p, δg_n): shifts of the proton and neutron vector couplings for
      the flavor-diagonal channel (arrays broadcast with Q² = 2MT, or numbers);
    * ``_transition_shifts(Q2, flavor)`` → {β: (δg_p, δg_n)} for the flavor-changing channels ν_α → ν_β
      (complex allowed);
    * ``_extra_terms(T, isotope, flavor, form_factors)`` → {weight: coefficient [area/energy]}.
    """

    def _charge_shifts(self, Q2, flavor):
        return 0.0, 0.0

    def _transition_shifts(self, Q2, flavor):
        return {}

    def _extra_terms(self, T, isotope, flavor, form_factors):
        return {}

    @property
    def components(self) -> tuple:
        return (self,)

    def __add__(self, other):
        if not isinstance(other, Interaction):
            return NotImplemented
        return NewPhysics(components=self.components + other.components)

    # -------------------------------------------------------------------------------- engine interface
    def vector_charge(self, recoil_energy, isotope, flavor, sm_charges, form_factors):
        """Coherent vector charge G_V(T) and the incoherent flavor-changing part X(T).

        Parameters
        ----------
        recoil_energy : array_like [energy]
            T nodes.
        isotope : Isotope
            Uses Z, N and the mass M (for Q² = 2MT).
        flavor : str
            Incoming ν_α or ν̄_α (the vector shifts are the same for ν̄_α: the new amplitude and the Standard
            Model's flip together).
        sm_charges : (float, float)
            Standard Model (Z g_V^p, N g_V^n) of this flavor, from the coupling scheme in use.
        form_factors : (array, array)
            F_p, F_n evaluated at |q| = sqrt(2MT + T²) on the nodes.

        Returns
        -------
        G_V, X : ndarray
            G_V = (Z g_V^p + Z δg_p) F_p + (N g_V^n + N δg_n) F_n and X = Σ_{β≠α} |Z δg_p^{αβ} F_p + N δg_n^{αβ} F_n|²
            (the number 0.0 where the model has no flavor-changing channel).
        """
        flavor = check_flavor(flavor)
        Q2 = _four_momentum_sq(recoil_energy, isotope.mass)
        fp, fn = form_factors
        dp, dn = self._charge_shifts(Q2, flavor)
        Z, N = isotope.Z, isotope.N
        GV = (sm_charges[0] + Z * dp) * fp + (sm_charges[1] + N * dn) * fn
        X = 0.0  # no flavor-changing channel unless the model has one
        for dp_ab, dn_ab in self._transition_shifts(Q2, flavor).values():
            X = X + np.abs(Z * dp_ab * fp + N * dn_ab * fn) ** 2
        return GV, X

    def extra_terms(self, recoil_energy, isotope, flavor, form_factors) -> dict:
        """Terms with their own neutrino-energy dependence: {weight name: coefficient [area/energy]}.

        dσ/dT gains Σ_k c_k(T) w_k(T, E) with w in :data:`FLUX_WEIGHTS` (flat = 1, falling = (1 − T/E)²,
        recoil = MT/E², inverse_energy = M/E); for a spectrum, w_k becomes the flux moment ∫Φ w_k dE.
        """
        return self._extra_terms(np.asarray(recoil_energy, dtype=float), isotope, check_flavor(flavor),
                                 form_factors)

    @property
    def infrared_divergent(self) -> bool:
        """True where dσ/dT grows as 1/T or faster at T → 0 (photon exchange), so σ needs a recoil threshold."""
        return False

    def momentum_scales(self) -> tuple:
        """Momentum transfers [energy] where the model's terms change shape (mediator masses): quadratures in
        T place panel edges around them."""
        return ()

    def transition_probability(self, energy, antineutrino: bool = False):
        """P[..., β, α] = P(ν_α → ν_β) among the active flavors; the identity unless a sterile state is present."""
        e = np.asarray(energy, dtype=float)
        return np.broadcast_to(np.eye(3), e.shape + (3, 3)).copy()


def _merge_terms(total: dict, terms: dict) -> dict:
    for key, value in terms.items():
        total[key] = total.get(key, 0.0) + value
    return total


@dataclass(frozen=True)
class NewPhysics(Interaction):
    """A sum of models (SM + NSI + Z′ + ...): vector shifts add in the amplitude, extra terms in the rate.

    Flavor-changing amplitudes of different components to the same final flavor add before squaring.
    At most one :class:`SterileNeutrino`.
    """

    components: tuple = field(default=())

    def __post_init__(self):
        flat = []
        for item in self.components:
            if not isinstance(item, Interaction):
                raise OutOfDomainError(f"components must be cevns interaction models, got {type(item).__name__}")
            flat.extend(item.components)
        if sum(isinstance(c, SterileNeutrino) for c in flat) > 1:
            raise OutOfDomainError("components may hold at most one SterileNeutrino")
        object.__setattr__(self, "components", tuple(flat))

    def _charge_shifts(self, Q2, flavor):
        dp = dn = 0.0
        for c in self.components:
            a, b = c._charge_shifts(Q2, flavor)
            dp, dn = dp + a, dn + b
        return dp, dn

    def _transition_shifts(self, Q2, flavor):
        total = {}
        for c in self.components:
            for beta, (a, b) in c._transition_shifts(Q2, flavor).items():
                old = total.get(beta, (0.0, 0.0))
                total[beta] = (old[0] + a, old[1] + b)
        return total

    def _extra_terms(self, T, isotope, flavor, form_factors):
        total = {}
        for c in self.components:
            _merge_terms(total, c._extra_terms(T, isotope, flavor, form_factors))
        return total

    def momentum_scales(self) -> tuple:
        return tuple(q for c in self.components for q in c.momentum_scales())

    @property
    def infrared_divergent(self) -> bool:
        return any(c.infrared_divergent for c in self.components)

    def transition_probability(self, energy, antineutrino: bool = False):
        for c in self.components:
            if isinstance(c, SterileNeutrino):
                return c.transition_probability(energy, antineutrino)
        return super().transition_probability(energy, antineutrino)


@dataclass(frozen=True)
class StandardModel(Interaction):
    """No new physics (the neutral element of ``+``)."""


# ------------------------------------------------------------------------------------------------- NSI
_PAIRS = {f"{a}{b}": (i, j) for i, a in enumerate(LEPTONS) for j, b in enumerate(LEPTONS)}


def _nsi_matrix(name: str, entries) -> np.ndarray:
    """Hermitian 3×3 ε from {'ee': ..., 'emu': ..., ...}; the conjugate entry is filled in."""
    eps = np.zeros((3, 3), dtype=complex)
    if entries is None:
        return eps
    if not isinstance(entries, dict):
        raise OutOfDomainError(f"{name} must be a mapping like {{'ee': 0.1, 'emu': 0.05j}}, got {entries!r}")
    for key, value in entries.items():
        if key not in _PAIRS:
            raise UnknownNameError(f"{name} entry", key, list(_PAIRS))
        i, j = _PAIRS[key]
        try:
            v = complex(value)
        except (TypeError, ValueError):
            raise OutOfDomainError(f"{name}[{key!r}] must be a number, got {value!r}") from None
        if not np.isfinite(v):
            raise OutOfDomainError(f"{name}[{key!r}] must be finite, got {value!r}")
        if i == j and v.imag != 0:
            raise OutOfDomainError(f"{name}[{key!r}] is flavor diagonal and must be real (ε is Hermitian), got {v}")
        if i != j and eps[j, i] != 0 and eps[j, i] != np.conj(v):
            raise OutOfDomainError(f"{name}[{key!r}] = {v} contradicts the Hermitian partner {eps[j, i]}")
        eps[i, j], eps[j, i] = v, np.conj(v)
    return eps


@dataclass(frozen=True, eq=False)
class NSI(Interaction):
    """Vector non-standard interactions ε^{qV}_{αβ} with q = u, d.

    Parameters
    ----------
    up, down : dict
        Entries of the Hermitian matrices ε^{uV}, ε^{dV}, keyed ``"ee"``, ``"emu"``, ``"etau"``, ``"mumu"``,
        ``"mutau"``, ``"tautau"`` (and the transposed keys); off-diagonal entries may be complex.

    Notes
    -----
    Barranco, Miranda, Rashba, JHEP 12 (2005) 021: for flavor α the vector charge squared is
    |Q + Z(2ε^u_αα + ε^d_αα)F_p + N(ε^u_αα + 2ε^d_αα)F_n|² + Σ_{β≠α} |Z(2ε^u_αβ + ε^d_αβ)F_p + N(ε^u_αβ + 2ε^d_αβ)F_n|²,
    the same for ν̄_α (|ε_βα| = |ε_αβ|).
    """

    up: dict | None = None
    down: dict | None = None
    matrix_up: np.ndarray = field(init=False, repr=False)
    matrix_down: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "matrix_up", _nsi_matrix("up", self.up))
        object.__setattr__(self, "matrix_down", _nsi_matrix("down", self.down))

    def _nucleon(self, a: int, b: int):
        u, d = self.matrix_up[a, b], self.matrix_down[a, b]
        return 2.0 * u + d, u + 2.0 * d

    def _charge_shifts(self, Q2, flavor):
        a = _index(flavor)
        dp, dn = self._nucleon(a, a)
        return dp.real, dn.real

    def _transition_shifts(self, Q2, flavor):
        a = _index(flavor)
        return {LEPTONS[b]: self._nucleon(a, b) for b in range(3)
                if b != a and (self.matrix_up[a, b] != 0 or self.matrix_down[a, b] != 0)}


# -------------------------------------------------------------------------------------- vector mediator
@cache
def _tau_mass() -> float:
    from particle import Particle

    return float(Particle.from_name("tau-").mass) * MeV  # PDG 2024, via the `particle` package


# Taylor coefficients of ∫₀¹ x(1 − x) ln(1 + a x(1 − x)) dx in a: (−1)^(n+1) B(n + 2, n + 2)/n, n = 1..4.
_LOOP_SERIES = (1.0 / 30.0, -1.0 / 280.0, 1.0 / 1890.0, -1.0 / 11088.0)


def _loop_function(a):
    """∫₀¹ dx x(1 − x) ln(1 + a x(1 − x)) for a = Q²/m² ≥ 0, in closed form.

    (1/6)[−5/3 + 4/a + (1 − 2/a) β ln((β + 1)/(β − 1))] with β = sqrt(1 + 4/a), ln((β+1)/(β−1)) written as
    2 ln(β + 1) + ln(a/4); below a = 1e-2, where the closed form cancels, the series
    a/30 − a²/280 + a³/1890 − a⁴/11088 (next term < 2e-15).
    """
    a = np.asarray(a, dtype=float)
    small = a < 1e-2
    s = np.where(small, 1.0, a)
    beta = np.sqrt(1.0 + 4.0 / s)
    closed = (-5.0 / 3.0 + 4.0 / s + (1.0 - 2.0 / s) * beta * (2.0 * np.log1p(beta) + np.log(s / 4.0))) / 6.0
    c1, c2, c3, c4 = _LOOP_SERIES
    series = a * (c1 + a * (c2 + a * (c3 + a * c4)))
    return np.where(small, series, closed)


def mu_tau_kinetic_mixing(momentum_transfer_sq, coupling: float = 1.0):
    """Loop-induced kinetic mixing ε(Q²) of an L_μ − L_τ boson with the photon.

    ε(Q²) = (e g′/2π²) ∫₀¹ dx x(1 − x) ln[(m_τ² + x(1 − x)Q²)/(m_μ² + x(1 − x)Q²)],  e = sqrt(4πα),

    for spacelike Q² ≥ 0; ε(0) = e g′ ln(m_τ²/m_μ²)/(12π²) ≈ g′/70. The boson then couples to quarks as
    e ε Q_q (Q_q the electric charge), i.e. to the proton with e ε and not to the neutron.

    Parameters
    ----------
    momentum_transfer_sq : array_like [energy²]
        Q² = 2MT.
    coupling : float
        g′ of the L_μ − L_τ gauge boson.

    References
    ----------
    M. Bauer, P. Foldenauer, J. Jaeckel, JHEP 07 (2018) 094, Sec. 2 (the loop function);
    M. Abdullah et al., PRD 98 (2018) 015005 (its use in CEvNS).
    """
    Q2 = _validate.non_negative("momentum_transfer_sq", momentum_transfer_sq)
    return _mu_tau_mixing(Q2, coupling)


def _mu_tau_mixing(Q2, coupling):
    m_mu2, m_tau2 = constants.muon_mass**2, _tau_mass() ** 2
    loop = np.log(m_tau2 / m_mu2) / 6.0 + _loop_function(Q2 / m_tau2) - _loop_function(Q2 / m_mu2)
    e = np.sqrt(4.0 * np.pi * constants.alpha_em)
    return e * coupling / (2.0 * np.pi**2) * loop


@dataclass(frozen=True, kw_only=True)
class VectorMediator(Interaction):
    """A light vector boson Z′ coupled to left-handed neutrinos and to quark vector currents.

    Parameters
    ----------
    mass : float [energy]
        m_Z′ > 0.
    coupling_nu : float or dict
        g_ν for all flavors, or per flavor {'e', 'mu', 'tau'}.
    coupling_up, coupling_down : float
        g_u, g_d.
    mu_tau_loop : float
        g′ of an L_μ − L_τ boson whose only coupling to quarks is the kinetic mixing through the μ/τ loop
        (:func:`mu_tau_kinetic_mixing`), added to the quark couplings as e ε(Q²) Q_q. 0 by default.

    Notes
    -----
    The propagator at Q² = 2MT shifts the quark couplings, g_V^q → g_V^q + g_ν g_q / (√2 G_F (Q² + m²)), so
    δg_p = g_ν (2g_u + g_d)/(√2 G_F (Q² + m²)) and δg_n = g_ν (g_u + 2g_d)/(√2 G_F (Q² + m²)). The
    Standard Model vector charge is ≈ −N/2, so a positive g_ν g_q (universal) interferes destructively and a
    negative one (B − L) constructively. For m² ≫ Q² this is NSI with ε^q_αα = g_ν g_q/(√2 G_F m²).

    References
    ----------
    J. Barranco, O. G. Miranda, T. I. Rashba, JHEP 12 (2005) 021; M. Abdullah et al., PRD 98 (2018) 015005;
    M. Bauer, P. Foldenauer, J. Jaeckel, JHEP 07 (2018) 094.
    """

    mass: float
    coupling_nu: object = 0.0
    coupling_up: float = 0.0
    coupling_down: float = 0.0
    mu_tau_loop: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "mass", _validate.positive_scalar("mass", self.mass, unit="MeV", unit_value=MeV))
        object.__setattr__(self, "coupling_nu", _per_flavor("coupling_nu", self.coupling_nu))
        for name in ("coupling_up", "coupling_down", "mu_tau_loop"):
            object.__setattr__(self, name, _real(name, getattr(self, name)))

    @classmethod
    def universal(cls, mass: float, coupling: float) -> VectorMediator:
        """g_ν = g_u = g_d = g."""
        return cls(mass=mass, coupling_nu=coupling, coupling_up=coupling, coupling_down=coupling)

    @classmethod
    def b_minus_l(cls, mass: float, coupling: float) -> VectorMediator:
        """Gauged B − L: g_ν = −g, g_u = g_d = g/3."""
        return cls(mass=mass, coupling_nu=-coupling, coupling_up=coupling / 3.0, coupling_down=coupling / 3.0)

    @classmethod
    def l_mu_minus_l_tau(cls, mass: float, coupling: float) -> VectorMediator:
        """Gauged L_μ − L_τ: g_νμ = g′, g_ντ = −g′, quarks only through the μ/τ loop."""
        return cls(mass=mass, coupling_nu={"mu": coupling, "tau": -coupling}, mu_tau_loop=coupling)

    def momentum_scales(self) -> tuple:
        return (self.mass, constants.muon_mass) if self.mu_tau_loop else (self.mass,)

    def _charge_shifts(self, Q2, flavor):
        g_nu = self.coupling_nu[_index(flavor)]
        if g_nu == 0.0:
            return 0.0, 0.0
        gp = 2.0 * self.coupling_up + self.coupling_down
        gn = self.coupling_up + 2.0 * self.coupling_down
        if self.mu_tau_loop:
            e = np.sqrt(4.0 * np.pi * constants.alpha_em)
            gp = gp + e * _mu_tau_mixing(Q2, self.mu_tau_loop)  # e ε (2Q_u + Q_d) = e ε; neutron 0
        scale = g_nu / (_fermi_over_root2() * (Q2 + self.mass**2))
        return gp * scale, gn * scale


# -------------------------------------------------------------------------------------- scalar mediator
def scalar_nucleon_couplings(coupling_up: float, coupling_down: float, coupling_strange: float = 0.0):
    """Scalar couplings of the proton and neutron from quark couplings, g_N = Σ_q g_q (m_N/m_q) f_Tq^N.

    Uses :data:`SCALAR_DENSITIES` (Hoferichter et al. 2016) and :data:`QUARK_MASSES` (PDG 2024). Heavy quarks
    (through the gluon, 2/27 f_TG m_N/m_Q each) are not included: for equal couplings they add < 1 %.
    """
    g = {"u": coupling_up, "d": coupling_down, "s": coupling_strange}
    masses = {"proton": constants.proton_mass, "neutron": constants.neutron_mass}
    return tuple(sum(g[q] * masses[n] / QUARK_MASSES[q] * SCALAR_DENSITIES[n][q] for q in g)
                 for n in ("proton", "neutron"))


@dataclass(frozen=True, kw_only=True)
class ScalarMediator(Interaction):
    """A light scalar φ coupled to neutrinos and to quark scalar densities.

    Parameters
    ----------
    mass : float [energy]
    coupling_nu : float or dict
        g_νφ, for all flavors or per flavor.
    coupling_up, coupling_down, coupling_strange : float
        g_q of φ q̄q.

    Notes
    -----
    The scalar flips the neutrino helicity, so it does not interfere with the Standard Model (massless ν):

        dσ/dT += g_ν² Q_φ² M² T / (4π E² (Q² + m²)²),  Q_φ = Z g_p F_p(q) + N g_n F_n(q),  Q² = 2MT,

    with g_N from :func:`scalar_nucleon_couplings`; in flux moments this is a coefficient of ``recoil`` = MT/E².
    Same for ν̄.

    References
    ----------
    D. G. Cerdeño et al., JHEP 05 (2016) 118; Y. Farzan, M. Lindner, W. Rodejohann, X.-J. Xu, JHEP 05 (2018) 066.
    """

    mass: float
    coupling_nu: object = 0.0
    coupling_up: float = 0.0
    coupling_down: float = 0.0
    coupling_strange: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "mass", _validate.positive_scalar("mass", self.mass, unit="MeV", unit_value=MeV))
        object.__setattr__(self, "coupling_nu", _per_flavor("coupling_nu", self.coupling_nu))
        for name in ("coupling_up", "coupling_down", "coupling_strange"):
            object.__setattr__(self, name, _real(name, getattr(self, name)))

    @classmethod
    def universal(cls, mass: float, coupling: float) -> ScalarMediator:
        """g_ν = g_u = g_d = g_s = g."""
        return cls(mass=mass, coupling_nu=coupling, coupling_up=coupling, coupling_down=coupling,
                   coupling_strange=coupling)

    def momentum_scales(self) -> tuple:
        return (self.mass,)

    @property
    def nucleon_couplings(self) -> tuple[float, float]:
        """(g_p, g_n)."""
        return scalar_nucleon_couplings(self.coupling_up, self.coupling_down, self.coupling_strange)

    def _extra_terms(self, T, isotope, flavor, form_factors):
        g_nu = self.coupling_nu[_index(flavor)]
        if g_nu == 0.0:
            return {}
        gp, gn = self.nucleon_couplings
        charge = isotope.Z * gp * form_factors[0] + isotope.N * gn * form_factors[1]
        Q2 = _four_momentum_sq(T, isotope.mass)
        M = isotope.mass
        coefficient = g_nu**2 * charge**2 * M / (4.0 * np.pi * (Q2 + self.mass**2) ** 2)
        return {"recoil": coefficient * constants.hbarc_squared}


# --------------------------------------------------------------------------- electromagnetic properties
@dataclass(frozen=True)
class MagneticMoment(Interaction):
    """Effective neutrino magnetic moments per flavor, in Bohr magnetons.

    Parameters
    ----------
    e, mu, tau : float
        μ_να / μ_B (the same for ν̄_α).

    Notes
    -----
    Incoherent with the weak amplitude (helicity flip). For a spin-0 nucleus of charge form factor Z F_p(q):

        dσ/dT = (π α² μ_ν² / m_e²) Z² F_p² [1/T − 1/E + T/(4E²)] = (π α² μ_ν²/m_e²) Z² F_p² (2E − T)²/(4E² T)

    The (2E − T)² comes from the dipole vertex contracted with the spin-0 current, (k + k′)·(P + P′) = 2M(2E − T).
    Vogel & Engel's form drops T/(4E²), smaller than the rest by T²/4E² ≲ E²/M² (< 1e-5 at 50 MeV on Ar).
    In flux moments: c_flat = K/T, c_inverse_energy = −K/M, c_recoil = K/(4M) with K = (π α² μ_ν²/m_e²) Z² F_p².

    References
    ----------
    P. Vogel, J. Engel, PRD 39 (1989) 3378.
    """

    e: float = 0.0
    mu: float = 0.0
    tau: float = 0.0

    def __post_init__(self):
        for name in LEPTONS:
            object.__setattr__(self, name, _real(name, getattr(self, name)))

    @property
    def infrared_divergent(self) -> bool:
        return any(getattr(self, name) for name in LEPTONS)

    def _extra_terms(self, T, isotope, flavor, form_factors):
        moment = getattr(self, lepton(flavor))
        if moment == 0.0:
            return {}
        K = (np.pi * constants.alpha_em**2 * moment**2 / constants.electron_mass**2
             * (isotope.Z * form_factors[0]) ** 2 * constants.hbarc_squared)
        with np.errstate(divide="ignore"):
            per_T = K / T
        M = isotope.mass
        return {"flat": per_T, "inverse_energy": -K / M, "recoil": K / (4.0 * M)}


def _photon_exchange_scale() -> float:
    """√2 π α / (3 G_F) [energy²]: the proton-coupling shift per unit ⟨r²⟩ (in energy⁻²)."""
    return np.sqrt(2.0) * np.pi * constants.alpha_em / (3.0 * constants.fermi_coupling)


@dataclass(frozen=True, eq=False)
class _PhotonExchange(Interaction):
    """Shared parts of the neutrino electromagnetic form factors: per-flavor values and transitions."""

    e: float = 0.0
    mu: float = 0.0
    tau: float = 0.0
    transitions: dict | None = None

    def __post_init__(self):
        for name in LEPTONS:
            object.__setattr__(self, name, _real(name, getattr(self, name)))
        values = {}
        for key, value in (self.transitions or {}).items():
            pair = _PAIRS.get(key)
            if pair is None or pair[0] == pair[1]:
                raise UnknownNameError("transition", key, ["emu", "etau", "mutau"])
            values[frozenset(pair)] = _real(f"transitions[{key!r}]", value)
        object.__setattr__(self, "transitions", values)

    def _charge_shifts(self, Q2, flavor):
        value = getattr(self, lepton(flavor))
        return (self._shift(value, Q2) if value else 0.0), 0.0

    def _transition_shifts(self, Q2, flavor):
        a = _index(flavor)
        return {LEPTONS[b]: (self._shift(v, Q2), 0.0) for b in range(3) if b != a
                for v in [self.transitions.get(frozenset((a, b)), 0.0)] if v}


@dataclass(frozen=True, eq=False)
class ChargeRadius(_PhotonExchange):
    """Beyond-Standard-Model neutrino charge radii ⟨r²_να⟩ [area] (diagonal) and transition radii.

    Parameters
    ----------
    e, mu, tau : float [area]
        ⟨r²_να⟩ beyond the Standard Model part (which radiatively corrected couplings already hold).
    transitions : dict, optional
        Transition radii ⟨r²_αβ⟩ [area] keyed 'emu', 'etau', 'mutau' (symmetric).

    Notes
    -----
    g_V^p → g_V^p − (√2 π α/(3 G_F)) ⟨r²_να⟩ (photon exchange with the neutrino form factor
    F(Q²) = −Q² ⟨r²⟩/6); transition radii give flavor-changing amplitudes Z δg_p^{αβ} F_p that add
    incoherently. Same shift for ν̄_α.

    References
    ----------
    M. Cadeddu et al., PRD 98 (2018) 113010 (revised as arXiv:1810.05606v4).
    """

    def _shift(self, radius, Q2):
        return -_photon_exchange_scale() * radius / constants.hbarc_squared


@dataclass(frozen=True, eq=False)
class Millicharge(_PhotonExchange):
    """Neutrino electric charges q_να in units of e (diagonal) and transition charges q_αβ.

    Parameters
    ----------
    e, mu, tau : float
        q_να / e.
    transitions : dict, optional
        q_αβ / e keyed 'emu', 'etau', 'mutau' (symmetric).

    Notes
    -----
    Photon exchange with F(Q²) = q_ν: g_V^p → g_V^p + 2√2 π α q_ν / (G_F Q²) with Q² = 2MT > 0, i.e.
    the charge-radius shift with ⟨r²⟩ replaced by −6 q_ν/Q²: Atzori Corona et al. write
    g_V^p − (√2πα/3G_F)(⟨r²⟩ − 6 q_ν/|q|²). (Written with the four-momentum q² = −2MT, the shift reads
    − 2√2πα q_ν/(G_F q²).) Same shift for ν̄_α. Diverges as 1/T at T → 0.

    References
    ----------
    M. Atzori Corona et al., JHEP 09 (2022) 164.
    """

    @property
    def infrared_divergent(self) -> bool:
        return any(getattr(self, name) for name in LEPTONS) or any(self.transitions.values())

    def _shift(self, charge, Q2):
        with np.errstate(divide="ignore"):
            return 6.0 * _photon_exchange_scale() * charge / Q2


# -------------------------------------------------------------------------------------- sterile neutrino
@dataclass(frozen=True, kw_only=True, eq=False)
class SterileNeutrino(Interaction):
    """A fourth, sterile state at short baseline (3+1): disappearance and appearance of the active flavors.

    Parameters
    ----------
    dm2_41 : float [energy²]
        Δm²₄₁ ≥ 0 (the three active splittings are neglected at short baseline).
    ue4_sq, umu4_sq, utau4_sq : float
        |U_α4|², each in [0, 1], summing to ≤ 1.
    baseline : float or array_like [length]
        Source–detector distance, or samples of its distribution (e.g. over the source and detector volumes).
    baseline_weights : array_like, optional
        Weights of the samples (default equal).
    baseline_spread : float [length]
        Full width of a uniform distribution around each sample (0: none); averaged in closed form.

    Notes
    -----
    P(ν_α → ν_β) = δ_αβ − 4|U_α4|²(δ_αβ − |U_β4|²) ⟨sin²(Δm²₄₁ L/4E)⟩, i.e. P_αα = 1 − sin²2θ_αα ⟨sin²⟩
    with sin²2θ_αα = 4|U_α4|²(1 − |U_α4|²) and sin²2θ_αβ = 4|U_α4|²|U_β4|²; the same for ν̄ (no CP phase at
    one splitting). Over a uniform [L₁, L₂], ⟨sin²(kL)⟩ = 1/2 − [sin 2kL₂ − sin 2kL₁]/(4k(L₂ − L₁)),
    k = Δm²/(4E ħc). A sterile state takes no part in neutral-current scattering, so only the active rows matter.

    References
    ----------
    C. Giunti, T. Lasserre, Ann. Rev. Nucl. Part. Sci. 69 (2019) 163 (3+1 short-baseline formulas).
    """

    dm2_41: float
    ue4_sq: float = 0.0
    umu4_sq: float = 0.0
    utau4_sq: float = 0.0
    baseline: object = 0.0
    baseline_weights: object = None
    baseline_spread: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "dm2_41", _validate.non_negative_scalar("dm2_41", self.dm2_41, unit="eV^2",
                                                                          unit_value=eV**2))
        for name in ("ue4_sq", "umu4_sq", "utau4_sq"):
            object.__setattr__(self, name, float(_validate.fraction(name, _real(name, getattr(self, name)))))
        if self.ue4_sq + self.umu4_sq + self.utau4_sq > 1.0:
            raise OutOfDomainError(f"ue4_sq + umu4_sq + utau4_sq must be <= 1 (unitarity), got "
                                   f"{self.ue4_sq + self.umu4_sq + self.utau4_sq:g}")
        L = np.atleast_1d(_validate.non_negative("baseline", self.baseline, unit="m", unit_value=1e3))
        if L.ndim != 1:
            raise OutOfDomainError(f"baseline must be a number or a 1-d array of samples, got shape {L.shape}")
        w = np.ones_like(L) if self.baseline_weights is None else _validate.non_negative(
            "baseline_weights", self.baseline_weights)
        if w.shape != L.shape or not w.sum() > 0:
            raise OutOfDomainError(f"baseline_weights must be non-negative, of the shape of baseline {L.shape}, "
                                   "and not all zero")
        object.__setattr__(self, "baseline", L)
        object.__setattr__(self, "baseline_weights", w / w.sum())
        object.__setattr__(self, "baseline_spread", _validate.non_negative_scalar(
            "baseline_spread", self.baseline_spread, unit="m", unit_value=1e3))

    @classmethod
    def from_mixing(cls, params, **baseline) -> SterileNeutrino:
        """From :class:`cevns.oscillations.MixingParameters` with a sterile state (its U_α4 and Δm²₄₁)."""
        if getattr(params, "dm2_41", None) is None:
            raise OutOfDomainError("params has no sterile state: give MixingParameters(dm2_41=...)")
        u = np.abs(np.asarray(params.matrix)[:3, 3]) ** 2
        return cls(dm2_41=params.dm2_41, ue4_sq=u[0], umu4_sq=u[1], utau4_sq=u[2], **baseline)

    def oscillation_weight(self, energy):
        """⟨sin²(Δm²₄₁ L / 4E)⟩ over the baseline distribution at neutrino energies E (1/2 at E = 0, L > 0)."""
        E = _validate.non_negative("energy", energy, unit="MeV", unit_value=MeV)
        with np.errstate(divide="ignore"):
            k = (self.dm2_41 / (4.0 * E * constants.hbarc))[..., None]
        if np.any(np.isinf(k)):  # E → 0: infinitely fast oscillation averages to 1/2 (none at L = 0)
            return np.where(E == 0, 0.5 * (self.baseline > 0) @ self.baseline_weights,
                            self.oscillation_weight(np.where(E == 0, 1.0, E)))
        L, half = self.baseline, 0.5 * self.baseline_spread
        if half == 0.0:
            mean = np.sin(k * L) ** 2
        else:
            lo, hi = L - half, L + half
            with np.errstate(divide="ignore", invalid="ignore"):
                avg = 0.5 - (np.sin(2.0 * k * hi) - np.sin(2.0 * k * lo)) / (4.0 * k * (hi - lo))
            mean = np.where(k > 0, avg, 0.0)
        return mean @ self.baseline_weights

    @property
    def mixing(self) -> np.ndarray:
        """|U_α4|² for α = e, μ, τ."""
        return np.array([self.ue4_sq, self.umu4_sq, self.utau4_sq])

    def transition_probability(self, energy, antineutrino: bool = False):
        """P[..., β, α] = P(ν_α → ν_β) among active flavors (the columns sum to 1 − P(ν_α → ν_s))."""
        s2 = self.oscillation_weight(energy)[..., None, None]
        u = self.mixing
        amplitude = 4.0 * u[None, :] * (np.eye(3) - u[:, None])  # [β, α]: 4|U_α4|²(δ_αβ − |U_β4|²)
        return np.eye(3) - amplitude * s2


# ------------------------------------------------------------------------------ models from specifications
#: Registered model names → (factory, {parameter: dimension of its value}); "energy^2" reads "1.3 eV^2".
MODELS = {
    "standard-model": (StandardModel, {}),
    "nsi": (NSI, {}),
    "vector": (VectorMediator, {"mass": "energy"}),
    "vector-universal": (VectorMediator.universal, {"mass": "energy"}),
    "vector-b-l": (VectorMediator.b_minus_l, {"mass": "energy"}),
    "vector-lmu-ltau": (VectorMediator.l_mu_minus_l_tau, {"mass": "energy"}),
    "scalar": (ScalarMediator, {"mass": "energy"}),
    "scalar-universal": (ScalarMediator.universal, {"mass": "energy"}),
    "magnetic-moment": (MagneticMoment, {}),
    "charge-radius": (ChargeRadius, {"e": "area", "mu": "area", "tau": "area", "transitions": "area"}),
    "millicharge": (Millicharge, {}),
    "sterile": (SterileNeutrino, {"dm2_41": "energy^2", "baseline": "length", "baseline_spread": "length"}),
}


def _parse_value(name: str, value, dimension: str):
    if dimension == "energy^2":
        text = str(value).strip()
        if not text.endswith("^2"):
            raise OutOfDomainError(f"{name}: write a squared energy with its unit, e.g. '1.3 eV^2', got {value!r}")
        number, _, unit = text[:-2].partition(" ")
        return parse(number, name=name) * parse(f"1 {unit.strip()}", dimension="energy", name=name) ** 2
    return parse(value, dimension=dimension, name=name)


def model_from_spec(spec) -> Interaction:
    """Build a model from a specification (a TOML table, JSON, CLI options).

    Parameters
    ----------
    spec : dict or list of dict
        ``{"model": name, **parameters}`` with a name of :data:`MODELS`; dimensional parameters carry their
        unit as text (``"mass": "10 MeV"``, ``"dm2_41": "1.3 eV^2"``, ``"baseline": "19.3 m"``). A list
        builds the sum of its models.

    Examples
    --------
    >>> model_from_spec([{"model": "nsi", "up": {"ee": 0.1}},
    ...                  {"model": "vector-universal", "mass": "10 MeV", "coupling": 1e-5}]).components[1].mass
    10.0
    """
    if isinstance(spec, (list, tuple)):
        return NewPhysics(components=tuple(model_from_spec(item) for item in spec))
    if not isinstance(spec, dict) or "model" not in spec:
        raise OutOfDomainError(f"a model specification is a mapping with a 'model' key, got {spec!r}")
    params = dict(spec)
    factory, dimensions = _validate.choice("new-physics model", params.pop("model"), MODELS)
    for name, dimension in dimensions.items():
        if name in params:
            value = params[name]
            if isinstance(value, (list, tuple)):
                params[name] = [_parse_value(name, v, dimension) for v in value]
            elif isinstance(value, dict):
                params[name] = {k: _parse_value(f"{name}.{k}", v, dimension) for k, v in value.items()}
            else:
                params[name] = _parse_value(name, value, dimension)
    _check_parameters(spec["model"], factory, params)
    return factory(**params)


def _check_parameters(model: str, factory, params: dict) -> None:
    """Refuse a parameter the model does not have, or a missing required one, naming the model's parameters."""
    signature = inspect.signature(factory)
    accepted = ", ".join(signature.parameters) or "none"
    unknown = sorted(set(params) - set(signature.parameters))
    if unknown:
        raise OutOfDomainError(f"model {model!r} has no parameter {', '.join(map(repr, unknown))} "
                               f"(its parameters: {accepted})")
    missing = [name for name, p in signature.parameters.items()
               if p.default is inspect.Parameter.empty and name not in params]
    if missing:
        raise OutOfDomainError(f"model {model!r} needs {', '.join(map(repr, missing))} (its parameters: {accepted})")


# ---------------------------------------------------------------------------------- reference dσ/dT
def _weights(T, E, M):
    x = T / E
    return {"flat": np.ones_like(x), "falling": (1.0 - x) ** 2, "recoil": M * T / (E * E), "inverse_energy": M / E}


def differential_cross_section_with(model, recoil_energy, neutrino_energy, target, *, form_factor="helm",
                                    flavor="nu_mu", couplings="tree", sin2_theta_w=None, axial=True):
    """dσ/dT [area/energy] with a new-physics model, for one neutrino energy per point (the reference).

    Parameters are those of :func:`cevns.differential_cross_section`, with ``model`` an :class:`Interaction`.
    A sterile state changes which flavor arrives, not the cross section: apply
    ``model.transition_probability`` to the flux.

    Notes
    -----
    Assembled from the engine interface (module docstring): the Standard Model form of
    :func:`cevns.differential_cross_section` (vector plus axial; Barranco–Miranda–Rashba for a free nucleon) with
    the model's G_V, plus G_F² M/(2π) X (1 + (1 − T/E)² − MT/E²) for flavor-changing channels, plus the model's extra
    terms. G_A as in :func:`cevns.differential_cross_section` (F_A of the odd nucleon species, −G_A for ν̄).
    Zero above T_max(E).
    """
    if not isinstance(model, Interaction):
        raise OutOfDomainError(f"model must be a cevns interaction model, got {type(model).__name__}")
    T = _validate.non_negative("recoil_energy", recoil_energy, unit="MeV", unit_value=MeV)
    E = _validate.non_negative("neutrino_energy", neutrino_energy, unit="MeV", unit_value=MeV)
    T, E = np.broadcast_arrays(T, E)
    flavor = check_flavor(flavor)
    c = get_couplings(couplings, sin2_theta_w)
    isotopes, fractions = isotopes_and_fractions(target)
    total = np.zeros(T.shape)
    open_ = E > 0
    safe_E = np.where(open_, E, 1.0)
    for iso, fraction in zip(isotopes, fractions):
        M = iso.mass
        proton_ff, neutron_ff = nucleon_form_factors(form_factor, iso)
        q = np.sqrt(T * (2.0 * M + T))
        fp, fn = proton_ff(q), neutron_ff(q)
        sm = (iso.Z * c.vector_proton(flavor), iso.N * c.vector_neutron(flavor))
        GV, X = model.vector_charge(T, iso, flavor, sm, (fp, fn))
        GA = 0.0
        if axial:
            odd_ff = fp if abs(iso.spin_proton) > abs(iso.spin_neutron) else fn
            GA = axial_charge(iso, c) * odd_ff * (-1.0 if is_antineutrino(flavor) else 1.0)
        w = _weights(T, safe_E, M)
        prefactor = 0.5 * constants.fermi_coupling**2 * M / np.pi * constants.hbarc_squared
        vector_only = w["flat"] + w["falling"] - w["recoil"]
        if np.all(GA == 0.0):  # same order of operations as the Standard Model kernel (cancellation near T_max)
            value = prefactor * GV * GV * vector_only
        else:
            value = prefactor * (GV * GV * vector_only + GA * GA * (w["flat"] + w["falling"] + w["recoil"]))
            if iso.A == 1:  # a free nucleon keeps the vector–axial interference; a nucleus sums it to zero
                value = value + prefactor * 2.0 * GV * GA * (w["flat"] - w["falling"])
        value = value + prefactor * X * vector_only
        for key, coefficient in model.extra_terms(T, iso, flavor, (fp, fn)).items():
            value = value + coefficient * w[key]
        inside = open_ & (T <= recoil_energy_max(E, iso))
        if not np.all(np.isfinite(value[inside])):
            raise OutOfDomainError("recoil_energy must be > 0 with this model: its photon-exchange terms diverge "
                                   "as T → 0 (got T = 0)")
        total = total + fraction * np.where(inside, np.maximum(value, 0.0), 0.0)
    return total
