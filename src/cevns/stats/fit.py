"""Fits of nuclear structure to CEvNS counts: the neutron rms radius."""

from __future__ import annotations


from ..errors import OptionalDependencyError, OutOfDomainError
from ..physics.form_factors import Helm, point_proton_radius
from ..units import fermi
from .likelihood import PoissonCost

__all__ = ["neutron_radius_form_factor", "fit_neutron_radius"]


def neutron_radius_form_factor(radius_n: float):
    """Form-factor specification for every isotope: Helm protons at the measured point-proton radius, Helm
    neutrons at the rms radius ``radius_n`` [length] (one radius shared by all isotopes, as COHERENT fits CsI)."""
    neutron = Helm.from_rms_radius(radius_n)

    def spec(isotope):
        if isotope.charge_radius is None:
            raise OutOfDomainError(f"{isotope.name} has no measured charge radius for its proton distribution")
        proton = Helm.from_rms_radius(point_proton_radius(isotope.charge_radius, isotope.Z, isotope.N))
        return proton, neutron

    return spec


def fit_neutron_radius(experiment, observed, *, start=5.0 * fermi, flux_sigma: float | None = None) -> dict:
    """Maximum-likelihood neutron rms radius from binned counts, with an optional flux-normalisation nuisance.

    Parameters
    ----------
    experiment : cevns.experiments.Experiment
    observed : array_like
        Counts in the experiment's bins.
    start : float [length]
    flux_sigma : float, optional
        Relative uncertainty of the flux normalisation (e.g. 0.1); without it the flux is fixed.

    Returns
    -------
    dict with ``radius_n`` and ``radius_n_error`` [length], ``flux_norm`` (and error), ``deviance``,
    ``valid``.
    """
    try:
        from iminuit import Minuit
    except ImportError:
        raise OptionalDependencyError("fit_neutron_radius", "iminuit", "fit") from None
    prediction = experiment.prediction

    def model(radius_n, flux_norm=1.0):
        return prediction.counts(form_factor=neutron_radius_form_factor(radius_n), flux_norm=flux_norm).sum(axis=(0, 1))

    parameters = {"radius_n": start / fermi}
    constraints = {}
    if flux_sigma is not None:
        parameters["flux_norm"] = 1.0
        constraints["flux_norm"] = (1.0, flux_sigma)
    cost = PoissonCost(observed, lambda radius_n, **rest: model(radius_n * fermi, **rest), parameters, constraints)
    minuit = Minuit(cost, *parameters.values(), name=cost.names)
    minuit.limits["radius_n"] = (2.0, 10.0)  # fm: Helm needs R > sqrt(3)·0.9 fm; heavy nuclei have 4–7 fm
    minuit.migrad()
    minuit.hesse()
    result = {"radius_n": minuit.values["radius_n"] * fermi, "radius_n_error": minuit.errors["radius_n"] * fermi,
              "deviance": float(minuit.fval), "valid": bool(minuit.valid)}
    if flux_sigma is not None:
        result["flux_norm"] = minuit.values["flux_norm"]
        result["flux_norm_error"] = minuit.errors["flux_norm"]
    return result
