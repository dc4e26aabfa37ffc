"""Neutral-current couplings of neutrinos to nucleons, the weak charge, and the running of sin²θ_W.

Conventions: Q_W = Z g_V^p + N g_V^n with, at tree level, g_V^p = 1/2 − 2 sin²θ_W and
g_V^n = −1/2, so Q_W ≈ −N/2. Many papers use Q'_W = N − (1 − 4 sin²θ_W) Z = −2 Q_W; cross sections agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from .. import _validate, constants
from ..errors import OutOfDomainError
from ..flavors import check_flavor, lepton
from ..nuclei import isotopes_and_fractions
from ..nuclei.isotope import Isotope
from ..units import GeV, MeV

__all__ = ["Couplings", "CouplingScheme", "SCHEMES", "COUPLING_SCHEMES", "get_couplings", "weak_charge", "axial_charge",
           "sin2_theta_w_running", "convert_sin2_theta_w", "charge_radius_loop"]

# PDG 2024 Electroweak review (J. Erler, A. Freitas), Sec. 10.3, neutrino-quark couplings with radiative
# corrections (derived by J. Erler, S. Su, Prog. Part. Nucl. Phys. 71 (2013) 119, arXiv:1303.5522):
# ε_L(u) = ρ(1/2 − 2/3 κ ŝ²) + λ_uL, ε_L(d) = ρ(−1/2 + 1/3 κ ŝ²) + λ_dL, ε_R(u) = ρ(−2/3 κ ŝ²) + λ_uR,
# ε_R(d) = ρ(1/3 κ ŝ²) + λ_dR with ŝ² = sin²θ̂_W(M_Z) (MS-bar), for ν_μ.
RHO_NU_N = 1.0082
KAPPA_NU_N = 0.9978
LAMBDA_U_L = -0.0031
LAMBDA_D_L = -0.0025
LAMBDA_D_R = 7.5e-5
LAMBDA_U_R = LAMBDA_D_R / 2.0

# Flavor dependence through the neutrino charge radius, ⟨r²_ν_ℓ⟩ = −G_F/(4√2π²)[3 − 2 ln(m_ℓ²/M_W²)]
# (J. Bernabéu, J. Papavassiliou, J. Vidal, PRL 89 (2002) 101802), which acts as a shift of the
# mixing angle Δŝ² = (√2πα/3G_F) ⟨r²⟩; relative to ν_μ (included in the PDG ρ, κ) it is
# Δŝ²_ℓ = (α/3π) ln(m_ℓ/m_μ). Lepton masses: PDG 2024 (tau: 1776.93 MeV).
_TAU_MASS = 1776.93 * MeV


def _lepton_masses() -> dict[str, float]:
    return {"e": constants.electron_mass, "mu": constants.muon_mass, "tau": _TAU_MASS}


# Momentum dependence of the charge radius (O. Tomalak, P. Machado, V. Pandey, R. Plestid, JHEP 02 (2021) 097,
# arXiv:2011.05960, Sec. 2): in the four-fermion theory the ν_ℓ charge radius is the loop of the charged lepton ℓ
# (from the charged-current operator) attached to a photon, a vacuum-polarisation integral. At Q² = −q² ≥ 0,
#   Δg_V^p(ν_ℓ, Q) = −(α/3π) Φ(Q²/m_ℓ²),  Φ(a) = 6 ∫₀¹ x(1 − x) ln[1 + x(1 − x) a] dx,
# relative to the Q → 0 coupling, which is the PDG one. For Q ≫ m_ℓ, Φ → ln(Q²/m_ℓ²) − 5/3, so the
# flavour splitting closes: ν_e − ν_μ is 0.0083 at Q = 0 and 0.0028 at Q = 40 MeV.
# Below a = Q²/m² = 1e-2 the series Φ = 6 Σ (−1)ⁿ⁺¹ aⁿ/n · ((n+1)!)²/(2n+3)! to n = 5 is used (next term
# < 1e-14 relative); above it the closed form loses < 1e-10 to cancellation.
_SERIES_BELOW = 1e-2


def charge_radius_loop(momentum_transfer, lepton_mass):
    """Φ(Q²/m²) = 6 ∫₀¹ x(1 − x) ln[1 + x(1 − x) Q²/m²] dx, the charged-lepton loop of the ν charge radius.

    Closed form with a = Q²/m², β = sqrt(1 + 4/a): Φ = −5/3 + 4/a + β(1 − 2/a) ln[(β + 1)/(β − 1)];
    Φ(0) = 0 and Φ → ln a − 5/3 for a ≫ 1.
    """
    q = np.asarray(momentum_transfer, dtype=float)
    a = (q / lepton_mass) ** 2
    small = a < _SERIES_BELOW
    safe = np.where(small, 1.0, a)
    beta = np.sqrt(1.0 + 4.0 / safe)
    # ln[(β + 1)/(β − 1)] = 2 ln(β + 1) + ln(a/4), free of the cancellation in β − 1 at large a
    log = 2.0 * np.log1p(beta) + np.log(0.25 * safe)
    exact = -5.0 / 3.0 + 4.0 / safe + beta * (1.0 - 2.0 / safe) * log
    series = a * (1 / 5 + a * (-3 / 140 + a * (1 / 315 + a * (-1 / 1848 + a / 10010))))
    return np.where(small, series, exact)


@dataclass(frozen=True)
class CouplingScheme:
    """What a coupling scheme is: its weak-mixing-angle convention and default, and whether it runs with q.

    Attributes
    ----------
    name : str
    sin2_convention : str
        ``"low-energy"`` (MS-bar ŝ² at Q → 0) or ``"z-pole"`` (MS-bar ŝ²(M_Z)).
    momentum_dependent : bool
        Whether g_V^p depends on the momentum transfer.
    reference : str
    """

    name: str
    sin2_convention: str
    momentum_dependent: bool
    reference: str

    @property
    def default_sin2_theta_w(self) -> float:
        return _CONVENTION_DEFAULTS[self.sin2_convention]()


#: The two sin²θ_W conventions and their PDG 2024 values (Electroweak review, eqs. (10.13) and Table 10.2).
_CONVENTION_DEFAULTS = {
    "low-energy": lambda: constants.sin2_theta_w_low_energy,
    "z-pole": lambda: constants.sin2_theta_w_mz,
}

#: Registered schemes.
SCHEMES = {
    "tree": CouplingScheme("tree", "low-energy", False, "tree level, g_V^p = 1/2 − 2 sin²θ_W, g_V^n = −1/2"),
    "pdg2024": CouplingScheme("pdg2024", "z-pole", False,
                              "PDG 2024 Electroweak review Sec. 10.3 (Erler & Su 2013); charge radius at Q = 0"),
    "tomalak2021": CouplingScheme("tomalak2021", "z-pole", True,
                                  "pdg2024 with the q-dependent charge radius of Tomalak et al., JHEP 02 (2021) 097"),
}


def convert_sin2_theta_w(value: float, source: str, target: str) -> float:
    """Move a sin²θ_W value between conventions with the SM running offset ŝ²(0) − ŝ²(M_Z) = 0.00728.

    The offset is the difference of the PDG 2024 values (0.23857 − 0.23129); for a value far from the SM
    it is the leading approximation (the running itself depends weakly on ŝ²).
    """
    for convention in (source, target):
        _validate.choice("sin2 convention", convention, _CONVENTION_DEFAULTS)
    offset = _CONVENTION_DEFAULTS[target]() - _CONVENTION_DEFAULTS[source]()
    return float(value) + offset


@dataclass(frozen=True, kw_only=True)
class Couplings:
    """Vector and axial neutral-current couplings of a neutrino to protons and neutrons.

    Attributes
    ----------
    scheme : str
        ``"tree"``, ``"pdg2024"`` (radiatively corrected, flavor dependent through the ν charge radius at
        Q = 0) or ``"tomalak2021"`` (the same with the charge radius at the actual momentum transfer).
    sin2_theta_w : float
        Weak mixing angle in the scheme's own convention (``scheme_info.sin2_convention``): MS-bar at
        Q → 0 for ``"tree"`` (default 0.23857), at the Z pole for ``"pdg2024"`` and ``"tomalak2021"``
        (default 0.23129). ``None`` takes the scheme's default.
    axial_nucleon : float
        g_A of the nucleon; the NC axial couplings are g_A^p = +g_A/2, g_A^n = −g_A/2 (strange-quark
        spin content neglected).

    Notes
    -----
    Each scheme owns its sin²θ_W convention. ``Couplings(scheme="pdg2024", sin2_theta_w=x)`` reads ``x`` as
    ŝ²(M_Z); a value given in another convention must say so, ``Couplings.in_convention("pdg2024", 0.23857,
    "low-energy")`` (or ``get_couplings("pdg2024", 0.23857, sin2_convention="low-energy")``), which converts
    it (here to 0.23129). ``default_sin2_theta_w`` and ``sin2_convention`` tell what a scheme expects.

    Examples
    --------
    >>> Couplings(scheme="pdg2024").sin2_theta_w
    0.23129
    >>> round(Couplings.in_convention("pdg2024", 0.23857, "low-energy").sin2_theta_w, 5)
    0.23129
    """

    scheme: str = "tree"
    sin2_theta_w: float | None = None
    axial_nucleon: float = constants.axial_coupling_nucleon

    def __post_init__(self):
        info = _validate.choice("coupling scheme", self.scheme, SCHEMES)
        if self.sin2_theta_w is None:
            object.__setattr__(self, "sin2_theta_w", info.default_sin2_theta_w)
        if isinstance(self.sin2_theta_w, (complex, np.complexfloating, str, bool)):
            raise OutOfDomainError(f"sin2_theta_w must be a real number in (0, 1), got {self.sin2_theta_w!r}")
        s2 = float(self.sin2_theta_w)
        if not (0.0 < s2 < 1.0) or not np.isfinite(s2):
            raise OutOfDomainError(f"sin2_theta_w must be in (0, 1), got {self.sin2_theta_w!r}")
        object.__setattr__(self, "sin2_theta_w", s2)
        _validate.as_array("axial_nucleon", self.axial_nucleon, minimum=0.0, maximum=2.0)

    @classmethod
    def in_convention(cls, scheme: str, sin2_theta_w: float, convention: str, **fields) -> Couplings:
        """A scheme with a mixing angle given in ``convention``, converted to the scheme's own (explicit mixing)."""
        info = _validate.choice("coupling scheme", scheme, SCHEMES)
        value = convert_sin2_theta_w(sin2_theta_w, convention, info.sin2_convention)
        return cls(scheme=scheme, sin2_theta_w=value, **fields)

    @property
    def scheme_info(self) -> CouplingScheme:
        return SCHEMES[self.scheme]

    @property
    def sin2_convention(self) -> str:
        """``"low-energy"`` or ``"z-pole"``: how :attr:`sin2_theta_w` is to be read."""
        return self.scheme_info.sin2_convention

    @property
    def default_sin2_theta_w(self) -> float:
        """The scheme's own default mixing angle (PDG 2024) in its convention."""
        return self.scheme_info.default_sin2_theta_w

    @property
    def momentum_dependent(self) -> bool:
        return self.scheme_info.momentum_dependent

    def replace(self, **changes) -> Couplings:
        return replace(self, **changes)

    def _flavor_shift(self, flavor: str) -> float:
        masses = _lepton_masses()
        return constants.alpha_em / (3.0 * np.pi) * np.log(masses[lepton(flavor)] / masses["mu"])

    def vector_proton(self, flavor: str = "nu_mu") -> float:
        """g_V^p at Q → 0 for a neutrino (or antineutrino) of the given flavor."""
        flavor = check_flavor(flavor)
        s2 = self.sin2_theta_w
        if self.scheme == "tree":
            return 0.5 - 2.0 * s2
        return (RHO_NU_N * (0.5 - 2.0 * KAPPA_NU_N * s2) - 2.0 * self._flavor_shift(flavor)
                + 2.0 * LAMBDA_U_L + 2.0 * LAMBDA_U_R + LAMBDA_D_L + LAMBDA_D_R)

    def vector_proton_at(self, momentum_transfer, flavor: str = "nu_mu", *, validate: bool = True):
        """g_V^p at momentum transfer Q [energy] (array); constant except for momentum-dependent schemes.

        For ``"tomalak2021"``: g_V^p(Q) = g_V^p(0) − (α/3π) Φ(Q²/m_ℓ²) (:func:`charge_radius_loop`). Q is the
        four-momentum transfer sqrt(2MT); the three-momentum sqrt(2MT + T²) differs by T/2M ≲ 1e-6.
        """
        q = (_validate.as_array("momentum_transfer", momentum_transfer, minimum=0.0, unit="MeV", unit_value=MeV)
             if validate else np.asarray(momentum_transfer, dtype=float))
        g0 = self.vector_proton(flavor)
        if not self.momentum_dependent:
            return np.full(q.shape, g0)
        mass = _lepton_masses()[lepton(flavor)]
        return g0 - constants.alpha_em / (3.0 * np.pi) * charge_radius_loop(q, mass)

    def vector_neutron(self, flavor: str = "nu_mu") -> float:
        """g_V^n (flavor independent: the charge radius couples to charge, and the neutron has none)."""
        check_flavor(flavor)
        if self.scheme == "tree":
            return -0.5
        return -0.5 * RHO_NU_N + LAMBDA_U_L + LAMBDA_U_R + 2.0 * LAMBDA_D_L + 2.0 * LAMBDA_D_R

    @property
    def axial_proton(self) -> float:
        return 0.5 * self.axial_nucleon

    @property
    def axial_neutron(self) -> float:
        return -0.5 * self.axial_nucleon


