"""The marts' SQL checks: silent on correct marts, and each one catches what it guards."""

import pytest

from pipeline.core.sql import select_failures
from pipeline.orchestration.assets.mart_checks import MART_CHECKS
from tests.support.marts import (
    NIK_A,
    NIK_B,
    NIK_C,
    NIK_D,
    NIK_E,
    NIK_F,
    REGENCY,
    X,
    Y,
    Z,
    build,
    claim,
    m,
    spell,
)

MONTH = "2025-06"
BLOCKING = {
    "coverage_by_village_measures_valid",
    "coverage_by_village_grid_complete",
    "coverage_by_village_counted_once",
    "coverage_by_village_flows_add_up",
    "coverage_by_area_measures_valid",
    "coverage_by_area_rollup",
    "coverage_by_sector_totals",
    "coverage_by_funding_totals",
    "claims_by_program_counts_valid",
    "quota_by_funding_rollup",
    "renewals_due_within_active",
    "coverage_by_sex_age_totals",
}
WARNINGS = {
    "cross_checks_found",
    "claims_outside_coverage",
    "claims_not_placed",
    "coverage_rate_above_one",
    "unmapped_occupations",
    "unmapped_funding",
}


@pytest.fixture
def con():
    """The worked examples A-F plus a few rows that trip each warning."""
    return build(
        MONTH,
        spells=[
            spell(NIK_A, X, "2024-10-01", "2025-09-30", funding="APBD_KAB"),
            spell(NIK_A, Y, "2025-03-01", "2026-02-28", funding="MANDIRI"),
            spell(NIK_B, X, "2025-01-15", "2025-03-14"),
            spell(NIK_C, X, "2025-02-01", "2025-02-28"),
            spell(NIK_D, X, "2025-01-01", "2025-03-31"),
            spell(NIK_E, X, "2024-10-01", "2025-09-30"),
            spell(NIK_F, X, "2025-01-01", "2025-12-31"),
            spell(NIK_F, X, "2025-01-01", "2025-06-30", funding="DANA_DESA"),
            spell("6107150101900007", Z, "2025-01-01", "2025-12-31", sector="LAINNYA", occupation="Youtuber"),
            {
                **spell("6107150101900008", Z, "2025-01-01", "2025-12-31", funding="LAINNYA"),
                "funding_text": "Kas RT",
            },
        ],
        claims=[
            claim(
                "E1",
                "JKM",
                nik=NIK_E,
                event="2025-02-10",
                submitted="2025-02-15",
                paid="2025-03-01",
                amount=42_000_000,
            ),
            claim("O1", "JKK", nik=NIK_C, event="2025-04-01", submitted="2025-04-02"),
            claim("N1", "JKK", no_kpj="UNKNOWN", event="2025-04-01", submitted="2025-04-02"),
        ],
        workforce=[(Z, 2025, 1)],
    )


def failures(con, name):
    return select_failures(con, name, {"month": m(MONTH)})


def test_every_check_has_its_sql_and_the_expected_severity():
    specs = [spec for check in MART_CHECKS for spec in check.check_specs]
    assert {s.name for s in specs} == BLOCKING | WARNINGS
    assert {s.name for s in specs if s.blocking} == BLOCKING


@pytest.mark.parametrize("name", sorted(BLOCKING))
def test_blocking_checks_pass_on_correct_marts(con, name):
    assert failures(con, name) == []


def test_warnings_report_what_the_analyst_should_see(con):
    assert failures(con, "claims_outside_coverage") == [(m("2025-04"), "61.07", "JKK", 1)]
    assert failures(con, "claims_not_placed") == [("N1", "JKK", m("2025-04"), "no_regency")]
    assert failures(con, "unmapped_occupations") == [("61.07", "Youtuber", 1)]
    assert failures(con, "unmapped_funding") == [("61.07", "Kas RT", 1)]
    # two active in Z against a workforce of 1, January to June 2025; Z is the only
    # village of district 61.07.15, which takes the same figure; the regency has none
    above = failures(con, "coverage_rate_above_one")
    assert {(r[1], r[2], r[6]) for r in above} == {("village", Z, 2.0), ("district", "61.07.15", 2.0)}
    assert len(above) == 12


