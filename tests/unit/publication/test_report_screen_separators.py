"""Issue 21.4: a NIK or phone number split by any run of separators is masked; dates,
periods, amounts, codes and short ranges written beside them stay readable."""

import pytest

from pipeline.publication import screen

NUMBER, PHONE = screen.MASK_NUMBER, screen.MASK_PHONE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NIK 6107 - 0115 - 0580 - 0001", f"NIK {NUMBER}"),
        ("NIK 6107 . 0115 . 0580 . 0001", f"NIK {NUMBER}"),
        ("NIK 6107 / 0115 / 0580 / 0001", f"NIK {NUMBER}"),
        ("NIK ６１０７０１１５０５８０００１", f"NIK {NUMBER}"),  # full-width digits
        ("NIK ６１０７－０１１５－０５８０－０００１", f"NIK {NUMBER}"),  # full-width dashes
        ("NIK 6107\u00a00115\u00a00580\u00a00001", f"NIK {NUMBER}"),  # no-break spaces
        ("NIK 6107\u202f0115\u20090580\u30000001", f"NIK {NUMBER}"),  # narrow, thin, ideographic
        ("NIK 6107\u200b0115\u00ad0580\u20600001", f"NIK {NUMBER}"),  # invisible marks
        ("NIK 6107 \u2013 0115 \u2014 0580 \u2212 0001", f"NIK {NUMBER}"),  # en, em dash, minus
        ("NIK 6107-\u00a00115 .\u00a00580 _ 0001", f"NIK {NUMBER}"),  # mixed
        ("NIK 6107\n0115\n0580\n0001", f"NIK {NUMBER}"),  # one line in a PDF cell
        ("NIK 61 07 14 18 08 93 00 42", f"NIK {NUMBER}"),
        ("NIK 61.07 14.18 08.93 00.42", f"NIK {NUMBER}"),
        ("HP 0812 - 3456 - 7890", f"HP {PHONE}"),
        ("HP ０８１２ ３４５６ ７８９０", f"HP {PHONE}"),
        ("HP +62 - 812 - 3456 - 7890", f"HP {PHONE}"),
        # two dates out of order are a number cut to look like dates
        ("11-01-2001 - 05-08-1999", NUMBER),
    ],
)
def test_any_run_of_separators_joins_the_digits(text, expected):
    assert screen.redact(text) == expected
    assert screen.redact(expected) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rp 16.800",
        "iuran Rp 16.800 per bulan sejak 01-12-2025",
        "01-12-2025",
        "RPJMD 2025 - 2029",
        "periode 01-12-2025 - 31-12-2025 (2025 - 2029)",
        "2025-09-01 s/d 2025-12-31",
        "08-12-2025 - 31-12-2025",
        "Rp1.842.237.600,50",
        "61.07.14.2001, 61.07.14.2002",
        "Kode wilayah Kemendagri dengan titik (61, 61.07, 61.07.14).",
        "<25, 25-39, 40-54 atau 55+",
    ],
)
def test_dates_periods_amounts_and_codes_stay_readable(text):
    assert screen.redact(text) == text
