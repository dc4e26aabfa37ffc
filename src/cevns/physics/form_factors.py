"""Nuclear form factors F(q) (F(0) = 1): the Fourier transforms of the nucleon densities.

Every model is a small frozen object: ``model(q)`` evaluates F at momentum transfer ``q`` [energy]
(the formulas use the wave number q/ħc), ``model.rms_radius`` is its root-mean-square radius.
Registered names (``"helm"``, ``"klein-nystrand"``, ``"symmetrized-fermi"``, ``"unity"``) build the
standard parameterisation for a given nucleus.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache, cached_property

import numpy as np

from .. import _validate
from .._array import gauss_legendre, spherical_j0, spherical_j1_over_x
from ..constants import hbarc
from ..errors import OutOfDomainError
from ..units import GeV, fermi

__all__ = [
    "Helm", "KleinNystrand", "SymmetrizedFermi", "TabulatedDensity", "FourierBessel", "Unity",
    "FORM_FACTORS", "form_factor", "nucleon_form_factors", "point_proton_radius", "neutron_skin",
    "density_from_form_factor", "NucleonVector", "AxialDipole", "HeliumFour", "axial_form_factor",
]

# Lewin & Smith, Astropart. Phys. 6 (1996) 87, Sec. 4: Helm parameters fitted to muonic-atom data.
HELM_SKIN = 0.9 * fermi
HELM_C_SLOPE = 1.23 * fermi  # c = 1.23 A^(1/3) − 0.60 fm
HELM_C_OFFSET = -0.60 * fermi
HELM_DIFFUSENESS = 0.52 * fermi
# Klein & Nystrand, PRC 60 (1999) 014903: R_A = 1.2 A^(1/3) fm, Yukawa range a_k = 0.7 fm.
KN_RADIUS_SLOPE = 1.2 * fermi
KN_RANGE = 0.7 * fermi
# Nucleon charge radii for the point-proton radius: r_p² = 0.7071 fm² (CODATA 2018, r_p = 0.8409 fm),
# r_n² = −0.1155 fm² (PDG 2024).
PROTON_CHARGE_RADIUS_SQ = 0.7071 * fermi**2
NEUTRON_CHARGE_RADIUS_SQ = -0.1155 * fermi**2
# Nucleon form factors for a free-nucleon target. Sachs dipole G_D = (1 + Q²/Λ²)⁻², Λ² = 0.71 GeV²
# (C. F. Perdrisat, V. Punjabi, M. Vanderhaeghen, Prog. Part. Nucl. Phys. 59 (2007) 694, Sec. 2);
# G_E^p = G_D, G_M^{p,n} = μ_{p,n} G_D; G_E^n of S. Galster et al., Nucl. Phys. B 32 (1971) 221:
# G_E^n = −μ_n τ/(1 + 5.6 τ) G_D, τ = Q²/4M². Axial dipole with M_A = 1.026 GeV (V. Bernard,
# L. Elouadrhiri, U.-G. Meißner, J. Phys. G 28 (2002) R1, world average of ν scattering).
DIPOLE_MASS_SQ = 0.71 * GeV**2
GALSTER_B = 5.6
AXIAL_MASS = 1.026 * GeV
# ⁴He charge form factor from elastic electron scattering, F_ch(q) = [1 − (a q)¹²] exp(−b² q²),
# a = 0.316 fm, b = 0.681 fm (R. F. Frosch, J. S. McCarthy, R. E. Rand, M. R. Yearian, Phys. Rev. 160
# (1967) 874); its first zero is at q = 1/a = 3.16 fm⁻¹.
HE4_A = 0.316 * fermi
HE4_B = 0.681 * fermi
#: Largest quadrature order of a tabulated density (bounds the memory of one evaluation chunk).
MAX_NODES = 100_000
#: Largest radii × q grid of one density inversion (8e7 doubles, 640 MB).
MAX_GRID_PRODUCT = 80_000_000
#: Largest proton or neutron number accepted.
MAX_NUCLEONS = 300


def _wave_number(q):
    """q [energy] → q/ħc [1/length]."""
    return np.asarray(q, dtype=float) / hbarc


def _check_q(q, validate: bool):
    return _validate.non_negative("momentum_transfer", q) if validate else np.asarray(q, dtype=float)


class _FormFactor:
    """Shared behaviour: evaluation with validation, replace, rms radius."""

    def __call__(self, q, *, validate: bool = True):
        return self._evaluate(_wave_number(_check_q(q, validate)))

    def of_wave_number(self, k):
        """F at wave numbers k = q/ħc ≥ 0 [1/length], unchecked (the hot path of the cross sections)."""
        return self._evaluate(k)

    def replace(self, **changes):
        return replace(self, **changes)


def _positive_length(name, value):
    return _validate.positive_scalar(name, value, unit="fm", unit_value=fermi)


@dataclass(frozen=True)
class Unity(_FormFactor):
    """F(q) = 1: a point-like nucleus (full coherence)."""

    def _evaluate(self, k):
        return np.ones_like(k)

    @property
    def rms_radius(self) -> float:
        return 0.0


@dataclass(frozen=True)
class Helm(_FormFactor):
    """Helm form factor: a uniform sphere of radius R folded with a Gaussian of width s.

    F(q) = 3 j₁(qR)/(qR) · exp(−q²s²/2), rms radius² = (3/5) R² + 3 s².

    Parameters
    ----------
    box_radius : float [length]
        R (``r_n`` of Lewin & Smith).
    surface_thickness : float [length]
        s, default 0.9 fm.

    References
    ----------
    R. H. Helm, Phys. Rev. 104 (1956) 1466; J. D. Lewin, P. F. Smith, Astropart. Phys. 6 (1996) 87.
    """

    box_radius: float
    surface_thickness: float = HELM_SKIN

    def __post_init__(self):
        _positive_length("box_radius", self.box_radius)
        _validate.non_negative_scalar("surface_thickness", self.surface_thickness, unit="fm", unit_value=fermi)

    @classmethod
    def lewin_smith(cls, mass_number: int) -> Helm:
        """Lewin & Smith's parameterisation: R² = c² + (7/3)π²a² − 5s², c = 1.23 A^(1/3) − 0.60 fm."""
        c = HELM_C_SLOPE * mass_number ** (1.0 / 3.0) + HELM_C_OFFSET
        return cls(np.sqrt(c * c + 7.0 / 3.0 * np.pi**2 * HELM_DIFFUSENESS**2 - 5.0 * HELM_SKIN**2))

    @classmethod
    def from_rms_radius(cls, rms_radius: float, surface_thickness: float = HELM_SKIN) -> Helm:
        """The Helm model with a given rms radius (and surface thickness)."""
        r = _positive_length("rms_radius", rms_radius)
        box_sq = 5.0 / 3.0 * (r * r - 3.0 * surface_thickness**2)
        if box_sq <= 0:
            raise OutOfDomainError(
                f"rms_radius={r / fermi:g} fm is too small for surface_thickness={surface_thickness / fermi:g} fm: "
                f"rms_radius must be > sqrt(3)·s = {np.sqrt(3) * surface_thickness / fermi:g} fm")
        return cls(float(np.sqrt(box_sq)), surface_thickness)

    @property
    def rms_radius(self) -> float:
        return float(np.sqrt(0.6 * self.box_radius**2 + 3.0 * self.surface_thickness**2))

    def _evaluate(self, k):
        return _helm(k, self.box_radius, self.surface_thickness)


