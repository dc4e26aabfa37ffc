"""Agreement with nuSQuIDS (an independent implementation) for constant density and layers, to 1e-4.

nuSQuIDS runs in a subprocess: its Python package imports matplotlib, which must not leak into this process.
"""

import importlib.util
import json
import math
import subprocess
import sys

import numpy as np
import pytest

from cevns.oscillations import constant_probability, layered_probability, nufit60
from cevns.units import GeV, cm3, eV, g, km

pytestmark = pytest.mark.skipif(importlib.util.find_spec("nuSQuIDS") is None,
                                reason="nuSQuIDS (pip install nusquids) is not installed")

_SCRIPT = r"""
import json, math, sys
import numpy as np
import nuSQuIDS as nsq

spec = json.loads(sys.argv[1])
units = nsq.Const()
out = []
for case in spec["cases"]:
    p = case["params"]
    row = []
    for energy in case["energies_GeV"]:
        result = []
        for initial in range(3):
            n = nsq.nuSQUIDS(3, nsq.NeutrinoType.antineutrino if case["anti"] else nsq.NeutrinoType.neutrino)
            n.Set_E(energy * units.GeV)
            n.Set_MixingAngle(0, 1, math.asin(math.sqrt(p["s12"])))
            n.Set_MixingAngle(0, 2, math.asin(math.sqrt(p["s13"])))
            n.Set_MixingAngle(1, 2, math.asin(math.sqrt(p["s23"])))
            n.Set_SquareMassDifference(1, p["dm21"])
            n.Set_SquareMassDifference(2, p["dm31"])
            n.Set_CPPhase(0, 2, p["delta"])
            n.Set_rel_error(1e-12)
            n.Set_abs_error(1e-12)
            state = np.zeros(3)
            state[initial] = 1.0
            for i, (length_km, rho, ye) in enumerate(case["layers"]):
                n.Set_Body(nsq.ConstantDensity(rho, ye))
                n.Set_Track(nsq.ConstantDensity.Track(length_km * units.km))
                if i == 0:
                    n.Set_initial_state(state, nsq.Basis.flavor)
                n.EvolveState()
            result.append([n.EvalFlavor(f) for f in range(3)])
        row.append(result)
    out.append(row)
print(json.dumps(out))
"""


def _params_dict(params):
    return {"s12": params.sin2_theta12, "s13": params.sin2_theta13, "s23": params.sin2_theta23,
            "delta": params.delta_cp, "dm21": params.dm2_21 / eV**2, "dm31": params.dm2_31 / eV**2}


CASES = [
    # (ordering, antineutrino, layers [(km, g/cm3, Ye)], energies [GeV])
    ("normal", False, [(1300.0, 2.8, 0.5)], [0.3, 1.0, 2.5, 7.0]),
    ("inverted", True, [(1300.0, 2.8, 0.5)], [0.5, 2.0]),
    ("normal", False, [(700.0, 3.3, 0.494), (3000.0, 10.5, 0.466), (700.0, 3.3, 0.494)], [2.0, 5.0, 11.0]),
    ("inverted", False, [(200.0, 2.6, 0.5), (5000.0, 5.0, 0.49)], [0.008, 0.02, 3.0]),
]


@pytest.fixture(scope="module")
def reference():
    spec = {"cases": [{"params": _params_dict(nufit60(o)), "anti": a, "layers": l, "energies_GeV": e}
                      for o, a, l, e in CASES]}
    done = subprocess.run([sys.executable, "-c", _SCRIPT, json.dumps(spec)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("index", range(len(CASES)))
def test_agreement_with_nusquids(reference, index):
    ordering, anti, layers, energies = CASES[index]
    params = nufit60(ordering)
    e = np.array(energies) * GeV
    ours_layers = [(length * km, rho * g / cm3, ye) for length, rho, ye in layers]
    if len(layers) == 1:
        length, rho, ye = ours_layers[0]
        ours = constant_probability(e, length, rho, ye, params=params, antineutrino=anti)
    else:
        ours = layered_probability(e, ours_layers, params=params, antineutrino=anti)
    theirs = np.array(reference[index])  # [energy, initial α, final β]
    assert np.max(np.abs(ours - np.swapaxes(theirs, -1, -2))) < 1e-4


def test_reference_is_not_trivial(reference):
    # the comparison is meaningful: matter effects change the probabilities well beyond the tolerance
    theirs = np.array(reference[2])
    from cevns.oscillations import vacuum_probability

    vac = vacuum_probability(np.array(CASES[2][3]) * GeV, 4400 * km, params=nufit60())
    assert np.max(np.abs(vac - np.swapaxes(theirs, -1, -2))) > 0.05
    assert math.isfinite(float(theirs.sum()))
