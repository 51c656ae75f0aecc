"""Coverage marts on hand-built spells: the worked examples of CONTRACT §4 and the edges.

Each test builds its own tiny staging tables (see tests/support/marts.py) and compares the
marts with numbers worked out by hand in the test. Months are written 'YYYY-MM'.
"""

from tests.support.marts import (
    DISTRICT_2,
    NIK_A,
    NIK_B,
    NIK_C,
    NIK_D,
    NIK_E,
    NIK_F,
    OTHER_VILLAGE,
    REGENCY,
    K,
    X,
    Y,
    Z,
    build,
    claim,
    m,
    nonzero,
    rows,
    spell,
    village_series,
)


def months(first: str, last: str) -> list[str]:
    y, mo = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{mo:02d}" <= last:
        out.append(f"{y:04d}-{mo:02d}")
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def ones(first: str, last: str) -> dict[str, int]:
    return dict.fromkeys(months(first, last), 1)


def area_series(con, level: str, code: str, column: str) -> dict[str, int]:
    result = rows(
        con,
        f"select strftime(month, '%Y-%m'), {column} from marts.coverage_by_area "
        "where level = ? and area_code = ? order by month",
        level,
        code,
    )
    return dict(result)


def funding_series(con, source: str, column: str = "active") -> dict[str, int]:
    result = rows(
        con,
        f"select strftime(month, '%Y-%m'), {column} from marts.coverage_by_funding "
        "where funding_source = ? order by month",
        source,
    )
    return dict(result)


# --- the worked examples of CONTRACT §4 ------------------------------------------------


def test_example_a_moves_to_another_village_and_funding_neither_new_nor_lapsed():
    con = build(
        "2026-03",
        spells=[
            spell(NIK_A, X, "2024-10-01", "2025-09-30", funding="APBD_KAB"),
            spell(NIK_A, Y, "2025-03-01", "2026-02-28", funding="MANDIRI"),
        ],
    )
    # active every month Oct 2024 - Feb 2026: in X through Feb 2025, in Y from Mar 2025
    assert nonzero(village_series(con, X, "active")) == ones("2024-10", "2025-02")
    assert nonzero(village_series(con, Y, "active")) == ones("2025-03", "2026-02")
    assert nonzero(funding_series(con, "APBD_KAB")) == ones("2024-10", "2025-02")
    assert nonzero(funding_series(con, "MANDIRI")) == ones("2025-03", "2026-02")
    # in March X loses one and Y gains one, but A is neither new nor lapsed there
    assert nonzero(village_series(con, X, "new")) == {"2024-10": 1}
    assert nonzero(village_series(con, X, "lapsed")) == {}
    assert nonzero(village_series(con, Y, "new")) == {}
    # the coverage really ends after Feb 2026: lapsed in Mar 2026, counted in Y
    assert nonzero(village_series(con, Y, "lapsed")) == {"2026-03": 1}
    # ending soon: active in M and not covered on the last day of M+3 (Mar 2026 onward)
    assert nonzero(village_series(con, Y, "ending_soon")) == ones("2025-12", "2026-02")
    assert nonzero(area_series(con, "district", K, "active")) == ones("2024-10", "2026-02")


def test_funding_flows_follow_the_attributed_spell_like_the_villages():
    # A moves from APBD_KAB to MANDIRI (neither new nor lapsed); B is new on DANA_DESA in
    # Feb and lapses in May, counted under DANA_DESA; C's MANDIRI spell ends in Jun.
    con = build(
        "2025-06",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-02-28", funding="APBD_KAB"),
            spell(NIK_A, X, "2025-03-01", "2025-12-31", funding="MANDIRI"),
            spell(NIK_B, Y, "2025-02-01", "2025-04-30", funding="DANA_DESA"),
            spell(NIK_C, Y, "2025-01-01", "2025-06-30", funding="MANDIRI"),
        ],
    )
    assert nonzero(funding_series(con, "APBD_KAB", "new")) == {"2025-01": 1}
    assert nonzero(funding_series(con, "APBD_KAB", "lapsed")) == {}
    assert nonzero(funding_series(con, "MANDIRI", "new")) == {"2025-01": 1}  # C only
    assert nonzero(funding_series(con, "DANA_DESA", "new")) == {"2025-02": 1}
    assert nonzero(funding_series(con, "DANA_DESA", "lapsed")) == {"2025-05": 1}
    # ending soon: B in Feb-Apr (uncovered at the end of May-Jul), C in Apr-Jun
    assert nonzero(funding_series(con, "DANA_DESA", "ending_soon")) == ones("2025-02", "2025-04")
    assert nonzero(funding_series(con, "MANDIRI", "ending_soon")) == ones("2025-04", "2025-06")
    # per month, the funding sources add up to the villages, measure by measure
    for measure in ("new", "lapsed", "ending_soon"):
        assert rows(
            con,
            f"select strftime(month, '%Y-%m'), sum({measure}) from marts.coverage_by_funding "
            "group by all order by 1",
        ) == rows(
            con,
            f"select strftime(month, '%Y-%m'), sum({measure}) from marts.coverage_by_village "
            "group by all order by 1",
        )


