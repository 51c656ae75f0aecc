"""A hostile corpus: the files village and branch offices really send, each case a real file.

Every test writes its own files under ``tmp_path/raw`` (the hand-made gazetteer of
``conftest.GAZETTEER`` is already there), runs ``ingest`` with a fixed "day the pipeline
runs" (``TODAY``) and checks the outcome CONTRACT §2, §3.1, §3.4, §3.6 and §3.7 promise:
which rows are accepted, which are rejected with which reason and field, the staging
values the marts are built from, and the notes naming file, sheet, row and column.

Row numbers are as a spreadsheet program shows them (a CSV's header is row 1). Every
test also checks the accounting invariant of §3.7 on every file it ingested
(``rows_read = rows_accepted + rows_rejected``, staged and listed rows matching): an
autouse fixture does it after the test body, so a failure there never hides the case's
own assertion.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import xlsxwriter

from pipeline.ingest.load import ingest
from pipeline.settings import Settings
from tests.conftest import GAZETTEER, write_csv

TODAY = dt.date(2025, 10, 15)  # the day the pipeline "runs" in every test here

NIK = "6107011203560001"  # 61 07 01, born 12-03-56, serial 0001: structurally valid


def nik(n: int) -> str:
    """A structurally valid NIK of Bengkayang (61.07.01), serial ``n`` (1..9999)."""
    return f"610701120356{n:04d}"


VILLAGE_A, VILLAGE_B, VILLAGE_C = "6107012001", "6107012004", "6107042003"

ENROLMENT = [
    "NIK",
    "No KPJ",
    "Nama",
    "Tgl Lahir",
    "JK",
    "Kode Desa",
    "Pekerjaan",
    "Sumber Dana",
    "Tgl Mulai",
    "Tgl Akhir",
    "Masa Iuran",
    "Iuran",
]
CLAIMS = [
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


def spell(
    nik: object = NIK,
    *,
    kpj: object = "",
    nama: object = "Ani",
    lahir: object = "",
    jk: object = "",
    desa: object = VILLAGE_A,
    pekerjaan: object = "Petani",
    dana: object = "APBD_KAB",
    mulai: object = "01/03/2025",
    akhir: object = "28/02/2026",
    masa: object = "",
    iuran: object = "16800",
) -> list:
    """One enrolment row in ``ENROLMENT`` order; valid unless told otherwise."""
    return [nik, kpj, nama, lahir, jk, desa, pekerjaan, dana, mulai, akhir, masa, iuran]


def claim(
    no: object = "K-001",
    nik: object = NIK,
    *,
    kpj: object = "",
    program: object = "JKK",
    kejadian: object = "01/06/2025",
    pengajuan: object = "05/06/2025",
    bayar: object = "20/06/2025",
    status: object = "",
    nominal: object = "Rp 5.000.000",
) -> list:
    """One claim row in ``CLAIMS`` order; a valid paid JKK claim unless told otherwise."""
    return [no, nik, kpj, program, kejadian, pengajuan, bayar, status, nominal]


def enrol_csv(
    raw_dir: Path, rows: Sequence[Sequence[object]], name: str = "e.csv", header: Sequence[str] = ENROLMENT
) -> str:
    """Write an enrolment CSV; returns its path as ``audit`` names it."""
    write_csv(raw_dir / "enrolment" / name, [header, *rows])
    return f"enrolment/{name}"


def claims_csv(
    raw_dir: Path, rows: Sequence[Sequence[object]], name: str = "k.csv", header: Sequence[str] = CLAIMS
) -> str:
    write_csv(raw_dir / "claims" / name, [header, *rows])
    return f"claims/{name}"


# --- xlsx cells ----------------------------------------------------------------------------------
# A row of an xlsx builder holds: str (written as a text cell, never converted), int/float
# (a number cell), dt.date/dt.datetime (a date cell), None/"" (no cell), or one of the cell
# writers below (a callable ``(worksheet, row, col, formats)``).

Cell = Callable[[object, int, int, dict], None]


def number(value: float, fmt: str | None = None) -> Cell:
    """A number cell, optionally with a number format (``"date"`` = dd/mm/yyyy)."""
    return lambda ws, r, c, formats: ws.write_number(r, c, value, formats.get(fmt))


def error_cell(text: str = "#REF!") -> Cell:
    """An Excel error cell: a formula whose cached result is the error."""
    return lambda ws, r, c, formats: ws.write_formula(r, c, f"={text}", None, text)


def _write_cell(ws, r: int, c: int, value: object, formats: dict) -> None:
    if value is None or value == "":
        return
    if callable(value):
        value(ws, r, c, formats)
    elif isinstance(value, str):
        ws.write_string(r, c, value)
    elif isinstance(value, (dt.date, dt.datetime)):
        when = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        ws.write_datetime(r, c, when, formats["date"])
    else:
        ws.write_number(r, c, value)


def workbook(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    """Write an .xlsx whose sheets hold ``rows`` from Excel row 1 (list index 0)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    formats = {"date": wb.add_format({"num_format": "dd/mm/yyyy"})}
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                _write_cell(ws, r, c, value, formats)
    wb.close()
    return path


def enrol_xlsx(
    raw_dir: Path,
    rows: Sequence[Sequence[object]],
    name: str = "e.xlsx",
    sheet: str = "Desa",
    header: Sequence[str] = ENROLMENT,
) -> str:
    workbook(raw_dir / "enrolment" / name, {sheet: [header, *rows]})
    return f"enrolment/{name}"


# --- running and querying ------------------------------------------------------------------------

_OPENED: list[duckdb.DuckDBPyConnection] = []