def _helm(k, box_radius, surface_thickness):
    """3 j1(kR)/(kR) exp(−k²s²/2), the parameters broadcast with k."""
    gaussian = np.asarray(k * surface_thickness)
    gaussian *= gaussian
    gaussian *= -0.5
    np.exp(gaussian, out=gaussian)
    out = spherical_j1_over_x(k * box_radius)
    out *= gaussian
    return out


@dataclass(frozen=True)
class KleinNystrand(_FormFactor):
    """Klein–Nystrand form factor: a hard sphere folded with a Yukawa potential of range a_k.

    F(q) = 3 j₁(qR_A)/(qR_A) · 1/(1 + q²a_k²), rms radius² = (3/5) R_A² + 6 a_k².

    References
    ----------
    S. Klein, J. Nystrand, Phys. Rev. C 60 (1999) 014903.
    """

    radius: float
    yukawa_range: float = KN_RANGE

    def __post_init__(self):
        _positive_length("radius", self.radius)
        _validate.non_negative_scalar("yukawa_range", self.yukawa_range, unit="fm", unit_value=fermi)

    @classmethod
    def for_mass_number(cls, mass_number: int) -> KleinNystrand:
        """R_A = 1.2 A^(1/3) fm, a_k = 0.7 fm."""
        return cls(KN_RADIUS_SLOPE * mass_number ** (1.0 / 3.0))

    @classmethod
    def from_rms_radius(cls, rms_radius: float, yukawa_range: float = KN_RANGE) -> KleinNystrand:
        r = _positive_length("rms_radius", rms_radius)
        radius_sq = 5.0 / 3.0 * (r * r - 6.0 * yukawa_range**2)
        if radius_sq <= 0:
            raise OutOfDomainError(f"rms_radius={r / fermi:g} fm must be > sqrt(6)·a_k = "
                                   f"{np.sqrt(6) * yukawa_range / fermi:g} fm")
        return cls(float(np.sqrt(radius_sq)), yukawa_range)

    @property
    def rms_radius(self) -> float:
        return float(np.sqrt(0.6 * self.radius**2 + 6.0 * self.yukawa_range**2))

    def _evaluate(self, k):
        a = k * self.yukawa_range
        return spherical_j1_over_x(k * self.radius) / (1.0 + a * a)


