"""Property tests over declared domains: a profile that keeps the run to tens of seconds, and a count of inputs.

Every property test calls ``tried.add(kind)`` once per generated input; the totals are printed at the end of
the run (and written to the file named by ``CEVNS_PROPERTY_COUNT`` when that variable is set).
"""

import collections
import json
import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "cevns", max_examples=60, deadline=None, derandomize=False, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
settings.register_profile("thorough", parent=settings.get_profile("cevns"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "cevns"))

_COUNTS: collections.Counter = collections.Counter()
_NOTES: collections.Counter = collections.Counter()


class _Tally:
    def add(self, kind: str) -> None:
        """One generated input of ``kind`` (these make the total)."""
        _COUNTS[kind] += 1

    def note(self, what: str) -> None:
        """An outcome worth reporting (not an input; not in the total)."""
        _NOTES[what] += 1


@pytest.fixture(scope="session")
def tried():
    """Counts the inputs the property tests tried, by kind."""
    return _Tally()


def pytest_terminal_summary(terminalreporter):
    if not _COUNTS:
        return
    total = sum(_COUNTS.values())
    terminalreporter.write_sep("-", f"property tests tried {total} inputs")
    for kind, count in sorted(_COUNTS.items()):
        terminalreporter.write_line(f"  {kind:<36} {count}")
    for what, count in sorted(_NOTES.items()):
        terminalreporter.write_line(f"  ({what}: {count})")
    path = os.environ.get("CEVNS_PROPERTY_COUNT")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"total": total, "inputs": dict(_COUNTS), "outcomes": dict(_NOTES)}, handle, indent=1)