def run(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """Ingest the data root ``tmp_path`` as on ``TODAY``."""
    con = duckdb.connect()
    ingest(con, Settings(tmp_path), today=TODAY)
    _OPENED.append(con)
    return con


def assert_every_row_accounted(con: duckdb.DuckDBPyConnection) -> None:
    """CONTRACT §3.7: per file rows_read = accepted + rejected, staged and listed rows match."""
    files = con.execute("""select path, kind, rows_read, rows_accepted, rows_rejected, error
                           from audit.input_files""").fetchall()
    assert files, "no file was recorded in audit.input_files"
    for path, kind, read, accepted, rejected, error in files:
        assert read == accepted + rejected, (path, read, accepted, rejected)
        listed = con.execute("select count(*) from audit.rejected_rows where path = ?", [path]).fetchone()[0]
        assert listed == rejected, (path, "rejected rows listed", listed, rejected)
        table = {"enrolment": "staging.spells", "claims": "staging.claims"}.get(kind)
        if table:
            staged = con.execute(f"select count(*) from {table} where source_path = ?", [path]).fetchone()[0]
            assert staged == accepted, (path, "rows staged", staged, accepted)
        if error is not None:
            assert (read, accepted, rejected) == (0, 0, 0), (path, error)


@pytest.fixture(autouse=True)
def _every_ingested_row_is_accounted_for():
    _OPENED.clear()
    yield
    try:
        for con in _OPENED:
            assert_every_row_accounted(con)
    finally:
        _OPENED.clear()


def rejections(con, path: str | None = None) -> list[tuple]:
    """(path, sheet, row_number, field, reason) of rejected rows, in file/sheet/row order."""
    where, params = ("where path = ?", [path]) if path else ("", [])
    return con.execute(
        f"""select path, sheet, row_number, field, reason from audit.rejected_rows
                           {where} order by path, sheet, row_number, field""",
        params,
    ).fetchall()


def notes(con, topic: str) -> list[tuple]:
    """(path, sheet, row_number, field, value) of the notes of one topic."""
    return con.execute(
        """select path, sheet, row_number, field, value from audit.notes
                          where topic = ? order by path, sheet, row_number, field, value""",
        [topic],
    ).fetchall()


def staged_rows(con, path: str) -> list[int]:
    return [
        r
        for (r,) in con.execute(
            """select source_row from staging.spells
                                         where source_path = ? order by source_row""",
            [path],
        ).fetchall()
    ]


def person_ids(con) -> set[str]:
    return {p for (p,) in con.execute("select distinct person_id from staging.spells").fetchall()}


def persons_niks(con) -> list[str]:
    return [n for (n,) in con.execute("select nik from identity.persons order by nik").fetchall()]


def counts(con, path: str) -> tuple:
    return con.execute(
        """select rows_read, rows_accepted, rows_rejected from audit.input_files
                          where path = ?""",
        [path],
    ).fetchone()


def spell_values(con, path: str, column: str) -> dict[int, object]:
    return dict(
        con.execute(
            f"""select source_row, {column} from staging.spells
                                where source_path = ?""",
            [path],
        ).fetchall()
    )


class _Any:
    """Equal to anything: a column a test does not pin."""

    def __eq__(self, other):
        return True

    def __repr__(self):
        return "ANY"


ANY_VALUE = _Any()  # a note's ``value`` column: not pinned (it may be masked)


FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


# === 1. Identifiers (§2: NIK and KPJ) ===========================================================


@pytest.mark.parametrize(
    "typed",
    [
        NIK.translate(FULLWIDTH),
        NIK.translate(ARABIC_INDIC),
        NIK.translate(DEVANAGARI),
        "'" + NIK.translate(FULLWIDTH),
    ],
    ids=["fullwidth", "arabic_indic", "devanagari", "apostrophe_fullwidth"],
)
def test_nik_in_other_digit_scripts_is_accepted_as_the_same_person_as_the_ascii_nik(tmp_path, raw_dir, typed):
    path = enrol_csv(
        raw_dir,
        [
            spell(NIK),  # row 2
            spell(typed, desa=VILLAGE_B, mulai="01/03/2024", akhir="28/02/2025"),  # row 3
        ],
    )
    con = run(tmp_path)
    assert rejections(con) == []
    assert staged_rows(con, path) == [2, 3]
    assert len(person_ids(con)) == 1
    assert persons_niks(con) == [NIK]  # stored as the ASCII digits


def test_claim_with_a_fullwidth_nik_belongs_to_regency_6107_and_to_the_ascii_person(tmp_path, raw_dir):
    enrol_csv(raw_dir, [spell(NIK)])
    path = claims_csv(raw_dir, [claim("K-001", NIK.translate(FULLWIDTH))])
    con = run(tmp_path)
    assert rejections(con, path) == []
    (enrolled,) = person_ids(con)
    assert con.execute("select nik_regency_code, person_id from staging.claims").fetchall() == [
        ("61.07", enrolled)
    ]


@pytest.mark.parametrize(
    "separator",
    ["\u00a0", "\u202f", "\u2060", "\u00ad", "\u2013"],
    ids=["no_break_space", "narrow_nbsp", "word_joiner", "soft_hyphen", "en_dash"],
)
def test_nik_with_invisible_or_dash_separators_is_accepted_as_the_same_person(tmp_path, raw_dir, separator):
    typed = separator.join(["6107", "01", "120356", "0001"])
    path = enrol_csv(
        raw_dir,
        [
            spell(NIK),
            spell(typed, desa=VILLAGE_C, mulai="01/03/2024", akhir="28/02/2025"),
        ],
    )
    con = run(tmp_path)
    assert rejections(con) == []
    assert staged_rows(con, path) == [2, 3]
    assert len(person_ids(con)) == 1
    assert persons_niks(con) == [NIK]


@pytest.mark.parametrize(
    "bad_nik",
    [
        "0000000000000000",
        "0007011203560001",  # 00 is no province
        "6100011203560001",  # digits 3-4 are 00
        "6107001203560001",  # digits 5-6 are 00
        "6107013203560001",  # day 32
        "6107017203560001",  # day 72 (women: 41-71)
        "6107011213560001",  # month 13
        "6107011203560000",  # serial 0000
    ],
    ids=[
        "all_zero",
        "province_00",
        "regency_00",
        "district_00",
        "day_32",
        "day_72",
        "month_13",
        "serial_0000",
    ],
)
def test_structurally_impossible_nik_is_rejected_invalid_nik(tmp_path, raw_dir, bad_nik):
    path = enrol_csv(raw_dir, [spell(nik(2)), spell(bad_nik, nama="Budi")])
    con = run(tmp_path)
    assert rejections(con) == [(path, "", 3, "nik", "invalid_nik")]
    assert staged_rows(con, path) == [2]


def test_nik_with_day_52_of_a_woman_is_accepted(tmp_path, raw_dir):
    path = enrol_csv(raw_dir, [spell("6107015203560001", nama="Sari")])
    con = run(tmp_path)
    assert rejections(con) == []
    assert staged_rows(con, path) == [2]
    assert persons_niks(con) == ["6107015203560001"]


def test_nik_in_a_number_cell_at_or_above_2_53_is_precision_lost_and_the_text_twin_is_accepted(
    tmp_path, raw_dir
):
    big = "9171011203560001"  # province 91: structurally valid, but above 2^53 as a number
    path = enrol_xlsx(
        raw_dir,
        [
            spell(number(int(big))),  # row 2: a number cell cannot hold it
            spell(big, desa=VILLAGE_B),  # row 3: the same NIK as text
        ],
    )
    con = run(tmp_path)
    assert rejections(con) == [(path, "Desa", 2, "nik", "nik_precision_lost")]
    assert staged_rows(con, path) == [3]
    assert persons_niks(con) == [big]


def test_nik_9171011234567893_in_a_number_cell_is_precision_lost(tmp_path, raw_dir):
    path = enrol_xlsx(raw_dir, [spell(nik(2)), spell(number(9171011234567893))])
    con = run(tmp_path)
    assert rejections(con) == [(path, "Desa", 3, "nik", "nik_precision_lost")]
    assert staged_rows(con, path) == [2]


def test_three_number_cell_niks_all_ending_in_0_are_precision_lost_but_a_text_one_is_not(tmp_path, raw_dir):
    path = enrol_xlsx(
        raw_dir,
        [
            spell(number(6107011203560010)),  # rows 2-4: Excel kept 15 digits of each
            spell(number(6107011203560020)),
            spell(number(6107011203560030)),
            spell("6107011203560040"),  # row 5: typed as text, so not truncated
        ],
    )
    con = run(tmp_path)
    assert rejections(con) == [(path, "Desa", r, "nik", "nik_precision_lost") for r in (2, 3, 4)]
    assert staged_rows(con, path) == [5]
    assert persons_niks(con) == ["6107011203560040"]


@pytest.mark.parametrize(
    "values",
    [
        (6107011203560010, 6107011203560020),  # only two: not evidence of truncation
        (6107011203560010, 6107011203560020, 6107011203560030, 6107011203560041),  # not all 0
    ],
    ids=["two_ending_in_0", "four_not_all_ending_in_0"],
)
def test_number_cell_niks_that_are_not_a_truncated_column_are_accepted(tmp_path, raw_dir, values):
    path = enrol_xlsx(raw_dir, [spell(number(v)) for v in values])
    con = run(tmp_path)
    assert rejections(con) == []
    assert staged_rows(con, path) == list(range(2, 2 + len(values)))
    assert persons_niks(con) == sorted(str(v) for v in values)


def _parquet(raw_dir: Path, niks: list, name: str = "p.parquet") -> str:
    path = raw_dir / "enrolment" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    n = len(niks)
    pd.DataFrame(
        {
            "nik": pd.Series(niks, dtype="float64"),
            "nama": [f"Orang {i}" for i in range(n)],
            "kode_desa": [VILLAGE_A] * n,
            "pekerjaan": ["Petani"] * n,
            "sumber_dana": ["APBD_KAB"] * n,
            "tgl_mulai": [dt.date(2025, 3, 1)] * n,
            "tgl_akhir": [dt.date(2026, 2, 28)] * n,
        }
    ).to_parquet(path, engine="pyarrow", index=False)
    return f"enrolment/{name}"


def test_parquet_float64_nik_column_below_2_53_is_accepted_and_its_missing_value_is_required(
    tmp_path, raw_dir
):
    path = _parquet(raw_dir, [6107011203560001.0, None, 6107011203560002.0])
    con = run(tmp_path)
    assert rejections(con) == [(path, "", 3, "nik", "missing_required")]
    assert staged_rows(con, path) == [2, 4]
    assert persons_niks(con) == ["6107011203560001", "6107011203560002"]


def test_parquet_float64_nik_at_or_above_2_53_is_precision_lost(tmp_path, raw_dir):
    path = _parquet(raw_dir, [6107011203560001.0, 9171011203560001.0])
    con = run(tmp_path)
    assert rejections(con) == [(path, "", 3, "nik", "nik_precision_lost")]
    assert staged_rows(con, path) == [2]


@pytest.mark.parametrize("typed", ["6.10714E+15", "6,10714E+15"], ids=["dot", "comma_locale"])
def test_nik_in_scientific_notation_in_csv_is_precision_lost(tmp_path, raw_dir, typed):
    path = enrol_csv(raw_dir, [spell(nik(2)), spell(typed)])
    con = run(tmp_path)
    assert rejections(con) == [(path, "", 3, "nik", "nik_precision_lost")]


def test_kpj_in_fullwidth_digits_with_spaces_finds_the_enrolment_with_the_plain_kpj(tmp_path, raw_dir):
    enrol_csv(raw_dir, [spell(NIK, kpj="12345678901")])
    typed = "１２３\u3000４５６ ７８９０１"  # full-width digits, ideographic and plain spaces
    path = claims_csv(raw_dir, [claim("K-001", "", kpj=typed)])
    con = run(tmp_path)
    assert rejections(con, path) == []  # not unknown_participant: the KPJ is enrolled
    enrolled = con.execute("select distinct kpj_id from staging.spells").fetchall()
    assert con.execute("select kpj_id from staging.claims").fetchall() == enrolled
    assert enrolled[0][0] is not None


def test_the_typed_value_of_a_rejected_field_is_kept_unmasked_in_identity_only(tmp_path, raw_dir):
    path = enrol_csv(
        raw_dir,
        [
            spell("6107013203560001"),  # row 2: day 32
            spell(nik(2), lahir="17/08/1980", mulai="08/31/2025"),  # row 3: month first
            spell(nik(3), iuran="Rp 16,8"),  # row 4
        ],
    )
    con = run(tmp_path)
    assert rejections(con) == [
        (path, "", 2, "nik", "invalid_nik"),
        (path, "", 3, "tgl_mulai", "invalid_date"),
        (path, "", 4, "iuran_bulanan", "invalid_amount"),
    ]
    assert con.execute("""select path, sheet, row_number, field, value from identity.typed_values
                          order by row_number""").fetchall() == [
        (path, "", 2, "nik", "6107013203560001"),
        (path, "", 3, "tgl_mulai", "08/31/2025"),
        (path, "", 4, "iuran_bulanan", "Rp 16,8"),
    ]
    (masked,) = con.execute("select value from audit.rejected_rows where field = 'nik'").fetchone()
    assert masked != "6107013203560001"


# === 2. Claims (§3.6, §3.7) =====================================================================


def test_claim_ids_differing_in_case_and_spaces_are_duplicate_claim_ids_and_paid_once(tmp_path, raw_dir):
    enrol_csv(raw_dir, [spell(nik(1)), spell(nik(2)), spell(nik(3))])
    path = claims_csv(
        raw_dir,
        [
            claim("KLM-001", nik(1), nominal="Rp 5.000.000"),  # row 2: the first occurrence
            claim("klm-001", nik(2), nominal="Rp 6.000.000"),  # row 3
            claim("KLM -001 ", nik(3), nominal="Rp 7.000.000"),  # row 4
        ],
    )
    con = run(tmp_path)
    assert rejections(con, path) == [
        (path, "", 3, "no_klaim", "duplicate_claim_id"),
        (path, "", 4, "no_klaim", "duplicate_claim_id"),
    ]
    assert con.execute("""select claim_id, amount_idr from staging.claims
                          where program = 'JKK' and status = 'DIBAYAR'""").fetchall() == [
        ("KLM-001", 5_000_000)
    ]
    from pipeline.build.tables import build_tables

    build_tables(con, dt.date(2025, 6, 1))
    assert con.execute("""select sum(paid_count), sum(paid_amount_idr) from marts.claims_by_program
                          where program = 'JKK'""").fetchone() == (1, 5_000_000)


def test_claim_paid_before_submitted_or_submitted_before_its_event_is_end_before_start(tmp_path, raw_dir):
    path = claims_csv(
        raw_dir,
        [
            claim("K-1", kejadian="01/06/2025", pengajuan="10/06/2025", bayar="05/06/2025"),
            claim("K-2", kejadian="10/06/2025", pengajuan="05/06/2025", bayar="20/06/2025"),
            claim("K-3", kejadian="01/06/2025", pengajuan="05/06/2025", bayar="20/06/2025"),
        ],
    )
    con = run(tmp_path)
    assert rejections(con, path) == [
        (path, "", 2, "tgl_bayar", "end_before_start"),
        (path, "", 3, "tgl_pengajuan", "end_before_start"),
    ]
    assert con.execute("select claim_id from staging.claims").fetchall() == [("K-3",)]


def test_kpj_only_claim_whose_kpj_is_on_no_enrolment_row_is_unknown_participant(tmp_path, raw_dir):
    enrol_csv(raw_dir, [spell(NIK, kpj="11111111111")])
    path = claims_csv(
        raw_dir,
        [
            claim("K-1", "", kpj="22222222222"),  # row 2: nobody enrolled has it
            claim("K-2", "", kpj="11111111111"),  # row 3: found
        ],
    )
    con = run(tmp_path)
    assert rejections(con, path) == [(path, "", 2, "no_kpj", "unknown_participant")]
    assert counts(con, path) == (2, 1, 1)
    assert con.execute("select claim_id from staging.claims").fetchall() == [("K-2",)]


def test_kpj_only_claim_whose_kpj_is_on_rows_of_two_niks_is_unknown_participant(tmp_path, raw_dir):
    enrol_csv(raw_dir, [spell(nik(1), kpj="33333333333"), spell(nik(2), kpj="33333333333", nama="Budi")])
    path = claims_csv(
        raw_dir,
        [
            claim("K-1", "", kpj="33333333333"),  # row 2: which of the two?
            claim("K-2", nik(1), kpj="33333333333"),  # row 3: the NIK says who
        ],
    )
    con = run(tmp_path)
    assert rejections(con, path) == [(path, "", 2, "no_kpj", "unknown_participant")]
    assert con.execute("select claim_id from staging.claims").fetchall() == [("K-2",)]


# === 3. Dates (§2; today = 2025-10-15) ==========================================================


@pytest.mark.parametrize(
    "mulai, akhir, accepted",
    [
        ("01/09/2026", "31/12/2026", False),  # 321 days ahead
        ("10/01/2026", "31/12/2026", True),  # 87 days ahead
        ("15/01/2026", "31/12/2026", True),  # 92 days ahead: the last allowed day
        ("16/01/2026", "31/12/2026", False),  # 93 days ahead
        ("01/03/2025", "31/12/2099", True),  # the end may lie far in the future
        ("01/01/2099", "31/12/2099", False),
        ("31/12/1989", "31/12/2025", False),  # before 1990
        ("01/01/1990", "31/12/2025", True),
    ],
    ids=[
        "start_2026_09_01",
        "start_87_days_ahead",
        "start_92_days_ahead",
        "start_93_days_ahead",
        "end_2099",
        "start_2099",
        "start_1989",
        "start_1990_01_01",
    ],
)
def test_start_date_plausibility(tmp_path, raw_dir, mulai, akhir, accepted):
    path = enrol_csv(raw_dir, [spell(mulai=mulai, akhir=akhir)])
    con = run(tmp_path)
    if accepted:
        assert rejections(con) == []
        ((start, end),) = con.execute("select start_date, end_date from staging.spells").fetchall()
        assert (start.strftime("%d/%m/%Y"), end.strftime("%d/%m/%Y")) == (mulai, akhir)
    else:
        assert rejections(con) == [(path, "", 2, "tgl_mulai", "invalid_date")]


@pytest.mark.parametrize(
    "dates, field",
    [
        (dict(bayar="20/10/2025"), "tgl_bayar"),  # paid after today
        (dict(pengajuan="20/10/2025", bayar=""), "tgl_pengajuan"),
        (dict(kejadian="20/10/2025", pengajuan="", bayar=""), "tgl_kejadian"),
        (dict(kejadian="31/12/1989", pengajuan="", bayar=""), "tgl_kejadian"),  # before 1990
        (dict(pengajuan="14/10/2025", bayar="15/10/2025"), None),  # paid today: fine
    ],
    ids=["paid_in_future", "submitted_in_future", "event_in_future", "event_1989", "paid_today"],
)
def test_claim_dates_after_today_are_invalid_date(tmp_path, raw_dir, dates, field):
    path = claims_csv(raw_dir, [claim("K-1", nominal="Rp 5.000.000" if dates.get("bayar") else "", **dates)])
    con = run(tmp_path)
    if field:
        assert rejections(con) == [(path, "", 2, field, "invalid_date")]
    else:
        assert rejections(con) == []
        assert con.execute("select paid_date from staging.claims").fetchall() == [(dt.date(2025, 10, 15),)]


def test_implausible_birth_dates_are_dropped_with_a_note_and_the_row_is_kept(tmp_path, raw_dir):
    path = enrol_csv(
        raw_dir,
        [
            spell(nik(1), lahir="31/12/1899"),  # row 2: before 1900
            spell(nik(2), lahir="01/01/1900"),  # row 3: the earliest plausible birth date
            spell(nik(3), lahir="01/01/2030"),  # row 4: not born yet
        ],
    )
    con = run(tmp_path)
    assert rejections(con) == []
    assert staged_rows(con, path) == [2, 3, 4]
    assert notes(con, "dropped_optional_value") == [
        (path, "", 2, "tanggal_lahir", ANY_VALUE),
        (path, "", 4, "tanggal_lahir", ANY_VALUE),
    ]
    assert con.execute("select nik, birth_date from identity.persons order by nik").fetchall() == [
        (nik(1), None),
        (nik(2), dt.date(1900, 1, 1)),
        (nik(3), None),
    ]


def test_excel_serial_60_the_nonexistent_29_feb_1900_is_invalid(tmp_path, raw_dir):
    path = enrol_xlsx(
        raw_dir,
        [
            spell(nik(1), mulai=number(60, "date")),  # row 2: start 29/02/1900 -> rejected
            spell(nik(2), lahir=number(60, "date")),  # row 3: birth 29/02/1900 -> dropped
            spell(nik(3), lahir=number(61, "date")),  # row 4: birth 01/03/1900 -> kept
        ],
    )
    con = run(tmp_path)
    assert rejections(con) == [(path, "Desa", 2, "tgl_mulai", "invalid_date")]
    assert notes(con, "dropped_optional_value") == [(path, "Desa", 3, "tanggal_lahir", ANY_VALUE)]
    assert con.execute("select nik, birth_date from identity.persons order by nik").fetchall() == [
        (nik(2), None),
        (nik(3), dt.date(1900, 3, 1)),
    ]


def test_month_first_dates_are_rejected_with_one_note_and_day_first_reading_stands(tmp_path, raw_dir):
    path = enrol_csv(
        raw_dir,
        [
            spell(nik(1), mulai="08/09/2025", akhir="31/12/2025"),  # row 2: 8 September
            spell(nik(2), mulai="08/31/2025", akhir="31/12/2025"),  # row 3: only month first
            spell(nik(3), mulai="09/30/2025", akhir="31/12/2025"),  # row 4: only month first
        ],
    )
    con = run(tmp_path)
    assert rejections(con) == [
        (path, "", 3, "tgl_mulai", "invalid_date"),
        (path, "", 4, "tgl_mulai", "invalid_date"),
    ]
    assert spell_values(con, path, "start_date") == {2: dt.date(2025, 9, 8)}
    month_first = con.execute("""select path, sheet, field from audit.notes
                                 where topic = 'month_first_dates'""").fetchall()
    assert month_first == [(path, "", "tgl_mulai")]


# === 4. Amounts (§2) ============================================================================


@pytest.mark.parametrize(
    "typed, value",
    [
        ("16.8", None),  # not Rp16.800, never rounded to 17
        ("16,80", None),
        ("6107011203560001", None),  # a NIK pasted into Iuran
        ("Rp 999", None),
        ("Rp 1.000", 1_000),
        ("-16800", None),
        ("Rp16.800", 16_800),
        ("Rp. 16.800", 16_800),
        ("16.800", 16_800),
        ("Rp 16.800,-", 16_800),
        ("16800", 16_800),
        ("Rp 42.000.000,00", 42_000_000),
        ("Rp 100.000.000", 100_000_000),
        ("Rp 100.000.001", None),
        ("Rp 100.000.000.000.000.000.000", None),
    ],
    ids=lambda v: repr(v) if isinstance(v, str) else None,
)
def test_monthly_contribution_notation_and_range(tmp_path, raw_dir, typed, value):
    path = enrol_csv(raw_dir, [spell(nik(1)), spell(nik(2), iuran=typed)])
    con = run(tmp_path)
    fees = spell_values(con, path, "monthly_contribution_idr")
    if value is None:
        assert rejections(con) == [(path, "", 3, "iuran_bulanan", "invalid_amount")]
        assert fees == {2: 16_800}
    else:
        assert rejections(con) == []
        assert fees == {2: 16_800, 3: value}


@pytest.mark.parametrize("huge", [1e20, 1e300, 2.0**63, 9.2e18], ids=str)
def test_a_huge_contribution_in_a_number_cell_is_invalid_and_the_run_completes(tmp_path, raw_dir, huge):
    path = enrol_xlsx(
        raw_dir, [spell(nik(1), iuran=16800), spell(nik(2), iuran=number(huge)), spell(nik(3), iuran=36800)]
    )
    con = run(tmp_path)
    assert rejections(con) == [(path, "Desa", 3, "iuran_bulanan", "invalid_amount")]
    assert spell_values(con, path, "monthly_contribution_idr") == {2: 16_800, 4: 36_800}


@pytest.mark.parametrize(
    "typed, value",
    [
        ("Rp 100.000.000.000.000.000.000", None),
        ("Rp 100.000.000.001", None),
        ("Rp 100.000.000.000", 100_000_000_000),
        ("Rp 1", 1),
        ("0", None),
    ],
    ids=lambda v: repr(v) if isinstance(v, str) else None,
)
def test_claim_amount_range(tmp_path, raw_dir, typed, value):
    path = claims_csv(
        raw_dir, [claim("K-1", nik(1), nominal="Rp 5.000.000"), claim("K-2", nik(2), nominal=typed)]
    )
    con = run(tmp_path)
    amounts = dict(con.execute("select claim_id, amount_idr from staging.claims").fetchall())
    if value is None:
        assert rejections(con) == [(path, "", 3, "nominal", "invalid_amount")]
        assert amounts == {"K-1": 5_000_000}
    else:
        assert rejections(con) == []
        assert amounts == {"K-1": 5_000_000, "K-2": value}


def test_a_huge_claim_amount_in_a_number_cell_is_invalid_and_the_run_completes(tmp_path, raw_dir):
    path = "claims/k.xlsx"
    workbook(
        raw_dir / path,
        {
            "Klaim": [
                CLAIMS,
                claim("K-1", nik(1), nominal=5_000_000),
                claim("K-2", nik(2), nominal=number(1e20)),
            ]
        },
    )
    con = run(tmp_path)
    assert rejections(con) == [(path, "Klaim", 3, "nominal", "invalid_amount")]
    assert con.execute("select claim_id, amount_idr from staging.claims").fetchall() == [("K-1", 5_000_000)]


@pytest.mark.parametrize(
    "typed, end",
    [
        ("1,5", None),
        ("0", None),
        ("121", None),
        ("120", dt.date(2035, 2, 28)),  # 120 months from 2025-03-01: to the day before 2035-03-01
        ("12", dt.date(2026, 2, 28)),
    ],
    ids=lambda v: repr(v) if isinstance(v, str) else None,
)
def test_months_paid_must_be_a_whole_number_from_1_to_120(tmp_path, raw_dir, typed, end):
    path = enrol_csv(raw_dir, [spell(nik(1), mulai="01/03/2025", akhir="", masa=typed)])
    con = run(tmp_path)
    if end is None:
        assert rejections(con) == [(path, "", 2, "lama_iuran_bulan", "invalid_amount")]
    else:
        assert rejections(con) == []
        assert spell_values(con, path, "end_date") == {2: end}


@pytest.mark.parametrize(
    "cell, end",
    [
        (12, dt.date(2026, 2, 28)),  # a number cell holds 12.0: a whole number
        (1.5, None),
        (number(120), dt.date(2035, 2, 28)),
        (number(121), None),
    ],
    ids=["12.0", "1.5", "120", "121"],
)
def test_months_paid_in_a_number_cell(tmp_path, raw_dir, cell, end):
    path = enrol_xlsx(raw_dir, [spell(nik(1), mulai="01/03/2025", akhir="", masa=cell)])
    con = run(tmp_path)
    if end is None:
        assert rejections(con) == [(path, "Desa", 2, "lama_iuran_bulan", "invalid_amount")]
    else:
        assert rejections(con) == []
        assert spell_values(con, path, "end_date") == {2: end}


# === 5. Headers (§2) ============================================================================


@pytest.mark.parametrize(
    "iuran_header",
    ["Iuran (Rp)", "Iuran per Bulan (Rp)", "Iuran/Bulan (Rp.)", "IURAN PER BULAN", "iuran_bulanan"],
)
def test_contribution_header_with_a_unit_in_brackets_is_recognised(tmp_path, raw_dir, iuran_header):
    header = [*ENROLMENT[:-1], iuran_header]
    path = enrol_csv(raw_dir, [spell(iuran="Rp16.800")], header=header)
    con = run(tmp_path)
    assert rejections(con) == []
    assert spell_values(con, path, "monthly_contribution_idr") == {2: 16_800}
    assert notes(con, "unknown_column") == []


def test_months_paid_header_with_a_unit_in_brackets_is_recognised(tmp_path, raw_dir):
    header = ["NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Masa Iuran (bulan)"]
    path = enrol_csv(
        raw_dir, [[NIK, "Ani", VILLAGE_A, "Petani", "APBD_KAB", "01/03/2025", "12"]], header=header
    )
    con = run(tmp_path)
    assert rejections(con) == []
    assert spell_values(con, path, "end_date") == {2: dt.date(2026, 2, 28)}
    assert notes(con, "unknown_column") == []


TITLE_ROWS = [
    ["DAFTAR PESERTA PEKERJA RENTAN DESA SUNGAI DURI"],
    ["KECAMATAN SUNGAI RAYA"],
    ["KABUPATEN BENGKAYANG"],
    [],
    ["Periode: Maret 2025"],
    ["Sumber: Dinas Tenaga Kerja"],
]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_header_on_row_25_below_title_rows_is_found(tmp_path, raw_dir, kind):
    above = [*TITLE_ROWS, *([[]] * (24 - len(TITLE_ROWS)))]  # rows 1..24
    assert len(above) == 24
    rows = [*above, ENROLMENT, spell(nik(1)), spell(nik(2))]  # header row 25, data 26-27
    if kind == "xlsx":
        path = "enrolment/judul.xlsx"
        workbook(raw_dir / path, {"Desa": rows})
    else:
        path = "enrolment/judul.csv"
        write_csv(raw_dir / path, rows)
    con = run(tmp_path)
    assert counts(con, path) == (2, 2, 0)
    assert staged_rows(con, path) == [26, 27]


def test_header_on_row_50_is_found_and_on_row_51_the_sheet_is_skipped_with_a_note(tmp_path, raw_dir):
    title = [["DAFTAR PESERTA PEKERJA RENTAN"]]
    path = "enrolment/jauh.xlsx"
    workbook(
        raw_dir / path,
        {
            "Baris50": [*title, *([[]] * 48), ENROLMENT, spell(nik(1))],  # header row 50
            "Baris51": [*title, *([[]] * 49), ENROLMENT, spell(nik(2))],  # header row 51
        },
    )
    con = run(tmp_path)
    assert con.execute("""select source_sheet, source_row from staging.spells""").fetchall() == [
        ("Baris50", 51)
    ]
    assert ("Baris51",) in con.execute(
        """select sheet from audit.notes
                                          where topic = 'skipped_sheet' and path = ?""",
        [path],
    ).fetchall()
    assert persons_niks(con) == [nik(1)]


def test_a_hidden_sheet_with_a_header_is_read(tmp_path, raw_dir):
    path = raw_dir / "enrolment" / "tersembunyi_lembar.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    for sheet, who in [("Tampak", nik(1)), ("Disembunyikan", nik(2))]:
        ws = wb.add_worksheet(sheet)
        for r, row in enumerate([ENROLMENT, spell(who)]):
            for c, value in enumerate(row):
                if value:
                    ws.write_string(r, c, value)
        if sheet == "Disembunyikan":
            ws.hide()
    wb.close()
    con = run(tmp_path)
    assert rejections(con) == []
    assert sorted(con.execute("select source_sheet from staging.spells").fetchall()) == [
        ("Disembunyikan",),
        ("Tampak",),
    ]


@pytest.mark.parametrize("layout", ["others_on_lower_row", "others_merged_vertically"])
def test_two_row_header_with_masa_kepesertaan_merged_over_start_and_end(tmp_path, raw_dir, layout):
    path = raw_dir / "enrolment" / "dua_baris.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Desa")
    ws.merge_range(0, 0, 0, 7, "DAFTAR PESERTA PEKERJA RENTAN DESA SUNGAI DURI")  # row 1
    others = {0: "NIK", 1: "Nama", 2: "Kode Desa", 3: "Pekerjaan", 4: "Sumber Dana", 7: "Iuran"}
    for col, name in others.items():  # rows 2-3
        if layout == "others_merged_vertically":
            ws.merge_range(1, col, 2, col, name)
        else:
            ws.write_string(2, col, name)
    ws.merge_range(1, 5, 1, 6, "Masa Kepesertaan")  # row 2, over the two sub-columns
    ws.write_string(2, 5, "Tgl Mulai")  # row 3
    ws.write_string(2, 6, "Tgl Akhir")
    # row 4: date cells; row 5: text dates
    ws.write_row(3, 0, [nik(1), "Ani", VILLAGE_A, "Petani", "APBD_KAB"])
    ws.write_datetime(3, 5, dt.datetime(2025, 3, 1), date_format)
    ws.write_datetime(3, 6, dt.datetime(2026, 2, 28), date_format)
    ws.write_number(3, 7, 16800)
    for col, value in enumerate(
        [nik(2), "Budi", VILLAGE_B, "Petani", "APBD_KAB", "01/04/2025", "31/03/2026", "Rp16.800"]
    ):
        ws.write_string(4, col, value)
    wb.close()
    rel = "enrolment/dua_baris.xlsx"
    con = run(tmp_path)
    assert rejections(con) == []
    assert counts(con, rel) == (2, 2, 0)
    assert con.execute("""select source_row, start_date, end_date, monthly_contribution_idr
                          from staging.spells order by source_row""").fetchall() == [
        (4, dt.date(2025, 3, 1), dt.date(2026, 2, 28), 16_800),
        (5, dt.date(2025, 4, 1), dt.date(2026, 3, 31), 16_800),
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_unknown_column_is_noted_with_file_sheet_and_name_and_rows_still_load(tmp_path, raw_dir, kind):
    header = [*ENROLMENT, "Keterangan Lain"]
    rows = [[*spell(nik(1)), "pindahan dari Kubu"]]
    if kind == "csv":
        path, sheet = enrol_csv(raw_dir, rows, header=header), ""
    else:
        path, sheet = enrol_xlsx(raw_dir, rows, header=header), "Desa"
    con = run(tmp_path)
    assert rejections(con) == []
    assert staged_rows(con, path) == [2]
    unknown = con.execute("""select path, sheet, value from audit.notes
                             where topic = 'unknown_column'""").fetchall()
    assert unknown == [(path, sheet, "Keterangan Lain")]


def test_repeated_header_and_total_rows_are_not_data(tmp_path, raw_dir):
    path = enrol_csv(
        raw_dir,
        [
            spell(nik(1)),
            ENROLMENT,
            spell(nik(2)),
            ["JUMLAH", "", "", "", "", "", "", "", "", "", "", "33600"],
        ],
    )
    con = run(tmp_path)
    assert counts(con, path) == (2, 2, 0)
    assert staged_rows(con, path) == [2, 4]


# === 6. Optional fields never reject a row (§2) =================================================


def test_unreadable_birth_date_and_sex_are_left_empty_with_a_note_and_the_row_kept(tmp_path, raw_dir):
    path = enrol_csv(
        raw_dir,
        [
            spell(nik(1), lahir="31/02/1980"),  # row 2: no such day
            spell(nik(2), jk="X"),  # row 3: neither L nor P
            spell(nik(3), lahir="17/08/1980", jk="P"),  # row 4: both fine
        ],
    )
    con = run(tmp_path)
    assert rejections(con) == []
    assert staged_rows(con, path) == [2, 3, 4]
    assert notes(con, "dropped_optional_value") == [
        (path, "", 2, "tanggal_lahir", ANY_VALUE),
        (path, "", 3, "jenis_kelamin", ANY_VALUE),
    ]
    assert con.execute("select nik, birth_date from identity.persons order by nik").fetchall() == [
        (nik(1), None),
        (nik(2), None),
        (nik(3), dt.date(1980, 8, 17)),
    ]
    genders = spell_values(con, path, "gender")
    assert genders[3] != "X" and genders[4] == "P"


def test_an_excel_error_cell_in_an_optional_column_is_dropped_with_a_note(tmp_path, raw_dir):
    path = enrol_xlsx(
        raw_dir,
        [
            spell(nik(1), lahir=error_cell("#REF!")),  # row 2
            spell(nik(2), jk=error_cell("#REF!")),  # row 3
            spell(nik(3), kpj=error_cell("#N/A")),  # row 4
        ],
    )
    con = run(tmp_path)
    assert rejections(con) == []
    assert staged_rows(con, path) == [2, 3, 4]
    assert notes(con, "dropped_optional_value") == [
        (path, "Desa", 2, "tanggal_lahir", ANY_VALUE),
        (path, "Desa", 3, "jenis_kelamin", ANY_VALUE),
        (path, "Desa", 4, "no_kpj", ANY_VALUE),
    ]


# === 7. Files that are not read (§2) ============================================================


def _input_files(con) -> dict[str, tuple]:
    return {
        p: tuple(rest)
        for p, *rest in con.execute("select path, sha256, rows_read, error from audit.input_files").fetchall()
    }


def test_hidden_lock_and_outside_symlinked_files_are_listed_but_never_read(
    tmp_path, raw_dir, tmp_path_factory
):
    enrolment = raw_dir / "enrolment"
    good = enrol_csv(raw_dir, [spell(nik(1))], name="baik.csv")
    enrol_csv(raw_dir, [spell(nik(2))], name=".tersembunyi.csv")
    enrol_xlsx(raw_dir, [spell(nik(3))], name="~$kunci.xlsx")
    enrol_csv(raw_dir, [spell(nik(4))], name=".git/x.csv")
    enrol_csv(raw_dir, [spell(nik(5))], name="..\\x.csv")  # a file literally named ..\x.csv
    outside = tmp_path_factory.mktemp("luar") / "luar.csv"
    write_csv(outside, [ENROLMENT, spell(nik(6))])
    os.symlink(outside, enrolment / "luar.csv")
    os.symlink(enrolment / "tidak_ada.csv", enrolment / "patah.csv")
    os.symlink("/etc/passwd", enrolment / "passwd.csv")
    os.symlink("/proc/self/environ", enrolment / "environ.csv")
    con = run(tmp_path)
    files = _input_files(con)
    # §2 lists "each" file or folder not read: the .git folder itself, or the file in it.
    git = "enrolment/.git/x.csv" if "enrolment/.git/x.csv" in files else "enrolment/.git"
    not_read = [
        "enrolment/.tersembunyi.csv",
        "enrolment/~$kunci.xlsx",
        git,
        "enrolment/..\\x.csv",
        "enrolment/luar.csv",
        "enrolment/patah.csv",
        "enrolment/passwd.csv",
        "enrolment/environ.csv",
    ]
    for path in not_read:
        assert path in files, path
        _sha, rows_read, error = files[path]
        assert rows_read == 0, path
        assert error and "not read" in error, (path, error)
    for path in [
        "enrolment/luar.csv",
        "enrolment/passwd.csv",
        "enrolment/environ.csv",
        "enrolment/patah.csv",
    ]:
        assert files[path][0] is None, path  # nothing outside the root (or nowhere) is hashed
    assert files[good][1:] == (1, None)
    assert persons_niks(con) == [nik(1)]
    assert rejections(con) == []
    assert con.execute("select distinct source_path from staging.spells").fetchall() == [(good,)]


@pytest.mark.parametrize(
    "name, content",
    [
        ("lembar.ods", "ods"),
        ("rusak.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 bukan lembar kerja"),
        ("rusak.xlsm", b"PK\x03\x04 bukan zip yang utuh"),
        ("rusak.xlsx", b"\x00\x01\x02"),
    ],
)
def test_ods_and_corrupt_excel_files_are_listed_with_a_reason_and_others_load(
    tmp_path, raw_dir, name, content
):
    good = enrol_csv(raw_dir, [spell(nik(1))], name="baik.csv")
    target = raw_dir / "enrolment" / name
    if content == "ods":
        with zipfile.ZipFile(target, "w") as z:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            z.writestr("content.xml", "<office:document-content/>")
    else:
        target.write_bytes(content)
    con = run(tmp_path)
    _sha, rows_read, error = _input_files(con)[f"enrolment/{name}"]
    assert error, name
    assert rows_read == 0
    assert _input_files(con)[good][1:] == (1, None)
    assert staged_rows(con, good) == [2]


# === 8. Reference files (§3.1, §3.4) ============================================================


def test_occupation_mapping_row_with_a_non_kbli_code_is_ignored_with_a_note(tmp_path, raw_dir):
    write_csv(
        raw_dir / "reference" / "pekerjaan_sektor.csv",
        [("pekerjaan", "sektor"), ("Petani", "A"), ("Pekebun", "Pertanian"), ("Pedagang", "G")],
    )
    path = enrol_csv(
        raw_dir,
        [
            spell(nik(1), pekerjaan="Petani"),
            spell(nik(2), pekerjaan="Pekebun"),
            spell(nik(3), pekerjaan="Pedagang"),
        ],
    )
    con = run(tmp_path)
    assert rejections(con, path) == []
    assert con.execute("""select path, row_number from audit.notes
                          where topic = 'ignored_mapping_row'""").fetchall() == [
        ("reference/pekerjaan_sektor.csv", 3)
    ]
    assert spell_values(con, path, "sector_code") == {2: "A", 3: "LAINNYA", 4: "G"}
    assert ("Pekebun",) in con.execute("""select value from audit.notes
                                          where topic = 'unmapped_occupation'""").fetchall()


def test_funding_mapping_rows_with_invalid_codes_are_ignored_and_codes_map_to_themselves(tmp_path, raw_dir):
    write_csv(
        raw_dir / "reference" / "sumber_dana.csv",
        [
            ("ejaan", "kode"),
            ("Pemda Kab", "APBD_KAB"),  # row 2
            ("Kas Desa", "APBDKAB"),  # row 3: not a funding code
            ("Rumus", "=1+1"),  # row 4: not a funding code
            ("Swadaya", "MANDIRI"),  # row 5
        ],
    )
    path = enrol_csv(
        raw_dir,
        [
            spell(nik(1), dana="Pemda Kab"),
            spell(nik(2), dana="Kas Desa"),
            spell(nik(3), dana="Rumus"),
            spell(nik(4), dana="Swadaya"),
            spell(nik(5), dana="APBD_KAB"),
            spell(nik(6), dana="dbh_sawit"),
        ],
    )
    con = run(tmp_path)
    assert rejections(con, path) == []
    assert con.execute("""select path, row_number from audit.notes
                          where topic = 'ignored_mapping_row' order by row_number""").fetchall() == [
        ("reference/sumber_dana.csv", 3),
        ("reference/sumber_dana.csv", 4),
    ]
    assert spell_values(con, path, "funding_source") == {
        2: "APBD_KAB",
        3: "LAINNYA",
        4: "LAINNYA",
        5: "MANDIRI",
        6: "APBD_KAB",
        7: "DBH_SAWIT",
    }
    unmapped = {
        v for (v,) in con.execute("select value from audit.notes where topic = 'unmapped_funding'").fetchall()
    }
    assert {"Kas Desa", "Rumus"} <= unmapped


def test_a_funding_code_written_as_such_maps_to_itself_whatever_the_mapping_file_says(tmp_path, raw_dir):
    write_csv(
        raw_dir / "reference" / "sumber_dana.csv",
        [("ejaan", "kode"), ("APBD_KAB", "CSR"), ("Perusahaan", "CSR")],
    )
    path = enrol_csv(
        raw_dir,
        [spell(nik(1), dana="APBD_KAB"), spell(nik(2), dana="apbd kab"), spell(nik(3), dana="Perusahaan")],
    )
    con = run(tmp_path)
    assert spell_values(con, path, "funding_source") == {2: "APBD_KAB", 3: "APBD_KAB", 4: "CSR"}


@pytest.mark.parametrize("missing, level", [("61.07", "regency"), ("61.07.01", "district")])
def test_gazetteer_without_a_regency_or_district_row_still_accepts_its_villages(
    tmp_path, raw_dir, missing, level
):
    write_csv(
        raw_dir / "reference" / "wilayah.csv",
        [("kode", "nama"), *[row for row in GAZETTEER if row[0] != missing]],
    )
    path = enrol_csv(raw_dir, [spell(nik(1), desa=VILLAGE_A), spell(nik(2), desa=VILLAGE_C)])
    con = run(tmp_path)
    assert rejections(con) == []
    assert con.execute("""select source_row, village_code, district_code, regency_code
                          from staging.spells order by source_row""").fetchall() == [
        (2, "61.07.01.2001", "61.07.01", "61.07"),
        (3, "61.07.04.2003", "61.07.04", "61.07"),
    ]
    assert missing in [
        v
        for (v,) in con.execute("select value from audit.notes where topic = 'missing_region_row'").fetchall()
    ]
    assert con.execute(
        "select code, name, level from staging.regions where code = ?", [missing]
    ).fetchall() == [(missing, missing, level)]
    assert counts(con, "reference/wilayah.csv") == (15, 15, 0)
    assert staged_rows(con, path) == [2, 3]


# === Red-team round: inputs that once crashed, vanished or were counted twice ===================


def test_a_parquet_file_with_nested_or_binary_columns_loads_instead_of_crashing(tmp_path, raw_dir):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "nik": [NIK],
            "nama": ["Ani"],
            "kode_desa": [VILLAGE_A],
            "pekerjaan": ["Petani"],
            "sumber_dana": ["APBD_KAB"],
            "tgl_mulai": ["2025-03-01"],
            "tgl_akhir": ["2026-02-28"],
            "tags": pa.array([["a", "b"]], pa.list_(pa.string())),
            "blob": pa.array([b"\xff\xfe\x00"], pa.binary()),
        }
    )
    (raw_dir / "enrolment").mkdir(parents=True, exist_ok=True)
    pq.write_table(table, raw_dir / "enrolment" / "z.parquet")
    con = run(tmp_path)
    assert counts(con, "enrolment/z.parquet") == (1, 1, 0)


