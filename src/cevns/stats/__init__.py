"""From counts to inference: Poisson likelihoods with physics-named parameters, and fits."""

from .likelihood import PoissonCost, poisson_deviance
from .fit import fit_neutron_radius, neutron_radius_form_factor

__all__ = ["PoissonCost", "poisson_deviance", "fit_neutron_radius", "neutron_radius_form_factor"]