@dataclass(frozen=True)
class SymmetrizedFermi(_FormFactor):
    """Symmetrized Fermi distribution ρ(r) ∝ sinh(c/a)/[cosh(r/a) + cosh(c/a)], with its exact transform.

    F(q) = 3/(qc[(qc)² + (πqa)²]) · πqa/sinh(πqa) · [πqa/tanh(πqa) sin(qc) − qc cos(qc)],
    rms radius² = (3/5) c² + (7/5) π² a².

    References
    ----------
    D. W. L. Sprung, J. Martorell, J. Phys. A 30 (1997) 6525; J. Piekarewicz et al., PRC 94 (2016) 034316.
    """

    half_density_radius: float
    diffuseness: float = HELM_DIFFUSENESS

    def __post_init__(self):
        _positive_length("half_density_radius", self.half_density_radius)
        _positive_length("diffuseness", self.diffuseness)

    @classmethod
    def for_mass_number(cls, mass_number: int) -> SymmetrizedFermi:
        """c = 1.23 A^(1/3) − 0.60 fm, a = 0.52 fm (the Lewin–Smith Fermi parameters)."""
        return cls(HELM_C_SLOPE * mass_number ** (1.0 / 3.0) + HELM_C_OFFSET)

    @classmethod
    def from_rms_radius(cls, rms_radius: float, diffuseness: float = HELM_DIFFUSENESS) -> SymmetrizedFermi:
        r = _positive_length("rms_radius", rms_radius)
        c_sq = 5.0 / 3.0 * (r * r - 7.0 / 5.0 * np.pi**2 * diffuseness**2)
        if c_sq <= 0:
            raise OutOfDomainError(f"rms_radius={r / fermi:g} fm is too small for diffuseness "
                                   f"{diffuseness / fermi:g} fm")
        return cls(float(np.sqrt(c_sq)), diffuseness)

    @property
    def rms_radius(self) -> float:
        return float(np.sqrt(0.6 * self.half_density_radius**2 + 1.4 * np.pi**2 * self.diffuseness**2))

    def density(self, r):
        """Normalised density ρ(r) with 4π∫ρ r² dr = 1 [1/length³]."""
        c, a = self.half_density_radius, self.diffuseness
        r = np.asarray(r, dtype=float)
        norm = 4.0 * np.pi / 3.0 * c * (c * c + np.pi**2 * a * a)
        # sinh(c/a)/(cosh(r/a) + cosh(c/a)) written to avoid overflow for c/a ≫ 1
        x, y = r / a, c / a
        ratio = (1.0 - np.exp(-2.0 * y)) / (np.exp(x - y) * (1.0 + np.exp(-2.0 * x)) + 1.0 + np.exp(-2.0 * y))
        return ratio / norm

    def _evaluate(self, k):
        c, a = self.half_density_radius, self.diffuseness
        qc, pqa = k * c, np.pi * k * a
        small = pqa < 1e-3
        safe_qc = np.where(small, 1.0, qc)
        safe_pqa = np.where(small, 1.0, pqa)
        damping = 2.0 * safe_pqa * np.exp(-safe_pqa) / (1.0 - np.exp(-2.0 * safe_pqa))  # πqa/sinh(πqa), no overflow
        exact = (3.0 / (safe_qc * (safe_qc**2 + safe_pqa**2)) * damping
                 * (safe_pqa / np.tanh(safe_pqa) * np.sin(safe_qc) - safe_qc * np.cos(safe_qc)))
        # series F ≈ 1 − q²R²/6 + q⁴⟨r⁴⟩/120 at small q, ⟨r⁴⟩ = (3/7)c⁴ + (18/7)π²a²c² + (31/7)π⁴a⁴
        r2 = 0.6 * c * c + 1.4 * np.pi**2 * a * a
        r4 = (3.0 * c**4 + 18.0 * np.pi**2 * a * a * c * c + 31.0 * np.pi**4 * a**4) / 7.0
        series = 1.0 - k * k * r2 / 6.0 + k**4 * r4 / 120.0
        return np.where(small, series, exact)


