"""Test-suite-wide settings.

Physics quantities are floats in hepunits (a cross section is ~1e-38 mm², a flux ~1e-16 per mm² per ns), so
pytest.approx's default absolute tolerance of 1e-12 would make every relative comparison of such a quantity pass.
It is set to zero: a test that compares with zero states its own ``abs=``.
"""

import pytest

type(pytest.approx(1.0)).DEFAULT_ABSOLUTE_TOLERANCE = 0.0
