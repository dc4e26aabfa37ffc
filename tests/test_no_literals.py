"""Review rule: no physics number hides in a function body; each has a name and a citation at module level."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1] / "src" / "cevns"
SCANNED = ["physics", "sources", "oscillations", "detectors", "rates.py", "nuclei"]


def significant_digits(text: str) -> int:
    """Digits between the first and last non-zero digit of the mantissa: 938.272 → 6, 120.0 → 2, 0.5 → 1."""
    digits = text.lower().replace("_", "").split("e")[0].replace(".", "").replace("-", "")
    return len(digits.strip("0"))


def literals_in_functions(path: Path):
    tree = ast.parse(path.read_text())
    source = path.read_text().splitlines()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Constant) and isinstance(inner.value, float):
                    text = ast.get_source_segment(path.read_text(), inner) or repr(inner.value)
                    if significant_digits(text) >= 4:
                        yield f"{path.relative_to(ROOT)}:{inner.lineno}: {text}  ({source[inner.lineno - 1].strip()})"


FILES = sorted(p for entry in SCANNED for p in ((ROOT / entry).rglob("*.py") if (ROOT / entry).is_dir() else [ROOT / entry]))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_float_literal_with_four_significant_digits_in_function_bodies(path):
    found = list(literals_in_functions(path))
    assert not found, "\n".join(found)
