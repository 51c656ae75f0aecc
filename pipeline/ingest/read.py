"""One generic reader: any input file -> sheets of text cells with their row numbers.

Every cell is read as text (fastexcel/calamine for workbooks, ``csv`` for text files,
Arrow for Parquet), the header row is found among the first rows by matching the
declared header variants and their words (``pipeline.ingest.headers``), and blank rows,
trailing total rows and repeated headers are set aside. Parsing and validation happen later, column-wise.
"""

from __future__ import annotations

import hashlib
import logging
import os
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.ingest.blocks import fill_merged, split_tables
from pipeline.ingest.containers import (
    HEADER_SEARCH_ROWS,
    CellTypes,
    FileUnreadable,
    ReadNote,
    calamine_cell_types,
    check_zip_container,
    sheet_parts,
    xlsx_sheet_cell_types,
)
from pipeline.ingest.csv_and_parquet import read_csv, read_parquet
from pipeline.ingest.fields import Field, missing_columns, required_alternatives
from pipeline.ingest.file_names import excel_source, printable_path
from pipeline.ingest.header_text import is_numbering_header, is_unit_only, loose_header_keys, normalise_header
from pipeline.ingest.headers import (
    HeaderLookup,
    HeaderMatch,
    closest_of,
    header_lookup,
    match_columns,
)
from pipeline.ingest.headers import match_header as match_header  # the readers' API, re-exported

LOGGER = logging.getLogger(__name__)
#: A header may span this many rows (group titles merged over sub-columns).
HEADER_DEPTH = 3
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".parquet")
#: Identifier fields whose cell type matters: a number cell may have lost digits.
IDENTIFIER_FIELDS = ("nik", "no_kpj")


@dataclass
class SheetRows:
    """Data rows of one sheet, as text, under canonical field names.

    ``frame`` has ``source_row`` (as the spreadsheet shows it) and one column per
    declared field (null where the sheet has no such column).
    """

    sheet: str
    frame: pd.DataFrame
    columns_found: dict[str, str]
    unknown_columns: list[str] = field(default_factory=list)
    #: Required fields the sheet has no column for: its rows are rejected (``missing_column``).
    missing_columns: list[str] = field(default_factory=list)


