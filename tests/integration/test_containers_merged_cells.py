"""Merged data cells (issue 21.9, CONTRACT §2): a value counts for every row its range spans.

An office merges ``Kode Desa`` down the rows of each village; the workbook keeps the code
in the range's top-left cell only. Three villages of Waru (64.09.02), four workers each:
twelve rows, each accepted in its own village. The last range reaches down into two
numbered empty template rows, which stay empty rows.
"""

from __future__ import annotations

import pytest
import xlsxwriter
import xlwt

from tests.support.containers import (
    API_API,
    BANGUN_MULYA,
    HEADER,
    SESULU,
    data_root,
    input_files,
    nik,
    notes,
    rejections,
    row,
    run,
)

COLUMNS = ["No", *HEADER]  # Kode Desa is column D (position 3)
VILLAGES = [API_API, SESULU, BANGUN_MULYA]


def _rows():
    """(Excel row, values) of the twelve workers: Kode Desa only on each village's first row."""
    out = []
    for v, _village in enumerate(VILLAGES):
        for k in range(4):
            n = v * 4 + k + 1
            values = [str(n), *row(n)]
            values[3] = ""
            out.append((n + 1, values))
    return out


def _write_xlsx(path, title_rows: int, left: int):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Waru")
    if title_rows:
        sheet.write_string(0, left + 1, "DAFTAR PESERTA KECAMATAN WARU")
    top = title_rows
    sheet.write_row(top, left, COLUMNS)
    for excel_row, values in _rows():
        for c, value in enumerate(values):
            if value:
                sheet.write_string(top + excel_row - 1, left + c, value)
    for v, village in enumerate(VILLAGES):
        first = top + 1 + v * 4
        last = first + (5 if v == 2 else 3)  # the last range reaches two template rows further
        sheet.merge_range(first, left + 3, last, left + 3, village)
    for k in (13, 14):
        sheet.write_string(top + k, left, str(k))  # numbered empty template rows
    book.close()


def _write_xls(path, title_rows: int, left: int):
    book = xlwt.Workbook()
    sheet = book.add_sheet("Waru")
    if title_rows:
        sheet.write(0, left + 1, "DAFTAR PESERTA KECAMATAN WARU")
    top = title_rows
    for c, name in enumerate(COLUMNS):
        sheet.write(top, left + c, name)
    for excel_row, values in _rows():
        for c, value in enumerate(values):
            if value and c != 3:
                sheet.write(top + excel_row - 1, left + c, value)
    for v, village in enumerate(VILLAGES):
        first = top + 1 + v * 4
        last = first + (5 if v == 2 else 3)
        sheet.write_merge(first, last, left + 3, left + 3, village)
    for k in (13, 14):
        sheet.write(top + k, left, str(k))
    book.save(str(path))


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
@pytest.mark.parametrize(
    "title_rows, left", [(0, 0), (2, 2)], ids=["header_in_A1", "header_in_C3_under_a_title"]
)
def test_a_kode_desa_merged_down_each_villages_rows_counts_for_every_row(tmp_path, kind, title_rows, left):
    raw = data_root(tmp_path)
    path = raw / "enrolment" / f"waru.{kind}"
    (_write_xlsx if kind == "xlsx" else _write_xls)(path, title_rows, left)
    con = run(tmp_path)
    assert rejections(con) == []
    assert input_files(con) == {f"enrolment/waru.{kind}": (12, 12, 0, None)}
    villages = dict(
        con.execute(
            """select p.nik, s.village_code from staging.spells s
               join identity.persons p using (person_id)"""
        ).fetchall()
    )
    expected = {nik(v * 4 + k + 1): VILLAGES[v] for v in range(3) for k in range(4)}
    assert {n: code.replace(".", "") for n, code in villages.items()} == expected
    header = title_rows + 1
    assert [m for _, _, m in notes(con, "merged_cells")] == [
        "9 cell(s) of merged ranges filled with the value of their range (e.g. column 'Kode Desa', "
        f"rows {header + 1}–{header + 4}): a merged value counts for every row it spans"
    ]
