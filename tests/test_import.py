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


def test_cli_and_engine_imports_leave_slow_packages_unloaded():
    # scipy.special pulls numpy.f2py and numpy.testing, pyparsing builds its grammar, pydantic its core: together
    # most of a `cevns predict` start-up. They load when a function needs them, not on import.
    code = (
        "import sys, cevns.cli, cevns.detectors, cevns.sources, cevns.nuclei\n"
        "slow = [m for m in ('scipy.special', 'pyparsing', 'pydantic') if m in sys.modules]\n"
        "assert not slow, slow\n"
        "cevns.nuclei.material('CsI'), cevns.nuclei.material('CaWO4')\n"
        "assert 'pyparsing' not in sys.modules\n"
    )
    run(code)


def test_plain_formulas_read_as_periodictable_reads_them():
    import importlib
    import itertools

    import periodictable

    module = importlib.import_module("cevns.nuclei.material")  # the package re-exports the function `material`
    symbols = sorted(e.symbol for e in periodictable.elements if e.number > 0)
    formulas = ["CsI", "CaWO4", "C3F8", "H2O", "CH3CH2OH", "Cs1I1", "H0", "H10", "H007", "H01", "D2O", "Ge[76]",
                "NaCl(H2O)3", "H1.5", "csi", "Cx", "CsIx", " CsI", "CsI\n", "", "Uue", "HHe", "H2H3"]
    formulas += symbols + [a + "12" + b for a, b in itertools.product(symbols[::9], symbols)]
    for text in formulas:
        try:
            expected = periodictable.formula(text).atoms
        except Exception:  # a pyparsing ParseException: not a formula
            expected = {}
        atoms = module._atoms(text)
        assert list(atoms.items()) == list(expected.items()), text
        assert [type(n) for n in atoms.values()] == [type(n) for n in expected.values()], text
