"""What the cells of a file are made of, below their text: the containers and cell types.

Workbooks are zip containers checked before they are opened (a zip bomb is refused); the
sheet XML says what a text read cannot (number cells that may have lost a NIK's digits,
Excel error cells, serial 60); CSV files are decoded and split whatever their encoding
and delimiter, and Parquet columns are read as text with their float types noted.
``pipeline.ingest.read`` turns all of it into sheets of text cells.
"""

from __future__ import annotations

import csv
import io
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

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


def excel_source(path: Path) -> str | bytes:
    """What calamine opens: the path, or the file's bytes when its name is not UTF-8 text.

    calamine takes a path as UTF-8 only; a name that is not (``printable_path``) would
    fail the file.
    """
    name = str(path)
    return path.read_bytes() if _ESCAPED_BYTE.search(name) else name


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


#: Share of characters that may be unreadable (bytes that are neither UTF-8 nor Windows-1252,
#: broken UTF-16) before a file counts as not text at all.
_MAX_UNREADABLE_SHARE = 0.01
_UNDEFINED_CP1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when ``head`` looks like UTF-16 text without a byte-order mark.

    Latin text in UTF-16 has a NUL as every other byte: at odd positions (little endian) or
    at even ones (big endian), and almost never on the other side.
    """
    head = head[: len(head) - len(head) % 2]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd >= 0.7 and nul_even <= 0.05:
        return "utf-16-le"
    if nul_even >= 0.7 and nul_odd <= 0.05:
        return "utf-16-be"
    return None


# A byte that is not UTF-8 as Python keeps it (``surrogateescape``) -> the Windows-1252
# character it stands for; the five bytes Windows-1252 leaves undefined -> U+FFFD.
_UNDEFINED_CP1252 = b"\x81\x8d\x8f\x90\x9d"
_AS_CP1252 = {
    0xDC00 + b: ("\ufffd" if b in _UNDEFINED_CP1252 else bytes([b]).decode("cp1252"))
    for b in range(0x80, 0x100)
}
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_UNDEFINED_BYTE = re.compile("[\udc81\udc8d\udc8f\udc90\udc9d]")


_NAME_BYTE_AS_CP1252 = {
    0xDC00 + b: (f"\\x{b:02x}" if b in _UNDEFINED_CP1252 else bytes([b]).decode("cp1252"))
    for b in range(0x80, 0x100)
}


def printable_path(rel: str, root: Path | None = None) -> str:
    r"""A file's path as text every table, note and file name can hold (CONTRACT §2).

    A name that is not UTF-8 (Latin-1 bytes from an old Windows machine or a zip) reaches
    Python as lone surrogates, which DuckDB, Arrow and UTF-8 files refuse: its bytes are
    read as Windows-1252, as the office that named it saw them (``caf\xe9.csv`` ->
    ``café.csv``). Should that name belong to another file under ``root`` as well, the
    bytes are written as backslash escapes instead (``caf\xe9.csv``), so two files never
    share a path.
    """
    if not _ESCAPED_BYTE.search(rel):
        return rel
    shown, escaped = _shown_forms(rel)
    return escaped if root is not None and (root / shown).exists() else shown


def _shown_forms(name: str) -> tuple[str, str]:
    """A surrogate-escaped name with its bytes read as Windows-1252, and as backslash escapes."""
    return name.translate(_NAME_BYTE_AS_CP1252), os.fsencode(name).decode("utf-8", errors="backslashreplace")


def on_disk(root: Path, shown: str) -> Path:
    """The file under ``root`` that ``printable_path`` lists as ``shown``: its path on disk."""
    path = root / shown
    if path.exists():
        return path
    found = root
    for part in Path(shown).parts:
        if (found / part).exists():
            found = found / part
            continue
        if not found.is_dir():
            return path
        match = next(
            (c for c in found.iterdir() if _ESCAPED_BYTE.search(c.name) and part in _shown_forms(c.name)),
            None,
        )
        if match is None:
            return path
        found = match
    return found


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _decode(raw: bytes) -> tuple[str, list[ReadNote]]:
    """Text of a file and what its decoding had to say (CONTRACT §1).

    UTF-8 with or without BOM; UTF-16 with a BOM (or plainly UTF-16 without one); a file
    that is not valid UTF-8 is read as Windows-1252, byte by byte where it is not UTF-8, so
    a UTF-8 file with one Windows-1252 character (the dash of ``Jatuh – pohon`` typed on another
    machine) keeps its other characters. Bytes no encoding knows become U+FFFD with a
    note; a file made mostly of those is not text (``FileUnreadable``).
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(raw, "utf-16")
    if not raw.startswith(b"\xef\xbb\xbf") and (utf16 := _utf16_without_bom(raw[:4096])):
        return _decode_utf16(raw, utf16)
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    escaped = body.decode("utf-8", errors="surrogateescape")
    first = _ESCAPED_BYTE.search(escaped)
    count = len(_ESCAPED_BYTE.findall(escaped))
    text = escaped.translate(_AS_CP1252)
    undefined = _UNDEFINED_BYTE.search(escaped)
    unknown = len(_UNDEFINED_BYTE.findall(escaped)) if undefined else 0
    if unknown > max(10, _MAX_UNREADABLE_SHARE * len(text)):
        raise FileUnreadable(
            f"not a text file: {unknown:,} bytes are neither UTF-8 nor Windows-1252; "
            "if it is a list, save it again as CSV UTF-8"
        )
    line = _line(escaped, first.start())
    notes = [
        ReadNote(
            "",
            "encoding",
            f"the file is not all UTF-8: {count - unknown:,} byte(s) read as Windows-1252 "
            f"(first on line {line}); check those characters, or save the file again as CSV UTF-8",
            count - unknown,
            f"line {line}",
        )
    ]
    if unknown:
        notes.append(_unknown_note(unknown, _line(escaped, undefined.start())))
    return text, notes


