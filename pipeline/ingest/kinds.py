"""Enrolment or claims: which kind a file's or a sheet's header is (CONTRACT §2).

A file is read with the fields of the folder it is in; a file or sheet whose header names
more of the other kind's own fields (``no_klaim``, ``tgl_kejadian``; ``nama``) is that
kind's: it is set aside, not read, with where it belongs (``set_aside_other_kind``).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import fastexcel

from pipeline.ingest.containers import FileUnreadable, ReadNote
from pipeline.ingest.fields import CLAIM_FIELDS, ENROLMENT_FIELDS, Field
from pipeline.ingest.file_names import excel_source
from pipeline.ingest.headers import header_lookup, match_header
from pipeline.ingest.read import FileRows, read_file
from pipeline.ingest.sheet_rows import SheetRows, rows_to_sheet

#: The fields each kind's files are read with, the other kind, and how a message names a kind.
KIND_FIELDS = {"enrolment": ENROLMENT_FIELDS, "claims": CLAIM_FIELDS}
OTHER_KIND = {"enrolment": "claims", "claims": "enrolment"}
KIND_TEXT = {"enrolment": "an enrolment list", "claims": "a claims export"}
#: ``audit.input_files.error`` of a file whose header is that of the other kind starts with it.
WRONG_KIND = "not read: wrong kind"


def _specific(kind: str) -> frozenset[str]:
    """The fields of ``kind`` the other kind lacks (``no_klaim``, ``tgl_kejadian``; ``nama``)."""
    other = {f.name for f in KIND_FIELDS[OTHER_KIND[kind]]}
    return frozenset(f.name for f in KIND_FIELDS[kind] if f.name not in other)


def _sheet_fields(sheet: SheetRows, kind: str) -> tuple[set[str], set[str]]:
    """The fields only ``kind`` has that a sheet's header names, and those only the other kind has.

    The sheet was read with ``kind``'s fields: its known columns count for ``kind``, and its
    unknown columns are matched against the other kind's variants. Only the fields one kind
    has and the other lacks count (a NIK column is in both).
    """
    own = set(sheet.columns_found.values()) & _specific(kind)
    return own, set(_other_kind_columns(sheet, kind).values())


def _other_kind_columns(sheet: SheetRows, kind: str) -> dict[str, str]:
    """The sheet's columns (as typed) that name a field only the other kind has, with that field."""
    other = OTHER_KIND[kind]
    columns = list(sheet.unknown_columns)
    found = match_header(columns, header_lookup(KIND_FIELDS[other]))
    return {columns[pos]: name for pos, name in found.items() if name in _specific(other)}


def _of_other_kind(sheet: SheetRows, kind: str) -> bool:
    own, theirs = _sheet_fields(sheet, kind)
    return len(theirs) > len(own)


def header_kind(read: FileRows, kind: str) -> str | None:
    """The other kind when every sheet's header names more of its fields than of ``kind``'s own; else None.

    ``read`` was read with ``kind``'s fields (``_sheet_fields``). A workbook with sheets of
    both kinds is ``kind``'s: its sheets of the other kind are left out (``sheet_kind``).
    """
    sheets = [_of_other_kind(sheet, kind) for sheet in read.sheets]
    return OTHER_KIND[kind] if sheets and all(sheets) else None


def sheet_kind(sheet: SheetRows, kind: str) -> str | None:
    """The other kind when one sheet's header is that of the other kind; else None.

    A ``Klaim`` sheet in an enrolment workbook is the claims'. As ``header_kind`` for one
    sheet, and only for a sheet that cannot be read as ``kind`` (it lacks a required column
    of ``kind``): a sheet with every column it needs is read.
    """
    return OTHER_KIND[kind] if sheet.missing_columns and _of_other_kind(sheet, kind) else None


class _OtherKindSheet(NamedTuple):
    """A sheet whose header is that of the other kind: its name, its rows, the columns that say so."""

    name: str
    rows: int
    columns: list[str]


#: ``audit.notes.topic`` of a sheet whose header is that of the other kind (not read).
WRONG_KIND_SHEET = "wrong_kind_sheet"