@dataclass
class FileRows:
    """Everything read from one file."""

    path: str
    sha256: str
    sheets: list[SheetRows] = field(default_factory=list)
    notes: list[ReadNote] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    """Hash of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _filled(cell: object) -> bool:
    return cell is not None and bool(str(cell).strip())


def _stacked(rows: list[list[str | None]], depth: int) -> list[str | None]:
    """Header cells of ``depth`` rows: per column the lowest filled cell (a sub-column name)."""
    width = max(len(r) for r in rows[:depth])
    out: list[str | None] = [None] * width
    for row in rows[:depth]:
        for pos, cell in enumerate(row):
            if _filled(cell):
                # a unit on a row of its own ("(Rp)") belongs to the name above it
                unit_only = is_unit_only(cell) and out[pos]
                out[pos] = f"{out[pos]} {cell}" if unit_only else cell
    return out


def _titled(rows: list[list[str | None]], depth: int, stacked: list[str | None]) -> list[str | None]:
    """Per column, the group titles merged above its sub-column name joined to it (``Tanggal Lahir``).

    A merged cell's text is in its first column only: a title is carried right over the
    empty cells of its row while the columns below it have sub-column names. A title
    carried over every column of the header is the sheet's title ("DAFTAR PEKERJA RENTAN
    PENERIMA BANTUAN ..."), not a group's: it is no part of any column's name.
    """
    width = len(stacked)
    lowest = [-1] * width
    for r, row in enumerate(rows[:depth]):
        for pos, cell in enumerate(row):
            if _filled(cell):
                lowest[pos] = r
    parts: list[list[tuple[tuple[int, int], str]]] = [[] for _ in range(width)]
    spans: dict[tuple[int, int], int] = {}  # a title (its row, first column) -> columns carried over
    for r, row in enumerate(rows[: depth - 1]):
        carry = None
        for pos in range(width):
            cell = row[pos] if pos < len(row) else None
            below = lowest[pos] > r
            if _filled(cell):
                carry = ((r, pos), str(cell).strip()) if below else None
            elif not below:
                carry = None
            if carry is not None and below:
                parts[pos].append(carry)
                spans[carry[0]] = spans.get(carry[0], 0) + 1
    named = sum(1 for c in stacked if _filled(c))
    sheet_titles = {start for start, n in spans.items() if n >= named > 1}
    return [
        " ".join([*(t for start, t in parts[p] if start not in sheet_titles), str(stacked[p])])
        if any(start not in sheet_titles for start, _ in parts[p])
        else None
        for p in range(width)
    ]


def _find_header(
    rows: list[list[str | None]], lookup: HeaderLookup, required: set[str]
) -> tuple[int, int, HeaderMatch, list[str | None]]:
    """The header among the first rows: (first row, rows it spans, its match, its cells).

    A header names at least two declared fields, one of them required: a summary
    sheet headed ``Kecamatan | Desa | Jumlah Peserta`` is not a list of workers. A
    header may span up to ``HEADER_DEPTH`` rows where a group title (``Masa
    Kepesertaan``, ``Tanggal``) is merged over sub-columns (``Tgl Mulai`` | ``Tgl Akhir``,
    ``Mulai`` | ``Berakhir``): per column the lowest filled cell names it, else that cell
    joined to the title above it. A deeper header wins only when it recognises more
    columns (the fields it names, and the sub-columns under a title naming another person,
    such as ``NIK`` under ``Ahli Waris``). (-1, 0, empty match, []) when there is none.
    """
    best: tuple[int, int, HeaderMatch, list[str | None]] = (-1, 0, HeaderMatch(), [])
    for i in range(min(len(rows), HEADER_SEARCH_ROWS)):
        for depth in range(1, HEADER_DEPTH + 1):
            if i + depth > len(rows):
                break
            cells = _stacked(rows[i:], depth) if depth > 1 else rows[i]
            found = match_columns(cells, lookup)
            if depth > 1 and len(found.mapping) >= 2:
                # a header whose sub-columns may be named with their group title (``Tanggal``
                # over ``Lahir``), or be another person's (``Ahli Waris`` over ``NIK``)
                found = match_columns(cells, lookup, _titled(rows[i:], depth, cells))
            if (
                len(found.mapping) >= 2
                # more columns recognised; as many: more read (a title row above is no help)
                and (found.recognised(), len(found.mapping)) > (best[2].recognised(), len(best[2].mapping))
                and required & set(found.mapping.values())
            ):
                named = [found.titled.get(p, c) for p, c in enumerate(cells)]
                best = (i, depth, found, named)
    return best if len(best[2].mapping) >= 2 else (-1, 0, HeaderMatch(), [])


#: Sheets with at least this many rows have their columns cleaned in parallel.
_PARALLEL_FROM_ROWS = 20_000
_TOTAL_ROW = r"^\W*(?:jumlah|total|jml|grand\s*total|sub\s*total)\b"
# A row of column numbers under the header, as government forms have: (1) (2) (3) ...
_COLUMN_NUMBER = r"^\(?\d{1,2}\)?$"
# Control characters, zero-width marks and bidirectional overrides (RE2 syntax).
_INVISIBLE_CHARS = (
    "\\x00-\\x08\\x0e-\\x1f\\x7f\\x{200b}-\\x{200f}\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}\\x{feff}"
)
_INVISIBLE = f"[{_INVISIBLE_CHARS}]"
_UNUSUAL = f"[\\t\\r\\n\\v\\f{_INVISIBLE_CHARS}]"
_FILLER = "^[-\u2010-\u2015\u2212.\u00b7_'\u2019/\\s]*$"


def rows_to_sheet(
    sheet: str,
    table: pa.Table,
    first_row_number: int,
    fields: tuple[Field, ...],
    cell_types: CellTypes | None = None,
) -> tuple[SheetRows | None, list[ReadNote]]:
    """Turn an all-text table of a sheet's rows into ``SheetRows`` (``None``: no header).

    Row classification is column-wise Arrow compute: no Python work per row.
    """
    lookup = header_lookup(fields)
    head = [list(r.values()) for r in table.slice(0, HEADER_SEARCH_ROWS).to_pylist()]
    header_idx, depth, found, header_names = _find_header(
        head, lookup, {f.name for f in fields if f.required is True}
    )
    if header_idx < 0:
        return None, [
            ReadNote(
                sheet,
                "skipped_sheet",
                f"no recognisable header in the first {HEADER_SEARCH_ROWS} rows: sheet not read",
                None,
                sheet,
            )
        ]
    mapping = found.mapping
    unknown, notes = _column_notes(sheet, found, header_names)
    data = table.slice(header_idx + depth)
    names = table.column_names

    # Every cell trimmed, empty text as null: column by column, on every core for a long
    # sheet (Arrow compute releases the GIL).
    def clean(pos: int) -> pa.ChunkedArray:
        col = data.column(names[pos]).cast(pa.string())
        if pos in mapping and pc.any(pc.match_substring_regex(col, _UNUSUAL)).as_py():
            # Line breaks and tabs typed into a cell become spaces; other control
            # characters and bidirectional overrides (which can make a printed name
            # read differently from its bytes) are removed. Most columns have none:
            # one scan decides.
            col = pc.replace_substring_regex(col, r"[\t\r\n\v\f]+", " ")
            col = pc.replace_substring_regex(col, _INVISIBLE, "")
        col = pc.utf8_trim_whitespace(col)
        # Empty, or only a filler mark an office types for "none": "-", "–", ".", "'"
        blank = pc.fill_null(pc.match_substring_regex(col, _FILLER), True)
        return pc.if_else(blank, pa.scalar(None, pa.string()), col)

    if data.num_rows >= _PARALLEL_FROM_ROWS and len(names) > 1 and read_workers() > 1:
        with ThreadPoolExecutor(max_workers=read_workers(), thread_name_prefix="clean") as pool:
            cells = list(pool.map(clean, range(len(names))))
    else:
        cells = [clean(pos) for pos in range(len(names))]
    first_data_row = first_row_number + header_idx + depth
    if cell_types is not None and cell_types.merged:
        cells, merged_notes = fill_merged(sheet, cells, mapping, header_names, cell_types, first_data_row)
        notes.extend(merged_notes)
    row_numbers = pa.array(range(first_data_row, first_data_row + data.num_rows), pa.int64())
    keep = pa.array([False] * data.num_rows, pa.bool_())
    for pos in mapping:  # blank rows: no declared field has a value
        keep = pc.or_(keep, pc.is_valid(cells[pos]))
    if cells:
        first_cell = pc.coalesce(*cells)
        totals = pc.fill_null(pc.match_substring_regex(first_cell, _TOTAL_ROW, ignore_case=True), False)
        # A worker named "Totalina" is not a total: a total row has no identifier digits.
        for pos in (p for p, f in mapping.items() if f in IDENTIFIER_FIELDS):
            digits = pc.fill_null(pc.match_substring_regex(cells[pos], r"\d"), False)
            totals = pc.and_(totals, pc.invert(digits))
        # a total row typed in an unread column ("JUMLAH" under "No") is a total row, not text
        # outside the recognised columns: one note for it, not two
        other_content = pc.and_(pc.and_(pc.invert(keep), pc.is_valid(first_cell)), pc.invert(totals))
        if pc.any(other_content).as_py():
            n = pc.sum(other_content).as_py()
            notes.append(
                ReadNote(
                    sheet,
                    "rows_without_fields",
                    f"{n} row(s) with text only outside "
                    "the recognised columns (e.g. a numbered empty template row) "
                    "ignored",
                    n,
                    sheet,
                )
            )
        if pc.any(totals).as_py():
            n = pc.sum(totals).as_py()
            notes.append(ReadNote(sheet, "total_rows", f"{n} total row(s) ignored", n, sheet))
            keep = pc.and_(keep, pc.invert(totals))
        numbering = _column_numbering_rows(cells, mapping)
        if numbering is not None and pc.any(numbering).as_py():
            n = pc.sum(numbering).as_py()
            notes.append(
                ReadNote(
                    sheet,
                    "column_numbers",
                    f"{n} row(s) of column numbers (1), (2), (3) ... under the header ignored",
                    n,
                    sheet,
                )
            )
            keep = pc.and_(keep, pc.invert(numbering))
    # A header repeated mid-sheet (pages pasted together), in any variant, is not data:
    # every filled field cell names its own field as a header would, at least two of them.
    repeated_at = _repeated_headers(cells, mapping, header_names, lookup)
    repeated_mask = [False] * data.num_rows
    for i in repeated_at:
        repeated_mask[i] = True
    repeated = pa.array(repeated_mask, pa.bool_())
    if pc.any(repeated).as_py():
        n = pc.sum(repeated).as_py()
        notes.append(ReadNote(sheet, "repeated_header", f"{n} repeated header row(s) ignored", n, sheet))
        keep = pc.and_(keep, pc.invert(repeated))
    columns = {"source_row": pc.filter(row_numbers, keep).to_pandas()}
    empty = pa.nulls(pc.sum(keep).as_py() or 0, pa.string())
    by_field = {fname: cells[pos] for pos, fname in mapping.items()}
    for f in fields:
        values = pc.filter(by_field[f.name], keep) if f.name in by_field else empty
        columns[f.name] = pd.Series(values.to_pandas(), dtype="string[pyarrow]")
    frame = pd.DataFrame(columns)
    if cell_types is not None:
        _mark_number_cells(frame, mapping, header_names, cell_types)
        _mark_serial_60(frame, mapping, fields, cell_types)
        notes.extend(_error_cell_notes(sheet, frame, mapping, fields, cell_types))
    missing = missing_columns(fields, set(mapping.values()))
    if missing:
        # A sheet without a column for a required field is not read (CONTRACT §2): each of
        # its rows is rejected with ``missing_column`` (``row_checks.Validation``), and one
        # note per missing field says what to rename or add.
        frame[MISSING_COLUMN] = missing[0][0]
        said: list[ReadNote] = []
        for name, alts in missing:
            # a column is offered as the closest of one missing field only
            offered = {n.value for n in said}
            said.append(
                _missing_column_note(sheet, len(frame), fields, name, alts, header_names, found, offered)
            )
        # the column to rename is named there: no second note calling it ignorable
        closest = {n.value for n in said}
        notes = [n for n in notes if not (n.topic == "unknown_column" and n.value in closest)]
        notes.extend(said)
    columns_found = {str(header_names[p]): fname for p, fname in mapping.items()}
    sheet_rows = SheetRows(
        sheet, frame, columns_found, unknown_columns=unknown, missing_columns=[name for name, _ in missing]
    )
    return sheet_rows, notes


#: The frame column naming the required field a sheet has no column for (null: it has them all).
MISSING_COLUMN = "missing_column"


def _column_notes(
    sheet: str, found: HeaderMatch, header_names: list[str | None]
) -> tuple[list[str], list[ReadNote]]:
    """The header's columns that are not read, each with a note.

    Unknown, ambiguous (its words name two fields), or a second column of a field.
    """
    unknown, notes = [], []
    for pos, cell in enumerate(header_names):
        if pos in found.mapping or not _filled(cell):
            continue
        name = str(cell).strip()
        if pos in found.other:
            unknown.append(name)
            message = f"column {name!r} is about another person than the worker: not read"
            notes.append(ReadNote(sheet, "unknown_column", message, None, name, None, name))
        elif pos in found.ambiguous:
            options = " or ".join(found.ambiguous[pos])
            message = (
                f"column {name!r} could name {options}: not read; rename it to one field's header, "
                f"or add the line `{name},<field>` to reference/kolom.csv"
            )
            notes.append(ReadNote(sheet, "ambiguous_column", message, None, name, None, name))
        elif pos in found.second:
            fname, winner = found.second[pos]
            first = str(header_names[winner]).strip()
            message = (
                f"columns {first!r} and {name!r} both name {fname}: {first!r} is read (its header "
                f"comes earlier in the list of {fname}'s headers), {name!r} is not"
            )
            notes.append(ReadNote(sheet, "second_column", message, None, name, None, name))
        elif not is_numbering_header(cell):
            unknown.append(name)
            notes.append(
                ReadNote(
                    sheet,
                    "unknown_column",
                    f"column {name!r} is not a known field: not read",
                    None,
                    name,
                    None,
                    name,
                )
            )
    return unknown, notes


def _missing_column_note(
    sheet: str,
    rows: int,
    fields: tuple[Field, ...],
    name: str,
    alternatives: tuple[tuple[str, ...], ...],
    header_names: list[str | None],
    found: HeaderMatch,
    offered: set[str | None],
) -> ReadNote:
    """One note for a sheet that lacks a required field's column: its columns, the closest, what to do.

    The closest column may be like another alternative of the requirement (``Nomor Peserta
    BPJS`` for ``no_kpj`` where neither NIK nor KPJ is there): the note then names that field.
    """
    others = [" and ".join(alt) for alt in alternatives if name not in alt]
    wanted = name + (f" (or {' or '.join(others)})" if others else "")
    columns = [str(c).strip() for c in header_names if _filled(c)]
    unread = [
        str(c).strip()
        for p, c in enumerate(header_names)
        if _filled(c)
        and p not in found.mapping
        and p not in found.second
        and p not in found.other  # another person's column is no candidate for the worker's field
        and str(c).strip() not in offered
    ]
    # the missing field first, then the other alternatives of one field each
    candidates = (name, *(alt[0] for alt in alternatives if len(alt) == 1 and alt[0] != name))
    closest = closest_of(unread, fields, candidates)
    listed = ", ".join(repr(c) for c in columns)
    if closest is not None:
        column, suggested = closest
        usual = _usual_header(fields, suggested)
        advice = (
            f"the closest is {column!r}: rename column {column!r} to {usual!r}, or add the line "
            f"`{column},{suggested}` to reference/kolom.csv"
        )
    else:
        column, suggested = None, name
        advice = f"none of them is like it: add a column headed {_usual_header(fields, name)!r}"
    message = (
        f"sheet not read: no column for {wanted}; its {rows} row(s) rejected. Its columns: {listed}; {advice}"
    )
    return ReadNote(sheet, "missing_column", message, rows, column, None, suggested)


def _usual_header(fields: tuple[Field, ...], name: str) -> str:
    """A field's first listed header (``Tgl Mulai``), else its name."""
    f = next(f for f in fields if f.name == name)
    return f.variants[0] if f.variants else name


