"""Validation rules of the reference files (CONTRACT §3): gazetteer, workforce, targets, budgets, directives.

Written with the toolkit of ``row_checks``, as the enrolment and claim rules (``rules``).
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from pipeline.catalog.codes import SECTOR_CODES
from pipeline.ingest import parse
from pipeline.ingest.fields import (
    BUDGET_FIELDS,
    DIRECTIVE_FIELDS,
    GAZETTEER_FIELDS,
    TARGET_FIELDS,
    UCJ_TARGET_FIELDS,
    WORKFORCE_FIELDS,
)
from pipeline.ingest.gazetteer import regions_frame
from pipeline.ingest.mapping_rules import mapped_codes
from pipeline.ingest.row_checks import (
    SOURCE_COLUMNS,
    Validation,
    amount_column,
    date_column,
    reject_exact_duplicates,
)

#: Persons in an area (workforce, targets): more than any country has is a typing error.
AREA_PERSONS = (0, 10_000_000_000)


def validate_gazetteer(rows: pd.DataFrame) -> tuple[pd.DataFrame, Validation]:
    """Regions from ``kode,nama`` rows; malformed codes are rejected."""
    v = Validation(rows, GAZETTEER_FIELDS)
    reject_exact_duplicates(v)
    v.reject(~v.present("nama"), "nama", "missing_required")
    code = v.parsed("kode", parse.parse_region_code, "unknown_village", required=True)
    dup = code.notna() & v.ok & code.where(v.ok).duplicated(keep="first")
    v.reject(dup, "kode", "duplicate_row")
    ok = v.ok
    regions = regions_frame(code[ok].astype(str), rows.loc[ok, "nama"].astype(str))
    return regions, v


def area_code_column(v: Validation, known_codes: set[str]) -> pd.Series:
    """``kode_wilayah`` of a reference row: a Kemendagri code the gazetteer knows."""
    code = v.parsed("kode_wilayah", parse.parse_region_code, "unknown_village", required=True)
    v.reject(code.notna() & ~code.isin(known_codes), "kode_wilayah", "unknown_village")
    return code


def _validate_area_figures(
    rows: pd.DataFrame, fields, value_field: str, known_codes: set[str]
) -> tuple[pd.DataFrame, Validation]:
    v = Validation(rows, fields)
    reject_exact_duplicates(v)
    code = area_code_column(v, known_codes)
    year = v.parsed("tahun", parse.parse_year, "invalid_date", required=True)
    v.reject(~v.present(value_field), value_field, "missing_required")
    value = amount_column(v, value_field, AREA_PERSONS, parse.parse_count)
    ok = v.ok
    out = pd.DataFrame({"area_code": code[ok], "year": year[ok], "value": value[ok]})
    return out, v


def _text(rows: pd.DataFrame, ok: pd.Series, name: str) -> pd.Series:
    return rows.loc[ok, name].astype(object).where(rows.loc[ok, name].notna(), None)


#: The note of a reference row that is read but does not count (CONTRACT §3.2, §3.3).
IGNORED_REFERENCE_ROW = "ignored_reference_row"


def _conflicting_figures(
    v: Validation, out: pd.DataFrame, keys: list[str], value: str, what: str
) -> pd.Series:
    """Rows of ``out`` (indexed like ``v.rows``) that do not count: different figures for one key.

    Two or more different figures for the same ``keys`` (area, year and sector or source):
    none counts, and each such row gets a note naming the file and every row of the
    conflict. An exact repeat of a figure counts once (its later rows are dropped).
    """
    frame = out[[*keys, value]].astype(object).where(out[[*keys, value]].notna(), "\x00")
    groups = frame.groupby(keys, sort=False)[value]
    conflict = groups.transform("nunique") > 1
    repeat = frame.duplicated([*keys, value], keep="first") & ~conflict
    source_rows = v.rows.loc[out.index, "source_row"]
    for _, group in out[conflict].groupby(keys, sort=False, dropna=False):
        where = pd.Series(v.rows.index.isin(group.index), index=v.rows.index)
        listed = ", ".join(
            f"row {int(r)}: {int(x)}" for r, x in zip(source_rows[group.index], group[value], strict=True)
        )
        first = group.iloc[0]
        scope = f"{first['area_code']} in {int(first['year'])}"
        for key in keys[2:]:
            scope += f", {key} {first[key]}" if pd.notna(first[key]) else f", no {key}"
        v.note_rows(
            where,
            "kode_wilayah",
            IGNORED_REFERENCE_ROW,
            f"two different {what} for {scope} ({listed}): neither counts; keep one row and delete the other",
        )
    return conflict | repeat


def validate_workforce(rows: pd.DataFrame, known_codes: set[str]) -> tuple[pd.DataFrame, Validation]:
    """Workforce denominators, optionally by KBLI sector letter, with their source.

    A ``sektor`` that is not a KBLI section letter A–U, and two different figures for one
    area, year and sector, are ignored with a note naming the file and rows (CONTRACT §3.2).
    """
    out, v = _validate_area_figures(rows, WORKFORCE_FIELDS, "jumlah_pekerja", known_codes)
    out.index = rows.index[v.ok]
    typed = rows.loc[v.ok, "sektor"].astype(object)
    sector = typed.map(lambda s: s.strip().upper() if isinstance(s, str) and s.strip() else None)
    not_letter = sector.notna() & ~sector.isin(SECTOR_CODES)
    v.note_rows(
        pd.Series(rows.index.isin(not_letter[not_letter].index), index=rows.index),
        "sektor",
        IGNORED_REFERENCE_ROW,
        "sektor is not a KBLI 2020 section letter (A to U): this row's workers are not counted; "
        "write the letter (e.g. A for agriculture)",
    )
    out = out.rename(columns={"value": "workforce"})
    out.insert(2, "sector_code", sector.to_numpy())
    out["source_text"] = _text(rows, v.ok, "sumber").to_numpy()
    out = out[~not_letter.to_numpy()]
    dropped = _conflicting_figures(
        v, out, ["area_code", "year", "sector_code"], "workforce", "workforce figures"
    )
    return out[~dropped].reset_index(drop=True), v


def validate_targets(
    rows: pd.DataFrame, known_codes: set[str], funding: dict[str, str] | None = None
) -> tuple[pd.DataFrame, Validation]:
    """Coverage targets per area and year; with ``sumber_dana`` a programme quota of that source.

    Two different targets for one area, year and source are ignored with a note naming
    both rows (CONTRACT §3.3); an exact repeat counts once.
    """
    out, v = _validate_area_figures(rows, TARGET_FIELDS, "target", known_codes)
    out.index = rows.index[v.ok]
    codes = mapped_codes(funding or {}, rows.loc[v.ok, "sumber_dana"])
    out = out.rename(columns={"value": "target"})
    out["funding_source"] = codes.where(rows.loc[v.ok, "sumber_dana"].notna(), None).to_numpy()
    dropped = _conflicting_figures(v, out, ["area_code", "year", "funding_source"], "target", "targets")
    return out[~dropped].reset_index(drop=True), v


def parse_rate(text: str | None) -> float | None:
    """A rate as a fraction: ``0.5215``, ``0,5215``, or a percentage ``52,15%``; ``None`` otherwise."""
    if text is None:
        return None
    number = text.strip()
    percent = number.endswith("%")
    number = number.rstrip("%").strip().replace(",", ".")
    if not re.fullmatch(r"\d+(?:\.\d+)?", number):
        return None
    rate = float(number) / 100 if percent else float(number)
    return rate if 0 < rate <= 1 else None


def validate_ucj_targets(rows: pd.DataFrame, known_codes: set[str]) -> tuple[pd.DataFrame, Validation]:
    """Coverage-rate targets (fractions) per area and year, with their source."""
    v = Validation(rows, UCJ_TARGET_FIELDS)
    reject_exact_duplicates(v)
    code = area_code_column(v, known_codes)
    year = v.parsed("tahun", parse.parse_year, "invalid_date", required=True)
    rate = v.parsed("target_rate", parse_rate, "invalid_amount", required=True)
    ok = v.ok
    out = pd.DataFrame(
        {
            "area_code": code[ok],
            "year": year[ok],
            "target_rate": rate[ok],
            "source_text": _text(rows, ok, "sumber"),
        }
    )
    return out.reset_index(drop=True), v


#: A year's contribution budget of one source: beyond Rp1.000 trillion is a typing error.
BUDGET_IDR = (0, 1_000_000_000_000_000)


def validate_budgets(
    rows: pd.DataFrame, known_codes: set[str], funding: dict[str, str]
) -> tuple[pd.DataFrame, Validation]:
    """Contribution budgets per area, year and funding source."""
    v = Validation(rows, BUDGET_FIELDS)
    reject_exact_duplicates(v)
    code = area_code_column(v, known_codes)
    year = v.parsed("tahun", parse.parse_year, "invalid_date", required=True)
    v.reject(~v.present("sumber_dana"), "sumber_dana", "missing_required")
    v.reject(~v.present("pagu_idr"), "pagu_idr", "missing_required")
    budget = amount_column(v, "pagu_idr", BUDGET_IDR)
    ok = v.ok
    out = pd.DataFrame(
        {
            "area_code": code[ok],
            "year": year[ok],
            "funding_source": mapped_codes(funding, rows.loc[ok, "sumber_dana"]),
            "budget_idr": budget[ok],
        }
    )
    return out.reset_index(drop=True), v


def validate_directives(
    rows: pd.DataFrame, known_codes: set[str], today: dt.date | None = None
) -> tuple[pd.DataFrame, Validation]:
    """Directives of a meeting: area, date, text, and optionally indicator, who and deadline."""
    today = today or dt.date.today()
    v = Validation(rows, DIRECTIVE_FIELDS)
    reject_exact_duplicates(v)
    code = area_code_column(v, known_codes)
    meeting = date_column(v, "tanggal", today, required=True)
    v.reject(~v.present("arahan"), "arahan", "missing_required")
    deadline = date_column(v, "tenggat", today, required=False, optional_note=True)
    ok = v.ok
    out = pd.DataFrame(
        {
            "area_code": code[ok],
            "meeting_date": meeting[ok],
            "directive": _text(rows, ok, "arahan"),
            "indicator": rows.loc[ok, "indikator"]
            .astype(object)
            .map(lambda t: t.strip().lower() if isinstance(t, str) else None),
            "responsible": _text(rows, ok, "penanggung_jawab"),
            "deadline_date": deadline[ok],
            **{c: rows.loc[ok, c] for c in SOURCE_COLUMNS},
        }
    )
    return out.reset_index(drop=True), v
