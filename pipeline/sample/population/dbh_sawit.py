"""DBH_SAWIT: 2,116 palm-oil workers insured from 2025-07-01 for 12 months (``Masa Iuran``)."""

from __future__ import annotations

import datetime as dt

from pipeline.sample.common import IURAN_BPU, lama_end
from pipeline.sample.people import Spell
from pipeline.sample.population.base import Draw

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
SAWIT_OCCUPATIONS = {"Buruh sawit": 45, "Buruh kebun sawit": 25, "Pemanen sawit": 20, "Pekebun sawit": 10}
START = dt.date(2025, 7, 1)


def build(draw: Draw) -> None:
    """Draw the palm-oil workers and three JKK claimants among them."""
    rng, gaz, people = draw.rng, draw.gaz, draw.people
    palm = list(PALM_DISTRICTS)
    for _ in range(DBH_SAWIT_WORKERS):
        d = rng.choices(palm, weights=[PALM_DISTRICTS[x] for x in palm])[0]
        desa = rng.choice(gaz.desa_of(d))
        p = people.new(d, female=rng.random() < 0.18, years=(1968, 2005), kpj_year=25)
        occ = people.occupation(p, d, SAWIT_OCCUPATIONS)
        draw.spells["dbh"].append(
            Spell(
                p,
                desa,
                "BPU",
                occ,
                "",
                "DBH_SAWIT",
                "JKK, JKM",
                START,
                lama_end(START, 12),
                lama=12,
                iuran=IURAN_BPU,
            )
        )
    draw.roles["jkk_dbh"] = [s.person for s in rng.sample(draw.spells["dbh"], 3)]
