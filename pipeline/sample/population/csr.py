"""CSR: workers two fictitious plantation companies insure, two of them also on the APBD_KAB list."""

from __future__ import annotations

import datetime as dt

from pipeline.sample.common import IURAN_BPU
from pipeline.sample.people import Person, Spell, occupation_table
from pipeline.sample.population.base import Draw, district_of

CSR_COMPANY_A = "PT Sawit Sampel Lestari"
CSR_COMPANY_B = "PT Karet Sampel Jaya"
A_START, A_END = dt.date(2024, 10, 1), dt.date(2025, 9, 30)
B_START, B_END = dt.date(2025, 5, 1), dt.date(2026, 4, 30)


def _spell(person: Person, desa: str, occ: str, company: str) -> Spell:
    start, end = (A_START, A_END) if company == CSR_COMPANY_A else (B_START, B_END)
    return Spell(
        person,
        desa,
        "BPU",
        occ,
        "",
        "CSR",
        "JKK, JKM",
        start,
        end,
        iuran=IURAN_BPU,
        extra={"perusahaan": company},
    )


def build(draw: Draw) -> None:
    """120 workers of company A in six desa, 80 of company B in four, and the overlap."""
    rng, gaz, people, roles = draw.rng, draw.gaz, draw.people, draw.roles
    csr_a_desa = sorted(rng.sample(gaz.desa_of("61.07.06") + gaz.desa_of("61.07.05"), 6))
    csr_b_desa = sorted(rng.sample(gaz.desa_of("61.07.09") + gaz.desa_of("61.07.08"), 4))
    for i in range(120):
        desa = csr_a_desa[i % 6]
        d = district_of(desa)
        p = people.new(d)
        draw.spells["csr"].append(
            _spell(p, desa, people.occupation(p, d, occupation_table(d)), CSR_COMPANY_A)
        )
    for i in range(80):
        desa = csr_b_desa[i % 4]
        d = district_of(desa)
        p = people.new(d, kpj_year=25)
        draw.spells["csr"].append(
            _spell(p, desa, people.occupation(p, d, occupation_table(d)), CSR_COMPANY_B)
        )
    for s in roles["csr_overlap"]:  # already on the 1 desa 100 list of their village
        draw.spells["csr"].append(_spell(s.person, s.village, s.pekerjaan, CSR_COMPANY_B))
    roles["csr_overlap"] = [s.person for s in roles["csr_overlap"]]
