"""Cost of the new-physics engine interface on 1000 recoil nodes (the per-evaluation work of a fit or a scan).

Run with ``python -m pytest benchmarks/bench_interactions.py --benchmark-enable``.
Target: a model's G_V(T) shift and extra terms cost a few array operations, i.e. microseconds, per 1000 nodes;
the form factors (evaluated once per nucleus, shared with the Standard Model) are not part of it.
"""

import numpy as np
import pytest

import cevns
from cevns.physics.form_factors import nucleon_form_factors
from cevns.physics.interactions import (
    NSI,
    ChargeRadius,
    MagneticMoment,
    Millicharge,
    ScalarMediator,
    VectorMediator,
)
from cevns.units import MeV, cm2

N_NODES = 1000
ISOTOPE = cevns.isotope("Cs133")
T = np.linspace(1e-3, 1.0, N_NODES) * float(cevns.recoil_energy_max(50 * MeV, ISOTOPE))
_FP, _FN = nucleon_form_factors("helm", ISOTOPE)
_Q = np.sqrt(T * (2 * ISOTOPE.mass + T))
FORM_FACTORS = (_FP(_Q), _FN(_Q))
SM_CHARGES = (ISOTOPE.Z * 0.0229, ISOTOPE.N * -0.5)  # tree-level g_V^p, g_V^n

MODELS = {
    "nsi": NSI(up={"ee": 0.1, "emu": 0.05j}, down={"ee": -0.05}),
    "vector-universal": VectorMediator.universal(10 * MeV, 1e-5),
    "vector-lmu-ltau": VectorMediator.l_mu_minus_l_tau(10 * MeV, 1e-4),
    "charge-radius": ChargeRadius(e=1e-32 * cm2),
    "millicharge": Millicharge(e=1e-9),
    "nsi+vector": NSI(up={"ee": 0.1}) + VectorMediator.b_minus_l(20 * MeV, 1e-5),
}


@pytest.mark.parametrize("name", list(MODELS))
def test_vector_charge_1000_nodes(benchmark, name):
    flavor = "nu_mu" if name == "vector-lmu-ltau" else "nu_e"  # the flavor the model acts on
    GV, X = benchmark(MODELS[name].vector_charge, T, ISOTOPE, flavor, SM_CHARGES, FORM_FACTORS)
    assert GV.shape == T.shape and np.all(np.isfinite(GV))
    benchmark.extra_info["seconds_per_node"] = benchmark.stats.stats.median / N_NODES


@pytest.mark.parametrize("model", [MagneticMoment(e=1e-10), ScalarMediator.universal(5 * MeV, 1e-6)],
                         ids=["magnetic-moment", "scalar"])
def test_extra_terms_1000_nodes(benchmark, model):
    terms = benchmark(model.extra_terms, T, ISOTOPE, "nu_e", FORM_FACTORS)
    assert all(np.shape(v) in ((), T.shape) for v in terms.values())
