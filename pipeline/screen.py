"""The publication screen: every string that goes into a published output passes through it.

Published outputs are the PDF reports (their text, their attachments, their manifest)
and ``exports/``. Internal outputs (``internal/``) and the ``audit`` tables keep what
was typed; only the formula rule (``neutralise``) applies to them as well.

What the screen does (``docs/security.md`` says what it cannot do):

- ``mask``: digit runs of 10 or more (NIK- and KPJ-like; up to three spaces, or a dot,
  dash, slash, underscore or comma between the digits count as one run), Indonesian
  phone numbers (``08…``, ``+62…``, landlines with an area code) and e-mail addresses
  become ``[nomor disamarkan]``,
  ``[telepon disamarkan]`` and ``[surel disamarkan]``. A SHA-256 (or 128-bit) hex
  digest and a report's document id are left alone, as are a Kemendagri village code (``61.07.14.2001``) and a
  number grouped in thousands of at most 14 digits (``1.234.567.890``: how the report
  prints an amount; a NIK shown in thousands style has 16 and is masked);
- ``neutralise``: a text cell a spreadsheet would read as a formula (``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return first) gets a leading ``'``. The one rule
  for every table the pipeline writes: exports, PDF attachments, the renewal list and
  the fix list;
- ``fold_rare``: a free-text value (an occupation or funding spelling, an unknown
  column name, a sheet name) is published only when at least ``MIN_ROWS`` rows carry
  it; rarer ones are folded into a count ("lainnya: 7 ejaan, 9 baris");
- ``file_label``: an input file is published by a neutral label
  (``kepesertaan #3 · xlsx · 2 lembar``) and its SHA-256, never by its name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

import pandas as pd

#: Rows that must carry a free-text value before it is published.
MIN_ROWS = 5
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MASK_NUMBER = "[nomor disamarkan]"
MASK_PHONE = "[telepon disamarkan]"
MASK_EMAIL = "[surel disamarkan]"

# Between the digits of one number: up to three spaces of any kind, or one dot, dash,
# slash, underscore or comma (``6107 0145``, ``6107/0145``, ``6.107.014.512.900.003``).
_SEP = r"(?:\s{1,3}|[.\-/_,])"
_PATTERN = re.compile(
    "|".join(
        (
            # a digest: 32 or 64 hex digits standing alone (an input's SHA-256), or a report's
            # document id (MONEV-61.07-202509-1A2B3C4D5E)
            r"(?P<digest>(?<![0-9A-Za-z])(?:[0-9a-f]{64}|[0-9a-f]{32})(?![0-9A-Za-z])"
            r"|MONEV-\d{2}(?:\.\d{2})?-\d{6}-[0-9A-F]{10}(?![0-9A-Za-z]))",
            r"(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)",
            # +62 8xx / 62 8xx / 08xx, then 7 to 11 more digits with separators
            rf"(?P<phone>(?:\+\s?62|(?<![0-9])62|(?<![0-9])0){_SEP}?\(?8\)?(?:{_SEP}?\d){{7,11}}(?![0-9]))",
            # a landline with its area code: (0561) 692123, 021-5551234
            rf"(?P<landline>(?<![0-9])\(?0\d{{2,3}}\)?{_SEP}?\d{{3,4}}{_SEP}?\d{{3,4}}(?![0-9]))",
            rf"(?P<number>(?<![0-9])\d(?:{_SEP}?\d){{9,}}(?![0-9]))",
        )
    )
)
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_REGION_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")
_KIND_WORDS = {"enrolment": "kepesertaan", "claims": "klaim", "reference": "referensi", "raw": "lain"}
_SHEETED = (".xlsx", ".xlsm", ".xls")


def _replace(match: re.Match) -> str:
    kind = match.lastgroup
    text = match.group(0)
    if kind == "digest":
        return text
    # an amount grouped in thousands (up to 14 digits: no Rupiah figure of the programme is
    # larger; a NIK shown as a number in thousands style has 16) and a village code stay
    if kind == "number" and (
        (_THOUSANDS.fullmatch(text) and sum(c.isdigit() for c in text) <= 14) or _REGION_CODE.fullmatch(text)
    ):
        return text
    return {"email": MASK_EMAIL, "phone": MASK_PHONE, "landline": MASK_PHONE}.get(kind, MASK_NUMBER)


def mask(value: Any) -> Any:
    """A text with NIK-/KPJ-like numbers, phone numbers and e-mail addresses masked.

    Anything but a string is returned as it is. Idempotent: a masked text has no digits left
    where it was masked.
    """
    if not isinstance(value, str) or not value:
        return value
    return _PATTERN.sub(_replace, value)


def neutralise(value: Any) -> Any:
    """A text value a spreadsheet would read as a formula gets a leading ``'``.

    Only strings are touched: ``-5`` as a number is a number, ``'-5'`` as text becomes
    ``"'-5"``.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def publish_cell(value: Any) -> Any:
    """A published table cell: masked, then neutralised."""
    return neutralise(mask(value))


