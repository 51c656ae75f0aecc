"""One generic reader: any input file -> sheets of text cells with their row numbers.

Every cell is read as text (fastexcel/calamine for workbooks, ``csv`` for text files,
Arrow for Parquet), the header row is found among the first 20 rows by matching the
declared header variants, and blank rows, trailing total rows and repeated headers
are set aside. Parsing and validation happen later, column-wise.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.ingest.fields import Field, normalise_header

HEADER_SEARCH_ROWS = 20
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".parquet")


class FileUnreadable(Exception):
    """The file as a whole cannot be read (corrupt, not a spreadsheet, encrypted...)."""


@dataclass
class SheetRows:
    """Data rows of one sheet, as text, under canonical field names.

    ``frame`` has ``source_row`` (as the spreadsheet shows it) and one column per
    declared field (null where the sheet has no such column).
    """

    sheet: str
    frame: pd.DataFrame
    columns_found: dict[str, str]


@dataclass
class FileRows:
    """Everything read from one file."""

    path: str
    sha256: str
    sheets: list[SheetRows] = field(default_factory=list)
    # (sheet, topic, message, rows concerned or None)
    notes: list[tuple[str, str, str, int | None]] = field(default_factory=list)


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
    """Column position -> canonical field for the cells that name a declared field."""
    found: dict[int, str] = {}
    taken: set[str] = set()
    for pos, cell in enumerate(cells):
        name = lookup.get(normalise_header(cell))
        if name and name not in taken:
            found[pos] = name
            taken.add(name)
    return found


def _find_header(
    rows: list[list[str | None]], lookup: dict[str, str], required: set[str]
) -> tuple[int, dict[int, str]]:
    """Index of the header row among the first rows, and its column mapping; (-1, {}) if none.

    A header names at least two declared fields, one of them required: a summary
    sheet headed ``Kecamatan | Desa | Jumlah Peserta`` is not a list of workers.
    """
    best, best_map = -1, {}
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping = match_header(row, lookup)
        if len(mapping) > len(best_map) and required & set(mapping.values()):
            best, best_map = i, mapping
    return (best, best_map) if len(best_map) >= 2 else (-1, {})


_TOTAL_ROW = r"^\W*(?:jumlah|total|jml|grand\s*total|sub\s*total)"
# Control characters, zero-width marks and bidirectional overrides (RE2 syntax).
_INVISIBLE_CHARS = (
    "\\x00-\\x08\\x0e-\\x1f\\x7f\\x{200b}-\\x{200f}\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}\\x{feff}"
)
_INVISIBLE = f"[{_INVISIBLE_CHARS}]"
_UNUSUAL = f"[\\t\\r\\n\\v\\f{_INVISIBLE_CHARS}]"
_HEADER_NOISE = r"[\s._/\\()\[\]{}\-:'\"#*]+"


def rows_to_sheet(
    sheet: str, table: pa.Table, first_row_number: int, fields: tuple[Field, ...]
) -> tuple[SheetRows | None, list[tuple[str, str, str, int | None]]]:
    """Turn an all-text table of a sheet's rows into ``SheetRows`` (``None``: no header).

    Row classification is column-wise Arrow compute: no Python work per row.
    """
    lookup = header_lookup(fields)
    head = [list(r.values()) for r in table.slice(0, HEADER_SEARCH_ROWS).to_pylist()]
    header_idx, mapping = _find_header(head, lookup, {f.name for f in fields if f.required is True})
    if header_idx < 0:
        return None, [(sheet, "skipped_sheet", "no recognisable header in the first 20 rows", None)]
    notes = []
    data = table.slice(header_idx + 1)
    names = table.column_names
    # Every cell trimmed, empty text as null.
    cells = []
    for pos, name in enumerate(names):
        col = data.column(name).cast(pa.string())
        if pos in mapping and pc.any(pc.match_substring_regex(col, _UNUSUAL)).as_py():
            # Line breaks and tabs typed into a cell become spaces; other control
            # characters and bidirectional overrides (which can make a printed name
            # read differently from its bytes) are removed. Most columns have none:
            # one scan decides.
            col = pc.replace_substring_regex(col, r"[\t\r\n\v\f]+", " ")
            col = pc.replace_substring_regex(col, _INVISIBLE, "")
        col = pc.utf8_trim_whitespace(col)
        cells.append(pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col))
    row_numbers = pa.array(range(first_row_number + header_idx + 1,
                                 first_row_number + header_idx + 1 + data.num_rows), pa.int64())
    keep = pa.array([False] * data.num_rows, pa.bool_())
    for pos in mapping:  # blank rows: no declared field has a value
        keep = pc.or_(keep, pc.is_valid(cells[pos]))
    other_content = pc.and_(pc.invert(keep), pc.is_valid(pc.coalesce(*cells))) if cells else None
    if other_content is not None and pc.any(other_content).as_py():
        n = pc.sum(other_content).as_py()
        notes.append((sheet, "rows_without_fields", f"{n} row(s) with text only outside the "
                      "recognised columns (e.g. a numbered empty template row) ignored", n))
    if cells:
        first_cell = pc.coalesce(*cells)
        totals = pc.fill_null(pc.match_substring_regex(first_cell, _TOTAL_ROW, ignore_case=True),
                              False)
        if pc.any(totals).as_py():
            n = pc.sum(totals).as_py()
            notes.append((sheet, "total_rows", f"{n} total row(s) ignored", n))
            keep = pc.and_(keep, pc.invert(totals))
    # A header repeated mid-sheet (pages pasted together), in any variant, is not data:
    # every filled field cell is a header variant of its own field, at least two of them.
    variants: dict[str, list[str]] = {}
    for key, fname in lookup.items():
        variants.setdefault(fname, []).append(key)
    def is_header_cell(pos: int, column: pa.Array) -> pa.Array:
        normalised = pc.replace_substring_regex(pc.utf8_lower(column), _HEADER_NOISE, "")
        return pc.fill_null(pc.is_in(normalised, value_set=pa.array(variants[mapping[pos]])),
                            False)

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
        notes.append((sheet, "repeated_header", f"{n} repeated header row(s) ignored", n))
        keep = pc.and_(keep, pc.invert(repeated))
    columns = {"source_row": pc.filter(row_numbers, keep).to_pandas()}
    empty = pa.nulls(pc.sum(keep).as_py() or 0, pa.string())
    by_field = {fname: cells[pos] for pos, fname in mapping.items()}
    for f in fields:
        values = pc.filter(by_field[f.name], keep) if f.name in by_field else empty
        columns[f.name] = pd.Series(values.to_pandas(), dtype="string[pyarrow]")
    frame = pd.DataFrame(columns)
    found = {str(head[header_idx][p]): fname for p, fname in mapping.items()}
    return SheetRows(sheet=sheet, frame=frame, columns_found=found), notes


# A workbook is a zip of XML: refuse one that would inflate beyond what any real
# enrolment list needs (a full 1,048,576-row sheet of 15 columns is ~0.7 GB of XML),
# or whose parts inflate like a zip bomb, before any of it is decompressed.
MAX_UNCOMPRESSED_BYTES = 1_500_000_000
MAX_COMPRESSION_RATIO = 200
_RATIO_MIN_BYTES = 10_000_000


def check_zip_container(path: Path) -> None:
    """Raise ``FileUnreadable`` for an .xlsx whose zip would inflate dangerously."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise FileUnreadable(f"not an Excel workbook (not a valid zip container): {exc}") from exc
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise FileUnreadable(f"refused: the workbook would inflate to {total:,} bytes "
                             f"(limit {MAX_UNCOMPRESSED_BYTES:,})")
    for e in entries:
        if e.file_size > _RATIO_MIN_BYTES and e.file_size > MAX_COMPRESSION_RATIO * max(
                e.compress_size, 1):
            raise FileUnreadable(f"refused: part {e.filename} inflates {e.file_size:,} bytes from "
                                 f"{e.compress_size:,} (a zip bomb?)")