#: Registered coupling schemes (name → Couplings with its default sin²θ_W).
COUPLING_SCHEMES = {name: Couplings(scheme=name) for name in SCHEMES}


def get_couplings(couplings="tree", sin2_theta_w: float | None = None, *, sin2_convention: str | None = None
                  ) -> Couplings:
    """Resolve a scheme name or a Couplings object; ``sin2_theta_w`` overrides the angle.

    ``sin2_theta_w`` is read in the scheme's own convention unless ``sin2_convention`` (``"low-energy"`` or
    ``"z-pole"``) says otherwise, in which case it is converted (:func:`convert_sin2_theta_w`). Names are
    case-insensitive (``"PDG2024"``).
    """
    if not isinstance(couplings, Couplings):
        name = couplings.lower() if isinstance(couplings, str) else couplings
        couplings = _validate.choice("coupling scheme", name, COUPLING_SCHEMES)
    if sin2_theta_w is not None:
        if sin2_convention is not None:
            if isinstance(sin2_theta_w, (complex, np.complexfloating, str, bool)):
                raise OutOfDomainError(f"sin2_theta_w must be a real number in (0, 1), got {sin2_theta_w!r}")
            sin2_theta_w = convert_sin2_theta_w(sin2_theta_w, sin2_convention, couplings.sin2_convention)
        couplings = couplings.replace(sin2_theta_w=sin2_theta_w)
    return couplings


