"""What the cells of a workbook are made of, below their text: the container and cell types.

Workbooks are zip containers checked before they are opened (a zip bomb is refused); the
sheet XML says what a text read cannot (number cells that may have lost a NIK's digits,
Excel error cells, serial 60, merged ranges): ``CellTypes``, which ``cell_marks`` applies
to the rows read. Also the reading's shared vocabulary: ``ReadNote``, ``FileUnreadable``.
CSV and Parquet files are read by ``csv_and_parquet``; ``pipeline.ingest.read`` turns all
of it into sheets of text cells.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.ingest.file_names import excel_source

#: Rows searched for the header (and sniffed for a CSV's delimiter).
HEADER_SEARCH_ROWS = 50


class ReadNote(NamedTuple):
    """A remark about a file, sheet, column or row, for ``audit.notes``."""

    sheet: str
    topic: str
    message: str
    count: int | None
    value: str | None = None
    row_number: int | None = None
    field: str | None = None


@dataclass
class CellTypes:
    """What text cells cannot say: which cells were numbers, which were Excel errors.

    ``numbers``: (Excel row, integer value as text) of number cells of 15 or more
    digits, where a NIK may have been cut; ``"float"`` marks a Parquet float column.
    ``errors``: (Excel row, position in the table, error text such as ``#REF!``).
    """

    numbers: set[tuple[int, str]] = field(default_factory=set)
    #: Parquet float columns -> their type (``float64``, ``float32``, ...).
    float_columns: dict[str, str] = field(default_factory=dict)
    errors: list[tuple[int, int, str]] = field(default_factory=list)
    #: (Excel row, position) of cells holding serial 60: Excel's 29 February 1900,
    #: a day that never was, which the text read shows as 28 February.
    serial_60: list[tuple[int, int]] = field(default_factory=list)
    #: Merged ranges: (first Excel row, first position, last Excel row, last position), the
    #: value of each in its top-left cell only.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: Remarks made while reading the file's cells (e.g. a stray quote in a CSV).
    notes: list[ReadNote] = field(default_factory=list)


class SheetTable(NamedTuple):
    """One sheet, or one table of a sheet, as read: its name, its cells as text, what a text read loses."""

    name: str
    table: pa.Table
    cell_types: CellTypes | None


class FileUnreadable(Exception):
    """The file as a whole cannot be read (corrupt, not a spreadsheet, encrypted...)."""


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
        raise FileUnreadable(
            f"refused: the workbook would inflate to {total:,} bytes (limit {MAX_UNCOMPRESSED_BYTES:,})"
        )
    for e in entries:
        if e.file_size > _RATIO_MIN_BYTES and e.file_size > MAX_COMPRESSION_RATIO * max(e.compress_size, 1):
            raise FileUnreadable(
                f"refused: part {e.filename} inflates {e.file_size:,} bytes from "
                f"{e.compress_size:,} (a zip bomb?)"
            )


# Cells the text read cannot tell apart: long numbers (a NIK typed into a number cell)
# and error values. In the sheet XML a number cell has no ``t`` attribute (or ``t="n"``).
# Elements may carry a namespace prefix (``<x:c>``), as some report generators write them,
# and a cell's attributes come in whatever order and quotes its writer chose
# (``<c r="A2" s="1">``, ``<c t="n" s="1" r='A2'>``): the patterns find the cells, and
# ``_attributes`` reads each one's ``r`` and ``t``.
_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_FORMULA = rb"(?:<" + _P + rb"f[^>]*/>|<" + _P + rb"f[^>]*>[^<]*</" + _P + rb"f>)?"
_CELL = rb"<" + _P + rb"c(\s[^>]*)?>" + _FORMULA + rb"<" + _P
_LONG_NUMBER_CELL = re.compile(_CELL + rb"v>(-?\d{15,}(?:\.\d+)?|-?\d(?:\.\d+)?[eE]\+?1[4-9])</")
_ERROR_CELL = re.compile(
    rb"<" + _P + rb"c(\s[^>]*?\bt\s*=\s*[\"']e[\"'][^>]*)>" + _FORMULA + rb"<" + _P + rb"v>([^<]*)</"
)
_SERIAL_60_CELL = re.compile(_CELL + rb"v>60(?:\.0+)?</")
_VALUE_CELL = re.compile(_CELL + rb"(?:v|is)>")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(rb"\$?([A-Z]{1,3})\$?(\d+)")
_MERGE = re.compile(
    rb"<" + _P + rb"mergeCell\s[^>]*?\bref\s*=\s*[\"']\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)[\"']"
)


def _attributes(text: bytes | None) -> dict[bytes, bytes]:
    """The attributes of a cell's start tag, by name (a namespace prefix dropped)."""
    return {
        name.rpartition(b":")[2]: double if double or not single else single
        for name, double, single in _ATTRIBUTE.findall(text or b"")
    }


def _where(attributes: dict[bytes, bytes]) -> tuple[bytes, int] | None:
    """(column letters, Excel row) of a cell; ``None`` without a reference."""
    found = _REFERENCE.fullmatch(attributes.get(b"r", b""))
    return (found[1], int(found[2])) if found else None


def _is_number(attributes: dict[bytes, bytes]) -> bool:
    return attributes.get(b"t", b"n") == b"n"


_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


def sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member of its XML) of every sheet, in the workbook's order."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    parts = []
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        parts.append((sheet.get("name"), target.lstrip("/") if target.startswith("/") else f"xl/{target}"))
    return parts


