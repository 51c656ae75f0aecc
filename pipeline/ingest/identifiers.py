"""Identifiers (NIK, KPJ, claim id) normalised in one place (CONTRACT §2, §3.7).

Ingestion, the duplicate rules and every join (claims to spells by KPJ included) use
these functions; nothing else normalises an identifier.

- Digits of any script (full-width ``６``, Arabic-Indic ``٦``, Devanagari ``६`` ...) are
  the same digits.
- Spaces of any kind, zero-width and other format characters (U+2060, the soft hyphen),
  dots and dashes of any kind are ignored; so is a leading apostrophe (Excel's "text"
  marker) and the ``.0`` a number cell prints.
- A NIK is 16 digits with a Kemendagri province code, district and regency digits not
  ``00``, a birth day (01–31, or 41–71 for women), a birth month and a serial not
  ``0000``. It has lost digits when written in scientific notation, held as a number of
  2^53 or more, or typed into number cells that Excel cut to 15 significant digits.
- Claim ids compare ignoring case and spaces.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: Kemendagri province codes: the 34 provinces of the shipped gazetteer and the four
#: Papua provinces created in 2022 (93 Papua Selatan, 94 Papua Tengah, 95 Papua
#: Pegunungan, 96 Papua Barat Daya).
PROVINCE_CODES = frozenset(
    (
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "51",
        "52",
        "53",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "72",
        "73",
        "74",
        "75",
        "76",
        "81",
        "82",
        "91",
        "92",
        "93",
        "94",
        "95",
        "96",
    )
)

_SCIENTIFIC = re.compile(r"^'?[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_NIK_SHAPE = (
    r"^(\d{2})(\d{2})(\d{2})(0[1-9]|[12]\d|3[01]|4[1-9]|[56]\d|7[01])(0[1-9]|1[0-2])\d{2}"
    r"(\d{4})$"
)


@lru_cache(maxsize=4096)
def _ascii_char(ch: str) -> str:
    """A digit of any script as its ASCII digit; separators and format marks as nothing."""
    category = unicodedata.category(ch)
    if category == "Nd":
        return str(unicodedata.digit(ch))
    if category in ("Zs", "Zl", "Zp", "Cf", "Pd") or ch in "\u2212\uff0e\u3002\u00b7":
        return ""
    return ch


def _to_ascii(text: str | None) -> str | None:
    if text is None or text.isascii():
        return text
    return "".join(_ascii_char(ch) for ch in text)


def normalise_identifiers(values: pd.Series) -> pd.Series:
    """Identifier cells -> plain ASCII digits and letters; empty becomes null.

    Arrow compute for the common case; only values holding non-ASCII characters go
    through a per-value translation.
    """
    arr = pa.array(values.astype("string[pyarrow]").array)
    if not pc.all(pc.fill_null(pc.string_is_ascii(arr), True)).as_py():
        arr = pa.array([_to_ascii(v) for v in arr.to_pylist()], pa.string())
    arr = pc.utf8_trim_whitespace(arr)
    # When every value is ASCII digits only (and not empty), none of these steps changes one.
    if not pc.all(pc.fill_null(pc.ascii_is_decimal(arr), True)).as_py():
        arr = pc.replace_substring_regex(arr, r"^['‘’`]+\s*", "")
        arr = pc.replace_substring_regex(arr, r"^(\d+)\.0+$", r"\1")
        arr = pc.replace_substring_regex(arr, r"[\s.\-_]+", "")
        arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    return pd.Series(arr.to_pandas(types_mapper=pd.ArrowDtype), index=values.index).astype("string[pyarrow]")


def normalise_identifier(text: str | None) -> str | None:
    """One identifier normalised (see ``normalise_identifiers``)."""
    value = normalise_identifiers(pd.Series([text], dtype="string[pyarrow]")).iloc[0]
    return None if pd.isna(value) else value


def _as_ascii(values: pd.Series) -> pd.Series:
    """Text of ``values`` with digits of any script as ASCII (one Arrow scan when all are ASCII)."""
    text = values.astype("string[pyarrow]")
    arr = pa.array(text.array)
    if pc.all(pc.fill_null(pc.string_is_ascii(arr), True)).as_py():
        return text
    return text.map(_to_ascii, na_action="ignore").astype("string[pyarrow]")


def is_scientific(values: pd.Series) -> pd.Series:
    """Values written in scientific notation (``6.10714E+15``): digits already lost."""
    return _as_ascii(values).str.strip().str.fullmatch(_SCIENTIFIC).fillna(False).astype(bool)


# _NIK_SHAPE and its checks as one pattern: a province code, district and regency digits
# not 00, a birth day and month, two year digits and a serial not 0000.
_NIK_VALID = (
    "^(?:" + "|".join(sorted(PROVINCE_CODES)) + ")(?:0[1-9]|[1-9][0-9])(?:0[1-9]|[1-9][0-9])"
    "(?:0[1-9]|[12][0-9]|3[01]|4[1-9]|[56][0-9]|7[01])(?:0[1-9]|1[0-2])[0-9]{2}"
    "(?:[1-9][0-9]{3}|[0-9][1-9][0-9]{2}|[0-9]{2}[1-9][0-9]|[0-9]{3}[1-9])$"
)


def nik_structure_ok(digits: pd.Series) -> pd.Series:
    """Normalised values that are structurally valid NIKs (CONTRACT §2).

    Normalised values hold ASCII digits only (``normalise_identifiers``), so one Arrow
    regex decides (no Python per value).
    """
    arr = pa.array(digits.astype("string[pyarrow]").array)
    ok = pc.fill_null(pc.match_substring_regex(arr, _NIK_VALID), False)
    return pd.Series(ok.to_numpy(zero_copy_only=False), index=digits.index, dtype=bool)


#: From these values on, a float of each kind no longer holds every integer exactly.
_EXACT_BELOW = {"number_cell": 2**53, "float64": 2**53, "float32": 2**24, "float16": 2**11}


def nik_problems(
    values: pd.Series, stored_as: pd.Series | None = None, digits: pd.Series | None = None
) -> pd.Series:
    """Per NIK cell: null when usable, else ``missing_required``, ``invalid_nik`` or ``nik_precision_lost``.

    ``stored_as`` says how a value was stored when not as text: ``number_cell`` (a
    spreadsheet number cell, a double) or a Parquet float type. A value at or beyond
    the largest integer that type holds exactly has lost digits. ``digits``: the values
    already normalised (``normalise_identifiers(values)``), when the caller has them.
    """
    digits = normalise_identifiers(values) if digits is None else digits
    out = pd.Series(None, index=values.index, dtype=object)
    out[~nik_structure_ok(digits).to_numpy()] = "invalid_nik"
    out[digits.isna().to_numpy(dtype=bool)] = "missing_required"
    lost = is_scientific(values).to_numpy().copy()
    if stored_as is not None and stored_as.notna().any():  # text cells only: nothing to judge
        limit = stored_as.map(_EXACT_BELOW).astype("float64")
        number = pd.to_numeric(digits, errors="coerce").astype("float64")
        lost |= (number >= limit).fillna(False).to_numpy(dtype=bool)
    out[lost] = "nik_precision_lost"
    return out


def truncated_number_niks(digits: pd.Series, stored_as: pd.Series) -> pd.Series:
    """Number-cell NIKs of one sheet cut by Excel: at least three, and all end in ``0``.

    Excel keeps 15 significant digits of a number typed into a cell, so a 16-digit NIK
    typed that way always ends in 0; three such values in a row are no coincidence.
    (Parquet floats are not typed by hand: their exactness is judged by their type.)
    """
    in_cells = (stored_as == "number_cell").fillna(False).astype(bool) & digits.notna()
    cut = pd.Series(False, index=digits.index)
    if in_cells.sum() >= 3 and digits[in_cells].str.endswith("0").all():
        cut = in_cells
    return cut


def claim_id_key(values: pd.Series) -> pd.Series:
    """Claim ids for comparison: case and spaces ignored (CONTRACT §3.7).

    Also ignored: what changes how an id looks but not what was typed on the keyboard:
    digits of other scripts, every kind of dash (``–``, ``‑``, ``−`` are ``-``), format
    characters and Excel's leading apostrophe.
    """
    ascii_values = values.astype("string[pyarrow]").map(_to_ascii_keep_marks, na_action="ignore")
    key = ascii_values.astype("string[pyarrow]").str.upper().str.replace(r"\s+", "", regex=True)
    return key.str.replace(r"^['‘’`]+", "", regex=True)


def _to_ascii_keep_marks(text: str) -> str:
    """Digits of any script as ASCII and format characters dropped; dashes are kept."""
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        if category == "Nd":
            out.append(str(unicodedata.digit(ch)))
        elif category == "Pd" or ch == "\u2212":
            out.append("-")
        elif category.startswith("Z"):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)
