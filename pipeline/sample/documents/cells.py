"""How one office writes its cells: NIK, date, amount and village spellings, file-seeded."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from pipeline.sample.common import SEED, ExcelSerial, dmy, excel_serial, indo, rupiah


class Fmt:
    """Per-file cell formatting with a file-seeded random stream."""

    def __init__(self, relpath: str, **opts: Any):
        self.rng = random.Random(f"{SEED}:{relpath}")
        self.o = opts

    def nik(self, nik: str) -> Any:
        r = self.rng.random()
        if r < self.o.get("p_apos", 0.0):
            return "'" + nik
        r -= self.o.get("p_apos", 0.0)
        if r < self.o.get("p_space", 0.0):
            return f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}"
        r -= self.o.get("p_space", 0.0)
        if r < self.o.get("p_dots", 0.0):
            return f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}.{nik[6:12]}.{nik[12:]}"
        r -= self.o.get("p_dots", 0.0)
        if r < self.o.get("p_trail", 0.0):
            return nik + " "
        # The draw is kept so that every later value stays the same. Number-cell NIKs
        # are no longer written: a sheet whose number-cell NIKs all end in 0 reads as
        # cut by Excel (CONTRACT §2), and these all end in 0.
        if nik.endswith("0"):
            self.rng.random()
        return nik

    def date(self, d: dt.date | None) -> Any:
        if d is None:
            return None
        style = self.o.get("date", "excel")
        if self.rng.random() < self.o.get("p_serial", 0.0):
            return ExcelSerial(excel_serial(d))
        if style == "excel":
            return d
        if style == "dmy":
            return dmy(d)
        if style == "dmy-":
            return dmy(d, "-")
        if style == "iso":
            return d.isoformat()
        if style == "indo":
            return indo(d, short_sept=self.rng.random() < 0.5)
        if style == "mixed":  # Excel date cells and dd-mm-yyyy text in one column
            return d if self.rng.random() < 0.6 else dmy(d, "-")
        raise ValueError(style)

    def amount(self, x: int | None) -> Any:
        if x is None:
            return None
        style = self.o.get("amount", "num")
        if style == "num":
            return x
        if style == "rp":
            return rupiah(x)
        if style == "rp_full":
            return rupiah(x, decimals=True, space=True)
        if style == "dotted":
            return f"{x:,}".replace(",", ".")
        raise ValueError(style)

    def desa(self, name: str, code: str) -> str:
        kel = code.rsplit(".", 1)[1].startswith("1")
        r = self.rng.random()
        prefixes = ("Kel. ", "Kelurahan ") if kel else self.o.get("desa_prefix", ("Desa ", "Ds. "))
        if r < 0.45:
            return self.rng.choice(prefixes) + name
        if r < 0.6:
            return name.upper()
        return name
