"""What a text read of a workbook loses, marked on the rows read (``containers.CellTypes``).

An identifier read from a number cell or a Parquet float column may have lost digits
(``number_flag`` columns, which the NIK rules judge); an Excel error cell in an optional
field is left empty with a note; a date cell of serial 60 is Excel's 29 February 1900.
"""

from __future__ import annotations

import pandas as pd

from pipeline.ingest.containers import CellTypes, ReadNote
from pipeline.ingest.fields import Field

#: Identifier fields whose cell type matters: a number cell may have lost digits.
IDENTIFIER_FIELDS = ("nik", "no_kpj")


def number_flag(name: str) -> str:
    """The frame column saying how values of identifier ``name`` were stored, when not as text.

    ``number_cell`` (a spreadsheet number cell) or the Parquet float type (``float64``,
    ``float32``, ...); null for text.
    """
    return f"{name}__number"


def mark_number_cells(
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


def error_cell_notes(
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


def mark_serial_60(
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
