"""marts.claims_by_program on hand-built claims: month, regency, median, outside coverage."""

import pytest

from tests.support.marts import NIK_A, NIK_B, REGENCY, X, build, claim, pid, rows, spell

UNKNOWN_NIK = "6108019901900001"  # no spell anywhere: regency from its first four digits


def claim_rows(con, program: str | None = None, regency: str = REGENCY):
    query = (
        "select strftime(month, '%Y-%m'), program, paid_count, paid_amount_idr, pending_count, "
        "rejected_count, median_days_to_pay, outside_coverage_count "
        "from marts.claims_by_program where regency_code = ? "
    )
    params = [regency]
    if program:
        query += "and program = ? "
        params.append(program)
    return rows(con, query + "order by month, program", *params)


def test_claims_count_in_month_paid_else_submitted_else_event():
    con = build(
        "2025-04",
        spells=[spell(NIK_A, X, "2025-01-01", "2025-12-31")],
        claims=[
            claim(
                "C1",
                "JKK",
                nik=NIK_A,
                event="2025-01-05",
                submitted="2025-01-10",
                paid="2025-03-02",
                amount=5_000_000,
            ),
            claim("C2", "JKK", nik=NIK_A, event="2025-01-06", submitted="2025-02-03"),  # PROSES
            claim("C3", "JKK", nik=NIK_A, event="2025-01-20", status="DITOLAK"),
        ],
    )
    assert claim_rows(con) == [
        ("2025-01", "JKK", 0, 0, 0, 1, None, 0),
        ("2025-02", "JKK", 0, 0, 1, 0, None, 0),
        ("2025-03", "JKK", 1, 5_000_000, 0, 0, 51.0, 0),  # Jan 10 -> Mar 2
        ("2025-04", "JKK", 0, 0, 0, 0, None, 0),
    ]


def test_median_days_to_pay_of_an_even_count_is_the_mean_of_the_middle_two():
    paid_on = "2025-03-31"
    # days to pay 30, 21, 11, 1 -> middle two 11 and 21 -> 16
    submitted = ["2025-03-01", "2025-03-10", "2025-03-20", "2025-03-30"]
    claims = [
        claim(f"C{i}", "JKK", nik=NIK_A, event="2025-02-01", submitted=s, paid=paid_on, amount=100)
        for i, s in enumerate(submitted)
    ]
    # paid without a submission date: counted as paid, left out of the median
    claims.append(claim("C9", "JKK", nik=NIK_A, event="2025-02-01", paid=paid_on, amount=100))
    con = build("2025-03", spells=[spell(NIK_A, X, "2025-01-01", "2025-12-31")], claims=claims)
    march = claim_rows(con)[-1]
    assert march[0] == "2025-03"
    assert march[2:4] == (5, 500)
    assert march[6] == pytest.approx(16.0)


def test_claim_with_only_a_kpj_uses_the_nik_of_the_enrolment_rows_with_that_kpj():
    con = build(
        "2025-03",
        spells=[spell(NIK_B, X, "2025-01-01", "2025-06-30", no_kpj="25012345678", programs=["JKK", "JKM"])],
        claims=[
            # inside NIK_B's coverage
            claim("K1", "JKK", no_kpj="25012345678", event="2025-02-01", submitted="2025-02-05"),
            # after NIK_B's spell: outside coverage
            claim("K2", "JKK", no_kpj="25012345678", event="2025-07-01", submitted="2025-03-05"),
        ],
    )
    assert claim_rows(con) == [
        ("2025-01", "JKK", 0, 0, 0, 0, None, 0),
        ("2025-02", "JKK", 0, 0, 1, 0, None, 0),
        ("2025-03", "JKK", 0, 0, 1, 0, None, 1),
    ]
    participants = "select claim_id, person_id, is_person_from_kpj from intermediate.claim_participants"
    assert rows(con, participants) == [
        ("K1", pid(NIK_B), True),
        ("K2", pid(NIK_B), True),
    ]


def test_kpj_only_jkm_claim_records_the_death_of_that_nik():
    con = build(
        "2025-04",
        spells=[spell(NIK_B, X, "2025-01-01", "2025-12-31", no_kpj="KPJ-9")],
        claims=[claim("D1", "JKM", no_kpj="KPJ-9", event="2025-02-10", submitted="2025-02-12")],
    )
    active = rows(
        con,
        "select strftime(month, '%Y-%m'), active from marts.coverage_by_village "
        "where village_code = ? order by month",
        X,
    )
    assert active == [("2025-01", 1), ("2025-02", 0), ("2025-03", 0), ("2025-04", 0)]


