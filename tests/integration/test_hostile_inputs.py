"""Hostile and broken inputs: each is reported clearly and every other file still loads."""

import zipfile

import duckdb
import pytest
import xlsxwriter

from pipeline.ingest.containers import MAX_UNCOMPRESSED_BYTES
from pipeline.ingest.load import ingest
from pipeline.settings import Settings
from tests.conftest import write_csv

HEADER = ("NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir")


def _good_csv(raw_dir, name="baik.csv", nik="6107011203560001", nama="Ani"):
    return write_csv(
        raw_dir / "enrolment" / name,
        [HEADER, (nik, nama, "6107012001", "Petani", "APBD_KAB", "01/03/2025", "28/02/2026")],
    )


def _ingest(tmp_path):
    con = duckdb.connect()
    ingest(con, Settings(tmp_path))
    return con


def _errors(con):
    return dict(con.execute("select path, error from audit.input_files where error is not null").fetchall())


def test_a_file_named_xlsx_that_is_not_a_spreadsheet_is_reported_and_others_load(tmp_path, raw_dir):
    _good_csv(raw_dir)
    (raw_dir / "enrolment" / "bukan.xlsx").write_text("<html>not a workbook</html>")
    con = _ingest(tmp_path)
    assert (
        "not an Excel workbook" in _errors(con)["enrolment/bukan.xlsx"]
        or "cannot read" in _errors(con)["enrolment/bukan.xlsx"]
    )
    assert con.execute("select count(*) from staging.spells").fetchone()[0] == 1


def test_a_zip_bomb_disguised_as_xlsx_is_refused_before_it_is_inflated(tmp_path, raw_dir):
    _good_csv(raw_dir)
    bomb = raw_dir / "enrolment" / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 40_000_000)  # ~40 kB compressed
    con = _ingest(tmp_path)
    assert "zip bomb" in _errors(con)["enrolment/bom.xlsx"]
    assert con.execute("select count(*) from staging.spells").fetchone()[0] == 1


def test_the_inflated_size_limit_leaves_room_for_a_full_excel_sheet():
    # 1,048,576 rows x 15 columns of short cells is about 0.7 GB of sheet XML.
    assert MAX_UNCOMPRESSED_BYTES > 1_048_576 * 15 * 45


def test_formula_and_error_cells(tmp_path, raw_dir):
    path = raw_dir / "enrolment" / "rumus.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Desa")
    ws.write_row(0, 0, HEADER)
    # row 2: the name is a formula with a cached value: the value counts
    ws.write_row(1, 0, ["6107011203560001"])
    ws.write_formula(1, 1, '="Ani"', None, "Ani")
    ws.write_row(1, 2, ["6107012001", "Petani", "APBD_KAB", "01/03/2025", "28/02/2026"])
    # row 3: the name is an error cell (#N/A): no name, so missing_required
    ws.write_row(2, 0, ["6107011203560002"])
    ws.write_formula(2, 1, "=NA()", None, "#N/A")
    ws.write_row(2, 2, ["6107012001", "Petani", "APBD_KAB", "01/03/2025", "28/02/2026"])
    wb.close()
    con = _ingest(tmp_path)
    assert con.execute("select source_row from staging.spells").fetchall() == [(2,)]
    assert con.execute("select row_number, field, reason from audit.rejected_rows").fetchall() == [
        (3, "nama", "missing_required")
    ]


def test_merged_header_cells_and_a_mixed_type_column(tmp_path, raw_dir):
    path = raw_dir / "enrolment" / "gabung.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Desa")
    ws.merge_range("A1:G1", "DAFTAR PESERTA (judul digabung)")
    ws.write_row(1, 0, HEADER)
    ws.write_row(
        2, 0, ["6107011203560001", "Ani", "6107012001", "Petani", "APBD_KAB", "01/03/2025", "28/02/2026"]
    )
    ws.write_row(3, 0, [6107011203560002, "Budi", 6107012001, "Petani", "APBD_KAB"])
    ws.write_number(3, 5, 45717)  # 2025-03-01 as an Excel serial in a text-date column
    ws.write_string(3, 6, "2026-02-28")
    wb.close()
    con = _ingest(tmp_path)
    rows = con.execute("""select p.nik, s.start_date::varchar from staging.spells as s
                          inner join identity.persons as p using (person_id) order by p.nik""").fetchall()
    assert rows == [("6107011203560001", "2025-03-01"), ("6107011203560002", "2025-03-01")]


def test_control_characters_and_bidi_overrides_are_removed_from_text(tmp_path, raw_dir):
    write_csv(
        raw_dir / "enrolment" / "aneh.csv",
        [
            HEADER,
            (
                "6107011203560001",
                "Ani\u202eBudi",
                "6107012001",
                "Pet\x07ani",
                "APBD_KAB",
                "01/03/2025",
                "28/02/2026",
            ),
            (
                "6107011203560002",
                "عبد الله",
                "6107012001",
                "Petani\nSawah",
                "APBD_KAB",
                "01/03/2025",
                "28/02/2026",
            ),
        ],
    )
    con = _ingest(tmp_path)
    names = con.execute("select name from identity.persons order by nik").fetchall()
    assert names == [("AniBudi",), ("عبد الله",)]
    jobs = con.execute("""select s.occupation, s.sector_code from staging.spells as s
                          inner join identity.persons as p using (person_id) order by p.nik""").fetchall()
    assert jobs[0] == ("Petani", "A")
    assert jobs[1][0] == "Petani Sawah"


def test_very_long_strings_do_not_break_ingestion(tmp_path, raw_dir):
    _good_csv(raw_dir, nama="A" * 100_000)
    con = _ingest(tmp_path)
    assert con.execute("select length(name) from identity.persons").fetchone()[0] == 100_000


def test_a_utf16_csv_is_read(tmp_path, raw_dir):
    path = raw_dir / "enrolment" / "utf16.csv"
    _good_csv(raw_dir, name="utf16.csv", nama="Nur’aini")
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    con = _ingest(tmp_path)
    assert con.execute("select name from identity.persons").fetchone()[0] == "Nur’aini"


@pytest.mark.parametrize("content", [b"", b"\n\n"])
def test_an_empty_file_is_reported(tmp_path, raw_dir, content):
    _good_csv(raw_dir)
    (raw_dir / "enrolment" / "kosong.csv").write_bytes(content)
    con = _ingest(tmp_path)
    assert "empty" in _errors(con)["enrolment/kosong.csv"]


def test_a_file_that_disappears_while_being_read_is_reported(tmp_path, raw_dir, monkeypatch):
    _good_csv(raw_dir)
    gone = _good_csv(raw_dir, name="hilang.csv", nik="6107011203560009")
    import pipeline.ingest.read as read_module

    original = read_module.read_csv

    def vanish(path):
        if path.name == "hilang.csv":
            path.unlink()
        return original(path)

    monkeypatch.setattr(read_module, "read_csv", vanish)
    con = _ingest(tmp_path)
    assert not gone.exists()
    assert "enrolment/hilang.csv" in _errors(con)
    assert con.execute("select count(*) from staging.spells").fetchone()[0] == 1