@dataclass(frozen=True, eq=False)
class TabulatedDensity(_FormFactor):
    """Form factor of a tabulated spherical density ρ(r), F(q) = ∫ρ j₀(qr) r² dr / ∫ρ r² dr.

    The density is interpolated linearly and integrated with Gauss–Legendre quadrature on
    ``[0, max(radii)]``; it must vanish at the last radius.

    Parameters
    ----------
    radii : array_like [length]
    density : array_like
        Any normalisation.
    nodes : int
        Quadrature nodes (default 400: F is exact to < 1e-6 for smooth densities up to qR ~ 20).
    """

    radii: np.ndarray
    density: np.ndarray
    nodes: int = 400

    def __post_init__(self):
        _validate.check_count("nodes", self.nodes, minimum=8, maximum=MAX_NODES)
        r = _validate.non_negative("radii", self.radii, unit="fm", unit_value=fermi)
        rho = _validate.as_array("density", self.density)
        if r.ndim != 1 or r.shape != rho.shape or r.size < 3 or np.any(np.diff(r) <= 0):
            raise OutOfDomainError("radii must be a strictly increasing 1-d array (>= 3 points) of the shape of density")
        object.__setattr__(self, "radii", r)
        object.__setattr__(self, "density", rho)

    @cached_property
    def _quadrature(self):
        r, w = gauss_legendre(0.0, self.radii[-1], self.nodes)
        weight = w * np.interp(r, self.radii, self.density) * r * r
        total = weight.sum()
        if not total > 0:
            raise OutOfDomainError("density must have a positive integral ∫ρ r² dr")
        return r, weight / total

    @property
    def rms_radius(self) -> float:
        r, w = self._quadrature
        return float(np.sqrt(w @ (r * r)))

    def _evaluate(self, k):
        r, w = self._quadrature
        flat = k.reshape(-1)
        out = np.empty_like(flat)
        for start in range(0, flat.size, 4096):  # bounded memory: 4096 × nodes at a time
            chunk = flat[start:start + 4096]
            out[start:start + 4096] = spherical_j0(chunk[:, None] * r[None, :]) @ w
        return out.reshape(k.shape)


