"""The response chain: limits (perfect resolution, no quenching), thresholds, compounds, and the fast rebuild."""

from __future__ import annotations

import doctest
import subprocess
import sys
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest
from scipy import integrate, stats

import cevns.detectors.quenching
import cevns.detectors.response
from cevns.detectors import (
    ConstantQuenching,
    EnergyScale,
    GammaResolution,
    GaussianResolution,
    Lindhard,
    PoissonResolution,
    Response,
    ScaledQuenching,
    SigmoidEfficiency,
    SmearingMatrix,
    StepEfficiency,
    TabulatedEfficiency,
    csi_coherent_2021,
)
from cevns.errors import InvalidSpecError, OutOfDomainError, UnknownNameError
from cevns.units import keV

CS133 = SimpleNamespace(name="Cs133", Z=55, A=133)
I127 = SimpleNamespace(name="I127", Z=53, A=127)

T_GRID = np.linspace(0.5, 100.0, 300) * keV
PE_EDGES = np.linspace(0.0, 60.0, 31)


def _csi_response(**changes):
    r = Response(quenching=csi_coherent_2021(), energy_scale=EnergyScale.coherent_csi_2021(),
                 resolution=GammaResolution.coherent_csi_2021(), efficiency=SigmoidEfficiency.coherent_csi_2021())
    return replace(r, **changes)


def _indicator(values, edges):
    out = np.zeros((edges.size - 1, values.size))
    for j, v in enumerate(values):
        i = np.searchsorted(edges, v, side="right") - 1
        if 0 <= i < edges.size - 1:
            out[i, j] = 1.0
    return out


def test_perfect_response_without_quenching_is_an_indicator():
    T = np.array([0.5, 1.5, 2.0, 3.9, 5.0]) * keV
    edges = np.array([0.0, 1.0, 2.0, 4.0]) * keV
    np.testing.assert_array_equal(Response().matrix(T, edges), _indicator(T, edges))


def test_constant_quenching_moves_recoils_to_qf_times_t():
    T = np.array([1.0, 3.0, 6.0, 7.0]) * keV
    edges = np.array([0.0, 1.0, 2.0, 4.0]) * keV  # keVee
    R = Response(quenching=ConstantQuenching(0.5)).matrix(T, edges)
    np.testing.assert_array_equal(R, _indicator(0.5 * T, edges))


def test_energy_scale_in_photo_electrons_is_unit_invariant():
    # The same detector described in PE (gain 13.35/keVee) or in keVee gives the same matrix.
    gain = 13.35 / keV
    in_pe = Response(quenching=ConstantQuenching(0.1), energy_scale=EnergyScale(gain, "PE"),
                     resolution=GaussianResolution(a=2.0, b=0.5))
    in_kevee = Response(quenching=ConstantQuenching(0.1),
                        resolution=GaussianResolution(a=2.0 / gain, b=0.5 / np.sqrt(gain)))
    np.testing.assert_allclose(in_pe.matrix(T_GRID, PE_EDGES), in_kevee.matrix(T_GRID, PE_EDGES / gain),
                               rtol=1e-10, atol=1e-14)


def test_columns_are_probabilities():
    R = _csi_response().matrix(T_GRID, PE_EDGES)
    assert R.shape == (30, 300)
    assert np.all(R >= 0.0) and np.all(R.sum(axis=0) <= 1.0 + 1e-12)


def test_wide_bins_without_efficiency_collect_everything():
    r = Response(quenching=ConstantQuenching(0.2), resolution=GaussianResolution(a=0.1 * keV, c=0.05))
    T = np.linspace(5.0, 50.0, 10) * keV
    R = r.matrix(T, np.array([-5.0, 0.0, 5.0, 30.0]) * keV)
    np.testing.assert_allclose(R.sum(axis=0), 1.0, rtol=1e-12)


