"""Import layers (STYLE P13): a lower layer never imports a higher one; sources and oscillations are siblings."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1] / "src" / "cevns"
LAYER = {  # module or package → rank; a module may import only ranks <= its own (siblings: equal rank, not each other)
    "units": 0, "constants": 0, "errors": 0, "_validate": 0, "_array": 0, "flavors": 0,
    "nuclei": 1, "physics": 2, "sources": 3, "oscillations": 3, "detectors": 4, "rates": 5,
    "experiments": 6, "datasets": 6, "dark_matter": 6, "stellar": 6, "supernova": 6, "stats": 7, "plotting": 8,
    "cli": 9,
}


def top(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def imported_top_levels(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            parts = path.relative_to(ROOT).parts
            base = list(parts[: len(parts) - node.level])  # the package the relative import starts from
            target = (base + (node.module.split(".") if node.module else []))
            if target:
                yield target[0].removesuffix(".py")
            else:
                yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cevns."):
            yield node.module.split(".")[1]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("cevns."):
                    yield alias.name.split(".")[1]


FILES = [p for p in ROOT.rglob("*.py") if top(p) in LAYER]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_down(path):
    here = top(path)
    for name in imported_top_levels(path):
        if name not in LAYER or name == here:
            continue
        assert LAYER[name] < LAYER[here] or (LAYER[name] == 0 and LAYER[here] == 0), \
            f"{path.relative_to(ROOT)} ({here}) imports {name}"
