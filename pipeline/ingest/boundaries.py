"""Area boundaries for the report's maps: the shipped default, to which the data root's file adds.

The package ships the boundaries of West Kalimantan (``pipeline/data/batas_wilayah_61.geojson.gz``,
``scripts/extract_boundaries.py``); a data root's own ``reference/batas_wilayah.geojson``
(a GeoJSON FeatureCollection in longitude/latitude) adds areas and, for a code in both,
replaces the shipped shape (CONTRACT §3.4b). A feature's code is read from its first
property named like a Kemendagri code (``kode``, ``kode_wilayah``, ``kdepum``, ...), with or
without dots (``6107142003`` is ``61.07.14.2003``), and matched against the gazetteer.

Only areas of the gazetteer are kept (``staging.area_shapes``, one row per area, the shape
as GeoJSON text). Noted in ``audit.notes``: a feature whose code matches no area of the
gazetteer (``boundary_unmatched_code``; for the shipped file only within the gazetteer's
regencies), a feature without a usable polygon (``boundary_bad_shape``), and an area of a
regency that has some shapes but none for this area (``boundary_missing_shape``). A regency
with no shape at all gets no note per area: its report says that its maps need the file.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.settings import PACKAGE_DATA_DIR

STEM = "batas_wilayah"
FILE_NAME = "batas_wilayah.geojson"
#: Property names that hold the Kemendagri code, in the order they are looked for (any case).
CODE_PROPERTIES = (
    "kode",
    "kode_wilayah",
    "kode_kemendagri",
    "kd_wilayah",
    "kdepum",
    "kdcpum",
    "kdpkab",
    "kode_desa",
    "kode_kec",
    "kode_kab",
    "code",
    "id",
)
#: Levels of the gazetteer that can have a shape.
LEVELS = ("regency", "district", "village")
_TOPIC_UNMATCHED = "boundary_unmatched_code"
_TOPIC_BAD = "boundary_bad_shape"
_TOPIC_MISSING = "boundary_missing_shape"


def shipped_files() -> list[Path]:
    """The shipped boundary files, one per province (``batas_wilayah_61.geojson.gz``)."""
    return sorted(PACKAGE_DATA_DIR.glob(f"{STEM}_*.geojson.gz"))


def normalise_code(value: Any) -> str | None:
    """A Kemendagri code with dots from any spelling (``6107``, ``61.07``, ``61 07 14``); else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if value != value or not value.is_integer():
            return None
        value = int(value)
    digits = re.sub(r"[\s.\-_/]", "", str(value))
    if not digits.isdigit() or len(digits) not in (2, 4, 6, 10):
        return None
    parts = [digits[:2], digits[2:4], digits[4:6], digits[6:]]
    return ".".join(p for p in parts if p)


def _read_collection(path: Path) -> dict:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig") as fh:
        return json.load(fh)


_SHIPPED_LINE = re.compile(
    r'\{"type":"Feature","properties":\{"kode":"([0-9.]+)".*?\},"geometry":(\{.*\})\},?$'
)


def _shipped_features(path: Path) -> list[tuple[str, str]]:
    """``(kode, geometry as GeoJSON text)`` of a shipped file, one feature a line.

    ``scripts/extract_boundaries.py`` writes each feature on its own line with the geometry
    last, so the text of a shape is cut out of its line, not parsed (the whole province's
    shapes would take a third of a second to parse and write back).
    """
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [m.groups() for line in fh if (m := _SHIPPED_LINE.match(line.rstrip("\n")))]


def _feature_code(properties: dict, known: set[str]) -> tuple[str | None, str | None]:
    """(the normalised code, the code as written) of a feature: the first code-like property."""
    by_name = {str(k).lower(): v for k, v in (properties or {}).items()}
    for name in CODE_PROPERTIES:
        if name in by_name and by_name[name] not in (None, ""):
            return normalise_code(by_name[name]), str(by_name[name])
    for value in by_name.values():  # any property holding a code of the gazetteer
        code = normalise_code(value)
        if code in known:
            return code, str(value)
    return None, None


def _usable(geometry: Any) -> bool:
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return False
    try:
        from shapely.geometry import shape

        found = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError):
        return False
    return not found.is_empty and found.area > 0


@dataclass
class Boundaries:
    """What the boundary files give: shapes of the gazetteer's areas, notes, the root's file entry."""

    shapes: pd.DataFrame
    notes: list[dict] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)