def _repeated_headers(
    cells: list[pa.ChunkedArray],
    mapping: dict[int, str],
    header_names: list[str | None],
    lookup: HeaderLookup,
) -> list[int]:
    """Rows (indexes) that repeat the header: every filled field cell names its own field, two at least.

    Candidates are found by two column scans, loosely (letters and digits only, as the
    header or a variant of its field); each is then tested by the header rule itself.
    """
    if not mapping:
        return []

    candidates = None
    for pos in sorted(mapping)[:2]:
        f = next(f for f in lookup.fields if f.name == mapping[pos])
        spelled = loose_header_keys(
            pa.array([str(v) for v in (f.name, *f.variants, header_names[pos])], pa.string())
        )
        hit = pc.fill_null(pc.is_in(loose_header_keys(cells[pos]), value_set=spelled), False)
        candidates = hit if candidates is None else pc.or_(candidates, hit)
    index = pc.indices_nonzero(candidates).to_pylist()
    if not index:
        return []
    taken = {pos: pc.take(cells[pos], pa.array(index)).to_pylist() for pos in mapping}
    own = {pos: normalise_header(header_names[pos]) for pos in mapping}
    repeated = []
    for k, i in enumerate(index):
        named = 0
        for pos, fname in mapping.items():
            value = taken[pos][k]
            if value is None:
                continue
            if lookup.name(value).field == fname or normalise_header(value) == own[pos]:
                named += 1
            else:
                break
        else:
            if named >= 2:
                repeated.append(i)
    return repeated


