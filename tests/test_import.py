"""Importing cevns is free: no data file, no optional package, no warning."""

import subprocess
import sys


def run(code):
    return subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True)


def test_import_loads_nothing_heavy():
    code = (
        "import sys, cevns, cevns.physics.cross_section, cevns.nuclei, cevns.units, cevns.constants\n"
        "heavy = [m for m in ('matplotlib', 'particle', 'periodictable', 'snewpy', 'jax', 'iminuit') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "from cevns.nuclei.isotope import _table\n"
        "assert _table.cache_info().currsize == 0\n"
    )
    run(code)


def test_version_and_module_run():
    out = subprocess.run([sys.executable, "-m", "cevns", "--version"], capture_output=True, text=True, check=True)
    assert "0.1.0" in out.stdout
