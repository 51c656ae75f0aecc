"""Property-based fuzzing of the readers and the staging step (hypothesis, bounded in CI).

Random corruptions of valid rows never crash ingestion and never lose a row: for every
file, rows read = rows accepted + rows rejected (duplicates included), the accepted rows
are exactly the rows in staging, and each rejected row carries one known reason.
"""

import csv
import io
import tempfile
from pathlib import Path

import duckdb
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest.fields import REASONS
from pipeline.ingest.load import ingest
from pipeline.settings import Settings
from tests.conftest import write_gazetteer

HEADER = ["NIK", "Nama", "Kode Desa", "Desa", "Kecamatan", "Pekerjaan", "Sumber Dana",
          "Program", "Tgl Mulai", "Tgl Akhir", "Masa Iuran", "Iuran"]
VALID = ["6107011234560001", "Ani", "6107012001", "", "", "Petani", "APBD_KAB", "JKK, JKM",
         "01/03/2025", "28/02/2026", "", "Rp16.800"]

# Corruptions a hand-typed spreadsheet really shows, plus plain garbage.
NASTY = st.sampled_from([
    "", " ", "'", "6.10714E+15", "61070112345600", "610701123456000A", "31/02/2025", "besok",
    "2025-13-01", "Rp abc", "-5", "JKN", "JUMLAH", "TOTAL", "=1+1", "#N/A", "#REF!",
    "Desa Antah Berantah", "9999999999", "\u202eevil", "\x00\x07", "NIK", "Nama",
    "1 Mei 2024", "45717", "Rp 42.000.000,00", "12", "0", "L", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
])
CELL = st.one_of(NASTY, st.text(max_size=25))


@st.composite
def corrupted_rows(draw):
    n = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for i in range(n):
        row = list(VALID)
        row[0] = f"61070112345600{i:02d}"
        for col in draw(st.sets(st.integers(min_value=0, max_value=len(HEADER) - 1), max_size=4)):
            row[col] = draw(CELL)
        rows.append(row)
    if draw(st.booleans()):  # an exact duplicate of some row
        rows.append(list(rows[draw(st.integers(min_value=0, max_value=len(rows) - 1))]))
    return rows


def _write(path: Path, rows, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";")
        writer.writerow(["DAFTAR PESERTA"])
        writer.writerow(HEADER)
        writer.writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")
    else:
        wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                             "strings_to_numbers": False})
        ws = wb.add_worksheet("Desa")
        ws.write_string(0, 0, "DAFTAR PESERTA")
        ws.write_row(2, 0, HEADER)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value:
                    ws.write_string(3 + r, c, value.replace("\x00", ""))
        wb.close()


def _check_accounting(con) -> None:
    files = con.execute("""
        select path, rows_read, rows_accepted, rows_rejected, error from audit.input_files
        where kind = 'enrolment'""").fetchall()
    assert files, "the enrolment file was not recorded"
    for path, read, accepted, rejected, error in files:
        assert error is None, (path, error)
        assert read == accepted + rejected, path
        staged = con.execute("select count(*) from staging.spells where source_path = ?",
                             [path]).fetchone()[0]
        assert staged == accepted, path
        listed = con.execute("select count(*) from audit.rejected_rows where path = ?",
                             [path]).fetchone()[0]
        assert listed == rejected, path
    reasons = {r for (r,) in con.execute("select distinct reason from audit.rejected_rows").fetchall()}
    assert reasons <= set(REASONS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=corrupted_rows(), kind=st.sampled_from(["csv", "xlsx"]))
def test_random_corruptions_never_crash_and_never_lose_a_row(rows, kind):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_gazetteer(root / "raw")
        _write(root / "raw" / "enrolment" / f"fuzz.{kind}", rows, kind)
        con = duckdb.connect()
        ingest(con, Settings(root))
        _check_accounting(con)
        # Every corrupted row is somewhere: the file's data rows are at most the rows written
        # (blank, total and repeated-header rows are not data).
        read = con.execute("select rows_read from audit.input_files where kind = 'enrolment'"
                           ).fetchone()[0]
        assert read <= len(rows)