@dataclass(frozen=True, eq=False)
class FourierBessel(_FormFactor):
    """Model-independent Fourier–Bessel density ρ(r) = Σ_ν a_ν j₀(νπr/R) for r ≤ R, 0 beyond.

    Parameters
    ----------
    cutoff_radius : float [length]
        R.
    coefficients : array_like
        a_ν, ν = 1, 2, ... (any normalisation).

    References
    ----------
    B. Dreher et al., Nucl. Phys. A 235 (1974) 219; H. de Vries et al., At. Data Nucl. Data Tables 36 (1987) 495.
    """

    cutoff_radius: float
    coefficients: tuple
    nodes: int = 400

    def __post_init__(self):
        _positive_length("cutoff_radius", self.cutoff_radius)
        _validate.check_count("nodes", self.nodes, minimum=8, maximum=MAX_NODES)
        object.__setattr__(self, "coefficients", tuple(_validate.as_array("coefficients", self.coefficients).ravel()))

    def density(self, r):
        r = np.asarray(r, dtype=float)
        nu = np.arange(1, len(self.coefficients) + 1)
        terms = spherical_j0(np.pi * nu * r[..., None] / self.cutoff_radius) @ np.asarray(self.coefficients)
        return np.where(r <= self.cutoff_radius, terms, 0.0)

    @cached_property
    def _tabulated(self) -> TabulatedDensity:
        r = np.linspace(0.0, self.cutoff_radius, 2001)
        return TabulatedDensity(r, self.density(r), self.nodes)

    @property
    def rms_radius(self) -> float:
        return self._tabulated.rms_radius

    def _evaluate(self, k):
        return self._tabulated._evaluate(k)


def _dipole(k, mass_sq):
    """(1 + q²/Λ²)⁻² at wave number k, Λ² an energy²."""
    return 1.0 / (1.0 + k * k * (hbarc * hbarc / mass_sq)) ** 2


def _sachs(k):
    """(G_E^p, G_M^p, G_E^n, G_M^n, τ) at wave number k (dipole and Galster, see module constants)."""
    from .. import constants

    nucleon = 0.5 * (constants.proton_mass + constants.neutron_mass)
    tau = (k * hbarc) ** 2 / (4.0 * nucleon * nucleon)
    gd = _dipole(k, DIPOLE_MASS_SQ)
    mu_p, mu_n = constants.magnetic_moment_proton, constants.magnetic_moment_neutron
    return gd, mu_p * gd, -mu_n * tau / (1.0 + GALSTER_B * tau) * gd, mu_n * gd, tau


@dataclass(frozen=True)
class NucleonVector(_FormFactor):
    """Shape of the proton's neutral-current Dirac form factor, F(q) = F₁^{Z,p}(Q²)/F₁^{Z,p}(0).

    F₁^{Z,p} = (1/2 − 2 sin²θ_W) F₁^p − F₁^n/2 (strange vector form factor taken as 0), F₁ = (G_E + τ G_M)/(1 + τ)
    with dipole and Galster Sachs form factors (module constants); Q² ≈ q² (they differ by T² ≲ 1e-3 q²).
    The Pauli (F₂) terms of the free-nucleon cross section are not part of the coherent formula and are
    neglected: they enter at O(Q²/4M²) ≲ 0.3% below E = 50 MeV.
    """

    sin2_theta_w: float = 0.23857  # PDG 2024 low-energy value (tree-level shape)

    def _evaluate(self, k):
        ge_p, gm_p, ge_n, gm_n, tau = _sachs(k)
        f1_p = (ge_p + tau * gm_p) / (1.0 + tau)
        f1_n = (ge_n + tau * gm_n) / (1.0 + tau)
        g_v = 0.5 - 2.0 * self.sin2_theta_w
        return (g_v * f1_p - 0.5 * f1_n) / g_v

    @property
    def rms_radius(self) -> float:
        """sqrt(−6 dF/dq²) at 0: 6[2/Λ² − (μ_p − 1)/4M²] (F₁^n has zero slope with Galster's G_E^n)."""
        from .. import constants

        nucleon = 0.5 * (constants.proton_mass + constants.neutron_mass)
        slope = 2.0 / DIPOLE_MASS_SQ - (constants.magnetic_moment_proton - 1.0) / (4.0 * nucleon**2)
        return float(hbarc * np.sqrt(6.0 * slope))


@dataclass(frozen=True)
class AxialDipole(_FormFactor):
    """Nucleon axial form factor G_A(Q²)/g_A = (1 + Q²/M_A²)⁻², M_A = 1.026 GeV (Bernard et al. 2002)."""

    axial_mass: float = AXIAL_MASS

    def _evaluate(self, k):
        return _dipole(k, self.axial_mass**2)

    @property
    def rms_radius(self) -> float:
        return float(hbarc * np.sqrt(12.0) / self.axial_mass)


