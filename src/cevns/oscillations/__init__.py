"""Which flavor arrives: coherent forward scattering, matter potentials and three-flavor propagation.

Probabilities follow the convention of ``Flux.oscillated``: arrays ``P[..., β, α] = P(ν_α → ν_β)`` with the
flavor order (e, μ, τ), for whole energy arrays at once; the ``*_transition`` functions return callables
``probability(energy, antineutrino=False)``.

Importing this package reads no file; the solar model tables are read on first use.
"""

from .earth import EARTH_RADIUS, earth_chord_layers, nadir_exposure, prem_density, prem_electron_fraction
from .matter import (
    charged_current_potential,
    electron_density,
    hamiltonian,
    mass_splitting_in_matter,
    matter_eigensystem,
    mixing_angle_in_matter,
    neutral_current_potential,
    resonance_density,
)
from .mixing import MixingParameters, mass_squared, nufit60, pmns
from .propagate import (
    Layer,
    constant_amplitude,
    constant_probability,
    layered_amplitude,
    layered_probability,
    probability,
    profile_amplitude,
    profile_probability,
    vacuum_amplitude,
    vacuum_probability,
)
from .sun import (
    SOLAR_COMPONENTS,
    SUN_RADIUS,
    day_night,
    solar_component,
    solar_electron_density,
    solar_mass_state_fractions,
    solar_probability,
    solar_production_distribution,
    solar_survival_probability,
    solar_transition,
)
from .supernova import supernova_probability, supernova_transition


def constant_transition(density, electron_fraction=0.5, *, baseline, params=None):
    """A callable ``probability(energy, antineutrino=False)`` for constant matter; see constant_probability."""
    layers = [Layer(length=baseline, density=density, electron_fraction=electron_fraction)]
    return layered_transition(layers, params=params)


def layered_transition(layers, *, params=None):
    """A callable ``probability(energy, antineutrino=False)`` through layers; see layered_probability."""
    layers = [item if isinstance(item, Layer) else Layer(**dict(zip(
        ("length", "density", "electron_fraction", "neutron_fraction"), item))) for item in layers]

    def transition(energy, antineutrino: bool = False):
        return layered_probability(energy, layers, params=params, antineutrino=antineutrino)

    return transition


def vacuum_transition(baseline, *, params=None):
    """A callable ``probability(energy, antineutrino=False)`` in vacuum; see vacuum_probability."""

    def transition(energy, antineutrino: bool = False):
        return vacuum_probability(energy, baseline, params=params, antineutrino=antineutrino)

    return transition


__all__ = [
    "EARTH_RADIUS", "Layer", "MixingParameters", "SOLAR_COMPONENTS", "SUN_RADIUS",
    "charged_current_potential", "constant_amplitude", "constant_probability", "constant_transition",
    "day_night", "earth_chord_layers", "electron_density", "hamiltonian", "layered_amplitude",
    "layered_probability", "layered_transition", "mass_splitting_in_matter", "mass_squared",
    "matter_eigensystem", "mixing_angle_in_matter", "nadir_exposure", "neutral_current_potential", "nufit60",
    "pmns", "prem_density", "prem_electron_fraction", "probability", "profile_amplitude",
    "profile_probability", "resonance_density", "solar_component", "solar_electron_density",
    "solar_mass_state_fractions",
    "solar_probability", "solar_production_distribution", "solar_survival_probability", "solar_transition",
    "supernova_probability", "supernova_transition", "vacuum_amplitude", "vacuum_probability",
    "vacuum_transition",
]
