"""Start-up cost of whole processes (run: python -m pytest benchmarks/bench_startup.py --benchmark-enable).

Target: ``cevns predict`` (default preset) as a whole process under 0.6 s. For the breakdown by module run
``python -X importtime -m cevns predict``; the particle constants are read on first use (``cevns.constants``).
The ``floor`` rows import only the third-party packages the command needs (NumPy, click, pydantic); the last floor
adds scipy.special, whose import alone loads numpy.f2py and numpy.testing and which ``cevns predict`` no longer
imports (its erfc, erfcx and Poisson CDF come from ``cevns._array``). Each row also records the median CPU time of
the child (``extra_info["cpu_s"]``), which a busy machine disturbs less than the wall time.
"""

import resource
import statistics
import subprocess
import sys

import pytest

COMMANDS = {
    "floor: python": [sys.executable, "-c", "pass"],
    "floor: import numpy": [sys.executable, "-c", "import numpy"],
    "floor: import numpy, click, pydantic": [sys.executable, "-c", "import numpy, click, pydantic"],
    "floor: import numpy, click, pydantic, scipy.special": [
        sys.executable, "-c", "import numpy, click, pydantic, scipy.special"],
    "import cevns": [sys.executable, "-c", "import cevns"],
    "import cevns.cli": [sys.executable, "-c", "import cevns.cli"],
    "particle constants": [sys.executable, "-c", "from cevns import constants; constants.muon_lifetime"],
    "cevns predict": [sys.executable, "-m", "cevns", "predict"],
}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.mark.parametrize("name", list(COMMANDS))
def test_whole_process(benchmark, name):
    cpu = []

    def run():
        before = _children_cpu()
        subprocess.run(COMMANDS[name], check=True, capture_output=True)
        cpu.append(_children_cpu() - before)

    benchmark.pedantic(run, rounds=5, iterations=1, warmup_rounds=1)
    benchmark.extra_info["cpu_s"] = statistics.median(cpu)
