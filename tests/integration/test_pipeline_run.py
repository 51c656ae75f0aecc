"""End to end: the sample data through `python -m pipeline run` into a temporary data root."""

import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from pypdf import PdfReader

from pipeline import catalog
from pipeline.__main__ import main
from pipeline.sample import EXPECTED
from tests.conftest import copy_sample


@pytest.fixture(scope="module")
def run_root(tmp_path_factory, sample_raw):
    root = tmp_path_factory.mktemp("data")
    mp = pytest.MonkeyPatch()
    mp.setenv("PIPELINE_DATA_DIR", str(root))
    mp.setenv("DAGSTER_HOME", str(tmp_path_factory.mktemp("dagster_home")))
    try:
        copy_sample(sample_raw, root)
        assert main(["run"]) == 0
        yield root
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def con(run_root):
    with duckdb.connect(str(run_root / "processed" / "coverage.duckdb"), read_only=True) as c:
        yield c


def test_every_planted_bad_row_is_rejected_with_its_reason(con):
    got = dict(con.execute("select reason, count(*) from audit.rejected_rows group by all").fetchall())
    assert got == EXPECTED["rejected_by_reason"]


def test_rows_add_up_for_every_file(con):
    bad = con.execute("""
        select path from audit.input_files
        where error is not null or rows_read != rows_accepted + rows_rejected""").fetchall()
    assert bad == []
    staged = con.execute("select count(*) from staging.spells").fetchone()[0]
    accepted = con.execute(
        "select sum(rows_accepted) from audit.input_files where kind = 'enrolment'"
    ).fetchone()[0]
    assert staged == accepted == EXPECTED["spells_accepted"]


def test_reporting_month_defaults_to_the_data_as_of_month(con):
    assert con.execute("select max(month) from marts.coverage_by_village").fetchone()[0] == dt.date(
        2025, 9, 1
    )


def test_september_2025_headline_matches_how_the_sample_was_generated(con):
    by_source = dict(
        con.execute("""
        select funding_source, active from marts.coverage_by_funding
        where month = '2025-09-01' and regency_code = '61.07'""").fetchall()
    )
    assert by_source["APBD_KAB"] == EXPECTED["apbd_kab_active_2025_09"]
    assert by_source["DBH_SAWIT"] == 2116


def test_no_personal_data_outside_the_identity_and_staging_schemas(con):
    cols = con.execute("""
        select table_schema || '.' || table_name, column_name from information_schema.columns
        where table_schema in ('marts', 'audit') and column_name in ('nik', 'name', 'nama', 'no_kpj')
    """).fetchall()
    assert cols == []


