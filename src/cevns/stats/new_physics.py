"""Fit parameters that drive a new-physics model: which interaction a likelihood evaluates at each point.

A :class:`NewPhysics` is a family of :mod:`cevns.physics.interactions` models with named fit parameters (a mediator
``mass`` and ``coupling``, NSI ``eps_ee_u`` ...). Give one (or its name in :data:`FAMILIES`) to a likelihood model,
``cevns.stats.model("coherent-csi-2021", new_physics="vector-universal")``: its parameters join the model's, fixed
at the Standard Model (couplings 0) until a fit asks for them, and every evaluation builds the interaction from
their values. Parameters are in the units the field quotes: masses in MeV, magnetic moments in 10⁻¹⁰ μ_B,
charge radii in 10⁻³² cm².
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .._validate import choice
from ..physics.interactions import NSI, ChargeRadius, MagneticMoment, ScalarMediator, VectorMediator
from ..units import MeV, cm
from .likelihood import Parameter

__all__ = ["NewPhysics", "FAMILIES", "new_physics"]

#: Unit of the magnetic-moment fit parameters, in Bohr magnetons.
MAGNETIC_MOMENT_UNIT = 1e-10
#: Unit of the charge-radius fit parameters [area].
CHARGE_RADIUS_UNIT = 1e-32 * cm**2


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
    """

    name: str
    build: Callable
    parameters: tuple
    scanned: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    def interaction(self, values: dict):
        """The interaction at the fit-parameter values ``values`` (a mapping with at least :attr:`names`)."""
        return self.build(**{name: values[name] for name in self.names})


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


#: Families by name: light mediators (``mass`` [MeV], ``coupling``), vector NSI with u and d quarks (``eps_ee_u``,
#: ``eps_ee_d``; ``eps_mumu_u``, ``eps_mumu_d``), magnetic moments (``magnetic_moment_e``, ``magnetic_moment_mu``
#: [10⁻¹⁰ μ_B]) and charge radii (``charge_radius_e``, ``charge_radius_mu`` [10⁻³² cm²]).
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
}


def new_physics(family) -> NewPhysics | None:
    """A :class:`NewPhysics` from its name in :data:`FAMILIES` (None and NewPhysics objects pass through)."""
    if family is None or isinstance(family, NewPhysics):
        return family
    return choice("new-physics family", family, FAMILIES)
