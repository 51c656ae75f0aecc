"""One generic reader: any input file -> sheets of text cells with their row numbers.

Every cell is read as text (fastexcel/calamine for workbooks, ``csv`` for text files,
Arrow for Parquet), the header row is found among the first 20 rows by matching the
declared header variants, and blank rows, trailing total rows and repeated headers
are set aside. Parsing and validation happen later, column-wise.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
import re
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
    excel_source,
    printable_path,
    read_csv,
    read_parquet,
    sheet_parts,
    xlsx_sheet_cell_types,
)
from pipeline.ingest.fields import NUMBERING_HEADERS, Field, header_keys, normalise_header

LOGGER = logging.getLogger(__name__)
#: A header may span this many rows (group titles merged over sub-columns).
HEADER_DEPTH = 3
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".parquet")
# A cell may be long (a pasted paragraph, or a quote swallowing lines): no CSV limit.
csv.field_size_limit(2**31 - 1)
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


def header_lookup(fields: tuple[Field, ...]) -> dict[str, str]:
    """Normalised header text -> canonical field name (the canonical name included)."""
    lookup: dict[str, str] = {}
    for f in fields:
        for variant in (f.name, *f.variants):
            lookup.setdefault(normalise_header(variant), f.name)
    return lookup


def match_header(cells: list[str | None], lookup: dict[str, str]) -> dict[int, str]:
    """Column position -> canonical field for the cells that name a declared field.

    A trailing unit in brackets is ignored when the header with it is not a variant
    (``Iuran (Rp)``, ``Iuran/Bulan (Rp.)``).
    """
    found: dict[int, str] = {}
    taken: set[str] = set()
    for pos, cell in enumerate(cells):
        full, bare = header_keys(cell)
        name = lookup.get(full) or lookup.get(bare)
        if name and name not in taken:
            found[pos] = name
            taken.add(name)
    return found


def _stacked(rows: list[list[str | None]], depth: int) -> list[str | None]:
    """Header cells of ``depth`` rows: per column the lowest filled cell (a sub-column name)."""
    width = max(len(r) for r in rows[:depth])
    out: list[str | None] = [None] * width
    for row in rows[:depth]:
        for pos, cell in enumerate(row):
            if cell is not None and str(cell).strip():
                # a unit on a row of its own ("(Rp)") belongs to the name above it
                unit_only = _UNIT_ONLY.match(str(cell)) and out[pos]
                out[pos] = f"{out[pos]} {cell}" if unit_only else cell
    return out


_UNIT_ONLY = re.compile(r"^\s*[(\[][^()\[\]]*[)\]]\s*$")


def _find_header(
    rows: list[list[str | None]], lookup: dict[str, str], required: set[str]
) -> tuple[int, int, dict[int, str], list[str | None]]:
    """The header among the first rows: (first row, rows it spans, mapping, its cells).

    A header names at least two declared fields, one of them required: a summary
    sheet headed ``Kecamatan | Desa | Jumlah Peserta`` is not a list of workers. A
    header may span up to ``HEADER_DEPTH`` rows where a group title (``Masa
    Kepesertaan``) is merged over sub-columns (``Tgl Mulai`` | ``Tgl Akhir``): per
    column the lowest filled cell names it. A deeper header wins only when it names
    more fields. (-1, 0, {}, []) when there is none.
    """
    best = (-1, 0, {}, [])
    for i in range(min(len(rows), HEADER_SEARCH_ROWS)):
        for depth in range(1, HEADER_DEPTH + 1):
            if i + depth > len(rows):
                break
            cells = _stacked(rows[i:], depth) if depth > 1 else rows[i]
            mapping = match_header(cells, lookup)
            if len(mapping) > len(best[2]) and required & set(mapping.values()):
                best = (i, depth, mapping, cells)
    return best if len(best[2]) >= 2 else (-1, 0, {}, [])


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
_HEADER_NOISE = r"[\s._/\\()\[\]{}\-:'\"#*]+"


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
    header_idx, depth, mapping, header_names = _find_header(
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
    notes = []
    unknown = [
        str(c).strip()
        for pos, c in enumerate(header_names)
        if pos not in mapping
        and c is not None
        and str(c).strip()
        and normalise_header(c) not in NUMBERING_HEADERS
    ]
    for name in unknown:
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
    other_content = pc.and_(pc.invert(keep), pc.is_valid(pc.coalesce(*cells))) if cells else None
    if other_content is not None and pc.any(other_content).as_py():
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
    if cells:
        first_cell = pc.coalesce(*cells)
        totals = pc.fill_null(pc.match_substring_regex(first_cell, _TOTAL_ROW, ignore_case=True), False)
        # A worker named "Totalina" is not a total: a total row has no identifier digits.
        for pos in (p for p, f in mapping.items() if f in IDENTIFIER_FIELDS):
            digits = pc.fill_null(pc.match_substring_regex(cells[pos], r"\d"), False)
            totals = pc.and_(totals, pc.invert(digits))
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
    # every filled field cell is a header variant of its own field, at least two of them.
    variants: dict[str, list[str]] = {}
    for key, fname in lookup.items():
        variants.setdefault(fname, []).append(key)

    def is_header_cell(pos: int, column: pa.Array) -> pa.Array:
        normalised = pc.replace_substring_regex(pc.utf8_lower(column), _HEADER_NOISE, "")
        return pc.fill_null(pc.is_in(normalised, value_set=pa.array(variants[mapping[pos]])), False)

    # A repeated header has a header word in one of its first two field columns: find
    # those few candidate rows with two column scans, then test them in full.
    candidates = pa.array([False] * data.num_rows, pa.bool_())
    for pos in sorted(mapping)[:2]:
        candidates = pc.or_(candidates, is_header_cell(pos, cells[pos]))
    index = pc.indices_nonzero(candidates)
    repeated_at = []
    if len(index):
        ok = pa.array([True] * len(index), pa.bool_())
        header_cells = pa.array([0] * len(index), pa.int64())
        for pos in mapping:
            column = pc.take(cells[pos], index)
            is_header = is_header_cell(pos, column)
            ok = pc.and_(ok, pc.or_(is_header, pc.is_null(column)))
            header_cells = pc.add(header_cells, pc.cast(is_header, pa.int64()))
        ok = pc.and_(ok, pc.greater_equal(header_cells, 2))
        repeated_at = pc.filter(index, ok).to_pylist()
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
    found = {str(header_names[p]): fname for p, fname in mapping.items()}
    return SheetRows(sheet=sheet, frame=frame, columns_found=found, unknown_columns=unknown), notes


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
                sheet_name, whole_table, sheet_types, lambda t: _header_fields(t, fields), required
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
