"""The monthly report, rendered from the small synthetic database (tests/fixtures/report_db.py).

The fixture's village and occupation names include an HTML injection attempt; every
test here therefore also runs against hostile text.
"""

import datetime as dt
import hashlib
import io
import json
import re
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from pipeline.orchestration.assets.reports import MONTHLY_REPORT, REPORT_ASSETS
from pipeline.orchestration.resources import DuckDBResource, RunParams
from pipeline.report.context import Messages, build_report, list_scopes
from pipeline.report.formatting import Formatter
from pipeline.report.render import (
    RefusedURL,
    ReportURLFetcher,
    render_all,
    render_pdf,
)
from pipeline.settings import TEMPLATES_DIR
from tests.fixtures.report_db import HOSTILE, SMALL, FixtureSpec, build_report_db_file

MONTH = dt.date(2025, 9, 1)
SPEC = FixtureSpec(hostile_names=True)
fmt = Formatter()
t = Messages.load()


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(p.extract_text() for p in reader.pages).replace("\xa0", " ")


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return build_report_db_file(tmp_path_factory.mktemp("db") / "coverage.duckdb", SPEC)


@pytest.fixture(scope="module")
def con(db_path):
    connection = duckdb.connect(str(db_path), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def rendered(con, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    reports = render_all(con, MONTH, out)
    assert len(reports) == 1
    pdf = reports[0].path.read_bytes()
    return {"report": reports[0], "pdf": pdf, "text": _text(pdf), "dir": out}


def _f(value):
    return fmt.percent(value).replace("\xa0", " ")


def test_report_path_and_name(rendered):
    report = rendered["report"]
    assert report.path == rendered["dir"] / "2025-09" / "61.07-kabupaten-bengkayang.pdf"
    assert report.pages >= 10


def test_every_section_is_present_with_page_numbers(rendered):
    text = " ".join(rendered["text"].split())
    for key in (
        "doc.title",
        "toc.title",
        "summary.title",
        "ucj.title",
        "district.title",
        "village.title",
        "sector.title",
        "funding.title",
        "flows.title",
        "claims.title",
        "quality.title",
        "method.title",
        "prov.title",
    ):
        assert t(key) in text, key
    # no reference/arahan here: no directives section, and the contents do not list one
    # (nothing about a meeting is built into the code)
    assert t("directives.title") not in text
    pages = rendered["report"].pages
    assert f"Halaman 2 dari {pages}" in text
    assert f"Halaman {pages} dari {pages}" in text
    assert "Kabupaten Bengkayang" in text and "September 2025" in text


def test_summary_figures_equal_the_regency_mart_row(con, rendered):
    row = con.execute(
        "select active, workforce, coverage_rate, ending_soon from marts.coverage_by_area "
        "where level = 'regency' and area_code = '61.07' and month = $m",
        {"m": MONTH},
    ).fetchall()[0]
    active, workforce, rate, ending = row
    text = rendered["text"]
    sentence = (
        f"mencatat {fmt.number(active)} peserta aktif dari {fmt.number(workforce)} "
        f"pekerja, sehingga cakupan UCJ mencapai {_f(rate)}"
    )
    assert sentence in " ".join(text.split())
    # the card of participants ending within three months
    assert f"{t('summary.fig.ending_soon')} {fmt.number(ending)}" in " ".join(text.split())


def test_the_village_table_lists_the_exceptions_with_their_mart_values(con, rendered):
    """Villages without participants, below target or of lowest coverage are printed with
    their mart values and flags; the others only in the attachment villages.csv."""
    lines = rendered["text"].splitlines()
    villages = con.execute(
        "select village_code, village_name, active, workforce, coverage_rate, target, "
        "target_attainment, row_number() over (order by active = 0, coverage_rate nulls last, village_code) "
        "from marts.coverage_by_village where month = $m order by village_code",
        {"m": MONTH},
    ).fetchall()
    assert villages
    printed = 0
    for code, name, active, workforce, rate, target, attainment, order in villages:
        empty, below = active == 0, attainment is not None and attainment < 1
        lowest = active > 0 and rate is not None and order <= 10
        found = [i for i, li in enumerate(lines) if li.startswith(code + " ")]
        if not (empty or below or lowest):
            assert not found, code
            continue
        printed += 1
        # A long (here: hostile) name or the flags wrap inside their cells: the row's text
        # runs until the next row (a line starting with a code) or the table's end.
        end = next(
            (
                i
                for i in range(found[0] + 1, min(found[0] + 9, len(lines)))
                if re.match(r"\d\d\.\d\d\.", lines[i]) or not lines[i].strip()
            ),
            found[0] + 9,
        )
        line = " ".join(lines[found[0] : end]).split(" Keterangan:")[0]
        expected = " ".join(
            [
                fmt.number(active),
                fmt.number(workforce),
                _f(rate),
                fmt.number(target),
                _f(attainment),
                fmt.number(max(target - active, 0)),
            ]
        )
        assert expected in line, (line, expected)
        if HOSTILE not in name:
            assert name in line
        # a village without participants carries that flag alone
        for key, on in (("empty", empty), ("below", below and not empty), ("lowest", lowest)):
            assert (t(f"village.flag.{key}") in line) == on, (line, key)
    assert printed
    attachments = PdfReader(io.BytesIO(rendered["pdf"])).attachments
    attached = pd.read_csv(io.BytesIO(attachments["villages.csv"][0]), dtype=str)
    assert sorted(attached.village_code) == sorted(v[0] for v in villages)


def test_district_sector_funding_and_claims_tables_match_marts(con, rendered):
    flat = " ".join(rendered["text"].split())
    for code, name, active, rate in con.execute(
        "select area_code, area_name, active, coverage_rate from marts.coverage_by_area "
        "where level = 'district' and month = $m",
        {"m": MONTH},
    ).fetchall():
        # districts are ranked: rank, name, code, then the figures
        assert f"{name} {code} {fmt.number(active)}" in flat
        assert _f(rate) in flat
    for source, active, contributions in con.execute(
        "select funding_source, active, contributions_idr from marts.coverage_by_funding where month = $m",
        {"m": MONTH},
    ).fetchall():
        assert f"{t('funding.' + source)} {fmt.number(active)}" in flat
        assert fmt.idr(contributions) in flat
    for letter, active in con.execute(
        "select sector_code, active from marts.coverage_by_sector where month = $m", {"m": MONTH}
    ).fetchall():
        assert f"{t('kbli.' + letter)} {fmt.number(active)}" in flat
    for program, paid, amount in con.execute(
        "select program, paid_count, paid_amount_idr from marts.claims_by_program where month = $m",
        {"m": MONTH},
    ).fetchall():
        assert f"{fmt.number(paid)} {fmt.idr(amount)}" in flat, program


def test_two_renders_are_byte_identical(con, rendered, tmp_path):
    again = render_all(con, MONTH, tmp_path)[0].path.read_bytes()
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(rendered["pdf"]).hexdigest()


def test_attachments_equal_the_marts_and_the_manifest_lists_inputs(con, rendered):
    attachments = PdfReader(io.BytesIO(rendered["pdf"])).attachments
    assert {
        "villages.csv",
        "funding.csv",
        "sectors.csv",
        "claims.csv",
        "input_files.csv",
        "manifest.json",
    } <= set(attachments)
    villages = pd.read_csv(io.BytesIO(attachments["villages.csv"][0]), dtype={"regency_code": str})
    mart = con.execute(
        "select * from marts.coverage_by_village where month = $m order by district_code, village_code",
        {"m": MONTH},
    ).df()
    # the mart's columns, then the village's quotas and flags
    assert list(villages.columns)[: len(mart.columns)] == list(mart.columns)
    assert villages.village_code.tolist() == mart.village_code.tolist()
    assert villages.active.tolist() == mart.active.tolist()
    pd.testing.assert_series_equal(
        villages.coverage_rate, mart.coverage_rate, check_dtype=False, check_names=False
    )
    assert (villages.month == "2025-09-01").all()
    manifest = json.loads(attachments["manifest.json"][0])
    files = con.execute(
        "select label, sha256, rows_read from audit.input_files order by kind, path"
    ).fetchall()
    assert [(i["label"], i["sha256"], i["rows_read"]) for i in manifest["inputs"]] == files
    # issue 12: inputs by label, never by name; the run date and the archive index recorded
    assert not any("path" in i for i in manifest["inputs"])
    assert manifest["run_date"] == manifest["parameters"]["run_date"] == "2025-10-15"
    assert len(manifest["inputs_index"]) == 64
    regency = con.execute(
        "select active from marts.coverage_by_area where level = 'regency' and month = $m", {"m": MONTH}
    ).fetchall()[0][0]
    assert manifest["summary_figures"]["active"] == regency
    assert manifest["parameters"]["reporting_month"] == "2025-09"
    assert manifest["code_version"]
    for listed in manifest["attachments"]:
        data = attachments[listed["name"]][0]
        assert hashlib.sha256(data).hexdigest() == listed["sha256"]


def test_pdfa_3b_identification_in_xmp(rendered):
    reader = PdfReader(io.BytesIO(rendered["pdf"]))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="B"' in xmp
    assert rendered["pdf"].startswith(b"%PDF-1.7")
    af = reader.trailer["/Root"]["/AF"]
    relationships = {spec.get_object()["/AFRelationship"] for spec in af}
    assert "/Data" in relationships


def test_hostile_names_print_as_text_and_fetch_nothing(con):
    content = build_report(con, list_scopes(con, MONTH)[0], MONTH)
    pdf, _, fetcher = render_pdf(content)
    squashed = re.sub(r"\s+", "", _text(pdf))
    assert re.sub(r"\s+", "", HOSTILE) in squashed
    assert fetcher.refused == []
    assert not any("passwd" in url for url in fetcher.served)
    assert all(url.startswith("chart:") or url.endswith("/report.css") for url in fetcher.served)


def test_fetcher_serves_templates_and_charts_only():
    fetcher = ReportURLFetcher(TEMPLATES_DIR, {"trend.svg": b"<svg/>"})
    assert fetcher.fetch("chart:trend.svg").read() == b"<svg/>"
    css = (TEMPLATES_DIR / "report.css").resolve().as_uri()
    assert b"@page" in fetcher.fetch(css).read()
    for url in (
        "file:///etc/passwd",
        (TEMPLATES_DIR / ".." / "pyproject.toml").as_uri(),
        TEMPLATES_DIR.as_uri() + "/../pipeline/settings.py",
        "http://example.org/logo.png",
        "https://example.org/x.css",
        "data:text/html,<img src=x>",
        "ftp://example.org/x",
        "chart:missing.svg",
        "file://otherhost/etc/passwd",
        TEMPLATES_DIR.as_uri() + "/report.html.j2",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 10


def test_no_nik_kpj_or_name_in_text_or_attachments(con, rendered):
    reader = PdfReader(io.BytesIO(rendered["pdf"]))
    blobs = [rendered["text"]] + [
        data.decode("utf-8") for files in reader.attachments.values() for data in files
    ]
    everything = "\n".join(blobs)
    digits_only = re.sub(r"\D", "", everything)
    persons = con.execute("select nik, no_kpj, name from identity.persons").fetchall()
    niks, kpjs, names = ({r[i] for r in persons if r[i]} for i in range(3))
    assert niks and kpjs and names
    for nik in niks:
        assert nik not in digits_only
    for kpj in kpjs:
        assert kpj not in everything
    for name in names:
        assert name not in everything


def test_province_summary_when_a_province_has_two_regencies(tmp_path):
    path = build_report_db_file(tmp_path / "two.duckdb", FixtureSpec(regencies=("61.07", "61.08"), months=13))
    with duckdb.connect(str(path), read_only=True) as con:
        scopes = list_scopes(con, MONTH)
        assert [s.slug for s in scopes] == [
            "61.07-kabupaten-bengkayang",
            "61.08-kabupaten-landak",
            "61-provinsi-kalimantan-barat",
        ]
        content = build_report(con, scopes[-1], MONTH)
        pdf, pages, _ = render_pdf(content)
    text = " ".join(_text(pdf).split())
    assert "Provinsi Kalimantan Barat" in text
    assert t("district.title_province") in text
    assert "Kabupaten Bengkayang" in text and "Kabupaten Landak" in text
    assert t("village.title") not in text
    assert pages >= 8


def test_asset_renders_reports_beside_the_database(db_path, tmp_path):
    copy = tmp_path / "processed" / "coverage.duckdb"
    copy.parent.mkdir()
    copy.write_bytes(db_path.read_bytes())
    result = dg.materialize(
        REPORT_ASSETS,
        resources={"duckdb": DuckDBResource(database=str(copy)), "run_params": RunParams()},
    )
    assert result.success
    pdf = tmp_path / "processed" / "reports" / "2025-09" / "61.07-kabupaten-bengkayang.pdf"
    assert pdf.exists()
    events = result.get_asset_materialization_events()
    assert [e.asset_key for e in events] == [MONTHLY_REPORT]
    materialization = events[0].step_materialization_data.materialization
    metadata = materialization.metadata
    assert metadata["report_count"].value == 1
    assert metadata["61.07-kabupaten-bengkayang/pages"].value > 5
    assert metadata["61.07-kabupaten-bengkayang/render_seconds"].value > 0


def test_small_spec_is_the_default():
    assert SMALL.districts == 2 and SMALL.villages_per_district == 3


def test_without_a_target_ucj_file_the_report_sets_no_target(rendered):
    """CONTRACT §3.3a: no target is built into the code."""
    text = " ".join(rendered["text"].split())
    assert "belum menetapkan target UCJ" in text
    assert "52,15" not in text


def test_the_ucj_target_is_the_areas_own_else_its_nearest_ancestors_for_the_year():
    import datetime as dt

    import duckdb

    from pipeline import catalog
    from pipeline.report.context import ReportConfig

    con = duckdb.connect()
    con.execute("create schema staging")
    con.execute(catalog.UCJ_TARGETS.ddl())
    con.executemany(
        "insert into staging.ucj_targets values (?, ?, ?, ?)",
        [
            ("61", 2025, 0.61, "RPJMD Kalbar"),
            ("61.07", 2025, 0.5215, "Kemendagri"),
            ("61.07", 2024, 0.40, "lama"),
        ],
    )
    base = ReportConfig()
    assert base.for_area(con, "61.07", dt.date(2025, 9, 1)).ucj_target == 0.5215
    assert base.for_area(con, "61.07", dt.date(2024, 9, 1)).ucj_target_source == "lama"
    assert base.for_area(con, "61.12", dt.date(2025, 9, 1)).ucj_target == 0.61  # the province's
    assert base.for_area(con, "62.01", dt.date(2025, 9, 1)).ucj_target is None  # none set
    # an override for one run wins
    assert ReportConfig(ucj_target=0.3).for_area(con, "61.07", dt.date(2025, 9, 1)).ucj_target == 0.3


def test_the_approval_block_takes_names_from_the_settings_else_blank_lines():
    from pipeline.report.context import ReportConfig, approval_block

    assert approval_block(ReportConfig()) == [
        {"role": role, "name": "", "position": ""} for role in ("prepared", "checked", "approved")
    ]
    config = ReportConfig(approval=({"role": "approved", "name": "A. Sekda", "position": "Sekda"},))
    assert approval_block(config)[2] == {"role": "approved", "name": "A. Sekda", "position": "Sekda"}