def _note(path: str, topic: str, value: str | None, message: str, row_number: int | None = None) -> dict:
    return {
        "path": path,
        "sheet": "",
        "topic": topic,
        "value": value,
        "row_count": None,
        "message": message,
        "kind": "reference",
        "row_number": row_number,
        "field": "kode",
    }


def load(
    regions: pd.DataFrame,
    root_file: Path | None = None,
    raw_dir: Path | None = None,
    shipped: list[Path] | None = None,
) -> Boundaries:
    """Shapes of the gazetteer's areas (``regions``: code, level) from the shipped files and the root's.

    ``root_file`` is the data root's ``reference/batas_wilayah.geojson`` (its path in notes
    and ``audit.input_files`` is relative to ``raw_dir``).
    """
    areas = regions[regions["level"].isin(LEVELS)]
    level_of = dict(zip(areas["code"], areas["level"], strict=True))
    known = set(level_of)
    regencies = {c for c, lvl in level_of.items() if lvl == "regency"}
    provinces = {c[:2] for c in known}
    chosen: dict[str, tuple[str, str]] = {}  # code -> (geometry json, source)
    notes: list[dict] = []
    files: list[dict] = []
    where = STEM  # the file a missing shape is noted against: the root's, else the shipped one
    for path in shipped if shipped is not None else shipped_files():
        if path.name.split(".")[0].removeprefix(f"{STEM}_") not in provinces:
            continue
        label = where = f"(default) {path.name}"
        for code, geometry in _shipped_features(path):
            if code in known:
                chosen[code] = (geometry, "default")
            elif code[:5] in regencies:
                notes.append(
                    _note(
                        label,
                        _TOPIC_UNMATCHED,
                        code,
                        f"{label}: code {code} matches no area of the gazetteer",
                    )
                )
    if root_file is not None:
        rel = where = root_file.relative_to(raw_dir).as_posix() if raw_dir else root_file.name
        entry = {
            "path": rel,
            "kind": "reference",
            "sha256": _sha256(root_file),
            "rows_read": 0,
            "rows_accepted": 0,
            "rows_rejected": 0,
            "error": None,
            "sheets": None,
        }
        try:
            collection = _read_collection(root_file)
            found = collection.get("features") if isinstance(collection, dict) else None
            if not isinstance(found, list):
                raise ValueError("not a GeoJSON FeatureCollection (no 'features' list)")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            entry["error"] = (
                f"unreadable: {exc}; write a GeoJSON FeatureCollection in longitude/latitude "
                "with a property 'kode' (the Kemendagri code); without it the shipped boundaries are used"
            )
            found = []
        entry["rows_read"] = entry["rows_accepted"] = len(found)
        files.append(entry)
        for number, feature in enumerate(found, start=1):
            feature = feature if isinstance(feature, dict) else {}
            code, written = _feature_code(feature.get("properties"), known)
            if code not in known:
                what = f"code {written}" if written else "no property holding a Kemendagri code ('kode')"
                notes.append(
                    _note(
                        rel,
                        _TOPIC_UNMATCHED,
                        written,
                        f"{rel}: feature {number}: {what} matches no area of the gazetteer (not drawn)",
                        number,
                    )
                )
            elif not _usable(feature.get("geometry")):
                notes.append(
                    _note(
                        rel,
                        _TOPIC_BAD,
                        code,
                        f"{rel}: feature {number} ({code}): no usable polygon (not drawn)",
                        number,
                    )
                )
            else:
                chosen[code] = (json.dumps(feature["geometry"], separators=(",", ":")), rel)
    with_shape = {c[:5] for c in chosen}
    for code in sorted(known - set(chosen)):
        if code[:5] in with_shape:
            notes.append(
                _note(
                    where,
                    _TOPIC_MISSING,
                    code,
                    f"area {code} has no shape in the boundary files: it is left blank on the maps",
                )
            )
    shapes = pd.DataFrame(
        [
            {"area_code": c, "level": level_of[c], "geometry_geojson": g, "source": s}
            for c, (g, s) in sorted(chosen.items())
        ],
        columns=["area_code", "level", "geometry_geojson", "source"],
    )
    return Boundaries(shapes, notes, files)


def _sha256(path: Path) -> str | None:
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
