"""Constants and small helpers every part of the sample generator shares."""

from __future__ import annotations

import datetime as dt
import random
import re
from calendar import monthrange
from dataclasses import dataclass
from pathlib import Path

SEED = 61_07_2025
AS_OF = dt.date(2025, 9, 30)
MANIFEST_NAME = ".sample_manifest.json"
FIXED_CREATED = dt.datetime(2025, 9, 30, 8, 0, 0)

PACKAGE_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GAZETTEER_FILE = PACKAGE_DATA_DIR / "wilayah_61.csv"
REGENCY = "61.07"
KARYA_BHAKTI = "61.07.14.2003"

IURAN_BPU = 16_800
IURAN_BPU_JHT = 36_800
JKM_BENEFIT = 42_000_000

BULAN = (
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


class ForeignFileError(FileExistsError):
    """A target file exists and was not written (unchanged) by the sample generator."""


@dataclass(frozen=True)
class ExcelSerial:
    """A date written as an Excel serial number in a plain numeric cell."""

    value: int


def excel_serial(d: dt.date) -> int:
    """Excel's day number of ``d`` (1900 date system)."""
    return (d - dt.date(1899, 12, 30)).days


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` moved by ``n`` months, the day capped at the month's last."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, monthrange(year, month)[1]))


def month_end(d: dt.date) -> dt.date:
    """The last day of ``d``'s month."""
    return dt.date(d.year, d.month, monthrange(d.year, d.month)[1])


def lama_end(start: dt.date, months: int) -> dt.date:
    """Last covered day of ``months`` paid from ``start`` (CONTRACT §3.5)."""
    return add_months(start, months) - dt.timedelta(days=1)


def dmy(d: dt.date, sep: str = "/") -> str:
    """``dd/mm/yyyy`` (or with another separator)."""
    return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"


def indo(d: dt.date, short_sept: bool = False) -> str:
    """``17 Mei 2025``, optionally ``Sept`` for September."""
    month = "Sept" if (short_sept and d.month == 9) else BULAN[d.month]
    return f"{d.day} {month} {d.year}"


def rupiah(x: int, decimals: bool = False, space: bool = False) -> str:
    """``Rp16.800``, ``Rp 16.800,00``."""
    body = f"{x:,}".replace(",", ".")
    return f"Rp{' ' if space else ''}{body}{',00' if decimals else ''}"


def norm(s: str) -> str:
    """Normal form used for mapping tables: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", s.lower())


def nodots(code: str) -> str:
    """A Kemendagri code without its dots."""
    return code.replace(".", "")


def weighted(rng: random.Random, table: dict[str, float]) -> str:
    """One key of ``table`` drawn with its weight."""
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]
