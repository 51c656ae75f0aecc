"""The fix list for village offices (issue 10): what to correct in each file they sent.

A run writes ``<internal>/<YYYY-MM>/perbaikan/`` (YYYY-MM = the data's as-of month;
without one, ``<internal>/perbaikan/``) with one Excel workbook per input file that had
rejected rows or notes: one line per rejected row or note, sorted by sheet and row,
with the column under its usual Indonesian header, the value exactly as typed and the
reason in plain Indonesian with what to do. The texts live in ``fix_list_id.json``.

PERSONAL DATA: values are shown as typed (NIK, names). Files and folder are owner-only
(0600/0700), written atomically, and a notice in the folder says they are not for
publication. A file that no longer has problems loses its stale workbook; other
months' folders are never touched.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import duckdb
import xlsxwriter

from pipeline.catalog import codes
from pipeline.core.files import atomic_path
from pipeline.core.months import as_of_month, recorded_run_date
from pipeline.core.sql import run
from pipeline.ingest import fields
from pipeline.ingest.fields import MISSING_COLUMN
from pipeline.outputs.workbook import EXCEL_MAX_ROWS, WORKBOOK_OPTIONS, workbook_created
from pipeline.publication.screen import neutralise
from pipeline.report.formatting import Formatter

TEXTS_PATH = Path(__file__).with_name("fix_list_id.json")
FOLDER_NAME = "perbaikan"
NOTICE_NAME = "BACA-DULU_RAHASIA.txt"
WORKBOOK_SUFFIX = ".xlsx"

_HEADER_ROW = 5  # title, as-of date, counts, instruction, a blank row, then the header
_FETCH_ROWS = 10_000
_WIDTHS = {"sheet": (10, 30), "row": (7, 7), "column": (12, 28), "value": (16, 40), "reason": (72, 72)}
# Characters no file system (Windows shares included) takes in a name, and controls.
_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_MAX_NAME_BYTES = 180


@dataclass(frozen=True)
class Line:
    """One line of a fix list: a rejected row or a note, as the village office reads it."""

    sheet: str
    row_number: int | None
    column: str
    value: str | None
    reason: str


# --- pure helpers -------------------------------------------------------------------


@functools.cache
def texts() -> dict[str, Any]:
    """The Indonesian texts of ``fix_list_id.json``, the codes of ``pipeline.catalog.codes`` filled in."""
    text = TEXTS_PATH.read_text(encoding="utf-8")
    text = text.replace("{funding_codes}", ", ".join(codes.FUNDING_CODES))
    text = text.replace("{funding_spellings}", ", ".join(codes.FUNDING_SPELLINGS.values()))
    text = text.replace("{sector_letters}", f"{codes.SECTOR_CODES[0]} sampai {codes.SECTOR_CODES[-1]}")
    return json.loads(text)


@functools.cache
def field_headers() -> dict[str, str]:
    """Canonical field name -> its usual header (the first variant), over every input kind.

    Every tuple of ``Field`` in ``pipeline.ingest.fields`` counts, enrolment first, so a
    field added there is known here without a change.
    """
    headers: dict[str, str] = {}
    for group in vars(fields).values():
        if isinstance(group, tuple) and group and all(isinstance(f, fields.Field) for f in group):
            for f in group:
                headers.setdefault(f.name, f.variants[0] if f.variants else f.name)
    return headers


def column_header(field: str | None, topic: str = "") -> str:
    """The column a line is about as a village office would type it (``tgl_mulai`` -> ``Tgl Mulai``).

    A note may name the column as typed (an unknown column): it is shown as it is.
    """
    field = field or texts()["topic_fields"].get(topic)
    if not field:
        return ""
    return field_headers().get(field, field)


def explain(
    line_kind: str,
    code: str,
    message: str | None,
    row_count: int | None,
    row_number: int | None,
    village_example: str | None = None,
) -> str:
    """The reason in plain Indonesian with what to do.

    An unknown note topic falls back to the note's own message, an unknown reason code to
    the code itself. A note about a whole sheet or column says how many rows it concerns.
    ``village_example``: a village code of the data root's own gazetteer, shown as an example
    of a Kemendagri code (none: no example).
    """
    t = texts()
    if line_kind == "rejected":
        reason = t["reasons"].get(code) or code
        example = f" (mis. {village_example})" if village_example else ""
        reason = reason.replace("{village_example}", example)
    else:
        reason = t["topics"].get(code) or message or code
    if line_kind == "note" and row_number is None and row_count:
        reason += " " + t["row_count"].format(count=Formatter().number(row_count))
    return reason


def workbook_name(path: str, unique: bool = False) -> str:
    """``enrolment/desa_a.csv`` -> ``enrolment__desa_a.xlsx``, safe for any file system.

    Characters a file system refuses become ``_``; a name cut to length or asked to be
    ``unique`` (two inputs differing only in extension or case) gets a short hash of
    the input path, so it stays distinct and the same from run to run.
    """
    pure = PurePosixPath(path)
    stem = "__".join((pure.with_suffix("") if pure.suffix else pure).parts)
    safe = _UNSAFE_NAME_CHARS.sub("_", stem).strip(" .") or "berkas"
    cut = safe
    while len(cut.encode("utf-8")) > _MAX_NAME_BYTES:
        cut = cut[:-1]
    if unique or cut != safe:
        cut = f"{cut.rstrip(' .')}-{hashlib.sha256(path.encode('utf-8')).hexdigest()[:8]}"
    return cut + WORKBOOK_SUFFIX


def fix_list_folder(internal_dir: Path, month: dt.date | None) -> Path:
    """``<internal>/<YYYY-MM>/perbaikan``, or ``<internal>/perbaikan`` without an as-of month."""
    return (internal_dir / f"{month:%Y-%m}" if month else internal_dir) / FOLDER_NAME


_DATE_CELL = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$")


def shown_value(value: str | None) -> str | None:
    """A value as the office sees it: a date cell as ``31/12/2024``, not ``2024-12-31 00:00:00``.

    A date cell reaches the reader as ISO text with a time; the office typed a date, so it is
    shown day first, with the time only when there is one. Any other value is shown as it is.
    """
    if not value:
        return value
    match = _DATE_CELL.match(value.strip())
    if not match or match.group(4) is None:
        return value  # not a date cell (text typed as 2024-12-31 is shown as typed)
    year, month, day, hour, minute, second = match.groups()
    shown = f"{day}/{month}/{year}"
    if (hour, minute, second or "00") != ("00", "00", "00"):
        shown += f" {hour}:{minute}"
    return shown


def to_line(row: dict[str, Any], village_example: str | None = None) -> Line:
    """A row of ``sql/internal/fix_list.sql`` as the village office reads it."""
    if row["line_kind"] == "note" and row["code"] == MISSING_COLUMN:
        return _missing_column_line(row)
    return Line(
        sheet=row["sheet"] or "",
        row_number=row["row_number"],
        column=column_header(row["field"], row["code"] if row["line_kind"] == "note" else ""),
        value=shown_value(row["value_as_typed"]),
        reason=explain(
            row["line_kind"],
            row["code"],
            row["message"],
            row["row_count"],
            row["row_number"],
            village_example,
        ),
    )


def _missing_column_line(row: dict[str, Any]) -> Line:
    """A sheet without a required column: what to rename, or what to add to reference/kolom.csv."""
    t, field = texts(), row["field"] or ""
    closest = row["value_as_typed"]
    template = t[MISSING_COLUMN]["closest" if closest else "none"]
    reason = template.format(header=column_header(field), field=field, column=closest)
    if row["row_count"]:
        reason += " " + t["row_count"].format(count=Formatter().number(row["row_count"]))
    return Line(row["sheet"] or "", None, column_header(field), closest, reason)


def file_lines(rows: list[dict[str, Any]], village_example: str | None = None) -> list[Line]:
    """One file's lines: a sheet lacking a required column said once, at the top, not once per row."""
    missing = [r for r in rows if r["line_kind"] == "note" and r["code"] == MISSING_COLUMN]
    others = [r for r in rows if r["code"] != MISSING_COLUMN]
    return [to_line(r, village_example) for r in (*missing, *others)]


