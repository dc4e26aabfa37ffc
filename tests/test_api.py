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


def test_sources_and_oscillations_surfaces():
    from cevns import oscillations, sources

    assert {"Flux", "Normalization", "TabulatedFlux", "available", "get", "describe"} <= set(sources.__all__)
    assert all(hasattr(sources, name) for name in sources.__all__)
    assert {"solar_component", "solar_probability", "supernova_probability", "MixingParameters"} <= set(
        oscillations.__all__)
    assert all(hasattr(oscillations, name) for name in oscillations.__all__)
