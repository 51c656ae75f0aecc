"""Pure value parsers for hand-typed cells (CONTRACT §2).

Each parser takes the cell as text (the reader turns every cell into text: Excel date
cells arrive as ``2025-03-01 00:00:00``, numbers as ``16800`` or ``45678``) and returns
the parsed value or ``None`` when it cannot be read. Column-wise application goes
through ``map_unique`` so each distinct spelling is parsed once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import numpy as np
import pandas as pd

from pipeline.ingest.fields import PROGRAMS, SEGMENTS, STATUSES

_EXCEL_EPOCH = dt.date(1899, 12, 30)

_MONTHS = {
    # Indonesian and English names and their usual abbreviations.
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "february": 2,
    "pebruari": 2,
    "feb": 2,
    "peb": 2,
    "maret": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "agustus": 8,
    "august": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "agust": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nopember": 11,
    "nov": 11,
    "nop": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_NAMED = re.compile(r"^(\d{1,2})[\s\-]+([a-z]+)\.?[\s\-]+(\d{4})$")
_SERIAL = re.compile(r"^\d{1,7}(?:\.0+)?$")


def clean_text(value: Any) -> str | None:
    """Strip whitespace and collapse inner runs; empty becomes ``None``."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


EARLIEST_DATE, LATEST_DATE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


