"""The fix list for village offices: one workbook per input file with rejections or notes."""

import datetime as dt
import json
import stat

import duckdb
import openpyxl
import pytest

from pipeline import catalog
from pipeline.ingest import fields
from pipeline.outputs import fix_list

A = "enrolment/desa_a.xlsx"
CLAIMS = "claims/klaim.csv"
FORMULA_NAME = '=HYPERLINK("http://x.example/","Budi")'
FORMULA_VILLAGE = '=HYPERLINK("http://x.example/","Sungai Betung")'
TYPED_NIK = "6107145213990001"  # month 13: not a NIK
TOPICS = ("skipped_sheet", "unknown_column", "dropped_optional_value", "month_first_dates",
          "ignored_mapping_row", "missing_region_row", "rows_without_fields", "total_rows",
          "repeated_header", "unmapped_occupation", "unmapped_funding", "unknown_segment",
          "unknown_status")  # fmt: skip

REJECTED = [
    # path, sheet, row_number, field, reason, value (masked as audit stores it), kind
    (A, "Peserta", 7, "nik", "invalid_nik", "6107********0001", "enrolment"),
    (A, "Peserta", 5, "tgl_mulai", "invalid_date", "31/02/2025", "enrolment"),
    (A, "Peserta", 12, "desa", "unknown_village", "=HYPERLINK(***", "enrolment"),
    (A, "Peserta", 13, "", "duplicate_row", None, "enrolment"),
    (CLAIMS, "", 4, "no_kpj", "unknown_participant", "2501*****78", "claims"),
]
NOTES = [
    # path, sheet, topic, value, row_count, message, kind, row_number, field
    (A, "Rekap", "skipped_sheet", "Rekap", None, "no recognisable header", "enrolment", None, None),
    (A, "", "unmapped_occupation", "Tukang Pijat", 3, "occupation not in mapping", "enrolment", None, None),
    (A, "Peserta", "name_like_formula", "=H***", None, "Nama diawali tanda =", "enrolment", 9, "nama"),
]
TYPED = [
    (A, "Peserta", 7, "nik", TYPED_NIK),
    (A, "Peserta", 12, "desa", FORMULA_VILLAGE),
    (A, "Peserta", 9, "nama", FORMULA_NAME),
    (CLAIMS, "", 4, "no_kpj", "25012345678"),
]


def _database(rejected=REJECTED, notes=NOTES, typed=TYPED, start=dt.date(2025, 9, 18)):
    con = duckdb.connect()
    for schema in ("staging", "audit", "identity"):
        con.execute(f"create schema {schema}")
    for table in (catalog.SPELLS, catalog.CLAIMS, catalog.REJECTED_ROWS, catalog.NOTES, catalog.TYPED_VALUES):
        con.execute(table.ddl())
    if start:
        con.execute("insert into staging.spells (spell_id, start_date) values (1, $d)", {"d": start})
    for table, rows in (
        (catalog.REJECTED_ROWS, rejected),
        (catalog.NOTES, notes),
        (catalog.TYPED_VALUES, typed),
    ):
        if rows:
            marks = ", ".join("?" * len(table.columns))
            con.executemany(f"insert into {table.qualified_name} values ({marks})", rows)
    return con


def _cells(path):
    sheet = openpyxl.load_workbook(path).active
    return sheet, [tuple(c.value for c in row) for row in sheet.iter_rows()]


def _reason(code):
    # No gazetteer in these databases: no example village code (it comes from the data root's own).
    return fix_list.texts()["reasons"][code].replace("{village_example}", "")


def _topic(code):
    return fix_list.texts()["topics"][code]


@pytest.fixture
def written(tmp_path):
    internal = tmp_path / "internal"
    folder = internal / "2025-09" / "perbaikan"
    folder.mkdir(parents=True)
    (folder / "enrolment__desa_b.xlsx").write_bytes(b"stale: desa_b has no problems now")
    (folder / "catatan-analis.txt").write_text("kept", encoding="utf-8")
    earlier = internal / "2025-08" / "perbaikan" / "enrolment__desa_b.xlsx"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"last month's list")
    counts = fix_list.write_fix_lists(_database(), internal)
    return internal, folder, counts


def test_one_workbook_per_file_with_problems(written):
    _, folder, counts = written
    assert counts == {CLAIMS: 1, A: 7}
    assert sorted(p.name for p in folder.iterdir()) == [
        "BACA-DULU_RAHASIA.txt",
        "catatan-analis.txt",
        "claims__klaim.xlsx",
        "enrolment__desa_a.xlsx",
    ]


