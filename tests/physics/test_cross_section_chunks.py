"""dσ/dT over many points is evaluated in pieces: the pieces must give exactly the one-piece result, for every
broadcast of T and E."""

import numpy as np
import pytest

from cevns.physics import cross_section
from cevns.physics.cross_section import differential_cross_section
from cevns.units import MeV, keV


@pytest.mark.parametrize("T_shape, E_shape", [((500,), (500,)), ((40, 1), (1, 30)), ((700,), ()), ((3, 1, 11), (7, 1))])
def test_pieces_give_the_whole(monkeypatch, T_shape, E_shape):
    rng = np.random.default_rng(3)
    T = rng.uniform(0.0, 40.0, T_shape) * keV
    E = rng.uniform(5.0, 60.0, E_shape) * MeV
    whole = differential_cross_section(T, E, "CsI")
    monkeypatch.setattr(cross_section, "POINT_CHUNK", 37)
    pieces = differential_cross_section(T, E, "CsI")
    assert pieces.shape == np.broadcast_shapes(T_shape, E_shape)
    assert np.array_equal(pieces, whole)
