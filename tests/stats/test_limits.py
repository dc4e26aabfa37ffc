"""New physics in the likelihoods and the limits derived from them: exact limits, symmetries and scalings."""

import json

import numpy as np
import pytest

pytest.importorskip("iminuit", reason="the likelihoods are iminuit cost functions (pip install cevns[fit])")

from scipy.special import ndtri  # noqa: E402

from cevns import constants, stats  # noqa: E402
from cevns.errors import OutOfDomainError  # noqa: E402
from cevns.physics.interactions import NSI  # noqa: E402
from cevns.stats import limits  # noqa: E402
from cevns.stats.likelihood import Parameter  # noqa: E402
from cevns.stats.new_physics import NewPhysics  # noqa: E402
from cevns.units import GeV, MeV  # noqa: E402


@pytest.fixture(scope="module")
def csi_vector():
    return stats.model("coherent-csi-2021", new_physics="vector-universal")


@pytest.fixture(scope="module")
def cenns10_moment():
    return stats.model("coherent-cenns10-2020", new_physics="magnetic-moment")


def test_wilks_thresholds():
    # one parameter: Δχ² = z² with z the two-sided 90% normal quantile Φ⁻¹(0.95); two: the χ²₂ survival
    # function is exp(−x/2), so x = −2 ln(0.1)
    assert limits.delta_chi2(0.9, 1) == pytest.approx(ndtri(0.95) ** 2, rel=1e-12)
    assert limits.delta_chi2(0.9, 2) == pytest.approx(-2.0 * np.log(0.1), rel=1e-12)
    with pytest.raises(OutOfDomainError, match="cl = 1.5"):
        limits.delta_chi2(1.5)


@pytest.mark.parametrize("name", ["coherent-csi-2021", "coherent-cenns10-2020", "xenonnt-8b-2024"])
@pytest.mark.parametrize("family", ["vector-universal", "scalar-universal", "nsi-ee", "magnetic-moment"])
def test_zero_couplings_are_the_standard_model(name, family):
    sm, model = stats.model(name), stats.model(name, new_physics=family)
    assert set(model.names) == set(sm.names) | set(model.new_physics.names)
    for channel, counts in sm.expected().items():
        np.testing.assert_allclose(model.expected()[channel], counts, rtol=1e-12)


def test_heavy_vector_mediator_is_nsi_in_the_likelihood(csi_vector):
    # m ≫ q: ε^u = ε^d = g²/(√2 G_F m²) for every flavor; the propagator differs by q²/m² ≲ (0.1 GeV / 1 TeV)²
    mass, coupling = 1000 * GeV, 0.3
    eps = coupling**2 / (np.sqrt(2) * constants.fermi_coupling * mass**2) * constants.hbarc**0
    diagonal = {"ee": eps, "mumu": eps, "tautau": eps}
    nsi = NewPhysics("nsi-all", lambda eps: NSI(up={k: eps for k in diagonal}, down={k: eps for k in diagonal}),
                     (Parameter("eps", 0.0, (-5, 5), fixed=True),))
    reference = stats.model("coherent-csi-2021", new_physics=nsi).expected(eps=eps)
    heavy = csi_vector.expected(mass=mass / MeV, coupling=coupling)
    for channel, counts in reference.items():
        np.testing.assert_allclose(heavy[channel], counts, rtol=1e-7)
    assert abs(heavy["coincidence"].sum() / csi_vector.expected()["coincidence"].sum() - 1) > 0.01  # not trivial


def test_magnetic_moment_adds_counts_quadratic_in_the_moment():
    # the magnetic term is incoherent with the weak amplitude and ∝ μ²: the extra counts quadruple as μ doubles
    # (CsI: each flavor has its own arrival times; CENNS-10's summed timing mixes the flavors non-linearly)
    model = stats.model("coherent-csi-2021", new_physics="magnetic-moment")
    sm = model.expected()["coincidence"]
    one = model.expected(magnetic_moment_mu=40.0)["coincidence"] - sm
    two = model.expected(magnetic_moment_mu=80.0)["coincidence"] - sm
    assert one.sum() > 0.01 * sm.sum()
    np.testing.assert_allclose(two, 4.0 * one, rtol=1e-9, atol=1e-12 * sm.max())


