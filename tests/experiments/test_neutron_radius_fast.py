"""A new neutron density on the rate engine's grid: with the protons and the axial part fixed, the rate is a quadratic
in F_n, kept once per physics choice, so each new radius costs its form factor. The quadratic must give what the
flavor-by-flavor evaluation gives, for ν and ν̄, every coupling scheme and odd-proton and odd-neutron nuclei."""

from pathlib import Path

import numpy as np
import pytest

from cevns import differential_cross_section
from cevns.experiments import load
from cevns.nuclei import material
from cevns.physics.couplings import get_couplings
from cevns.physics.form_factors import Helm, KleinNystrand, SymmetrizedFermi
from cevns.physics.interactions import NSI, StandardModel
from cevns.rates import recoil_rates
from cevns.sources import get
from cevns.units import fermi

FLUX = get("sns-coherent")  # ν_e, ν̄_μ (continuous) and ν_μ (a line)
RADII = np.array([4.6, 5.1, 5.8]) * fermi


@pytest.fixture(scope="module")
def rates():
    # Xe129 and Xe131 are odd-neutron (G_A follows F_n), Cs133 and I127 odd-proton (G_A follows F_p)
    return {name: recoil_rates(FLUX, material(name)) for name in ("CsI", "Xe")}


def _agree(fast, general):
    """Node by node to 1e-12 relative (measured: < 5e-15, rounding of α + β F_n + γ F_n²); zeros exactly."""
    assert np.array_equal(fast == 0, general == 0)
    assert np.allclose(fast, general, rtol=1e-12, atol=0.0)


@pytest.mark.parametrize("target", ["CsI", "Xe"])
@pytest.mark.parametrize("couplings", ["tree", "pdg2024", "tomalak2021"])
@pytest.mark.parametrize("axial", [True, False])
def test_quadratic_in_the_neutron_form_factor_equals_the_flavor_by_flavor_rate(rates, target, couplings, axial):
    """The model path (here the Standard Model itself) combines each flavor's couplings with the moments directly."""
    grid = rates[target]
    for radius in RADII:
        spec = ("helm", Helm.from_rms_radius(radius))
        fast = grid.spectrum(form_factor=spec, couplings=couplings, axial=axial)
        _agree(fast, grid.spectrum(form_factor=spec, couplings=couplings, axial=axial, model=StandardModel()))


def test_the_line_flavor_is_the_line_times_the_cross_section(rates):
    """ν_μ of a stopped-pion source is one line: dR/dT = Φ_line dσ/dT(T, E_line), an independent evaluation."""
    grid = rates["CsI"]
    (energy,), (phi,) = FLUX.lines("nu_mu")
    k = grid.flavors.index("nu_mu")
    for radius in RADII:
        spec = ("helm", Helm.from_rms_radius(radius))
        spectrum = grid.spectrum(form_factor=spec)
        for i, iso in enumerate(grid.isotopes):
            expected = phi * differential_cross_section(grid.recoil_energies, energy, iso, form_factor=spec,
                                                        flavor="nu_mu")
            assert np.allclose(spectrum[i, k], expected, rtol=1e-12, atol=0.0)


@pytest.mark.parametrize("neutron", [KleinNystrand.from_rms_radius(5.2 * fermi),
                                     SymmetrizedFermi.from_rms_radius(5.2 * fermi)])
def test_any_neutron_density_and_one_per_isotope(rates, neutron):
    grid = rates["Xe"]
    for spec in (("klein-nystrand", neutron),  # one neutron model shared by the isotopes: evaluated once for all
                 lambda iso: ("helm", Helm.from_rms_radius((4.6 + iso.A / 100) * fermi))):  # one per isotope
        _agree(grid.spectrum(form_factor=spec), grid.spectrum(form_factor=spec, model=StandardModel()))


def test_a_model_is_not_replaced_by_the_kept_quadratic(rates):
    grid = rates["CsI"]
    spec = ("helm", Helm.from_rms_radius(5.3 * fermi))
    standard = grid.spectrum(form_factor=spec, axial=False)  # keeps the quadratic of this physics
    nsi = grid.spectrum(form_factor=spec, axial=False, model=NSI(up={"ee": 0.3}))
    e, mu, mubar = (grid.flavors.index(f) for f in ("nu_e", "nu_mu", "nubar_mu"))
    # ε^u_ee shifts ν_e's vector charge by Z(2ε) F_p + N ε F_n (Barranco, Miranda, Rashba, JHEP 12 (2005) 021); at
    # the lowest node (T ≈ 1 eV, F_p and F_n within 1e-8 of 1) the rate scales by the square of the charges' ratio
    tree = get_couplings("tree")
    for i, iso in enumerate(grid.isotopes):
        charge = iso.Z * tree.vector_proton("nu_e") + iso.N * tree.vector_neutron("nu_e")
        shifted = charge + 0.3 * (2 * iso.Z + iso.N)
        assert nsi[i, e, 0] == pytest.approx((shifted / charge) ** 2 * standard[i, e, 0], rel=1e-6)
    assert np.allclose(nsi[:, [mu, mubar]], standard[:, [mu, mubar]], rtol=1e-12, atol=0.0)
    _agree(grid.spectrum(form_factor=spec, axial=False, model=NSI()), standard)  # no entries: the Standard Model


def test_counts_with_a_new_radius_equal_the_general_path():
    prediction = load(Path(__file__).with_name("user-csi.toml")).prediction
    for radius in RADII:
        spec = ("helm", Helm.from_rms_radius(radius))
        assert np.allclose(prediction.counts(form_factor=spec), prediction.counts(form_factor=spec,
                                                                                  model=StandardModel()),
                           rtol=1e-12, atol=0.0)