def _column_numbering_rows(cells: list[pa.Array], mapping: dict[int, str]) -> pa.Array | None:
    """Rows whose every filled field cell is a small column number, at least three of them."""
    if len(mapping) < 3:
        return None
    # Such a row's first filled field cell is a column number: those few candidate rows
    # (one column scan) are tested in full.
    first = pc.coalesce(*[cells[p] for p in mapping])
    candidates = pc.indices_nonzero(pc.fill_null(pc.match_substring_regex(first, _COLUMN_NUMBER), False))
    if not len(candidates):
        return None
    rows = [pc.take(cells[p], candidates) for p in mapping]
    is_number = [pc.fill_null(pc.match_substring_regex(c, _COLUMN_NUMBER), False) for c in rows]
    filled = [pc.is_valid(c) for c in rows]
    count = pc.add(pc.cast(is_number[0], pa.int64()), 0)
    all_numbers = is_number[0]
    for i in range(1, len(is_number)):
        count = pc.add(count, pc.cast(is_number[i], pa.int64()))
    for num, full in zip(is_number, filled, strict=True):
        all_numbers = pc.and_(all_numbers, pc.or_(num, pc.invert(full)))
    hit = pc.filter(candidates, pc.and_(all_numbers, pc.greater_equal(count, 3))).to_pylist()
    mask = [False] * len(cells[0])
    for i in hit:
        mask[i] = True
    return pa.array(mask, pa.bool_())


