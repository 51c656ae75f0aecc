"""The exports: Parquet, CSV and the analysts' workbook from hand-built mart rows."""

import datetime as dt
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import dagster as dg
import duckdb
import openpyxl
import pandas as pd
import pytest

from pipeline import catalog
from pipeline.build.tables import build_tables
from pipeline.core.files import atomic_path
from pipeline.orchestration.assets.exports import EXPORTS, export_marts_asset
from pipeline.orchestration.resources import DuckDBResource, SettingsResource
from pipeline.outputs.datapackage import DATAPACKAGE_NAME
from pipeline.outputs.exports import csv_value, export_marts, write_csv
from pipeline.outputs.marts import check_no_personal_columns
from pipeline.outputs.workbook import (
    DICTIONARY_SHEET,
    WORKBOOK_NAME,
    column_kind,
    sheet_name,
    workbook_created,
)
from pipeline.publication.screen import neutralise
from tests.support.marts import (
    DEFAULT_REGIONS,
    NIK_A,
    NIK_B,
    NIK_E,
    X,
    Y,
    claim,
    create_staging,
    m,
    region,
    spell,
)

HOSTILE = '=HYPERLINK("http://x.example","klik")'
MART_NAMES = [t.name for t in catalog.MARTS_TABLES]


def _insert(con, table: catalog.Table, rows: list[dict]) -> None:
    names = table.column_names
    con.executemany(
        f"insert into {table.qualified_name} values ({', '.join('?' for _ in names)})",
        [[row.get(n) for n in names] for row in rows],
    )


def fill_marts(con) -> None:
    """Every mart from the catalog DDL, with a few rows (text that looks like formulas)."""
    con.execute("create schema if not exists marts")
    for table in catalog.MARTS_TABLES:
        con.execute(table.ddl())
    village = {
        "village_code": "61.07.14.2001", "village_name": HOSTILE, "district_code": "61.07.14",
        "district_name": "-Sungai Raya", "regency_code": "61.07", "active": 1250, "new": 3,
        "lapsed": 1, "ending_soon": 2, "workforce": 2000, "coverage_rate": 0.625, "target": 100,
        "target_attainment": 12.5,
    }  # fmt: skip
    _insert(con, catalog.COVERAGE_BY_VILLAGE, [
        dict(village, month=m("2025-09")),
        dict(village, month=m("2025-08"), village_name="@Tirta", coverage_rate=None, workforce=None),
    ])  # fmt: skip
    _insert(con, catalog.COVERAGE_BY_AREA, [
        {"month": m("2025-09"), "level": "district", "area_code": "61.07.14", "area_name": "+K",
         "active": 1250, "new": 3, "lapsed": 1, "ending_soon": 2, "workforce": None,
         "coverage_rate": None, "target": None, "target_attainment": None},
    ])  # fmt: skip
    _insert(con, catalog.COVERAGE_BY_SECTOR, [
        {"month": m("2025-09"), "regency_code": "61.07", "sector_code": "A",
         "sector_name": "Pertanian, Kehutanan dan Perikanan", "active": 1250, "workforce": 9000,
         "coverage_rate": 0.1389},
    ])  # fmt: skip
    _insert(con, catalog.COVERAGE_BY_FUNDING, [
        {"month": m("2025-09"), "regency_code": "61.07", "funding_source": "APBD_KAB",
         "active": 1250, "share": 1.0, "contributions_idr": -16_800,  # a correction: negative
         "new": 3, "lapsed": 2, "ending_soon": 40},
    ])  # fmt: skip
    _insert(con, catalog.CLAIMS_BY_PROGRAM, [
        {"month": m("2025-09"), "regency_code": "61.07", "program": "JKM", "paid_count": 2,
         "paid_amount_idr": 84_000_000, "pending_count": 1, "rejected_count": 0,
         "median_days_to_pay": 47.5, "outside_coverage_count": 0},
    ])  # fmt: skip


@pytest.fixture
def mart_db(tmp_path):
    path = tmp_path / "processed" / "coverage.duckdb"
    path.parent.mkdir()
    with duckdb.connect(str(path)) as con:
        fill_marts(con)
    return path


def export(db, folder):
    with duckdb.connect(str(db), read_only=True) as con:
        return export_marts(con, folder)


