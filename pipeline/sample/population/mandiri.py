"""MANDIRI: self-paid workers, monthly or quarterly, with gaps and lapses; a few "Donatur".

Also the ten APBD_KAB workers not renewed in 2025 who go on paying themselves, and two
who move village after their third payment.
"""

from __future__ import annotations

import datetime as dt

from pipeline.sample.common import AS_OF, IURAN_BPU, IURAN_BPU_JHT, add_months, lama_end
from pipeline.sample.people import Person, Spell, occupation_table
from pipeline.sample.population.apbd_kab import SECOND_START
from pipeline.sample.population.base import START_MONTHS, Draw, district_of

MANDIRI_OCCUPATIONS = {
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


def build(draw: Draw) -> None:
    """300 self-paid workers, the APBD_KAB continuers and four paid for by a donor."""
    rng, gaz, people, roles = draw.rng, draw.gaz, draw.people, draw.roles
    mand_villages = list(gaz.villages) + list(gaz.kelurahan) * 25  # town-heavy
    mand_people = []
    for _ in range(300):
        v = rng.choice(mand_villages)
        d = district_of(v)
        p = people.new(d, kpj_year=24)
        mand_people.append((p, v, rng.choice(START_MONTHS), people.occupation(p, d, MANDIRI_OCCUPATIONS)))
    movers_m = [mp for mp in mand_people if mp[2] <= dt.date(2024, 6, 1)][:2]
    roles["mandiri_movers"] = [mp[0] for mp in movers_m]
    roles["mandiri_move_to"] = {
        mp[0].nik: rng.choice([x for x in gaz.villages if x[:8] != mp[1][:8]]) for mp in movers_m
    }
    for p, v, start, occ in mand_people:
        _pay(draw, p, v, start, occ)
    for p in roles["continuers"]:
        s0 = next(s for s in draw.spells["apbd_2024"] if s.person is p)
        _pay(draw, p, s0.village, SECOND_START, s0.pekerjaan)
    donors = []
    for _ in range(4):
        v = rng.choice(gaz.desa)
        d = district_of(v)
        p = people.new(d, kpj_year=25)
        donors.append(p)
        _pay(
            draw,
            p,
            v,
            dt.date(2025, 5, 1),
            people.occupation(p, d, occupation_table(d)),
            dana="Donatur",
            kode="LAINNYA",
        )
    roles["donatur"] = donors


def _paid_periods(draw: Draw, start: dt.date, quarterly: bool, p_lapse: float) -> list[tuple]:
    rng = draw.rng
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


def _pay(
    draw: Draw, p: Person, village: str, start: dt.date, occ: str, dana: str = "", kode: str = "MANDIRI"
) -> None:
    """One worker's paid periods from ``start``, each a spell."""
    rng, roles = draw.rng, draw.roles
    quarterly = rng.random() < 0.4
    r = rng.random()
    if r < 0.70:
        program, iuran = "JKK, JKM", IURAN_BPU
    elif r < 0.85:
        program, iuran = "JKK, JKM, JHT", IURAN_BPU_JHT
    else:
        program, iuran = "JKK, JKM", 26_800  # declared income Rp2.000.000
    moves = p in roles.get("mandiri_movers", ())
    for i, (a, b) in enumerate(_paid_periods(draw, start, quarterly, 0.07)):
        v = village
        if moves and i >= 3:
            v = roles["mandiri_move_to"][p.nik]
        draw.spells["mandiri"].append(Spell(p, v, "BPU", occ, dana, kode, program, a, b, iuran=iuran))
