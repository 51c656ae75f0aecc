"""PEMBERI_KERJA: wage earners (PU) of seven fictitious employers, some of whom leave their job."""

from __future__ import annotations

import datetime as dt

from pipeline.sample.common import add_months, month_end
from pipeline.sample.people import Spell
from pipeline.sample.population.base import START_MONTHS, Draw

#: (employer, occupation weights, JKK rate, workers, districts)
EMPLOYERS = [
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


def build(draw: Draw) -> None:
    """Draw every employer's workers; those whose job ended go to ``draw.pu_ended``."""
    rng, gaz, people = draw.rng, draw.gaz, draw.people
    for company, occs, jkk_rate, n, dists in EMPLOYERS:
        for _ in range(n):
            d = rng.choice(dists)
            v = rng.choice(gaz.villages_of(d))
            p = people.new(d, years=(1970, 2004), kpj_year=rng.choice((24, 25)))
            occ = people.occupation(p, d, occs)
            wage = rng.randrange(2_950_000, 5_500_001, 50_000)
            iuran = round(wage * (jkk_rate + 0.003 + 0.057 + 0.03))
            mulai = rng.choice(START_MONTHS)
            if rng.random() < 0.15 and mulai <= dt.date(2025, 3, 1):
                akhir = month_end(add_months(mulai, rng.randint(4, 14)))
                akhir = min(akhir, dt.date(2025, 8, 31))
                draw.pu_ended.append((p, mulai, akhir, wage))
            else:
                akhir = rng.choice((dt.date(2025, 12, 31), dt.date(2026, 6, 30), dt.date(2026, 12, 31)))
            draw.spells["pu"].append(
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
