"""The documentation builds in strict mode: every example runs, every gallery script draws, every link resolves."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]

pytest.importorskip("mkdocs", reason="the documentation tools are in the 'docs' and 'test' extras")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", MPLBACKEND="Agg")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def test_pages_and_gallery(site):
    for page in ["index.html", "getting-started/index.html", "reference/cli/index.html", "gallery/index.html"]:
        assert (site / page).is_file(), page
    gallery = sorted(p.stem for p in (ROOT / "docs" / "gallery").glob("*.py"))
    assert gallery and all((site / "gallery" / f"{name}.png").is_file() for name in gallery)


def test_cli_reference_lists_every_command(site):
    from click import Context

    from cevns.cli import cli

    page = (site / "reference" / "cli" / "index.html").read_text()
    for name in cli.list_commands(Context(cli)):
        assert f"cevns {name}" in page, name


def _schema_models():
    """Every pydantic model the experiment-file loader validates with, found from the top-level model."""
    import typing

    from pydantic import BaseModel

    from cevns.experiments.schema import ExperimentSpec

    found, todo = {}, [ExperimentSpec]
    while todo:
        model = todo.pop()
        if model.__name__ in found:
            continue
        found[model.__name__] = model
        for field in model.model_fields.values():
            stack = [field.annotation]
            while stack:
                kind = stack.pop()
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    todo.append(kind)
                stack.extend(typing.get_args(kind))
    return found


def test_schema_reference_lists_every_accepted_key_and_nothing_else(site):
    import re
    import tomllib

    page = (site / "reference" / "schema" / "index.html").read_text()
    documented = set(re.findall(r"<tr>\s*<td><code>(\w+)</code></td>", page))
    accepted = {key for model in _schema_models().values() for key in model.model_fields}
    assert documented == accepted
    # and every key the shipped presets use is among them
    presets = ROOT / "src" / "cevns" / "experiments" / "data"
    used = set()
    for path in presets.glob("*.toml"):
        stack = [tomllib.loads(path.read_text())]
        while stack:
            table = stack.pop()
            used |= set(table)
            stack.extend(v for v in table.values() if isinstance(v, dict))
    assert used <= documented, sorted(used - documented)