def _read_workbook(path: Path) -> list[tuple[str, pa.Table]]:
    if path.suffix.lower() in (".xlsx", ".xlsm") and zipfile.is_zipfile(path):
        check_zip_container(path)
    try:
        reader = fastexcel.read_excel(str(path))
        sheets = []
        for name in reader.sheet_names:
            sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
            sheets.append((name, sheet.to_arrow()))
        return sheets
    except Exception as exc:  # calamine raises its own error types for every failure mode
        raise FileUnreadable(f"cannot read as a workbook: {exc}") from exc


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _read_csv(path: Path) -> list[tuple[str, pa.Table]]:
    raw = path.read_bytes()
    head = raw[:4096]
    # A stray control character typed into a cell does not make a file binary;
    # consecutive NULs (zip, OLE and image headers all have them) or a file that is
    # mostly control bytes does.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    binary = b"\x00\x00" in head or controls > len(head) * 0.3
    if binary and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileUnreadable("not a text file (binary content)")
    text = _decode(raw).replace("\x00", "")
    if not text.strip():
        raise FileUnreadable("the file is empty")
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    if sample.count("\t") > max(sample.count(";"), sample.count(",")):
        delimiter = "\t"
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    width = max((len(r) for r in rows), default=0)
    columns = {f"c{i}": [r[i] if i < len(r) else None for r in rows] for i in range(width)}
    return [("", pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()}))]


def _read_parquet(path: Path) -> list[tuple[str, pa.Table]]:
    try:
        table = pq.read_table(path)
    except Exception as exc:
        raise FileUnreadable(f"cannot read as Parquet: {exc}") from exc
    # A Parquet export carries canonical names in its schema: make them the header row.
    cols = {}
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_timestamp(col.type):
            col = col.cast(pa.date32())
        values = col.cast(pa.string()).to_pylist()
        cols[name] = [name, *values]
    return [("", pa.table({k: pa.array(v, pa.string()) for k, v in cols.items()}))]


def read_file(path: Path, root: Path, fields: tuple[Field, ...]) -> FileRows:
    """Read every sheet of ``path`` that has a recognisable header.

    Raises ``FileUnreadable`` when nothing can be read from the file at all.
    """
    rel = path.relative_to(root).as_posix()
    if not path.exists():
        raise FileUnreadable("the file disappeared before it could be read")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        tables = _read_workbook(path)
    elif suffix == ".csv":
        tables = _read_csv(path)
    elif suffix == ".parquet":
        tables = _read_parquet(path)
    else:
        raise FileUnreadable(f"unsupported file type {suffix!r}; expected one of {SUFFIXES}")
    result = FileRows(path=rel, sha256=sha256_of(path))
    for sheet_name, table in tables:
        # Parquet's first "row" is its schema; CSV and sheets start at row 1.
        first = 1
        sheet_rows, notes = rows_to_sheet(sheet_name, table, first, fields)
        result.notes.extend(notes)
        if sheet_rows is not None:
            result.sheets.append(sheet_rows)
    return result