def is_live_formula(value: Any) -> bool:
    """Whether a cell's text would be evaluated as a formula by a spreadsheet."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def screen_frame(frame: pd.DataFrame, cell=publish_cell) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell passed through ``cell`` (default: mask + neutralise)."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            uniques = {v: cell(v) for v in column.dropna().unique() if isinstance(v, str)}
            if any(k != v for k, v in uniques.items()):
                out[name] = column.astype(object).map(_lookup(uniques))
    return out


def _lookup(mapping: dict[str, Any]):
    return lambda v: mapping.get(v, v) if isinstance(v, str) else v


def screen_data(value: Any) -> Any:
    """Every string in nested dicts, lists and tuples masked (dict keys included)."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, Mapping):
        return {screen_data(k): screen_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [screen_data(v) for v in value]
    if isinstance(value, tuple):
        return tuple(screen_data(v) for v in value)
    return value


def fold_rare(
    items: Iterable[dict[str, Any]], rows_key: str = "rows", min_rows: int = MIN_ROWS
) -> tuple[list[dict[str, Any]], dict[str, int] | None]:
    """Values carried by at least ``min_rows`` rows, and the rest as a count.

    Returns the kept items (in their order) and ``{"values": n, "rows": m}`` for the folded
    ones (None when nothing was folded).
    """
    kept, values, rows = [], 0, 0
    for item in items:
        if (item.get(rows_key) or 0) >= min_rows:
            kept.append(item)
        else:
            values += 1
            rows += item.get(rows_key) or 0
    return kept, ({"values": values, "rows": rows} if values else None)


def file_label(
    path: str, kind: str, ordinal: int, sheets: int | None, reference_stem: str | None = None
) -> str:
    """The published name of an input file: never its name.

    ``kepesertaan #3 · xlsx · 2 lembar``; a reference file is named by the role the
    pipeline found it in (``referensi wilayah · csv``), a shipped default mapping as
    ``bawaan pekerjaan_sektor · csv``.
    """
    suffix = PurePosixPath(path).suffix.lower().lstrip(".") or "tanpa ekstensi"
    if not re.fullmatch(r"[a-z0-9]{1,8}", suffix):
        suffix = "lain"
    if reference_stem:
        head = f"{'bawaan' if path.startswith('(default) ') else 'referensi'} {reference_stem}"
    else:
        head = f"{_KIND_WORDS.get(kind, kind)} #{ordinal}"
    parts = [head, suffix]
    if sheets and f".{suffix}" in _SHEETED:
        parts.append(f"{sheets} lembar")
    return " · ".join(parts)


def label_files(files: list[dict[str, Any]], reference_stems: Iterable[str]) -> list[dict[str, Any]]:
    """Give every input file of ``audit.input_files`` its ``label`` (numbered by kind, in path order)."""
    stems = set(reference_stems)
    ordinal: dict[str, int] = {}
    for f in sorted(files, key=lambda f: (f["kind"], f["path"])):
        stem = PurePosixPath(f["path"].removeprefix("(default) ")).stem.lower()
        known = stem if f["kind"] == "reference" and stem in stems else None
        ordinal[f["kind"]] = ordinal.get(f["kind"], 0) + (0 if known else 1)
        f["label"] = file_label(f["path"], f["kind"], ordinal[f["kind"]], f.get("sheets"), known)
    return files


def file_status(error: str | None) -> str:
    """The published state of an input file, a message key: never the error text, which may hold a path.

    ``read``, ``not_read.hidden``, ``not_read.lock``, ``not_read.link``, ``not_read.folder``,
    ``not_read.kind``, ``not_read.name``, ``not_read.other``,
    ``unreadable.type``, ``unreadable.refused``, ``unreadable.empty``, ``unreadable.other``.
    """
    if not isinstance(error, str) or not error:
        return "read"
    text = error.lower()
    if text.startswith("not read:"):
        # In the wrong place (pipeline.ingest.load): first, their texts may hold any word.
        for marker, key in (("wrong folder", "folder"), ("wrong kind", "kind"), ("unknown name", "name")):
            if text.startswith(f"not read: {marker}"):
                return f"not_read.{key}"
        for word, key in (("hidden", "hidden"), ("lock", "lock"), ("link", "link")):
            if word in text:
                return f"not_read.{key}"
        return "not_read.other"
    for word, key in (("unsupported file type", "type"), ("refused", "refused"), ("empty", "empty")):
        if word in text:
            return f"unreadable.{key}"
    return "unreadable.other"
