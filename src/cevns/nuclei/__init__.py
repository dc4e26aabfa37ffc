"""What is hit: isotopes and target materials."""

from .isotope import Isotope, isotope, odd_group_spins
from .material import Material, as_target, element, isotopes_and_fractions, material

__all__ = ["Isotope", "Material", "isotope", "element", "material", "as_target", "isotopes_and_fractions",
           "odd_group_spins"]
