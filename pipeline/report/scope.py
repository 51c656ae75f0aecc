"""Which reports a month gets, and how an area's name is printed and filed.

Each regency with rows for the month gets one; a province with several regencies also
gets a summary of them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import duckdb

from pipeline.report.queries import query

#: The longest name part of a report's file name (the code before it identifies the report).
SLUG_NAME_MAX = 60


@dataclass(frozen=True)
class ReportScope:
    """What one report covers: a regency, or a province summary of its regencies."""

    level: str  # "regency" or "province"
    code: str
    name: str  # as the marts give it, e.g. "KAB. BENGKAYANG"
    regency_codes: tuple[str, ...]

    @property
    def display_name(self) -> str:
        return display_area_name(self.name, self.level)

    @property
    def slug(self) -> str:
        """``61.07-kabupaten-bengkayang``: code, then the display name as ASCII words.

        The code identifies the report; the name part is only for people, cut to
        ``SLUG_NAME_MAX`` characters at a word, so whatever the gazetteer holds (300
        characters, markup, ``/``, ``..``) the file name is short and safe.
        """
        code = re.sub(r"[^0-9.]+", "", self.code).strip(".") or "wilayah"
        return f"{code}-{slugify(self.display_name, SLUG_NAME_MAX)}"

    @property
    def is_province(self) -> bool:
        return self.level == "province"


def display_area_name(name: str, level: str) -> str:
    """``KAB. BENGKAYANG`` -> ``Kabupaten Bengkayang``; mixed-case names stay as they are."""
    text = " ".join(str(name).split())
    upper = text.upper()
    prefix = ""
    for short, full in (
        ("KABUPATEN ", "Kabupaten"),
        ("KAB. ", "Kabupaten"),
        ("KAB ", "Kabupaten"),
        ("KOTA ", "Kota"),
        ("PROVINSI ", "Provinsi"),
    ):
        if upper.startswith(short):
            prefix, text = full, text[len(short) :].strip()
            break
    if level == "province" and not prefix:
        prefix = "Provinsi"
    if level == "regency" and not prefix:
        prefix = "Kabupaten"
    if text.isupper():
        text = " ".join(w if re.fullmatch(r"[IVX]+", w) else w.capitalize() for w in text.split())
    return f"{prefix} {text}".strip()


def slugify(text: str, max_chars: int | None = None) -> str:
    """Lower-case ASCII words joined by hyphens: ``Kabupaten Bengkayang`` -> ``kabupaten-bengkayang``.

    With ``max_chars``, cut to at most that many characters, at a hyphen when there is one.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if max_chars is not None and len(slug) > max_chars:
        at_word = slug[: max_chars + 1].rsplit("-", 1)[0]
        slug = (at_word if len(at_word) >= max_chars // 2 else slug[:max_chars]).strip("-")
    return slug or "wilayah"


def list_scopes(con: duckdb.DuckDBPyConnection, month: dt.date) -> list[ReportScope]:
    """Each regency with rows for ``month``, then a summary per province with several."""
    rows = query(con, "scopes", month=month)
    scopes = [ReportScope("regency", r["area_code"], r["area_name"], (r["area_code"],)) for r in rows]
    by_province: dict[str, list[str]] = {}
    for r in rows:
        by_province.setdefault(r["area_code"].split(".")[0], []).append(r["area_code"])
    for province, regencies in sorted(by_province.items()):
        if len(regencies) < 2:
            continue
        found = query(con, "province_name", code=province)
        name = found[0]["area_name"] if found and found[0]["area_name"] else province
        scopes.append(ReportScope("province", province, name, tuple(regencies)))
    return scopes