def number_flag(name: str) -> str:
    """The frame column saying how values of identifier ``name`` were stored, when not as text.

    ``number_cell`` (a spreadsheet number cell) or the Parquet float type (``float64``,
    ``float32``, ...); null for text.
    """
    return f"{name}__number"


def _mark_number_cells(
    frame: pd.DataFrame, mapping: dict[int, str], header_cells: list[str | None], cell_types: CellTypes
) -> None:
    """Add ``<field>__number`` columns for identifiers read from number cells or floats."""
    for pos, fname in mapping.items():
        if fname not in IDENTIFIER_FIELDS:
            continue
        float_type = cell_types.float_columns.get(str(header_cells[pos]))
        if float_type:
            kind = frame[fname].notna().map({True: float_type, False: None})
        elif cell_types.numbers:
            keys = zip(frame["source_row"].tolist(), frame[fname].tolist(), strict=True)
            kind = pd.Series(
                ["number_cell" if (r, v) in cell_types.numbers else None for r, v in keys], index=frame.index
            )
        else:
            continue
        frame[number_flag(fname)] = kind.astype(object)


def _error_cell_notes(
    sheet: str, frame: pd.DataFrame, mapping: dict[int, str], fields: tuple[Field, ...], cell_types: CellTypes
) -> list[ReadNote]:
    """An Excel error cell (``#REF!``) in an optional field: left empty, with a note."""
    optional = {f.name for f in fields if f.required is not True}
    rows = set(frame["source_row"].tolist())
    notes = []
    for row, pos, text in cell_types.errors:
        fname = mapping.get(pos)
        if fname in optional and row in rows:
            notes.append(
                ReadNote(
                    sheet,
                    "dropped_optional_value",
                    f"Excel error cell {text} in {fname}: left empty",
                    1,
                    text,
                    row,
                    fname,
                )
            )
    return notes