def village_example(con: duckdb.DuckDBPyConnection) -> str | None:
    """A village code of the data root's own gazetteer for the examples (None without one).

    The first village of the regency with the most accepted spells, else the gazetteer's first.
    """
    try:
        found = run(con, "internal", "village_example").fetchone()
    except duckdb.Error:
        return None
    return found[0] if found else None


# --- writing ------------------------------------------------------------------------


def _private_folder(internal_dir: Path, folder: Path) -> None:
    """Create ``folder`` and the levels between it and ``internal_dir`` owner-only (0700)."""
    internal_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    level = internal_dir
    for part in folder.relative_to(internal_dir).parts:
        level = level / part
        level.mkdir(exist_ok=True, mode=0o700)
        level.chmod(0o700)


def _write_notice(folder: Path) -> None:
    final = folder / NOTICE_NAME
    with atomic_path(final) as tmp:
        tmp.write_text(texts()["notice"], encoding="utf-8")
        tmp.chmod(0o600)


def _width(kind: str, longest: int) -> float:
    low, high = _WIDTHS[kind]
    return float(min(max(longest + 2, low), high))


def _height(line: Line, widths: dict[str, float]) -> float:
    # LibreOffice does not grow a wrapped row on opening: set the height it needs.
    lines = max(
        math.ceil(len(line.reason) / (widths["reason"] - 6)),
        math.ceil(len(line.value or "") / (widths["value"] - 4)),
        line.value.count("\n") + 1 if line.value else 1,
        1,
    )
    return 15.0 * min(lines, 20)