def weak_charge(target, *, sin2_theta_w: float | None = None, couplings="tree", flavor: str = "nu_mu"):
    """Weak (vector) charge Q_W = Z g_V^p + N g_V^n of a nucleus, in this package's convention (Q_W ≈ −N/2).

    Parameters
    ----------
    target : Isotope, Material or name
        For a material, the mean over its nuclei (weighted by number fraction).
    sin2_theta_w : float, optional
        Overrides the scheme's default mixing angle.
    couplings : str or Couplings
        ``"tree"`` (default), ``"pdg2024"`` or ``"tomalak2021"`` (the last at Q → 0, where it equals pdg2024).
    flavor : str
        Neutrino flavor (matters for radiatively corrected couplings only).

    Examples
    --------
    >>> round(weak_charge("Xe132", sin2_theta_w=0.25), 6)   # g_V^p = 0 at sin²θ_W = 1/4
    -39.0
    """
    c = get_couplings(couplings, sin2_theta_w)
    isotopes, fractions = isotopes_and_fractions(target)
    gp, gn = c.vector_proton(flavor), c.vector_neutron(flavor)
    charges = np.array([iso.Z * gp + iso.N * gn for iso in isotopes])
    return float(fractions @ charges)


# ------------------------------------------------------------------------------ running of sin²θ_W
# Leading-order MS-bar running (J. Erler, M. Ramsey-Musolf, PRD 72 (2005) 073003, eq. (7) without
# the higher-order terms): between thresholds, ŝ²(μ) = λ + [α̂(μ)/α̂(μ₀)] (ŝ²(μ₀) − λ) with
# λ = Σ N_c Q T₃ / (2 Σ N_c Q²) over active fermions and 1/α̂ running with Σ N_c Q².
# Thresholds: charged leptons (PDG 2024), c and b MS-bar masses (PDG 2024: 1.27, 4.18 GeV), and light
# quarks at an effective hadronic scale (u, d, s at 0.3, 0.3, 0.5 GeV). The hadronic part is not
# perturbative, so the shape is normalised to the two PDG end points ŝ²(0) and ŝ²(M_Z); in between it
# is an approximation good to a few 10⁻⁴.
_FERMIONS = (  # (mass, colors, charge, T3 of the left-handed field)
    ("e", None, 1, -1.0, -0.5),
    ("mu", None, 1, -1.0, -0.5),
    ("u", 0.3 * GeV, 3, 2 / 3, 0.5),
    ("d", 0.3 * GeV, 3, -1 / 3, -0.5),
    ("s", 0.5 * GeV, 3, -1 / 3, -0.5),
    ("c", 1.27 * GeV, 3, 2 / 3, 0.5),
    ("tau", _TAU_MASS, 1, -1.0, -0.5),
    ("b", 4.18 * GeV, 3, -1 / 3, -0.5),
)


