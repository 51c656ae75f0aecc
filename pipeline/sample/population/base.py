"""What the funding schemes' modules share while the population is drawn.

Every scheme draws from the one random stream of ``Draw.rng`` (also the ``People``
factory's), in the order ``build_population`` calls them: a scheme that draws one number
more or less, or runs in another order, changes every person drawn after it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from pipeline.sample.common import add_months
from pipeline.sample.gazetteer import Gazetteer
from pipeline.sample.people import Claim, People, Person, Spell

#: The months a self-paid or wage-earning spell may start: 2024-01 .. 2025-09.
START_MONTHS = [add_months(dt.date(2024, 1, 1), i) for i in range(21)]


@dataclass
class Population:
    """The synthetic people: their spells by group, their claims, and who plays which part."""

    gaz: Gazetteer
    spells: dict[str, list[Spell]]  # group -> spells (accepted, "truth")
    claims: list[Claim]
    deaths: dict[str, dt.date]  # nik -> death date (from JKM claims not DITOLAK)
    roles: dict[str, Any]  # named persons for claims and checks
    extra_people: People  # factory for planted bad rows (continues the same numbering)


@dataclass
class Draw:
    """The population while it is drawn; each scheme's ``build(draw)`` adds to it."""

    gaz: Gazetteer
    rng: random.Random
    people: People
    spells: defaultdict[str, list[Spell]] = field(default_factory=lambda: defaultdict(list))
    roles: dict[str, Any] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    claim_seq: Counter = field(default_factory=Counter)
    #: 2025 APBD_KAB spells of workers already insured in 2024 (KPJ of 2024)
    renewed_2025: list[Spell] = field(default_factory=list)
    #: NIKs already given a part that excludes others (the Karya Bhakti worker)
    taken: set[str] = field(default_factory=set)
    #: PU workers whose job ended: (person, start, end, wage), for the JHT claims
    pu_ended: list[tuple[Person, dt.date, dt.date, int]] = field(default_factory=list)


def district_of(village: str) -> str:
    """``61.07.14.2003`` -> ``61.07.14``."""
    return village[:8]
