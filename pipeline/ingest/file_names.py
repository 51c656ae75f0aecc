"""A file's name as the pipeline shows it, and as the readers open it (CONTRACT §2).

A name that is not UTF-8 (Latin-1 bytes from an old Windows machine or a zip) reaches
Python as lone surrogates: ``printable_path`` shows it as Windows-1252 text, ``on_disk``
finds the file again from that text, and ``excel_source`` hands calamine what it can open.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

#: The five bytes Windows-1252 leaves undefined.
UNDEFINED_CP1252 = b"\x81\x8d\x8f\x90\x9d"
#: A byte that is not UTF-8, as Python keeps it (``surrogateescape``).
ESCAPED_BYTE = re.compile("[\udc80-\udcff]")

_NAME_BYTE_AS_CP1252 = {
    0xDC00 + b: (f"\\x{b:02x}" if b in UNDEFINED_CP1252 else bytes([b]).decode("cp1252"))
    for b in range(0x80, 0x100)
}


def printable_path(rel: str, root: Path | None = None) -> str:
    r"""A file's path as text every table, note and file name can hold (CONTRACT §2).

    A name that is not UTF-8 (Latin-1 bytes from an old Windows machine or a zip) reaches
    Python as lone surrogates, which DuckDB, Arrow and UTF-8 files refuse: its bytes are
    read as Windows-1252, as the office that named it saw them (``caf\xe9.csv`` ->
    ``café.csv``). Should that name belong to another file under ``root`` as well, the
    bytes are written as backslash escapes instead (``caf\xe9.csv``), so two files never
    share a path.
    """
    if not ESCAPED_BYTE.search(rel):
        return rel
    shown, escaped = _shown_forms(rel)
    return escaped if root is not None and (root / shown).exists() else shown


def _shown_forms(name: str) -> tuple[str, str]:
    """A surrogate-escaped name with its bytes read as Windows-1252, and as backslash escapes."""
    return name.translate(_NAME_BYTE_AS_CP1252), os.fsencode(name).decode("utf-8", errors="backslashreplace")


def on_disk(root: Path, shown: str) -> Path:
    """The file under ``root`` that ``printable_path`` lists as ``shown``: its path on disk."""
    path = root / shown
    if path.exists():
        return path
    found = root
    for part in Path(shown).parts:
        if (found / part).exists():
            found = found / part
            continue
        if not found.is_dir():
            return path
        match = next(
            (c for c in found.iterdir() if ESCAPED_BYTE.search(c.name) and part in _shown_forms(c.name)),
            None,
        )
        if match is None:
            return path
        found = match
    return found


def excel_source(path: Path) -> str | bytes:
    """What calamine opens: the path, or the file's bytes when its name is not UTF-8 text.

    calamine takes a path as UTF-8 only; a name that is not (``printable_path``) would
    fail the file.
    """
    name = str(path)
    return path.read_bytes() if ESCAPED_BYTE.search(name) else name
