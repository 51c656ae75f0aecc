"""Blocks beside a list across blank columns (CONTRACT §2), and kolom.csv spellings given two fields (§3.4a).

Pure functions on hand-built tables and rows: which block is a table of its own, and
which kolom.csv rows are used.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from pipeline.ingest.blocks import clashing, split_tables
from pipeline.ingest.fields import CLAIM_FIELDS, ENROLMENT_FIELDS
from pipeline.ingest.kolom import validate_header_spellings

HEADS = {
    "NIK": "nik",
    "Nama": "nama",
    "Desa": "desa",
    "Kec": "kecamatan",
    "Kode": "kode_desa",
    "Mulai": "tgl_mulai",
}
REQUIRED = frozenset({"nik", "nama", "tgl_mulai"})
VILLAGE = [(("kode_desa",), ("desa", "kecamatan"))]


def _table(rows: list[list[str | None]]) -> pa.Table:
    width = max(len(r) for r in rows)
    return pa.table({f"c{i}": [r[i] if i < len(r) else None for r in rows] for i in range(width)})


def _first_row(table: pa.Table) -> list[str]:
    return [c for c in table.slice(0, 1).to_pylist()[0].values() if c]


def _fields(table: pa.Table) -> frozenset[str]:
    """A stand-in for a recognisable header: two fields at least on the first row."""
    found = frozenset(HEADS[c] for c in _first_row(table) if c in HEADS)
    return found if len(found) >= 2 else frozenset()


def _beside(_reference: pa.Table, other: pa.Table) -> tuple[frozenset[str], tuple[str, ...]]:
    """A stand-in for the cells of ``other`` on the header row (the first) of ``reference``."""
    cells = _first_row(other)
    return frozenset(HEADS[c] for c in cells if c in HEADS), tuple(cells)


def _split(rows):
    return split_tables("Desa", _table(rows), None, _fields, REQUIRED, _beside, VILLAGE)


def test_a_recap_naming_the_village_beside_a_list_by_names_is_a_table_not_read():
    parts, notes = _split(
        [
            ["NIK", "Nama", "Desa", "Kec", "Mulai", None, "Kode", "Jumlah"],
            ["1", "Ani", "Petung", "Penajam", "1/1/2025", None, "64.09.01.1001", "10"],
        ]
    )
    assert [(name, t.column_names) for name, t, _ in parts] == [
        ("Desa (tabel 1)", ["c0", "c1", "c2", "c3", "c4"])
    ]
    assert [(n.sheet, n.topic) for n in notes] == [
        ("Desa", "side_by_side_tables"),
        ("Desa (tabel 2)", "skipped_sheet"),
    ]
    assert notes[1].message.startswith("columns 'Kode', 'Jumlah', beside another table")
    assert "names kode_desa" in notes[1].message


def test_a_recap_left_of_the_list_is_not_read_and_the_list_is():
    parts, notes = _split(
        [
            ["Kode", "Jumlah", None, "NIK", "Nama", "Desa", "Kec", "Mulai"],
            ["64.09.01.1001", "10", None, "1", "Ani", "Petung", "Penajam", "1/1/2025"],
        ]
    )
    assert [name for name, _, _ in parts] == ["Desa (tabel 2)"]
    assert [(n.sheet, n.topic) for n in notes][1:] == [("Desa (tabel 1)", "skipped_sheet")]


def test_a_spacer_column_between_parts_of_one_table_keeps_it_one_table():
    # Kec completes the village Desa began; Keterangan is no field: one table each time
    for rows in (
        [["NIK", "Nama", "Desa", None, "Kec", "Mulai"], ["1", "Ani", "A", None, "B", "1/1/2025"]],
        [["NIK", "Nama", "Kode", "Mulai", None, "Keterangan"], ["1", "Ani", "A", "1/1/2025", None, "x"]],
    ):
        table = _table(rows)
        parts, notes = split_tables("Desa", table, None, _fields, REQUIRED, _beside, VILLAGE)
        assert [(name, t is table) for name, t, _ in parts] == [("Desa", True)]
        assert notes == []


def test_a_field_clashes_when_the_left_gives_it_or_another_way_to_give_it():
    left = frozenset({"nik", "desa", "kecamatan"})
    assert clashing(frozenset({"kode_desa"}), left, VILLAGE) == {"kode_desa"}
    assert clashing(frozenset({"nik", "tgl_mulai"}), left, VILLAGE) == {"nik"}
    # Kecamatan completes the village Desa began: no second way to give it
    assert clashing(frozenset({"kecamatan"}), frozenset({"nik", "desa"}), VILLAGE) == frozenset()


def _kolom(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_path": "reference/kolom.csv",
            "source_sheet": "",
            "source_row": list(range(2, len(rows) + 2)),
            "kolom": [k for k, _ in rows],
            "field": [f for _, f in rows],
        }
    )


def test_a_spelling_given_two_fields_of_one_input_is_used_for_neither():
    pairs, v = validate_header_spellings(
        _kolom(
            [
                ("Awal", "tgl_mulai"),
                ("AWAL ", "tgl_mulai"),  # a repeat naming the same field: no conflict by itself
                ("Awal", "tgl_akhir"),
                ("Habis", "tgl_akhir"),
                ("Tanggal", "tgl_mulai"),  # an enrolment field and a claims field: both used
                ("Tanggal", "tgl_kejadian"),
            ]
        ),
        (ENROLMENT_FIELDS, CLAIM_FIELDS),
    )
    assert pairs == (("Habis", "tgl_akhir"), ("Tanggal", "tgl_mulai"), ("Tanggal", "tgl_kejadian"))
    message = (
        "spelling 'Awal' is given two fields (row 2: tgl_mulai, row 3: tgl_mulai, row 4: tgl_akhir): "
        "none of them is used; keep one row"
    )
    assert [(n["row_number"], n["topic"], n["message"]) for n in v.notes] == [
        (r, "ignored_header_row", message) for r in (2, 3, 4)
    ]
