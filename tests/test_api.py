"""The public surface of the top-level package is pinned."""

import cevns


def test_public_names():
    expected = {
        "__version__", "Couplings", "Isotope", "Material", "differential_cross_section", "element", "form_factor",
        "isotope", "material", "momentum_transfer", "neutrino_energy_min", "recoil_energy_max",
        "total_cross_section", "weak_charge",
    }
    assert set(cevns.__all__) == expected
    for name in expected - {"__version__"}:
        assert callable(getattr(cevns, name)), name
