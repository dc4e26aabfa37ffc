import tomllib
from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "sources.toml"


@pytest.fixture(scope="session")
def ref():
    """Published reference values (paper, table, value, tolerance) for the source tests."""
    with REFERENCE.open("rb") as handle:
        return tomllib.load(handle)
