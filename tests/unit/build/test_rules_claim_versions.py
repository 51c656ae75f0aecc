"""CONTRACT §3.7: rows with one claim id are versions of one claim. The first counts,
unless it is PROSES and a later version carries a final status (DIBAYAR or DITOLAK): the
branch's monthly export updates the pending claim. Every other version is recorded as
``duplicate_claim_id``."""

import datetime as dt

from tests.support.rules import CLAIMS, ENROLMENT, data_root, ingested, nik, spell_row, write_csv

RUN_DAY = dt.date(2025, 6, 10)


def _claims(con) -> list[tuple]:
    return con.execute(
        "select claim_id, status, paid_date, amount_idr, source_path, source_row "
        "from staging.claims order by claim_id"
    ).fetchall()


def _duplicates(con) -> list[tuple]:
    return con.execute(
        "select path, row_number from audit.rejected_rows where reason = 'duplicate_claim_id' "
        "order by path, row_number"
    ).fetchall()


def _root(tmp_path, may: list[list[str]], june: list[list[str]]):
    raw = data_root(tmp_path)
    write_csv(raw / "enrolment" / "babulu.csv", [ENROLMENT, spell_row(1), spell_row(2), spell_row(3)])
    write_csv(raw / "claims" / "2025-05.csv", [CLAIMS, *may])
    write_csv(raw / "claims" / "2025-06.csv", [CLAIMS, *june])
    return raw


def test_a_later_export_paying_a_pending_claim_counts(tmp_path):
    raw = _root(
        tmp_path,
        # May's export: K-1 pending (no status, no payment date: PROSES)
        [["K-1", nik(1), "JKK", "02/05/2025", "05/05/2025", "", "", ""]],
        # June's export: the same claim, typed in lower case with a space, now paid
        [["k- 1", nik(1), "JKK", "02/05/2025", "05/05/2025", "03/06/2025", "DIBAYAR", "7.500.000"]],
    )
    con = ingested(raw, RUN_DAY)
    assert _claims(con) == [("k- 1", "DIBAYAR", dt.date(2025, 6, 3), 7_500_000, "claims/2025-06.csv", 2)]
    assert _duplicates(con) == [("claims/2025-05.csv", 2)]


def test_a_paid_date_without_status_is_final_and_the_earliest_final_version_counts(tmp_path):
    raw = _root(
        tmp_path,
        [
            ["K-2", nik(2), "JHT", "", "05/05/2025", "", "PROSES", ""],  # row 2: pending
            ["K-2", nik(2), "JHT", "", "05/05/2025", "", "Proses", ""],  # row 3: still pending
        ],
        [
            ["K-2", nik(2), "JHT", "", "05/05/2025", "04/06/2025", "", "1.000.000"],  # row 2: paid
            ["K-2", nik(2), "JHT", "", "05/05/2025", "", "DITOLAK", ""],  # row 3: not after a final
        ],
    )
    con = ingested(raw, RUN_DAY)
    assert _claims(con) == [("K-2", "DIBAYAR", dt.date(2025, 6, 4), 1_000_000, "claims/2025-06.csv", 2)]
    assert _duplicates(con) == [
        ("claims/2025-05.csv", 2),
        ("claims/2025-05.csv", 3),
        ("claims/2025-06.csv", 3),
    ]


def test_a_rejection_updates_a_pending_claim_but_nothing_updates_a_final_one(tmp_path):
    raw = _root(
        tmp_path,
        [
            ["K-3", nik(3), "JHT", "", "05/05/2025", "", "DITOLAK", ""],  # row 2: final: counts
            ["K-4", nik(3), "JHT", "", "06/05/2025", "", "", ""],  # row 3: pending, never updated
            ["K-5", nik(3), "JHT", "", "07/05/2025", "", "", ""],  # row 4: pending ...
        ],
        [
            ["K-3", nik(3), "JHT", "", "05/05/2025", "10/06/2025", "DIBAYAR", "900.000"],  # row 2
            ["K-4", nik(3), "JHT", "", "06/05/2025", "", "PROSES", ""],  # row 3
            ["K-5", nik(3), "JHT", "", "07/05/2025", "", "ditolak", ""],  # row 4: ... rejected
        ],
    )
    con = ingested(raw, RUN_DAY)
    assert _claims(con) == [
        ("K-3", "DITOLAK", None, None, "claims/2025-05.csv", 2),
        ("K-4", "PROSES", None, None, "claims/2025-05.csv", 3),
        ("K-5", "DITOLAK", None, None, "claims/2025-06.csv", 4),
    ]
    assert _duplicates(con) == [
        ("claims/2025-05.csv", 4),
        ("claims/2025-06.csv", 2),
        ("claims/2025-06.csv", 3),
    ]
