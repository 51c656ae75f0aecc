"""One header normaliser (``pipeline.ingest.header_text``): no second copy anywhere in ``pipeline/``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pyarrow as pa

from pipeline.ingest.header_text import loose_header_keys, normalise_header

PIPELINE = Path(__file__).resolve().parents[3] / "pipeline"
HOME = PIPELINE / "ingest" / "header_text.py"
#: Characters of the header separator set that, together, no other pattern of the package
#: has: a short pattern holding all of them (with a backslash: a regex, not prose) is a copy.
_SIGNATURE = ("_", "/", "(", "[", "{", ":", "#", "*", "\\")


def _string_constants(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module, f-string parts included, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def _copies(path: Path) -> list[str]:
    """Copies of the header separators and definitions of a header normaliser in one module."""
    where = path.relative_to(PIPELINE.parent) if path.is_relative_to(PIPELINE) else path.name
    found = []
    for line, text in _string_constants(path):
        if len(text) <= 120 and all(c in text for c in _SIGNATURE):
            found.append(f"{where}:{line}: header separators {text!r}")
    source = path.read_text(encoding="utf-8")
    for match in re.finditer(r"^\s*def (normali[sz]e_header\w*)", source, re.MULTILINE):
        found.append(f"{where}: def {match[1]}")
    return found


def test_the_header_separators_are_defined_once_in_header_text():
    home = _copies(HOME)
    # the separator set and the normaliser itself, each once
    assert len([c for c in home if "header separators" in c]) == 1, home
    assert len([c for c in home if "def normalise_header" in c]) == 1, home
    elsewhere = [c for p in sorted(PIPELINE.rglob("*.py")) if p != HOME for c in _copies(p)]
    assert not elsewhere, "a second header normaliser; use pipeline.ingest.header_text:\n" + "\n".join(
        elsewhere
    )


def test_the_copy_finder_sees_a_copy_in_another_order_and_a_second_normaliser(tmp_path):
    copy = tmp_path / "copy.py"
    copy.write_text(
        "import re\n"
        'NOISE = re.compile(r"[*#:\\-{}\\[\\]()\\\\/_.\\s]+")\n'
        "def normalize_header_text(t):\n"
        '    return NOISE.sub("", t.lower())\n',
        encoding="utf-8",
    )
    found = _copies(copy)
    assert len(found) == 2, found
    assert _copies(PIPELINE / "ingest" / "fields.py") == []


def test_normalised_equal_headers_are_equal_loosened():
    headers = [
        "Tgl. Mulai",
        "TGL_MULAI",
        "tgl/mulai",
        "Tgl\u200b Mulai",
        "Kode (Desa)",
        "No. #*: KPJ",
        "Nama'",
    ]
    loosened = loose_header_keys(pa.array(headers, pa.string())).to_pylist()
    for a, la in zip(headers, loosened, strict=True):
        for b, lb in zip(headers, loosened, strict=True):
            if normalise_header(a) == normalise_header(b):
                assert la == lb, (a, b)
    assert normalise_header("Tgl. Mulai") == "tglmulai" == loosened[0]
