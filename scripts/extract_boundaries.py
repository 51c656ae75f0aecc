"""Extract the administrative boundaries of one province for the report's maps.

Writes ``pipeline/data/batas_wilayah_<PP>.geojson.gz``: one GeoJSON feature per regency,
district (kecamatan) and village (desa/kelurahan) of province ``PP`` (default ``61``,
Kalimantan Barat), with properties ``kode`` (Kemendagri code with dots), ``nama`` and
``tingkat`` (``kab``, ``kec`` or ``desa``), coordinates in longitude/latitude (WGS 84),
simplified and rounded to 5 decimals (about 1 m) so the file stays small.

Source: the MIT-licensed repository ``cahyadsn/wilayah_boundaries``
(https://github.com/cahyadsn/wilayah_boundaries; Kemendagri codes of Kepmendagri
300.2.2 of 2025), files ``db/kab/wilayah_boundaries_kab_PP.sql``,
``db/kec/wilayah_boundaries_kec_PP.sql`` and ``db/kel/PP/wilayah_boundaries_kel_PP.KK.sql``.
Each holds ``INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES (...)`` rows
whose ``path`` is a JSON array of polygons (or one polygon) of rings of ``[lat, lng]``
points. The codes are Kemendagri's, not BPS's (BPS 6102 is Bengkayang, Kemendagri 61.07).

Usage::

    python scripts/extract_boundaries.py PATH_TO_CHECKOUT [--province 61] [--commit SHA]

``PATH_TO_CHECKOUT`` is a working copy or a bare mirror (read with ``git show``) of the
repository. The source commit is recorded in the file (``metadata.source_commit``); the
gzip has no file name and mtime 0, so the same commit gives the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import subprocess
import sys
from pathlib import Path

from shapely import geometry, set_precision
from shapely.validation import make_valid

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "pipeline" / "data"
SOURCE_URL = "https://github.com/cahyadsn/wilayah_boundaries"
#: Douglas-Peucker tolerance per level, in degrees (0.0005° is about 55 m at the equator).
TOLERANCE = {"kab": 0.002, "kec": 0.001, "desa": 0.0004}
DECIMALS = 5
_ROW = re.compile(
    r"\(\s*'([0-9.]+)'\s*,\s*'((?:[^'\\]|\\.|'')*)'\s*,\s*(-?[0-9.]+)\s*,\s*(-?[0-9.]+)\s*,\s*'(\[.*?\])'\s*\)"
)


class Source:
    """Files of the repository, from a working copy or a bare mirror."""

    def __init__(self, path: Path, commit: str | None) -> None:
        self.path = path
        self.commit = commit or self._git("rev-parse", "HEAD").strip()

    def _git(self, *args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(self.path), *args], check=True, capture_output=True, text=True
        ).stdout

    def read(self, name: str) -> str:
        return self._git("show", f"{self.commit}:{name}")

    def names(self, folder: str) -> list[str]:
        return sorted(self._git("ls-tree", "--name-only", self.commit, folder + "/").split())


def rows(text: str) -> list[tuple[str, str, list]]:
    """``(kode, nama, path)`` of every row of the INSERT statements of ``text``."""
    out = []
    for m in _ROW.finditer(text):
        code, name, _lat, _lng, path = m.groups()
        out.append((code, name.replace("\\'", "'").replace("''", "'"), json.loads(path)))
    return out


def _depth(value) -> int:
    depth = 0
    while isinstance(value, list):
        depth, value = depth + 1, value[0] if value else None
    return depth


def shape(path: list) -> geometry.base.BaseGeometry:
    """The polygon(s) of a ``path``: rings of ``[lat, lng]`` as lon/lat shapes."""
    polygons = path if _depth(path) == 4 else [path]
    parts = []
    for rings in polygons:
        if not rings or len(rings[0]) < 4:
            continue
        exterior = [(lng, lat) for lat, lng in rings[0]]
        holes = [[(lng, lat) for lat, lng in r] for r in rings[1:] if len(r) >= 4]
        parts.append(geometry.Polygon(exterior, holes))
    found = make_valid(geometry.MultiPolygon(parts)) if len(parts) > 1 else make_valid(parts[0])
    return found


def simplified(found: geometry.base.BaseGeometry, level: str) -> geometry.base.BaseGeometry:
    """Simplified (topology kept), rounded to ``DECIMALS`` and valid; polygons only."""
    small = found.simplify(TOLERANCE[level], preserve_topology=True)
    small = set_precision(small, 10**-DECIMALS)
    if small.geom_type == "GeometryCollection":
        small = geometry.MultiPolygon(
            [
                p
                for g in small.geoms
                if g.geom_type in ("Polygon", "MultiPolygon")
                for p in getattr(g, "geoms", [g])
            ]
        )
    return small


def _rounded(value):
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def features(source: Source, province: str) -> list[dict]:
    files = [
        ("kab", f"db/kab/wilayah_boundaries_kab_{province}.sql"),
        ("kec", f"db/kec/wilayah_boundaries_kec_{province}.sql"),
        *[("desa", name) for name in source.names(f"db/kel/{province}")],
    ]
    out = []
    for level, name in files:
        for code, label, path in rows(source.read(name)):
            found = simplified(shape(path), level)
            if found.is_empty:
                print(f"{code} {label}: empty after simplifying, left out", file=sys.stderr)
                continue
            geo = geometry.mapping(found)
            out.append(
                {
                    "type": "Feature",
                    "properties": {"kode": code, "nama": label, "tingkat": level},
                    "geometry": {"type": geo["type"], "coordinates": _rounded(geo["coordinates"])},
                }
            )
    out.sort(key=lambda f: (len(f["properties"]["kode"]), f["properties"]["kode"]))
    return out


def write(out: Path, province: str, commit: str, found: list[dict]) -> None:
    collection = {
        "type": "FeatureCollection",
        "metadata": {
            "source": SOURCE_URL,
            "source_commit": commit,
            "licence": "MIT, Copyright (c) 2024 Cahya DSN",
            "province": province,
            "coordinates": "longitude, latitude (WGS 84), simplified, 5 decimals",
            "tolerance_degrees": TOLERANCE,
            "extracted_by": "scripts/extract_boundaries.py",
        },
        "features": found,
    }
    # One feature a line, its geometry last: valid GeoJSON that the pipeline reads line by line
    # (pipeline.ingest.boundaries) without parsing the shapes it does not need.
    head = json.dumps({**collection, "features": []}, ensure_ascii=False, separators=(",", ":"))
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in found]
    text = head[: -len("[]}")] + "[\n" + ",\n".join(lines) + "\n]}\n"
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as fh:
        fh.write(text.encode("utf-8"))
    out.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, help="working copy or bare mirror of wilayah_boundaries")
    parser.add_argument("--province", default="61")
    parser.add_argument("--commit", default=None, help="commit to read (default HEAD)")
    args = parser.parse_args(argv)
    source = Source(args.checkout, args.commit)
    found = features(source, args.province)
    counts = {lvl: sum(f["properties"]["tingkat"] == lvl for f in found) for lvl in TOLERANCE}
    out = OUT_DIR / f"batas_wilayah_{args.province}.geojson.gz"
    write(out, args.province, source.commit, found)
    print(f"{out}: {counts}, {out.stat().st_size:,} bytes, source commit {source.commit}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
