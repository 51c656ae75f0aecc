"""Markdown tables: the one builder for the UI's metadata and the data dictionary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def _cell(value: object) -> str:
    # a file name or a definition may hold "|": escaped, so the table keeps its columns
    return "" if value is None else str(value).replace("|", "\\|")


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> str:
    """Rows under a header as a Markdown table.

    ``align``: one character per column, ``r`` for a right-aligned column (numbers).
    """
    rule = ["---:" if a == "r" else "---" for a in align.ljust(len(columns))]
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