def test_example_b_mid_month_start_and_end():
    con = build("2025-04", spells=[spell(NIK_B, X, "2025-01-15", "2025-03-14")])
    assert village_series(con, X, "active") == {"2025-01": 1, "2025-02": 1, "2025-03": 0, "2025-04": 0}
    assert nonzero(village_series(con, X, "new")) == {"2025-01": 1}  # Jan 31 covered
    assert nonzero(village_series(con, X, "lapsed")) == {"2025-03": 1}  # counted in X
    assert nonzero(village_series(con, X, "ending_soon")) == {"2025-01": 1, "2025-02": 1}


def test_example_c_one_month_only():
    con = build("2025-04", spells=[spell(NIK_C, X, "2025-02-01", "2025-02-28")])
    assert nonzero(village_series(con, X, "active")) == {"2025-02": 1}
    assert nonzero(village_series(con, X, "new")) == {"2025-02": 1}
    assert nonzero(village_series(con, X, "lapsed")) == {"2025-03": 1}
    assert nonzero(village_series(con, X, "ending_soon")) == {"2025-02": 1}


def test_example_d_three_months_paid_ends_on_march_31():
    # lama_iuran_bulan 3 from 2025-01-01: ingestion gives end_date 2025-03-31
    con = build("2025-05", spells=[spell(NIK_D, X, "2025-01-01", "2025-03-31")])
    assert nonzero(village_series(con, X, "active")) == ones("2025-01", "2025-03")
    assert nonzero(village_series(con, X, "lapsed")) == {"2025-04": 1}
    # Jan: Apr 30 is not covered, so every active month is an ending-soon month
    assert nonzero(village_series(con, X, "ending_soon")) == ones("2025-01", "2025-03")


def test_example_e_death_ends_coverage_and_the_claim_is_inside():
    con = build(
        "2025-06",
        spells=[spell(NIK_E, X, "2024-10-01", "2025-09-30")],
        claims=[
            claim(
                "KLM-E",
                "JKM",
                nik=NIK_E,
                event="2025-02-10",
                submitted="2025-02-20",
                paid="2025-03-05",
                amount=42_000_000,
            )
        ],
    )
    # active Oct 2024 - Jan 2025; Feb 28 lies after the death: lapsed in Feb
    assert nonzero(village_series(con, X, "active")) == ones("2024-10", "2025-01")
    assert nonzero(village_series(con, X, "lapsed")) == {"2025-02": 1}
    # Nov: Feb 28 no longer covered, so ending soon from Nov
    assert nonzero(village_series(con, X, "ending_soon")) == ones("2024-11", "2025-01")
    claims = rows(
        con,
        "select strftime(month, '%Y-%m'), paid_count, paid_amount_idr, outside_coverage_count "
        "from marts.claims_by_program where paid_count > 0",
    )
    assert claims == [("2025-03", 1, 42_000_000, 0)]  # the death day itself stays covered


def test_example_f_two_spells_one_worker_later_ending_attributed():
    con = build(
        "2025-08",
        spells=[
            spell(NIK_F, X, "2025-01-01", "2025-12-31", funding="APBD_KAB", contribution=20000),
            spell(NIK_F, X, "2025-01-01", "2025-06-30", funding="DANA_DESA", contribution=16800),
        ],
    )
    assert village_series(con, X, "active") == ones("2025-01", "2025-08")
    assert nonzero(village_series(con, X, "new")) == {"2025-01": 1}
    assert nonzero(village_series(con, X, "lapsed")) == {}
    assert nonzero(funding_series(con, "APBD_KAB")) == ones("2025-01", "2025-08")
    assert nonzero(funding_series(con, "DANA_DESA")) == {}
    assert set(funding_series(con, "APBD_KAB", "contributions_idr").values()) == {20000}


# --- edges ---------------------------------------------------------------------------


