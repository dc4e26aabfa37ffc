"""The common Flux interface: validation, ranges, sums, scalings and flavor transforms."""

import numpy as np
import pytest

from cevns.errors import InvalidSpecError, OutOfDomainError, UnknownNameError
from cevns.sources import TabulatedFlux, get
from cevns.units import MeV, cm2, m, s

PERMUTATION = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # P[beta, alpha]: e <-> mu


def test_energy_validation():
    f = get("reactor-leibstadt")
    with pytest.raises(OutOfDomainError, match="energy"):
        f.differential(-1 * MeV, "nubar_e")
    with pytest.raises(OutOfDomainError, match="energy"):
        f.differential(np.array([1.0, np.nan]), "nubar_e")
    with pytest.raises(UnknownNameError, match="flavor"):
        f.differential(3 * MeV, "nu_sterile")
    assert f.differential(np.zeros((2, 3)), "nubar_e").shape == (2, 3)


def test_not_emitted_flavor():
    f = get("solar-8B")
    assert f.energy_range("nubar_e") == (0.0, 0.0)
    assert f.total("nu_tau") == 0.0 and f.mean_energy("nu_tau") == 0.0
    assert f.lines("nu_mu")[0].size == 0


def test_scaling_and_sum():
    f = get("sns-coherent")
    e = np.linspace(1, 50, 7) * MeV
    assert np.allclose((2.5 * f).differential(e, "nu_e"), 2.5 * f.differential(e, "nu_e"), rtol=1e-14)
    assert (f * 2).lines("nu_mu")[1][0] == pytest.approx(2 * f.lines("nu_mu")[1][0])
    both = f + get("ess")
    assert both.total("nubar_mu") == pytest.approx(f.total("nubar_mu") + get("ess").total("nubar_mu"), rel=1e-12)
    assert [c.name for c in both.components] == ["sns-coherent", "ess"]
    # the two prompt lines sit at the same energy: one line with the summed intensity
    energies, intensities = both.lines("nu_mu")
    assert energies.size == 1 and intensities[0] == pytest.approx(f.total("nu_mu") + get("ess").total("nu_mu"))
    assert sum([f, f, f]).total("nu_e") == pytest.approx(3 * f.total("nu_e"))
    with pytest.raises(OutOfDomainError, match="factor"):
        -1.0 * f


def test_sum_needs_same_normalization():
    with pytest.raises(InvalidSpecError, match="normalization"):
        get("sns-coherent") + get("sns-coherent-per-pot")
    with pytest.raises(InvalidSpecError, match="normalization"):
        get("reactor-per-fission") + get("solar-8B")


def test_sum_time_profile_is_weighted_mixture():
    a, b = get("sns-coherent"), get("jsns2")
    t = np.linspace(-500, 5000, 11)
    mixture = (a.total("nu_e") * a.time_pdf(t, "nu_e") + b.total("nu_e") * b.time_pdf(t, "nu_e")) / (
        a.total("nu_e") + b.total("nu_e"))
    assert np.allclose((a + b).time_pdf(t, "nu_e"), mixture, rtol=1e-12)
    steady = get("solar-8B") + get("dsnb")
    assert steady.time_pdf(0.0, "nu_e") is None


def test_oscillation_identity_and_permutation():
    f = get("sns-coherent")
    e = np.linspace(1, 52, 9) * MeV
    same = f.oscillated(np.eye(3))
    for flavor in f.flavors:
        assert np.allclose(same.differential(e, flavor), f.differential(e, flavor), rtol=1e-14)
    swapped = f.oscillated(PERMUTATION)
    assert np.allclose(swapped.differential(e, "nu_mu"), f.differential(e, "nu_e"), rtol=1e-14)
    assert np.allclose(swapped.differential(e, "nubar_e"), f.differential(e, "nubar_mu"), rtol=1e-14)
    # the prompt line moves to nu_e and keeps its energy
    line_e, line_i = swapped.lines("nu_e")
    assert line_e.tolist() == f.lines("nu_mu")[0].tolist() and line_i[0] == pytest.approx(f.total("nu_mu"))
    assert np.all(swapped.differential(line_e, "nu_e") == f.differential(line_e, "nu_mu"))
    # time profile follows its parent flavor
    t = np.array([100.0, 2000.0])
    assert np.allclose(swapped.time_pdf(t, "nu_e"), f.time_pdf(t, "nu_mu"))


def test_oscillation_conserves_number_for_unitary_rows():
    # a doubly stochastic P (columns sum to 1) conserves the total of each sector
    p = np.array([[0.55, 0.25, 0.2], [0.25, 0.4, 0.35], [0.2, 0.35, 0.45]])
    f = get("dsnb")
    g = f.oscillated(p)
    nu = sum(f.total(x) for x in ("nu_e", "nu_mu", "nu_tau"))
    assert sum(g.total(x) for x in ("nu_e", "nu_mu", "nu_tau")) == pytest.approx(nu, rel=1e-12)
    assert g.total("nu_e") == pytest.approx(0.55 * f.total("nu_e") + 0.25 * f.total("nu_mu") + 0.2 * f.total("nu_tau"))


