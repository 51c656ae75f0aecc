"""Issue 21.3 and 20.8: a report's file name is bounded and safe whatever the gazetteer
says; one rule for the decimals of every percentage; workbook sheet names within Excel's
31 characters by design."""

import re

import pytest

from pipeline import catalog
from pipeline.outputs import workbook
from pipeline.report.formatting import NBSP, Formatter
from pipeline.report.scope import SLUG_NAME_MAX, ReportScope


@pytest.mark.parametrize(
    "name",
    [
        "KAB. " + "PANJANG SEKALI " * 20,
        "A" * 300,
        '<img src="x" onerror="alert(1)">/../../etc/passwd',
        "../..",
        "/",
        "Kabupaten \u202eNAMA\u202c 😀 Ünïcode",
    ],
)
def test_a_report_file_name_is_short_and_safe_whatever_the_name(name):
    slug = ReportScope("regency", "64.09", name, ("64.09",)).slug
    code, _, rest = slug.partition("-")
    assert code == "64.09"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rest), slug
    assert len(rest) <= SLUG_NAME_MAX
    assert len(f"{slug}.pdf".encode()) < 255


def test_the_code_of_a_report_file_name_is_digits_and_dots_only():
    assert ReportScope("regency", "64.09/../x", "Kab. X", ("64.09",)).slug.startswith("64.09-")


def test_one_decimal_for_every_percentage():
    fmt = Formatter()
    assert fmt.percent(0.00998) == f"1,0{NBSP}%"  # was "1,00 %" beside "1,4 %"
    assert fmt.percent(0.014) == f"1,4{NBSP}%"
    assert fmt.percent(0.0014) == f"0,1{NBSP}%"
    assert fmt.percent(0.0004) == f"< 0,1{NBSP}%"
    assert fmt.percent(0) == f"0,0{NBSP}%"
    assert fmt.target(0.5215) == f"52,2{NBSP}%"


def test_every_workbook_sheet_has_a_declared_name_excel_accepts():
    undeclared = [
        t.qualified_name for t in catalog.MARTS_TABLES if t.qualified_name not in workbook.SHEET_NAMES
    ]
    assert not undeclared, (
        f"give these marts a sheet name in pipeline.outputs.workbook.SHEET_NAMES: {undeclared}"
    )
    names = [workbook.sheet_name(t) for t in catalog.MARTS_TABLES]
    assert all(len(n) <= 31 for n in names)
    assert len(set(names)) == len(names)
    assert not any(set(n) & set("[]:*?/\\") for n in names)
    assert workbook.sheet_name(catalog.COVERAGE_BY_SEX_AGE) == "Cakupan per kelamin dan umur"
