"""A sheet of the other kind inside a workbook (CONTRACT §6), and names printed on one line."""

from __future__ import annotations

from pathlib import Path

import duckdb
import xlsxwriter

from pipeline.audit import health
from pipeline.ingest.load import ingest
from pipeline.settings import Settings
from tests.fixtures.ppu_root import (
    CLAIM_HEADER,
    ENROLMENT_HEADER,
    build_ppu_root,
    claim_rows,
    enrolment_rows,
)


def _workbook(path: Path, sheets: list[tuple[str, list[list[str]]]]) -> None:
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets:
        sheet = book.add_worksheet(name)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                sheet.write_string(i, j, value)
    book.close()


def test_an_enrolment_sheet_in_a_claims_workbook_is_named_and_its_rows_are_not_read_as_claims(tmp_path):
    root = build_ppu_root(tmp_path, claims=0)
    (root / "raw" / "claims" / "klaim.csv").unlink()
    _workbook(
        root / "raw" / "claims" / "klaim_maret.xlsx",
        [("Klaim", [CLAIM_HEADER, *claim_rows(2)]), ("Peserta Baru", [ENROLMENT_HEADER, *enrolment_rows(4)])],
    )
    with duckdb.connect() as con:
        ingest(con, Settings.at(root), key=b"k" * 32)
        notes = con.execute(
            "select topic, row_count, message from audit.notes "
            "where path = 'claims/klaim_maret.xlsx' and sheet = 'Peserta Baru'"
        ).fetchall()
        [(read, accepted, rejected)] = con.execute(
            "select rows_read, rows_accepted, rejected_rows from (select rows_read, rows_accepted, "
            "rows_rejected as rejected_rows from audit.input_files where path = 'claims/klaim_maret.xlsx')"
        ).fetchall()
        found = health.from_database(con)
    [(topic, rows, message)] = notes
    assert (topic, rows) == ("wrong_kind_sheet", 4)
    assert "header is that of an enrolment list" in message and "raw/enrolment/" in message
    assert (read, accepted, rejected) == (2, 2, 0)  # the two claims; the four workers not read as claims
    assert [p.code for p in found.problems] == ["misplaced_sheet"]
    assert "claims/klaim_maret.xlsx [Peserta Baru]" in found.lines()[1]


def test_a_sheet_without_its_kinds_columns_but_not_of_the_other_kind_is_still_missing_columns(tmp_path):
    # A sheet with only a NIK and a 'Status' column is not called a claims sheet: it lacks columns.
    root = build_ppu_root(tmp_path)
    _workbook(
        root / "raw" / "enrolment" / "status.xlsx",
        [
            ("Peserta", [ENROLMENT_HEADER, *enrolment_rows(2, first=800)]),
            ("Cek", [["NIK", "Nama", "Status"]]),
        ],
    )
    with duckdb.connect() as con:
        ingest(con, Settings.at(root), key=b"k" * 32)
        topics = {t for (t,) in con.execute("select topic from audit.notes where sheet = 'Cek'").fetchall()}
    assert "wrong_kind_sheet" not in topics and "missing_column" in topics


def test_a_name_with_control_characters_is_shown_on_one_line():
    from pipeline.core.shown import one_line

    assert one_line("Data Waru\n.xlsx") == "Data Waru\\n.xlsx"
    assert one_line("a\tb\r\x1b[31m\u2028c\u202e") == "a\\tb\\r\\x1b[31m\\u2028c\\u202e"
    assert one_line("Desa Waru (2025).xlsx") == "Desa Waru (2025).xlsx"
    problem = health.Problem("misplaced", 0, places=("Data Waru\n.xlsx: raw/ reads only ...",))
    assert all("\n" not in line for line in health.Health((problem,)).lines())
