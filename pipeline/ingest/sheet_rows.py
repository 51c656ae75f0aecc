"""One sheet's table of text cells -> its data rows under the declared field names.

Every cell is trimmed (line breaks and control characters cleaned, a filler mark such as
``-`` read as empty); blank rows, trailing total rows, a row of column numbers and a
header repeated mid-sheet are set aside with a note each; the cell types a text read
loses are marked (``cell_marks``). A sheet without a column for a required field keeps
its rows, each to be rejected (``MISSING_COLUMN``). Row classification is column-wise
Arrow compute: no Python work per row.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.ingest.blocks import fill_merged
from pipeline.ingest.cell_marks import IDENTIFIER_FIELDS, error_cell_notes, mark_number_cells, mark_serial_60
from pipeline.ingest.containers import HEADER_SEARCH_ROWS, CellTypes, ReadNote
from pipeline.ingest.fields import MISSING_COLUMN, Field, missing_columns
from pipeline.ingest.header_rows import (
    HEADER_DEPTH,
    column_notes,
    find_header,
    missing_column_note,
    repeated_headers,
)
from pipeline.ingest.headers import header_lookup
from pipeline.ingest.workers import read_workers


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
    header_idx, depth, found, header_names = find_header(
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
    unknown, notes = column_notes(sheet, found, header_names)
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
    repeated_at = repeated_headers(cells, mapping, header_names, lookup)
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
        mark_number_cells(frame, mapping, header_names, cell_types)
        mark_serial_60(frame, mapping, fields, cell_types)
        notes.extend(error_cell_notes(sheet, frame, mapping, fields, cell_types))
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
                missing_column_note(sheet, len(frame), fields, name, alts, header_names, found, offered)
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


def header_fields(table: pa.Table, fields: tuple[Field, ...]) -> frozenset[str]:
    """The fields the recognisable header of ``table`` names (none without one)."""
    head = table.slice(0, HEADER_SEARCH_ROWS + HEADER_DEPTH)
    sheet_rows, _ = rows_to_sheet("", head, 1, fields)
    return frozenset(sheet_rows.columns_found.values()) if sheet_rows is not None else frozenset()