@dataclass(frozen=True)
class HeliumFour(_FormFactor):
    """⁴He point-nucleon form factor: the measured charge form factor over the nucleons' charge form factors.

    F(q) = F_ch(q)/[G_E^p(q) + G_E^n(q)] (Z = N, equal proton and neutron densities) with F_ch of Frosch et al.
    (module constants); rms radius² = 6b² − r_p² − r_n² (dipole and Galster slopes).
    """

    def _evaluate(self, k):
        ge_p, _, ge_n, _, _ = _sachs(k)
        charge = (1.0 - (HE4_A * k) ** 12) * np.exp(-((HE4_B * k) ** 2))
        return charge / (ge_p + ge_n)

    @property
    def rms_radius(self) -> float:
        from .. import constants

        nucleon = 0.5 * (constants.proton_mass + constants.neutron_mass)
        proton_sq = 12.0 * hbarc**2 / DIPOLE_MASS_SQ
        neutron_sq = 6.0 * constants.magnetic_moment_neutron * hbarc**2 / (4.0 * nucleon**2)  # r_n² < 0
        return float(np.sqrt(6.0 * HE4_B**2 - proton_sq - neutron_sq))


# ------------------------------------------------------------------------------------- registry
#: Registered models: name → factory(mass_number) giving the standard parameterisation of a nucleus.
FORM_FACTORS = {
    "helm": Helm.lewin_smith,
    "klein-nystrand": KleinNystrand.for_mass_number,
    "symmetrized-fermi": SymmetrizedFermi.for_mass_number,
    "unity": lambda mass_number: Unity(),
}


def form_factor(name_or_model, isotope=None):
    """Resolve a form-factor name for a nucleus (``form_factor("helm", iso)``), or pass a model through.

    Light targets where a nuclear parameterisation has no meaning get measured ones: for a single proton
    (H1) every name but ``"unity"`` gives the nucleon's NC vector form factor (:class:`NucleonVector`), and
    ``"helm"`` on ⁴He gives the form factor from its measured charge form factor (:class:`HeliumFour`).
    """
    if isinstance(name_or_model, _FormFactor):
        return name_or_model
    _validate.choice("form factor", name_or_model, FORM_FACTORS)
    if isotope is None:
        raise OutOfDomainError(f"form factor {name_or_model!r} needs the isotope it describes")
    return _standard_model(name_or_model, isotope.Z, isotope.A)


def axial_form_factor(spec, isotope):
    """The axial form factor of a free-nucleon target for a registered name (:class:`AxialDipole`), else None.

    For nuclei the axial part follows the odd nucleon species' density (see the cross section).
    """
    if isotope.A == 1 and isinstance(spec, str) and spec != "unity" and spec in FORM_FACTORS:
        return _standard_axial()


@cache
def _standard_axial():
    return AxialDipole()


@cache
def _standard_model(name: str, Z: int, mass_number: int):
    """The registered model of a nucleus, built and validated once per (name, Z, A): models are immutable."""
    if (Z, mass_number) == (1, 1) and name != "unity":
        return NucleonVector()
    if (Z, mass_number) == (2, 4) and name == "helm":
        return HeliumFour()
    return FORM_FACTORS[name](mass_number)


def on_rows(models, k) -> np.ndarray:
    """F of model ``models[i]`` at the wave numbers ``k[i]`` (k shaped (models, n), ≥ 0, unchecked): one evaluation
    for all rows where the models are one, or all Helm (their parameters broadcast), else one per row."""
    first = models[0]
    if all(model is first for model in models):
        return first.of_wave_number(k)
    if all(type(model) is Helm for model in models):
        return _helm(k, np.array([[m.box_radius] for m in models]), np.array([[m.surface_thickness] for m in models]))
    return np.array([model.of_wave_number(k_i) for model, k_i in zip(models, k)])


