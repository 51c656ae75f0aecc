"""docs/architecture.md against the code: its table of packages and layers, its list of sections.

The layers are the import-linter contract in pyproject.toml (which ``lint-imports``
enforces); the doc must draw the same ones, every package of ``pipeline/`` must be in
it, and the report's sections must be the modules of ``pipeline/report/sections/``.
"""

import ast
import importlib
import re
import tomllib

from pipeline.settings import REPO_ROOT

DOC = (REPO_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
PACKAGE = REPO_ROOT / "pipeline"


def _table_after(heading: str) -> list[list[str]]:
    """The rows of the first Markdown table after ``heading``, cells stripped of backticks."""
    text = DOC[DOC.index(heading) :]
    rows = []
    for line in text.splitlines()[1:]:
        if line.startswith("## "):
            break
        if line.startswith("|") and not set(line) <= set("|-: "):
            rows.append([c.strip().strip("`") for c in line.strip("|").split("|")])
    return rows[1:]  # the header row aside


def _doc_layers() -> list[set[str]]:
    layers: dict[int, set[str]] = {}
    for number, package, _ in _table_after("## The packages, in layers"):
        layers.setdefault(int(number), set()).add(package)
    return [layers[n] for n in sorted(layers)]


def _contract_layers() -> list[set[str]]:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    return [{m.strip() for m in re.split(r"[|:]", layer)} for layer in layers]


def test_the_doc_draws_the_layers_import_linter_enforces():
    assert _doc_layers() == _contract_layers()


def test_every_package_and_top_level_module_is_in_the_doc():
    in_code = {f"pipeline.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    in_code |= {f"pipeline.{p.stem}" for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    assert set().union(*_doc_layers()) == in_code


def test_the_top_level_holds_only_the_entry_points_and_the_settings():
    assert {p.name for p in PACKAGE.glob("*.py")} == {
        "__init__.py",
        "__main__.py",
        "definitions.py",
        "settings.py",
    }


def _sections_built_by_the_report() -> set[str]:
    tree = ast.parse((PACKAGE / "report" / "context.py").read_text(encoding="utf-8"))
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "pipeline.report.sections"
        for alias in node.names
    }


def test_the_doc_lists_the_report_sections():
    in_doc = [row[0] for row in _table_after("## The report's sections")]
    modules = {p.stem for p in (PACKAGE / "report" / "sections").glob("*.py") if p.stem != "__init__"}
    assert len(in_doc) == len(set(in_doc))
    assert set(in_doc) == modules
    assert _sections_built_by_the_report() == modules  # a module there that no report builds is no section


def test_the_doc_names_only_files_that_exist():
    named = set(re.findall(r"\b(pipeline/[\w/]+\.(?:py|json|yaml))", DOC))
    assert named
    assert sorted(p for p in named if not (REPO_ROOT / p).exists()) == []


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def test_the_doc_names_only_modules_and_names_that_exist():
    named = set(re.findall(r"`(pipeline(?:\.\w+)+)", DOC))
    assert "pipeline.build.tables.SQL_TABLES" in named
    assert sorted(n for n in named if not _resolves(n)) == []


def test_the_unit_tests_mirror_the_packages():
    """tests/unit/<package>/ for the tests of pipeline/<package>/; only whole-tree tests at the top."""
    unit = REPO_ROOT / "tests" / "unit"
    folders = {p.name for p in unit.iterdir() if p.is_dir() and p.name != "__pycache__"}
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert folders <= packages, f"tests/unit/ folders with no package: {sorted(folders - packages)}"
    assert sorted(p.name for p in unit.glob("test_*.py")) == ["test_architecture_doc.py", "test_layers.py"]
