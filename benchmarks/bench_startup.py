"""Start-up cost of whole processes (run: python -m pytest benchmarks/bench_startup.py --benchmark-enable).

Target: ``cevns predict`` (default preset) as a whole process under 0.6 s. For the breakdown by module run
``python -X importtime -m cevns predict``; the particle constants are read on first use (``cevns.constants``).
"""

import subprocess
import sys

import pytest

COMMANDS = {
    "import cevns": [sys.executable, "-c", "import cevns"],
    "particle constants": [sys.executable, "-c", "from cevns import constants; constants.muon_lifetime"],
    "cevns predict": [sys.executable, "-m", "cevns", "predict"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_whole_process(benchmark, name):
    run = lambda: subprocess.run(COMMANDS[name], check=True, capture_output=True)  # noqa: E731
    benchmark.pedantic(run, rounds=5, iterations=1)
