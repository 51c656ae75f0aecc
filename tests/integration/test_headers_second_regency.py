"""A second regency's files, with the headers its offices type (issue 20 point 1, issue 21 points 6, 10, 11).

Kabupaten Penajam Paser Utara (64.09, East Kalimantan): the gazetteer is the province
row, the regency and three of its districts with two villages each, taken from the
shipped national gazetteer. Each test writes a workbook as the offices do (title rows,
one sheet per kecamatan, their own headers) and checks what ingestion made of every row.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from pathlib import Path

import duckdb
import openpyxl
import pytest
import xlsxwriter

from pipeline.ingest.load import ingest
from pipeline.outputs.fix_list import write_fix_lists
from pipeline.settings import PACKAGE_DATA_DIR, Settings

RUN_DAY = dt.date(2025, 12, 15)
#: district -> two of its villages, as the national gazetteer has them
DISTRICTS = {"64.09.01": "Penajam", "64.09.02": "Waru", "64.09.03": "Babulu"}


def _gazetteer(raw: Path) -> dict[str, list[str]]:
    """64, 64.09, the three districts and their first two villages; district -> village codes."""
    with gzip.open(PACKAGE_DATA_DIR / "wilayah_indonesia.csv.gz", "rt", encoding="utf-8") as fh:
        national = list(csv.reader(fh))[1:]
    villages: dict[str, list[str]] = {d: [] for d in DISTRICTS}
    rows = []
    for code, name in national:
        if code in ("64", "64.09", *DISTRICTS):
            rows.append((code, name))
        elif code[:8] in villages and code.count(".") == 3 and len(villages[code[:8]]) < 2:
            villages[code[:8]].append(code)
            rows.append((code, name))
    assert all(len(v) == 2 for v in villages.values())
    path = raw / "reference" / "wilayah.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([("kode", "nama"), *rows])
    return villages


def _nik(district: str, n: int) -> str:
    """A NIK of PPU: 64 09 <district>, born 15/03/1967, sequence ``n``."""
    return f"6409{district[-2:]}150367{n:04d}"


def _sheet(district: str, villages: list[str], start_header: str, end_header: str, first: int) -> list:
    """Title rows, then ``No | NIK | Nama | <start> | <end> | Kode Desa | Pekerjaan | ... | Iuran``."""
    header = ["No", "NIK", "Nama", start_header, end_header, "Kode Desa", "Pekerjaan", "Sumber Dana", "Iuran"]
    rows = [
        ["DAFTAR PESERTA BPJS KETENAGAKERJAAN PEKERJA RENTAN"],
        [f"KECAMATAN {DISTRICTS[district].upper()} KABUPATEN PENAJAM PASER UTARA"],
        [],
        header,
    ]
    for i in range(3):
        rows.append(
            [
                i + 1,
                _nik(district, first + i),
                f"Peserta {first + i}",
                "01/03/2025",
                "28/02/2026",
                villages[district][i % 2],
                "Nelayan",
                "APBD Kab",
                16800,
            ]
        )
    return rows


def _workbook(path: Path, sheets: dict[str, list]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    book.close()
    return path


def _ingest(root: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ingest(con, Settings(root), today=RUN_DAY)
    return con


@pytest.fixture
def villages(tmp_path: Path) -> dict[str, list[str]]:
    return _gazetteer(tmp_path / "raw")


def _counts(con, path: str) -> tuple:
    return con.execute(
        "select rows_read, rows_accepted, rows_rejected from audit.input_files where path = ?", [path]
    ).fetchone()


def _notes(con, topic: str) -> list[tuple]:
    return con.execute(
        "select path, sheet, field, value, row_count, message from audit.notes where topic = ? "
        "order by path, sheet, field",
        [topic],
    ).fetchall()


def test_headers_the_offices_type_read_every_row(tmp_path, villages):
    # `Tgl Awal` | `Selesai`, `MULAI` | `SELESAI`, `Mulai` | `Akhir`: all name tgl_mulai / tgl_akhir.
    _workbook(
        tmp_path / "raw" / "enrolment" / "peserta_ppu.xlsx",
        {
            "Penajam": _sheet("64.09.01", villages, "Tgl Awal", "Selesai", 1),
            "Waru": _sheet("64.09.02", villages, "MULAI", "SELESAI", 11),
            "Babulu": _sheet("64.09.03", villages, "Mulai", "Akhir", 21),
        },
    )
    con = _ingest(tmp_path)
    assert _counts(con, "enrolment/peserta_ppu.xlsx") == (9, 9, 0)
    spells = con.execute(
        "select village_code, start_date, end_date, monthly_contribution_idr from staging.spells "
        "order by spell_id"
    ).fetchall()
    assert len(spells) == 9
    assert {s[1:] for s in spells} == {(dt.date(2025, 3, 1), dt.date(2026, 2, 28), 16800)}
    assert {s[0] for s in spells} == {v for pair in villages.values() for v in pair}
    # No note blames a column that was read; `No` is row numbering, not an unknown column.
    assert _notes(con, "unknown_column") == []
    assert _notes(con, "missing_column") == []


def test_a_sheet_without_a_start_column_is_one_problem_with_its_fix(tmp_path, villages):
    _workbook(
        tmp_path / "raw" / "enrolment" / "peserta_ppu.xlsx",
        {
            "Penajam": _sheet("64.09.01", villages, "Tgl Awal", "Selesai", 1),
            "Waru": _sheet("64.09.02", villages, "Awal Kerja", "Selesai", 11),
        },
    )
    con = _ingest(tmp_path)
    assert _counts(con, "enrolment/peserta_ppu.xlsx") == (6, 3, 3)
    rejected = con.execute(
        "select sheet, row_number, field, reason from audit.rejected_rows order by sheet, row_number"
    ).fetchall()
    assert rejected == [("Waru", r, "tgl_mulai", "missing_column") for r in (5, 6, 7)]
    ((path, sheet, field, closest, count, message),) = _notes(con, "missing_column")
    assert (path, sheet, field, closest, count) == (
        "enrolment/peserta_ppu.xlsx",
        "Waru",
        "tgl_mulai",
        "Awal Kerja",
        3,
    )
    assert "no column for tgl_mulai" in message
    assert "'No', 'NIK', 'Nama', 'Awal Kerja', 'Selesai', 'Kode Desa'" in message
    assert "rename column 'Awal Kerja' to 'Tgl Mulai'" in message
    assert "add the line `Awal Kerja,tgl_mulai` to reference/kolom.csv" in message

    # The fix list says it once, at the top of the file's workbook, not once per row.
    write_fix_lists(con, tmp_path / "internal")
    (book,) = (tmp_path / "internal").rglob("*.xlsx")
    sheet = openpyxl.load_workbook(book).active
    lines = [row for row in sheet.iter_rows(min_row=7, values_only=True) if any(row)]
    first = lines[0]
    assert first[0] == "Waru" and first[2] == "Tgl Mulai" and first[3] == "Awal Kerja"
    assert 'Ganti judul kolom "Awal Kerja" menjadi "Tgl Mulai"' in first[4]
    assert "Awal Kerja,tgl_mulai" in first[4] and "reference/kolom.csv" in first[4]
    assert len(lines) == 1  # neither a line per row nor a note calling 'Awal Kerja' ignorable


def test_kolom_csv_adds_the_data_roots_own_headers(tmp_path, villages):
    _workbook(
        tmp_path / "raw" / "enrolment" / "peserta_ppu.xlsx",
        {"Waru": _sheet("64.09.02", villages, "Awal Kerja", "Habis Berlaku", 11)},
    )
    kolom = tmp_path / "raw" / "reference" / "kolom.csv"
    kolom.write_text("kolom,field\nAwal Kerja,tgl_mulai\nHabis Berlaku,tgl_akhir\nTanggal Cetak,tgl_cetak\n")
    con = _ingest(tmp_path)
    assert _counts(con, "enrolment/peserta_ppu.xlsx") == (3, 3, 0)
    assert con.execute("select distinct start_date, end_date from staging.spells").fetchall() == [
        (dt.date(2025, 3, 1), dt.date(2026, 2, 28))
    ]
    # kolom.csv is an input like the other reference files; its row naming no field is noted.
    assert con.execute(
        "select kind, rows_read, error from audit.input_files where path = 'reference/kolom.csv'"
    ).fetchall() == [("reference", 3, None)]
    ignored = _notes(con, "ignored_header_row")
    assert [(n[0], n[2]) for n in ignored] == [("reference/kolom.csv", "field")]
    assert con.execute(
        "select row_number, value from audit.notes where topic = 'ignored_header_row'"
    ).fetchall() == [(4, "tgl_cetak")]


def test_an_ambiguous_header_is_noted_and_not_read(tmp_path, villages):
    rows = _sheet("64.09.01", villages, "Tgl Awal", "Selesai", 1)
    rows[3][-1] = "Periode Iuran"  # iuran_bulanan or lama_iuran_bulan?
    _workbook(tmp_path / "raw" / "enrolment" / "peserta_ppu.xlsx", {"Penajam": rows})
    con = _ingest(tmp_path)
    assert _counts(con, "enrolment/peserta_ppu.xlsx") == (3, 3, 0)
    assert con.execute("select distinct monthly_contribution_idr from staging.spells").fetchall() == [(None,)]
    ((_, sheet, field, value, _, message),) = _notes(con, "ambiguous_column")
    assert (sheet, field, value) == ("Penajam", "Periode Iuran", "Periode Iuran")
    assert "could name iuran_bulanan or lama_iuran_bulan: not read" in message


def test_of_sektor_and_pekerjaan_the_earlier_variant_is_read(tmp_path, villages):
    rows = _sheet("64.09.01", villages, "Tgl Mulai", "Tgl Akhir", 1)
    rows[3][0] = "Sektor"  # left of Pekerjaan, and later in pekerjaan's list of headers
    for row in rows[4:]:
        row[0] = "Perikanan"
    _workbook(tmp_path / "raw" / "enrolment" / "peserta_ppu.xlsx", {"Penajam": rows})
    con = _ingest(tmp_path)
    assert con.execute("select distinct occupation from staging.spells").fetchall() == [("Nelayan",)]
    ((_, _, field, _, _, message),) = _notes(con, "second_column")
    assert field == "Sektor"
    assert "'Pekerjaan' is read" in message


def test_a_zero_width_space_in_iuran_still_gives_the_contributions(tmp_path, villages):
    rows = _sheet("64.09.01", villages, "Tgl Mulai", "Tgl Akhir", 1)
    rows[3][-1] = "Iu\u200bran"
    rows[3][1] = "\ufeffNIK\u00ad"
    _workbook(tmp_path / "raw" / "enrolment" / "peserta_ppu.xlsx", {"Penajam": rows})
    con = _ingest(tmp_path)
    assert _counts(con, "enrolment/peserta_ppu.xlsx") == (3, 3, 0)
    assert con.execute("select sum(monthly_contribution_idr) from staging.spells").fetchone() == (3 * 16800,)
    assert _notes(con, "unknown_column") == []


def test_tanggal_merged_over_lahir_mulai_berakhir(tmp_path, villages):
    path = tmp_path / "raw" / "enrolment" / "peserta_ppu.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Penajam")
    sheet.write(0, 0, "DAFTAR PESERTA")
    for col, name in enumerate(["NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana"]):
        sheet.merge_range(1, col, 2, col, name)
    sheet.merge_range(1, 5, 1, 7, "Tanggal")
    for col, name in enumerate(["Lahir", "Mulai", "Berakhir"], start=5):
        sheet.write(2, col, name)
    village = villages["64.09.01"][0]
    for i in range(2):
        row = [_nik("64.09.01", i + 1), f"Peserta {i}", village, "Nelayan", "APBD Kab"]
        row += ["15/03/1967", "01/03/2025", "28/02/2026"]
        for col, value in enumerate(row):
            sheet.write_string(3 + i, col, value)
    book.close()
    con = _ingest(tmp_path)
    assert _counts(con, "enrolment/peserta_ppu.xlsx") == (2, 2, 0)
    assert con.execute(
        "select distinct birth_date, start_date, end_date from identity.persons, staging.spells"
    ).fetchall() == [(dt.date(1967, 3, 15), dt.date(2025, 3, 1), dt.date(2026, 2, 28))]


def test_a_claims_sheet_without_nik_or_kpj_is_missing_column(tmp_path, villages):
    _workbook(
        tmp_path / "raw" / "enrolment" / "peserta_ppu.xlsx",
        {"Penajam": _sheet("64.09.01", villages, "Tgl Mulai", "Tgl Akhir", 1)},
    )
    header = ["No Klaim", "Nomor Peserta BPJS", "Program", "Tgl Kejadian", "Status"]
    _workbook(
        tmp_path / "raw" / "claims" / "klaim_ppu.xlsx",
        {
            "Klaim": [
                ["REKAP KLAIM KANTOR CABANG PENAJAM"],
                header,
                ["K-001", "25123456789", "JKM", "05/06/2025", "PROSES"],
                ["K-002", "25123456790", "JKK", "07/06/2025", "PROSES"],
            ],
            # KPJ alone is enough to say who (nik or no_kpj)
            "Klaim KPJ": [
                ["No Klaim", "KPJ", "Program", "Tgl Kejadian"],
                ["K-003", "251", "JKM", "05/06/2025"],
            ],
        },
    )
    con = _ingest(tmp_path)
    rejected = con.execute(
        "select sheet, row_number, field, reason from audit.rejected_rows where kind = 'claims' "
        "order by sheet, row_number"
    ).fetchall()
    assert rejected == [
        ("Klaim", 3, "nik", "missing_column"),
        ("Klaim", 4, "nik", "missing_column"),
        ("Klaim KPJ", 2, "no_kpj", "unknown_participant"),
    ]
    ((_, sheet, field, closest, count, message),) = _notes(con, "missing_column")
    # the closest column is like a KPJ header: the note names that alternative
    assert (sheet, field, closest, count) == ("Klaim", "no_kpj", "Nomor Peserta BPJS", 2)
    assert "no column for nik (or no_kpj)" in message
    assert "rename column 'Nomor Peserta BPJS' to 'KPJ'" in message
    assert "`Nomor Peserta BPJS,no_kpj`" in message