def test_unknown_nik_is_attributed_to_the_regency_of_its_first_four_digits():
    con = build(
        "2025-02",
        spells=[spell(NIK_A, X, "2025-01-01", "2025-12-31")],
        claims=[claim("U1", "JKK", nik=UNKNOWN_NIK, event="2025-02-01", submitted="2025-02-02")],
    )
    assert claim_rows(con, regency="61.08") == [
        ("2025-01", "JKK", 0, 0, 0, 0, None, 0),
        ("2025-02", "JKK", 0, 0, 1, 0, None, 1),  # no spell at all: outside coverage
    ]
    assert claim_rows(con) == []  # nothing for 61.07
    # a claims-only regency does not bring its villages into the coverage marts
    assert rows(con, "select count(*) from marts.coverage_by_village where regency_code = '61.08'") == [(0,)]


def test_a_claim_belongs_to_the_regency_of_the_latest_spell():
    other_village = "61.08.01.2001"
    con = build(
        "2025-06",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-12-31"),
            spell(NIK_A, other_village, "2025-03-01", "2025-04-30"),
        ],
        claims=[claim("L1", "JKK", nik=NIK_A, event="2025-01-10", submitted="2025-01-11")],
    )
    # latest start wins even though the 61.07 spell ends later and covers the event
    assert rows(con, "select regency_code from intermediate.claim_participants") == [("61.08",)]
    assert claim_rows(con, regency="61.08")[0] == ("2025-01", "JKK", 0, 0, 1, 0, None, 0)


def test_jht_jp_and_jkp_claims_are_never_outside_coverage():
    con = build(
        "2025-03",
        spells=[spell(NIK_A, X, "2025-01-01", "2025-12-31")],
        claims=[
            claim("H1", "JHT", nik=UNKNOWN_NIK, submitted="2025-02-02"),
            claim("H2", "JP", nik=UNKNOWN_NIK, submitted="2025-02-02"),
            claim("H3", "JKP", nik=NIK_A, submitted="2025-02-02"),  # JKP not in the spell's programs
        ],
    )
    total = rows(con, "select sum(pending_count), sum(outside_coverage_count) from marts.claims_by_program")
    assert total == [(3, 0)]


def test_jkk_claim_outside_coverage_when_no_spell_with_that_programme_covers_the_event():
    con = build(
        "2025-06",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-03-31", programs=["JKK", "JKM"]),
            spell(NIK_B, X, "2025-01-01", "2025-12-31", programs=["JHT"]),
        ],
        claims=[
            claim("O1", "JKK", nik=NIK_A, event="2025-03-31", submitted="2025-04-01"),  # last day
            claim("O2", "JKK", nik=NIK_A, event="2025-04-01", submitted="2025-04-02"),  # a day late
            claim("O3", "JKK", nik=NIK_B, event="2025-02-01", submitted="2025-04-03"),  # no JKK
        ],
    )
    april = claim_rows(con, "JKK")[3]
    assert april[0] == "2025-04"
    assert (april[4], april[7]) == (3, 2)


def test_a_jkk_claim_after_a_death_is_outside_coverage():
    con = build(
        "2025-06",
        spells=[spell(NIK_A, X, "2025-01-01", "2025-12-31")],
        claims=[
            claim(
                "M1",
                "JKM",
                nik=NIK_A,
                event="2025-03-10",
                submitted="2025-03-12",
                paid="2025-04-01",
                amount=42_000_000,
            ),
            claim("J1", "JKK", nik=NIK_A, event="2025-03-20", submitted="2025-03-21"),
        ],
    )
    assert rows(
        con,
        "select program, sum(outside_coverage_count) from marts.claims_by_program "
        "group by program order by program",
    ) == [("JKK", 1), ("JKM", 0)]


def test_programmes_seen_in_a_regency_appear_every_month():
    con = build(
        "2025-03",
        spells=[spell(NIK_A, X, "2025-01-01", "2025-12-31")],
        claims=[
            claim("A1", "JKK", nik=NIK_A, event="2025-01-05", submitted="2025-01-06"),
            claim("A2", "JHT", nik=NIK_A, submitted="2025-03-06"),
        ],
    )
    got = rows(
        con,
        "select strftime(month, '%Y-%m'), program, pending_count from marts.claims_by_program order by all",
    )
    assert got == [
        ("2025-01", "JHT", 0),
        ("2025-01", "JKK", 1),
        ("2025-02", "JHT", 0),
        ("2025-02", "JKK", 0),
        ("2025-03", "JHT", 1),
        ("2025-03", "JKK", 0),
    ]