def axial_charge(isotope: Isotope, couplings: Couplings) -> float:
    """G_A at q = 0: sqrt(4(J+1)/(3J)) (g_A^p ⟨S_p⟩ + g_A^n ⟨S_n⟩); 0 for J = 0.

    ⟨S_p⟩, ⟨S_n⟩ are the isotope's (one-body shell-model values of Klos et al. PRD 88 (2013) 083516 where
    tabulated, else the odd-group model); the normalisation gives a free nucleon's g_A² (3 − cos θ) for J = 1/2.

    References
    ----------
    J. Barranco, O. G. Miranda, T. I. Rashba, JHEP 12 (2005) 021; M. Hoferichter, J. Menéndez, A. Schwenk,
    PRD 102 (2020) 074018.
    """
    J = isotope.spin
    if J == 0:
        return 0.0
    spin_sum = couplings.axial_proton * isotope.spin_proton + couplings.axial_neutron * isotope.spin_neutron
    return float(np.sqrt(4.0 * (J + 1.0) / (3.0 * J)) * spin_sum)


@cache
def _thresholds() -> tuple[tuple[float, float, float], ...]:
    """(mass, Σ N_c Q² above it, Σ N_c Q T₃ above it), sorted by mass."""
    masses = _lepton_masses()
    rows = sorted(((m if m is not None else masses[name]), nc, q, t3) for name, m, nc, q, t3 in _FERMIONS)
    out, sum_q2, sum_qt = [], 0.0, 0.0
    for mass, nc, q, t3 in rows:
        sum_q2 += nc * q * q
        sum_qt += nc * q * t3
        out.append((mass, sum_q2, sum_qt))
    return tuple(out)


