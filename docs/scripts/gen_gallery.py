"""Runs every docs/gallery/*.py script and writes the gallery page with its figures and sources.

Each script has a module docstring (a title line, a blank line, a caption) and leaves a matplotlib Figure in a
variable named ``fig``. A script that fails fails the build.
"""

import ast
import io
import runpy
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the documentation build draws off-screen

import mkdocs_gen_files  # noqa: E402

GALLERY = Path(__file__).parents[1] / "gallery"

page = ["# Gallery\n",
        "Each figure is drawn by the script below it, from the package's own functions, every time the "
        "documentation is built.\n"]
for script in sorted(GALLERY.glob("*.py")):
    source = script.read_text()
    title, _, caption = ast.get_docstring(ast.parse(source)).partition("\n\n")
    fig = runpy.run_path(str(script))["fig"]
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    with mkdocs_gen_files.open(f"gallery/{script.stem}.png", "wb") as image:
        image.write(buffer.getvalue())
    page += [f"## {title}\n", f"{caption.strip()}\n", f"![{title}]({script.stem}.png)\n",
             f"```python\n{source.strip()}\n```\n"]

with mkdocs_gen_files.open("gallery/index.md", "w") as index:
    index.write("\n".join(page))