def nucleon_form_factors(spec, isotope):
    """(proton, neutron) form-factor models of a nucleus from a user's specification.

    ``spec`` may be a name or a model (used for both), a pair ``(proton, neutron)`` or a mapping with keys
    ``"proton"`` and ``"neutron"`` (names or models), or a callable ``spec(isotope)`` returning any of these.
    """
    if callable(spec) and not isinstance(spec, _FormFactor):
        spec = spec(isotope)
    if isinstance(spec, dict):
        unknown = set(spec) - {"proton", "neutron"}
        if unknown or len(spec) != 2:
            raise OutOfDomainError(f"a form-factor mapping needs exactly the keys 'proton' and 'neutron', got {sorted(spec)}")
        spec = (spec["proton"], spec["neutron"])
    if isinstance(spec, (tuple, list)):
        if len(spec) != 2:
            raise OutOfDomainError(f"a form-factor pair must be (proton, neutron), got {len(spec)} entries")
        return form_factor(spec[0], isotope), form_factor(spec[1], isotope)
    model = form_factor(spec, isotope)
    return model, model


def point_proton_radius(charge_radius: float, Z: int, N: int) -> float:
    """Point-proton rms radius from the charge radius [length].

    R_p² = R_ch² − r_p² − (N/Z) r_n² − 3/(4 m_p²) (Darwin–Foldy term in units with ħ = c = 1).

    References
    ----------
    J. Friar, J. Martorell, D. W. L. Sprung, PRA 56 (1997) 4579; PREX, PRL 126 (2021) 172502.
    """
    from .. import constants

    for name, value, low in (("Z", Z, 1), ("N", N, 0)):
        _validate.check_count(name, value, minimum=low, maximum=MAX_NUCLEONS)
    r_ch = _positive_length("charge_radius", charge_radius)
    darwin_foldy = 0.75 * (hbarc / constants.proton_mass) ** 2
    value = r_ch**2 - PROTON_CHARGE_RADIUS_SQ - N / Z * NEUTRON_CHARGE_RADIUS_SQ - darwin_foldy
    if value <= 0:
        raise OutOfDomainError(f"charge_radius={r_ch / fermi:g} fm is smaller than the proton's own radius")
    return float(np.sqrt(value))


def neutron_skin(neutron_rms_radius: float, isotope) -> float:
    """Neutron skin ΔR_np = R_n − R_p [length], with R_p the point-proton radius from the measured charge radius.

    ``isotope`` is an Isotope or its name.
    """
    from ..nuclei import Isotope, isotope as find_isotope

    isotope = isotope if isinstance(isotope, Isotope) else find_isotope(isotope)
    if isotope.charge_radius is None:
        raise OutOfDomainError(f"{isotope.name} has no measured charge radius in the nuclear table")
    r_n = _positive_length("neutron_rms_radius", neutron_rms_radius)
    return r_n - point_proton_radius(isotope.charge_radius, isotope.Z, isotope.N)


def density_from_form_factor(momentum_transfer, values, radii):
    """Invert a form factor sampled on a q grid to the normalised density ρ(r) (4π∫ρ r² dr = 1).

    ρ(r) = 1/(2π²) ∫ F(q) j₀(qr) q² dq, evaluated with the trapezoidal rule on the given grid. The grid
    must extend to where F has fallen to ~0 (truncation gives ripples of wavelength 2π/q_max).

    Parameters
    ----------
    momentum_transfer : array_like [energy]
        Increasing grid starting at (or near) 0.
    values : array_like
        F on that grid.
    radii : array_like [length]

    Returns
    -------
    ndarray [1/length³]
    """
    q = _validate.non_negative("momentum_transfer", momentum_transfer)
    F = _validate.as_array("values", values)
    if q.ndim != 1 or q.shape != F.shape or np.any(np.diff(q) <= 0):
        raise OutOfDomainError("momentum_transfer must be an increasing 1-d grid of the shape of values")
    k = _wave_number(q)
    r = _validate.non_negative("radii", radii, unit="fm", unit_value=fermi)
    if r.size * k.size > MAX_GRID_PRODUCT:
        raise OutOfDomainError(f"radii ({r.size}) × momentum_transfer ({k.size}) points must be <= "
                               f"{MAX_GRID_PRODUCT:g}; evaluate fewer radii at a time")
    integrand = F * k * k * spherical_j0(r[..., None] * k)
    from scipy.integrate import trapezoid

    return trapezoid(integrand, k, axis=-1) / (2.0 * np.pi**2)
