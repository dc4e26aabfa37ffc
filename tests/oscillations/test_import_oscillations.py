"""Importing cevns.oscillations reads no file and imports neither matplotlib nor scipy."""

import subprocess
import sys


def test_import_is_free():
    code = (
        "import builtins, sys, io\n"
        "opened = []\n"
        "real_open = io.open\n"
        "def spy(file, *a, **k):\n"
        "    if str(file).endswith('.txt'): opened.append(str(file))\n"
        "    return real_open(file, *a, **k)\n"
        "builtins.open = spy; io.open = spy\n"
        "import cevns.oscillations, cevns.cli._msw\n"
        "assert not opened, opened\n"
        "assert 'matplotlib' not in sys.modules\n"
        "from cevns.oscillations import sun\n"
        "assert sun._b16.cache_info().currsize == 0\n"
    )
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
