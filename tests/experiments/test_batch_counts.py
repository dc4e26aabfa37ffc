"""Prediction.batch_counts: many parameter points in one call, checked against counts() one point at a time (which
evaluates each point's spectrum directly, with no interpolation in sin²θ_W)."""

from pathlib import Path

import numpy as np
import pytest

from cevns import experiments
from cevns.errors import OutOfDomainError
from cevns.experiments import load
from cevns.physics.form_factors import Helm
from cevns.units import fermi


@pytest.fixture(scope="module")
def csi_2021():
    return experiments.get("coherent-csi-2021").prediction


@pytest.fixture(scope="module")
def user_csi():
    return load(Path(__file__).with_name("user-csi.toml")).prediction


def test_angles_and_flux_norms_match_one_point_at_a_time(csi_2021):
    s2, norm = np.array([0.21, 0.2387, 0.26]), np.array([0.9, 1.0, 1.15])
    expected = [csi_2021.counts(sin2_theta_w=a, flux_norm=n).sum((0, 1)) for a, n in zip(s2, norm)]
    assert np.allclose(csi_2021.batch_counts(sin2_theta_w=s2, flux_norm=norm), expected, rtol=1e-12, atol=0.0)


def test_default_physics_is_the_experiments(csi_2021, user_csi):
    for prediction in (csi_2021, user_csi):
        nominal = prediction.counts().sum((0, 1))
        assert np.allclose(prediction.batch_counts(), nominal[None, :], rtol=1e-13, atol=0.0)
        # flux_norm alone: linear (the same spectrum for every point)
        assert np.allclose(prediction.batch_counts(flux_norm=[0.5, 2.0]), [0.5 * nominal, 2.0 * nominal],
                           rtol=1e-13, atol=0.0)


def test_neutron_radii_match_one_point_at_a_time(user_csi):
    radii, s2 = np.array([4.8, 5.5, 5.5]) * fermi, np.array([0.23, 0.23, 0.25])
    batch = user_csi.batch_counts(neutron_radius=radii, sin2_theta_w=s2)
    for row, r, a in zip(batch, radii, s2):
        # the user file's protons keep its Klein–Nystrand form factor; the neutrons get a Helm density of radius r
        spec = lambda iso, r=r: ("klein-nystrand", Helm.from_rms_radius(r))  # noqa: E731
        assert np.allclose(row, user_csi.counts(form_factor=spec, sin2_theta_w=a).sum((0, 1)), rtol=1e-12, atol=0.0)


def test_bad_points_name_the_parameter(user_csi):
    with pytest.raises(OutOfDomainError, match="flux_norm"):
        user_csi.batch_counts(flux_norm=[-1.0, 1.0])
    with pytest.raises(OutOfDomainError, match="sin2_theta_w"):
        user_csi.batch_counts(sin2_theta_w=[0.2, 1.2])


def test_jax_matches_numpy(csi_2021):
    jnp = pytest.importorskip("jax.numpy")
    import jax

    jax.config.update("jax_enable_x64", True)
    s2, norm = np.linspace(0.2, 0.26, 7), np.linspace(0.9, 1.1, 7)
    result = csi_2021.batch_counts(sin2_theta_w=jnp.asarray(s2), flux_norm=jnp.asarray(norm))
    assert np.allclose(np.asarray(result), csi_2021.batch_counts(sin2_theta_w=s2, flux_norm=norm), rtol=1e-10, atol=0)
    gradient = jax.grad(lambda a: csi_2021.batch_counts(sin2_theta_w=a, backend="jax").sum())(jnp.asarray([0.24]))
    step = 1e-6
    numeric = (csi_2021.batch_counts(sin2_theta_w=[0.24 + step]).sum()
               - csi_2021.batch_counts(sin2_theta_w=[0.24 - step]).sum()) / (2 * step)
    assert float(gradient[0]) == pytest.approx(numeric, rel=1e-7)