def test_threshold_zeroes_bins_below_and_cuts_the_straddling_bin():
    edges = np.array([0.0, 2.0, 4.0, 6.0]) * keV
    T = np.array([1.0, 2.5, 3.5, 5.0]) * keV
    R = Response(threshold=3.0 * keV).matrix(T, edges)
    # x = 1 and 2.5 keV are below the threshold: never kept; 3.5 keV counts in [2, 4); 5 keV in [4, 6).
    np.testing.assert_array_equal(R, [[0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])


def test_step_efficiency_zeroes_bins_below_its_threshold():
    R = _csi_response(efficiency=StepEfficiency(threshold=10.0)).matrix(T_GRID, PE_EDGES)
    centres = 0.5 * (PE_EDGES[1:] + PE_EDGES[:-1])
    assert np.all(R[centres < 10.0] == 0.0)
    assert np.all(R[centres > 10.0].sum(axis=1) > 0.0)


def test_constant_efficiency_scales_the_matrix():
    half = TabulatedEfficiency([0.0, 100.0], [0.5, 0.5])
    np.testing.assert_allclose(_csi_response(efficiency=half).matrix(T_GRID, PE_EDGES),
                               0.5 * _csi_response(efficiency=None).matrix(T_GRID, PE_EDGES), rtol=1e-14)


def test_subdivided_bins_converge_to_the_efficiency_integral():
    # R[i, j] → ∫_bin ε(x) p(x | x_j) dx, here checked against scipy quad with scipy's normal pdf.
    eff = SigmoidEfficiency(a=1.0, k=0.6, x0=8.0)
    resolution = GaussianResolution(a=1.0, b=0.6)
    r = Response(quenching=ConstantQuenching(0.1), energy_scale=EnergyScale(10.0 / keV), resolution=resolution,
                 efficiency=eff, subdivisions=64)
    T = np.array([6.0, 10.0]) * keV  # x = 6 and 10 PE
    edges = np.array([4.0, 8.0, 12.0])
    R = r.matrix(T, edges)
    for j, x in enumerate([6.0, 10.0]):
        sigma = float(resolution.width(x))
        for i in range(2):
            value, _ = integrate.quad(lambda y: float(eff(y)) * stats.norm.pdf(y, x, sigma), edges[i], edges[i + 1])
            assert R[i, j] == pytest.approx(value, rel=2e-4)


def test_validate_against_the_kinematic_end_point():
    r = _csi_response(threshold=20.0)  # PE
    # x(T_max = 10 keV) = 13.35 PE/keVee × 0.882 keVee ≈ 11.8 PE < 20 PE (COHERENT 2021 QF, arXiv:2110.07730).
    with pytest.raises(OutOfDomainError, match=r"threshold=20 PE .* end point 11\.7\d+ PE"):
        r.validate_against(10 * keV)
    with pytest.raises(OutOfDomainError, match="threshold"):
        r.matrix(T_GRID, PE_EDGES, max_recoil_energy=10 * keV)
    assert r.validate_against(50 * keV) > 20.0


def test_compound_quenching_per_element():
    r = Response(quenching={"Cs": ConstantQuenching(0.1), "I": ConstantQuenching(0.2)})
    edges = np.array([0.0, 1.5, 3.0]) * keV
    T = np.array([10.0]) * keV
    np.testing.assert_array_equal(r.matrix(T, edges, isotope=CS133), [[1.0], [0.0]])
    np.testing.assert_array_equal(r.matrix(T, edges, isotope=I127), [[0.0], [1.0]])
    with pytest.raises(UnknownNameError, match="Na23"):
        r.matrix(T, edges, isotope=SimpleNamespace(name="Na23", Z=11, A=23))
    with pytest.raises(InvalidSpecError, match="isotope"):
        r.matrix(T, edges)
    # Without an isotope the end point check takes the element that gives the most signal (I, QF 0.2).
    assert Response(quenching=r.quenching, threshold=1.5 * keV).validate_against(10 * keV) == pytest.approx(2 * keV)


def test_lindhard_by_name_uses_the_recoiling_isotope():
    r = Response(quenching="lindhard")
    assert r.quenching_for(CS133) == Lindhard(55, 133)
    with pytest.raises(UnknownNameError):
        Response(quenching="lindhardt").quenching_for(CS133)


def test_response_validation_names_the_field():
    with pytest.raises(OutOfDomainError, match="threshold"):
        Response(threshold=-1.0)
    with pytest.raises(OutOfDomainError, match="quenching"):
        Response(quenching=0.1)
    with pytest.raises(OutOfDomainError, match="subdivisions"):
        Response(subdivisions=0)
    with pytest.raises(OutOfDomainError, match="efficiency must lie in"):
        Response(efficiency=lambda x: 1.5 + 0 * x).matrix(T_GRID, PE_EDGES * keV)
    with pytest.raises(OutOfDomainError, match="recoil_energies"):
        Response().matrix([-1.0 * keV], PE_EDGES)


# --- Fast rebuild ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("resolution", [GammaResolution.coherent_csi_2021(), GaussianResolution(a=1.0, b=0.8),
                                        PoissonResolution()])
def test_built_matrix_matches_direct_computation(resolution):
    r = _csi_response(resolution=resolution)
    built = r.build(T_GRID, PE_EDGES)
    np.testing.assert_allclose(built.matrix, r.matrix(T_GRID, PE_EDGES), atol=2e-5)


def test_built_matrix_with_nuisance_values_matches_a_new_response():
    r = _csi_response(subdivisions=2)
    built = r.build(T_GRID, PE_EDGES)
    quenching = ScaledQuenching(csi_coherent_2021(), 1.1)
    efficiency = replace(r.efficiency, x0=9.5)
    scale = EnergyScale(12.0 / keV)
    expected = replace(r, quenching=quenching, energy_scale=scale).matrix(T_GRID, PE_EDGES)
    got = built.evaluate(quenching=quenching, energy_scale=scale)
    np.testing.assert_allclose(got, expected, atol=2e-5)  # the tabulation's interpolation error
    # The sub-bins are cut at the nominal efficiency's kink (where the clipped sigmoid leaves 0) when built; a
    # nuisance that moves the kink by 1.4 PE is then integrated to first order in that one sub-bin (1 PE wide).
    expected = replace(r, quenching=quenching, efficiency=efficiency, energy_scale=scale).matrix(T_GRID, PE_EDGES)
    got = built.evaluate(quenching=quenching, efficiency=efficiency, energy_scale=scale)
    np.testing.assert_allclose(got, expected, atol=1e-3)


