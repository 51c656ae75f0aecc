"""APBD_PROV: 60 workers in the border districts the province insures from April 2025."""

from __future__ import annotations

import datetime as dt

from pipeline.sample.common import IURAN_BPU
from pipeline.sample.people import Spell
from pipeline.sample.population.base import Draw, district_of

PROV_OCCUPATIONS = {"Petani": 5, "Pekebun karet": 4, "Pedagang": 2, "Ojek": 1}


def build(draw: Draw) -> None:
    """Draw the province's list."""
    rng, gaz, people = draw.rng, draw.gaz, draw.people
    prov_desa = gaz.desa_of("61.07.07") + gaz.desa_of("61.07.12") + gaz.desa_of("61.07.05")
    for _ in range(60):
        v = rng.choice(prov_desa)
        d = district_of(v)
        p = people.new(d, kpj_year=25)
        draw.spells["apbd_prov"].append(
            Spell(
                p,
                v,
                "BPU",
                people.occupation(p, d, PROV_OCCUPATIONS),
                "",
                "APBD_PROV",
                "JKK, JKM",
                dt.date(2025, 4, 1),
                dt.date(2026, 3, 31),
                iuran=IURAN_BPU,
            )
        )