def _unknown_note(count: int, line: int) -> ReadNote:
    return ReadNote(
        "",
        "encoding",
        f"{count:,} character(s) could not be read (bytes that are no character in the file's "
        f"encoding) and show as \ufffd (first on line {line}): check the file there",
        count,
        f"line {line}",
    )


def _decode_utf16(raw: bytes, encoding: str) -> tuple[str, list[ReadNote]]:
    """UTF-16 text; a last byte cut off and broken surrogate pairs become U+FFFD with a note."""
    text = raw.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - raw.decode(encoding, errors="ignore").count("\ufffd")
    if bad > max(10, _MAX_UNREADABLE_SHARE * len(text)):
        raise FileUnreadable(
            f"not a text file: {bad:,} places are not valid UTF-16; "
            "if it is a list, save it again as CSV UTF-8"
        )
    notes: list[ReadNote] = []
    cut = len(raw) % 2 == 1
    if cut:
        bad -= 1
        notes.append(
            ReadNote(
                "",
                "encoding",
                "the file ends in the middle of a character (a UTF-16 file with an odd number of "
                "bytes: was it cut short?): its last character could not be read; check the last row",
                1,
                f"line {text.count(chr(10)) + 1}",
            )
        )
    if bad > 0:
        notes.append(_unknown_note(bad, _line(text, text.index("\ufffd"))))
    return text, notes


def read_csv(path: Path) -> list[tuple[str, pa.Table]]:
    """A text file as one sheet of text cells, whatever its encoding and delimiter."""
    raw = path.read_bytes()
    head = raw[:4096]
    # A stray control character typed into a cell does not make a file binary;
    # consecutive NULs (zip, OLE and image headers all have them) or a file that is
    # mostly control bytes does.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    binary = b"\x00\x00" in head or controls > len(head) * 0.3
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(head)
    if binary and not utf16:
        raise FileUnreadable("not a text file (binary content)")
    text, decoding_notes = _decode(raw)
    text = text.replace("\x00", "")
    if not text.strip():
        raise FileUnreadable("the file is empty")
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    if sample.count("\t") > max(sample.count(";"), sample.count(",")):
        delimiter = "\t"
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    types = CellTypes(notes=decoding_notes) if decoding_notes else None
    if _swallows_rows(rows, delimiter):
        # A quote opened and never closed swallows the lines below it into one cell
        # (whole rows, delimiters and all). Read line by line instead: a quote then
        # runs to the end of its own line only, and no row disappears.
        rows = [next(csv.reader([line], delimiter=delimiter), []) for line in text.splitlines()]
        types = types or CellTypes()
        types.notes.append(
            ReadNote(
                "",
                "stray_quote",
                'a quote (") opened in a cell is not closed on its line: the file was read line by line',
                None,
                "",
            )
        )
    width = max((len(r) for r in rows), default=0)
    columns = {f"c{i}": [r[i] if i < len(r) else None for r in rows] for i in range(width)}
    return [("", pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()}), types)]


def _swallows_rows(rows: list[list[str]], delimiter: str) -> bool:
    """Whether a cell holds whole lines of the file: a quote opened in a cell and not closed.

    A properly quoted cell may hold a line break and a delimiter too (an address typed on
    two lines inside the quotes): it is one cell. A swallowed line is a row, with about
    as many delimiters as the file's rows have: a line inside a cell counts as a row when
    it holds at least half of them.
    """
    widths = Counter(len(r) for r in rows if len(r) > 1)
    width = widths.most_common(1)[0][0] if widths else 1
    needed = max(1, (width - 1) // 2)
    return any(
        line.count(delimiter) >= needed
        for r in rows
        for cell in r
        if "\n" in cell
        for line in cell.split("\n")[1:]
    )


def read_parquet(path: Path) -> list[tuple[str, pa.Table, CellTypes]]:
    """A Parquet file as one sheet of text cells under a header row of its column names."""
    try:
        table = pq.read_table(path)
    except Exception as exc:
        raise FileUnreadable(f"cannot read as Parquet: {exc}") from exc
    # A Parquet export carries canonical names in its schema: make them the header row.
    cols = {}
    types = CellTypes()
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_timestamp(col.type):
            col = col.cast(pa.date32())
        if pa.types.is_floating(col.type):
            # pandas writes an integer column with a missing value as float64: whole
            # values print as integers (exact below 2^53 for float64, 2^24 for float32:
            # the NIK rules judge the rest).
            types.float_columns[name] = str(col.type.to_pandas_dtype().__name__)
            values = [
                None
                if v is None or v != v
                else (str(int(v)) if float(v).is_integer() and abs(v) < 1e300 else repr(v))
                for v in col.to_pylist()
            ]
        else:
            values = _parquet_text(col)
        cols[name] = [name, *values]
    return [("", pa.table({k: pa.array(v, pa.string()) for k, v in cols.items()}), types)]


def _parquet_text(col: pa.ChunkedArray) -> list[str | None]:
    """A Parquet column as text; nested or binary values as their printed form."""
    try:
        return col.cast(pa.string()).to_pylist()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        out = []
        for v in col.to_pylist():
            if isinstance(v, bytes):
                v = v.decode("utf-8", "replace")
            out.append(None if v is None else str(v))
        return out
