import pytest

from cevns.sources.supernova import garching_model
from cevns.supernova import supernova_signal


@pytest.fixture(scope="session")
def s27():
    return garching_model("garching-ls220-s27")


@pytest.fixture(scope="session")
def s11():
    return garching_model("garching-ls220-s11.2")


@pytest.fixture(scope="session")
def s27_xenon1t(s27):
    return supernova_signal(s27, "xenon1t")