def test_a_stray_quote_in_a_csv_swallows_no_row(tmp_path, raw_dir):
    path = raw_dir / "enrolment" / "e.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    good = [",".join(map(str, spell(nik(i)))) for i in (1, 3, 4, 5)]
    broken = ",".join(map(str, spell(nik(2), nama='"Butet')))  # the quote is never closed
    path.write_text("\n".join([",".join(ENROLMENT), good[0], broken, *good[1:]]) + "\n")
    con = run(tmp_path)
    assert counts(con, "enrolment/e.csv")[0] == 5  # all five data lines read
    assert staged_rows(con, "enrolment/e.csv") == [2, 4, 5, 6]
    assert [(p, s) for p, s, *_ in notes(con, "stray_quote")] == [("enrolment/e.csv", "")]


def test_a_cell_longer_than_the_csv_module_allows_does_not_stop_the_run(tmp_path, raw_dir):
    path = enrol_csv(raw_dir, [spell(nik(1), pekerjaan="x" * 200_000), spell(nik(2))])
    con = run(tmp_path)
    assert counts(con, path) == (2, 2, 0)


def test_sixty_months_in_a_number_cell_is_sixty_not_excels_29_february_1900(tmp_path, raw_dir):
    path = enrol_xlsx(raw_dir, [spell(nik(1), akhir="", masa=60)])
    con = run(tmp_path)
    assert spell_values(con, path, "end_date") == {2: dt.date(2030, 2, 28)}


