"""Mapping tables (CONTRACT §3.4): spellings of occupations and funding sources -> codes.

``pekerjaan_sektor.csv`` (occupation -> KBLI sector letter) and ``sumber_dana.csv``
(funding spelling -> funding code): their rows are validated (``validate_mapping``) and
become a look-up (``mapping_from_rows``) that the enrolment and reference rules apply
(``mapped_codes``); a spelling in no mapping is noted with the line to add
(``note_unmapped``).
"""

from __future__ import annotations

import pandas as pd

from pipeline.ingest import parse
from pipeline.ingest.fields import FUNDING_CODES, UNMAPPED
from pipeline.ingest.row_checks import Validation


def mapped_codes(mapping: dict[str, str], texts: pd.Series) -> pd.Series:
    """Each text's code in ``mapping`` (by its normalised spelling), ``UNMAPPED`` when it has none."""
    return parse.map_unique(texts, lambda t: mapping.get(parse.normalise_key(t), UNMAPPED))


#: What an unmapped spelling's note tells to add where (CONTRACT §3.4): the mapping file,
#: its columns, what the spelling counts as meanwhile, and the codes it may map to.
UNMAPPED_HINTS = {
    "unmapped_funding": ("funding", "sumber_dana.csv", "ejaan,kode", UNMAPPED, "CODE"),
    "unmapped_occupation": (
        "occupation",
        "pekerjaan_sektor.csv",
        "pekerjaan,sektor",
        f"sector {UNMAPPED}",
        "LETTER",
    ),
}


def suggested_code(spelling: str, mapping: dict[str, str]) -> str | None:
    """The code of the longest known spelling the unknown one starts with, or None.

    ``APBD Kab. PPU`` -> ``APBD Kab`` -> ``APBD_KAB``: only a suggestion in a note, never
    applied to a row.
    """
    key = parse.normalise_key(spelling)
    known = [k for k in mapping if len(k) >= 3 and key.startswith(k) and mapping[k] != UNMAPPED]
    return mapping[max(known, key=len)] if known else None


def note_unmapped(
    v: Validation, texts: pd.Series, codes: pd.Series, topic: str, mapping: dict[str, str]
) -> None:
    """One note per file, sheet and unknown spelling: its row count and the line to add."""
    unmapped = v.ok & texts.notna() & (codes == UNMAPPED)
    unmapped &= parse.map_unique(texts, parse.normalise_key) != parse.normalise_key(UNMAPPED)
    if not unmapped.any():
        return
    what, file, columns, counted_as, placeholder = UNMAPPED_HINTS[topic]
    picked = v.rows.loc[unmapped, ["source_path", "source_sheet", texts.name]]
    counts = picked.groupby(["source_path", "source_sheet", texts.name], sort=True).size()
    for (path, sheet, value), n in counts.items():
        code = suggested_code(value, mapping)
        spelling = value.strip()
        if "," in spelling or '"' in spelling:
            spelling = '"' + spelling.replace('"', '""') + '"'
        line = f"{spelling},{code or placeholder}"
        choose = "" if code else f" ({placeholder} being the right one of {_code_list(topic)})"
        v.notes.append(
            {
                "path": path,
                "sheet": sheet,
                "topic": topic,
                "value": value,
                "row_count": int(n),
                "message": f"{what} spelling '{value}' ({int(n)} rows) is in no mapping: counted as "
                f"{counted_as}; to map it, add the line {line}{choose} to reference/{file} "
                f"(columns {columns})",
                "field": texts.name,
            }
        )


def _code_list(topic: str) -> str:
    if topic == "unmapped_funding":
        return ", ".join(c for c in FUNDING_CODES if c != UNMAPPED)
    return "the KBLI 2020 section letters A to U"


def validate_mapping(
    rows: pd.DataFrame, fields, key: str, value: str, codes: tuple[str, ...]
) -> tuple[pd.DataFrame, Validation]:
    """Mapping rows (spelling -> code); a row whose code is not one of ``codes`` is ignored with a note.

    Its spelling then counts as unknown (CONTRACT §3.4). A funding code written as
    such is always its own spelling: a row cannot map ``APBD_KAB`` to another code.
    """
    v = Validation(rows, fields)
    for f in fields:
        v.reject(rows[f.name].isna(), f.name, "missing_required")
    code = rows[value].astype(object).map(lambda t: t.strip().upper() if isinstance(t, str) else None)
    invalid = v.ok & ~code.isin(codes)
    v.note_rows(
        invalid,
        value,
        "ignored_mapping_row",
        f"{value} is not one of {', '.join(codes)}: row ignored, its spelling counts as unknown",
    )
    own = {parse.normalise_key(c) for c in codes}
    keys = rows[key].astype(object).map(lambda t: parse.normalise_key(t) if isinstance(t, str) else None)
    overriding = v.ok & ~invalid & keys.isin(own) & (keys != code.map(parse.normalise_key))
    v.note_rows(
        overriding,
        key,
        "ignored_mapping_row",
        f"{key} is itself a code and always maps to itself: row ignored",
    )
    usable = v.ok & ~invalid & ~overriding
    # The same spelling mapped again to another code: the first row holds (file order).
    first_code = code[usable].groupby(keys[usable]).transform("first")
    conflicting = pd.Series(False, index=rows.index)
    conflicting[usable] = (code[usable] != first_code).to_numpy()
    v.note_rows(
        conflicting,
        value,
        "ignored_mapping_row",
        f"this {key} is mapped to another code on an earlier row: row ignored",
    )
    use = usable & ~conflicting
    # A spelling whose only rows have an invalid code is unknown, whatever an earlier
    # mapping (the shipped default) says: it comes back with no code.
    unknown = invalid & v.ok & ~keys.isin(set(keys[use]))
    frame = pd.DataFrame({key: rows.loc[use | unknown, key], value: code.where(use, None)[use | unknown]})
    return frame, v


def mapping_from_rows(
    rows: pd.DataFrame, key: str, value: str, codes: tuple[str, ...] = (), onto: dict | None = None
) -> dict[str, str]:
    """Normalised spelling -> code, added onto ``onto`` (a row's spelling wins over it).

    A row without a code (an invalid one, ``validate_mapping``) removes its spelling: it
    counts as unknown. ``codes`` map to themselves and cannot be overridden.
    """
    mapping = dict(onto or {})
    for k, val in zip(rows[key], rows[value], strict=True):
        if not isinstance(k, str):
            continue
        if isinstance(val, str) and val.strip():
            mapping[parse.normalise_key(k)] = val.strip().upper()
        else:
            mapping.pop(parse.normalise_key(k), None)
    mapping.update({parse.normalise_key(c): c for c in codes})
    return mapping
