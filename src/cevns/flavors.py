"""Neutrino flavors: the six names used everywhere in `cevns`."""

from __future__ import annotations

from .errors import UnknownNameError

#: The six neutrino species, in the order used on every flavor axis.
FLAVORS = ("nu_e", "nu_mu", "nu_tau", "nubar_e", "nubar_mu", "nubar_tau")

_ALIASES = {
    **{f: f for f in FLAVORS},
    "e": "nu_e", "mu": "nu_mu", "tau": "nu_tau",
    "ve": "nu_e", "vmu": "nu_mu", "vtau": "nu_tau",
    "vebar": "nubar_e", "vmubar": "nubar_mu", "vtaubar": "nubar_tau",
    "nu_e_bar": "nubar_e", "nu_mu_bar": "nubar_mu", "nu_tau_bar": "nubar_tau",
    "anti_nu_e": "nubar_e", "anti_nu_mu": "nubar_mu", "anti_nu_tau": "nubar_tau",
}


def check_flavor(flavor: str) -> str:
    """Return the canonical flavor name (one of :data:`FLAVORS`) or raise naming the allowed ones.

    Names are read ignoring case and surrounding spaces, and common aliases are accepted:

    >>> check_flavor("NU_E"), check_flavor("vmubar"), check_flavor(" nubar_tau ")
    ('nu_e', 'nubar_mu', 'nubar_tau')
    """
    if isinstance(flavor, str):
        canonical = _ALIASES.get(flavor) or _ALIASES.get(flavor.strip().lower())
        if canonical is not None:
            return canonical
    raise UnknownNameError("flavor", flavor, FLAVORS)


def is_antineutrino(flavor: str) -> bool:
    """True for ν̄_e, ν̄_μ, ν̄_τ."""
    return check_flavor(flavor).startswith("nubar")


def lepton(flavor: str) -> str:
    """The charged lepton of a flavor: 'e', 'mu' or 'tau'."""
    return check_flavor(flavor).split("_")[1]