def test_a_claim_whose_nik_is_only_a_dash_and_has_no_kpj_is_missing_its_participant(tmp_path, raw_dir):
    path = claims_csv(raw_dir, [claim("K-1", nik="-"), claim("K-2", nik="–")])
    con = run(tmp_path)
    assert [r[3:] for r in rejections(con, path)] == [("nik", "missing_required")] * 2


def test_a_dash_in_an_optional_amount_means_none(tmp_path, raw_dir):
    enrolled = enrol_csv(raw_dir, [spell(nik(1), iuran="-")])
    claimed = claims_csv(
        raw_dir,
        [
            claim("K-1", status="PROSES", bayar="", nominal="-"),
            claim("K-2", status="DITOLAK", bayar="", nominal="0"),
        ],
    )
    con = run(tmp_path)
    assert spell_values(con, enrolled, "monthly_contribution_idr") == {2: None}
    assert con.execute("select claim_id, status, amount_idr from staging.claims order by 1").fetchall() == [
        ("K-1", "PROSES", None),
        ("K-2", "DITOLAK", None),
    ]
    assert rejections(con, claimed) == []


@pytest.mark.parametrize("retyped", ["K\u2013001", "K\u2011001", "K\u2212001", "'K-001"])
def test_a_claim_id_retyped_with_another_dash_or_an_apostrophe_is_the_same_claim(tmp_path, raw_dir, retyped):
    path = claims_csv(raw_dir, [claim("K-001"), claim(retyped)])
    con = run(tmp_path)
    assert [r[2:] for r in rejections(con, path)] == [(3, "no_klaim", "duplicate_claim_id")]