# --- pure helpers ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+62 812", "-Desa", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_a_spreadsheet_would_evaluate_is_prefixed(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Sungai Duri", "61.07", "", "a=b", -5, -0.5, 0, None])
def test_other_values_and_numbers_stay_as_they_are(value):
    assert neutralise(value) == value


def test_csv_values():
    assert csv_value(None) == ""
    assert csv_value(dt.date(2025, 9, 1)) == "2025-09-01"
    assert csv_value(-16800) == "-16800"
    assert csv_value(0.625) == "0.625"
    assert csv_value("-Desa") == "'-Desa"


def test_column_kinds_follow_the_catalog():
    kinds = {c.name: column_kind(c) for t in catalog.MARTS_TABLES for c in t.columns}
    assert kinds["month"] == "date"
    assert kinds["contributions_idr"] == kinds["paid_amount_idr"] == "idr"
    assert kinds["coverage_rate"] == kinds["share"] == kinds["target_attainment"] == "fraction"
    assert kinds["active"] == kinds["paid_count"] == kinds["workforce"] == "count"
    assert kinds["median_days_to_pay"] == "number"
    assert kinds["village_code"] == kinds["program"] == "text"


def test_sheet_names_are_valid_and_distinct():
    names = [sheet_name(t) for t in catalog.MARTS_TABLES] + [DICTIONARY_SHEET]
    assert len(set(names)) == len(names)
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_created_date_is_the_reporting_month():
    assert workbook_created(dt.date(2025, 9, 1)) == dt.datetime(2025, 9, 1)
    assert workbook_created(None) == dt.datetime(1980, 1, 1)


def test_personal_columns_are_refused():
    with pytest.raises(ValueError, match="nik"):
        check_no_personal_columns("marts.x", ["month", "nik"])
    check_no_personal_columns("marts.x", ["village_name", "area_name"])


# --- files --------------------------------------------------------------------------


def test_every_mart_is_written_as_parquet_and_csv_plus_one_workbook(mart_db, tmp_path):
    written = export(mart_db, tmp_path / "out")
    names = {f.path.name for f in written}
    assert names == {f"{n}.{ext}" for n in MART_NAMES for ext in ("parquet", "csv")} | {
        WORKBOOK_NAME,
        DATAPACKAGE_NAME,
    }
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)  # no temp files left
    rows = {f.path.name: f.rows for f in written}
    assert rows["coverage_by_village.csv"] == rows["coverage_by_village.parquet"] == 2
    assert rows[WORKBOOK_NAME] == 6
    assert all(f.size_bytes == f.path.stat().st_size > 0 for f in written)


def test_same_marts_give_byte_identical_files(mart_db, tmp_path):
    first = export(mart_db, tmp_path / "a")
    export(mart_db, tmp_path / "b")
    for f in first:
        assert f.path.read_bytes() == (tmp_path / "b" / f.path.name).read_bytes(), f.path.name
    with zipfile.ZipFile(tmp_path / "a" / WORKBOOK_NAME) as z:
        core = z.read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2025-09-01T00:00:00Z<' in core


