"""The Kemendagri gazetteer: region levels and village look-up by code or by name."""

from __future__ import annotations

import functools
import gzip
from collections import Counter, defaultdict

import pandas as pd

from pipeline.ingest import parse
from pipeline.settings import PACKAGE_DATA_DIR

#: The national Kemendagri list shipped with the package (all provinces, every level).
NATIONAL_GAZETTEER = PACKAGE_DATA_DIR / "wilayah_indonesia.csv.gz"

LEVELS = {1: "province", 2: "regency", 3: "district", 4: "village"}


def regions_frame(codes: pd.Series, names: pd.Series) -> pd.DataFrame:
    """``staging.regions`` rows from dotted codes and names."""
    parts = codes.str.split(".")
    depth = parts.str.len()

    def prefix(n: int) -> pd.Series:
        return parts.map(lambda p: ".".join(p[:n]) if len(p) >= n else None)

    frame = pd.DataFrame(
        {
            "code": codes,
            "name": names,
            "level": depth.map(LEVELS),
            "parent_code": parts.map(lambda p: ".".join(p[:-1]) or None if len(p) > 1 else None),
            "province_code": prefix(1),
            "regency_code": prefix(2),
            "district_code": prefix(3),
            "is_kelurahan": parts.map(lambda p: len(p) == 4 and p[3].startswith("1")),
        }
    )
    return frame.reset_index(drop=True)


@functools.cache
def national_regency_counts() -> dict[str, int]:
    """Province code -> how many regencies (kabupaten and kota) the shipped national list has."""
    counts: Counter = Counter()
    with gzip.open(NATIONAL_GAZETTEER, "rt", encoding="utf-8") as fh:
        for line in fh:
            code = line.split(",", 1)[0].strip().strip('"')
            if len(code) == 5 and code[2] == "." and code.replace(".", "").isdigit():
                counts[code[:2]] += 1
    return dict(counts)


def with_national_counts(regions: pd.DataFrame) -> pd.DataFrame:
    """``regions`` with ``national_regency_count``, a province's regencies in the national list.

    For CONTRACT §5's partial area rows; null for other levels and a province the list lacks.
    """
    counts = national_regency_counts()
    province = regions["level"] == "province"
    national = regions["code"].map(counts).where(province)
    return regions.assign(national_regency_count=national.astype("Int64"))


def fill_missing_regions(regions: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Add a row for every ancestor code the gazetteer lacks, its code standing for its name.

    A gazetteer without the row of a district or regency still gives its villages'
    figures, rolled up by code (CONTRACT §3.1); the codes added are returned for a note.
    """
    known = set(regions["code"])
    needed = set()
    for code in regions["code"]:
        parts = code.split(".")
        needed.update(".".join(parts[:n]) for n in range(1, len(parts)))
    missing = sorted(needed - known)
    if not missing:
        return regions, []
    added = regions_frame(pd.Series(missing), pd.Series(missing))
    return pd.concat([regions, added], ignore_index=True), missing


class Gazetteer:
    """Village resolution: a code must name a village; names match within their district."""

    def __init__(self, regions: pd.DataFrame) -> None:
        self.regions = regions
        villages = regions[regions["level"] == "village"]
        self.village_codes = set(villages["code"])
        district_names = dict(
            zip(
                regions.loc[regions["level"] == "district", "code"],
                regions.loc[regions["level"] == "district", "name"],
                strict=True,
            )
        )
        self._by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
        for code, name, district in zip(
            villages["code"], villages["name"], villages["district_code"], strict=True
        ):
            key = (parse.normalise_place(district_names.get(district, "")), parse.normalise_place(name))
            self._by_name[key].append(code)

    def code_of(self, text: str | None) -> str | None:
        """The dotted village code if ``text`` is the code of a known village."""
        code = parse.parse_region_code(text)
        return code if code in self.village_codes else None

    def match_names(
        self,
        villages: pd.Series,
        districts: pd.Series,
        files: pd.Series,
        resolved: pd.DataFrame | None = None,
    ) -> pd.Series:
        """Village codes for (desa, kecamatan) names; ``None`` when unknown or ambiguous.

        A name pair found in several regencies (district and village names repeat
        across Indonesia) is settled by the regency most rows of the same file
        resolve to unambiguously (by name, or by code: ``resolved`` has columns
        ``file`` and ``village_code``); otherwise it stays unresolved.
        """
        keys = list(
            zip(
                villages.map(parse.normalise_place, na_action="ignore"),
                districts.map(parse.normalise_place, na_action="ignore"),
                strict=True,
            )
        )
        candidates = [
            self._by_name.get((d, v), []) if isinstance(v, str) and isinstance(d, str) else []
            for v, d in keys
        ]
        file_regency: dict[str, Counter] = defaultdict(Counter)
        if resolved is not None:
            for f, code in zip(resolved["file"], resolved["village_code"], strict=True):
                file_regency[f][code[:5]] += 1
        for cands, f in zip(candidates, files, strict=True):
            if len(cands) == 1:
                file_regency[f][cands[0][:5]] += 1
        out = []
        for cands, f in zip(candidates, files, strict=True):
            if len(cands) == 1:
                out.append(cands[0])
            elif len(cands) > 1 and file_regency[f]:
                regency = file_regency[f].most_common(1)[0][0]
                chosen = [c for c in cands if c.startswith(regency + ".")]
                out.append(chosen[0] if len(chosen) == 1 else None)
            else:
                out.append(None)
        return pd.Series(out, index=villages.index, dtype=object)