def test_a_claim_paid_before_its_event_is_end_before_start(tmp_path, raw_dir):
    path = claims_csv(raw_dir, [claim(kejadian="01/06/2025", pengajuan="", bayar="20/05/2025")])
    con = run(tmp_path)
    assert [r[3:] for r in rejections(con, path)] == [("tgl_bayar", "end_before_start")]


def test_float32_niks_in_parquet_have_lost_digits(tmp_path, raw_dir):
    import pyarrow as pa
    import pyarrow.parquet as pq

    # float32 keeps 24 bits: these two NIKs become the same, structurally valid, number
    table = pa.table(
        {
            "nik": pa.array([6101010503880001.0, 6101010509880001.0], pa.float32()),
            "nama": ["A", "B"],
            "kode_desa": [VILLAGE_A] * 2,
            "pekerjaan": ["Petani"] * 2,
            "sumber_dana": ["APBD_KAB"] * 2,
            "tgl_mulai": ["2025-03-01"] * 2,
            "tgl_akhir": ["2026-02-28"] * 2,
        }
    )
    (raw_dir / "enrolment").mkdir(parents=True, exist_ok=True)
    pq.write_table(table, raw_dir / "enrolment" / "f32.parquet")
    con = run(tmp_path)
    assert [r[3:] for r in rejections(con)] == [("nik", "nik_precision_lost")] * 2


