"""Input health: whether the inputs are complete enough for a report a meeting can use.

A run always publishes (the fix list must reach the offices), but the report is a draft
("DRAF — BELUM UNTUK RAPAT") when a problem below holds; ``run --strict`` fails instead:

- a sheet was not read because it lacks a required column (reason ``missing_column``);
- a file sits in the wrong place: outside ``enrolment/``, ``claims/`` and ``reference/``,
  a claims export among the enrolment lists (or the reverse), or a name ``reference/``
  does not know (``pipeline.ingest.discover``);
- a sheet of a workbook has the header of the other kind (a claims sheet in an enrolment
  workbook): its rows are not read (note topic ``wrong_kind_sheet``);
- rejections are large: more than ``SHARE`` of all enrolment rows or of all claim rows,
  or of one file's rows where that file has at least ``MIN_FILE_ROWS`` rows (rows of a
  sheet without a required column counted by the first problem, not here; copies of a
  counted row, ``duplicate_row`` and ``duplicate_claim_id``, lose nothing and count neither).

``assess`` is a pure function of rows of the audit tables; ``from_database`` reads them.
The CLI, the asset check ``input_health`` and the report all use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from pipeline.core.shown import one_line
from pipeline.ingest.discover import MISPLACED_PREFIXES
from pipeline.ingest.fields import MISSING_COLUMN
from pipeline.ingest.kinds import WRONG_KIND_SHEET

#: Rejected rows above this share of the rows read make the report a draft.
SHARE = 0.20
#: A single file's share counts only from this many rows read.
MIN_FILE_ROWS = 50
#: Copies and earlier versions of a row that is counted: rejected, but nothing of them is lost.
COPIES = ("duplicate_row", "duplicate_claim_id")
_KINDS = ("enrolment", "claims")


@dataclass(frozen=True)
class Problem:
    """One reason the report is a draft.

    ``code``: ``missing_column``, ``misplaced``, ``misplaced_sheet``, ``rejected_kind`` or
    ``rejected_file``;
    ``rows``: the rows concerned (rejected, or not read); ``read``: the rows they are a
    share of (0 where that means nothing); ``count``: sheets or files concerned;
    ``kind``: enrolment or claims where one applies; ``places``: the files (and sheets),
    each with what to do, for the CLI (never printed in a report).
    """

    code: str
    rows: int
    count: int = 1
    read: int = 0
    kind: str = ""
    places: tuple[str, ...] = ()

    @property
    def share(self) -> float | None:
        return self.rows / self.read if self.read else None

    def line(self) -> str:
        """The problem in one English line for the CLI and the asset check."""
        if self.code == MISSING_COLUMN:
            return (
                f"{self.count} sheet(s) not read: a required column is missing ({self.rows:,} rows "
                "rejected as missing_column)"
            )
        if self.code == "misplaced":
            return f"{self.count} file(s) in the wrong place, not read"
        if self.code == "misplaced_sheet":
            return (
                f"{self.count} sheet(s) with the header of the other kind (claims among enrolment, or "
                f"the reverse), not read ({self.rows:,} rows)"
            )
        what = (
            f"{self.kind} rows" if self.code == "rejected_kind" else f"rows of {self.places[0].split(':')[0]}"
        )
        return f"{self.share:.0%} of {what} rejected ({self.rows:,} of {self.read:,})"

    def fix(self) -> str:
        """What to do, in one English line."""
        if self.code == MISSING_COLUMN:
            return (
                "add the missing column to the sheet, or its header to reference/kolom.csv "
                "(kolom,field), then run again (the notes name the sheet and the field)"
            )
        if self.code == "misplaced":
            return "move or rename each file as its line says, then run again"
        if self.code == "misplaced_sheet":
            return "move each sheet into a workbook of its own in the folder its line names, then run again"
        return (
            "correct the rejected rows (the fix list under processed/internal/ names each row and "
            "what to do), then run again"
        )


@dataclass(frozen=True)
class Health:
    """The problems found; none means the report is final."""

    problems: tuple[Problem, ...] = ()

    @property
    def is_draft(self) -> bool:
        return bool(self.problems)

    def lines(self) -> list[str]:
        """Every problem with its places and its fix, for the CLI (English)."""
        out = []
        for p in self.problems:
            out.append(f"problem: {p.line()}")
            out.extend(f"  {place}" for place in p.places[:10])
            if len(p.places) > 10:
                out.append(f"  ... and {len(p.places) - 10} more")
            out.append(f"  fix: {p.fix()}")
        return [one_line(line) for line in out]  # a name's line break never splits a line

    def summary(self) -> str:
        """The problems in one line (the asset check's description, the strict refusal)."""
        return one_line("; ".join(p.line() for p in self.problems))


def _get(row: Mapping[str, Any], key: str, default: Any = None) -> Any:
    value = row.get(key, default)
    return default if value is None or value != value else value  # None and NaN alike


def assess(
    files: Iterable[Mapping[str, Any]],
    rejections: Iterable[Mapping[str, Any]],
    notes: Iterable[Mapping[str, Any]] = (),
) -> Health:
    """The health of one run's inputs.

    ``files``: rows of ``audit.input_files`` (path, kind, rows_read, rows_rejected, error);
    ``rejections``: rejected rows counted by path, sheet, kind and reason (``rows``), as
    ``sql/health/rejections.sql`` gives them; ``notes``: rows of ``audit.notes`` (only topics
    ``missing_column``, a sheet without a required column and without data rows, and
    ``wrong_kind_sheet``, a sheet of the other kind, are used).
    """
    files = list(files)
    rejections = list(rejections)
    problems: list[Problem] = []

    missing: dict[tuple[str, str], int] = {}
    for r in rejections:
        if r["reason"] == MISSING_COLUMN:
            key = (r["path"], _get(r, "sheet", ""))
            missing[key] = missing.get(key, 0) + int(r["rows"])
    for n in notes:
        if n.get("topic") == MISSING_COLUMN:
            missing.setdefault((n["path"], _get(n, "sheet", "")), 0)
    if missing:
        places = tuple(
            f"{path}" + (f" [{sheet}]" if sheet else "") + f": {rows:,} rows"
            for (path, sheet), rows in sorted(missing.items())
        )
        problems.append(Problem(MISSING_COLUMN, sum(missing.values()), len(missing), places=places))

    sheets = sorted(
        ((n["path"], _get(n, "sheet", ""), n) for n in notes if n.get("topic") == WRONG_KIND_SHEET),
        key=lambda item: item[:2],
    )
    if sheets:
        places = tuple(
            f"{path} [{sheet}]: " + str(_get(n, "message", "")).removeprefix("sheet not read: ")
            for path, sheet, n in sheets
        )
        rows = sum(int(_get(n, "row_count", 0)) for _, _, n in sheets)
        problems.append(Problem("misplaced_sheet", rows, len(sheets), places=places))

    misplaced = [
        f for f in files if isinstance(_get(f, "error"), str) and f["error"].startswith(MISPLACED_PREFIXES)
    ]
    if misplaced:
        places = tuple(
            f"{f['path']}: {f['error'].split(': ', 2)[-1]}"
            for f in sorted(misplaced, key=lambda f: f["path"])
        )
        problems.append(Problem("misplaced", 0, len(misplaced), places=places))

    # Rejections other than those of a sheet without a required column (counted above) and
    # other than copies of a row that is counted.
    other: dict[str, int] = {}
    for r in rejections:
        if r["reason"] != MISSING_COLUMN and r["reason"] not in COPIES:
            other[r["path"]] = other.get(r["path"], 0) + int(r["rows"])
    for kind in _KINDS:
        of_kind = [f for f in files if f.get("kind") == kind and not _get(f, "error")]
        read = sum(int(_get(f, "rows_read", 0)) for f in of_kind)
        missing_rows = sum(n for (path, _), n in missing.items() if any(f["path"] == path for f in of_kind))
        read -= missing_rows
        rejected = sum(other.get(f["path"], 0) for f in of_kind)
        if read > 0 and rejected / read > SHARE:
            problems.append(Problem("rejected_kind", rejected, len(of_kind), read, kind))
    for f in sorted(files, key=lambda f: f["path"]):
        if f.get("kind") not in _KINDS or _get(f, "error"):
            continue
        read = int(_get(f, "rows_read", 0)) - sum(n for (path, _), n in missing.items() if path == f["path"])
        rejected = other.get(f["path"], 0)
        if read >= MIN_FILE_ROWS and rejected / read > SHARE:
            problems.append(
                Problem(
                    "rejected_file",
                    rejected,
                    1,
                    read,
                    f["kind"],
                    (f"{f['path']}: {rejected:,} of {read:,} rows rejected",),
                )
            )
    return Health(tuple(problems))


def _has(con: duckdb.DuckDBPyConnection, *tables: str) -> bool:
    found = {
        f"{s}.{t}"
        for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables where table_schema = 'audit'"
        ).fetchall()
    }
    return all(t in found for t in tables)


def _dicts(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def from_database(con: duckdb.DuckDBPyConnection) -> Health:
    """``assess`` over the audit tables of ``con`` (final when they are absent)."""
    from pipeline.core.sql import sql_text

    if not _has(con, "audit.input_files", "audit.rejected_rows"):
        return Health()
    files = _dicts(con, sql_text("health", "files"))
    rejections = _dicts(con, sql_text("health", "rejections"))
    notes = _dicts(con, sql_text("health", "notes")) if _has(con, "audit.notes") else []
    return assess(files, rejections, notes)
