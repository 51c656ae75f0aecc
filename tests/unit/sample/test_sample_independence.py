"""pipeline.sample stays independent of the pipeline it feeds (see its package docstring).

The generator may import only its own modules (``pipeline.sample.*``), the standard
library and the file writers; nothing else of ``pipeline``, above all not
``pipeline.ingest``: reading its files back must stay a fair test of ingestion.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pipeline.sample

SAMPLE_DIR = Path(pipeline.sample.__file__).parent
REPO = SAMPLE_DIR.parents[1]


def imported_modules(source: str, package: str) -> set[str]:
    """Absolute names of every module ``source`` imports, at any depth (function bodies too).

    ``package`` is the package its relative imports start from.
    """
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names.add(module)
            # ``from pipeline import ingest`` imports a module too
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _imports_of(path: Path) -> set[str]:
    parts = path.relative_to(REPO).with_suffix("").parts
    package = ".".join(parts if path.name == "__init__.py" else parts[:-1])
    return imported_modules(path.read_text(encoding="utf-8"), package)


def _outside_sample(names: set[str]) -> set[str]:
    return {
        n
        for n in names
        if (n == "pipeline" or n.startswith("pipeline."))
        and n != "pipeline.sample"
        and not n.startswith("pipeline.sample.")
    }


def test_no_module_of_the_sample_imports_the_rest_of_the_pipeline():
    modules = sorted(SAMPLE_DIR.rglob("*.py"))
    assert len(modules) > 10
    offending = {
        str(p.relative_to(REPO)): sorted(_outside_sample(_imports_of(p)))
        for p in modules
        if _outside_sample(_imports_of(p))
    }
    assert not offending, f"pipeline.sample must not import other pipeline modules: {offending}"


def test_the_checker_sees_every_form_of_import():
    source = (
        "from pipeline.ingest import read\n"
        "from pipeline import catalog\n"
        "from ... import settings\n"
        "from .base import Draw\n"
        "def f():\n"
        "    import pipeline.core.sql\n"
    )
    found = _outside_sample(imported_modules(source, "pipeline.sample.population"))
    assert {"pipeline.ingest", "pipeline.catalog", "pipeline.settings", "pipeline.core.sql"} <= found
    assert not any(n.startswith("pipeline.sample") for n in found)


def test_generating_loads_no_other_pipeline_module():
    """In a fresh process: building the whole plan and its bytes imports only pipeline.sample."""
    code = (
        "import sys\n"
        "from pipeline.sample import generate\n"
        "generate.render_all(); generate.EXPECTED\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m == 'pipeline' or m.startswith('pipeline.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=REPO)
    loaded = set(out.stdout.split())
    assert "pipeline.sample.population.apbd_kab" in loaded
    assert _outside_sample(loaded) == {"pipeline"}  # the namespace package itself, nothing in it