# A workbook is a zip of XML: refuse one that would inflate beyond what any real
# enrolment list needs (a full 1,048,576-row sheet of 15 columns is ~0.7 GB of XML),
# or whose parts inflate like a zip bomb, before any of it is decompressed.
def _mark_serial_60(
    frame: pd.DataFrame, mapping: dict[int, str], fields: tuple[Field, ...], cell_types: CellTypes
) -> None:
    """Date cells of serial 60 read as the day they stand for, 29/02/1900, which never was.

    The text read shows them as 28 February 1900; only cells of date fields are
    concerned (a number 60 elsewhere is sixty).
    """
    dates = {f.name for f in fields if f.kind == "date"}
    for row, pos in cell_types.serial_60:
        fname = mapping.get(pos)
        if fname in dates:
            frame.loc[frame["source_row"] == row, fname] = "29/02/1900"


def read_workers() -> int:
    """Threads that parse workbooks: one per core (``PIPELINE_READ_WORKERS`` overrides)."""
    configured = os.environ.get("PIPELINE_READ_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(
        1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    )


def _load_sheet(path: Path, index: int) -> pa.Table:
    # Each task opens its own reader (opening is lazy: ~0.2 ms); calamine parses the sheet
    # with the GIL released, so the sheets of one file and other files parse side by side.
    reader = fastexcel.read_excel(excel_source(path))
    return reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string").to_arrow()


@dataclass
class _Planned:
    """The work of reading one file, submitted to the pool; ``finish`` turns it into FileRows."""

    path: Path
    rel: str
    suffix: str
    sha: Future | None = None
    error: Exception | None = None
    whole: Future | None = None  # CSV and Parquet: the whole read
    names: list[str] = field(default_factory=list)
    sheets: list[Future] = field(default_factory=list)
    types: list[Future] | Future | None = None  # per sheet (xlsx) or one for the file (xls)
    type_names: list[str] = field(default_factory=list)
    renamed: str = ""  # the path as the file system gives it, when ``rel`` is not that


