"""File names that are not UTF-8 (issue 21.2): read, and listed under one printable path.

A name typed on an old Windows machine arrives as Latin-1 bytes (``caf\\xe9.csv``); Python
keeps them as lone surrogates, which DuckDB, Arrow and the fix-list workbooks refuse. The
file is read and listed as its bytes read as Windows-1252 (``café.csv``) with a note, the
same path in every table, the fix list and the input archive.
"""

from __future__ import annotations

import os
import sys

import pytest
import xlsxwriter

from pipeline.audit.archive import archive_inputs, entries
from pipeline.outputs.fix_list import write_fix_lists
from pipeline.settings import Settings
from tests.support.containers import HEADER, csv_text, data_root, input_files, notes, row, run

pytestmark = pytest.mark.skipif(
    sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8"
)


def _latin1(folder, name: bytes):
    """The path of a file in ``folder`` whose name is the bytes ``name``."""
    return folder / os.fsdecode(name)


def test_a_latin1_file_name_is_read_and_listed_as_windows_1252_everywhere(tmp_path):
    raw = data_root(tmp_path)
    enrolment = raw / "enrolment"
    good = _latin1(enrolment, b"Penajam_caf\xe9_\x96_2025.csv")
    good.write_text(csv_text([HEADER, row(1), ["123", "Budi", "6409022001", "Petani", "APBD_KAB"]]))
    _latin1(enrolment, b"rusak_\xe9.xlsx").write_bytes(b"not a workbook")
    book = xlsxwriter.Workbook(str(tmp_path / "book.xlsx"))
    sheet = book.add_worksheet("D\u00e9sa")
    for r, values in enumerate([HEADER, row(4), row(5)]):
        sheet.write_row(r, 0, values)
    book.close()
    (tmp_path / "book.xlsx").rename(_latin1(enrolment, b"buku_\xe9.xlsx"))
    _latin1(enrolment, b".tersembunyi_\xe9.csv").write_text("hidden")
    con = run(tmp_path)
    shown = "enrolment/Penajam_café_–_2025.csv"
    files = input_files(con)
    assert files[shown] == (2, 1, 1, None)
    assert files["enrolment/rusak_é.xlsx"][:3] == (0, 0, 0)
    assert files["enrolment/rusak_é.xlsx"][3].startswith("cannot read as a workbook")
    assert files["enrolment/buku_é.xlsx"] == (2, 2, 0, None)
    assert files["enrolment/.tersembunyi_é.csv"][3] == "not read: hidden file (its name starts with '.')"
    assert con.execute("select distinct source_path from staging.spells order by 1").fetchall() == [
        (shown,),
        ("enrolment/buku_é.xlsx",),
    ]
    assert con.execute("select path, row_number, reason from audit.rejected_rows").fetchall() == [
        (shown, 3, "invalid_nik")
    ]
    assert notes(con, "file_name")[0] == (
        shown,
        "",
        "the file name is not UTF-8 text: its bytes were read as Windows-1252 and the file is "
        f"listed as {shown!r}; give the file a new name to stop this note",
    )
    assert [p for p, _, _ in notes(con, "file_name")] == [shown, "enrolment/buku_é.xlsx"]
    # each file's fix list (its rejected row, its note) is written under the printable name
    write_fix_lists(con, tmp_path / "internal")
    assert sorted(p.name for p in (tmp_path / "internal").rglob("*.xlsx")) == [
        "enrolment__Penajam_café_–_2025.xlsx",
        "enrolment__buku_é.xlsx",
    ]
    # the archive stores the file's bytes, found on disk by its listed path
    archive = tmp_path / "archive"
    archive_inputs(con, Settings(tmp_path), archive)
    sha = {e["path"]: e["sha256"] for e in entries(con)}[shown]
    assert (archive / sha).read_bytes() == good.read_bytes()


def test_a_latin1_name_that_reads_as_another_files_name_is_listed_with_escapes(tmp_path):
    raw = data_root(tmp_path)
    enrolment = raw / "enrolment"
    (enrolment / "café.csv").write_text(csv_text([HEADER, row(1)]), encoding="utf-8")
    _latin1(enrolment, b"caf\xe9.csv").write_text(csv_text([HEADER, row(2), row(3)]))
    con = run(tmp_path)
    assert input_files(con) == {
        "enrolment/caf\\xe9.csv": (2, 2, 0, None),
        "enrolment/café.csv": (1, 1, 0, None),
    }
    assert con.execute(
        "select source_path, count(*) from staging.spells group by all order by 1"
    ).fetchall() == [
        ("enrolment/caf\\xe9.csv", 2),
        ("enrolment/café.csv", 1),
    ]
    archive = tmp_path / "archive"
    archive_inputs(con, Settings(tmp_path), archive)
    assert (
        archive / {e["path"]: e["sha256"] for e in entries(con)}["enrolment/caf\\xe9.csv"]
    ).read_text() == (csv_text([HEADER, row(2), row(3)]))


def test_the_raw_files_sensor_names_a_latin1_file_as_ingestion_lists_it(tmp_path):
    from pipeline.orchestration.sensors import describe_changes, hash_inputs

    raw = data_root(tmp_path)
    _latin1(raw / "enrolment", b"caf\xe9.csv").write_text(csv_text([HEADER, row(1)]))
    hashes = hash_inputs(raw)
    assert sorted(hashes) == ["enrolment/café.csv", "reference/wilayah.csv"]
    # the run's tags and the tick log are UTF-8 text
    describe_changes({}, hashes).encode("utf-8")
