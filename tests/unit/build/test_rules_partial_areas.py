"""CONTRACT §5: area rows carry regencies_with_data and regencies_total (the area's regencies in
the shipped national gazetteer); a row with fewer regencies with data than the area has is
partial, has no coverage_rate, and no report shows it as that area's figure."""

import datetime as dt

from pipeline.report.context import build_report
from pipeline.report.scope import ReportScope
from tests.support.rules import ENROLMENT, GAZETTEER, built, data_root, spell_row, write_csv

RUN_DAY = dt.date(2025, 6, 10)
# Kalimantan Timur has 10 regencies in the national gazetteer; this data root knows two
PASER = (("64.01", "KAB. PASER"), ("64.01.01", "Batu Sopang"), ("64.01.01.2001", "Kasungai"))
WORKFORCE = ["kode_wilayah", "tahun", "jumlah_pekerja"]


def _root(tmp_path):
    raw = data_root(tmp_path, (*GAZETTEER, *PASER))
    write_csv(
        raw / "enrolment" / "kaltim.csv",
        [
            ENROLMENT,
            spell_row(1, "64.09.02.2001"),
            spell_row(2, "64.09.02.2002"),
            spell_row(3, "64.01.01.2001"),
        ],
    )
    write_csv(
        raw / "reference" / "angkatan_kerja.csv",
        [WORKFORCE, ["64", "2025", "1900000"], ["64.09", "2025", "100"], ["64.01", "2025", "50"]],
    )
    return raw


def _area(con, code):
    return con.execute(
        "select level, active, workforce, coverage_rate, regencies_with_data, regencies_total "
        "from marts.coverage_by_area where area_code = ? and month = '2025-01-01'",
        [code],
    ).fetchone()


def test_a_province_with_two_of_its_ten_regencies_is_partial_and_has_no_coverage_rate(tmp_path):
    con = built(_root(tmp_path), RUN_DAY)
    assert _area(con, "64") == ("province", 3, 1_900_000, None, 2, 10)
    assert _area(con, "64.09") == ("regency", 2, 100, 0.02, 1, 1)
    assert _area(con, "64.09.02") == ("district", 2, None, None, 1, 1)
    assert _area(con, "64.01") == ("regency", 1, 50, 0.02, 1, 1)


def test_the_province_summary_says_it_holds_two_of_ten_regencies(tmp_path):
    con = built(_root(tmp_path), RUN_DAY)
    scope = ReportScope("province", "64", "KALIMANTAN TIMUR", ("64.01", "64.09"))
    content = build_report(con, scope, dt.date(2025, 1, 1))
    summary = content.context["summary"]
    text = " ".join(summary["sentences"])
    assert "baru ada untuk 2 dari 10 kabupaten/kota" in text
    assert "cakupan UCJ mencapai" not in text
    active = next(c for c in summary["cards"] if c["key"] == "active")
    assert active["unit"] == "orang — data 2 dari 10 kabupaten/kota"
    assert all(c["key"] != "coverage_rate" for c in summary["cards"])
    assert summary["figures"]["coverage_rate"] is None
    assert (summary["figures"]["regencies_with_data"], summary["figures"]["regencies_total"]) == (2, 10)
