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