def _leading_order(mu: np.ndarray) -> np.ndarray:
    """Un-normalised LO ŝ²(μ) starting from ŝ²(0) = sin2_theta_w_low_energy, α(0)."""
    s2 = np.full_like(mu, constants.sin2_theta_w_low_energy)
    inv_alpha = np.full_like(mu, 1.0 / constants.alpha_em)
    steps = _thresholds()
    for k, (mass, sum_q2, sum_qt) in enumerate(steps):
        upper = steps[k + 1][0] if k + 1 < len(steps) else np.inf
        scale = np.clip(mu, mass, upper)
        lam = sum_qt / (2.0 * sum_q2)
        new_inv_alpha = inv_alpha - 2.0 * sum_q2 / (3.0 * np.pi) * np.log(scale / mass)
        s2 = lam + (inv_alpha / new_inv_alpha) * (s2 - lam)
        inv_alpha = new_inv_alpha
    return s2


def sin2_theta_w_running(momentum_transfer):
    """MS-bar sin²θ_W at the scale Q = |q| (leading-order running, normalised to PDG 2024 end points).

    Parameters
    ----------
    momentum_transfer : array_like [energy]

    Returns
    -------
    ndarray
        Equal to 0.23857 at Q → 0 and 0.23129 at Q = M_Z (PDG 2024 Electroweak review), with the
        leading-order shape in between.
    """
    Q = _validate.non_negative("momentum_transfer", momentum_transfer, unit="MeV", unit_value=MeV)
    s2_low = constants.sin2_theta_w_low_energy
    lo = _leading_order(np.atleast_1d(Q).astype(float))
    lo_mz = _leading_order(np.array([constants.z_boson_mass]))[0]
    result = s2_low + (lo - s2_low) * (constants.sin2_theta_w_mz - s2_low) / (lo_mz - s2_low)
    return result.reshape(np.shape(Q))
