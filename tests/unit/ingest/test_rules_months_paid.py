"""CONTRACT §3.5: ``lama_iuran_bulan`` months paid end the day before the same day-of-month
that many months later, or on that month's last day where it has no such day."""

import datetime as dt

import pandas as pd

from pipeline.ingest import rules
from pipeline.ingest.fields import ENROLMENT_FIELDS
from pipeline.ingest.gazetteer import Gazetteer, regions_frame
from pipeline.ingest.row_checks import add_months_minus_day

D = dt.date


#: (start, months paid, last covered day), worked out by hand from CONTRACT §3.5.
CASES = [
    (D(2025, 1, 31), 1, D(2025, 2, 28)),  # the contract's example, not 27 February
    (D(2025, 1, 30), 1, D(2025, 2, 28)),  # no 30 February: February's last day
    (D(2025, 1, 29), 1, D(2025, 2, 28)),  # no 29 February in 2025
    (D(2024, 1, 30), 1, D(2024, 2, 29)),  # leap year: February's last day is the 29th
    (D(2024, 1, 29), 1, D(2024, 2, 28)),  # 29 February exists: the day before it
    (D(2025, 1, 15), 1, D(2025, 2, 14)),
    (D(2025, 1, 1), 3, D(2025, 3, 31)),
    (D(2025, 8, 31), 1, D(2025, 9, 30)),  # no 31 September
    (D(2025, 10, 31), 4, D(2026, 2, 28)),  # across the year end, no 31 February
    (D(2025, 5, 31), 1, D(2025, 6, 30)),
    (D(2025, 12, 31), 2, D(2026, 2, 28)),
]


def test_months_paid_end_on_the_month_end_when_the_day_does_not_exist():
    assert [add_months_minus_day(start, months) for start, months, _ in CASES] == [end for *_, end in CASES]


def _row(start: str, months: str) -> dict:
    row = dict.fromkeys((f.name for f in ENROLMENT_FIELDS), None)
    row.update(
        nik="6409011503670362",
        nama="Siti",
        kode_desa="64.09.01.2001",
        pekerjaan="Petani",
        sumber_dana="APBD_KAB",
        tgl_mulai=start,
        lama_iuran_bulan=months,
    )
    return row


def test_a_spell_of_one_month_from_31_january_covers_february():
    """Penajam Paser Utara (64.09): 31/01/2025 with Masa Iuran 1 ends 28/02/2025."""
    regions = regions_frame(
        pd.Series(["64", "64.09", "64.09.01", "64.09.01.2001"]),
        pd.Series(["KALIMANTAN TIMUR", "PENAJAM PASER UTARA", "BABULU", "BABULU DARAT"]),
    )
    rows = pd.DataFrame([_row("31/01/2025", "1")])
    rows.insert(0, "source_row", [2])
    rows.insert(0, "source_sheet", [""])
    rows.insert(0, "source_path", ["enrolment/babulu.csv"])
    spells, _ = rules.validate_enrolment(rows, Gazetteer(regions), {}, {}, today=D(2025, 6, 1))
    assert spells["end_date"].tolist() == [D(2025, 2, 28)]
