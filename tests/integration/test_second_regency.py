"""A second regency onboards on its own files (issue 20's "done when").

Kabupaten Penajam Paser Utara (64.09, East Kalimantan, WITA) builds a data root from the
shipped national gazetteer and types its files the way its offices do: title rows above
the header, one sheet per kecamatan, Indonesian headers the sample never uses (`Tgl Awal`
| `Selesai`, `MULAI` | `SELESAI`, `Mulai` | `Akhir`), its own funding spelling
(`APBD Kab. PPU`, added in its own `reference/sumber_dana.csv`), denominators by
kecamatan, a renewal list entered ahead for next year, and a claims export from the
BPJS branch. Every figure below is worked by hand from the rows this file writes.

Hand-worked figures for October 2025 (the data's as-of month: the last claim is paid on
20 October 2025; the renewal list starts on 1 December 2025, after the run day of
10 November 2025, so it is kept but does not choose the month):

    APBD Kab. PPU, 1 Jan - 31 Dec 2025: 10 workers in each of 4 kecamatan = 40
        two of Penajam's die (JKM claims, events 10 June and 5 September 2025)
    Dana Desa, 1 Mar 2025 - 28 Feb 2026: 6 workers in villages of Waru (Kode Desa)
    active: Penajam 8, Waru 16, Babulu 10, Sepaku 10; regency 44
    workforce 2025 by kecamatan: 20,000 / 8,000 / 15,000 / 12,000; regency 55,000
    quota: 600 APBD_KAB for the regency in 2025 -> 38 attributed, 562 open
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipeline.__main__ import main
from tests.fixtures.ppu_root import REGENCY, ppu_gazetteer

RUN_DAY = "2025-11-10"
KECAMATAN = {"64.09.01": "Penajam", "64.09.02": "Waru", "64.09.03": "Babulu", "64.09.04": "Sepaku"}
WORKFORCE = {"64.09.01": 20_000, "64.09.02": 8_000, "64.09.03": 15_000, "64.09.04": 12_000}
OCTOBER = dt.date(2025, 10, 1)


def villages(district: str, gazetteer: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, n) for k, n in gazetteer if k.startswith(district + ".")]


def nik(district: str, serial: int) -> str:
    """A structurally valid NIK of a worker born on 15 March 1980 in ``district``."""
    return f"{district.replace('.', '')}150380{serial:04d}"


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build_root(root: Path) -> None:
    """PPU's data root as its analyst would type it."""
    raw = root / "raw"
    gazetteer = ppu_gazetteer()
    write_text(raw / "reference" / "wilayah.csv", "kode,nama\n" + "".join(f"{k},{n}\n" for k, n in gazetteer))
    write_text(
        raw / "reference" / "angkatan_kerja.csv",
        "kode_wilayah,tahun,jumlah_pekerja\n" + "".join(f"{k},2025,{n}\n" for k, n in WORKFORCE.items()),
    )
    write_text(
        raw / "reference" / "target.csv", "kode_wilayah,tahun,target,sumber_dana\n64.09,2025,600,APBD_KAB\n"
    )
    write_text(raw / "reference" / "sumber_dana.csv", "ejaan,kode\nAPBD Kab. PPU,APBD_KAB\n")

    header = ["No", "NIK", "Nama Lengkap", "Tgl Lahir", "L/P", "Desa", "Kecamatan", "Pekerjaan"]
    header += ["Sumber Dana", "Tgl Awal", "Selesai", "Iuran (Rp)"]
    sheets = {}
    for district, kecamatan in KECAMATAN.items():
        rows: list[list[object]] = [
            ["DAFTAR PESERTA PEKERJA RENTAN KABUPATEN PENAJAM PASER UTARA"],
            [f"KECAMATAN {kecamatan.upper()} TAHUN 2025"],
            [],
            header,
        ]
        desa = villages(district, gazetteer)
        for i in range(10):
            village = desa[i % len(desa)][1]
            rows.append(
                [i + 1, nik(district, i + 1), f"Pekerja {kecamatan} {i + 1}", "15/03/1980", "L", village,
                 kecamatan, "Petani", "APBD Kab. PPU", "01/01/2025", "31/12/2025", "Rp16.800"]
            )  # fmt: skip
        rows.append(["JUMLAH"])
        sheets[f"Kec. {kecamatan}"] = rows
    write_workbook(raw / "enrolment" / "Peserta Pekerja Rentan PPU 2025.xlsx", sheets)

    waru = villages("64.09.02", gazetteer)
    dana_desa = [["REKAP PESERTA DANA DESA 2025"], ["NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana",
                                                   "MULAI", "SELESAI", "Iuran"]]  # fmt: skip
    for i in range(6):
        code = waru[i % len(waru)][0]
        dana_desa.append([nik("64.09.02", 100 + i), f"Warga Waru {i}", code, "Nelayan", "Dana Desa",
                          "1 Maret 2025", "28 Februari 2026", 16800])  # fmt: skip
    write_workbook(raw / "enrolment" / "Dana Desa 2025.xlsx", {"Peserta": dana_desa})

    # next year's renewals, typed in ahead of time: start after the run day
    renewal = [["NIK", "Nama", "Desa", "Kecamatan", "Pekerjaan", "Sumber Dana", "Mulai", "Akhir", "Iuran"]]
    desa = villages("64.09.03", gazetteer)
    for i in range(5):
        renewal.append([nik("64.09.03", i + 1), f"Pekerja Babulu {i + 1}", desa[i % len(desa)][1], "Babulu",
                        "Petani", "APBD Kab. PPU", "01/12/2025", "30/11/2026", "16.800"])  # fmt: skip
    write_workbook(raw / "enrolment" / "Perpanjangan 2026.xlsx", {"Daftar": renewal})

    claims = [
        ["DATA KLAIM BPJS KETENAGAKERJAAN KANTOR CABANG PENAJAM"],
        ["No Klaim", "NIK", "Program", "Tgl Kejadian", "Tgl Pengajuan", "Tgl Bayar", "Status", "Nominal"],
        [
            "K-001",
            nik("64.09.01", 1),
            "JKM",
            "10/06/2025",
            "20/06/2025",
            "15/07/2025",
            "DIBAYAR",
            "Rp42.000.000",
        ],
        [
            "K-002",
            nik("64.09.01", 2),
            "JKM",
            "05/09/2025",
            "12/09/2025",
            "20/10/2025",
            "DIBAYAR",
            "Rp42.000.000",
        ],
        ["K-003", nik("64.09.04", 3), "JKK", "01/10/2025", "03/10/2025", None, "PROSES", None],
    ]
    write_workbook(raw / "claims" / "Klaim Cabang Penajam 2025.xlsx", {"Klaim": claims})