def _write_text(sheet: Any, row: int, col: int, value: str | None, cell_format: Any) -> None:
    """A text cell, never a formula: neutralised, and blank when there is no text."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, cell_format)
    else:
        sheet.write_string(row, col, neutralise(value), cell_format)


def write_workbook(
    final: Path, path: str, lines: list[Line], counts: tuple[int, int], as_of_date: dt.date | None
) -> None:
    """One file's fix list: title rows, then a header row (frozen) and one row per line."""
    t, fmt = texts(), Formatter()
    rejected, notes = counts
    room = EXCEL_MAX_ROWS - _HEADER_ROW - 2
    shown, hidden = lines[:room], len(lines) - min(len(lines), room)
    with atomic_path(final) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        month = as_of_date.replace(day=1) if as_of_date else None
        workbook.set_properties(
            {
                "title": neutralise(t["title"].format(path=path)),
                "author": "pipeline",
                "company": "",
                "created": workbook_created(month),
            }
        )
        title = workbook.add_format({"bold": True, "font_size": 14})
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "bottom": 1}
        )
        top = workbook.add_format({"valign": "top"})
        wrap = workbook.add_format({"valign": "top", "text_wrap": True})
        row_format = workbook.add_format({"valign": "top", "num_format": "0"})
        sheet = workbook.add_worksheet(neutralise(t["sheet_name"]))

        as_of = t["as_of"].format(date=fmt.date(as_of_date)) if as_of_date else t["as_of_unknown"]
        intro = [
            (t["title"].format(path=path), title),
            (as_of, None),
            (t["counts"].format(rejected=fmt.number(rejected), notes=fmt.number(notes)), None),
            (t["instruction"], bold),
        ]
        for r, (text, cell_format) in enumerate(intro):
            _write_text(sheet, r, 0, text, cell_format)
        for c, label in enumerate(t["columns"]):
            _write_text(sheet, _HEADER_ROW, c, label, header)

        widths = {
            "sheet": _width("sheet", max((len(x.sheet) for x in shown), default=0)),
            "row": _width("row", 0),
            "column": _width("column", max((len(x.column) for x in shown), default=0)),
            "value": _width("value", max((len(x.value or "") for x in shown), default=0)),
            "reason": _width("reason", 0),
        }
        r = _HEADER_ROW
        for r, line in enumerate(shown, start=_HEADER_ROW + 1):
            sheet.set_row(r, _height(line, widths))
            _write_text(sheet, r, 0, line.sheet, top)
            if line.row_number is None:
                sheet.write_blank(r, 1, None, row_format)
            else:
                sheet.write_number(r, 1, line.row_number, row_format)
            _write_text(sheet, r, 2, line.column, top)
            _write_text(sheet, r, 3, line.value, wrap)
            _write_text(sheet, r, 4, line.reason, wrap)
        if hidden:
            r += 1
            _write_text(sheet, r, 4, t["truncated"].format(count=fmt.number(hidden)), wrap)

        for c, width in enumerate(widths.values()):
            sheet.set_column(c, c, width)
        sheet.freeze_panes(_HEADER_ROW + 1, 0)
        sheet.autofilter(_HEADER_ROW, 0, r, len(widths) - 1)
        sheet.set_paper(9)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(_HEADER_ROW)
        sheet.set_header("&C" + t["print_header"].replace("&", "&&"))
        workbook.close()
        tmp.chmod(0o600)


def _rows(cursor: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    while batch := cursor.fetchmany(_FETCH_ROWS):
        for values in batch:
            yield dict(zip(names, values, strict=True))


def _remove_stale(folder: Path, keep: Iterable[str]) -> None:
    """Workbooks of files that now have no problems go; nothing else is touched."""
    keep = set(keep)
    for old in folder.glob(f"*{WORKBOOK_SUFFIX}"):
        if old.name not in keep and (old.is_file() or old.is_symlink()):
            old.unlink()


def write_fix_lists(con: duckdb.DuckDBPyConnection, internal_dir: Path) -> dict[str, int]:
    """Write every file's fix list; returns the number of lines per input path.

    Reads audit.rejected_rows, audit.notes and identity.typed_values (and the staging
    dates for the as-of month) through ``sql/internal/fix_list.sql``.
    """
    folder = fix_list_folder(internal_dir, as_of_month(con))
    _private_folder(internal_dir, folder)
    _write_notice(folder)
    counts: dict[str, int] = {}
    written: set[str] = set()
    folded: set[str] = set()  # names compared as a case-insensitive file system would
    example = village_example(con)
    cursor = run(con, "internal", "fix_list", {"run_date": recorded_run_date(con)})
    for path, group in itertools.groupby(_rows(cursor), key=lambda row: row["path"]):
        rows = list(group)
        name = workbook_name(path)
        if name.casefold() in folded:
            name = workbook_name(path, unique=True)
        written.add(name)
        folded.add(name.casefold())
        first = rows[0]
        write_workbook(
            folder / name,
            path,
            file_lines(rows, example),
            (first["rejected_count"], first["note_count"]),
            first["as_of_date"],
        )
        counts[path] = len(rows)
    _remove_stale(folder, written)
    return counts
