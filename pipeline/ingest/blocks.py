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

from pipeline.ingest.containers import CellTypes, ReadNote, SheetTable

#: Fields two header blocks must share to be two tables when nothing else tells (a single
#: table names each field once).
_SHARED_FIELDS = 2


@dataclass
class _Block:
    start: int
    end: int  # exclusive
    fields: frozenset[str] = field(default_factory=frozenset)
    #: the header cells of a block that is a table of its own but no recognisable one
    #: (a recap ``Kode Desa | Jumlah``): not read
    unread: tuple[str, ...] | None = None
    #: the fields such a block names that the table beside it has too
    clash: frozenset[str] = field(default_factory=frozenset)


#: What a block's cells name on the header rows of another block: (fields, the cells as typed).
HeaderBeside = Callable[[pa.Table, pa.Table], tuple[frozenset[str], tuple[str, ...]]]


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


def clashing(
    right: frozenset[str], left: frozenset[str], alternatives: list[tuple[tuple[str, ...], ...]]
) -> frozenset[str]:
    """The fields of ``right`` that ``left`` already has: the same field, or another way to give it.

    Another way: a field of an alternative of a requirement ``left`` already meets with
    another alternative (``Kode Desa`` beside ``Desa`` and ``Kecamatan``: the village
    twice; ``Masa Iuran`` beside ``Tgl Akhir``: the end twice). A table names each once.
    """
    out = set(right & left)
    for options in alternatives:
        met = [alt for alt in options if all(n in left for n in alt)]
        if met:
            out |= {n for alt in options if alt not in met for n in alt if n in right and n not in left}
    return frozenset(out)


def split_tables(
    sheet: str,
    table: pa.Table,
    cell_types: CellTypes | None,
    header_fields: Callable[[pa.Table], frozenset[str]],
    required: frozenset[str],
    header_beside: HeaderBeside | None = None,
    alternatives: list[tuple[tuple[str, ...], ...]] | None = None,
) -> tuple[list[SheetTable], list[ReadNote]]:
    """The tables of a sheet: one, or one per block of columns between fully blank columns.

    A block is a table of its own when its header names a field the table on its left
    already has (``clashing``: the same field or another way to give it, over
    ``alternatives``, the requirements' alternatives), be it a recognisable header of its
    own (``header_fields``: the fields it names, none when it has none) or only its cells
    on the rows of the left table's header (``header_beside``): two columns for one field
    across a blank gap are two tables. So is a block whose header shares at least two
    fields with the one on its left, or where both name every ``required`` field. A table
    of its own that is no recognisable one (a recap ``Kode Desa | Jumlah`` beside the list)
    is not read, with a note: joined to the list its codes would move the list's workers.
    Any other block (columns after an empty spacer column naming fields the left lacks, a
    notes column) belongs to the table on its left, so a single table with an empty spacer
    column stays one table. Row numbers stay those of the sheet; positions in
    ``cell_types`` move with their block.
    """
    names = table.column_names
    whole = [SheetTable(sheet, table, cell_types)], []
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
    alternatives = alternatives or []

    def part(start: int, end: int) -> pa.Table:
        return table.select(names[start:end])

    blocks: list[_Block] = []
    for start, end in segments:
        found = header_fields(part(start, end))
        if not blocks:
            blocks.append(_Block(start, end, found))
            continue
        left = blocks[-1]
        beside: frozenset[str] = frozenset()
        cells: tuple[str, ...] = ()
        if header_beside is not None and left.fields:
            # the block's cells on the rows of the left table's header
            beside, cells = header_beside(part(left.start, left.end), part(start, end))
        clash = clashing(found | beside, left.fields, alternatives)
        if found and not left.fields and header_beside is not None:
            # no recognisable header on the left (a recap left of the list): its cells on
            # the list's header rows
            before, left_cells = header_beside(part(start, end), part(left.start, left.end))
            clash_before = clashing(before, found, alternatives)
            if clash_before and left.unread is None:
                left.unread, left.clash = left_cells, clash_before
            clash = clash or clash_before
        own = (
            bool(clash)
            or (found and left.unread is not None)  # a list after a table that is not read
            or (
                bool(found)
                and (
                    len(found & left.fields) >= _SHARED_FIELDS
                    or (required <= found and required <= left.fields)
                )
            )
        )
        if own:
            unread = None if found else cells
            blocks.append(_Block(start, end, found, unread, clash if unread is not None else frozenset()))
        else:
            blocks[-1] = _Block(left.start, end, left.fields | found, left.unread, left.clash)
    if len(blocks) < 2:
        return whole
    labels = [table_label(sheet, i) for i in range(1, len(blocks) + 1)]
    read = [label for label, b in zip(labels, blocks, strict=True) if b.unread is None]
    tables = [
        SheetTable(label, part(b.start, b.end), _shifted(cell_types, b.start, b.end))
        for label, b in zip(labels, blocks, strict=True)
        if b.unread is None
    ]
    said = (
        f"the sheet holds {len(blocks)} tables side by side, separated by empty columns: each is "
        f"read as its own table, from the left: {', '.join(repr(x) for x in labels)}"
    )
    if len(read) < len(blocks):
        said = (
            f"the sheet holds {len(blocks)} tables side by side, separated by empty columns, from the "
            f"left: {', '.join(repr(x) for x in labels)}; read, each as its own table: "
            f"{', '.join(repr(x) for x in read) or 'none'}"
        )
    notes = [ReadNote(sheet, "side_by_side_tables", said, len(blocks), sheet)]
    for label, b in zip(labels, blocks, strict=True):
        if b.unread is None:
            continue
        headed = f"columns {', '.join(repr(c) for c in b.unread)}" if b.unread else "its columns"
        notes.append(
            ReadNote(
                label,
                "skipped_sheet",
                f"{headed}, beside another table across empty columns, are a table of their own "
                f"(their header names {', '.join(sorted(b.clash))}, which that table already gives) "
                "but not one to read: a recap or summary table, not read, and its figures count for "
                "nothing. Put it on a sheet of its own to stop this note",
                None,
                label,
            )
        )
    return tables, notes


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
