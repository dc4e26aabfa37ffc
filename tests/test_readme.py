"""The README's examples run as written, and so do the docstring examples of the library modules."""

import doctest
import importlib
import re
import shlex
import shutil
from pathlib import Path

import pytest

from cevns.cli import main

README = Path(__file__).parents[1] / "README.md"
USER_TOML = Path(__file__).parent / "experiments" / "user-csi.toml"


def _blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_python_examples_run():
    blocks = _blocks("python")
    assert blocks, "the README has Python examples"
    for code in blocks:
        exec(compile(code, str(README), "exec"), {})


def _cli_lines():
    lines = []
    for block in _blocks("bash"):
        for line in block.splitlines():
            command = line.split("#", 1)[0].strip()
            if command.startswith("cevns "):
                lines.append(command)
    return lines


@pytest.mark.parametrize("command", _cli_lines())
def test_command_line_examples_run(command, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copy(USER_TOML, tmp_path / "my-detector.toml")  # the README's "your own experiment"
    try:
        main(shlex.split(command)[1:])
    except SystemExit as exc:
        assert exc.code in (0, None), capsys.readouterr().err
    assert "error" not in capsys.readouterr().err


MODULES = [
    "cevns.units", "cevns.flavors", "cevns.errors", "cevns._validate", "cevns.plotting",
    "cevns.sources._flux", "cevns.sources._tabulated", "cevns.sources.registry", "cevns.sources.reactor",
    "cevns.sources.solar", "cevns.sources.stopped_pion", "cevns.sources.atmospheric", "cevns.sources.dsnb",
    "cevns.oscillations.mixing", "cevns.oscillations.matter", "cevns.oscillations.propagate",
    "cevns.oscillations.earth", "cevns.oscillations.sun", "cevns.oscillations.supernova",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0
