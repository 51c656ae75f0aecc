"""Property-based fuzzing of the readers and the staging step (hypothesis, bounded in CI).

Random corruptions of valid rows never crash ingestion and never lose a row: for every
file, rows read = rows accepted + rows rejected (duplicates included), the accepted rows
are exactly the rows in staging, and each rejected row carries one known reason.
"""

import csv
import datetime as dt
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

HEADER = [
    "NIK",
    "Nama",
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
VALID = [
    "6107011203560001",
    "Ani",
    "6107012001",
    "",
    "",
    "Petani",
    "APBD_KAB",
    "JKK, JKM",
    "01/03/2025",
    "28/02/2026",
    "",
    "Rp16.800",
]

# Corruptions a hand-typed spreadsheet really shows, plus plain garbage.
NASTY = st.sampled_from(
    [
        "",
        " ",
        "'",
        "6.10714E+15",
        "61070112035600",
        "610701120356000A",
        "31/02/2025",
        "besok",
        "2025-13-01",
        "Rp abc",
        "-5",
        "JKN",
        "JUMLAH",
        "TOTAL",
        "=1+1",
        "#N/A",
        "#REF!",
        "Desa Antah Berantah",
        "9999999999",
        "\u202eevil",
        "\x00\x07",
        "NIK",
        "Nama",
        "1 Mei 2024",
        "45717",
        "Rp 42.000.000,00",
        "12",
        "0",
        "L",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    ]
)
CELL = st.one_of(NASTY, st.text(max_size=25))


@st.composite
def corrupted_rows(draw):
    n = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for i in range(n):
        row = list(VALID)
        row[0] = f"61070112035600{i:02d}"
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
        wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
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
        staged = con.execute("select count(*) from staging.spells where source_path = ?", [path]).fetchone()[
            0
        ]
        assert staged == accepted, path
        listed = con.execute("select count(*) from audit.rejected_rows where path = ?", [path]).fetchone()[0]
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
        read = con.execute("select rows_read from audit.input_files where kind = 'enrolment'").fetchone()[0]
        assert read <= len(rows)


# --- disguised identifiers and huge amounts (CONTRACT §2) ---------------------------------------

TODAY = dt.date(2025, 10, 15)
PLAIN_NIK = "6107011203560001"
# The zero of each digit script a hand-typed or copy-pasted NIK really arrives in.
DIGIT_ZEROS = {"ascii": 0x30, "fullwidth": 0xFF10, "arabic_indic": 0x660, "devanagari": 0x966}
SEPARATORS = ["\u00a0", "\u202f", "\u2060", "\u00ad", "\u2013", ".", "-"]
ENROLMENT_HEADER = ["NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir", "Iuran"]


@st.composite
def disguised_niks(draw, plain=PLAIN_NIK):
    """``plain`` with digits of mixed scripts and separators between some of them."""
    out = []
    for i, ch in enumerate(plain):
        if i and draw(st.booleans()):
            out.append(draw(st.text(alphabet=SEPARATORS, min_size=1, max_size=2)))
        out.append(chr(DIGIT_ZEROS[draw(st.sampled_from(sorted(DIGIT_ZEROS)))] + int(ch)))
    return "".join(out)


def _write_rows(path: Path, header, rows, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([header, *rows])
        return
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Desa")
    ws.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, str):
                ws.write_string(r, c, value)
            else:
                ws.write_number(r, c, value)
    wb.close()


def _ingest_today(root: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ingest(con, Settings(root), today=TODAY)
    return con


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(typed=disguised_niks(), kind=st.sampled_from(["csv", "xlsx"]))
def test_a_nik_in_any_digit_script_with_separators_is_the_same_person_as_the_plain_nik(typed, kind):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_gazetteer(root / "raw")
        _write_rows(
            root / "raw" / "enrolment" / f"e.{kind}",
            ENROLMENT_HEADER,
            [
                [PLAIN_NIK, "Ani", "6107012001", "Petani", "APBD_KAB", "01/03/2025", "28/02/2026", "16800"],
                [typed, "Ani", "6107012004", "Petani", "APBD_KAB", "01/03/2024", "28/02/2025", "16800"],
            ],
            kind,
        )
        con = _ingest_today(root)
        assert con.execute("select reason from audit.rejected_rows").fetchall() == [], typed
        assert con.execute("select count(*), count(distinct person_id) from staging.spells").fetchone() == (
            2,
            1,
        ), typed
        assert con.execute("select nik from identity.persons").fetchall() == [(PLAIN_NIK,)]
        _check_accounting(con)


def _rupiah_text(value: float) -> str:
    """``Rp 1.000.000...``: the value with Indonesian thousands dots."""
    return "Rp " + f"{int(value):,}".replace(",", ".")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mantissa=st.floats(min_value=1, max_value=9.99),
    exponent=st.integers(15, 300),
    as_text=st.booleans(),
    kind=st.sampled_from(["csv", "xlsx"]),
)
def test_huge_amounts_never_crash_and_are_invalid_amount(mantissa, exponent, as_text, kind):
    value = mantissa * 10.0**exponent
    typed: object = _rupiah_text(value) if as_text else value  # text, or a number cell
    if kind == "csv" and not as_text:
        typed = repr(value)  # a number as a CSV holds it: 1.5e+20
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_gazetteer(root / "raw")
        good = [
            "6107011203560001",
            "Ani",
            "6107012001",
            "Petani",
            "APBD_KAB",
            "01/03/2025",
            "28/02/2026",
            "16800",
        ]
        huge = [
            "6107011203560002",
            "Budi",
            "6107012001",
            "Petani",
            "APBD_KAB",
            "01/03/2025",
            "28/02/2026",
            typed,
        ]
        _write_rows(root / "raw" / "enrolment" / f"e.{kind}", ENROLMENT_HEADER, [good, huge], kind)
        claim_header = ["No Klaim", "NIK", "Program", "Tgl Kejadian", "Tgl Pengajuan", "Tgl Bayar", "Nominal"]
        _write_rows(
            root / "raw" / "claims" / f"k.{kind}",
            claim_header,
            [
                ["K-1", "6107011203560001", "JKK", "01/06/2025", "05/06/2025", "20/06/2025", "Rp 5.000.000"],
                ["K-2", "6107011203560002", "JKK", "01/06/2025", "05/06/2025", "20/06/2025", typed],
            ],
            kind,
        )
        con = _ingest_today(root)
        assert con.execute("""select kind, row_number, field, reason from audit.rejected_rows
                              order by kind""").fetchall() == [
            ("claims", 3, "nominal", "invalid_amount"),
            ("enrolment", 3, "iuran_bulanan", "invalid_amount"),
        ], typed
        assert con.execute("select monthly_contribution_idr from staging.spells").fetchall() == [(16800,)]
        assert con.execute("select amount_idr from staging.claims").fetchall() == [(5_000_000,)]
        _check_accounting(con)
