"""End to end: hand-made raw files -> ``pipeline.ingest.load.ingest`` -> staging/identity/audit.

Every test writes its own tiny files under ``tmp_path/raw`` (the gazetteer of
``conftest.GAZETTEER`` is already there) and checks numbers worked out by hand in
the test. Row numbers are as a spreadsheet program shows them (header = row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from unittest.mock import ANY

import dagster as dg
import duckdb
import pandas as pd
import xlsxwriter

from pipeline.ingest.load import ingest
from pipeline.orchestration.assets.staging import RAW_ASSETS, every_input_row_accounted, ingestion
from pipeline.orchestration.resources import DuckDBResource, SettingsResource
from pipeline.publication import privacy
from pipeline.settings import Settings

ENROLMENT_HEADER = [
    "NIK",
    "Nama",
    "Tgl Lahir",
    "Kode Desa",
    "Desa",
    "Kecamatan",
    "Pekerjaan",
    "Sumber Dana",
    "Program",
    "Tgl Mulai",
    "Tgl Akhir",
    "Masa Iuran",
    "Iuran",
]
# The field of a duplicate_row rejection names no single field's fault: not pinned here.
WHOLE_ROW = ANY
CLAIM_HEADER = [
    "No Klaim",
    "NIK",
    "No KPJ",
    "Program",
    "Tgl Kejadian",
    "Tgl Pengajuan",
    "Tgl Bayar",
    "Status",
    "Nominal",
]


def _nik(n: int) -> str:
    return f"610701010190{n:04d}"


def _spell(
    nik: str,
    name: str = "Ani",
    *,
    birth: str = "",
    code: str = "6107012001",
    desa: str = "",
    kec: str = "",
    job: str = "Petani",
    funding: str = "APBD Kab",
    program: str = "",
    start: str = "01/01/2025",
    end: str = "31/12/2025",
    months: str = "",
    fee: str = "16800",
) -> list[str]:
    """One enrolment row in ``ENROLMENT_HEADER`` order; by default valid."""
    return [nik, name, birth, code, desa, kec, job, funding, program, start, end, months, fee]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def _ingest(raw_dir: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ingest(con, Settings(raw_dir.parent))
    return con


def _pseudonym(raw_dir: Path, value: str, domain: str = "nik") -> str:
    """The keyed pseudonym ingestion gave ``value``, with the key it created."""
    key = privacy.load_or_create_key(privacy.key_path(raw_dir.parent))
    return privacy.pseudonymise(pd.Series([value], dtype=object), key, domain)[0]


def _rejected(con, path: str) -> list[tuple]:
    return con.execute(
        """
        select sheet, row_number, field, reason, value from audit.rejected_rows
        where path = ? order by sheet, row_number""",
        [path],
    ).fetchall()


def _counts(con, path: str) -> tuple:
    return con.execute(
        """select rows_read, rows_accepted, rows_rejected, error
                          from audit.input_files where path = ?""",
        [path],
    ).fetchone()


# --- rejection reasons (CONTRACT §3.7) ------------------------------------------------------


def test_every_enrolment_rejection_reason_with_file_row_field_and_masked_value(raw_dir):
    rows = [
        _spell(_nik(1), "Ani Lestari"),  # row 2: accepted
        _spell(_nik(2), ""),  # row 3: no name
        _spell("610701010190003"),  # row 4: 15 digits
        _spell("6.10701E+15"),  # row 5: Excel's scientific notation
        _spell(_nik(5), code="6107019999"),  # row 6: no such village
        _spell(_nik(6), start="31/02/2025"),  # row 7
        _spell(_nik(7), start="01/06/2025", end="31/05/2025"),  # row 8
        _spell(_nik(8), fee="Rp abc"),  # row 9
        _spell(_nik(9), program="JKK, XYZ"),  # row 10
        _spell(_nik(1), "Ani Lestari"),  # row 11: exact copy of row 2
        _spell("Ani Lestari", "Ani Lestari"),  # row 12: a name in the NIK column
        _spell(_nik(12), birth="31/02/1990"),  # row 13: accepted, the birth date left empty
        _spell(_nik(13), end="", months="tiga"),  # row 14
        _spell(_nik(14), end="", months=""),  # row 15: neither end date nor months
        _spell(_nik(15), code=""),  # row 16: no village at all
        _spell(_nik(16), "Budi", end="", months="3"),  # row 17: accepted
    ]
    _write(raw_dir / "enrolment" / "tolak.csv", ENROLMENT_HEADER, rows)
    con = _ingest(raw_dir)
    assert _rejected(con, "enrolment/tolak.csv") == [
        ("", 3, "nama", "missing_required", None),
        ("", 4, "nik", "invalid_nik", "6107*********03"),
        ("", 5, "nik", "nik_precision_lost", "6.10*****15"),
        ("", 6, "kode_desa", "unknown_village", "6107019999"),
        ("", 7, "tgl_mulai", "invalid_date", "31/02/2025"),
        ("", 8, "tgl_akhir", "end_before_start", "31/05/2025"),
        ("", 9, "iuran_bulanan", "invalid_amount", "Rp abc"),
        ("", 10, "program", "invalid_program", "JKK, XYZ"),
        ("", 11, WHOLE_ROW, "duplicate_row", None),
        ("", 12, "nik", "invalid_nik", "Ani *****ri"),  # personal: masked
        ("", 14, "lama_iuran_bulan", "invalid_amount", "tiga"),
        ("", 15, "tgl_akhir", "missing_required", None),
        ("", 16, "desa", "missing_required", None),
    ]
    # 16 data rows (2..17): rows 2, 13 and 17 accepted, the 13 others rejected.
    assert _counts(con, "enrolment/tolak.csv") == (16, 3, 13, None)
    # An optional field that cannot be read is left empty with a note (CONTRACT §2).
    assert con.execute("""select row_number, field, topic, value from audit.notes
                          where topic = 'dropped_optional_value'""").fetchall() == [
        (13, "tanggal_lahir", "dropped_optional_value", "31/0****90")
    ]
    spells = con.execute("""select p.nik, s.start_date, s.end_date, s.programs, s.segment,
                                   s.monthly_contribution_idr, s.source_row
                            from staging.spells as s
                            inner join identity.persons as p using (person_id)
                            order by s.source_row""").fetchall()
    assert spells == [
        (_nik(1), dt.date(2025, 1, 1), dt.date(2025, 12, 31), ["JKK", "JKM"], "BPU", 16800, 2),
        (_nik(12), dt.date(2025, 1, 1), dt.date(2025, 12, 31), ["JKK", "JKM"], "BPU", 16800, 13),
        # 3 months paid from 2025-01-01: covered to 2025-03-31 (CONTRACT §4 worker D).
        (_nik(16), dt.date(2025, 1, 1), dt.date(2025, 3, 31), ["JKK", "JKM"], "BPU", 16800, 17),
    ]
    values = con.execute("select value from audit.rejected_rows where value is not null").fetchall()
    assert not any(_nik(1) in v or "Ani Lestari" in v for (v,) in values)


def test_every_claim_rejection_reason_and_duplicate_claim_ids_across_files(raw_dir):
    # The KPJ of the KPJ-only claim K-002 is on one enrolment row: the claim can be placed.
    _write(
        raw_dir / "enrolment" / "kpj.csv",
        ["NIK", "No KPJ", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir"],
        [[_nik(20), "12345678901", "Ani", "6107012001", "Petani", "APBD_KAB", "01/01/2025", "31/12/2025"]],
    )
    k2 = ["K-002", "", "'12345678901", "JKK", "05/03/2025", "06/03/2025", "", "", ""]
    _write(
        raw_dir / "claims" / "2025-03.csv",
        CLAIM_HEADER,
        [
            [
                "K-001",
                _nik(1),
                "",
                "JKM",
                "10/02/2025",
                "12/02/2025",
                "20/02/2025",
                "",
                "Rp 42.000.000,00",
            ],  # row 2: accepted, paid
            k2,  # row 3: accepted, KPJ only, pending
            ["K-001", _nik(2), "", "JKM", "11/02/2025", "12/02/2025", "", "", ""],  # row 4
            ["K-003", _nik(3), "", "JXX", "", "01/04/2025", "", "", ""],  # row 5
            ["", _nik(3), "", "JHT", "", "01/04/2025", "", "", ""],  # row 6
            ["K-004", "", "", "JHT", "", "01/04/2025", "", "", ""],  # row 7: nobody
            ["K-005", _nik(3), "", "JHT", "", "01/04/2025", "02/04/2025", "", "Rp abc"],  # row 8
            k2,  # row 9: exact copy of row 3
            ["K-006", _nik(3), "", "JKK", "", "01/04/2025", "", "", ""],  # row 10: no event date
            ["K-007", "6.10701E+15", "", "JHT", "", "01/04/2025", "", "", ""],  # row 11
            ["K-008", _nik(3), "", "JHT", "", "besok", "", "", ""],  # row 12
            ["K-009", "61070101019", "", "JHT", "", "01/04/2025", "", "Ditolak", ""],  # row 13
            ["K-010", _nik(3), "", "JHT", "", "01/04/2025", "", "Ditolak", ""],  # row 14: accepted
        ],
    )
    # Written second but named later than 2025-03.csv: its K-002 is the later occurrence.
    _write(
        raw_dir / "claims" / "2025-04.csv",
        CLAIM_HEADER,
        [
            ["K-002", _nik(4), "", "JHT", "", "03/04/2025", "", "", ""],  # row 2
            [
                "K-011",
                _nik(1),
                "",
                "JKK",
                "01/05/2025",
                "02/05/2025",
                "10/05/2025",
                "",
                "5.000.000",
            ],  # row 3: accepted
        ],
    )
    con = _ingest(raw_dir)
    assert _rejected(con, "claims/2025-03.csv") == [
        ("", 4, "no_klaim", "duplicate_claim_id", "K-001"),
        ("", 5, "program", "invalid_program", "JXX"),
        ("", 6, "no_klaim", "missing_required", None),
        ("", 7, "nik", "missing_required", None),
        ("", 8, "nominal", "invalid_amount", "Rp abc"),
        ("", 9, WHOLE_ROW, "duplicate_row", None),
        ("", 10, "tgl_kejadian", "missing_required", None),
        ("", 11, "nik", "nik_precision_lost", "6.10*****15"),
        ("", 12, "tgl_pengajuan", "invalid_date", "besok"),
        ("", 13, "nik", "invalid_nik", "6107*****19"),
    ]
    assert _rejected(con, "claims/2025-04.csv") == [("", 2, "no_klaim", "duplicate_claim_id", "K-002")]
    assert _counts(con, "claims/2025-03.csv") == (13, 3, 10, None)
    assert _counts(con, "claims/2025-04.csv") == (2, 1, 1, None)
    claims = con.execute("""select claim_id, person_id, kpj_id, nik_regency_code, program, status,
                                   amount_idr, paid_date
                            from staging.claims order by claim_id""").fetchall()
    # staging holds keyed pseudonyms of NIK and KPJ, and the regency the NIK was issued in
    nik_1, nik_3, kpj = (
        _pseudonym(raw_dir, _nik(1)),
        _pseudonym(raw_dir, _nik(3)),
        _pseudonym(raw_dir, "12345678901", "kpj"),
    )
    assert claims == [
        ("K-001", nik_1, None, "61.07", "JKM", "DIBAYAR", 42_000_000, dt.date(2025, 2, 20)),
        ("K-002", None, kpj, None, "JKK", "PROSES", None, None),  # KPJ-only claim
        ("K-010", nik_3, None, "61.07", "JHT", "DITOLAK", None, None),
        ("K-011", nik_1, None, "61.07", "JKK", "DIBAYAR", 5_000_000, dt.date(2025, 5, 10)),
    ]


def test_claim_status_defaults_to_dibayar_when_paid_else_proses(raw_dir):
    header = [
        "Nomor Klaim",
        "NIK",
        "Jenis Klaim",
        "Tanggal Kejadian",
        "Tanggal Klaim",
        "Tanggal Pembayaran",
        "Jumlah Manfaat",
    ]  # no Status column at all
    _write(
        raw_dir / "claims" / "k.csv",
        header,
        [
            ["A1", _nik(1), "JKM", "10/02/2025", "12/02/2025", "20/02/2025", "42.000.000"],
            ["A2", _nik(2), "JKK", "10/02/2025", "12/02/2025", "", ""],
            ["A3", _nik(3), "JHT", "", "12/02/2025", "", ""],
        ],
    )
    con = _ingest(raw_dir)
    assert con.execute("select claim_id, status from staging.claims order by claim_id").fetchall() == [
        ("A1", "DIBAYAR"),
        ("A2", "PROSES"),
        ("A3", "PROSES"),
    ]


# --- row accounting and unreadable files --------------------------------------------------------


def _workbook(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    for sheet, people in [
        ("Sungai Duri", [(_nik(21), "Cici"), (_nik(22), "Dedi")]),
        ("Tirta Kencana", [(_nik(23), "Eka"), ("123", "Fani"), (_nik(24), "Gita")]),
    ]:
        ws = wb.add_worksheet(sheet)
        ws.write(0, 0, f"DAFTAR PESERTA PEKERJA RENTAN DESA {sheet.upper()}")
        ws.write_row(
            2,
            0,
            ["No", "NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir", "Iuran"],
        )  # row 3
        code = 6107012001 if sheet == "Sungai Duri" else 6107042003
        for i, (nik, name) in enumerate(people):
            r = 3 + i  # rows 4, 5, (6)
            ws.write_row(r, 0, [i + 1, nik, name, code, "Petani", "Dana Desa"])
            ws.write_datetime(r, 6, dt.datetime(2025, 2, 1), date_format)
            ws.write_datetime(r, 7, dt.datetime(2026, 1, 31), date_format)
            ws.write_number(r, 8, 16800)
        ws.write_row(
            3 + len(people), 0, ["JUMLAH", None, None, None, None, None, None, None, 16800 * len(people)]
        )
    wb.add_worksheet("Rekap").write(0, 0, "Rekapitulasi per desa: lihat lembar lain")
    wb.close()
    return path


def test_rows_add_up_per_file_and_a_corrupt_file_is_isolated(raw_dir):
    _workbook(raw_dir / "enrolment" / "b_desa.xlsx")
    (raw_dir / "enrolment" / "a_rusak.xlsx").write_bytes(b"this is not a workbook")
    _write(
        raw_dir / "enrolment" / "c.csv",
        ENROLMENT_HEADER,
        [_spell(_nik(31)), _spell(_nik(32), months="x", end=""), _spell(_nik(31))],
    )
    con = _ingest(raw_dir)
    read, accepted, rejected, error = _counts(con, "enrolment/a_rusak.xlsx")
    assert (read, accepted, rejected) == (0, 0, 0)
    assert error and "workbook" in error
    # b_desa.xlsx: 2 + 3 data rows (total rows and the Rekap sheet are not data); "123" rejected.
    assert _counts(con, "enrolment/b_desa.xlsx") == (5, 4, 1, None)
    assert _rejected(con, "enrolment/b_desa.xlsx") == [("Tirta Kencana", 5, "nik", "invalid_nik", "***")]
    # c.csv: row 3 has no usable months, row 4 repeats row 2.
    assert _counts(con, "enrolment/c.csv") == (3, 1, 2, None)
    assert [r[3] for r in _rejected(con, "enrolment/c.csv")] == ["invalid_amount", "duplicate_row"]
    staged = dict(con.execute("select source_path, count(*) from staging.spells group by 1").fetchall())
    assert staged == {"enrolment/b_desa.xlsx": 4, "enrolment/c.csv": 1}
    mismatches = con.execute("""
        select f.path from audit.input_files f
        left join (select source_path, count(*) n from staging.spells group by 1) s
               on s.source_path = f.path
        left join (select path, count(*) n from audit.rejected_rows group by 1) r on r.path = f.path
        where f.kind = 'enrolment' and (f.rows_read != f.rows_accepted + f.rows_rejected
              or f.rows_accepted != coalesce(s.n, 0) or f.rows_rejected != coalesce(r.n, 0))
        """).fetchall()
    assert mismatches == []
    rows = con.execute("""select source_sheet, source_row, village_code, start_date, end_date
                          from staging.spells where source_path = 'enrolment/b_desa.xlsx'
                          order by 1, 2""").fetchall()
    feb, jan = dt.date(2025, 2, 1), dt.date(2026, 1, 31)
    assert rows == [
        ("Sungai Duri", 4, "61.07.01.2001", feb, jan),
        ("Sungai Duri", 5, "61.07.01.2001", feb, jan),
        ("Tirta Kencana", 4, "61.07.04.2003", feb, jan),
        ("Tirta Kencana", 6, "61.07.04.2003", feb, jan),
    ]
    notes = con.execute("""select sheet, topic from audit.notes
                           where path = 'enrolment/b_desa.xlsx' order by 1, 2""").fetchall()
    assert ("Rekap", "skipped_sheet") in notes


def test_gazetteer_rows_are_accounted_for(raw_dir):
    con = _ingest(raw_dir)
    assert _counts(con, "reference/wilayah.csv") == (16, 16, 0, None)
    levels = dict(con.execute("select level, count(*) from staging.regions group by 1").fetchall())
    assert levels == {"province": 1, "regency": 2, "district": 4, "village": 9}
    kelurahan = con.execute("select code from staging.regions where is_kelurahan").fetchall()
    assert kelurahan == [("61.07.04.1001",)]


def test_workforce_and_targets(raw_dir):
    _write(
        raw_dir / "reference" / "angkatan_kerja.csv",
        ["Kode Wilayah", "Tahun", "Jumlah Pekerja", "Sektor"],
        [
            ["6107012001", "2025", "500", ""],  # row 2
            ["61.07", "2025", "12500", "a"],  # row 3: regency, sector A
            ["61.99", "2025", "5", ""],  # row 4: no such region
            ["6107012004", "dua ribu", "5", ""],  # row 5
            ["6107012004", "2024", "lima", ""],  # row 6
            ["6107012004", "2024", "400", ""],  # row 7
        ],
    )
    _write(
        raw_dir / "reference" / "target.csv",
        ["kode_wilayah", "tahun", "target"],
        [["61.07.01.2001", "2025", "100"], ["6107012004", "2025", "100"]],
    )
    con = _ingest(raw_dir)
    assert con.execute("select * from staging.workforce order by area_code, year").fetchall() == [
        ("61.07", 2025, "A", 12500, None),
        ("61.07.01.2001", 2025, None, 500, None),
        ("61.07.01.2004", 2024, None, 400, None),
    ]
    assert _rejected(con, "reference/angkatan_kerja.csv") == [
        ("", 4, "kode_wilayah", "unknown_village", "61.99"),
        ("", 5, "tahun", "invalid_date", "dua ribu"),
        ("", 6, "jumlah_pekerja", "invalid_amount", "lima"),
    ]
    assert _counts(con, "reference/angkatan_kerja.csv") == (6, 3, 3, None)
    assert con.execute("select * from staging.targets order by area_code").fetchall() == [
        ("61.07.01.2001", 2025, 100, None),
        ("61.07.01.2004", 2025, 100, None),
    ]


def test_optional_reference_files_quotas_ucj_targets_budgets_and_directives(raw_dir):
    """CONTRACT §3.3 and §3.3a: read like the others, header variants, rejections with reasons."""
    _write(
        raw_dir / "reference" / "angkatan_kerja.csv",
        ["Kode Wilayah", "Tahun", "Jumlah Pekerja", "Sumber"],
        [["61.07", "2025", "140000", "BPS Sakernas Agustus 2024"]],
    )
    _write(
        raw_dir / "reference" / "target.csv",
        ["Kode Wilayah", "Tahun", "Target", "Sumber Dana"],
        [
            ["6107012001", "2025", "100", "APBD Kab"],  # row 2: a quota, spelling mapped
            ["61.07", "2025", "4.600", "dbh_sawit"],  # row 3: a code written as such
            ["61.07", "2025", "150", ""],  # row 4: a target of every funding source
        ],
    )
    _write(
        raw_dir / "reference" / "target_ucj.csv",
        ["Kode Wilayah", "Tahun", "Target UCJ", "Sumber"],
        [
            ["61.07", "2025", "0,5215", "Target regional Kemendagri"],  # row 2
            ["61", "2025", "61 %", "RPJMD"],  # row 3: a percentage
            ["61.12", "2025", "52", ""],  # row 4: not a fraction
        ],
    )
    _write(
        raw_dir / "reference" / "anggaran.csv",
        ["Kode Wilayah", "Tahun Anggaran", "Sumber Dana", "Pagu (Rp)"],
        [
            ["61.07", "2025", "APBD_KAB", "Rp 2.430.000.000"],  # row 2
            ["61.07", "2025", "CSR", "1e30"],  # row 3: beyond any budget
        ],
    )
    _write(
        raw_dir / "reference" / "arahan.csv",
        ["Kode Wilayah", "Tanggal Rapat", "Arahan", "Indikator", "PIC", "Batas Waktu"],
        [
            [
                "61.07",
                "18 September 2025",
                "CSR mendaftarkan pekerja rentan",
                "peserta_aktif_csr",
                "Disnakertrans",
                "31/12/2025",
            ],  # row 2
            ["61.07", "18/09/2025", "", "", "", ""],  # row 3: no directive
            ["61.07", "18/09/2025", "Surat edaran ke OPD", "", "Setda", "31/02/2026"],  # row 4
        ],
    )
    con = duckdb.connect()
    ingest(con, Settings(raw_dir.parent), today=dt.date(2025, 10, 15))
    assert con.execute("select source_text from staging.workforce").fetchall() == [
        ("BPS Sakernas Agustus 2024",)
    ]
    assert con.execute("select * from staging.targets order by area_code, target").fetchall() == [
        ("61.07", 2025, 150, None),
        ("61.07", 2025, 4600, "DBH_SAWIT"),
        ("61.07.01.2001", 2025, 100, "APBD_KAB"),
    ]
    assert con.execute("select * from staging.ucj_targets order by area_code").fetchall() == [
        ("61", 2025, 0.61, "RPJMD"),
        ("61.07", 2025, 0.5215, "Target regional Kemendagri"),
    ]
    assert _rejected(con, "reference/target_ucj.csv") == [("", 4, "target_rate", "invalid_amount", "52")]
    assert con.execute("select * from staging.budgets").fetchall() == [
        ("61.07", 2025, "APBD_KAB", 2_430_000_000)
    ]
    assert _rejected(con, "reference/anggaran.csv") == [("", 3, "pagu_idr", "invalid_amount", "1e30")]
    assert con.execute("""select meeting_date, directive, indicator, responsible, deadline_date,
                                 source_row from staging.directives order by source_row""").fetchall() == [
        (
            dt.date(2025, 9, 18),
            "CSR mendaftarkan pekerja rentan",
            "peserta_aktif_csr",
            "Disnakertrans",
            dt.date(2025, 12, 31),
            2,
        ),
        (dt.date(2025, 9, 18), "Surat edaran ke OPD", None, "Setda", None, 4),
    ]
    assert _rejected(con, "reference/arahan.csv") == [("", 3, "arahan", "missing_required", None)]
    # the impossible deadline is left empty with a note naming its row (CONTRACT §2)
    assert con.execute("""select row_number, field from audit.notes
                          where path = 'reference/arahan.csv'""").fetchall() == [(4, "tenggat")]


# --- villages (CONTRACT §3.5) -------------------------------------------------------------------


def _villages(con, path: str) -> list[tuple]:
    return con.execute(
        """select source_row, village_code, district_code, regency_code
                          from staging.spells where source_path = ? order by source_row""",
        [path],
    ).fetchall()


def test_village_by_code_without_dots_and_by_names_with_prefixes(raw_dir):
    _write(
        raw_dir / "enrolment" / "bengkayang.csv",
        ENROLMENT_HEADER,
        [
            _spell(_nik(41), code="6107012004"),  # row 2
            _spell(_nik(42), code="", desa="Desa Sungai Duri", kec="Kec. Sungai Raya"),  # row 3
            _spell(_nik(43), code="", desa="Ds. Tirta Kencana", kec="BENGKAYANG"),  # row 4
            _spell(_nik(44), code="", desa="Kel. Bumi Emas", kec="Kecamatan Bengkayang"),  # row 5
            _spell(_nik(45), code="", desa="sungai jaga a", kec="sungai raya"),  # row 6
            _spell(_nik(46), code="61.07.01", desa="", kec=""),  # row 7: a district, not a village
            _spell(_nik(47), code="", desa="Sungai Duri", kec="Bengkayang"),  # row 8: wrong district
        ],
    )
    con = _ingest(raw_dir)
    assert _villages(con, "enrolment/bengkayang.csv") == [
        (2, "61.07.01.2004", "61.07.01", "61.07"),
        (3, "61.07.01.2001", "61.07.01", "61.07"),
        (4, "61.07.04.2003", "61.07.04", "61.07"),
        (5, "61.07.04.1001", "61.07.04", "61.07"),
        (6, "61.07.01.2004", "61.07.01", "61.07"),
    ]
    assert _rejected(con, "enrolment/bengkayang.csv") == [
        ("", 7, "kode_desa", "unknown_village", "61.07.01"),
        ("", 8, "desa", "unknown_village", "Sungai Duri"),
    ]


def test_ambiguous_name_pair_resolved_by_the_regency_of_the_files_other_rows(raw_dir):
    # (Kuala Dua, Sungai Raya) exists in 61.07 and in 61.12.
    _write(
        raw_dir / "enrolment" / "a_bengkayang.csv",
        ENROLMENT_HEADER,
        [
            _spell(_nik(51), code="", desa="Sungai Duri", kec="Sungai Raya"),  # 61.07
            _spell(_nik(52), code="", desa="Ds. Kuala Dua", kec="Kec. Sungai Raya"),  # ambiguous
            _spell(_nik(53), code="", desa="Bumi Emas", kec="Bengkayang"),  # 61.07
            _spell(_nik(54), code="", desa="Sungai Raya", kec="Sungai Raya"),  # 61.12: outvoted 2:1
        ],
    )
    _write(
        raw_dir / "enrolment" / "b_kuburaya.csv",
        ENROLMENT_HEADER,
        [
            _spell(_nik(55), code="", desa="KUALA DUA", kec="SUNGAI RAYA"),  # ambiguous
            _spell(_nik(56), code="", desa="Kubu", kec="Kubu"),  # 61.12
        ],
    )
    _write(
        raw_dir / "enrolment" / "c_sendiri.csv",
        ENROLMENT_HEADER,
        [
            _spell(_nik(57), code="", desa="Kuala Dua", kec="Sungai Raya"),  # nothing to settle it
        ],
    )
    con = _ingest(raw_dir)
    assert [r[:2] for r in _villages(con, "enrolment/a_bengkayang.csv")] == [
        (2, "61.07.01.2001"),
        (3, "61.07.01.2099"),
        (4, "61.07.04.1001"),
        (5, "61.12.01.2001"),
    ]
    assert [r[:2] for r in _villages(con, "enrolment/b_kuburaya.csv")] == [
        (2, "61.12.01.2004"),
        (3, "61.12.06.2001"),
    ]
    assert _rejected(con, "enrolment/c_sendiri.csv") == [("", 2, "desa", "unknown_village", "Kuala Dua")]


def test_ambiguous_name_pair_resolved_by_rows_that_give_a_code(raw_dir):
    _write(
        raw_dir / "enrolment" / "kuburaya.csv",
        ENROLMENT_HEADER,
        [
            _spell(_nik(61), code="6112062001"),  # Kubu, 61.12
            _spell(_nik(62), code="", desa="Kuala Dua", kec="Sungai Raya"),  # ambiguous
        ],
    )
    con = _ingest(raw_dir)
    assert [r[:2] for r in _villages(con, "enrolment/kuburaya.csv")] == [
        (2, "61.12.06.2001"),
        (3, "61.12.01.2004"),
    ]


def test_desa_prefix_before_a_name_that_itself_starts_with_a_prefix_word(raw_dir):
    _write(
        raw_dir / "enrolment" / "kubu.csv",
        ENROLMENT_HEADER,
        [
            _spell(_nik(71), code="", desa="Kampung Baru", kec="Kubu"),
            _spell(_nik(72), code="", desa="Desa Kampung Baru", kec="Kec. Kubu"),
        ],
    )
    con = _ingest(raw_dir)
    assert _rejected(con, "enrolment/kubu.csv") == []
    assert [r[1] for r in _villages(con, "enrolment/kubu.csv")] == ["61.12.06.2011"] * 2


# --- mapping tables (CONTRACT §3.4) -------------------------------------------------------------


def test_occupation_mapping_file_adds_to_the_default_and_unknown_spellings_are_counted(raw_dir):
    _write(
        raw_dir / "reference" / "pekerjaan_sektor.csv",
        ["pekerjaan", "sektor"],
        [["Penoreh Getah", "A"], ["Pedagang Keliling", "g"]],
    )
    _write(
        raw_dir / "enrolment" / "p.csv",
        ENROLMENT_HEADER,
        [
            _spell(_nik(81), job="PENOREH-GETAH"),  # A: case and punctuation ignored
            _spell(_nik(82), job="pedagang  keliling"),  # G
            _spell(_nik(83), job="Petani"),  # in the shipped default, not in this file: A
            _spell(_nik(84), job="Petani", funding="Kas Gereja"),  # unknown funding spelling
            _spell(_nik(85), job="Penoreh Getah", funding="Dana Desa"),
        ],
    )
    con = _ingest(raw_dir)
    spells = con.execute("""select source_row, occupation, sector_code, funding_text, funding_source
                            from staging.spells order by source_row""").fetchall()
    assert spells == [
        (2, "PENOREH-GETAH", "A", "APBD Kab", "APBD_KAB"),
        (3, "pedagang  keliling", "G", "APBD Kab", "APBD_KAB"),
        (4, "Petani", "A", "APBD Kab", "APBD_KAB"),
        (5, "Petani", "A", "Kas Gereja", "LAINNYA"),
        (6, "Penoreh Getah", "A", "Dana Desa", "DANA_DESA"),
    ]
    notes = con.execute("""select topic, path, value, row_count from audit.notes
                           where topic like 'unmapped%' order by topic""").fetchall()
    assert notes == [("unmapped_funding", "enrolment/p.csv", "Kas Gereja", 1)]
    mapping_files = con.execute("""select path, rows_read from audit.input_files
                                   where path like 'reference/pekerjaan_sektor%'""").fetchall()
    assert mapping_files == [("reference/pekerjaan_sektor.csv", 2)]


# --- personal data (CONTRACT §3.5, §5) ----------------------------------------------------------


def test_names_live_in_identity_persons_only(raw_dir):
    _write(
        raw_dir / "enrolment" / "p.csv",
        ENROLMENT_HEADER,
        [
            _spell(_nik(91), "Ani", birth="17/08/1990", start="01/01/2024", end="31/12/2024"),
            _spell(_nik(91), "Ani Lestari", birth="17/08/1990"),  # 2025: the latest spell
            _spell(_nik(92), "Nur’aini"),
        ],
    )
    con = _ingest(raw_dir)
    assert con.execute("select nik, name, birth_date from identity.persons order by nik").fetchall() == [
        (_nik(91), "Ani Lestari", dt.date(1990, 8, 17)),
        (_nik(92), "Nur’aini", None),
    ]
    columns = {
        c
        for (c,) in con.execute("""select column_name from information_schema.columns
                                            where table_schema = 'staging'
                                              and table_name in ('spells', 'claims')""").fetchall()
    }
    # staging joins on keyed pseudonyms: no NIK, KPJ, name or birth date
    assert {"person_id", "kpj_id"} <= columns
    assert not columns & {"nik", "no_kpj", "name", "nama", "birth_date", "tanggal_lahir"}
    assert con.execute("select count(distinct person_id) from staging.spells").fetchone()[0] == 2
    assert (
        con.execute("""select count(*) from staging.spells as s
                          inner join identity.persons as p using (person_id)""").fetchone()[0]
        == 3
    )
    assert con.execute("select count(*) from staging.spells").fetchone()[0] == 3


# --- the Dagster assets -------------------------------------------------------------------------


def test_dagster_ingestion_asset_and_row_accounting_check(raw_dir, tmp_path, monkeypatch):
    _write(
        raw_dir / "enrolment" / "p.csv",
        ENROLMENT_HEADER,
        [_spell(_nik(1)), _spell(_nik(2), code="6107019999"), _spell(_nik(1))],
    )
    _write(
        raw_dir / "claims" / "k.csv",
        CLAIM_HEADER,
        [["K-1", _nik(1), "", "JKK", "01/03/2025", "02/03/2025", "", "", ""]],
    )
    (raw_dir / "claims" / "rusak.xlsx").write_bytes(b"")
    db = tmp_path / "db.duckdb"
    result = dg.materialize(
        [*RAW_ASSETS, ingestion, every_input_row_accounted],
        resources={
            "duckdb": DuckDBResource(database=str(db)),
            "settings": SettingsResource(data_dir=str(tmp_path)),
        },
    )
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert [(c.check_name, c.passed) for c in checks] == [("every_input_row_accounted", True)]
    with duckdb.connect(str(db), read_only=True) as con:
        assert _counts(con, "enrolment/p.csv") == (3, 1, 2, None)
        assert _counts(con, "claims/k.csv") == (1, 1, 0, None)
        assert _counts(con, "claims/rusak.xlsx")[:3] == (0, 0, 0)