def test_cut_number_cell_niks_are_caught_when_the_sheet_xml_uses_a_namespace_prefix(tmp_path, raw_dir):
    import re

    source = tmp_path / "src.xlsx"
    workbook(source, {"Desa": [ENROLMENT, *[spell(number(int(nik(i * 10)))) for i in (1, 2, 3)]]})
    target = raw_dir / "enrolment" / "prefixed.xlsx"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r"<(/?)([A-Za-z]+)([ >/])", lambda m: f"<{m[1]}x:{m[2]}{m[3]}", data.decode())
                data = text.replace(
                    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                    'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                    1,
                ).encode()
            zout.writestr(item, data)
    con = run(tmp_path)
    assert [r[3:] for r in rejections(con)] == [("nik", "nik_precision_lost")] * 3


def test_a_unit_on_its_own_header_row_keeps_its_column(tmp_path, raw_dir):
    top = ["NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Masa Kepesertaan", "", "Iuran"]
    sub = ["", "", "", "", "", "Tgl Mulai", "Tgl Akhir", "(Rp)"]
    row = [NIK, "Ani", VILLAGE_A, "Petani", "APBD_KAB", "01/03/2025", "28/02/2026", "16800"]
    path = enrol_xlsx(raw_dir, [sub, row], header=top)
    con = run(tmp_path)
    assert spell_values(con, path, "monthly_contribution_idr") == {3: 16800}


