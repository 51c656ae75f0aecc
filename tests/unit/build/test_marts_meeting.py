"""The meeting's marts, on spells worked out by hand (CONTRACT §3.3, §4, §5).

marts.quota_by_funding, marts.renewals_due, marts.cross_checks and
marts.coverage_by_sex_age. The gazetteer is that of tests/support/marts.py: regency 61.07
with district K (villages X, Y) and district 61.07.15 (village Z).
"""

from tests.support.marts import (
    DISTRICT_2,
    NIK_A,
    NIK_B,
    NIK_C,
    NIK_D,
    REGENCY,
    K,
    X,
    Y,
    Z,
    build,
    claim,
    rows,
    spell,
)

# --- marts.quota_by_funding -----------------------------------------------------------


def quota(con, month: str) -> list[tuple]:
    return rows(
        con,
        """select level, area_code, funding_source, target, active, attainment,
                               open_slots
                        from marts.quota_by_funding where month = ?::date
                        order by level, area_code, funding_source""",
        f"{month}-01",
    )


def test_village_quotas_roll_up_and_count_only_their_own_funding_source():
    con = build(
        "2025-03",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-12-31", funding="APBD_KAB"),
            spell(NIK_B, X, "2025-01-01", "2025-12-31", funding="MANDIRI"),  # not the quota's
            spell(NIK_C, Y, "2025-01-01", "2025-12-31", funding="APBD_KAB"),
            spell(NIK_D, Z, "2025-01-01", "2025-12-31", funding="APBD_KAB"),  # Z has no quota
        ],
        targets=[(X, 2025, 2, "APBD_KAB"), (Y, 2025, 1, "APBD_KAB")],
    )
    assert quota(con, "2025-03") == [
        # K: no quota of its own, the sum of X's and Y's; Z's worker counts in no quota row
        ("district", K, "APBD_KAB", 3, 2, 2 / 3, 1),
        ("regency", REGENCY, "APBD_KAB", 3, 3, 1.0, 0),  # the regency counts Z's worker too
        ("village", X, "APBD_KAB", 2, 1, 0.5, 1),
        ("village", Y, "APBD_KAB", 1, 1, 1.0, 0),
    ]


def test_a_quota_set_only_at_regency_level_has_no_village_or_district_rows():
    con = build(
        "2025-02",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-12-31", funding="DBH_SAWIT"),
            spell(NIK_B, Z, "2025-01-01", "2025-12-31", funding="DBH_SAWIT"),
        ],
        targets=[(REGENCY, 2025, 4600, "DBH_SAWIT")],
    )
    assert quota(con, "2025-02") == [("regency", REGENCY, "DBH_SAWIT", 4600, 2, 2 / 4600, 4598)]


def test_a_quota_holds_for_its_own_year_and_an_over_filled_one_has_no_open_slot():
    con = build(
        "2025-01",
        spells=[spell(NIK_A, X, "2024-12-01", "2025-12-31"), spell(NIK_B, X, "2024-12-01", "2025-12-31")],
        targets=[(X, 2025, 1, "APBD_KAB")],
    )
    assert quota(con, "2024-12") == []  # no 2024 quota
    assert quota(con, "2025-01")[-1] == ("village", X, "APBD_KAB", 1, 2, 2.0, 0)


def test_a_target_without_funding_source_stays_in_the_coverage_marts_a_quota_does_not():
    con = build(
        "2025-01",
        spells=[spell(NIK_A, X, "2025-01-01", "2025-12-31")],
        targets=[(X, 2025, 10), (Y, 2025, 5, "APBD_KAB")],
    )
    assert rows(
        con,
        """select village_code, target from marts.coverage_by_village
                        where village_code in (?, ?) order by 1""",
        X,
        Y,
    ) == [(X, 10), (Y, None)]


# --- marts.renewals_due -----------------------------------------------------------------


def due(con, month: str) -> list[tuple]:
    return rows(
        con,
        """select funding_source, strftime(due_month, '%Y-%m'), persons,
                               renewal_cost_idr
                        from marts.renewals_due where month = ?::date
                        order by due_month, funding_source""",
        f"{month}-01",
    )