def test_callable_probability():
    f = get("solar-b16-gs98")

    def survival(energy, antineutrino):
        pee = np.where(energy < 2 * MeV, 0.55, 0.3)  # two-level stand-in for the MSW curve
        p = np.zeros(energy.shape + (3, 3))
        p[..., 0, 0] = pee
        p[..., 1, 0] = 1 - pee
        return p

    g = f.oscillated(survival)
    e = np.array([0.3, 5.0]) * MeV
    assert np.allclose(g.differential(e, "nu_e"), [0.55, 0.3] * f.differential(e, "nu_e"))
    assert np.allclose(g.differential(e, "nu_mu"), [0.45, 0.7] * f.differential(e, "nu_e"))
    mixed_e, mixed_i = g.lines("nu_e")
    orig_e, orig_i = f.lines("nu_e")
    order = np.argsort(orig_e)
    assert np.allclose(mixed_e, orig_e[order]) and np.allclose(mixed_i, 0.55 * orig_i[order])
    assert g.total("nu_e") + g.total("nu_mu") == pytest.approx(f.total("nu_e"), rel=1e-12)
    with pytest.raises(OutOfDomainError, match="shape"):
        f.oscillated(lambda e, anti: np.zeros(3)).differential(e, "nu_e")
    with pytest.raises(OutOfDomainError, match="3×3"):
        f.oscillated(np.eye(2))


def test_tabulated_flux_and_quadrature():
    energies = np.array([1.0, 2.0, 4.0]) * MeV
    f = TabulatedFlux(energies=energies, values={"nu_e": [0.0, 2.0, 0.0]}, normalization="per fission")
    # a triangle of height 2 and base 3 MeV: area 3 (derived)
    assert f.total("nu_e") == pytest.approx(3.0, rel=1e-14)
    nodes, weights = f.quadrature("nu_e")
    first = 2 * ((2**4 / 4 - 2**3 / 3) - (1 / 4 - 1 / 3))  # ∫_1^2 2(E-1) E² dE
    second = (4 * 4**3 / 3 - 4**4 / 4) - (4 * 2**3 / 3 - 2**4 / 4)  # ∫_2^4 (4-E) E² dE
    assert np.sum(weights * nodes**2) == pytest.approx(first + second, rel=1e-12)
    with pytest.raises(InvalidSpecError, match="increasing"):
        TabulatedFlux(energies=energies[::-1], values={"nu_e": [0, 1, 0]}, normalization="x")


def test_steady_sources_have_no_time_profile():
    for name in ("reactor-leibstadt", "solar-8B", "atmospheric-fluka-2005", "dsnb"):
        f = get(name)
        assert not f.is_pulsed and f.time_pdf(np.array([0.0]), f.flavors[0]) is None


def test_immutability():
    f = get("sns-coherent")
    with pytest.raises(AttributeError):
        f.distance = 1.0
    g = get("sns-coherent", distance=2 * 19.3 * m)
    assert g.total("nu_e") == pytest.approx(f.total("nu_e") / 4, rel=1e-12)
    assert f.total("nu_e") * cm2 * s == pytest.approx(1.4934e7, rel=1e-3)  # r P/(E_p 4π L²), see test_stopped_pion


def test_cached_data_cannot_be_changed_by_callers():
    from cevns.sources import _data
    from cevns.sources.atmospheric import _load

    doc = _data.toml("presets.toml")
    doc["sns-coherent"]["distance"] = "1 m"
    assert _data.toml("presets.toml")["sns-coherent"]["distance"] == "19.3 m"
    energy, values = _load("fluka-2005")
    with pytest.raises(ValueError, match="read-only"):
        energy[0] = 0.0
    with pytest.raises(TypeError):
        values["nu_e"] = None
    reactor = get("reactor-leibstadt")
    with pytest.raises(TypeError):
        reactor.fission_fractions["U235"] = 1.0
    table = TabulatedFlux(energies=np.array([1.0, 2.0]) * MeV, values={"nu_e": [1.0, 1.0]},
                          normalization="per_fission")
    with pytest.raises(ValueError, match="read-only"):
        table.values["nu_e"][0] = 5.0
    e, w = get("ess").quadrature("nu_e")
    w[:] = 0.0  # the caller's own copy
    assert get("ess").total("nu_e") > 0


def test_public_panel_edges_and_bounded_sizes():
    from cevns.errors import OutOfDomainError

    f = get("reactor-leibstadt")
    edges = f.panel_edges("NUBAR_E")
    assert np.all(np.diff(edges) > 0) and 2 * MeV in edges  # the model changes at 2 MeV
    assert np.array_equal(np.unique(f._panel_edges("nubar_e")), edges)  # the hook kept for rates.py
    assert f.panel_edges("nu_e").size == 0
    with pytest.raises(OutOfDomainError, match="nodes_per_panel"):
        f.quadrature("nubar_e", nodes_per_panel=10**9)
    with pytest.raises(OutOfDomainError, match="points"):
        f.energy_grid("nubar_e", points=10**12)
    grid = f.energy_grid("nubar_e", points=5)
    assert grid[0] == pytest.approx(1 * MeV) and grid[-1] == pytest.approx(8 * MeV) and grid.size == 5
