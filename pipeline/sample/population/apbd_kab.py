"""APBD_KAB, "1 desa 100 pekerja rentan": 100 workers in each desa, 2024 and renewed 2025.

Most renew on 2025-03-01; 5-8 per desa do not and are replaced by new workers (eight desa
end at 97-99); five move village, ten continue self-paid, a few die (JKM claims).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pipeline.sample.common import IURAN_BPU, KARYA_BHAKTI
from pipeline.sample.people import Spell, occupation_table
from pipeline.sample.population.base import Draw, district_of

FIRST_START, FIRST_END = dt.date(2024, 3, 1), dt.date(2025, 2, 28)
SECOND_START, SECOND_END = dt.date(2025, 3, 1), dt.date(2026, 2, 28)


def build(draw: Draw) -> None:
    """Draw both years' lists and name the persons the claims need."""
    first = _first_year(draw)
    dropped, renewed, shortfall, movers = _drop_some(draw, first)
    _second_year(draw, dropped, renewed, shortfall, movers)
    _unmapped_occupations(draw)
    _named_persons(draw)


def _spell(person, desa: str, occ: str, start: dt.date, end: dt.date) -> Spell:
    return Spell(person, desa, "BPU", occ, "", "APBD_KAB", "JKK, JKM", start, end, iuran=IURAN_BPU)


def _first_year(draw: Draw) -> dict[str, list[Spell]]:
    people, spells = draw.people, draw.spells
    first: dict[str, list[Spell]] = {}
    for desa in draw.gaz.desa:
        d = district_of(desa)
        block = []
        for _ in range(100):
            p = people.new(d)
            occ = people.occupation(p, d, occupation_table(d))
            block.append(_spell(p, desa, occ, FIRST_START, FIRST_END))
        first[desa] = block
        spells["apbd_2024"].extend(block)
    return first


def _drop_some(draw: Draw, first: dict[str, list[Spell]]):
    """Who is not renewed, per desa; the desa that end short; the parts the dropped play."""
    rng, gaz, roles = draw.rng, draw.gaz, draw.roles
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
    return dropped, renewed, shortfall, movers


def _second_year(draw: Draw, dropped, renewed, shortfall, movers: list[Spell]) -> None:
    rng, gaz, people = draw.rng, draw.gaz, draw.people
    # movers take a replacement slot in another desa (of another district)
    mover_dest: dict[str, list[Spell]] = defaultdict(list)
    for s in movers:
        dest = rng.choice([d for d in gaz.desa if d[:8] != s.village[:8]])
        mover_dest[dest].append(s)

    for desa in gaz.desa:
        d = district_of(desa)
        out = [_spell(s.person, desa, s.pekerjaan, SECOND_START, SECOND_END) for s in renewed[desa]]
        n_new = len(dropped[desa]) - shortfall.get(desa, 0)
        for s in mover_dest.get(desa, []):
            out.append(_spell(s.person, desa, s.pekerjaan, SECOND_START, SECOND_END))
            n_new -= 1
        for _ in range(max(n_new, 0)):
            p = people.new(d, kpj_year=25)
            occ = people.occupation(p, d, occupation_table(d))
            out.append(_spell(p, desa, occ, SECOND_START, SECOND_END))
        draw.spells["apbd_2025"].extend(out)
    draw.renewed_2025 = [s for s in draw.spells["apbd_2025"] if s.person.kpj.startswith("24")]


def _unmapped_occupations(draw: Draw) -> None:
    """Occupation spellings no mapping knows, typed in the 2025 list."""
    rng, renewed_2025 = draw.rng, draw.renewed_2025
    for s in rng.sample([s for s in renewed_2025 if s.pekerjaan in ("Pekebun karet", "Petani karet")], 4):
        s.pekerjaan = "Penyadap"
    for s in rng.sample([s for s in renewed_2025 if s.pekerjaan == "Petani padi"], 3):
        s.pekerjaan = "Petani Sawah Tadah Hujan"


def _named_persons(draw: Draw) -> None:
    """The Karya Bhakti worker, the deaths of 2025, JKK claimants and the CSR overlap."""
    rng, roles = draw.rng, draw.roles
    kb = [
        s
        for s in draw.spells["apbd_2025"]
        if s.village == KARYA_BHAKTI and s.person.kpj.startswith("24") and s.person.jk == "L"
    ]
    roles["karya_bhakti"] = rng.choice(kb).person
    draw.taken = {roles["karya_bhakti"].nik}
    candidates = [
        s
        for s in draw.renewed_2025
        if s.person.nik not in draw.taken and s.pekerjaan not in ("Penyadap", "Petani Sawah Tadah Hujan")
    ]
    rng.shuffle(candidates)
    roles["death_2025_02"] = candidates.pop().person
    roles["death_2025_07"] = candidates.pop().person
    roles["death_2025_08"] = candidates.pop().person
    roles["jkk_apbd"] = [candidates.pop().person for _ in range(5)]
    roles["csr_overlap"] = [candidates.pop() for _ in range(2)]
