"""DANA_DESA: village-funded workers in ten desa (five of them since 2024), a few on two lists."""

from __future__ import annotations

import datetime as dt

from pipeline.sample.common import IURAN_BPU, KARYA_BHAKTI
from pipeline.sample.people import Person, Spell, occupation_table
from pipeline.sample.population.base import Draw, district_of


def _spell(person: Person, desa: str, occ: str, year: int) -> Spell:
    return Spell(
        person,
        desa,
        "BPU",
        occ,
        "",
        "DANA_DESA",
        "JKK, JKM",
        dt.date(year, 1, 1),
        dt.date(year, 12, 31),
        iuran=IURAN_BPU,
    )


def build(draw: Draw) -> None:
    """Draw the 2024 and 2025 lists, then three APBD_KAB workers put on them too."""
    rng, gaz = draw.rng, draw.gaz
    dd_desa = sorted(rng.sample([d for d in gaz.desa if d != KARYA_BHAKTI], 10))
    by_desa_2024 = _first_year(draw, dd_desa[:5])
    _second_year(draw, dd_desa, by_desa_2024)
    _overlap(draw, dd_desa)


def _first_year(draw: Draw, desas: list[str]) -> dict[str, list[Person]]:
    people = draw.people
    by_desa_2024: dict[str, list[Person]] = {}
    for desa in desas:
        d = district_of(desa)
        lst = []
        for _ in range(30):
            p = people.new(d)
            occ = people.occupation(p, d, occupation_table(d))
            lst.append(p)
            draw.spells["dana_desa"].append(_spell(p, desa, occ, 2024))
        by_desa_2024[desa] = lst
    return by_desa_2024


def _second_year(draw: Draw, dd_desa: list[str], by_desa_2024: dict[str, list[Person]]) -> None:
    rng, people, spells = draw.rng, draw.people, draw.spells
    occ_of = {s.person.nik: s.pekerjaan for s in spells["dana_desa"]}
    for desa in dd_desa:
        d = district_of(desa)
        keep = [p for p in by_desa_2024.get(desa, []) if rng.random() < 0.9]
        for p in keep:
            spells["dana_desa"].append(_spell(p, desa, occ_of[p.nik], 2025))
        for _ in range(rng.randint(25, 35) - len(keep) if desa not in by_desa_2024 else 30 - len(keep)):
            p = people.new(d, kpj_year=25)
            occ = people.occupation(p, d, occupation_table(d))
            spells["dana_desa"].append(_spell(p, desa, occ, 2025))


def _overlap(draw: Draw, dd_desa: list[str]) -> None:
    """Three "1 desa 100" workers also put on their village's Dana Desa list."""
    roles = draw.roles
    overlap_dd = [
        s
        for s in draw.renewed_2025
        if s.village in dd_desa
        and s.person.nik not in draw.taken
        and s.person not in roles["jkk_apbd"]
        and s.person not in (roles["death_2025_02"], roles["death_2025_07"], roles["death_2025_08"])
        and s not in roles["csr_overlap"]
    ]
    for s in draw.rng.sample(overlap_dd, 3):
        draw.spells["dana_desa"].append(_spell(s.person, s.village, s.pekerjaan, 2025))
    roles["dana_desa_overlap"] = [s.person for s in draw.spells["dana_desa"][-3:]]
