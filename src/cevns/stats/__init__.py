"""From counts to inference: binned Poisson likelihoods of the packaged data releases, fits and intervals.

``model(name)`` builds the likelihood model of a release (``cevns.datasets``); :func:`fit`, :func:`profile` and
:func:`significance` use iminuit on its cost (a sum of ``ExtendedBinnedNLL`` and ``NormalConstraint`` terms).
``model(name, new_physics=family)`` adds the parameters of a new-physics family (:mod:`.new_physics`), and
:mod:`.limits` turns them into exclusion curves, allowed ranges and regions.
"""

from .coherent import (CoherentModel, arrival_time_fractions, neutron_radius_form_factor,
                       neutron_radius_spectrum_fit)
from .fit import FitResult, ProfileScan, fit, matching, minuit, profile, profile_scan, significance, toys
from .likelihood import BinnedModel, CombinedModel, Parameter, interpolate_shape
from .limits import AllowedRegion, ExclusionCurve, Interval, allowed_region, coupling_limits, interval
from .models import model
from .new_physics import FAMILIES, NewPhysics
from .xenon import XenonModel

__all__ = ["BinnedModel", "CoherentModel", "CombinedModel", "FitResult", "Parameter", "ProfileScan", "XenonModel", "arrival_time_fractions", "fit",
           "interpolate_shape", "matching", "minuit", "model", "neutron_radius_form_factor", "neutron_radius_spectrum_fit",
           "profile", "profile_scan", "significance", "toys", "AllowedRegion", "ExclusionCurve", "FAMILIES", "Interval",
           "NewPhysics", "allowed_region", "coupling_limits", "interval"]