def test_fit_frees_a_new_physics_parameter(csi_vector):
    result = stats.fit(csi_vector, ["coupling"], start={"mass": 10.0}, minos=False)
    assert result.valid and "coupling" in result.free and "mass" not in result.free
    assert result.fixed["cevns_norm"] == 1.0  # new physics is measured against the Standard Model signal
    assert "flux_norm" in result.free


def test_exclusion_scales_as_the_propagator(csi_vector):
    # heavy mediators: the shift is g²/(√2 G_F m²), so the excluded g grows ∝ m (up to q²/m² ~ 1e-4 at 10 GeV and
    # the 1e-3 relative precision of the root search); light mediators (m ≪ q ~ 20 MeV): g²/q², independent of m
    curve = limits.coupling_limits(csi_vector, [5e3, 1e4, 1e-3, 2e-3], parallel=False)
    heavy, light = curve.couplings[:2], curve.couplings[2:]
    assert heavy[1] / heavy[0] == pytest.approx(2.0, rel=3e-3)
    assert light[1] / light[0] == pytest.approx(1.0, abs=3e-3)
    assert light[0] < heavy[0]
    d = curve.to_dict()
    assert d["family"] == "vector-universal" and d["mass_unit"] == "MeV"
    assert d["threshold"] == pytest.approx(2.7055, abs=1e-4)
    json.dumps(d)


def test_exclusion_is_where_the_profile_reaches_the_threshold(csi_vector):
    # checked with the independent profile of cevns.stats.profile (a separate minimiser walk) at the limit
    curve = limits.coupling_limits(csi_vector, [1e3], parallel=False)
    g = curve.couplings[0]
    model = stats.model("coherent-csi-2021", new_physics="vector-universal")
    values = model.defaults() | {"mass": 1e3}
    model.parameters = tuple(Parameter(**{**p.__dict__, "value": values[p.name]}) for p in model.parameters)
    delta = stats.profile(model, "coupling", np.array([0.0, 0.999 * g, g, 1.001 * g]))
    # relative to the minimum at zero coupling or above it (the profile's own minimum), the limit sits on 2.71
    assert delta[2] == pytest.approx(curve.threshold, abs=0.02)
    assert delta[1] < curve.threshold < delta[3]


def test_dask_blocks_give_the_serial_limits(csi_vector):
    distributed = pytest.importorskip("distributed")
    masses = [0.1, 100.0]
    serial = [limits.coupling_limits(csi_vector, [m], parallel=False).couplings[0] for m in masses]
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as client:
        parallel = limits.coupling_limits(csi_vector, masses, client=client, blocks=2)
    np.testing.assert_array_equal(parallel.couplings, serial)


def test_magnetic_moment_interval(cenns10_moment):
    result = limits.interval(cenns10_moment, "magnetic_moment_mu", np.linspace(0.0, 80.0, 33))
    (lower, upper), = result.allowed
    assert lower is None  # μ = 0 is allowed
    # the linear interpolation of the 2.5-wide grid puts the end where the scan's Δχ² crosses 2.71
    inside = result.values[result.values < upper]
    assert np.all(result.delta_chi2[result.values < upper] < result.threshold)
    assert result.delta_chi2[inside.size] >= result.threshold
    assert 10.0 < upper < 80.0
    assert result.to_dict()["unit"] == "1e-10 mu_B"


def test_nsi_plane_is_symmetric_under_the_sign_flip_of_the_charge():
    # for a spin-0 target the rate depends on G_V²: with only ε_ee^u, a ν_e weak charge Q becomes −Q at
    # ε* = −2Q/(2Z + N) (0.364 for ⁴⁰Ar with g_V at q = 0), so the SM point and the flipped one fit alike. The
    # flipped point has 1.3% fewer CEvNS events (g_V^p runs with q, Helm F_p ≠ F_n, and ³⁶Ar, ³⁸Ar have their
    # own ε*), worth Δχ² ≈ 0.06 here, against 1.6 half-way at ε = 0.1
    model = stats.model("coherent-cenns10-2020", new_physics="nsi-ee")
    region = limits.allowed_region(model, "eps_ee_u", np.array([0.0, 0.364, 0.1]), "eps_ee_d", np.array([0.0]))
    assert region.threshold == pytest.approx(4.605, abs=1e-3)
    flip, middle = region.delta_chi2[0, 1] - region.delta_chi2[0, 0], region.delta_chi2[0, 2]
    assert abs(flip) < 0.1 and middle > 1.0
    assert region.to_dict()["x"] == "eps_ee_u"