def corrupt(con, statement):
    con.execute(statement)


def test_measures_valid_catches_more_new_than_active(con):
    corrupt(con, f"update marts.coverage_by_village set new = active + 1 where village_code = '{Y}'")
    assert len(failures(con, "coverage_by_village_measures_valid")) == 9  # Oct 2024 - Jun 2025


def test_grid_complete_catches_missing_and_duplicate_rows(con):
    corrupt(con, f"delete from marts.coverage_by_village where village_code = '{Y}' and month = '2025-01-01'")
    corrupt(
        con,
        "insert into marts.coverage_by_village select * from marts.coverage_by_village "
        f"where village_code = '{Z}' and month = '2025-02-01'",
    )
    got = failures(con, "coverage_by_village_grid_complete")
    assert [(r[0], r[1], r[2]) for r in got] == [(m("2025-01"), Y, 0), (m("2025-02"), Z, 2)]


def test_counted_once_catches_a_person_counted_in_two_villages(con):
    corrupt(
        con,
        "update marts.coverage_by_village set active = active + 1 "
        f"where village_code = '{Y}' and month = '2025-03-01'",
    )
    got = failures(con, "coverage_by_village_counted_once")
    # March: A (in Y), D, F and the two workers of Z are active; E died in February
    assert got == [(m("2025-03"), 5, 6)]


def test_area_rollup_catches_a_district_that_does_not_add_up(con):
    corrupt(
        con,
        "update marts.coverage_by_area set lapsed = lapsed + 1 "
        "where level = 'district' and month = '2025-02-01'",
    )
    got = failures(con, "coverage_by_area_rollup")
    # the two districts differ from their villages, the regency from its districts
    assert {(r[1], r[2]) for r in got} == {
        ("district", "61.07.14"),
        ("district", "61.07.15"),
        ("regency", "61.07"),
    }


def test_sector_totals_catch_a_person_in_two_sectors(con):
    corrupt(con, "update marts.coverage_by_sector set active = active + 1 where sector_code = 'LAINNYA'")
    assert len(failures(con, "coverage_by_sector_totals")) == 9


def test_funding_totals_catch_a_share_above_one(con):
    corrupt(
        con,
        "update marts.coverage_by_funding set share = 1.5 "
        "where funding_source = 'MANDIRI' and month = '2025-04-01'",
    )
    got = failures(con, "coverage_by_funding_totals")
    assert [(r[0], r[2]) for r in got] == [(m("2025-04"), "MANDIRI")]


def test_funding_totals_catch_a_renewal_counted_under_no_source(con):
    corrupt(
        con,
        "update marts.coverage_by_funding set ending_soon = 0 where month = '2025-03-01' and ending_soon > 0",
    )
    got = failures(con, "coverage_by_funding_totals")
    assert [(r[0], r[1], r[3]) for r in got] == [(m("2025-03"), REGENCY, "ending_soon")]


def test_claims_counts_catch_a_claim_counted_twice(con):
    corrupt(
        con,
        "update marts.claims_by_program set paid_count = paid_count + 1 "
        "where month = '2025-03-01' and program = 'JKM'",
    )
    got = failures(con, "claims_by_program_counts_valid")
    assert got == [(m("2025-03"), None, None, 2, 1)]


def test_counted_once_with_identical_spells_of_one_person():
    # exact ties in the window order once split one stretch in two (at scale, by chance)
    con = build(
        "2025-03",
        spells=[spell(NIK_A, X, "2025-01-01", "2025-12-31", path=f"enrolment/{c}.csv") for c in "abcd"],
    )
    assert select_failures(con, "coverage_by_village_counted_once", {"month": m("2025-03")}) == []
    assert con.execute("select sum(active) from marts.coverage_by_village").fetchone() == (3,)