def test_a_worker_named_like_a_total_row_is_a_worker(tmp_path, raw_dir):
    header = ["Nama", *[h for h in ENROLMENT if h != "Nama"]]
    rows = [
        [name, *[v for i, v in enumerate(spell(nik(n))) if ENROLMENT[i] != "Nama"]]
        for n, name in ((1, "Totalina Br Ginting"), (2, "Jumlahtun"))
    ]
    path = enrol_csv(raw_dir, rows, header=header)
    con = run(tmp_path)
    assert staged_rows(con, path) == [2, 3]


def test_a_symlinked_folder_pointing_back_up_is_not_read_twice(tmp_path, raw_dir):
    path = enrol_csv(raw_dir, [spell(nik(1))])
    os.symlink("..", raw_dir / "enrolment" / "arsip")
    con = run(tmp_path)
    assert counts(con, path) == (1, 1, 0)
    assert con.execute("select count(*) from staging.spells").fetchone()[0] == 1
    errors = dict(con.execute("select path, error from audit.input_files where error is not null").fetchall())
    assert "already" in errors["enrolment/arsip"]


def test_a_spelling_mapped_twice_to_different_codes_keeps_the_first_with_a_note(tmp_path, raw_dir):
    write_csv(
        raw_dir / "reference" / "pekerjaan_sektor.csv",
        [["pekerjaan", "sektor"], ["Petani", "A"], ["PETANI", "G"]],
    )
    enrol_csv(raw_dir, [spell(nik(1))])
    con = run(tmp_path)
    assert con.execute("select sector_code from staging.spells").fetchall() == [("A",)]
    assert [(p, r, f) for p, _, r, f, _ in notes(con, "ignored_mapping_row")] == [
        ("reference/pekerjaan_sektor.csv", 3, "sektor")
    ]