# One pass of RE2 (Arrow's regex engine: linear time, and it releases the GIL) says whether
# a sheet has any cell the patterns below would find; most sheets have none, and then
# Python's ``re`` never walks their XML. The patterns are the same (RE2 reads a binary
# value as Latin-1: byte for byte, as ``re`` reads bytes).
_ANY_TYPED_CELL = "|".join(
    f"(?:{p.pattern.decode()})" for p in (_LONG_NUMBER_CELL, _ERROR_CELL, _SERIAL_60_CELL)
)


def _has_match(data: pa.Array, pattern: str) -> bool:
    return bool(pc.any(pc.match_substring_regex(data, pattern)).as_py())


def _as_one_value(data: bytes) -> pa.Array:
    """``data`` as the one value of a binary Arrow array, without copying its bytes."""
    offsets = pa.array([0, len(data)], pa.int64()).buffers()[1]
    return pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])


def xlsx_sheet_cell_types(path: Path, part: str) -> CellTypes:
    """The long number cells, error cells, serial-60 cells and merged ranges of one sheet's XML."""
    with zipfile.ZipFile(path) as archive:
        data = archive.read(part)
    types = CellTypes()
    # Ranges over one row only (a title merged across the columns) hold no data row's value.
    merges = [m for m in (_MERGE.findall(data) if b"mergeCell" in data else []) if m[1] != m[3]]
    whole = _as_one_value(data)
    if not merges and not _has_match(whole, _ANY_TYPED_CELL):
        return types
    if _has_match(whole, _LONG_NUMBER_CELL.pattern.decode()):
        for attributes, value in _LONG_NUMBER_CELL.findall(data):
            attributes = _attributes(attributes)
            if _is_number(attributes) and (where := _where(attributes)):
                types.numbers.add((where[1], str(int(float(value)))))
    errors = [
        (where, text)
        for attributes, text in (
            _ERROR_CELL.findall(data) if _has_match(whole, _ERROR_CELL.pattern.decode()) else []
        )
        if (where := _where(_attributes(attributes)))
    ]
    serial_60 = [
        where
        for attributes in (_SERIAL_60_CELL.findall(data) if b"v>60<" in data or b"v>60." in data else [])
        if _is_number(attrs := _attributes(attributes)) and (where := _where(attrs))
    ]
    if errors or serial_60 or merges:
        # The text read starts at the first column holding a value.
        starts = [w[0] for a in _VALUE_CELL.findall(data) if (w := _where(_attributes(a)))]
        if not starts:
            return types
        first = min(_column_index(letters) for letters in starts)
        for (letters, row), text in errors:
            types.errors.append((row, _column_index(letters) - first, text.decode("utf-8", "replace")))
        for letters, row in serial_60:
            types.serial_60.append((row, _column_index(letters) - first))
        for top_letters, top, bottom_letters, bottom in merges:
            types.merged.append(
                (
                    int(top),
                    _column_index(top_letters) - first,
                    int(bottom),
                    _column_index(bottom_letters) - first,
                )
            )
    return types


def calamine_cell_types(path: Path) -> dict[str, CellTypes]:
    """Per sheet of an .xls: its long number cells and merged ranges (errors read as empty there)."""
    import python_calamine

    source = excel_source(path)
    if isinstance(source, bytes):
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
    else:
        workbook = python_calamine.CalamineWorkbook.from_path(source)
    out = {}
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        start_row = (sheet.start or (0, 0))[0]
        types = CellTypes()
        for i, row in enumerate(sheet.to_python(skip_empty_area=False)):
            for value in row:
                if isinstance(value, float) and abs(value) >= 1e14:
                    types.numbers.add((start_row + i + 1, str(int(value))))
        # calamine gives an .xls sheet's merged ranges (0-based, corners included); the text
        # read starts at the sheet's first column holding a value.
        first_column = (sheet.start or (0, 0))[1]
        for (top, left), (bottom, right) in sheet.merged_cell_ranges or []:
            types.merged.append((top + 1, left - first_column, bottom + 1, right - first_column))
        out[name] = types
    return out
