"""Workforce and target denominators: carry-forward, roll-up and the rates built on them.

Gazetteer (tests/support/marts.py): province 61 = regencies 61.07 and 61.08; regency 61.07 =
districts K (villages X, Y) and 61.07.15 (village Z); 61.08 = one district, one village.
"""

import pytest

from tests.support.marts import (
    DEFAULT_REGIONS,
    DISTRICT_2,
    NIK_A,
    NIK_B,
    NIK_C,
    OTHER_REGENCY,
    PROVINCE,
    REGENCY,
    K,
    X,
    Y,
    Z,
    build,
    region,
    rows,
    spell,
)

W = "61.07.14.2003"


def village_value(con, village: str, month: str, column: str):
    return rows(
        con,
        f"select {column} from marts.coverage_by_village "
        "where village_code = ? and strftime(month, '%Y-%m') = ?",
        village,
        month,
    )[0][0]


def area_value(con, code: str, month: str, column: str):
    return rows(
        con,
        f"select {column} from marts.coverage_by_area where area_code = ? and strftime(month, '%Y-%m') = ?",
        code,
        month,
    )[0][0]


# one participant in X from Dec 2024, so the marts run Dec 2024 - Feb 2025
ONE_IN_X = [spell(NIK_A, X, "2024-12-01", "2025-12-31")]


def test_workforce_example_x_500_y_400_gives_k_900():
    con = build("2025-02", spells=ONE_IN_X, workforce=[(X, 2025, 500), (Y, 2024, 400)])
    assert village_value(con, X, "2025-01", "workforce") == 500
    assert village_value(con, Y, "2025-01", "workforce") == 400  # latest earlier year's
    assert area_value(con, K, "2025-01", "workforce") == 900
    assert area_value(con, K, "2025-01", "coverage_rate") == pytest.approx(1 / 900)
    assert village_value(con, X, "2025-01", "coverage_rate") == pytest.approx(1 / 500)
    # in 2024 X has no figure yet, so K has none either
    assert village_value(con, X, "2024-12", "workforce") is None
    assert village_value(con, Y, "2024-12", "workforce") == 400
    assert area_value(con, K, "2024-12", "workforce") is None
    assert area_value(con, K, "2024-12", "coverage_rate") is None
    # district 61.07.15 has no figure at all: the regency and province have none
    assert area_value(con, REGENCY, "2025-01", "workforce") is None
    assert area_value(con, PROVINCE, "2025-01", "workforce") is None


def test_a_third_village_without_any_figure_leaves_k_without_one():
    regions = (*DEFAULT_REGIONS, region(W, "W"))
    con = build("2025-02", spells=ONE_IN_X, regions=regions, workforce=[(X, 2025, 500), (Y, 2024, 400)])
    assert village_value(con, W, "2025-01", "workforce") is None
    assert area_value(con, K, "2025-01", "workforce") is None
    assert area_value(con, K, "2025-01", "coverage_rate") is None


def test_workforce_rolls_up_every_level_when_every_child_has_a_figure():
    con = build(
        "2025-01",
        spells=ONE_IN_X,
        workforce=[(X, 2025, 500), (Y, 2025, 400), (Z, 2025, 100), (OTHER_REGENCY, 2023, 1000)],
    )
    assert area_value(con, K, "2025-01", "workforce") == 900
    assert area_value(con, DISTRICT_2, "2025-01", "workforce") == 100
    assert area_value(con, REGENCY, "2025-01", "workforce") == 1000
    # province 61 = 61.07 (derived) + 61.08 (its own 2023 figure, carried forward)
    assert area_value(con, PROVINCE, "2025-01", "workforce") == 2000
    assert area_value(con, PROVINCE, "2025-01", "coverage_rate") == pytest.approx(1 / 2000)


def test_an_areas_own_figure_wins_over_its_childrens_sum():
    con = build(
        "2025-01",
        spells=ONE_IN_X,
        workforce=[(X, 2025, 500), (Y, 2025, 400), (K, 2025, 850), (Z, 2025, 100)],
    )
    assert area_value(con, K, "2025-01", "workforce") == 850
    assert area_value(con, REGENCY, "2025-01", "workforce") == 950


def test_workforce_zero_gives_no_rate_rather_than_infinity():
    con = build("2025-01", spells=ONE_IN_X, workforce=[(X, 2025, 0)])
    assert village_value(con, X, "2025-01", "coverage_rate") is None