def test_spell_starting_mid_month_counts_from_that_month_end():
    con = build(
        "2025-03",
        spells=[
            spell(NIK_A, X, "2025-01-15", "2025-06-30"),
            spell(NIK_B, Y, "2025-01-05", "2025-01-20"),  # covers no month end: never active
            spell(NIK_C, Z, "2025-01-31", "2025-02-01"),  # covers Jan 31 only
        ],
    )
    assert village_series(con, X, "active") == {"2025-01": 1, "2025-02": 1, "2025-03": 1}
    assert village_series(con, X, "new") == {"2025-01": 1, "2025-02": 0, "2025-03": 0}
    assert nonzero(village_series(con, Y, "active")) == {}
    assert nonzero(village_series(con, Y, "new")) == {}
    assert nonzero(village_series(con, Z, "active")) == {"2025-01": 1}
    assert nonzero(village_series(con, Z, "lapsed")) == {"2025-02": 1}


def test_spell_ending_on_a_month_end_covers_that_month():
    con = build(
        "2025-04",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-03-31"),  # covers Mar 31
            spell(NIK_B, Y, "2025-01-01", "2025-03-30"),  # one day short of it
        ],
    )
    assert nonzero(village_series(con, X, "active")) == ones("2025-01", "2025-03")
    assert nonzero(village_series(con, X, "lapsed")) == {"2025-04": 1}
    assert nonzero(village_series(con, Y, "active")) == ones("2025-01", "2025-02")
    assert nonzero(village_series(con, Y, "lapsed")) == {"2025-03": 1}


def test_overlapping_spells_with_ties_are_counted_once_and_attributed_by_order():
    con = build(
        "2025-06",
        spells=[
            # same dates in two files: the later file name wins
            spell(NIK_A, X, "2025-01-01", "2025-12-31", funding="DANA_DESA", path="enrolment/b.csv"),
            spell(NIK_A, X, "2025-01-01", "2025-12-31", funding="APBD_KAB", path="enrolment/a.csv"),
            # same dates in one file: the later row wins
            spell(NIK_B, X, "2025-01-01", "2025-12-31", funding="BAZNAS", path="enrolment/c.csv", row=9),
            spell(NIK_B, X, "2025-01-01", "2025-12-31", funding="CSR", path="enrolment/c.csv", row=5),
            # a later start wins over a later end, while it covers the month end
            spell(NIK_C, Y, "2025-01-01", "2025-12-31", funding="APBD_PROV"),
            spell(NIK_C, Y, "2025-02-10", "2025-04-30", funding="MANDIRI"),
        ],
    )
    assert village_series(con, X, "active") == dict.fromkeys(months("2025-01", "2025-06"), 2)
    assert village_series(con, Y, "active") == ones("2025-01", "2025-06")
    assert nonzero(funding_series(con, "DANA_DESA")) == ones("2025-01", "2025-06")
    assert nonzero(funding_series(con, "APBD_KAB")) == {}
    assert nonzero(funding_series(con, "BAZNAS")) == ones("2025-01", "2025-06")
    assert nonzero(funding_series(con, "CSR")) == {}
    assert nonzero(funding_series(con, "MANDIRI")) == ones("2025-02", "2025-04")
    assert nonzero(funding_series(con, "APBD_PROV")) == {"2025-01": 1, "2025-05": 1, "2025-06": 1}
    # nobody is new after January, nobody lapses
    assert rows(con, "select sum(new), sum(lapsed) from marts.coverage_by_village") == [(3, 0)]


def test_worker_moving_village_is_neither_new_nor_lapsed():
    con = build(
        "2025-06",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-03-31"),
            spell(NIK_A, Y, "2025-04-01", "2025-12-31"),
        ],
    )
    x_active, y_active = village_series(con, X, "active"), village_series(con, Y, "active")
    assert (x_active["2025-03"], x_active["2025-04"]) == (1, 0)  # X -1
    assert (y_active["2025-03"], y_active["2025-04"]) == (0, 1)  # Y +1
    assert nonzero(village_series(con, X, "lapsed")) == {}
    assert nonzero(village_series(con, Y, "new")) == {}
    assert nonzero(village_series(con, X, "new")) == {"2025-01": 1}
    assert area_series(con, "district", K, "active") == ones("2025-01", "2025-06")


