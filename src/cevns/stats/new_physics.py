"""Fit parameters that drive a new-physics model: which interaction a likelihood evaluates at each point.

A :class:`NewPhysics` is a family of :mod:`cevns.physics.interactions` models with named fit parameters (a mediator
``mass`` and ``coupling``, NSI ``eps_ee_u``, a sterile state's ``delta_m2_41`` and ``sin2_2theta`` ...). Give one
(or its name in :data:`FAMILIES`) to a likelihood model,
``cevns.stats.model("coherent-csi-2021", new_physics="vector-universal")``: its parameters join the model's, fixed
at the Standard Model (couplings 0) until a fit asks for them, and every evaluation builds the interaction from
their values. Parameters are in the units the field quotes: masses in MeV, magnetic moments in 10⁻¹⁰ μ_B,
charge radii in 10⁻³² cm², Δm²₄₁ in eV².
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import math

from .._validate import choice
from ..errors import OutOfDomainError
from ..physics.interactions import NSI, ChargeRadius, MagneticMoment, ScalarMediator, SterileNeutrino, VectorMediator
from ..units import MeV, cm, eV, m
from .likelihood import Parameter

__all__ = ["NewPhysics", "FAMILIES", "new_physics"]

#: Unit of the magnetic-moment fit parameters, in Bohr magnetons.
MAGNETIC_MOMENT_UNIT = 1e-10
#: Unit of the charge-radius fit parameters [area].
CHARGE_RADIUS_UNIT = 1e-32 * cm**2
#: Full width [length] of the uniform distribution of path lengths around the source–detector distance over which a
#: sterile oscillation is averaged (in closed form, :class:`~cevns.physics.interactions.SterileNeutrino`). An
#: assumption of this package, of the order of the SNS mercury target and a COHERENT detector along the line of
#: sight (each a few tens of cm); it matters only where Δm²₄₁ L/4E changes by ~1 over it (Δm²₄₁ ≳ 10 eV²).
BASELINE_SPREAD = 1.0 * m


@dataclass(frozen=True)
class NewPhysics:
    """A family of interaction models driven by fit parameters.

    Attributes
    ----------
    name : str
    build : callable
        ``build(**values)`` → :class:`cevns.physics.interactions.Interaction`, values in the parameters' units.
    parameters : tuple of Parameter
        Fit parameters, all fixed by default (at the Standard Model: couplings 0).
    scanned : str or None
        The parameter a limit scans over (a mediator ``mass``), if any.
    needs_distance : bool
        ``build`` also takes the source–detector ``distance`` [length] (oscillations).
    """

    name: str
    build: Callable
    parameters: tuple
    scanned: str | None = None
    needs_distance: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    def interaction(self, values: dict, source=None):
        """The interaction at the fit-parameter values ``values`` (a mapping with at least :attr:`names`);
        ``source`` is the experiment's flux, whose ``distance`` a family with :attr:`needs_distance` uses."""
        values = {name: values[name] for name in self.names}
        if not self.needs_distance:
            return self.build(**values)
        distance = getattr(source, "distance", None)
        if distance is None:
            raise OutOfDomainError(f"new-physics family {self.name!r} needs a source at a known distance (a "
                                   "stopped-pion data set); this data set's source has none")
        return self.build(**values, distance=distance)


def _mediator(name: str, factory) -> NewPhysics:
    return NewPhysics(name, lambda mass, coupling: factory(mass * MeV, coupling),
                      (Parameter("mass", 10.0, (1e-6, 1e5), fixed=True, unit="MeV"),
                       Parameter("coupling", 0.0, (0.0, 1.0), fixed=True)), scanned="mass")


def _nsi(flavor: str) -> NewPhysics:
    key = flavor * 2 if flavor == "e" else "mumu"
    return NewPhysics(f"nsi-{key}",
                      lambda **eps: NSI(up={key: eps[f"eps_{key}_u"]}, down={key: eps[f"eps_{key}_d"]}),
                      tuple(Parameter(f"eps_{key}_{q}", 0.0, (-5.0, 5.0), fixed=True) for q in "ud"))