def test_the_report_is_written_where_the_contract_says(run_root):
    pdfs = sorted((run_root / "processed" / "reports" / "2025-09").glob("61.07-*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].stat().st_size > 10_000
    # the sample's report, every chapter and figure in, fits sixteen pages (issue 23)
    assert len(PdfReader(pdfs[0]).pages) <= 16


def test_every_planted_row_is_found_at_its_file_sheet_row_and_field(con):
    got = set(
        con.execute("select path, sheet, row_number, field, reason from audit.rejected_rows").fetchall()
    )
    planted = {(r["path"], r["sheet"], r["row"], r["field"], r["reason"]) for r in EXPECTED["planted_rows"]}
    assert got == planted


def _published_texts(run_root):
    """Every text an outsider can read: PDF pages, PDF attachments, every export file."""
    processed = run_root / "processed"
    for pdf in sorted((processed / "reports").rglob("*.pdf")):
        yield (
            pdf.name,
            subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
            ).stdout,
        )
        for name, files in PdfReader(pdf).attachments.items():
            yield f"{pdf.name}:{name}", b"".join(files).decode("utf-8")
    for path in sorted((processed / "exports").iterdir()):
        if path.suffix == ".csv":
            yield path.name, path.read_text(encoding="utf-8")
        elif path.suffix == ".parquet":
            yield path.name, pd.read_parquet(path).to_csv()
        elif path.suffix == ".xlsx":
            sheets = pd.read_excel(io.BytesIO(path.read_bytes()), sheet_name=None, dtype=str)
            yield path.name, "\n".join(df.to_csv() for df in sheets.values())


def test_no_nik_kpj_or_name_of_the_inputs_in_anything_published(con, run_root):
    persons = con.execute("select nik, no_kpj, name from identity.persons").fetchall()
    niks = {p[0] for p in persons}
    kpjs = {p[1] for p in persons if p[1] and len(p[1]) >= 8}
    # Whole names (first + last) of people: single given names could collide with place names.
    names = {p[2] for p in persons if p[2] and " " in p[2] and len(p[2]) >= 8}
    assert len(niks) > 10_000 and len(names) > 1_000
    texts = dict(_published_texts(run_root))
    assert any(name.endswith(".pdf") for name in texts) and any(name.endswith(".xlsx") for name in texts)
    for where, text in texts.items():
        numbers = set(re.findall(r"\d{8,16}", text))
        assert not numbers & niks, where
        assert not numbers & kpjs, where
        found = [n for n in names if n in text]
        assert not found, (where, found[:5])


def test_no_table_outside_identity_holds_a_nik_kpj_or_name(con):
    """Every text cell of every other table, against the NIKs, KPJs and names of the inputs."""
    columns = con.execute("""
        select table_schema, table_name, column_name from information_schema.columns
        where table_schema <> 'identity' and data_type = 'VARCHAR'
        order by all""").fetchall()
    assert {("staging", "spells", "person_id"), ("staging", "claims", "kpj_id")} <= set(columns)
    found = {}
    for schema, table, column in columns:
        hits = con.execute(f"""
            select count(*) from "{schema}"."{table}" as t
            where t."{column}" in (select nik from identity.persons)
               or t."{column}" in (select no_kpj from identity.persons)
               or t."{column}" in (select name from identity.persons where length(name) >= 8)
        """).fetchone()[0]
        if hits:
            found[f"{schema}.{table}.{column}"] = hits
    assert found == {}


def test_the_renewal_list_with_names_goes_to_internal_only(con, run_root):
    internal = run_root / "processed" / "internal"
    listing = internal / "2025-09" / "61.07-daftar-perpanjangan.csv"
    rows = pd.read_csv(listing, dtype=str)
    ending_soon = con.execute("""
        select ending_soon from marts.coverage_by_area
        where month = '2025-09-01' and area_code = '61.07'""").fetchone()[0]
    assert len(rows) == ending_soon > 0
    assert rows["nik"].str.fullmatch(r"\d{16}").all() and rows["nama"].notna().all()
    assert (pd.to_datetime(rows["akhir_kepesertaan"]) < pd.Timestamp("2025-12-31")).all()
    assert "RAHASIA" in (internal / "BACA-DULU_RAHASIA.txt").read_text(encoding="utf-8")
    assert (listing.stat().st_mode & 0o077) == 0


def test_frictionless_validates_the_exported_data_package(run_root):
    """Issue 11 (8): every CSV export against its Table Schema (types, code patterns, keys, hashes)."""
    package = run_root / "processed" / "exports" / "datapackage.json"
    frictionless = Path(sys.executable).with_name("frictionless")
    checked = subprocess.run([str(frictionless), "validate", str(package)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.count("VALID") == len(catalog.MARTS_TABLES)


def test_the_meetings_marts_give_the_samples_known_figures(con):
    """Issue 14: the regency programme 21 slots short with 14 desa below, DBH sawit 2,116 of
    4,600, and the renewals that need a budget decision (DOMAIN.md, the sample's plan)."""
    quotas = con.execute("""select funding_source, target, active, open_slots from marts.quota_by_funding
                            where month = '2025-09-01' and level = 'regency'
                            order by funding_source""").fetchall()
    assert quotas == [("APBD_KAB", 12_200, 12_179, 21), ("DBH_SAWIT", 4_600, 2_116, 2_484)]
    below = con.execute("""select count(*) from marts.quota_by_funding where month = '2025-09-01'
                           and level = 'village' and active < target""").fetchone()[0]
    assert below == 14
    due = dict(
        con.execute("""select funding_source || ' ' || strftime(due_month, '%Y-%m'), persons
                              from marts.renewals_due where month = '2025-09-01'""").fetchall()
    )
    assert (due["CSR 2025-09"], due["MANDIRI 2025-09"], due["APBD_KAB 2026-02"]) == (120, 129, 12_179)
    assert (
        con.execute("""select sum(persons) from marts.renewals_due where month = '2025-09-01'
                          and due_month = '2025-12-01'""").fetchone()[0]
        == 477
    )
    sex_age = con.execute("""select sum(active) from marts.coverage_by_sex_age
                             where month = '2025-09-01'""").fetchone()[0]
    assert sex_age == 15_449


def test_the_report_shows_quotas_renewals_in_rupiah_and_cross_checks(run_root):
    [pdf] = sorted((run_root / "processed" / "reports" / "2025-09").glob("*.pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    for heading in (
        "Kuota Program",
        "Kalender Perpanjangan",
        "Pemeriksaan Silang",
        "Jenis Kelamin dan Umur Peserta",
        "Pengesahan",
    ):
        assert heading in text
    assert "14 / 122" in text  # desa below the APBD_KAB quota, of those with one
    assert "Rp2.455.286.400" in text  # 12 x Rp16.800 x 12,179 regency-funded renewals
    # the directives come from reference/arahan: the five of 18 September 2025
    assert "Tindak Lanjut Arahan Rapat" in text
    words = " ".join(text.split())  # a date in a narrow column wraps over lines
    # the data stop on 18 September: September's figures are provisional, on the cover
    assert "Angka sementara: data baru sampai 18 September 2025" in words
    assert words.count("18 September 2025") >= 5 and "BKPSDM dan Korpri" in words
