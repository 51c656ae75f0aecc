"""BAZNAS: 100 workers (mosque staff, traders, fishers) in the coastal districts and the towns."""

from __future__ import annotations

import datetime as dt

from pipeline.sample.common import IURAN_BPU
from pipeline.sample.people import Spell
from pipeline.sample.population.base import Draw, district_of

BAZNAS_OCCUPATIONS = {
    "Guru ngaji": 30,
    "Marbot": 20,
    "Imam masjid": 10,
    "Pedagang keliling": 15,
    "Nelayan tradisional": 15,
    "Buruh angkut": 10,
}


def build(draw: Draw) -> None:
    """Draw the BAZNAS list of 2025."""
    rng, gaz, people = draw.rng, draw.gaz, draw.people
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
        draw.spells["baznas"].append(
            Spell(
                p,
                v,
                "BPU",
                people.occupation(p, d, BAZNAS_OCCUPATIONS),
                "",
                "BAZNAS",
                "JKK, JKM",
                dt.date(2025, 1, 1),
                dt.date(2025, 12, 31),
                iuran=IURAN_BPU,
            )
        )