def test_spells_that_follow_day_by_day_make_one_run_and_the_end_is_the_runs():
    con = build(
        "2025-07",
        spells=[
            # A: 2025-01-01..2025-06-30 then 2025-07-01..2025-12-31: one run to 31 December
            spell(NIK_A, X, "2025-01-01", "2025-06-30", funding="APBD_KAB", contribution=16800),
            spell(NIK_A, X, "2025-07-01", "2025-12-31", funding="MANDIRI", contribution=20000),
            # B: a day's gap after 31 May: the run containing 31 March ends 31 May
            spell(NIK_B, Y, "2025-01-01", "2025-05-31", funding="CSR", contribution=16800),
            spell(NIK_B, Y, "2025-06-02", "2025-12-31", funding="CSR", contribution=16800),
        ],
    )
    # in March A's attributed spell is the APBD one (its run ends in December), B's the
    # first CSR spell; the cost is 12 × the attributed spell's contribution
    assert due(con, "2025-03") == [("CSR", "2025-05", 1, 12 * 16800), ("APBD_KAB", "2025-12", 1, 12 * 16800)]
    # in July A is attributed to MANDIRI
    assert due(con, "2025-07") == [("CSR", "2025-12", 1, 12 * 16800), ("MANDIRI", "2025-12", 1, 12 * 20000)]


def test_a_death_cuts_the_run_and_a_run_ending_more_than_eleven_months_later_is_not_due():
    con = build(
        "2025-03",
        spells=[spell(NIK_A, X, "2025-01-01", "2025-12-31"), spell(NIK_B, X, "2025-01-01", "2026-06-30")],
        claims=[claim("M1", "JKM", nik=NIK_A, event="2025-04-10", submitted="2025-04-15")],
    )
    # A died on 10 April: the run ends then; B's run ends in June 2026, 15 months after
    # March: not due within the twelve months
    assert due(con, "2025-03") == [("APBD_KAB", "2025-04", 1, 12 * 16800)]
    # April 2026 (B's due month is 2 months later) would list B: January 2025 does not
    assert due(con, "2025-01") == [("APBD_KAB", "2025-04", 1, 12 * 16800)]


def test_a_spell_without_a_month_end_bridges_a_run_and_a_spell_after_the_death_is_not_in_it():
    con = build(
        "2025-05",
        spells=[
            # A: a five-day spell joins the two others day by day: one run to 31 August
            spell(NIK_A, X, "2025-01-01", "2025-03-15", funding="APBD_KAB", contribution=16800),
            spell(NIK_A, X, "2025-03-16", "2025-03-20", funding="CSR", contribution=10000),
            spell(NIK_A, X, "2025-03-21", "2025-08-31", funding="MANDIRI", contribution=20000),
            # B: a spell inside a longer one (attributed in February: the later start), a
            # death on 10 June, and a spell entered after it that covers nothing
            spell(NIK_B, Y, "2025-01-01", "2025-12-31", funding="APBD_KAB", contribution=16800),
            spell(NIK_B, Y, "2025-02-01", "2025-04-30", funding="CSR", contribution=30000),
            spell(NIK_B, Y, "2025-07-01", "2025-12-31", funding="MANDIRI", contribution=20000),
        ],
        claims=[claim("M1", "JKM", nik=NIK_B, event="2025-06-10", submitted="2025-06-15")],
    )
    assert due(con, "2025-02") == [("CSR", "2025-06", 1, 12 * 30000), ("APBD_KAB", "2025-08", 1, 12 * 16800)]
    # in May B is attributed to the long spell again, still due in June
    assert due(con, "2025-05") == [
        ("APBD_KAB", "2025-06", 1, 12 * 16800),
        ("MANDIRI", "2025-08", 1, 12 * 20000),
    ]


# --- marts.cross_checks -----------------------------------------------------------------


def checks(con) -> list[tuple]:
    return rows(
        con,
        """select strftime(month, '%Y-%m'), "check", persons,
                               contributions_after_death_idr
                        from marts.cross_checks where persons > 0 order by 1, 2""",
    )


def test_covered_after_death_counts_in_the_death_month_with_the_contributions_after_it():
    con = build(
        "2025-06",
        spells=[
            # A dies on 10 March; the spell runs to June and a new one starts in May
            spell(NIK_A, X, "2025-01-01", "2025-06-30", contribution=16800),
            spell(NIK_A, Y, "2025-05-01", "2025-12-31", contribution=10000),
            # B dies in March and his spell ends in March: nothing after the death month
            spell(NIK_B, X, "2025-01-01", "2025-03-31"),
        ],
        claims=[
            claim("M1", "JKM", nik=NIK_A, event="2025-03-10", paid="2025-04-01", amount=42_000_000),
            claim("M2", "JKM", nik=NIK_B, event="2025-03-20", status="PROSES"),
        ],
    )
    # A: month-ends April-June of the first spell (3 × 16,800) and May-December of the
    # second (8 × 10,000)
    assert checks(con) == [("2025-03", "covered_after_death", 1, 3 * 16800 + 8 * 10000)]