def _plan(pool: ThreadPoolExecutor, path: Path, root: Path) -> _Planned:
    """Submit the parse of every sheet, the cell-type scans and the hash of one file."""
    rel = path.relative_to(root).as_posix()
    plan = _Planned(path, printable_path(rel, root), path.suffix.lower(), renamed=rel)
    try:
        if not path.exists():
            raise FileUnreadable("the file disappeared before it could be read")
        if plan.suffix in (".xlsx", ".xlsm", ".xls"):
            is_zip = plan.suffix in (".xlsx", ".xlsm") and zipfile.is_zipfile(path)
            if is_zip:
                check_zip_container(path)
            try:
                plan.names = fastexcel.read_excel(excel_source(path)).sheet_names
            except Exception as exc:  # calamine raises its own error types for every failure mode
                raise FileUnreadable(f"cannot read as a workbook: {exc}") from exc
            plan.sheets = [pool.submit(_load_sheet, path, i) for i in range(len(plan.names))]
            if is_zip:
                try:
                    with zipfile.ZipFile(path) as archive:
                        parts = sheet_parts(archive)
                    plan.type_names = [name for name, _ in parts]
                    plan.types = [pool.submit(xlsx_sheet_cell_types, path, part) for _, part in parts]
                except Exception:  # the values are read all the same; cell types are a refinement
                    plan.types = None
            else:
                plan.types = pool.submit(calamine_cell_types, path)
        elif plan.suffix == ".csv":
            plan.whole = pool.submit(read_csv, path)
        elif plan.suffix == ".parquet":
            plan.whole = pool.submit(read_parquet, path)
        else:
            raise FileUnreadable(f"unsupported file type {plan.suffix!r}; expected one of {SUFFIXES}")
        plan.sha = pool.submit(sha256_of, path)
    except (FileUnreadable, OSError) as exc:
        plan.error = exc
    except Exception as exc:  # one file's surprise is that file's problem, not the run's
        plan.error = unexpected(plan.rel, exc)
    return plan


def _cell_types(plan: _Planned) -> dict[str, CellTypes]:
    """Per sheet name, as one scan of the file gave them; none at all if any scan failed."""
    try:
        if isinstance(plan.types, Future):
            return plan.types.result()
        if plan.types is None:
            return {}
        return dict(zip(plan.type_names, (f.result() for f in plan.types), strict=True))
    except Exception:  # the values were read; cell types are a refinement
        return {}


def _finish(plan: _Planned, fields: tuple[Field, ...]) -> FileRows:
    """Classify the rows of every sheet of a planned file, in sheet order."""
    if plan.error is not None:
        raise plan.error
    if plan.whole is not None:
        tables = plan.whole.result()
    else:
        loaded = []
        for name, future in zip(plan.names, plan.sheets, strict=True):
            try:
                loaded.append((name, future.result()))
            except Exception as exc:  # the first sheet that fails, as a sequential read
                raise FileUnreadable(f"cannot read as a workbook: {exc}") from exc
        types = _cell_types(plan)
        tables = [(name, table, types.get(name)) for name, table in loaded]
    result = FileRows(path=plan.rel, sha256=plan.sha.result())
    if plan.renamed != plan.rel:
        result.notes.append(
            ReadNote(
                "",
                "file_name",
                f"the file name is not UTF-8 text: its bytes were read as Windows-1252 and the file "
                f"is listed as {plan.rel!r}; give the file a new name to stop this note",
                None,
                plan.rel,
            )
        )
    required = frozenset(f.name for f in fields if f.required is True)
    for sheet_name, whole_table, sheet_types in tables:
        if sheet_types is not None:
            result.notes.extend(sheet_types.notes)
        if plan.suffix == ".parquet":  # columns named by the file's schema: one table
            parts, split_notes = [(sheet_name, whole_table, sheet_types)], []
        else:
            parts, split_notes = split_tables(
                sheet_name,
                whole_table,
                sheet_types,
                lambda t: _header_fields(t, fields),
                required,
                lambda ref, other: _header_beside(ref, other, fields),
                required_alternatives(fields),
            )
        result.notes.extend(split_notes)
        for part_name, table, cell_types in parts:
            # Parquet's first "row" is its schema; CSV and sheets start at row 1.
            sheet_rows, notes = rows_to_sheet(part_name, table, 1, fields, cell_types)
            result.notes.extend(notes)
            if sheet_rows is not None:
                result.sheets.append(sheet_rows)
    return result


