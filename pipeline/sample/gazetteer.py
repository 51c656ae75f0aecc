"""The province-61 gazetteer (Kemendagri codes and names) the sample draws its places from."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from pipeline.sample.common import GAZETTEER_FILE, REGENCY


@dataclass(frozen=True)
class Gazetteer:
    """Names of the province-61 regions the generator needs."""

    rows: tuple[tuple[str, str], ...]
    names: dict[str, str]
    districts: tuple[str, ...]  # 61.07.xx in code order
    villages: tuple[str, ...]  # 61.07.xx.yyyy in code order
    other_kalbar_districts: tuple[str, ...]  # 61.xx.yy outside 61.07, for NIK regions

    @property
    def desa(self) -> tuple[str, ...]:
        return tuple(v for v in self.villages if v.rsplit(".", 1)[1].startswith("2"))

    @property
    def kelurahan(self) -> tuple[str, ...]:
        return tuple(v for v in self.villages if v.rsplit(".", 1)[1].startswith("1"))

    def villages_of(self, district: str) -> tuple[str, ...]:
        return tuple(v for v in self.villages if v.startswith(district + "."))

    def desa_of(self, district: str) -> tuple[str, ...]:
        return tuple(v for v in self.desa if v.startswith(district + "."))


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer of ``pipeline/data/wilayah_61.csv`` (read once)."""
    with GAZETTEER_FILE.open(encoding="utf-8", newline="") as fh:
        rows = tuple((r["kode"], r["nama"]) for r in csv.DictReader(fh))
    names = dict(rows)
    districts = tuple(k for k, _ in rows if k.startswith(REGENCY + ".") and k.count(".") == 2)
    villages = tuple(k for k, _ in rows if k.startswith(REGENCY + ".") and k.count(".") == 3)
    others = tuple(k for k, _ in rows if k.count(".") == 2 and not k.startswith(REGENCY + "."))
    return Gazetteer(rows, names, districts, villages, others)
