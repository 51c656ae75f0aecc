"""How a sheet is laid out beyond one table of one value per cell (CONTRACT §2).

Two layouts offices really send: tables side by side on one sheet, separated by fully
blank columns, each with its own header (``split_tables``: each read as if it were its
own sheet); and a value merged down the rows it holds for, such as a ``Kode Desa``
merged down the rows of its village (``fill_merged``: the value counts for every row of
the range, where the spreadsheet keeps it in the top-left cell only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.ingest.containers import CellTypes, ReadNote

#: Fields two header blocks must share to be two tables rather than one table with an
#: empty spacer column (a single table names each field once).
_SHARED_FIELDS = 2


@dataclass
class _Block:
    start: int
    end: int  # exclusive
    fields: frozenset[str] = field(default_factory=frozenset)


def _is_blank(column: pa.ChunkedArray) -> bool:
    if column.null_count == len(column):
        return True
    # A filled column shows it in its first rows: the whole column is scanned only when not.
    for part in (column.slice(0, 200), column):
        trimmed = pc.utf8_trim_whitespace(part.cast(pa.string()))
        if pc.any(pc.greater(pc.utf8_length(trimmed), 0)).as_py():
            return False
    return True


def table_label(sheet: str, number: int) -> str:
    """How notes and rejections name the ``number``-th table of a sheet (from the left)."""
    return f"{sheet} (tabel {number})" if sheet else f"tabel {number}"


def split_tables(
    sheet: str,
    table: pa.Table,
    cell_types: CellTypes | None,
    header_fields: Callable[[pa.Table], frozenset[str]],
    required: frozenset[str],
) -> tuple[list[tuple[str, pa.Table, CellTypes | None]], list[ReadNote]]:
    """The tables of a sheet: one, or one per block of columns between fully blank columns.

    A block whose header (``header_fields``: the fields it names, none when it has no
    recognisable header) shares at least two fields with the block on its left, or where
    both name every ``required`` field, is a table of its own; any other block (columns
    after an empty spacer column, a notes column) belongs to the table on its left, so a
    single table with an empty spacer column stays one table. Row numbers stay those of
    the sheet; positions in ``cell_types`` move with their block.
    """
    names = table.column_names
    whole = [(sheet, table, cell_types)], []
    if len(names) < 3:
        return whole
    blank = [_is_blank(table.column(n)) for n in names]
    segments: list[tuple[int, int]] = []
    for pos, is_blank in enumerate(blank):
        if is_blank:
            continue
        if segments and segments[-1][1] == pos:
            segments[-1] = (segments[-1][0], pos + 1)
        else:
            segments.append((pos, pos + 1))
    if len(segments) < 2:
        return whole
    blocks: list[_Block] = []
    for start, end in segments:
        found = header_fields(table.select(names[start:end]))
        if blocks and found:
            left = blocks[-1].fields
            own = len(found & left) >= _SHARED_FIELDS or (required <= found and required <= left)
        else:
            own = not blocks
        if own:
            blocks.append(_Block(start, end, found))
        else:
            blocks[-1] = _Block(blocks[-1].start, end, blocks[-1].fields | found)
    if len(blocks) < 2:
        return whole
    labels = [table_label(sheet, i) for i in range(1, len(blocks) + 1)]
    tables = [
        (label, table.select(names[b.start : b.end]), _shifted(cell_types, b.start, b.end))
        for label, b in zip(labels, blocks, strict=True)
    ]
    note = ReadNote(
        sheet,
        "side_by_side_tables",
        f"the sheet holds {len(blocks)} tables side by side, separated by empty columns: each is "
        f"read as its own table, from the left: {', '.join(repr(x) for x in labels)}",
        len(blocks),
        sheet,
    )
    return tables, [note]


def _shifted(types: CellTypes | None, start: int, end: int) -> CellTypes | None:
    """The cell types of the columns ``start``..``end`` (exclusive), positions from ``start``."""
    if types is None:
        return None
    return replace(
        types,
        errors=[(row, pos - start, text) for row, pos, text in types.errors if start <= pos < end],
        serial_60=[(row, pos - start) for row, pos in types.serial_60 if start <= pos < end],
        merged=[
            (top, first - start, bottom, min(last, end - 1) - start)
            for top, first, bottom, last in types.merged
            if start <= first < end
        ],
        notes=[],  # the file's notes are told once, with the sheet
    )


def fill_merged(
    sheet: str,
    cells: list[pa.ChunkedArray],
    mapping: dict[int, str],
    header_names: list[str | None],
    cell_types: CellTypes,
    first_data_row: int,
) -> tuple[list[pa.ChunkedArray], list[ReadNote]]:
    """The data cells with each merged range's value in every row the range spans.

    Only ranges that start below the header and lie in a read column; the value goes into
    the rows of the range that hold a value in another read column (a merged code reaching
    down into empty template rows does not make them rows). A number cell's value stays a
    number cell in every row it fills (a cut NIK merged down rows is still cut).
    """
    n = len(cells[0]) if cells else 0
    spans: dict[int, list[tuple[int, int]]] = {}
    for top, pos, bottom, _last in sorted(cell_types.merged):
        if top >= first_data_row and bottom > top and pos in mapping and top - first_data_row < n:
            spans.setdefault(pos, []).append((top - first_data_row, min(bottom - first_data_row, n - 1)))
    if not spans:
        return cells, []
    present = {p: pc.is_valid(cells[p]).to_numpy(zero_copy_only=False) for p in mapping}
    cells = list(cells)
    filled = 0
    example = None
    for pos, ranges in spans.items():
        others = np.zeros(n, dtype=bool)
        for p, valid in present.items():
            if p != pos:
                others |= valid
        index = np.arange(n)
        for top, bottom in ranges:
            value = cells[pos][top].as_py()
            if value is None:
                continue
            into = np.flatnonzero(others[top + 1 : bottom + 1]) + top + 1
            if not len(into):
                continue
            index[into] = top
            filled += len(into)
            example = example or (header_names[pos], top + first_data_row, bottom + first_data_row)
            number = (top + first_data_row, value)
            if number in cell_types.numbers:
                cell_types.numbers.update((int(i) + first_data_row, value) for i in into)
        cells[pos] = pc.take(cells[pos], pa.array(index))
    if not filled:
        return cells, []
    name, top, bottom = example
    return cells, [
        ReadNote(
            sheet,
            "merged_cells",
            f"{filled} cell(s) of merged ranges filled with the value of their range (e.g. column "
            f"{str(name).strip()!r}, rows {top}–{bottom}): a merged value counts for every row it spans",
            filled,
            sheet,
        )
    ]