@pytest.mark.parametrize("resolution", [None, SmearingMatrix(np.eye(30), PE_EDGES, PE_EDGES)])
def test_built_matrix_is_exact_for_piecewise_resolutions(resolution):
    r = _csi_response(resolution=resolution, threshold=3.0)
    np.testing.assert_array_equal(r.build(T_GRID, PE_EDGES).evaluate(), r.matrix(T_GRID, PE_EDGES))


def test_values_beyond_the_grid():
    r = _csi_response(efficiency=None, resolution=GaussianResolution(a=1.0))
    # A grid ending at 50 PE, inside the last bins: x(100 keVnr) ≈ 124 PE falls beyond it where the smearing
    # still reaches the bins, so the evaluation must refuse rather than guess.
    built = r.build(T_GRID, PE_EDGES, observable_max=50.0)
    with pytest.raises(OutOfDomainError, match="observable_max"):
        built.evaluate(energy_scale=r.energy_scale)  # a nuisance value: the tabulated path
    np.testing.assert_array_equal(built.evaluate(), r.matrix(T_GRID, PE_EDGES))  # the nominal matrix is exact
    # A grid ending at 70 PE, 10σ beyond the last edge: values past it are never reconstructed in a bin.
    np.testing.assert_allclose(r.build(T_GRID, PE_EDGES, observable_max=70.0).evaluate(), r.matrix(T_GRID, PE_EDGES),
                               atol=2e-5)
    far = r.build(T_GRID, PE_EDGES)  # default grid: twice the largest x, where the smearing is negligible
    R = far.evaluate(energy_scale=EnergyScale(40.0 / keV))
    np.testing.assert_allclose(R, replace(r, energy_scale=EnergyScale(40.0 / keV)).matrix(T_GRID, PE_EDGES),
                               atol=2e-5)


def test_apply_gives_reconstructed_counts():
    r = Response(quenching=ConstantQuenching(0.5))
    built = r.build(np.array([1.0, 3.0, 5.0]) * keV, np.array([0.0, 1.0, 3.0]) * keV)
    np.testing.assert_array_equal(built.apply([10.0, 20.0, 40.0]), [10.0, 60.0])


# --- Package hygiene ------------------------------------------------------------------------------------------

def test_docstring_examples_run():
    for module in (cevns.detectors.quenching, cevns.detectors.response):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0 and result.attempted > 0


def test_import_reads_nothing_heavy():
    code = ("import sys, cevns.detectors; "
            "bad = [m for m in ('matplotlib', 'cevns.nuclei', 'cevns.physics') if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-W", "error", "-c", code], check=True)


def test_a_user_resolution_subclass_plugs_in():
    # A uniform smearing over [x − 1, x + 1]: bin probability = overlap length / 2.
    from cevns.detectors import ResolutionModel

    class Box(ResolutionModel):
        def _bin_probabilities(self, x, edges):
            lo = np.maximum(edges[:-1, None], x[None, :] - 1.0)
            hi = np.minimum(edges[1:, None], x[None, :] + 1.0)
            return np.clip(hi - lo, 0.0, None) / 2.0

    r = Response(resolution=Box())
    R = r.matrix(np.array([2.0]), np.array([0.0, 1.5, 2.5, 5.0]))
    np.testing.assert_allclose(R[:, 0], [0.25, 0.5, 0.25])
    np.testing.assert_allclose(r.build(np.array([2.0]), np.array([0.0, 1.5, 2.5, 5.0])).matrix, R, atol=1e-6)
    with pytest.raises(OutOfDomainError, match="ResolutionModel"):
        Response(resolution=lambda x: x)


def test_perfect_resolution_takes_the_efficiency_at_each_recoils_own_energy():
    # without smearing the reconstructed value is the recoil's own, so ε(x_j) is exact: a linear efficiency inside
    # one wide bin must not be replaced by its value at the bin's (or a sub-bin's) centre
    from cevns.detectors import Response, TabulatedEfficiency

    efficiency = TabulatedEfficiency(np.array([0.0, 10.0]) * keV, np.array([0.0, 1.0]))
    T = np.array([1.0, 2.5, 7.0, 9.0]) * keV
    for subdivisions in (1, 3):
        response = Response(efficiency=efficiency, subdivisions=subdivisions)
        R = response.matrix(T, np.array([0.0, 10.0]) * keV)
        assert np.allclose(R[0], T / (10.0 * keV), rtol=1e-14, atol=0.0)
        built = response.build(T, np.array([0.0, 10.0]) * keV)
        assert np.array_equal(built.matrix, R)
        assert np.array_equal(built.evaluate(efficiency=lambda x: 0.5 * np.ones_like(x)), 0.5 * np.ones((1, 4)))
