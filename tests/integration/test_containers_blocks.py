"""Tables side by side on one sheet (issue 21.12, CONTRACT §2).

A sheet where fully blank columns separate blocks that each have their own header holds
that many tables: each is read as if it were its own sheet, named "<sheet> (tabel N)"
from the left, with row numbers as the spreadsheet shows them. A single table with an
empty spacer column stays one table.
"""

from __future__ import annotations

import xlsxwriter

from tests.support.containers import (
    HEADER,
    SESULU,
    csv_text,
    data_root,
    input_files,
    nik,
    notes,
    rejections,
    row,
    run,
)

WIDE = [*HEADER, "Tgl Lahir"]  # A..I; the second table starts at column K (position 10)


def _wide(n: int, village: str = SESULU, birth: str = "12/03/1956") -> list[str]:
    return [*row(n, village=village), birth]


def test_two_tables_side_by_side_are_each_read_with_their_own_rows_and_cell_types(tmp_path):
    raw = data_root(tmp_path)
    book = xlsxwriter.Workbook(str(raw / "enrolment" / "dua.xlsx"))
    sheet = book.add_worksheet("Desa")
    # table 1: header on row 1, three people
    sheet.write_row(0, 0, WIDE)
    for r, n in enumerate((1, 2, 3), start=1):
        sheet.write_row(r, 0, _wide(n))
    # table 2, after the empty column J: a title on row 1, header on row 2, four rows
    sheet.write_string(0, 10, "PESERTA BARU")
    sheet.write_row(1, 10, WIDE)
    for r, n in enumerate((10, 20, 30), start=2):
        sheet.write_row(r, 10, _wide(n))
        sheet.write_number(r, 10, int(nik(n)))  # three NIKs Excel cut to 15 digits (end in 0)
    sheet.write_row(5, 10, _wide(4))
    sheet.write_formula(5, 18, "=#REF!", None, "#REF!")  # Tgl Lahir of row 6: an error cell
    # a single table with an empty spacer column E: one table
    spaced = book.add_worksheet("Spasi")
    spaced.write_row(0, 0, HEADER[:3])
    spaced.write_row(0, 4, HEADER[3:])
    for r, n in enumerate((5, 6), start=1):
        spaced.write_row(r, 0, row(n)[:3])
        spaced.write_row(r, 4, row(n)[3:])
    book.close()
    con = run(tmp_path)
    assert input_files(con) == {"enrolment/dua.xlsx": (9, 6, 3, None)}
    assert rejections(con) == [
        ("enrolment/dua.xlsx", "Desa (tabel 2)", r, "nik", "nik_precision_lost") for r in (3, 4, 5)
    ]
    assert con.execute(
        "select source_sheet, source_row from staging.spells order by source_sheet, source_row"
    ).fetchall() == [
        ("Desa (tabel 1)", 2),
        ("Desa (tabel 1)", 3),
        ("Desa (tabel 1)", 4),
        ("Desa (tabel 2)", 6),
        ("Spasi", 2),
        ("Spasi", 3),
    ]
    assert con.execute(
        """select sheet, row_number, field, message from audit.notes
           where topic = 'dropped_optional_value'"""
    ).fetchall() == [
        ("Desa (tabel 2)", 6, "tanggal_lahir", "Excel error cell #REF! in tanggal_lahir: left empty")
    ]
    assert notes(con, "side_by_side_tables") == [
        (
            "enrolment/dua.xlsx",
            "Desa",
            "the sheet holds 2 tables side by side, separated by empty columns: each is read as its "
            "own table, from the left: 'Desa (tabel 1)', 'Desa (tabel 2)'",
        )
    ]
    assert notes(con, "rows_without_fields") == []


def test_three_tables_side_by_side_in_a_csv(tmp_path):
    raw = data_root(tmp_path)
    lines = [[*HEADER, "", *HEADER, "", "", *HEADER]]
    for k in range(2):
        lines.append([*row(1 + k), "", *row(11 + k), "", "", *row(21 + k)])
    lines.append([*row(3), "", *([""] * len(HEADER)), "", "", *row(23)])
    (raw / "enrolment" / "tiga.csv").write_text(csv_text(lines), encoding="utf-8")
    con = run(tmp_path)
    assert input_files(con) == {"enrolment/tiga.csv": (8, 8, 0, None)}
    assert con.execute(
        "select source_sheet, count(*) from staging.spells group by all order by 1"
    ).fetchall() == [("tabel 1", 3), ("tabel 2", 2), ("tabel 3", 3)]
    assert sorted(n for (n,) in con.execute("select nik from identity.persons").fetchall()) == sorted(
        nik(n) for n in (1, 2, 3, 11, 12, 21, 22, 23)
    )