def test_errors_name_the_problem(csi_vector):
    with pytest.raises(OutOfDomainError, match="no new physics"):
        limits.coupling_limits(stats.model("coherent-csi-2021"), [1.0], parallel=False)
    with pytest.raises(OutOfDomainError, match="mass = 1e\\+07 is outside"):
        limits.coupling_limits(csi_vector, [1e7], parallel=False)
    with pytest.raises(OutOfDomainError, match="not a parameter of the new-physics family"):
        limits.interval(csi_vector, "cevns_norm", [0.5, 1.0])
    with pytest.raises(OutOfDomainError, match="coupling = -0.1 is outside"):  # the lower end of a scan is checked
        limits.interval(csi_vector, "coupling", [-0.1, 0.5])
    with pytest.raises(OutOfDomainError, match="not a parameter of the new-physics family"):
        limits.allowed_region(csi_vector, "coupling", [0.0], "cevns_norm", [1.0])
    with pytest.raises(OutOfDomainError, match=r"workers must be an integer in \[1, 1024\], got 0"):  # no idle cluster
        limits.coupling_limits(csi_vector, [1.0], workers=0)
    with pytest.raises(OutOfDomainError, match="no mediator mass"):
        limits.coupling_limits(stats.model("coherent-csi-2021", new_physics="nsi-ee"), [1.0], parallel=False)


def test_combined_data_add_their_profiles():
    # the new-physics parameters are shared and every nuisance is each data set's own, so the profile of the sum
    # is the sum of the profiles (up to the minimiser's tolerance, EDM < 2e-4 per fit)
    grid = np.array([0.0, 20.0, 40.0, 60.0])
    models = [stats.model(name, new_physics="magnetic-moment") for name in ("coherent-csi-2021",
                                                                            "coherent-cenns10-2020")]
    combined = stats.CombinedModel(*models)
    assert "magnetic_moment_e" in combined.names and combined.new_physics.name == "magnetic-moment"
    alone = [limits.interval(m, "magnetic_moment_e", grid).delta_chi2 for m in models]
    together = limits.interval(combined, "magnetic_moment_e", grid)
    expected = alone[0] + alone[1]
    np.testing.assert_allclose(together.delta_chi2, expected - expected.min(), atol=0.01)
    assert together.datasets == ("coherent-csi-2021", "coherent-cenns10-2020")


def test_charge_radius_is_a_proton_coupling_shift():
    # ⟨r²_νe⟩ shifts g_V^p by δ = −√2 π α ⟨r²⟩/(3 G_F) and leaves g_V^n (Cadeddu et al., PRD 98 (2018) 113010),
    # which NSI gives with 2ε_u + ε_d = δ and ε_u + 2ε_d = 0: ε_u = 2δ/3, ε_d = −δ/3
    from cevns.units import cm

    radius = 30.0  # 10⁻³² cm²
    delta = (-np.sqrt(2.0) * np.pi * constants.alpha_em * radius * 1e-32 * cm**2
             / (3.0 * constants.fermi_coupling * constants.hbarc**2))
    radii = stats.model("coherent-csi-2021", new_physics="charge-radius").expected(charge_radius_e=radius)
    nsi = stats.model("coherent-csi-2021", new_physics="nsi-ee").expected(eps_ee_u=2 * delta / 3,
                                                                          eps_ee_d=-delta / 3)
    np.testing.assert_allclose(radii["coincidence"], nsi["coincidence"], rtol=1e-12)
    assert abs(delta) > 0.01


def test_heavy_scalar_exclusion_grows_as_the_mass():
    # a scalar adds g⁴ Q_φ²/(Q² + m²)² with no interference: for m ≫ q the excluded g grows ∝ m (the q²/m² term
    # is < 1e-4 at 10 GeV; 3e-3 covers the root search)
    model = stats.model("coherent-csi-2021", new_physics="scalar-universal")
    heavy = limits.coupling_limits(model, [5e3, 1e4], parallel=False).couplings
    assert heavy[1] / heavy[0] == pytest.approx(2.0, rel=3e-3)
