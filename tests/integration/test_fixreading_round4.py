"""Round 4 reading fixes, end to end on a Penajam Paser Utara (64.09) data root.

A recap table beside the list across blank columns is its own table, never joined to the
list (CONTRACT §2); a column about another person than the worker (the heir's NIK under
a merged ``Ahli Waris`` title, ``NIK Pelapor``) is not read as the worker's; a
``reference/kolom.csv`` spelling given two fields is used for neither (§3.4a).
"""

from __future__ import annotations

import duckdb
import openpyxl

from pipeline.ingest.load import ingest
from pipeline.settings import Settings
from tests.fixtures.ppu_root import ENROLMENT_HEADER, build_ppu_root, enrolment_rows, nik, villages, write_csv

PETUNG = "64.09.01.1003"  # Desa Petung, Kecamatan Penajam
LIST = ["NIK", "Nama", "Desa", "Kecamatan", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir"]


def _worker(n: int) -> list[str]:
    return [nik(n), f"Pekerja {n}", "Petung", "Penajam", "Petani", "APBD_KAB", "01/01/2025", "31/12/2025"]


def _ingest(root) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ingest(con, Settings.at(root), key=b"k" * 32)
    return con


def _notes(con, path: str, topic: str) -> list[tuple[str, str]]:
    return con.execute(
        "select sheet, message from audit.notes where path = ? and topic = ? order by sheet, message",
        [path, topic],
    ).fetchall()


def test_a_recap_left_of_the_list_is_not_read_and_moves_no_worker(tmp_path):
    # 'Kode Desa | Jumlah' two blank columns left of a list giving each worker's Desa and
    # Kecamatan: the workers stay in Petung; the recap is named as a table not read. On a
    # second sheet a spacer column between Desa and Kecamatan keeps one table.
    root = build_ppu_root(tmp_path)
    codes = villages()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Petung"
    sheet.append(["Kode Desa", "Jumlah", None, None, *LIST])
    recap = [[codes[0], 10], [codes[1], 5]]
    for i in range(3):
        sheet.append([*(recap[i] if i < 2 else [None, None]), None, None, *_worker(610 + i)])
    spaced = book.create_sheet("Spasi")
    spaced.append([*LIST[:3], None, *LIST[3:]])
    for n in (620, 621):
        row = _worker(n)
        spaced.append([*row[:3], None, *row[3:]])
    book.save(root / "raw" / "enrolment" / "petung.xlsx")
    with _ingest(root) as con:
        read = con.execute(
            "select source_sheet, source_row, village_code from staging.spells "
            "where source_path = 'enrolment/petung.xlsx' order by all"
        ).fetchall()
        skipped = _notes(con, "enrolment/petung.xlsx", "skipped_sheet")
    assert read == [
        ("Petung (tabel 2)", 2, PETUNG),
        ("Petung (tabel 2)", 3, PETUNG),
        ("Petung (tabel 2)", 4, PETUNG),
        ("Spasi", 2, PETUNG),
        ("Spasi", 3, PETUNG),
    ]
    assert skipped == [
        (
            "Petung (tabel 1)",
            "columns 'Kode Desa', 'Jumlah', beside another table across empty columns, are a table "
            "of their own (their header names kode_desa, which that table already gives) but not one "
            "to read: a recap or summary table, not read, and its figures count for nothing. Put it "
            "on a sheet of its own to stop this note",
        )
    ]


def test_a_recap_naming_the_lists_own_column_is_a_table_not_read(tmp_path):
    # The list gives Kode Desa; so does the recap beside it: a second table, not a second
    # 'Kode Desa' column of the list.
    root = build_ppu_root(tmp_path)
    codes = villages()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append([*ENROLMENT_HEADER, None, "Kode Desa", "Jumlah Peserta"])
    for i, row in enumerate(enrolment_rows(3, first=630)):
        sheet.append([*row, None, *([codes[5 - i], 7] if i < 2 else [None, None])])
    book.save(root / "raw" / "enrolment" / "rekap.xlsx")
    with _ingest(root) as con:
        read = con.execute(
            "select source_row, village_code from staging.spells "
            "where source_path = 'enrolment/rekap.xlsx' order by all"
        ).fetchall()
        skipped = _notes(con, "enrolment/rekap.xlsx", "skipped_sheet")
        second = _notes(con, "enrolment/rekap.xlsx", "second_column")
    assert read == [(2, codes[0]), (3, codes[1]), (4, codes[2])]
    assert [sheet for sheet, _ in skipped] == ["Data (tabel 2)"]
    assert skipped[0][1].startswith("columns 'Kode Desa', 'Jumlah Peserta', beside another table")
    assert second == []


def _kpj_root(tmp_path):
    root = build_ppu_root(tmp_path, enrolled=5, claims=0)
    (root / "raw" / "claims" / "klaim.csv").unlink()
    rows = [[*row, f"KPJ{i + 1:04d}"] for i, row in enumerate(enrolment_rows(5))]
    book = openpyxl.Workbook()
    book.active.append([*ENROLMENT_HEADER, "No KPJ"])
    for row in rows:
        book.active.append(row)
    book.save(root / "raw" / "enrolment" / "peserta_apbd.xlsx")
    return root


def test_the_heirs_nik_under_penerima_manfaat_is_not_the_claims_nik(tmp_path):
    # The heir is worker 2 (also enrolled): read as the claim's NIK, worker 2's death would be
    # recorded and worker 1's not. The claim is worker 1's, by KPJ; the heir's columns are noted.
    # The payment under 'Pembayaran ke Ahli Waris' is the claim's own: read.
    root = _kpj_root(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "JKM"
    top = ["No Klaim", "No KPJ", "Program", "Tgl Kejadian", "Pembayaran ke Ahli Waris", None]
    sheet.append([*top, "Penerima Manfaat", None, None])
    sheet.append([None] * 4 + ["Tgl Bayar", "Nominal", "NIK", "Nama", "Hubungan"])
    sheet.merge_cells("E1:F1")
    sheet.merge_cells("G1:I1")
    for column in "ABCD":
        sheet.merge_cells(f"{column}1:{column}2")
    sheet.append(
        ["K-1", "KPJ0001", "JKM", "10/03/2025", "01/04/2025", "42000000", nik(2), "Pekerja 2", "Anak"]
    )
    book.save(root / "raw" / "claims" / "jkm.xlsx")
    with _ingest(root) as con:
        claims = con.execute(
            "select c.claim_id, p.nik, c.kpj_id = (select s.kpj_id from staging.spells s "
            "join identity.persons w using (person_id) where w.nik = ?), c.paid_date::varchar, "
            "c.amount_idr from staging.claims c left join identity.persons p using (person_id)",
            [nik(1)],
        ).fetchall()
        unknown = _notes(con, "claims/jkm.xlsx", "unknown_column")
    # no NIK: worker 1's by the KPJ
    assert claims == [("K-1", None, True, "2025-04-01", 42_000_000)]
    assert unknown == [
        ("JKM", f"column {name!r} is about another person than the worker: not read")
        for name in ("Penerima Manfaat Hubungan", "Penerima Manfaat NIK", "Penerima Manfaat Nama")
    ]


def test_a_header_naming_another_person_by_its_own_words_says_so(tmp_path):
    # 'NIK Pelapor' (the reporter's NIK) and 'Nama Ibu Kandung' are not the worker's; the worker's
    # NIK and Nama, and a 'Masa Kepesertaan' title over 'Mulai' | 'Berakhir', are read.
    root = build_ppu_root(tmp_path, enrolled=0, claims=0)
    (root / "raw" / "enrolment" / "peserta_apbd.xlsx").unlink()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    top = [
        "NIK",
        "Nama",
        "Nama Ibu Kandung",
        "Kode Desa",
        "Pekerjaan",
        "Sumber Dana",
        "Masa Kepesertaan",
        None,
    ]
    sheet.append(top)
    sheet.append([None] * 6 + ["Mulai", "Berakhir"])
    sheet.merge_cells("G1:H1")
    for column in "ABCDEF":
        sheet.merge_cells(f"{column}1:{column}2")
    code = villages()[2]
    sheet.append([nik(640), "Pekerja", "Ibu", code, "Petani", "APBD_KAB", "01/01/2025", "31/12/2025"])
    book.save(root / "raw" / "enrolment" / "ibu.xlsx")
    # a sheet title naming recipients ("penerima") right above the header is no group title
    book = openpyxl.Workbook()
    book.active.append(["DAFTAR PEKERJA RENTAN PENERIMA BANTUAN IURAN KABUPATEN PENAJAM PASER UTARA"])
    book.active.append(ENROLMENT_HEADER)
    for row in enrolment_rows(2, first=660):
        book.active.append(row)
    book.save(root / "raw" / "enrolment" / "bantuan.xlsx")
    write_csv(
        root / "raw" / "claims" / "klaim.csv",
        [
            ["No Klaim", "NIK", "NIK Pelapor", "Program", "Tgl Kejadian", "Tgl Bayar", "Nominal"],
            ["K-9", nik(640), nik(641), "JKK", "10/03/2025", "01/04/2025", "5000000"],
        ],
    )
    with _ingest(root) as con:
        spells = con.execute(
            "select p.nik, s.village_code, s.start_date::varchar, s.end_date::varchar from staging.spells s "
            "join identity.persons p using (person_id) where s.source_path = 'enrolment/ibu.xlsx'"
        ).fetchall()
        bantuan = con.execute(
            "select p.nik from staging.spells s join identity.persons p using (person_id) "
            "where s.source_path = 'enrolment/bantuan.xlsx' order by 1"
        ).fetchall()
        claims = con.execute(
            "select p.nik from staging.claims c join identity.persons p using (person_id)"
        ).fetchall()
        unknown = _notes(con, "enrolment/ibu.xlsx", "unknown_column") + _notes(
            con, "claims/klaim.csv", "unknown_column"
        )
    assert spells == [(nik(640), code, "2025-01-01", "2025-12-31")]
    assert claims == [(nik(640),)]
    assert bantuan == [(nik(660),), (nik(661),)]
    assert unknown == [
        ("Data", "column 'Nama Ibu Kandung' is about another person than the worker: not read"),
        ("", "column 'NIK Pelapor' is about another person than the worker: not read"),
    ]


def test_a_kolom_spelling_given_two_fields_is_noted_and_the_header_matched_without_it(tmp_path):
    root = build_ppu_root(tmp_path)
    write_csv(
        root / "raw" / "reference" / "kolom.csv",
        [
            ("kolom", "field"),
            ("Tanggal", "tgl_mulai"),
            ("TANGGAL", "tgl_mulai"),
            ("Tanggal", "tgl_akhir"),
            ("Habis", "tgl_akhir"),
            ("Habis", "tgl_akhir"),  # an exact repeat: counts once
        ],
    )
    header = ["NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tanggal", "Habis"]
    code = villages()[0]
    rows = [
        [nik(650 + i), f"P {i}", code, "Petani", "APBD_KAB", "01/02/2025", "01/03/2025", "30/11/2025"]
        for i in range(2)
    ]
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(root / "raw" / "enrolment" / "tanggal.xlsx")
    with _ingest(root) as con:
        kolom = _notes(con, "reference/kolom.csv", "ignored_header_row")
        rows_of = con.execute(
            "select row_number from audit.notes where path = 'reference/kolom.csv' order by 1"
        ).fetchall()
        spells = con.execute(
            "select start_date::varchar, end_date::varchar from staging.spells "
            "where source_path = 'enrolment/tanggal.xlsx'"
        ).fetchall()
        unknown = _notes(con, "enrolment/tanggal.xlsx", "unknown_column")
    message = (
        "spelling 'Tanggal' is given two fields (row 2: tgl_mulai, row 3: tgl_mulai, row 4: tgl_akhir): "
        "none of them is used; keep one row"
    )
    assert kolom == [("", message)] * 3
    assert rows_of == [(2,), (3,), (4,)]
    assert spells == [("2025-02-01", "2025-11-30")] * 2
    assert unknown == [("Data", "column 'Tanggal' is not a known field: not read")]
