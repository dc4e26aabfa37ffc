"""Neutrinos inside a collapsing star: transport cross sections, ion–ion correlations, opacities, trapping.

Coherent scattering on heavy nuclei (σ ∝ N²) dominates the neutrino opacity of a collapsing iron core; once the
diffusion time exceeds the collapse time (near 10¹² g/cm³) the neutrinos are trapped.
"""

from .matter import Composition, GRAM_PER_CM3, composition, parse_density
from .opacity import (CORRELATIONS, diffusion_time, free_fall_time, inverse_mean_free_path, mean_free_path,
                      neutrinosphere_radius, opacity, solar_mass, spectrum_averaged_mean_free_path,
                      trapping_density, trapping_mean_free_path)
from .plasma import debye_huckel_structure_factor, horowitz_transport_structure_factor
from .transport import angular_cross_section, transport_cross_section

__all__ = [
    "Composition", "composition", "parse_density", "GRAM_PER_CM3", "transport_cross_section",
    "angular_cross_section", "debye_huckel_structure_factor", "horowitz_transport_structure_factor",
    "inverse_mean_free_path", "mean_free_path", "opacity", "spectrum_averaged_mean_free_path", "diffusion_time",
    "free_fall_time", "trapping_density", "trapping_mean_free_path", "neutrinosphere_radius", "CORRELATIONS",
    "solar_mass",
]