def _header_fields(table: pa.Table, fields: tuple[Field, ...]) -> frozenset[str]:
    """The fields the recognisable header of ``table`` names (none without one)."""
    head = table.slice(0, HEADER_SEARCH_ROWS + HEADER_DEPTH)
    sheet_rows, _ = rows_to_sheet("", head, 1, fields)
    return frozenset(sheet_rows.columns_found.values()) if sheet_rows is not None else frozenset()


def _header_beside(
    reference: pa.Table, other: pa.Table, fields: tuple[Field, ...]
) -> tuple[frozenset[str], tuple[str, ...]]:
    """What the cells of ``other`` name on the rows of the header of ``reference``.

    (the fields they name, the filled cells as typed); nothing when ``reference`` has no
    recognisable header. A block beside a list is read here as the list's header would be.
    """

    def head(t: pa.Table) -> list[list[str | None]]:
        return [list(r.values()) for r in t.slice(0, HEADER_SEARCH_ROWS).to_pylist()]

    required = {f.name for f in fields if f.required is True}
    first, depth, _, _ = _find_header(head(reference), header_lookup(fields), required)
    rows = head(other)[first:] if first >= 0 else []
    if len(rows) < depth or not rows:
        return frozenset(), ()
    cells = _stacked(rows, depth) if depth > 1 else rows[0]
    titled = _titled(rows, depth, cells) if depth > 1 else None
    found = match_columns(cells, header_lookup(fields), titled)
    named = frozenset(found.mapping.values()) | frozenset(f for f, _ in found.second.values())
    typed = tuple(str(found.titled.get(p, c)).strip() for p, c in enumerate(cells) if _filled(c))
    return named, typed


def unexpected(rel: str, exc: Exception) -> FileUnreadable:
    """An error nobody foresaw while reading one file: logged, and that file listed as unreadable."""
    LOGGER.error("reading %s failed unexpectedly", rel, exc_info=exc)
    return FileUnreadable(
        f"could not be read: an unexpected error ({type(exc).__name__}: {exc}); the other files "
        "were read. Please report it with this file"
    )


class Reading:
    """A thread pool that reads files in the background: ``start`` now, ``collect`` later.

    Workbook sheets, the cell-type scan of each sheet and each file's hash are its tasks;
    ``collect`` classifies the rows of each file in the calling thread, in file and sheet
    order, while the pool parses the next ones, so the result never depends on which task
    finishes first.
    """

    def __init__(self, workers: int | None = None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers or read_workers(), thread_name_prefix="read")

    def start(self, paths: list[Path], root: Path) -> list[_Planned]:
        """Submit the reading of ``paths`` (relative names from ``root``)."""
        return [_plan(self._pool, path, root) for path in paths]

    def collect(
        self, plans: list[_Planned], fields: tuple[Field, ...]
    ) -> list[FileRows | FileUnreadable | OSError]:
        """Each file's ``FileRows``, or the ``FileUnreadable``/``OSError`` reading it raised."""
        out: list[FileRows | FileUnreadable | OSError] = []
        for plan in plans:
            try:
                out.append(_finish(plan, fields))
            except (FileUnreadable, OSError) as exc:
                out.append(exc)
            except Exception as exc:  # one file's surprise is that file's problem, not the run's
                out.append(unexpected(plan.rel, exc))
        return out

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_files(
    paths: list[Path], root: Path, fields: tuple[Field, ...]
) -> list[FileRows | FileUnreadable | OSError]:
    """Read every file of ``paths``, their sheets in parallel; outcomes in path order (``Reading``)."""
    with Reading() as reading:
        return reading.collect(reading.start(paths, root), fields)


def read_file(path: Path, root: Path, fields: tuple[Field, ...]) -> FileRows:
    """Read every sheet of ``path`` that has a recognisable header.

    Raises ``FileUnreadable`` when nothing can be read from the file at all.
    """
    (result,) = read_files([path], root, fields)
    if isinstance(result, Exception):
        raise result
    return result
