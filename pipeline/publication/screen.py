"""The publication screen: every string that goes into a published output passes through it.

Published outputs are the PDF reports (their text, their attachments, their manifest)
and ``exports/``. Internal outputs (``internal/``) and the ``audit`` tables keep what
was typed; only the formula rule (``neutralise``) applies to them as well.

What the screen does (``docs/security.md`` says what it cannot do):

- ``redact``: digit runs of 10 or more (NIK- and KPJ-like; up to three spaces, or a dot,
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

import itertools
import re
import unicodedata
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


def _separator_class() -> str:
    """Every character that may stand between the digit groups of one number.

    Spaces of any kind (NBSP, thin, ideographic, line breaks), invisible format characters
    (zero-width space, soft hyphen, BOM: a PDF shows the digits side by side), dashes of any
    kind (hyphen, en and em dash, minus, full-width), dots, commas, slashes, underscores and
    brackets, in their ASCII, typographic and full-width forms.
    """
    listed = set(".,/\\_()[]'\u00b7\u2024\u2027\u2044\u2215\u2212\u3001\u3002\uff61\uff64")
    listed |= {chr(c) for c in range(0xFF01, 0xFF5F) if chr(c) in "．，／＼＿（）［］－＇"}
    for code in range(0x10000):
        char = chr(code)
        if char.isspace() or unicodedata.category(char) in ("Cf", "Pd", "Zs", "Zl", "Zp"):
            listed.add(char)
    return "[" + "".join(re.escape(c) for c in sorted(listed)) + "]"


_SEP = _separator_class()
# one candidate number: digit groups joined by any run of separators (``6107 - 0115 - 0580``,
# ``６１０７\u00a0０１１５``), with a leading ``+`` or bracket of a phone number
_PATTERN = re.compile(
    "|".join(
        (
            # a digest: 32 or 64 hex digits standing alone (an input's SHA-256), or a report's
            # document id (MONEV-61.07-202509-1A2B3C4D5E)
            r"(?P<digest>(?<![0-9A-Za-z])(?:[0-9a-f]{64}|[0-9a-f]{32})(?![0-9A-Za-z])"
            r"|MONEV-\d{2}(?:\.\d{2})?-\d{6}-[0-9A-F]{10}(?![0-9A-Za-z]))",
            r"(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)",
            rf"(?P<chain>(?:[+\uff0b]\s*|[(\uff08]){{0,2}}(?<!\d)\d+(?:{_SEP}+\d+)*)",
        )
    )
)
_GROUP = re.compile(rf"(\d+)({_SEP}*)")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DATE_SEPARATORS = {"-", "/", "."}
_KIND_WORDS = {"enrolment": "kepesertaan", "claims": "klaim", "reference": "referensi", "raw": "lain"}
_SHEETED = (".xlsx", ".xlsm", ".xls")


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) for c in text if c.isdecimal())


#: Kemendagri province codes: a region code starts with one of them.
_PROVINCES = frozenset(
    [*range(11, 20), 21, *range(31, 37), 51, 52, 53, *range(61, 66), *range(71, 77), 81, 82, *range(91, 97)]
)


def _region_code_length(digits: list[str], seps: list[str]) -> int:
    """How many groups make a region code here (``61``, ``61.07``, ``61.07.14``, ``61.07.14.2001``), or 0."""
    if len(digits[0]) != 2 or int(digits[0]) not in _PROVINCES:
        return 0
    length = 1
    for expected in (2, 2, 4):
        if length < len(digits) and seps[length - 1] == "." and len(digits[length]) == expected:
            length += 1
        else:
            break
    return length


def _readable_pieces(groups: list[tuple[str, str]]) -> list[tuple[str, int]] | None:
    """The chain read as dates, years and village codes only, or None.

    ``groups`` are (digits, separator after) pairs. A date is day, month and a 4-digit year
    (or year, month, day) joined by one and the same ``-``, ``/`` or ``.``; a year is 1900 to
    2099; a village code is ``61.07.14.2001``. Returns (kind, value) pieces.
    """
    pieces: list[tuple[str, int]] = []
    i = 0
    while i < len(groups):
        digits = [g for g, _ in groups[i : i + 4]]
        seps = [unicodedata.normalize("NFKC", s) for _, s in groups[i : i + 3]]
        if len(digits) >= 3 and seps[0] == seps[1] and seps[0] in _DATE_SEPARATORS:
            a, b, c = (int(d) for d in digits[:3])
            lengths = [len(d) for d in digits[:3]]
            day_first = lengths[2] == 4 and lengths[0] <= 2 and lengths[1] <= 2
            if day_first and 1 <= a <= 31 and 1 <= b <= 12 and 1900 <= c <= 2099:
                pieces.append(("date", c * 10000 + b * 100 + a))
                i += 3
                continue
            year_first = lengths[0] == 4 and lengths[1] <= 2 and lengths[2] <= 2
            if year_first and 1 <= b <= 12 and 1 <= c <= 31 and 1900 <= a <= 2099:
                pieces.append(("date", a * 10000 + b * 100 + c))
                i += 3
                continue
        code = _region_code_length(digits, seps)
        if code:
            pieces.append(("code", int(digits[0])))
            i += code
            continue
        if len(digits[0]) == 4 and 1900 <= int(digits[0]) <= 2099:
            pieces.append(("date", int(digits[0]) * 10000))
            i += 1
            continue
        if len(digits[0]) <= 4:
            pieces.append(("plain", int(digits[0])))
            i += 1
            continue
        return None
    return pieces


def _is_readable(text: str, groups: list[tuple[str, str]], dates_only: bool = False) -> bool:
    """An amount, village codes, or dates and years in order: how reports and directives write them."""
    ascii_text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    if not dates_only and _THOUSANDS.fullmatch(ascii_text) and len(_ascii_digits(text)) <= 14:
        return True
    pieces = _readable_pieces(groups)
    if not pieces:
        return False
    kinds = {kind for kind, _ in pieces}
    values = [value for _, value in pieces]
    if dates_only and kinds != {"date"}:
        return False
    if kinds == {"plain"}:
        # short numbers in order: a list or ranges ("<25, 25-39, 40-54"); a NIK or phone number
        # cut into groups is not in order (the month in its middle is at most 12)
        return values == sorted(values)
    if kinds == {"code"}:
        # codes listed together are of one province ("61, 61.07, 61.07.14"); a number cut
        # into pairs of digits is not
        return len({value for _, value in pieces}) == 1
    # dates and years read in order (a period, "2025 - 2029"); a number cut to look like two
    # dates out of order is a number. A year alone (``mmdd`` 0000) is compared by its year.
    if kinds != {"date"}:
        return False
    for (_, left), (_, right) in itertools.pairwise(pieces):
        whole = left % 10000 and right % 10000
        if (left if whole else left // 10000) > (right if whole else right // 10000):
            return False
    return True


def _replace(match: re.Match) -> str:
    kind = match.lastgroup
    text = match.group(0)
    if kind == "digest":
        return text
    if kind == "email":
        return MASK_EMAIL
    start = re.search(r"\d", text).start()
    lead, body = text[:start], text[start:]
    digits = _ascii_digits(body)
    if len(digits) < 9:
        return text
    groups = [(m.group(1), m.group(2)) for m in _GROUP.finditer(body)]
    international = "+" in unicodedata.normalize("NFKC", lead) and digits.startswith("62")
    phone = international or (digits.startswith("628") and len(digits) >= 11)
    # a number starting with 0 is a phone number unless it reads as dates ("08-12-2025 - ...")
    if not phone and _is_readable(body, groups, dates_only=digits.startswith("0")):
        return text
    if phone or digits.startswith("0"):
        return MASK_PHONE
    if len(digits) >= 10:
        return MASK_NUMBER
    return text


def redact(value: Any) -> Any:
    """A text with NIK-/KPJ-like numbers, phone numbers and e-mail addresses redacted (for print).

    Not ``pipeline.ingest.parse.hide_middle``, which hides all but the ends of a personal value in
    the audit trail.

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
    return neutralise(redact(value))


def is_live_formula(value: Any) -> bool:
    """Whether a cell's text would be evaluated as a formula by a spreadsheet."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def screen_frame(frame: pd.DataFrame, cell=publish_cell) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell passed through ``cell`` (default: redact + neutralise)."""
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
        return redact(value)
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
        # In the wrong place (pipeline.ingest.discover): first, their texts may hold any word.
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
