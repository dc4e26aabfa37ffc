"""recoil_spectrum runs the chunks of a large input on threads: the result must be the serial one to the last bit,
and an input of one chunk must not start a pool."""

from concurrent import futures

import numpy as np
import pytest

from cevns import _array
from cevns.errors import OutOfDomainError
from cevns.physics.interactions import NSI
from cevns.rates import SPECTRUM_CHUNK, recoil_spectrum
from cevns.sources import get
from cevns.units import keV

FLUX = get("sns-coherent")
#: Three whole chunks and a part of a fourth, in random order (neighbouring points in different panels).
T = np.random.default_rng(11).uniform(0.0, 60.0, 3 * SPECTRUM_CHUNK + 1234) * keV


class CountingPool(futures.ThreadPoolExecutor):
    started = 0

    def __init__(self, workers):
        type(self).started += 1
        super().__init__(workers)


@pytest.mark.parametrize("target, physics", [("Ar40", {}), ("Ar40", {"model": NSI(up={"ee": 0.1})}),
                                             ("CsI", {"couplings": "pdg2024", "form_factor": "klein-nystrand"})])
def test_threads_give_the_serial_bits(monkeypatch, target, physics):
    monkeypatch.setattr(futures, "ThreadPoolExecutor", CountingPool)
    monkeypatch.setattr(CountingPool, "started", 0)
    serial = recoil_spectrum(T, FLUX, target, threads=1, **physics)
    assert CountingPool.started == 0
    for threads in (2, 3, None):
        assert np.array_equal(recoil_spectrum(T, FLUX, target, threads=threads, **physics), serial)
    assert CountingPool.started == 2 + (_array.available_cores() > 1)


def test_one_chunk_starts_no_pool(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a pool was started for one chunk")

    monkeypatch.setattr(futures, "ThreadPoolExecutor", refuse)
    small = T[:SPECTRUM_CHUNK].reshape(2, -1)
    for threads in (None, 4):
        spectrum = recoil_spectrum(small, FLUX, "Ar40", threads=threads)
        assert spectrum.shape == small.shape
    with pytest.raises(AssertionError, match="pool"):  # the stub is what a larger input would start
        recoil_spectrum(T, FLUX, "Ar40", threads=2)


@pytest.mark.parametrize("threads", [0, -1, 1.5, True, "2"])
def test_bad_thread_counts_are_refused_by_name(threads):
    with pytest.raises(OutOfDomainError, match="threads"):
        recoil_spectrum(T[:10], FLUX, "Ar40", threads=threads)
