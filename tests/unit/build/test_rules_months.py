"""CONTRACT §5: the marts start at the earliest month of any accepted date (a spell's
start, a claim's event, submission or payment); §6: the as-of date is never after the day
the pipeline runs (a spell starting later is kept but does not choose the month)."""

import datetime as dt

import openpyxl

from pipeline.core import months
from pipeline.outputs import fix_list
from tests.support.rules import (
    CLAIMS,
    DARAT,
    ENROLMENT,
    built,
    data_root,
    ingested,
    nik,
    spell_row,
    write_csv,
)

RUN_DAY = dt.date(2025, 6, 10)


def test_a_claim_before_the_first_spell_month_is_counted_in_its_own_month(tmp_path):
    raw = data_root(tmp_path)
    write_csv(raw / "enrolment" / "babulu.csv", [ENROLMENT, spell_row(1, start="01/03/2025")])
    # paid in January, before the only spell starts (March): a JHT claim needs no event date
    write_csv(
        raw / "claims" / "bpjs.csv",
        [CLAIMS, ["K-1", nik(1), "JHT", "", "05/01/2025", "20/01/2025", "DIBAYAR", "2.500.000"]],
    )
    con = built(raw, RUN_DAY)
    span = months.data_span(con)
    assert span.first_month == dt.date(2025, 1, 1)
    assert span.first.field == "tgl_pengajuan"
    assert span.refusal(dt.date(2025, 1, 1)) is None
    assert "before the data's first month 2025-01" in span.refusal(dt.date(2024, 12, 1))
    paid = con.execute(
        "select month, paid_count, paid_amount_idr from marts.claims_by_program "
        "where paid_count > 0 order by month"
    ).fetchall()
    assert paid == [(dt.date(2025, 1, 1), 1, 2_500_000)]
    # every village of the regency in every month from January to the as-of month
    # (March, the spell's start), with zeros before March
    village = con.execute(
        "select month, active from marts.coverage_by_village where village_code = ? order by month", [DARAT]
    ).fetchall()
    assert [m.month for m, _ in village] == [1, 2, 3]
    assert [a for _, a in village] == [0, 0, 1]
    assert not con.execute("select * from marts.claims_by_program where month < '2025-01-01'").fetchall()


def test_an_event_date_before_any_spell_starts_the_marts(tmp_path):
    raw = data_root(tmp_path)
    write_csv(raw / "enrolment" / "babulu.csv", [ENROLMENT, spell_row(1, start="01/03/2025")])
    write_csv(
        raw / "claims" / "bpjs.csv",
        [CLAIMS, ["K-1", nik(1), "JKK", "28/12/2024", "04/03/2025", "", "PROSES", ""]],
    )
    con = built(raw, RUN_DAY)
    assert months.first_start(con).date == dt.date(2024, 12, 28)
    first = con.execute("select min(month) from marts.coverage_by_area").fetchone()[0]
    assert first == dt.date(2024, 12, 1)


def test_a_spell_starting_after_the_run_day_does_not_choose_the_month(tmp_path):
    raw = data_root(tmp_path)
    write_csv(
        raw / "enrolment" / "babulu.csv",
        [
            ENROLMENT,
            spell_row(1, start="01/01/2025", end="31/12/2025"),
            # a renewal typed in early: starts 1 August, 52 days after the run day
            spell_row(2, start="01/08/2025", end="31/07/2026"),
        ],
    )
    con = ingested(raw, RUN_DAY)
    # the future spell is read and kept
    assert con.execute("select count(*) from staging.spells").fetchone()[0] == 2
    as_of = months.as_of(con)
    assert as_of.date == dt.date(2025, 1, 1)
    assert months.as_of_month(con) == dt.date(2025, 1, 1)
    assert months.resolve_month(con, "") == dt.date(2025, 1, 1)
    assert "after the data's as-of month 2025-01" in months.data_span(con).refusal(dt.date(2025, 8, 1))


def test_claim_dates_up_to_the_run_day_still_choose_the_month(tmp_path):
    raw = data_root(tmp_path)
    write_csv(
        raw / "enrolment" / "babulu.csv",
        [ENROLMENT, spell_row(1, start="01/01/2025"), spell_row(2, start="01/09/2025", end="31/08/2026")],
    )
    write_csv(
        raw / "claims" / "bpjs.csv",
        [CLAIMS, ["K-1", nik(1), "JKK", "01/06/2025", "10/06/2025", "", "PROSES", ""]],
    )
    con = built(raw, RUN_DAY)
    assert months.as_of(con).date == RUN_DAY
    assert con.execute("select max(month) from marts.coverage_by_village").fetchone()[0] == dt.date(
        2025, 6, 1
    )


def test_the_fix_list_dates_its_data_by_the_run_day_not_by_a_future_spell(tmp_path):
    raw = data_root(tmp_path)
    write_csv(
        raw / "enrolment" / "babulu.csv",
        [
            ENROLMENT,
            spell_row(1, start="01/01/2025", end="31/12/2025"),
            spell_row(2, start="01/08/2025", end="31/07/2026"),  # after the run day
            ["123", "Tanpa NIK", DARAT, "Petani", "APBD_KAB", "01/01/2025", "31/12/2025", "16800"],
        ],
    )
    con = ingested(raw, RUN_DAY)
    written = fix_list.write_fix_lists(con, tmp_path / "internal")
    assert written == {"enrolment/babulu.csv": 1}
    [book] = (tmp_path / "internal" / "2025-01" / fix_list.FOLDER_NAME).glob("*.xlsx")
    cells = [c for row in openpyxl.load_workbook(book).active.iter_rows(values_only=True) for c in row if c]
    assert "Data per tanggal: 1 Januari 2025" in cells
