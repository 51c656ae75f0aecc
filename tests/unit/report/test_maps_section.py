"""The maps section (pipeline.report.sections.maps) and its drawing (pipeline.report.maps), by hand.

Regency 61.91, September 2025, UCJ target 50 %. Three districts, each one unit square
side by side (x 0–1, 1–2, 2–3 at the equator), each with one village of the same square:

=============  ======  =========  =====  ========  ===================  ===================
area           active  workforce  rate   class     marks                reached the target
=============  ======  =========  =====  ========  ===================  ===================
61.91.01          60       100    0.60   high      –                    yes
61.91.02          15       100    0.15   low       –                    no
61.91.03           5        –     –      none      –                    no
61.91.01.2001      0        50    0.00   very_low  empty (no one)       no
61.91.02.2001     15       100    0.15   low       below (quota 20)     no
61.91.03.2001      5        –     –      none      –                    no
=============  ======  =========  =====  ========  ===================  ===================
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math

import duckdb
import pytest
from matplotlib.colors import to_rgba
from shapely.geometry import box

from pipeline import catalog
from pipeline.report import maps
from pipeline.report.config import Messages, ReportConfig
from pipeline.report.formatting import Formatter
from pipeline.report.request import Request
from pipeline.report.scope import ReportScope
from pipeline.report.sections import areas
from pipeline.report.sections import maps as section

MONTH = dt.date(2025, 9, 1)
DISTRICTS = [  # code, name, active, workforce
    ("61.91.01", "Satu", 60, 100),
    ("61.91.02", "Dua", 15, 100),
    ("61.91.03", "Tiga", 5, None),
]
VILLAGES = [  # code, active, workforce, quota
    ("61.91.01.2001", 0, 50, None),
    ("61.91.02.2001", 15, 100, 20),
    ("61.91.03.2001", 5, None, None),
]
EXPECTED = {
    "61.91.01": "high",
    "61.91.02": "low",
    "61.91.03": "none",
    "61.91.01.2001": "very_low",
    "61.91.02.2001": "low",
    "61.91.03.2001": "none",
}


def _square(x: int) -> str:
    return json.dumps(box(x, 0, x + 1, 1).__geo_interface__)


def _database(shaped: set[str] | None = None, with_rates: bool = True) -> duckdb.DuckDBPyConnection:
    """The marts of the table above and the shapes of the codes in ``shaped`` (default: all)."""
    con = duckdb.connect()
    con.execute("create schema marts; create schema staging")
    for table in (catalog.COVERAGE_BY_AREA, catalog.COVERAGE_BY_VILLAGE, catalog.QUOTA_BY_FUNDING):
        con.execute(table.ddl())
    con.execute(catalog.AREA_SHAPES.ddl())
    for i, (code, name, active, workforce) in enumerate(DISTRICTS):
        rate = active / workforce if workforce and with_rates else None
        con.execute(
            "insert into marts.coverage_by_area (month, level, area_code, area_name, active, workforce,"
            " coverage_rate) values (?, 'district', ?, ?, ?, ?, ?)",
            [MONTH, code, name, active, workforce, rate],
        )
        if shaped is None or code in shaped:
            con.execute(
                "insert into staging.area_shapes values (?, 'district', ?, 'default')", [code, _square(i)]
            )
    for i, (code, active, workforce, quota) in enumerate(VILLAGES):
        rate = active / workforce if workforce and with_rates else None
        con.execute(
            "insert into marts.coverage_by_village (month, village_code, village_name, district_code,"
            " district_name, regency_code, active, workforce, coverage_rate)"
            " values (?, ?, ?, ?, ?, '61.91', ?, ?, ?)",
            [MONTH, code, f"Desa {i + 1}", code[:8], DISTRICTS[i][1], active, workforce, rate],
        )
        if quota is not None:
            con.execute(
                "insert into marts.quota_by_funding (month, level, area_code, funding_source, target, active,"
                " attainment, open_slots) values (?, 'village', ?, 'APBD_KAB', ?, ?, ?, ?)",
                [MONTH, code, quota, active, active / quota, max(quota - active, 0)],
            )
        if shaped is None or code in shaped:
            con.execute(
                "insert into staging.area_shapes values (?, 'village', ?, 'default')", [code, _square(i)]
            )
    return con


def _request(con, scope: ReportScope | None = None, target: float | None = 0.5) -> Request:
    config = dataclasses.replace(ReportConfig.load(), ucj_target=target)
    scope = scope or ReportScope("regency", "61.91", "KAB. UJI", ("61.91",))
    return Request(con, scope, MONTH, config, Messages.load(config.catalogue), Formatter(config.locale))


def test_the_drawn_areas_are_the_marts_areas_in_their_bands():
    req = _request(_database())
    out = section.build(req)
    assert out["chart"]["src"] == "chart:coverage_map.png"
    assert req.images["coverage_map.png"].startswith(b"\x89PNG")
    assert out["drawn"] == EXPECTED
    # and independently: each mart row's band is the district ranking's band of its rate
    rows = req.con.execute(
        "select area_code, coverage_rate from marts.coverage_by_area union all "
        "select village_code, coverage_rate from marts.coverage_by_village"
    ).fetchall()
    assert {code: areas.band(rate) for code, rate in rows} == out["drawn"]
    assert out["notes"] == []


def test_the_attachment_lists_every_area_with_its_class_marks_and_target():
    req = _request(_database())
    section.build(req)
    table = req.attached["map_areas"]
    got = {
        r.area_code: (r.map, r.coverage_class, r.marks, bool(r.reached_target), bool(r.drawn))
        for r in table.itertuples()
    }
    assert got == {
        "61.91.01": ("district", "high", "", True, True),
        "61.91.02": ("district", "low", "", False, True),
        "61.91.03": ("district", "none", "", False, True),
        "61.91.01.2001": ("village", "very_low", "empty", False, True),
        "61.91.02.2001": ("village", "low", "below", False, True),
        "61.91.03.2001": ("village", "none", "", False, True),
    }


def test_a_map_whose_areas_are_under_90_percent_shaped_is_left_out_with_a_note():
    # 2 of 3 districts and 2 of 3 villages (67 %): neither map is drawn
    shaped = {"61.91.01", "61.91.02", "61.91.01.2001", "61.91.02.2001"}
    req = _request(_database(shaped))
    out = section.build(req)
    assert out["chart"] is None
    assert out["drawn"] == {}
    assert len(out["notes"]) == 2
    left_out = "tidak digambar: batas wilayah tersedia untuk 2 dari 3"
    assert out["notes"][0].startswith(f"Peta kecamatan {left_out}")
    assert out["notes"][1].startswith(f"Peta desa/kelurahan {left_out}")
    assert "reference/batas_wilayah.geojson" in out["notes"][0]
    assert "coverage_map.png" not in req.images
    # the attachment still lists every area, none drawn
    assert not req.attached["map_areas"]["drawn"].any()


def test_one_map_left_out_the_other_drawn():
    # every district shaped, 2 of 3 villages: the kecamatan map alone
    shaped = {"61.91.01", "61.91.02", "61.91.03", "61.91.01.2001", "61.91.02.2001"}
    out = section.build(_request(_database(shaped)))
    assert set(out["drawn"]) == {"61.91.01", "61.91.02", "61.91.03"}
    assert len(out["notes"]) == 1
    assert out["chart"]["caption"].startswith("Cakupan UCJ per kecamatan (nama kecamatan bila muat)")


def test_without_any_boundary_one_note_and_no_map():
    out = section.build(_request(_database(shaped=set())))
    assert out["chart"] is None
    assert out["notes"] == [
        "Peta tidak digambar: belum ada batas wilayah untuk Kabupaten Uji. Letakkan batas wilayah "
        "(GeoJSON dengan properti kode) di reference/batas_wilayah.geojson."
    ]


def test_a_database_without_the_shapes_table_has_no_section():
    con = _database()
    con.execute("drop table staging.area_shapes")
    assert section.build(_request(con)) is None


def test_without_rates_the_kecamatan_map_is_left_out_and_the_village_map_still_marks():
    out = section.build(_request(_database(with_rates=False)))
    assert out["notes"] == [
        "Peta cakupan per kecamatan tidak digambar: cakupan per kecamatan tidak dihitung (tanpa jumlah "
        "pekerja per kecamatan)."
    ]
    assert out["drawn"] == {"61.91.01.2001": "none", "61.91.02.2001": "none", "61.91.03.2001": "none"}
    assert out["chart"]["caption"].startswith("Desa/kelurahan tanpa peserta dan di bawah kuota/target")


def test_the_province_summary_maps_its_regencies():
    con = duckdb.connect()
    con.execute("create schema marts; create schema staging")
    con.execute(catalog.COVERAGE_BY_AREA.ddl())
    con.execute(catalog.AREA_SHAPES.ddl())
    for i, (code, rate) in enumerate((("61.91", 0.25), ("61.92", 0.05))):
        con.execute(
            "insert into marts.coverage_by_area (month, level, area_code, area_name, coverage_rate) "
            "values (?, 'regency', ?, ?, ?)",
            [MONTH, code, f"KAB. {code}", rate],
        )
        con.execute("insert into staging.area_shapes values (?, 'regency', ?, 'default')", [code, _square(i)])
    scope = ReportScope("province", "61", "PROVINSI UJI", ("61.91", "61.92"))
    req = _request(con, scope, target=None)
    out = section.build(req)
    assert out["drawn"] == {"61.91": "mid", "61.92": "very_low"}
    assert "Garis hitam tebal" not in out["chart"]["caption"]
    assert out["intro"].endswith("peringkat kabupaten/kota.")


# --- the drawing -------------------------------------------------------------------------


def _panel() -> maps.MapPanel:
    return maps.MapPanel(
        "Uji",
        [
            maps.MapArea("A", "Satu", box(0, 0, 1, 1), "high", reached=True),
            maps.MapArea("B", "Dua", box(1, 0, 2, 1), "low", marks=("below",)),
            maps.MapArea("C", "Tiga", box(2, 0, 3, 1), "none", marks=("empty",)),
        ],
    )


def test_each_area_is_filled_with_its_class_colour():
    legend = maps.Legend([(k, k) for k in maps.CLASS_COLOURS], [("empty", "e"), ("below", "b")], "t")
    fig = maps.choropleth([_panel()], legend, lambda km: f"{km:g} km")
    [(codes, fill)] = fig.fill_layers
    assert codes == ["A", "B", "C"]
    colours = [tuple(c) for c in fill.get_facecolor()]
    assert colours == [to_rgba(maps.CLASS_COLOURS[k]) for k in ("high", "low", "none")]
    assert fig.drawn == {"A": "high", "B": "low", "C": "none"}
    ax = fig.axes[0]
    # fill, two mark layers (one area each) and the target outline (one area)
    layers = ax.collections
    assert [len(c.get_paths()) for c in layers] == [3, 1, 1, 1]
    assert [c.get_hatch() for c in layers[1:3]] == ["////", "...."]
    # 3 degrees at the equator are 334 km: the scale bar is a round fifth of that, 50 km
    texts = [t.get_text() for t in ax.texts]
    assert "50 km" in texts
    assert "U" in texts
    # the aspect makes a kilometre as long north-south as east-west at the map's latitude
    # (the middle of the squares, 0.5°)
    assert ax.get_aspect() == pytest.approx(1 / math.cos(math.radians(0.5)))


def test_at_60_degrees_a_degree_of_longitude_is_drawn_half_as_long():
    panel = maps.MapPanel("Uji", [maps.MapArea("A", "Satu", box(0, 59.5, 1, 60.5), "high")])
    fig = maps.choropleth([panel], maps.Legend([("high", "h")]), lambda km: f"{km:g} km")
    assert fig.axes[0].get_aspect() == pytest.approx(2.0)


@pytest.mark.parametrize(("span", "km"), [(334, 50), (20, 2), (100, 20), (8, 1), (1.2, 0.2)])
def test_the_scale_bar_is_a_round_length(span, km):
    assert maps._nice_km(span) == pytest.approx(km)


def test_a_polygon_with_a_hole_is_one_path_of_two_rings():
    ring = box(0, 0, 4, 4).difference(box(1, 1, 2, 2))
    path = maps._path(ring)
    assert list(path.codes).count(path.MOVETO) == 2
    assert list(path.codes).count(path.CLOSEPOLY) == 2
