"""Expected counts of an experiment with a new-physics model (Prediction.counts(model=...))."""

import numpy as np
import pytest

from cevns import experiments
from cevns.physics.couplings import get_couplings
from cevns.physics.interactions import NSI, MagneticMoment, VectorMediator
from cevns.units import MeV


@pytest.fixture(scope="module")
def csi():
    return experiments.get("coherent-csi-2017")


def test_zero_model_gives_the_nominal_counts(csi):
    nominal = csi.expected_counts()
    zero = NSI(up={"ee": 0.0, "mumu": 0.0}) + VectorMediator.universal(10 * MeV, 0.0) + MagneticMoment()
    np.testing.assert_allclose(csi.expected_counts(model=zero), nominal, rtol=1e-12)
    assert np.array_equal(csi.expected_counts(model=None), nominal)


def test_universal_vector_mediator_lowers_the_counts(csi):
    # g = 1e-5, m = 10 MeV shifts the nucleon vector couplings by +3g²/(√2 G_F (Q² + m²)) > 0 while the Standard
    # Model's G_V ≈ −N/2 < 0: destructive interference in every bin. B − L (g_ν = −g) interferes constructively.
    nominal = csi.expected_counts()
    lowered = csi.expected_counts(model=VectorMediator.universal(10 * MeV, 1e-5))
    raised = csi.expected_counts(model=VectorMediator.b_minus_l(10 * MeV, 1e-5))
    assert np.all(lowered < nominal) and np.all(raised > nominal)
    assert np.array_equal(csi.expected_counts(), nominal)  # the model's counts did not replace the cached ones


def test_nsi_that_scales_the_weak_charge_scales_the_vector_counts(csi):
    # With ε^u = (c − 1)(2g_p − g_n)/3 and ε^d = (c − 1)(2g_n − g_p)/3 for every flavor, the NSI shifts
    # δg_p = 2ε^u + ε^d = (c − 1) g_p and δg_n = ε^u + 2ε^d = (c − 1) g_n, so G_V → c G_V at every q and the
    # vector-only counts scale by c² exactly (Barranco, Miranda, Rashba, JHEP 12 (2005) 021, Eq. for Q_NSI).
    c, couplings = 0.7, get_couplings("tree")
    g_p, g_n = couplings.vector_proton(), couplings.vector_neutron()
    eps_u, eps_d = (c - 1) * (2 * g_p - g_n) / 3, (c - 1) * (2 * g_n - g_p) / 3
    model = NSI(up={k: eps_u for k in ("ee", "mumu", "tautau")}, down={k: eps_d for k in ("ee", "mumu", "tautau")})
    prediction = csi.prediction
    nominal = prediction.counts(couplings="tree", axial=False)
    scaled = prediction.counts(couplings="tree", axial=False, model=model)
    np.testing.assert_allclose(scaled, c**2 * nominal, rtol=1e-12, atol=1e-12 * nominal.max())