def test_csv_is_utf8_with_header_and_neutralised_text(mart_db, tmp_path):
    export(mart_db, tmp_path)
    lines = (tmp_path / "coverage_by_village.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(catalog.COVERAGE_BY_VILLAGE.column_names)
    assert lines[1].startswith("2025-08-01,61.07.14.2001,'@Tirta,61.07.14,'-Sungai Raya,61.07,1250,")
    assert lines[2].startswith('2025-09-01,61.07.14.2001,"\'=HYPERLINK(""http://x.example"",""klik"")",')
    funding = (tmp_path / "coverage_by_funding.csv").read_text(encoding="utf-8").splitlines()
    assert funding[1] == "2025-09-01,61.07,APBD_KAB,1250,1.0,-16800,3,2,40"  # a negative number is not text


def test_parquet_keeps_types_and_screens_text_like_the_csv(mart_db, tmp_path):
    """Issue 12: the same screened values in every format, so no Parquet cell is a live formula."""
    export(mart_db, tmp_path)
    with duckdb.connect() as con:
        path = str(tmp_path / "coverage_by_village.parquet")
        rows = con.execute("select month, village_name, coverage_rate from read_parquet($p)", {"p": path})
        assert rows.fetchall() == [(m("2025-08"), "'@Tirta", None), (m("2025-09"), "'" + HOSTILE, 0.625)]
        types = dict(
            con.execute(
                "select column_name, column_type from (describe select * from read_parquet($p))", {"p": path}
            ).fetchall()
        )
        assert types["month"] == "DATE" and types["active"] == "BIGINT"


def test_workbook_sheets_labels_and_formats(mart_db, tmp_path):
    export(mart_db, tmp_path)
    wb = openpyxl.load_workbook(tmp_path / WORKBOOK_NAME)
    assert wb.sheetnames == [sheet_name(t) for t in catalog.MARTS_TABLES] + [DICTIONARY_SHEET]
    assert wb.properties.created == dt.datetime(2025, 9, 1)

    village = wb[sheet_name(catalog.COVERAGE_BY_VILLAGE)]
    assert [c.value for c in village[1]] == [c.label_id for c in catalog.COVERAGE_BY_VILLAGE.columns]
    assert village.freeze_panes == "A2"
    assert village.auto_filter.ref == "A1:N3"
    row = {c.label_id: cell for c, cell in zip(catalog.COVERAGE_BY_VILLAGE.columns, village[3], strict=True)}
    assert row["Bulan"].value == dt.datetime(2025, 9, 1)
    assert row["Bulan"].number_format == "mmm yyyy"
    assert row["Nama desa/kelurahan"].value == "'" + HOSTILE
    assert row["Nama desa/kelurahan"].data_type == "s"  # text, never a formula
    assert row["Peserta aktif"].value == 1250
    assert row["Peserta aktif"].number_format == "#,##0"
    assert row["Tingkat cakupan"].number_format == "0.0%"
    assert village["L2"].value is None  # null rate stays empty

    funding = wb[sheet_name(catalog.COVERAGE_BY_FUNDING)]
    assert funding["F2"].value == -16800  # negative number stays a number
    assert "Rp" in funding["F2"].number_format and "#,##0" in funding["F2"].number_format
    claims = wb[sheet_name(catalog.CLAIMS_BY_PROGRAM)]
    assert claims["E2"].value == 84_000_000 and "Rp" in claims["E2"].number_format
    assert claims["H2"].value == 47.5

    kamus = wb[DICTIONARY_SHEET]
    assert [c.value for c in kamus[1]] == ["Lembar", "Tabel", "Kolom", "Label", "Tipe", "Satuan", "Definisi"]
    assert kamus.max_row - 1 == sum(len(t.columns) for t in catalog.MARTS_TABLES)
    assert kamus.freeze_panes == "A2"
    entries = {(r[1].value, r[2].value): r for r in kamus.iter_rows(min_row=2)}
    share = entries[("marts.coverage_by_funding", "share")]
    assert [c.value for c in share[3:6]] == ["Porsi", "bilangan desimal", "pecahan (0,853 = 85,3%)"]


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path):
    final = tmp_path / "x.csv"
    final.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(final) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert final.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]


def test_a_missing_mart_is_a_clear_error(tmp_path):
    db = tmp_path / "empty.duckdb"
    with duckdb.connect(str(db)) as con, pytest.raises(ValueError, match="build the marts first"):
        write_csv(con, catalog.COVERAGE_BY_VILLAGE, tmp_path / "v.csv")


# --- the asset ------------------------------------------------------------------------

KPJ = "22123456789"
NAMES = ("Siti Aminah", "Yohanes Apui")