def test_a_rejected_death_claim_records_no_death():
    con = build(
        "2025-04",
        spells=[spell(NIK_A, X, "2025-01-01", "2025-12-31")],
        claims=[claim("M1", "JKM", nik=NIK_A, event="2025-03-10", status="DITOLAK")],
    )
    assert checks(con) == []


def test_two_public_sources_at_once_are_double_funding_only_in_the_months_they_overlap():
    con = build(
        "2025-04",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-12-31", funding="APBD_KAB"),
            spell(NIK_A, X, "2025-03-01", "2025-03-31", funding="DANA_DESA"),
            # public and private at once: not double public funding
            spell(NIK_B, X, "2025-01-01", "2025-12-31", funding="APBD_KAB"),
            spell(NIK_B, X, "2025-01-01", "2025-12-31", funding="CSR"),
        ],
    )
    assert checks(con) == [("2025-03", "double_public_funding", 1, None)]


def test_a_kpj_on_two_niks_flags_both_persons_in_the_months_they_are_active():
    con = build(
        "2025-02",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-01-31", no_kpj="25000000001"),
            spell(NIK_B, Y, "2025-01-01", "2025-02-28", no_kpj="25000000001"),
            spell(NIK_C, Y, "2025-01-01", "2025-02-28", no_kpj="25000000002"),
        ],
    )
    assert checks(con) == [("2025-01", "kpj_shared", 2, None), ("2025-02", "kpj_shared", 1, None)]


def test_every_check_appears_for_every_month_and_regency_with_zeros():
    con = build("2025-02", spells=[spell(NIK_A, X, "2025-01-01", "2025-12-31")])
    assert rows(
        con,
        """select strftime(month, '%Y-%m'), regency_code, "check", persons
                        from marts.cross_checks order by 1, 3""",
    ) == [
        (month, REGENCY, check, 0)
        for month in ("2025-01", "2025-02")
        for check in ("covered_after_death", "double_public_funding", "kpj_shared")
    ]


# --- marts.coverage_by_sex_age ----------------------------------------------------------


def sex_age(con, month: str) -> list[tuple]:
    return rows(
        con,
        """select sex, age_band, active from marts.coverage_by_sex_age
                        where month = ?::date and active > 0 order by 1, 2""",
        f"{month}-01",
    )


def test_sex_and_age_come_from_the_columns_when_given():
    con = build(
        "2025-09",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-12-31", gender="P", birth="2000-09-30"),
            spell(NIK_B, X, "2025-01-01", "2025-12-31", gender="L", birth="2000-10-01"),
        ],
    )
    # on 30 September 2025 A has just turned 25; B is 24 until 1 October
    assert sex_age(con, "2025-09") == [("L", "<25", 1), ("P", "25-39", 1)]


def test_sex_and_age_from_the_nik_when_the_columns_are_empty_a_womans_day_and_the_century():
    con = build(
        "2025-09",
        spells=[
            # 61 07 14, born 12-03-56: a man of 69
            spell("6107141203560001", X, "2025-01-01", "2025-12-31"),
            # day 52 = 12 + 40: a woman born 12-03-1956
            spell("6107145203560002", X, "2025-01-01", "2025-12-31"),
            # year 05 is 2005 (not after 2025): 20 years old
            spell("6107140101050003", X, "2025-01-01", "2025-12-31"),
            # year 30 would be 2030, after 2025: 1930, so 95
            spell("6107140101300004", X, "2025-01-01", "2025-12-31"),
        ],
    )
    assert sex_age(con, "2025-09") == [("L", "55+", 2), ("L", "<25", 1), ("P", "55+", 1)]


def test_a_birthday_inside_an_active_range_moves_the_person_to_the_next_band():
    con = build(
        "2025-12",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-12-31", gender="L", birth="1985-06-15"),
        ],
    )
    assert sex_age(con, "2025-05") == [("L", "25-39", 1)]
    assert sex_age(con, "2025-06") == [("L", "40-54", 1)]  # 40 on 15 June
    assert rows(con, """select count(distinct month) from marts.coverage_by_sex_age""") == [(12,)]


def test_sex_and_age_add_up_to_the_regency_active_every_month():
    con = build(
        "2025-03",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-02-28", gender="P", birth="1990-02-15"),
            spell(NIK_B, Z, "2025-02-01", "2025-12-31"),
        ],
    )
    assert rows(
        con,
        """select strftime(month, '%Y-%m'), sum(active)
                        from marts.coverage_by_sex_age group by 1 order by 1""",
    ) == rows(
        con,
        """select strftime(month, '%Y-%m'), active from marts.coverage_by_area
                where level = 'regency' and area_code = ? order by 1""",
        REGENCY,
    )
    assert DISTRICT_2  # Z lies in the other district of the same regency