def parse_date(text: str | None) -> dt.date | None:
    """Read a date in any form the contract lists; ``None`` if it is not one.

    Dates outside 1900–2100 are typing errors (``01/03/2205``), not data: they would
    stretch every monthly mart across centuries.
    """
    value = _parse_date(text)
    return value if value is not None and EARLIEST_DATE <= value <= LATEST_DATE else None


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    s = text.strip().lower()
    try:
        if m := _ISO.match(s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(s):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _NAMED.match(s):
            month = _MONTHS.get(m[2])
            return dt.date(int(m[3]), month, int(m[1])) if month else None
        if _SERIAL.match(s):
            serial = int(float(s))
            # Serials from 10000 (1927-05-18): a bare year such as 2025 is not a date,
            # and nothing in this domain (birth dates included) is older.
            if 10000 <= serial < 2958466:
                return _EXCEL_EPOCH + dt.timedelta(days=serial)
    except (ValueError, OverflowError):
        return None
    return None


_RP = re.compile(r"^(?:rp|idr)\.?\s*", re.IGNORECASE)
_ID_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_EN_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_COMMA_DECIMAL = re.compile(r"^\d+,\d{1,2}$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")


def parse_decimal(text: str | None) -> Decimal | None:
    """A non-negative number in Indonesian or plain notation, exactly (no float rounding).

    ``Rp16.800``, ``Rp 42.000.000,00``, ``16.800``, ``16800``, ``1,5``, ``16.8``. A group
    of three digits after a dot is Indonesian thousands notation (a numeric cell never
    prints trailing zeros, so ``16.800`` cannot be sixteen point eight). However many
    digits it has, the value is returned: range checks come before any cast.
    """
    if text is None:
        return None
    s = _RP.sub("", text.strip()).replace(" ", "").replace("\u00a0", "")
    s = s.removesuffix(",-").removesuffix(".-").rstrip("-")
    if _ID_THOUSANDS.match(s):
        whole, _, frac = s.partition(",")
        number = whole.replace(".", "") + ("." + frac if frac else "")
    elif _EN_THOUSANDS.match(s):
        number = s.replace(",", "")
    elif _COMMA_DECIMAL.match(s):
        number = s.replace(",", ".")
    elif _PLAIN.match(s):
        number = s
    else:
        return None
    if len(number.partition(".")[0]) > _MAX_DIGITS:
        return _TOO_LARGE  # beyond every range: no need to carry the digits
    try:
        return Decimal(number)
    except InvalidOperation:
        return None


_MAX_DIGITS = 30
_TOO_LARGE = Decimal(10) ** _MAX_DIGITS


def parse_amount(text: str | None) -> int | None:
    """Rupiah as a whole number (half a rupiah rounds up); ``None`` if not a number."""
    value = parse_decimal(text)
    return None if value is None else int(value.to_integral_value(ROUND_HALF_UP))


def parse_count(text: str | None) -> int | None:
    """A whole, non-negative number (months, persons); ``1,5`` or ``1.5`` is not one."""
    value = parse_decimal(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


def in_range(values: pd.Series, low: int, high: int) -> pd.Series:
    """Parsed whole numbers within ``low..high`` (Python ints: no overflow however large).

    Judged once per distinct value (``None`` is never in range).
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    judged = np.zeros(len(uniques) + 1, dtype=bool)  # the last: code -1, a missing value
    judged[:-1] = [u is not None and low <= u <= high for u in uniques]
    return pd.Series(judged[codes], index=values.index, dtype=bool)


def parse_year(text: str | None) -> int | None:
    """A four-digit year between 1900 and 2200."""
    value = parse_count(text)
    return value if value is not None and 1900 <= value <= 2200 else None


_GENDER = {
    "l": "L",
    "lk": "L",
    "lakilaki": "L",
    "pria": "L",
    "m": "L",
    "male": "L",
    "p": "P",
    "pr": "P",
    "perempuan": "P",
    "wanita": "P",
    "f": "P",
    "female": "P",
}


def parse_gender(text: str | None) -> str | None:
    """``L`` or ``P`` from the usual spellings; ``None`` otherwise."""
    return _GENDER.get(re.sub(r"[^a-z]", "", (text or "").lower()))


_SEGMENT_WORDS = {
    "penerimaupah": "PU",
    "bukanpenerimaupah": "BPU",
    "jasakonstruksi": "JAKON",
    "pekerjamigranindonesia": "PMI",
    "pekerjamigran": "PMI",
}


def parse_segment(text: str | None) -> str | None:
    """PU, BPU, JAKON or PMI, also spelt out (``Penerima Upah (PU)``); ``None`` otherwise."""
    text = text or ""
    for part in (
        text,
        *re.findall(r"[(\[]([^()\[\]]*)[)\]]", text),
        re.sub(r"[(\[][^()\[\]]*[)\]]", "", text),
    ):
        key = re.sub(r"[^a-z]", "", part.lower())
        if key.upper() in SEGMENTS:
            return key.upper()
        if key in _SEGMENT_WORDS:
            return _SEGMENT_WORDS[key]
    return None


_PROGRAM_WORDS = {
    "jaminankecelakaankerja": "JKK",
    "kecelakaankerja": "JKK",
    "jaminankematian": "JKM",
    "kematian": "JKM",
    "jaminanharitua": "JHT",
    "haritua": "JHT",
    "jaminanpensiun": "JP",
    "pensiun": "JP",
    "jaminankehilanganpekerjaan": "JKP",
    "kehilanganpekerjaan": "JKP",
}


def parse_program(text: str | None) -> str | None:
    """One programme code (JKK, JKM, JHT, JP, JKP) from a code or its full name."""
    key = re.sub(r"[^a-z]", "", (text or "").lower())
    key = key.removeprefix("klaim").removeprefix("program")
    if key.upper() in PROGRAMS:
        return key.upper()
    return _PROGRAM_WORDS.get(key)


def parse_programs(text: str | None) -> tuple[str, ...] | None:
    """A list such as ``JKK, JKM`` or ``JKK+JKM+JHT``, in canonical order; ``None`` if any is unknown."""
    parts = [p for p in re.split(r"[,;+/&]|\bdan\b|\s+", (text or "").strip(), flags=re.I) if p]
    codes = set()
    for part in parts:
        code = parse_program(part)
        if code is None:
            return None
        codes.add(code)
    return tuple(p for p in PROGRAMS if p in codes) or None


_STATUS_WORDS = {
    "dibayar": "DIBAYAR",
    "sudahdibayar": "DIBAYAR",
    "lunas": "DIBAYAR",
    "paid": "DIBAYAR",
    "bayar": "DIBAYAR",
    "selesai": "DIBAYAR",
    "proses": "PROSES",
    "diproses": "PROSES",
    "dalamproses": "PROSES",
    "pending": "PROSES",
    "verifikasi": "PROSES",
    "menunggu": "PROSES",
    "ditolak": "DITOLAK",
    "tolak": "DITOLAK",
    "rejected": "DITOLAK",
}


def parse_status(text: str | None) -> str | None:
    """DIBAYAR, PROSES or DITOLAK from the usual spellings; ``None`` otherwise."""
    key = re.sub(r"[^a-z]", "", (text or "").lower())
    return key.upper() if key.upper() in STATUSES else _STATUS_WORDS.get(key)


_CODE_DIGITS = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}
_FLOAT_TAIL = re.compile(r"^(\d+)\.0+$")


def parse_region_code(text: str | None) -> str | None:
    """A Kemendagri code with dots (``61.07.14.2003``), from dotted or undotted digits."""
    if text is None:
        return None
    s = text.strip().lstrip("'")
    if m := _FLOAT_TAIL.match(s):
        s = m[1]
    digits = re.sub(r"[\s.\-]", "", s)
    if not digits.isdigit() or len(digits) not in _CODE_DIGITS:
        return None
    parts, pos = [], 0
    for width in _CODE_DIGITS[len(digits)]:
        parts.append(digits[pos : pos + width])
        pos += width
    return ".".join(parts)


_NAME_PREFIX = re.compile(r"^(?:desa|ds|kelurahan|kel|kecamatan|kec)\b[\s.]*", re.I)


def normalise_place(text: str | None) -> str:
    """A place name for matching: case, punctuation and prefixes (``Desa``, ``Ds.``, ``Kel.``) dropped."""
    s = (text or "").strip().lower()
    while (stripped := _NAME_PREFIX.sub("", s, count=1)) != s and stripped.strip():
        s = stripped
    return re.sub(r"[^0-9a-z]", "", s)


def normalise_key(text: str | None) -> str:
    """A mapping-table key: case, spaces and punctuation dropped."""
    return re.sub(r"[\W_]+", "", (text or "").lower())


def map_unique(series: pd.Series, parse: Callable[[str | None], Any]) -> pd.Series:
    """Apply ``parse`` once per distinct value of ``series`` (object dtype result)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    parsed = np.empty(len(uniques) + 1, dtype=object)
    parsed[:-1] = [parse(None if pd.isna(u) else u) for u in uniques]
    parsed[-1] = parse(None)  # code -1: a missing value
    return pd.Series(parsed[codes], index=series.index, dtype=object)


def hide_middle(value: str | None, personal: bool) -> str | None:
    """A personal value with its middle hidden, for the audit tables: its first 4 and last 2 characters kept.

    Not ``screen.redact``, which finds NIK-, KPJ- and phone-like numbers inside free text.
    """
    if value is None or not personal:
        return value
    s = str(value)
    if len(s) <= 6:
        return "*" * len(s)
    return s[:4] + "*" * (len(s) - 6) + s[-2:]