def test_lines_sorted_by_sheet_then_row_with_value_as_typed_and_reason(written):
    _, folder, _ = written
    sheet, rows = _cells(folder / "enrolment__desa_a.xlsx")
    assert rows[0][0] == "Daftar perbaikan berkas: enrolment/desa_a.xlsx"
    assert rows[1][0] == "Data per tanggal: 18 September 2025"
    assert rows[2][0] == "Baris ditolak: 4 · Catatan: 3"
    assert rows[3][0] == "Perbaiki baris-baris berikut di berkas asli, lalu kirim ulang."
    assert rows[5] == ("Lembar", "Baris", "Kolom", "Nilai seperti diketik", "Alasan")
    assert rows[6:] == [
        (None, None, "Pekerjaan", "Tukang Pijat", _topic("unmapped_occupation") + " Menyangkut 3 baris."),
        ("Peserta", 5, "Tgl Mulai", "31/02/2025", _reason("invalid_date")),
        ("Peserta", 7, "NIK", TYPED_NIK, _reason("invalid_nik")),
        ("Peserta", 9, "Nama", "'" + FORMULA_NAME, "Nama diawali tanda ="),  # unknown topic: message
        ("Peserta", 12, "Desa", "'" + FORMULA_VILLAGE, _reason("unknown_village")),
        ("Peserta", 13, None, None, _reason("duplicate_row")),
        ("Rekap", None, None, None, _topic("skipped_sheet")),
    ]
    assert _reason("invalid_nik").startswith("NIK tidak sah: harus 16 angka")
    assert sheet.freeze_panes == "A7"
    assert sheet.column_dimensions["E"].width >= 60


def test_claims_workbook_shows_kpj_header_and_typed_kpj(written):
    _, folder, _ = written
    _, rows = _cells(folder / "claims__klaim.xlsx")
    assert rows[2][0] == "Baris ditolak: 1 · Catatan: 0"
    assert rows[6:] == [(None, 4, "KPJ", "25012345678", _reason("unknown_participant"))]


def test_no_cell_is_a_live_formula(written):
    _, folder, _ = written
    sheet = openpyxl.load_workbook(folder / "enrolment__desa_a.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert not [c.value for c in cells if str(c.value).startswith(("=", "+", "-", "@"))]


def test_owner_only_and_other_months_untouched(written):
    internal, folder, _ = written
    for d in (folder, folder.parent):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700
    for name in ("enrolment__desa_a.xlsx", "claims__klaim.xlsx", "BACA-DULU_RAHASIA.txt"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    assert "TIDAK UNTUK PUBLIKASI" in (folder / "BACA-DULU_RAHASIA.txt").read_text(encoding="utf-8")
    earlier = internal / "2025-08" / "perbaikan" / "enrolment__desa_b.xlsx"
    assert earlier.read_bytes() == b"last month's list"
    assert not list(folder.glob(".*.tmp"))


def test_stale_workbook_goes_when_its_file_is_fixed(tmp_path):
    internal = tmp_path / "internal"
    fix_list.write_fix_lists(_database(), internal)
    folder = internal / "2025-09" / "perbaikan"
    assert (folder / "claims__klaim.xlsx").exists()
    counts = fix_list.write_fix_lists(_database(rejected=REJECTED[:4]), internal)
    assert counts == {A: 7}
    assert not (folder / "claims__klaim.xlsx").exists()
    assert (folder / "enrolment__desa_a.xlsx").exists()


def test_without_an_as_of_month_the_folder_has_no_month(tmp_path):
    counts = fix_list.write_fix_lists(_database(start=None), tmp_path)
    assert counts == {CLAIMS: 1, A: 7}
    _, rows = _cells(tmp_path / "perbaikan" / "claims__klaim.xlsx")
    assert rows[1][0].startswith("Data per tanggal: belum ada")


def test_names_that_would_clash_stay_apart(tmp_path):
    rejected = [
        (p, "", 2, "nik", "invalid_nik", "x", "enrolment")
        for p in ("enrolment/desa_a.csv", "enrolment/desa_a.xlsx", "enrolment/Desa_A.csv")
    ]
    counts = fix_list.write_fix_lists(_database(rejected=rejected, notes=[], typed=[]), tmp_path)
    assert len(counts) == 3
    assert len(list((tmp_path / "2025-09" / "perbaikan").glob("*.xlsx"))) == 3


@pytest.mark.parametrize(("path", "name"), [
    ("enrolment/desa_a.csv", "enrolment__desa_a.xlsx"),
    ("enrolment/kec/desa a.xls", "enrolment__kec__desa a.xlsx"),
    ("enrolment/ra:ra?.csv", "enrolment__ra_ra_.xlsx"),
    ("reference/target", "reference__target.xlsx"),
])  # fmt: skip
def test_workbook_name(path, name):
    assert fix_list.workbook_name(path) == name


def test_long_names_are_cut_and_keep_a_hash():
    name = fix_list.workbook_name("enrolment/" + "x" * 400 + ".csv")
    assert len(name.encode()) <= 200 and name.endswith(".xlsx") and "-" in name


def test_every_reason_and_topic_has_an_indonesian_text():
    texts = json.loads(fix_list.TEXTS_PATH.read_text(encoding="utf-8"))
    assert set(texts["reasons"]) == {*fields.REASONS, "unknown_participant"}
    assert set(TOPICS) <= set(texts["topics"])


def test_columns_shown_with_their_usual_header():
    assert fix_list.column_header("tgl_mulai") == "Tgl Mulai"
    assert fix_list.column_header("kode_desa") == "Kode Desa"
    assert fix_list.column_header("Umur Peserta") == "Umur Peserta"  # a column no field knows
    assert fix_list.column_header(None, "unmapped_funding") == "Sumber Dana"