def test_asset_exports_marts_built_from_staging_without_personal_data(tmp_path):
    db = tmp_path / "processed" / "coverage.duckdb"
    db.parent.mkdir()
    with duckdb.connect(str(db)) as con:
        create_staging(
            con,
            spells=[
                spell(NIK_A, X, "2025-01-01", "2025-12-31", no_kpj=KPJ),
                spell(NIK_B, Y, "2025-02-15", "2025-04-30", funding="DANA_DESA"),
                spell(NIK_E, X, "2024-11-01", "2025-10-31"),
            ],
            claims=[claim("E1", "JKM", nik=NIK_E, event="2025-02-10", submitted="2025-02-15",
                          paid="2025-03-20", amount=42_000_000)],
            regions=[r if r["code"] != X else region(X, "-X") for r in DEFAULT_REGIONS],
            workforce=[(X, 2025, 500), (Y, 2024, 400)],
        )  # fmt: skip
        # create_staging wrote identity.persons from the spells: give them names
        con.executemany(
            "update identity.persons set name = ? where nik = ?",
            list(zip(NAMES, (NIK_A, NIK_B), strict=True)),
        )
        build_tables(con, m("2025-04"))

    result = dg.materialize([export_marts_asset], resources={"duckdb": DuckDBResource(database=str(db))})
    assert result.success
    [event] = result.get_asset_materialization_events()
    materialization = event.event_specific_data.materialization
    assert materialization.asset_key == EXPORTS
    meta = materialization.metadata
    exports = db.parent / "exports"
    assert meta["exports_dir"].value == str(exports)
    # Parquet and CSV per mart, the workbook and datapackage.json
    assert meta["file_count"].value == 2 * len(catalog.MARTS_TABLES) + 2
    assert meta["coverage_by_village.csv/rows"].value == 18  # 3 villages x Nov 2024 - Apr 2025
    assert meta["marts.xlsx/bytes"].value == (exports / WORKBOOK_NAME).stat().st_size
    assert "| coverage_by_area.parquet | marts.coverage_by_area |" in meta["files"].value

    forbidden = [NIK_A, NIK_B, NIK_E, KPJ, *NAMES]
    texts = {}
    for path in exports.iterdir():
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                texts[path.name] = "".join(z.read(n).decode("utf-8") for n in z.namelist())
        elif path.suffix == ".parquet":
            with duckdb.connect() as con:
                rows = con.execute("select * from read_parquet($p)", {"p": str(path)}).fetchall()
            texts[path.name] = repr(rows)  # decoded: the file itself is compressed
        else:
            texts[path.name] = path.read_text(encoding="utf-8")
    assert len(texts) == 2 * len(catalog.MARTS_TABLES) + 2
    for name, text in texts.items():
        assert not [f for f in forbidden if f in text], name
        assert not re.search(r"(?<![\d.])\d{16}(?!\d)", text), name  # no NIK-like number
    assert "'-X" in texts["coverage_by_village.csv"]


def test_output_folders_follow_the_database_path(tmp_path):
    resource = DuckDBResource(database=str(tmp_path / "p" / "c.duckdb"))
    assert resource.output_dir("exports") == tmp_path / "p" / "exports"
    settings = SettingsResource(data_dir=str(tmp_path / "root"))
    resource = DuckDBResource(settings=settings)
    assert resource.output_dir("reports") == tmp_path / "root" / "processed" / "reports"
    assert resource.published_path == settings.get().db_path


def test_the_data_root_is_pipeline_data_dir_when_the_settings_name_none(tmp_path, monkeypatch):
    """The documented way to choose a data root: read in one place, Settings.from_env."""
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(tmp_path / "root"))
    assert SettingsResource().get().raw_dir == tmp_path / "root" / "raw"
    assert DuckDBResource().output_dir("reports") == tmp_path / "root" / "processed" / "reports"


# --- issue 11 (8): exports a user can load ------------------------------------------------


@pytest.fixture
def melawi_db(mart_db):
    """The marts plus a district of Kab. Melawi, 61.10: a code that reads as the number 61.1."""
    with duckdb.connect(str(mart_db)) as con:
        _insert(con, catalog.COVERAGE_BY_AREA, [
            {"month": m("2025-09"), "level": "regency", "area_code": "61.10", "area_name": "MELAWI",
             "active": 7, "new": 0, "lapsed": 0, "ending_soon": 0, "workforce": None,
             "coverage_rate": None, "target": None, "target_attainment": None},
        ])  # fmt: skip
        con.execute("update marts.coverage_by_sector set regency_code = '61.10'")
    return mart_db


