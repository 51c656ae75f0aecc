"""Planting bad rows: further persons typed by hand, their place in a block, copied rows."""

from __future__ import annotations

import random

from pipeline.sample.documents.model import Item
from pipeline.sample.gazetteer import Gazetteer
from pipeline.sample.people import Spell, occupation_table
from pipeline.sample.population import Population


def extra_spell(pop: Population, village: str, group_like: Spell, **changes) -> Spell:
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


def by_district(spells: list[Spell], gaz: Gazetteer) -> dict[str, dict[str, list[Spell]]]:
    """District -> village -> spells, both in code order (districts without spells left out)."""
    out: dict[str, dict[str, list[Spell]]] = {}
    for d in gaz.districts:
        out[d] = {}
    for s in spells:
        out[s.village[:8]].setdefault(s.village, []).append(s)
    return {d: {v: out[d][v] for v in sorted(out[d])} for d in gaz.districts if out[d]}


def plant(blocks: list[list[Item]], position: float, item: Item, block: int = 0) -> None:
    """Insert ``item`` at a relative position of one block (the first by default)."""
    block = blocks[block]
    block.insert(max(1, int(len(block) * position)), item)


def plant_duplicate(blocks: list[list[Item]], rng: random.Random) -> None:
    """Copy a row of the longest block below itself (a copy-paste), never a planted one."""
    block = max(blocks, key=len)
    i = rng.randrange(1, len(block) - 1)
    orig = block[i]
    while orig.reason is not None or orig.dup_of is not None:
        i += 1
        orig = block[i]
    block.insert(i + 1, Item({}, reason="duplicate_row", spell=None, dup_of=orig))
