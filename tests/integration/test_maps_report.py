"""Issue 23 §1, maps, end to end: ingestion keeps the boundaries, the report draws or leaves out.

On a data root of Penajam Paser Utara (64.09, East Kalimantan: no shipped boundaries), with
a workforce figure per kecamatan: without ``reference/batas_wilayah.geojson`` the report has
no maps section and the data-quality section says why (one line); with a file holding a
square for each of its kecamatan and one for a code of no area, the kecamatan map is drawn
(its areas and classes those of the mart), the village map is left out (no village has a
shape) with a note, the unmatched code and the areas without shape are noted. On the city
fixture (Kota Singkawang, 61.72) both maps are drawn from the shipped boundaries.
"""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from pipeline.build.tables import build_tables
from pipeline.core.months import as_of_month
from pipeline.ingest.load import ingest
from pipeline.report.context import build_report, list_scopes
from pipeline.report.render import render_html
from pipeline.report.sections import areas
from pipeline.settings import Settings
from tests.fixtures.ppu_root import build_ppu_root, ppu_gazetteer, write_csv
from tests.fixtures.report_db import CITY, build_report_db

DISTRICTS = [code for code, _ in ppu_gazetteer() if code.count(".") == 2]


def _square(x: float, y: float, side: float) -> list[list[float]]:
    return [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]


def _report(root, with_boundaries: bool):
    build_ppu_root(root)
    ref = root / "raw" / "reference"
    write_csv(
        ref / "angkatan_kerja.csv",
        [("kode_wilayah", "tahun", "jumlah_pekerja"), *[(c, "2025", "400") for c in DISTRICTS]],
    )
    if with_boundaries:
        features = [
            {
                "type": "Feature",
                # the code without dots, as many GIS exports write it
                "properties": {"KODE_KEC": code.replace(".", "")},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [_square(116 + i * 0.1, -1.0, 0.1)],
                },
            }
            for i, code in enumerate([*DISTRICTS, "64.09.99"])
        ]
        (ref / "batas_wilayah.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
        )
    con = duckdb.connect()
    ingest(con, Settings.at(root), key=b"k" * 32)
    month = as_of_month(con)
    build_tables(con, month)
    [scope] = [s for s in list_scopes(con, month) if s.level == "regency"]
    content = build_report(con, scope, month)
    return con, content, render_html(content)


@pytest.fixture(scope="module")
def without(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("ppu_no_maps"), with_boundaries=False)


@pytest.fixture(scope="module")
def with_file(tmp_path_factory):
    return _report(tmp_path_factory.mktemp("ppu_maps"), with_boundaries=True)


def test_without_boundaries_the_section_is_left_out_with_one_note(without):
    con, content, html = without
    assert con.execute("select count(*) from staging.area_shapes").fetchone() == (0,)
    assert con.execute("select count(*) from audit.notes where topic like 'boundary%'").fetchone() == (0,)
    assert 'id="maps"' not in html
    assert "Peta Cakupan" not in html
    assert html.count("Peta tidak digambar: belum ada batas wilayah untuk Kabupaten Penajam Paser Utara") == 1
    assert "coverage_map.png" not in content.images


def test_the_data_roots_file_is_read_and_its_codes_matched(with_file):
    con, _content, _html = with_file
    shapes = con.execute("select area_code, level, source from staging.area_shapes order by 1").fetchall()
    assert shapes == [(c, "district", "reference/batas_wilayah.geojson") for c in DISTRICTS]
    notes = con.execute(
        "select topic, count(*) from audit.notes where topic like 'boundary%' group by 1 order by 1"
    ).fetchall()
    villages = sum(code.count(".") == 3 for code, _ in ppu_gazetteer())
    # the regency and every village lack a shape; 64.09.99 is no area
    assert notes == [("boundary_missing_shape", 1 + villages), ("boundary_unmatched_code", 1)]
    [(label, error, rows)] = con.execute(
        "select label, error, rows_read from audit.input_files where path like '%batas_wilayah%'"
    ).fetchall()
    assert (label, error, rows) == ("referensi batas_wilayah · geojson", None, len(DISTRICTS) + 1)
    # a file the pipeline reads: not "in the wrong place", the report stays final
    assert not _content.context["doc"]["draft"]


def test_the_kecamatan_map_is_drawn_in_the_marts_classes(with_file):
    con, content, html = with_file
    maps = content.context["maps"]
    rates = con.execute(
        "select area_code, coverage_rate from marts.coverage_by_area where level = 'district' and month = ?",
        [content.month],
    ).fetchall()
    assert maps["drawn"] == {code: areas.band(rate) for code, rate in rates}
    assert len(maps["drawn"]) == len(DISTRICTS)
    assert 'id="maps"' in html
    assert "coverage_map.png" in content.images
    # the village map is left out, said in the data-quality section with the counts
    [note] = maps["notes"]
    assert note.startswith("Peta desa/kelurahan tidak digambar: batas wilayah tersedia untuk 0 dari")
    assert note in html
    # the boundary notes are counted there too
    assert "Batas wilayah dengan kode yang tidak ada di gazetir" in html
    assert "Wilayah tanpa batas wilayah" in html
    table = content.tables["map_areas"]
    assert set(table.loc[table["drawn"], "area_code"]) == set(DISTRICTS)


def test_the_city_has_both_maps_from_the_shipped_boundaries():
    con = duckdb.connect()
    build_report_db(con, CITY)
    [scope] = [s for s in list_scopes(con, dt.date(2025, 9, 1)) if s.level == "regency"]
    content = build_report(con, scope, dt.date(2025, 9, 1))
    maps = content.context["maps"]
    rows = con.execute(
        "select area_code, coverage_rate from marts.coverage_by_area where level = 'district' and month = ?"
        " union all select village_code, coverage_rate from marts.coverage_by_village where month = ?",
        [dt.date(2025, 9, 1)] * 2,
    ).fetchall()
    shaped = {c for (c,) in con.execute("select area_code from staging.area_shapes").fetchall()}
    # every area of the mart that has a shape is drawn, in its band; the two kelurahan the
    # fixture makes up (61.72.02.1005, 61.72.05.1005: Singkawang has no such code) are not
    assert maps["drawn"] == {code: areas.band(rate) for code, rate in rows if code in shaped}
    assert set(c for c, _ in rows) - set(maps["drawn"]) == {"61.72.02.1005", "61.72.05.1005"}
    assert maps["chart"]["caption"].startswith("Cakupan UCJ per kecamatan (kiri")
    html = render_html(content)
    assert 'id="maps"' in html
    assert "Batas wilayah tidak ada untuk 2 desa/kelurahan (61.72.02.1005, 61.72.05.1005)" in html