def _set_aside_other_sheets(f: FileRows, kind: str, root: Path) -> None:
    """Leave out the sheets of ``f`` whose header is that of the other kind: one note each, where they go.

    A sheet read with ``kind``'s fields whose header is the other kind's (``sheet_kind``), and
    a sheet skipped for want of ``kind``'s header that the other kind's fields read. Their rows
    are not read (like a sheet without a recognisable header), so they are neither accepted nor
    rejected; the notes of reading them as ``kind`` are dropped with them.
    """
    other = OTHER_KIND[kind]
    found: list[_OtherKindSheet] = []
    for sheet in list(f.sheets):
        if sheet_kind(sheet, kind) is None:
            continue
        f.sheets.remove(sheet)
        found.append(_OtherKindSheet(sheet.sheet, len(sheet.frame), list(_other_kind_columns(sheet, kind))))
    skipped = [n.sheet for n in f.notes if n.topic == "skipped_sheet"]
    for sheet in _sheets_read_as(root / f.path, skipped, KIND_FIELDS[other]):
        columns = [c for c, name in sheet.columns_found.items() if name in _specific(other)]
        if len(sheet.frame) and columns:
            found.append(_OtherKindSheet(sheet.sheet, len(sheet.frame), columns))
    for name, rows, columns in found:
        f.notes = [n for n in f.notes if n.sheet != name]
        f.notes.append(
            ReadNote(
                name,
                WRONG_KIND_SHEET,
                f"sheet not read: its header is that of {KIND_TEXT[other]} "
                f"({', '.join(repr(c) for c in columns)}), not {KIND_TEXT[kind]}; its {rows} row(s) "
                f"were not read as {KIND_TEXT[kind]}. Move the sheet into a workbook of its own in "
                f"raw/{other}/, then run again",
                rows,
                other,
            )
        )


def _sheets_read_as(path: Path, names: list[str], fields: tuple[Field, ...]) -> list[SheetRows]:
    """The sheets ``names`` of a workbook read with ``fields`` (only those: the others were read).

    A sheet that cannot be loaded, or has no header of ``fields``, is left out.
    """
    if not names or path.suffix.lower() not in (".xlsx", ".xlsm", ".xls"):
        return []
    out = []
    try:
        reader = fastexcel.read_excel(excel_source(path))
        for name in names:
            if name not in reader.sheet_names:  # a block of a sheet (blocks.split_tables)
                continue
            table = reader.load_sheet(
                reader.sheet_names.index(name), header_row=None, skip_rows=0, dtypes="string"
            ).to_arrow()
            sheet, _ = rows_to_sheet(name, table, 1, fields)
            if sheet is not None:
                out.append(sheet)
    except Exception:  # calamine's own errors: the sheet was noted as skipped already
        return out
    return out


def set_aside_other_kind(read: list[FileRows], kind: str, root: Path) -> tuple[list[FileRows], list[dict]]:
    """Files of ``read`` whose header is that of the other kind: not read, listed with where they go.

    A file none of whose sheets has a header of ``kind`` is read again with the other kind's
    fields: when that finds rows, it is the other kind's file. Of a file that is kept, a sheet
    of the other kind is left out with a note (``_set_aside_other_sheets``).
    """
    other = OTHER_KIND[kind]
    keep, wrong = [], []
    for f in read:
        found = header_kind(f, kind)
        if found is None and not f.sheets:
            try:
                again = read_file(root / f.path, root, KIND_FIELDS[other])
            except (FileUnreadable, OSError):
                again = None
            if again is not None and any(len(s.frame) for s in again.sheets):
                found = other
        if found is None:
            _set_aside_other_sheets(f, kind, root)
            keep.append(f)
            continue
        wrong.append(
            {
                "path": f.path,
                "sha256": f.sha256,
                "rows_read": 0,
                "rows_accepted": 0,
                "rows_rejected": 0,
                "error": f"{WRONG_KIND}: its header is that of {KIND_TEXT[found]}, not "
                f"{KIND_TEXT[kind]}: move it to raw/{found}/ (it was not read as {KIND_TEXT[kind]})",
                "sheets": None,
            }
        )
    return keep, wrong