def _per_flavor(name: str, model, unit: float, limits: tuple, label: str) -> NewPhysics:
    return NewPhysics(name, lambda **v: model(**{f: v[f"{name.replace('-', '_')}_{f}"] * unit for f in ("e", "mu")}),
                      tuple(Parameter(f"{name.replace('-', '_')}_{f}", 0.0, limits, fixed=True, unit=label)
                            for f in ("e", "mu")))


def _sterile(name: str, mixing: str) -> NewPhysics:
    """3+1 disappearance of one flavor α (``mixing`` = ``ue4_sq`` or ``umu4_sq``, the other |U_β4|² zero):
    ``sin2_2theta`` = sin²2θ_αα = 4|U_α4|²(1 − |U_α4|²), so |U_α4|² = (1 − √(1 − sin²2θ))/2 ≤ 1/2."""
    def build(delta_m2_41, sin2_2theta, distance):
        u = 0.5 * sin2_2theta / (1.0 + math.sqrt(1.0 - sin2_2theta))  # the root above, without cancellation
        return SterileNeutrino(dm2_41=delta_m2_41 * eV**2, baseline=distance, baseline_spread=BASELINE_SPREAD,
                               **{mixing: u})

    return NewPhysics(name, build, (Parameter("delta_m2_41", 1.0, (0.0, 1e3), fixed=True, unit="eV2"),
                                    Parameter("sin2_2theta", 0.0, (0.0, 1.0), fixed=True)), needs_distance=True)


#: Families by name: light mediators (``mass`` [MeV], ``coupling``), vector NSI with u and d quarks (``eps_ee_u``,
#: ``eps_ee_d``; ``eps_mumu_u``, ``eps_mumu_d``), magnetic moments (``magnetic_moment_e``, ``magnetic_moment_mu``
#: [10⁻¹⁰ μ_B]), charge radii (``charge_radius_e``, ``charge_radius_mu`` [10⁻³² cm²]) and a sterile state
#: (``delta_m2_41`` [eV²], ``sin2_2theta``): ``sterile`` (= ``sterile-mu``) is ν_μ and ν̄_μ disappearance through
#: |U_μ4|², ``sterile-e`` ν_e (and ν̄_e) disappearance through |U_e4|² (no appearance: the other U_β4 are zero).
FAMILIES = {
    "vector-universal": _mediator("vector-universal", VectorMediator.universal),
    "vector-b-l": _mediator("vector-b-l", VectorMediator.b_minus_l),
    "vector-lmu-ltau": _mediator("vector-lmu-ltau", VectorMediator.l_mu_minus_l_tau),
    "scalar-universal": _mediator("scalar-universal", ScalarMediator.universal),
    "nsi-ee": _nsi("e"),
    "nsi-mumu": _nsi("mu"),
    "magnetic-moment": _per_flavor("magnetic-moment", MagneticMoment, MAGNETIC_MOMENT_UNIT, (0.0, 1e4),
                                   "1e-10 mu_B"),
    "charge-radius": _per_flavor("charge-radius", ChargeRadius, CHARGE_RADIUS_UNIT, (-500.0, 500.0), "1e-32 cm2"),
    "sterile-mu": _sterile("sterile-mu", "umu4_sq"),
    "sterile-e": _sterile("sterile-e", "ue4_sq"),
}
FAMILIES["sterile"] = FAMILIES["sterile-mu"]


def new_physics(family) -> NewPhysics | None:
    """A :class:`NewPhysics` from its name in :data:`FAMILIES` (None and NewPhysics objects pass through)."""
    if family is None or isinstance(family, NewPhysics):
        return family
    return choice("new-physics family", family, FAMILIES)
