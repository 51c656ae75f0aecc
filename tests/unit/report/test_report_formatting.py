import datetime as dt
import math

from pipeline.report.context import Messages, ReportScope, display_area_name, slugify
from pipeline.report.formatting import NBSP, Formatter

fmt = Formatter("id_ID")


def test_numbers_amounts_rates_and_dates_use_indonesian_conventions():
    assert fmt.number(12200) == "12.200"
    assert fmt.idr(42_000_000) == "Rp42.000.000"
    assert fmt.percent(0.853) == f"85,3{NBSP}%"
    assert fmt.target(0.5215) == f"52,2{NBSP}%"  # one decimal for every percentage (issue 20.8)
    assert fmt.target(0.52) == f"52,0{NBSP}%"
    assert fmt.month(dt.date(2025, 9, 1)) == "September 2025"
    assert fmt.date(dt.date(2025, 9, 18)) == "18 September 2025"
    assert fmt.decimal(12.5) == "12,5"


def test_signs_points_and_missing_values():
    assert fmt.signed(120) == "+120"
    assert fmt.signed(-35) == "-35"
    assert fmt.signed(0) == "0"
    assert fmt.points(0.012) == "+1,2"
    assert fmt.points(-0.00004) == "0,0"
    for value in (None, math.nan):
        assert fmt.number(value) == "–"
        assert fmt.percent(value) == "–"
        assert fmt.idr(value) == "–"


def test_area_names_and_slugs():
    assert display_area_name("KAB. BENGKAYANG", "regency") == "Kabupaten Bengkayang"
    assert display_area_name("KOTA SINGKAWANG", "regency") == "Kota Singkawang"
    assert display_area_name("KALIMANTAN BARAT", "province") == "Provinsi Kalimantan Barat"
    scope = ReportScope("regency", "61.07", "KAB. BENGKAYANG", ("61.07",))
    assert scope.slug == "61.07-kabupaten-bengkayang"
    assert slugify("Désa <img src=x>") == "desa-img-src-x"


def test_catalogue_is_strict_and_complete_for_data_keys():
    t = Messages.load()
    assert t("doc.title").startswith("Laporan Monitoring dan Evaluasi")
    try:
        t("no.such.key")
    except KeyError:
        pass
    else:  # pragma: no cover
        raise AssertionError("a missing label must fail loudly")
    for code in (
        "APBD_KAB",
        "APBD_PROV",
        "DANA_DESA",
        "DBH_SAWIT",
        "CSR",
        "BAZNAS",
        "MANDIRI",
        "PEMBERI_KERJA",
        "LAINNYA",
    ):
        assert t(f"funding.{code}")
    for reason in (
        "missing_required",
        "invalid_nik",
        "nik_precision_lost",
        "unknown_village",
        "invalid_date",
        "end_before_start",
        "invalid_amount",
        "invalid_program",
        "duplicate_claim_id",
        "duplicate_row",
    ):
        assert t(f"reason.{reason}")
