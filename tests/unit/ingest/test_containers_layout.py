"""Containers below the text of a file: decoding, file names, cell XML and sheet layout.

Pure functions on hand-built bytes and tables (the end-to-end cases are in
``tests/integration/test_containers_*.py``).
"""

from __future__ import annotations

import os
import zipfile

import pyarrow as pa
import pytest

from pipeline.ingest.blocks import split_tables
from pipeline.ingest.containers import CellTypes, xlsx_sheet_cell_types
from pipeline.ingest.csv_and_parquet import _decode
from pipeline.ingest.file_names import on_disk, printable_path

# --- decoding (CONTRACT §1) ------------------------------------------------------------------------


def test_a_bom_utf8_file_with_one_windows_1252_byte_keeps_its_utf8_characters():
    text, notes = _decode(b"\xef\xbb\xbfNama\nJos\xc3\xa9 \x96 Ani\n")
    assert text == "Nama\nJosé – Ani\n"
    assert [(n.topic, n.count, n.value) for n in notes] == [("encoding", 1, "line 2")]


def test_a_windows_1252_file_reads_as_windows_1252_and_undefined_bytes_are_counted():
    text, notes = _decode("Nama\nAndré\n".encode("cp1252") + b"x\x81y\n")
    assert text == "Nama\nAndré\nx\ufffdy\n"
    assert [(n.count, n.value) for n in notes] == [(1, "line 2"), (1, "line 3")]
    assert "could not be read" in notes[1].message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_cut_at_an_odd_byte_reads_all_but_the_cut_character(encoding):
    raw = "NIK,Nama\n1,Ani\n2,Budi".encode(encoding)[:-1]
    text, notes = _decode(raw)
    assert text == "NIK,Nama\n1,Ani\n2,Bud\ufffd"
    assert [(n.topic, n.value) for n in notes] == [("encoding", "line 3")]


# --- file names ------------------------------------------------------------------------------------


def test_a_name_that_is_not_utf8_is_shown_as_windows_1252_or_escaped_when_that_is_taken(tmp_path):
    latin = os.fsdecode(b"enrolment/caf\xe9 \x96 \x81.csv")
    assert printable_path(latin) == "enrolment/café – \\x81.csv"
    assert printable_path("enrolment/café.csv") == "enrolment/café.csv"
    (tmp_path / "enrolment").mkdir()
    (tmp_path / "enrolment" / os.fsdecode(b"caf\xe9.csv")).write_text("latin")
    assert printable_path(os.fsdecode(b"enrolment/caf\xe9.csv"), tmp_path) == "enrolment/café.csv"
    assert on_disk(tmp_path, "enrolment/café.csv").read_text() == "latin"
    (tmp_path / "enrolment" / "café.csv").write_text("utf-8")
    assert printable_path(os.fsdecode(b"enrolment/caf\xe9.csv"), tmp_path) == "enrolment/caf\\xe9.csv"
    assert on_disk(tmp_path, "enrolment/caf\\xe9.csv").read_text() == "latin"
    assert on_disk(tmp_path, "enrolment/café.csv").read_text() == "utf-8"


# --- sheet XML -------------------------------------------------------------------------------------


def _sheet(tmp_path, cells: str, merges: str = ""):
    path = tmp_path / "s.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="urn:m"><sheetData>{cells}</sheetData>{merges}</worksheet>',
        )
    return xlsx_sheet_cell_types(path, "xl/worksheets/sheet1.xml")


def test_error_and_serial_60_cells_are_found_whatever_the_attribute_order(tmp_path):
    types = _sheet(
        tmp_path,
        '<row r="1"><c t="s" r="B1"><v>0</v></c></row>'
        "<row r=\"2\"><c t='e' s='3' r='C2'><f>1/0</f><v>#DIV/0!</v></c>"
        '<c s="4" r="D2"><v>60</v></c><c t="n" r="E2" s="4"><v>60.0</v></c>'
        '<c t="str" r="F2"><v>60</v></c></row>',
    )
    assert types.errors == [(2, 1, "#DIV/0!")]  # column C, the text read starting at column B
    assert sorted(types.serial_60) == [(2, 2), (2, 3)]  # F2 is text


def test_merged_ranges_over_rows_are_kept_and_a_title_merged_across_one_row_is_not(tmp_path):
    types = _sheet(
        tmp_path,
        '<row r="1"><c r="B1" t="s"><v>0</v></c></row><row r="2"><c r="C2" t="s"><v>1</v></c></row>',
        '<mergeCells count="2"><mergeCell ref="B1:H1"/><mergeCell ref="$D$3:D6"/></mergeCells>',
    )
    assert types.merged == [(3, 2, 6, 2)]


# --- side-by-side tables ---------------------------------------------------------------------------


def _table(rows: list[list[str | None]]) -> pa.Table:
    width = max(len(r) for r in rows)
    return pa.table({f"c{i}": [r[i] if i < len(r) else None for r in rows] for i in range(width)})


HEADS = {"NIK": "nik", "Nama": "nama", "Desa": "kode_desa", "Mulai": "tgl_mulai"}


def _fields(table: pa.Table) -> frozenset[str]:
    """A stand-in header matcher: fields named by the table's first row, two at least."""
    found = frozenset(HEADS[c] for c in table.slice(0, 1).to_pylist()[0].values() if c in HEADS)
    return found if len(found) >= 2 else frozenset()


REQUIRED = frozenset({"nik", "kode_desa", "tgl_mulai"})


def test_two_tables_split_at_the_blank_column_with_positions_moved():
    table = _table(
        [
            ["NIK", "Nama", "Desa", None, "NIK", "Nama", "Desa"],
            ["1", "Ani", "A", " ", "2", "Budi", "B"],
        ]
    )
    types = CellTypes(errors=[(2, 1, "#N/A"), (2, 6, "#REF!")], merged=[(2, 6, 4, 6)])
    parts, notes = split_tables("Desa", table, types, _fields, REQUIRED)
    assert [(name, t.to_pylist()[1]) for name, t, _ in parts] == [
        ("Desa (tabel 1)", {"c0": "1", "c1": "Ani", "c2": "A"}),
        ("Desa (tabel 2)", {"c4": "2", "c5": "Budi", "c6": "B"}),
    ]
    assert [(t.errors, t.merged) for _, _, t in parts] == [
        ([(2, 1, "#N/A")], []),
        ([(2, 2, "#REF!")], [(2, 2, 4, 2)]),
    ]
    assert [n.topic for n in notes] == ["side_by_side_tables"]


@pytest.mark.parametrize(
    "rows",
    [
        [["NIK", "Nama", None, "Desa", "Mulai"], ["1", "Ani", None, "A", "1/1/2025"]],  # a spacer column
        [["NIK", "Desa", "Mulai", None, "Catatan"], ["1", "A", "1/1/2025", None, "pindah"]],  # a notes column
    ],
    ids=["spacer_column", "notes_column"],
)
def test_one_table_with_a_blank_column_stays_one_table(rows):
    table = _table(rows)
    parts, notes = split_tables("Desa", table, None, _fields, REQUIRED)
    assert [(name, t is table) for name, t, _ in parts] == [("Desa", True)]
    assert notes == []
