"""Pure value parsers of ``pipeline.ingest.parse`` against the forms CONTRACT §2 and §3.5 list."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest import identifiers, parse
from pipeline.ingest.row_checks import add_months_minus_day

# --- dates (CONTRACT §2) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-01 00:00:00", dt.date(2025, 3, 1)),  # an Excel date cell read as text
        ("45717", dt.date(2025, 3, 1)),  # Excel serial: 1899-12-30 + 45717 days
        ("45717.0", dt.date(2025, 3, 1)),  # the same serial printed as a float
        ("01/03/2025", dt.date(2025, 3, 1)),  # dd/mm/yyyy: day first
        ("1/3/2025", dt.date(2025, 3, 1)),
        ("01-03-2025", dt.date(2025, 3, 1)),  # dd-mm-yyyy
        ("2025-03-01", dt.date(2025, 3, 1)),  # yyyy-mm-dd
        ("18 September 2025", dt.date(2025, 9, 18)),
        ("18 Sept 2025", dt.date(2025, 9, 18)),
        ("5 Agustus 2025", dt.date(2025, 8, 5)),
        ("1 Mei 2024", dt.date(2024, 5, 1)),
        ("1 MEI 2024", dt.date(2024, 5, 1)),
        ("  12/08/2025 ", dt.date(2025, 8, 12)),
    ],
)
def test_parse_date_accepts_every_contract_form(text, expected):
    assert parse.parse_date(text) == expected


def test_excel_serial_counts_days_from_1899_12_30():
    # 2025-01-01 is serial 45658 (45717 - 59: January 31 + February 28 days earlier).
    assert parse.parse_date("45658") == dt.date(2025, 1, 1)
    assert parse.parse_date("45717") - parse.parse_date("45658") == dt.timedelta(days=59)


@pytest.mark.parametrize(
    "text",
    ["31/02/2025", "29/02/2025", "besok", "", "32/01/2025", "01/13/2025", "2025-02-30", "18 Foo 2025", None],
)
def test_parse_date_rejects_what_is_not_a_date(text):
    assert parse.parse_date(text) is None


def test_day_first_is_not_month_first():
    # 03/01/2025 is the 3rd of January, never March 1st.
    assert parse.parse_date("03/01/2025") == dt.date(2025, 1, 3)


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)))
def test_any_date_written_dd_mm_yyyy_parses_back(day):
    assert parse.parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse.parse_date(day.strftime("%d-%m-%Y")) == day
    assert parse.parse_date(day.isoformat()) == day


_BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)))
def test_any_date_with_an_indonesian_month_name_parses_back(day):
    assert parse.parse_date(f"{day.day} {_BULAN[day.month - 1]} {day.year}") == day


@given(st.dates(min_value=dt.date(1927, 5, 18), max_value=dt.date(2100, 12, 31)))
def test_any_excel_serial_parses_back(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse.parse_date(str(serial)) == day


@pytest.mark.parametrize("year", ["2024", "2025", "1999"])
def test_a_bare_year_is_not_read_as_an_excel_serial(year):
    # 2025 as serial would be 1905-07-17 and stretch the marts back a century.
    assert parse.parse_date(year) is None


# --- amounts (CONTRACT §2) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp16.800", 16_800),
        ("Rp 42.000.000,00", 42_000_000),
        ("16.800", 16_800),  # a dot before three digits is a thousands separator
        ("16800", 16_800),
        ("16800.0", 16_800),  # a number cell printed as a float
        ("Rp. 1.500.000", 1_500_000),
        ("IDR 36.800", 36_800),
    ],
)
def test_parse_amount_reads_indonesian_notation(text, expected):
    assert parse.parse_amount(text) == expected


@pytest.mark.parametrize("text", ["Rp abc", "abc", "", "-16800", None])
def test_parse_amount_rejects_non_amounts(text):
    assert parse.parse_amount(text) is None


def test_parse_amount_reads_the_comma_dash_ending():
    assert parse.parse_amount("Rp 16.800,-") == 16_800


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["", "Rp", "Rp ", "Rp. "]), st.booleans())
def test_any_amount_in_indonesian_notation_parses_back(amount, prefix, cents):
    text = prefix + f"{amount:,}".replace(",", ".") + (",00" if cents else "")
    assert parse.parse_amount(text) == amount


def test_parse_count_takes_whole_numbers_only():
    assert parse.parse_count("3") == 3
    assert parse.parse_count("12.0") == 12
    assert parse.parse_count("12500") == 12_500
    assert parse.parse_count("3.5") is None
    assert parse.parse_count("tiga") is None


def test_parse_count_reads_indonesian_thousands():
    assert parse.parse_count("12.500") == 12_500
    assert parse.parse_count("1.000") == 1_000


# --- NIK and KPJ (CONTRACT §2) -------------------------------------------------------

NIK = "6107141203560001"


def nik_problem(text):
    """The reason code of one NIK cell, or None when it is usable."""
    problem = identifiers.nik_problems(pd.Series([text], dtype="string")).iloc[0]
    return None if pd.isna(problem) else problem


@pytest.mark.parametrize(
    "text",
    [
        NIK,
        f"'{NIK}",
        f" '{NIK} ",
        "6107 1412 0356 0001",
        "6107.1412.0356.0001",
        "610714.120356.0001",
        f"{NIK}.0",
        f"\u2019{NIK}",
    ],
)
def test_nik_written_any_accepted_way_cleans_to_16_digits(text):
    assert identifiers.normalise_identifier(text) == NIK
    assert nik_problem(text) is None


@pytest.mark.parametrize("text", ["6.10714E+15", "6,10714E+15", "6.107141E15", "'6.10714E+15"])
def test_nik_in_scientific_notation_lost_precision(text):
    assert nik_problem(text) == "nik_precision_lost"


@pytest.mark.parametrize("text", ["610714120356000", "61071412035600011", "6107A41203560001", "Ani Lestari"])
def test_nik_that_is_not_16_digits_is_invalid(text):
    assert nik_problem(text) == "invalid_nik"


@pytest.mark.parametrize("text", [None, "", "   ", "'"])
def test_empty_nik_is_missing(text):
    assert nik_problem(text) == "missing_required"


def test_nik_problems_is_column_wise():
    values = pd.Series([NIK, "6.10714E+15", "123", None, f"'{NIK}"], dtype="string")
    problems = identifiers.nik_problems(values)
    assert problems.isna().tolist() == [True, False, False, False, True]
    assert problems[1:4].tolist() == ["nik_precision_lost", "invalid_nik", "missing_required"]


def test_nik_problem_is_none_for_a_valid_nik():
    assert nik_problem(NIK) is None


def test_kpj_cleaned_like_a_nik():
    assert identifiers.normalise_identifier("'12 345.678-901") == "12345678901"


@st.composite
def _written_niks(draw):
    # A structurally valid NIK: province, regency and district, birth day (women +40),
    # birth month and year, and a serial that is not 0000.
    day = draw(st.integers(1, 31)) + draw(st.sampled_from([0, 40]))
    serial = draw(st.integers(1, 9999))
    digits = (
        f"{draw(st.sampled_from(sorted(identifiers.PROVINCE_CODES)))}"
        f"{draw(st.integers(1, 99)):02d}{draw(st.integers(1, 99)):02d}{day:02d}"
        f"{draw(st.integers(1, 12)):02d}{draw(st.integers(0, 99)):02d}{serial:04d}"
    )
    # Dots between the 6-6-4 (region, birth date, serial) or 4-4-4-4 groups; spaces anywhere.
    cuts = draw(st.sampled_from([(), (6, 12), (4, 8, 12)]))
    dot = draw(st.sampled_from([".", " ", ". ", "-"]))
    parts, last = [], 0
    for cut in (*cuts, 16):
        parts.append(digits[last:cut])
        last = cut
    text = dot.join(parts)
    spaced = "".join(c + (" " if draw(st.booleans()) and c.isdigit() else "") for c in text)
    prefix = draw(st.sampled_from(["", "'", " '", "\u2019"]))
    return digits, prefix + spaced + draw(st.sampled_from(["", " "]))


@given(_written_niks())
def test_any_16_digit_nik_with_separators_cleans_back(case):
    digits, text = case
    assert identifiers.normalise_identifier(text) == digits
    assert nik_problem(text) is None


# --- programmes, region codes, place names --------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JKK, JKM", ("JKK", "JKM")),
        ("JKM,JKK", ("JKK", "JKM")),  # canonical order
        ("JKK+JKM+JHT", ("JKK", "JKM", "JHT")),
        ("jkk dan jkm", ("JKK", "JKM")),
        ("JKK; JKM; JP; JKP", ("JKK", "JKM", "JP", "JKP")),
        ("JKK", ("JKK",)),
        ("JKK, XYZ", None),  # one unknown programme spoils the list
        ("", None),
    ],
)
def test_parse_programs(text, expected):
    assert parse.parse_programs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JKM", "JKM"),
        ("jkk", "JKK"),
        ("Jaminan Kematian", "JKM"),
        ("Klaim JHT", "JHT"),
        ("ABC", None),
        ("", None),
    ],
)
def test_parse_program(text, expected):
    assert parse.parse_program(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("61.07.14.2003", "61.07.14.2003"),
        ("6107142003", "61.07.14.2003"),
        ("'6107142003", "61.07.14.2003"),
        ("6107142003.0", "61.07.14.2003"),
        ("61.07.14", "61.07.14"),
        ("610714", "61.07.14"),
        ("6107", "61.07"),
        ("61", "61"),
        ("61071420", None),  # 8 digits is no level
        ("61.07.14.2003x", None),
        ("", None),
    ],
)
def test_parse_region_code_with_or_without_dots(text, expected):
    assert parse.parse_region_code(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Desa Sungai Duri", "sungaiduri"),
        ("Ds. Sungai Duri", "sungaiduri"),
        ("Ds Sungai Duri", "sungaiduri"),
        ("DS.SUNGAI DURI", "sungaiduri"),
        ("Kel. Bumi Emas", "bumiemas"),
        ("Kelurahan Bumi Emas", "bumiemas"),
        ("Kec. Sungai Raya", "sungairaya"),
        ("Saba'u", "sabau"),
        ("Desaku", "desaku"),  # a name merely starting with the letters of a prefix keeps them
    ],
)
def test_normalise_place_drops_prefixes_case_and_punctuation(text, expected):
    assert parse.normalise_place(text) == expected


def test_normalise_key_for_mapping_tables():
    assert parse.normalise_key("Buruh  Sawit") == parse.normalise_key("BURUH-SAWIT") == "buruhsawit"


# --- lama_iuran_bulan: the spell ends the day before the same day-of-month N months later


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (dt.date(2025, 1, 1), 3, dt.date(2025, 3, 31)),  # CONTRACT §4 worker D
        (dt.date(2025, 7, 1), 12, dt.date(2026, 6, 30)),
        (dt.date(2025, 1, 15), 2, dt.date(2025, 3, 14)),
        (dt.date(2025, 12, 15), 1, dt.date(2026, 1, 14)),  # across the year end
        (dt.date(2024, 11, 1), 2, dt.date(2024, 12, 31)),
        # No Feb 31: the spell ends on that month's last day (CONTRACT §3.5).
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2025, 3, 31), 1, dt.date(2025, 4, 30)),
    ],
)
def test_end_date_from_months_paid(start, months, end):
    assert add_months_minus_day(start, months) == end


# --- masking for the audit trail --------------------------------------------------------


def test_hide_middle_keeps_four_first_and_two_last_characters_of_personal_values():
    assert parse.hide_middle("6107141203560001", personal=True) == "6107**********01"
    assert parse.hide_middle("Sebastien", personal=True) == "Seba***en"
    assert parse.hide_middle("Ani", personal=True) == "***"
    assert parse.hide_middle("Rp abc", personal=False) == "Rp abc"
    assert parse.hide_middle(None, personal=True) is None


@pytest.mark.parametrize("text", ["01/03/2205", "1899-12-31", "2958465", "5 Mei 2101"])
def test_dates_outside_1900_to_2100_are_typing_errors(text):
    assert parse.parse_date(text) is None


def _nik_rule(digits: str | None) -> bool:
    """CONTRACT §2's NIK rule written out plainly, to check the one-regex version against."""
    if digits is None or len(digits) != 16 or not all(c in "0123456789" for c in digits):
        return False
    day, month = int(digits[6:8]), int(digits[8:10])
    return (
        digits[:2] in identifiers.PROVINCE_CODES
        and digits[2:4] != "00"
        and digits[4:6] != "00"
        and (1 <= day <= 31 or 41 <= day <= 71)
        and 1 <= month <= 12
        and digits[12:] != "0000"
    )


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(alphabet="0123456789", min_size=15, max_size=17),
            st.builds(
                lambda p, rest: p + rest,
                st.sampled_from([*sorted(identifiers.PROVINCE_CODES), "00", "99"]),
                st.text(alphabet="0123456789", min_size=14, max_size=14),
            ),
            st.text(alphabet="0123456789a٦\n ", min_size=16, max_size=16),
        ),
        max_size=30,
    )
)
def test_nik_structure_matches_the_rule_as_written(values):
    got = identifiers.nik_structure_ok(pd.Series(values, dtype="string[pyarrow]")).tolist()
    assert got == [_nik_rule(v) for v in values]
