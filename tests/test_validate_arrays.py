"""Input checks of arrays: the range test by extremes, and the read-only view a computation may take instead of a copy."""

import numpy as np
import pytest

from cevns import _validate
from cevns.errors import OutOfDomainError
from cevns.rates import recoil_spectrum
from cevns.sources import get
from cevns.units import keV


@pytest.mark.parametrize("bad, message", [(np.inf, "finite"), (np.nan, "finite"), (-1e-300, ">= 0")])
def test_lower_bound_only_refuses_infinities_nans_and_values_below(bad, message):
    values = np.linspace(0.0, 1.0, 100)
    values[37] = bad
    with pytest.raises(OutOfDomainError, match=f"energy must be {message}"):
        _validate.non_negative("energy", values)
    with pytest.raises(OutOfDomainError, match=f"energy must be {message}"):
        _validate.non_negative("energy", values, copy=False)


def test_strict_lower_bound_refuses_the_bound_itself():
    with pytest.raises(OutOfDomainError, match="must be > 0"):
        _validate.positive("mass", np.array([1.0, 0.0, 2.0]))


def test_a_copy_by_default_and_a_read_only_view_on_request():
    values = np.linspace(0.0, 1.0, 10)
    copied = _validate.non_negative("energy", values)
    copied[0] = 5.0
    assert values[0] == 0.0
    view = _validate.non_negative("energy", values, copy=False)
    assert np.shares_memory(view, values) and not view.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        view[0] = 5.0
    # other types are converted, so there is nothing of the caller's to protect
    assert _validate.non_negative("energy", np.arange(3), copy=False).flags.writeable


def test_recoil_spectrum_leaves_the_callers_energies_as_they_were():
    T = np.linspace(0.1, 40.0, 3 * 2**16 + 5) * keV
    before = T.copy()
    recoil_spectrum(T, get("sns-coherent"), "Ar40")
    assert np.array_equal(T, before) and T.flags.writeable