def test_ending_soon_looks_exactly_three_months_ahead_across_gaps():
    con = build(
        "2025-06",
        spells=[
            # covered in Jan and Mar only: Apr and Jun are not covered
            spell(NIK_A, X, "2025-01-01", "2025-01-31"),
            spell(NIK_A, X, "2025-03-01", "2025-03-31"),
            # covered in Jan and from Apr: Jan + 3 = Apr is covered again
            spell(NIK_B, Y, "2025-01-01", "2025-01-31"),
            spell(NIK_B, Y, "2025-04-01", "2025-12-31"),
        ],
    )
    assert nonzero(village_series(con, X, "ending_soon")) == {"2025-01": 1, "2025-03": 1}
    assert nonzero(village_series(con, X, "new")) == {"2025-01": 1, "2025-03": 1}
    assert nonzero(village_series(con, X, "lapsed")) == {"2025-02": 1, "2025-04": 1}
    assert nonzero(village_series(con, Y, "ending_soon")) == {}
    assert nonzero(village_series(con, Y, "new")) == {"2025-01": 1, "2025-04": 1}
    assert nonzero(village_series(con, Y, "lapsed")) == {"2025-02": 1}


def test_every_village_of_a_regency_with_data_appears_every_month_with_zeros():
    con = build("2025-03", spells=[spell(NIK_A, X, "2025-02-10", "2025-12-31")])
    got = rows(
        con,
        "select village_code, strftime(month, '%Y-%m'), active, new, lapsed, ending_soon "
        "from marts.coverage_by_village order by village_code, month",
    )
    # months from that of the earliest start (Feb) to the reporting month (Mar);
    # the other regency (61.08) has no data and is left out
    assert got == [
        (X, "2025-02", 1, 1, 0, 0),
        (X, "2025-03", 1, 0, 0, 0),
        (Y, "2025-02", 0, 0, 0, 0),
        (Y, "2025-03", 0, 0, 0, 0),
        (Z, "2025-02", 0, 0, 0, 0),
        (Z, "2025-03", 0, 0, 0, 0),
    ]
    assert OTHER_VILLAGE not in {r[0] for r in got}
    names = rows(
        con,
        "select distinct village_name, district_code, district_name, regency_code "
        "from marts.coverage_by_village where village_code = ?",
        Z,
    )
    assert names == [("Z", DISTRICT_2, "DUA", REGENCY)]


def test_area_levels_sum_the_villages():
    con = build(
        "2025-02",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-12-31"),
            spell(NIK_B, Y, "2025-01-01", "2025-01-31"),
            spell(NIK_C, Z, "2025-02-01", "2025-12-31"),
        ],
    )
    got = rows(
        con,
        "select strftime(month, '%Y-%m'), level, area_code, area_name, active, new, lapsed, "
        "ending_soon from marts.coverage_by_area order by all",
    )
    assert got == [
        ("2025-01", "district", K, "K", 2, 2, 0, 1),
        ("2025-01", "district", DISTRICT_2, "DUA", 0, 0, 0, 0),
        ("2025-01", "province", "61", "KALIMANTAN BARAT", 2, 2, 0, 1),
        ("2025-01", "regency", REGENCY, "BENGKAYANG", 2, 2, 0, 1),
        ("2025-02", "district", K, "K", 1, 0, 1, 0),
        ("2025-02", "district", DISTRICT_2, "DUA", 1, 1, 0, 0),
        ("2025-02", "province", "61", "KALIMANTAN BARAT", 2, 1, 1, 0),
        ("2025-02", "regency", REGENCY, "BENGKAYANG", 2, 1, 1, 0),
    ]


def test_month_column_is_a_date_on_the_first_of_the_month():
    con = build("2025-02", spells=[spell(NIK_A, X, "2025-01-15", "2025-12-31")])
    assert rows(con, "select distinct month from marts.coverage_by_village order by 1") == [
        (m("2025-01"),),
        (m("2025-02"),),
    ]
    assert rows(con, "select distinct typeof(month) from marts.coverage_by_area") == [("DATE",)]


def test_rejected_jkm_claim_does_not_end_coverage_but_a_pending_one_does():
    con = build(
        "2025-04",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-12-31"),
            spell(NIK_B, Y, "2025-01-01", "2025-12-31"),
        ],
        claims=[
            claim("R1", "JKM", nik=NIK_A, event="2025-02-10", submitted="2025-02-11", status="DITOLAK"),
            claim("P1", "JKM", nik=NIK_B, event="2025-02-10", submitted="2025-02-11", status="PROSES"),
        ],
    )
    assert nonzero(village_series(con, X, "active")) == ones("2025-01", "2025-04")
    assert nonzero(village_series(con, Y, "active")) == {"2025-01": 1}
    assert nonzero(village_series(con, Y, "lapsed")) == {"2025-02": 1}
