"""The Dask scan gives the serial fog, block by block, in mass order."""

import numpy as np
import pytest

from cevns.dark_matter import discovery_problem, fog_scan, ohare2021_components
from cevns.units import GeV, tonne, year


def test_dask_scan_equals_serial():
    distributed = pytest.importorskip("distributed")
    problem = discovery_problem("Xe131", components=ohare2021_components(), bins=15)
    masses = np.geomspace(5, 500, 5) * GeV
    exposures = np.geomspace(1e-3, 1e9, 49) * tonne * year
    serial = problem.fog(masses, exposures)
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as client:
        parallel = fog_scan(problem, masses, exposures, client=client, blocks=3)
    np.testing.assert_array_equal(parallel.cross_sections, serial.cross_sections)
    np.testing.assert_array_equal(parallel.floor, serial.floor)
