"""Boundaries for the maps (pipeline.ingest.boundaries), on three hand-drawn squares.

Regency 99.01 has districts 99.01.01, 99.01.02 and 99.01.03. The data root's file holds
three unit squares: ``9901 01`` (99.01.01 without dots), ``99.01.02`` and ``99.01.09`` (no
such district). So 99.01.01 and 99.01.02 have a shape; 99.01.09 is noted as unmatched;
99.01 and 99.01.03 are noted as areas without a shape.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest
import shapely

from pipeline.ingest import boundaries


def square(x: float, y: float = 0.0) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]}


def feature(properties: dict, geometry: dict) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


REGIONS = pd.DataFrame(
    {
        "code": ["99", "99.01", "99.01.01", "99.01.02", "99.01.03"],
        "level": ["province", "regency", "district", "district", "district"],
    }
)


def write(path: Path, features: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


@pytest.fixture
def root_file(tmp_path: Path) -> Path:
    return write(
        tmp_path / "raw" / "reference" / "batas_wilayah.geojson",
        [
            feature({"KODE": "9901 01", "nama": "Satu"}, square(0)),
            feature({"kode": "99.01.02"}, square(1)),
            feature({"kode": "99.01.09"}, square(2)),
        ],
    )


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("6107", "61.07"),
        ("61.07", "61.07"),
        (6107142003, "61.07.14.2003"),
        ("61.07.14", "61.07.14"),
        ("61 07 14 2003", "61.07.14.2003"),
        (6107.0, "61.07"),
        ("610", None),
        ("61.07.x", None),
        (None, None),
        (True, None),
    ],
)
def test_codes_are_read_with_or_without_dots(value, code):
    assert boundaries.normalise_code(value) == code


def test_matching_codes_get_their_shape_and_the_others_are_noted(root_file: Path):
    found = boundaries.load(REGIONS, root_file, root_file.parents[1], shipped=[])
    assert found.shapes["area_code"].tolist() == ["99.01.01", "99.01.02"]
    assert found.shapes["level"].tolist() == ["district", "district"]
    assert set(found.shapes["source"]) == {"reference/batas_wilayah.geojson"}
    first = shapely.from_geojson(found.shapes["geometry_geojson"][0])
    assert first.equals(shapely.geometry.shape(square(0)))
    notes = {(n["topic"], n["value"]) for n in found.notes}
    assert notes == {
        ("boundary_unmatched_code", "99.01.09"),
        ("boundary_missing_shape", "99.01"),
        ("boundary_missing_shape", "99.01.03"),
    }
    [entry] = found.files
    assert entry["path"] == "reference/batas_wilayah.geojson"
    counts = (entry["rows_read"], entry["rows_accepted"], entry["rows_rejected"], entry["error"])
    assert counts == (3, 3, 0, None)


def test_a_feature_without_a_polygon_is_noted_not_drawn(tmp_path: Path):
    path = write(
        tmp_path / "raw" / "reference" / "batas_wilayah.geojson",
        [
            feature({"kode": "99.01.01"}, {"type": "Point", "coordinates": [0, 0]}),
            feature({"kode": "99.01.02"}, square(1)),
        ],
    )
    found = boundaries.load(REGIONS, path, path.parents[1], shipped=[])
    assert found.shapes["area_code"].tolist() == ["99.01.02"]
    assert ("boundary_bad_shape", "99.01.01") in {(n["topic"], n["value"]) for n in found.notes}


def _shipped(tmp_path: Path, features: list[dict]) -> Path:
    """A shipped-style file: one feature a line, the geometry last, gzip."""
    path = tmp_path / "batas_wilayah_99.geojson.gz"
    lines = ",\n".join(json.dumps(f, separators=(",", ":")) for f in features)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write('{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n")
    return path


def test_the_data_roots_file_adds_to_and_replaces_the_shipped_shapes(tmp_path: Path, root_file: Path):
    shipped = _shipped(
        tmp_path,
        [
            feature({"kode": "99.01", "nama": "R", "tingkat": "kab"}, square(0, 5)),
            feature({"kode": "99.01.01", "nama": "A", "tingkat": "kec"}, square(10, 10)),
            feature({"kode": "99.01.03", "nama": "C", "tingkat": "kec"}, square(3)),
            feature({"kode": "99.01.07", "nama": "X", "tingkat": "kec"}, square(4)),
            feature({"kode": "99.02", "nama": "Other regency", "tingkat": "kab"}, square(9)),
        ],
    )
    found = boundaries.load(REGIONS, root_file, root_file.parents[1], shipped=[shipped])
    by_code = dict(zip(found.shapes["area_code"], found.shapes["source"], strict=True))
    # 99.01.01 from the root (replacing the shipped square at 10,10), 99.01.02 added by the
    # root, 99.01 and 99.01.03 from the shipped file
    assert by_code == {
        "99.01": "default",
        "99.01.01": "reference/batas_wilayah.geojson",
        "99.01.02": "reference/batas_wilayah.geojson",
        "99.01.03": "default",
    }
    one = shapely.from_geojson(found.shapes.set_index("area_code").loc["99.01.01", "geometry_geojson"])
    assert one.bounds == (0.0, 0.0, 1.0, 1.0)
    # the shipped 99.01.07 lies in the gazetteer's regency but is no area of it: noted;
    # 99.02 is another regency the gazetteer does not hold: not noted
    noted = {(n["topic"], n["value"]) for n in found.notes}
    assert noted == {("boundary_unmatched_code", "99.01.07"), ("boundary_unmatched_code", "99.01.09")}


def test_a_province_without_a_shipped_file_gets_no_shape_and_no_note():
    regions = pd.DataFrame(
        {"code": ["64", "64.09", "64.09.01"], "level": ["province", "regency", "district"]}
    )
    found = boundaries.load(regions)
    assert found.shapes.empty
    assert found.notes == []
    assert found.files == []


def test_an_unreadable_file_is_listed_with_what_to_do(tmp_path: Path):
    path = tmp_path / "raw" / "reference" / "batas_wilayah.geojson"
    path.parent.mkdir(parents=True)
    path.write_text("not json", encoding="utf-8")
    found = boundaries.load(REGIONS, path, path.parents[1], shipped=[])
    [entry] = found.files
    assert entry["error"].startswith("unreadable:")
    assert "kode" in entry["error"]
    assert found.shapes.empty


def test_the_shipped_file_covers_bengkayang():
    """The package's West Kalimantan file: Bengkayang (61.07) has its 17 kecamatan and 124 villages."""
    [shipped] = boundaries.shipped_files()
    codes = [code for code, _ in boundaries._shipped_features(shipped)]
    assert "61.07" in codes
    assert sum(c.startswith("61.07.") and c.count(".") == 2 for c in codes) == 17
    assert sum(c.startswith("61.07.") and c.count(".") == 3 for c in codes) == 124
    assert shipped.stat().st_size < 3_000_000