@pytest.fixture(scope="module")
def ppu(tmp_path_factory):
    root = tmp_path_factory.mktemp("ppu")
    build_root(root)
    mp = pytest.MonkeyPatch()
    mp.setenv("PIPELINE_DATA_DIR", str(root))
    mp.setenv("PIPELINE_RUN_DATE", RUN_DAY)
    mp.setenv("DAGSTER_HOME", str(tmp_path_factory.mktemp("dagster_home")))
    try:
        assert main(["run"]) == 0
        yield root
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def con(ppu):
    with duckdb.connect(str(ppu / "processed" / "coverage.duckdb"), read_only=True) as c:
        yield c


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_every_row_of_every_file_is_read(con):
    files = con.execute("""
        select path, rows_read, rows_accepted, rows_rejected, error from audit.input_files
        where kind in ('enrolment', 'claims') order by path""").fetchall()
    assert [(p, r, a, j, e) for p, r, a, j, e in files] == [
        ("claims/Klaim Cabang Penajam 2025.xlsx", 3, 3, 0, None),
        ("enrolment/Dana Desa 2025.xlsx", 6, 6, 0, None),
        ("enrolment/Perpanjangan 2026.xlsx", 5, 5, 0, None),
        ("enrolment/Peserta Pekerja Rentan PPU 2025.xlsx", 40, 40, 0, None),
    ]


def test_the_report_is_for_the_data_own_month_not_the_renewals(ppu, con):
    assert con.execute("select max(month) from marts.coverage_by_village").fetchone()[0] == OCTOBER
    reports = sorted(p.relative_to(ppu / "processed" / "reports").as_posix()
                     for p in (ppu / "processed" / "reports").rglob("*.pdf"))  # fmt: skip
    assert reports and all(r.startswith("2025-10/") for r in reports)
    assert any(r.startswith(f"2025-10/{REGENCY}-") for r in reports)


def test_districts_and_regency_by_hand(con):
    got = dict(con.execute("""
        select area_code, (active, workforce, round(coverage_rate, 8)) from marts.coverage_by_area
        where month = ? and level in ('district', 'regency')""", [OCTOBER]).fetchall())  # fmt: skip
    expected_active = {"64.09.01": 8, "64.09.02": 16, "64.09.03": 10, "64.09.04": 10}
    for code, active in expected_active.items():
        assert got[code] == (active, WORKFORCE[code], round(active / WORKFORCE[code], 8)), code
    assert got[REGENCY] == (44, 55_000, round(44 / 55_000, 8))


def test_own_funding_spelling_adds_to_the_default_mapping(con):
    got = dict(con.execute("""
        select funding_source, active from marts.coverage_by_funding
        where month = ? and regency_code = ? and active > 0""", [OCTOBER, REGENCY]).fetchall())  # fmt: skip
    # 'APBD Kab. PPU' from the data root's file, 'Dana Desa' from the shipped default
    assert got == {"APBD_KAB": 38, "DANA_DESA": 6}
    quota = con.execute("""
        select target, active, open_slots from marts.quota_by_funding
        where month = ? and level = 'regency' and area_code = ? and funding_source = 'APBD_KAB'""",
        [OCTOBER, REGENCY]).fetchone()  # fmt: skip
    assert quota == (600, 38, 562)


def test_deaths_from_the_branch_export_end_cover(con):
    got = con.execute("""
        select month, sum(lapsed) from marts.coverage_by_village
        where regency_code = ? and month in ('2025-06-01', '2025-09-01') group by month order by month""",
        [REGENCY]).fetchall()  # fmt: skip
    assert got == [(dt.date(2025, 6, 1), 1), (dt.date(2025, 9, 1), 1)]


