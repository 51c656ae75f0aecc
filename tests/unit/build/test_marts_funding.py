"""marts.coverage_by_funding: active, share of the regency and contributions by source."""

import pytest

from tests.support.marts import NIK_A, NIK_B, NIK_C, REGENCY, X, Y, Z, build, rows, spell


def funding_rows(con):
    return rows(
        con,
        "select strftime(month, '%Y-%m'), regency_code, funding_source, active, share, "
        "contributions_idr from marts.coverage_by_funding order by month, funding_source",
    )


def test_share_is_null_when_the_regency_has_no_active_participant():
    con = build("2025-05", spells=[spell(NIK_A, X, "2025-03-01", "2025-03-31", contribution=16800)])
    assert funding_rows(con) == [
        ("2025-03", REGENCY, "APBD_KAB", 1, 1.0, 16800),
        ("2025-04", REGENCY, "APBD_KAB", 0, None, 0),
        ("2025-05", REGENCY, "APBD_KAB", 0, None, 0),
    ]


def test_share_and_contributions_by_the_attributed_spells_source():
    con = build(
        "2025-02",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-12-31", funding="APBD_KAB", contribution=16800),
            spell(NIK_B, Y, "2025-01-01", "2025-12-31", funding="APBD_KAB", contribution=20000),
            spell(NIK_C, Z, "2025-01-01", "2025-12-31", funding="MANDIRI", contribution=None),
            # overlapping, not attributed (earlier start): its contribution does not count
            spell(NIK_C, Z, "2024-12-01", "2025-12-31", funding="DANA_DESA", contribution=99999),
        ],
    )
    feb = [r for r in funding_rows(con) if r[0] == "2025-02"]
    assert feb == [
        ("2025-02", REGENCY, "APBD_KAB", 2, pytest.approx(2 / 3), 36800),
        ("2025-02", REGENCY, "DANA_DESA", 0, 0.0, 0),
        ("2025-02", REGENCY, "MANDIRI", 1, pytest.approx(1 / 3), 0),
    ]
    dec = [r for r in funding_rows(con) if r[0] == "2024-12"]
    assert dec == [
        ("2024-12", REGENCY, "APBD_KAB", 0, 0.0, 0),
        ("2024-12", REGENCY, "DANA_DESA", 1, 1.0, 99999),
        ("2024-12", REGENCY, "MANDIRI", 0, 0.0, 0),
    ]