def test_unknown_segments_are_noted_per_row_and_spelt_out_segments_are_read(tmp_path, raw_dir):
    header = [*ENROLMENT, "Segmen"]
    path = enrol_xlsx(
        raw_dir,
        [[*spell(nik(1)), "Penerima Upah (PU)"], [*spell(nik(2)), "Umum"]],
        header=header,
        sheet="Kec A",
    )
    con = run(tmp_path)
    assert spell_values(con, path, "segment") == {2: "PU", 3: "BPU"}
    assert [n[:4] for n in notes(con, "unknown_segment")] == [(path, "Kec A", 3, "segmen")]


def test_a_row_of_column_numbers_under_the_header_is_not_data(tmp_path, raw_dir):
    numbers = [f"({i})" for i in range(1, len(ENROLMENT) + 1)]
    path = enrol_xlsx(raw_dir, [numbers, spell(nik(1))])
    con = run(tmp_path)
    assert counts(con, path) == (1, 1, 0)
    assert [n[:2] for n in notes(con, "column_numbers")] == [(path, "Desa")]


def test_a_quoted_cell_holding_a_line_break_and_a_delimiter_is_one_cell(tmp_path, raw_dir):
    """An address typed on two lines inside quotes is not a stray quote: no row more, none lost."""
    path = raw_dir / "enrolment" / "e.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [",".join(ENROLMENT), *(",".join(map(str, spell(nik(i)))) for i in (1, 2))]
    address = ",".join(map(str, spell(nik(3), nama='"Butet\nJl. Merdeka, RT 02"')))
    path.write_text("\n".join([*lines, address]) + "\n")
    con = run(tmp_path)
    assert counts(con, "enrolment/e.csv") == (3, 3, 0)
    assert notes(con, "stray_quote") == []