def test_a_province_with_one_regency_of_ten_is_partial(con):
    row = con.execute("""
        select active, regencies_with_data, regencies_total, coverage_rate from marts.coverage_by_area
        where month = ? and level = 'province' and area_code = '64'""", [OCTOBER]).fetchone()  # fmt: skip
    assert row == (44, 1, 10, None)


def test_the_report_shows_nothing_of_bengkayang_and_is_final(ppu):
    (pdf,) = (ppu / "processed" / "reports" / "2025-10").glob(f"{REGENCY}-*.pdf")
    text = pdf_text(pdf)
    assert "PENAJAM PASER UTARA" in text.upper()
    for word in ("Bengkayang", "Pontianak", "Kalimantan Barat", "61.07", "DRAF"):
        assert word.lower() not in text.lower(), word


def test_misplaced_files_are_named_and_make_the_report_a_draft(tmp_path, monkeypatch):
    root = tmp_path / "ppu"
    build_root(root)
    raw = root / "raw"
    # a workbook left in raw/, the branch's claims export dropped into enrolment/, and a
    # denominator file under a name no reader knows
    (raw / "Peserta tambahan.xlsx").write_bytes((raw / "enrolment" / "Dana Desa 2025.xlsx").read_bytes())
    (raw / "claims" / "Klaim Cabang Penajam 2025.xlsx").rename(
        raw / "enrolment" / "Klaim Cabang Penajam 2025.xlsx"
    )
    book = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(["kode_wilayah", "tahun", "jumlah_pekerja"])
    wb.active.append(["64.09", 2024, 50_000])
    wb.save(book)
    (raw / "reference" / "Angkatan Kerja PPU 2024.xlsx").write_bytes(book.getvalue())
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(root))
    monkeypatch.setenv("PIPELINE_RUN_DATE", RUN_DAY)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))

    assert main(["run", "--strict"]) == 1
    assert not (root / "processed" / "reports").exists() or not list(
        (root / "processed" / "reports").rglob("*.pdf")
    )

    assert main(["run"]) == 0
    with duckdb.connect(str(root / "processed" / "coverage.duckdb"), read_only=True) as c:
        listed = dict(c.execute("select path, coalesce(error, '') from audit.input_files").fetchall())
        rejected = c.execute("select count(*) from audit.rejected_rows").fetchone()[0]
    assert "enrolment/" in listed["Peserta tambahan.xlsx"]
    assert "claims/" in listed["enrolment/Klaim Cabang Penajam 2025.xlsx"]
    assert "angkatan_kerja" in listed["reference/Angkatan Kerja PPU 2024.xlsx"]
    assert rejected == 0  # the claims export was not read as an enrolment list
    # without the claims the data's as-of month is the last spell start: March 2025
    (pdf,) = (root / "processed" / "reports" / "2025-03").glob(f"{REGENCY}-*.pdf")
    pages = pdf_text(pdf).split("\f")
    pages = [p for p in pages if p.strip()]
    assert pages and all("DRAF" in p for p in pages)


def test_a_sheet_without_a_start_column_is_one_problem_and_kolom_csv_fixes_it(tmp_path, monkeypatch):
    root = tmp_path / "ppu"
    build_root(root)
    path = root / "raw" / "enrolment" / "Dana Desa 2025.xlsx"
    book = openpyxl.load_workbook(path)
    book["Peserta"]["F2"] = "Awal Kerja"  # words no field knows: not a start date
    book.save(path)
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(root))
    monkeypatch.setenv("PIPELINE_RUN_DATE", RUN_DAY)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))

    assert main(["run"]) == 0
    db = root / "processed" / "coverage.duckdb"
    with duckdb.connect(str(db), read_only=True) as c:
        reasons = c.execute("""
            select reason, field, count(*) from audit.rejected_rows
            where path = 'enrolment/Dana Desa 2025.xlsx' group by all""").fetchall()
        notes = [
            m
            for (m,) in c.execute(
                "select message from audit.notes where message ilike '%Awal Kerja%'"
            ).fetchall()
        ]
    assert reasons == [("missing_column", "tgl_mulai", 6)]
    assert any("kolom.csv" in m and "tgl_mulai" in m for m in notes), notes

    write_text(root / "raw" / "reference" / "kolom.csv", "kolom,field\nAwal Kerja,tgl_mulai\n")
    assert main(["run"]) == 0
    with duckdb.connect(str(db), read_only=True) as c:
        assert c.execute("select count(*) from audit.rejected_rows").fetchone()[0] == 0
        assert c.execute("select count(*) from staging.spells").fetchone()[0] == 51


def test_a_total_row_under_the_numbering_column_is_one_note(con):
    # "JUMLAH" typed under "No" (a column no field reads) is a total row, noted once per sheet
    got = con.execute("""
        select topic, sum(row_count) from audit.notes
        where path = 'enrolment/Peserta Pekerja Rentan PPU 2025.xlsx' group by topic""").fetchall()
    assert got == [("total_rows", 4)]