def test_a_target_set_only_below_is_the_sum_of_the_village_targets():
    con = build(
        "2025-01",
        spells=[
            spell(NIK_A, X, "2024-12-01", "2025-12-31"),
            spell(NIK_B, X, "2025-01-01", "2025-12-31"),
            spell(NIK_C, Y, "2025-01-01", "2025-12-31"),
        ],
        targets=[(X, 2025, 100), (Y, 2025, 100), (X, 2024, 50)],
    )
    assert village_value(con, X, "2025-01", "target") == 100
    assert village_value(con, X, "2025-01", "target_attainment") == pytest.approx(2 / 100)
    assert village_value(con, Z, "2025-01", "target") is None
    assert village_value(con, Z, "2025-01", "target_attainment") is None
    # K has no target of its own: the sum of the targets set below it
    assert area_value(con, K, "2025-01", "target") == 200
    assert area_value(con, K, "2025-01", "target_attainment") == pytest.approx(3 / 200)
    # district 61.07.15 has none set below it; the regency sums what is set (Z has none)
    assert area_value(con, DISTRICT_2, "2025-01", "target") is None
    assert area_value(con, REGENCY, "2025-01", "target") == 200
    assert area_value(con, PROVINCE, "2025-01", "target") == 200
    # a target holds for its own year only: X's 2024 target is not carried into 2025,
    # and 2024's K target is the 2024 village targets' sum
    assert village_value(con, X, "2024-12", "target") == 50
    assert area_value(con, K, "2024-12", "target") == 50
    assert village_value(con, Y, "2024-12", "target") is None


def test_an_areas_own_target_wins_and_attainment_may_exceed_one():
    con = build(
        "2025-01",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-12-31"),
            spell(NIK_B, X, "2025-01-01", "2025-12-31"),
        ],
        targets=[(X, 2025, 1), (K, 2025, 10)],
    )
    assert village_value(con, X, "2025-01", "target_attainment") == pytest.approx(2.0)
    assert area_value(con, K, "2025-01", "target") == 10
    assert area_value(con, REGENCY, "2025-01", "target") == 10


def test_regency_with_only_reference_figures_still_lists_its_villages():
    # 61.08 has no spell but a workforce figure: its village appears with zeros
    con = build("2025-01", spells=ONE_IN_X[:1], workforce=[(OTHER_REGENCY, 2025, 1000)])
    got = rows(
        con,
        "select village_code, active from marts.coverage_by_village where regency_code = ? order by month",
        OTHER_REGENCY,
    )
    assert got == [("61.08.01.2001", 0), ("61.08.01.2001", 0)]
    assert area_value(con, OTHER_REGENCY, "2025-01", "coverage_rate") == 0.0


def sector_rows(con, month: str):
    return rows(
        con,
        "select regency_code, sector_code, sector_name, active, workforce, coverage_rate "
        "from marts.coverage_by_sector where strftime(month, '%Y-%m') = ? order by sector_code",
        month,
    )


def test_sector_denominators_given_at_regency_level():
    con = build(
        "2025-02",
        spells=[
            spell(NIK_A, X, "2025-01-01", "2025-12-31", sector="A"),
            spell(NIK_B, Y, "2025-01-01", "2025-12-31", sector="G"),
            spell(NIK_C, Z, "2025-02-01", "2025-12-31", sector="LAINNYA", occupation="Youtuber"),
        ],
        workforce=[(REGENCY, 2024, 2000, "A"), (REGENCY, 2025, 5000)],
    )
    assert sector_rows(con, "2025-01") == [
        (REGENCY, "A", "Pertanian, Kehutanan dan Perikanan", 1, 2000, pytest.approx(1 / 2000)),
        (
            REGENCY,
            "G",
            "Perdagangan Besar dan Eceran; Reparasi dan Perawatan Mobil dan Sepeda Motor",
            1,
            None,
            None,
        ),
        (REGENCY, "LAINNYA", "Lainnya / tidak terpetakan", 0, None, None),
    ]
    assert [r[3] for r in sector_rows(con, "2025-02")] == [1, 1, 1]
    # the all-sector regency figure is the regency's workforce, not a sector's
    assert area_value(con, REGENCY, "2025-02", "workforce") == 5000


def test_sector_denominators_roll_up_from_districts_when_all_have_one():
    con = build(
        "2025-01",
        spells=[spell(NIK_A, X, "2025-01-01", "2025-12-31", sector="A")],
        workforce=[(K, 2025, 300, "A"), (DISTRICT_2, 2025, 200, "A"), (K, 2025, 70, "F")],
    )
    assert sector_rows(con, "2025-01") == [
        (REGENCY, "A", "Pertanian, Kehutanan dan Perikanan", 1, 500, pytest.approx(1 / 500)),
    ]
