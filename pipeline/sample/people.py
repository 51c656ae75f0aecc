"""Synthetic persons (NIK, KPJ, name, birth date, sex), their spells and claims, and occupations."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from pipeline.sample.common import nodots, weighted
from pipeline.sample.gazetteer import Gazetteer
from pipeline.sample.names import make_name


@dataclass
class Person:
    """One synthetic worker."""

    nik: str
    kpj: str
    nama: str
    lahir: dt.date
    jk: str  # L or P
    flavour: str


@dataclass
class Spell:
    """One enrolment spell: who, where, funded by whom, from when to when."""

    person: Person
    village: str
    segmen: str
    pekerjaan: str
    dana: str  # spelling as written
    kode_dana: str  # code it maps to (LAINNYA for unknown spellings)
    program: str
    mulai: dt.date
    akhir: dt.date
    lama: int | None = None
    iuran: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Claim:
    """One JKK, JKM or JHT claim."""

    no_klaim: str
    person: Person
    program: str
    kejadian: dt.date | None
    pengajuan: dt.date | None
    bayar: dt.date | None
    status: str
    nominal: int | None
    kpj_only: bool = False
    keterangan: str = ""


FLAVOURS_BY_DISTRICT: dict[str, tuple[int, int, int, int]] = {
    # dayak, malay, chinese, java (rough, for name flavour only)
    "01": (15, 55, 25, 5),
    "15": (5, 80, 12, 3),
    "11": (40, 40, 15, 5),
    "04": (45, 20, 20, 15),
    "14": (40, 10, 5, 45),
    "13": (55, 5, 5, 35),
    "08": (45, 15, 30, 10),
    "02": (55, 10, 25, 10),
    "09": (55, 5, 5, 35),
    "07": (85, 8, 4, 3),
    "12": (90, 5, 3, 2),
    "05": (80, 8, 6, 6),
}
DEFAULT_FLAVOURS = (65, 12, 10, 13)

BASE_OCCUPATIONS: dict[str, float] = {
    "Petani": 26,
    "Pekebun karet": 14,
    "Petani karet": 4,
    "Buruh tani": 9,
    "Pekebun": 6,
    "Petani padi": 3,
    "Peternak": 2,
    "Pedagang": 6,
    "Pedagang keliling": 2,
    "Ojek": 3,
    "Tukang ojek": 1,
    "Tukang bangunan": 5,
    "Tukang kayu": 2,
    "Buruh bangunan": 1,
    "Penjahit": 1,
    "Pengrajin anyaman": 1,
    "Guru ngaji": 1.5,
    "Marbot": 0.7,
    "Pengurus gereja": 1.5,
    "Ketua RT": 3,
    "Ketua RW": 1,
    "Kader posyandu": 1.5,
    "Linmas": 1,
    "Buruh angkut": 1,
    "Sopir": 1,
    "Penambang pasir": 0.5,
    "Pembuat kue": 1,
    "Penjual makanan": 1,
    "Tukang cukur": 0.3,
    "Pembantu rumah tangga": 0.5,
}
COASTAL_EXTRA: dict[str, dict[str, float]] = {
    "15": {"Nelayan": 30, "Nelayan tradisional": 10, "Buruh nelayan": 6, "Pembudidaya ikan": 3},
    "01": {"Nelayan": 8, "Nelayan tradisional": 3, "Buruh nelayan": 2},
    "11": {"Nelayan": 4, "Nelayan tradisional": 2},
}
MUSLIM_ROLES = frozenset({"Guru ngaji", "Marbot", "Imam masjid"})
CHRISTIAN_ROLES = frozenset({"Pengurus gereja"})
FEMALE_ONLY = frozenset({"Kader posyandu", "Pembantu rumah tangga"})
MALE_ONLY = frozenset(
    {
        "Marbot",
        "Imam masjid",
        "Ojek",
        "Tukang ojek",
        "Penambang pasir",
        "Buruh angkut",
        "Sopir",
        "Ketua RW",
        "Linmas",
        "Tukang bangunan",
        "Tukang kayu",
        "Buruh bangunan",
        "Nelayan",
        "Buruh nelayan",
        "Pemanen sawit",
        "Mandor kebun",
        "Satpam",
        "Motoris",
    }
)


class People:
    """Makes persons with unique, well-formed NIKs and KPJs."""

    def __init__(self, rng: random.Random, gaz: Gazetteer):
        self.rng = rng
        self.gaz = gaz
        self._serial: dict[str, int] = {}
        self._kpj: set[str] = set()
        self._nik: set[str] = set()

    def flavour(self, district: str) -> str:
        """A name flavour drawn with the district's weights."""
        w = FLAVOURS_BY_DISTRICT.get(district[-2:], DEFAULT_FLAVOURS)
        return self.rng.choices(("dayak", "malay", "chinese", "java"), weights=w)[0]

    def nik_region(self, district: str) -> str:
        """Where the NIK was first issued: mostly the worker's district."""
        r = self.rng.random()
        if r < 0.86:
            code = district
        elif r < 0.93:
            code = self.rng.choice(self.gaz.districts)
        else:
            code = self.rng.choice(self.gaz.other_kalbar_districts)
        return nodots(code)

    def new(
        self,
        district: str,
        female: bool | None = None,
        flavour: str | None = None,
        years: tuple[int, int] = (1962, 2006),
        kpj_year: int = 24,
    ) -> Person:
        rng = self.rng
        if female is None:
            female = rng.random() < 0.32
        if flavour is None:
            flavour = self.flavour(district)
        lahir = dt.date(rng.randint(*years), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        region = self.nik_region(district)
        day = lahir.day + (40 if female else 0)
        key = f"{region}{day:02d}{lahir.month:02d}{lahir.year % 100:02d}"
        serial = self._serial.get(key, rng.randint(0, 40)) + 1
        self._serial[key] = serial
        nik = f"{key}{serial:04d}"
        assert len(nik) == 16 and nik not in self._nik
        self._nik.add(nik)
        while True:
            kpj = f"{kpj_year:02d}{rng.randint(0, 999_999_999):09d}"
            if kpj not in self._kpj:
                self._kpj.add(kpj)
                break
        return Person(nik, kpj, make_name(rng, flavour, female), lahir, "P" if female else "L", flavour)

    def occupation(self, person: Person, district: str, table: dict[str, float]) -> str:
        rng = self.rng
        for _ in range(50):
            occ = weighted(rng, table)
            if occ in MUSLIM_ROLES and person.flavour not in ("malay", "java"):
                continue
            if occ in CHRISTIAN_ROLES and person.flavour not in ("dayak", "chinese"):
                continue
            if occ in FEMALE_ONLY and person.jk != "P":
                continue
            if occ in MALE_ONLY and person.jk != "L":
                continue
            return occ
        return "Petani"


def occupation_table(district: str) -> dict[str, float]:
    """Occupation weights of a district (coastal ones add fishing)."""
    table = dict(BASE_OCCUPATIONS)
    table.update(COASTAL_EXTRA.get(district[-2:], {}))
    return table