def test_the_exports_ship_a_frictionless_data_package_that_validates(melawi_db, tmp_path):
    export(melawi_db, tmp_path)
    package = json.loads((tmp_path / DATAPACKAGE_NAME).read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == [f"{n}.csv" for n in MART_NAMES]
    area = next(r for r in package["resources"] if r["path"] == "coverage_by_area.csv")
    fields = {f["name"]: f for f in area["schema"]["fields"]}
    assert fields["month"]["type"] == "date"
    assert fields["area_code"]["type"] == "string" and fields["area_code"]["constraints"]["pattern"]
    assert fields["active"] == {
        "name": "active",
        "title": "Peserta aktif",
        "type": "integer",
        "unit": "persons",
        "description": next(c.definition for c in catalog.COVERAGE_BY_AREA.columns if c.name == "active"),
        "constraints": {"minimum": 0},
    }
    assert fields["coverage_rate"]["unit"] == "fraction"
    assert area["schema"]["primaryKey"] == ["month", "level", "area_code"]
    frictionless = Path(sys.executable).with_name("frictionless")
    checked = subprocess.run(
        [str(frictionless), "validate", str(tmp_path / DATAPACKAGE_NAME)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.count("VALID") == len(MART_NAMES)


def test_codes_load_as_text_and_months_as_dates_with_the_package_schema(melawi_db, tmp_path):
    from frictionless import Package

    export(melawi_db, tmp_path)
    csv_path = tmp_path / "coverage_by_sector.csv"
    assert pd.read_csv(csv_path)["regency_code"].tolist() == [61.1]  # what a plain reader makes of it
    package = Package(str(tmp_path / DATAPACKAGE_NAME))
    [row] = package.get_resource("coverage-by-sector").read_rows()
    assert row["regency_code"] == "61.10" and row["month"] == dt.date(2025, 9, 1)
    rows = package.get_resource("coverage-by-area").read_rows()
    assert {r["area_code"] for r in rows} == {"61.07.14", "61.10"}
    # the same from the schema with pandas: string fields as text, dates parsed
    fields = next(
        r
        for r in json.loads((tmp_path / DATAPACKAGE_NAME).read_text())["resources"]
        if r["path"] == csv_path.name
    )["schema"]["fields"]
    frame = pd.read_csv(
        csv_path,
        dtype={f["name"]: str for f in fields if f["type"] == "string"},
        parse_dates=[f["name"] for f in fields if f["type"] == "date"],
    )
    assert frame["regency_code"].tolist() == ["61.10"]
    assert frame["month"].tolist() == [pd.Timestamp(2025, 9, 1)]


def test_a_code_that_breaks_its_pattern_fails_validation(mart_db, tmp_path):
    from frictionless import Package

    with duckdb.connect(str(mart_db)) as con:
        con.execute("update marts.coverage_by_sector set regency_code = '61.7'")
    export(mart_db, tmp_path)
    report = Package(str(tmp_path / DATAPACKAGE_NAME)).validate()
    errors = [(e.type, e.field_name) for task in report.tasks for e in task.errors]
    assert errors == [("constraint-error", "regency_code")]


def test_the_workbook_is_indonesian_throughout(melawi_db, tmp_path):
    export(melawi_db, tmp_path)
    wb = openpyxl.load_workbook(tmp_path / WORKBOOK_NAME)
    area = wb[sheet_name(catalog.COVERAGE_BY_AREA)]
    assert [c.value for c in area[1]][1] == "Tingkat"
    assert sorted(row[1].value for row in area.iter_rows(min_row=2)) == ["kabupaten/kota", "kecamatan"]
    kamus = wb[DICTIONARY_SHEET]
    rows = [[c.value for c in r] for r in kamus.iter_rows(min_row=2)]
    columns = [c for t in catalog.MARTS_TABLES for c in t.columns]
    assert all(c.definition_id for c in columns)
    assert [r[6] for r in rows] == [c.definition_id for c in columns]
    assert {r[4] for r in rows} <= {"tanggal", "bilangan bulat", "bilangan desimal", "teks", "ya/tidak"}
    assert {r[5] for r in rows if r[5]} <= set(catalog.UNITS_ID.values())
    english = ("Participants", "First day of the month", "persons", "district,", "regency")
    for r in rows:
        if r[2] != "level":  # which says what the level is called in the Parquet and CSV files
            assert not [w for w in english if w in f"{r[4]} {r[5]} {r[6]}"], r
    # Parquet and CSV keep the English names and codes (CONTRACT §5)
    assert "district," in (tmp_path / "coverage_by_area.csv").read_text().splitlines()[1]
