"""The synthetic population of Bengkayang: one module per funding scheme, then the claims.

``build_population()`` runs the schemes in a fixed order on one random stream (see
``base``): APBD_KAB, DBH_SAWIT, DANA_DESA, CSR, BAZNAS, APBD_PROV, MANDIRI, PEMBERI_KERJA,
then the claims, which pick their claimants among all of them.
"""

from __future__ import annotations

import random

from pipeline.sample.common import SEED
from pipeline.sample.gazetteer import load_gazetteer
from pipeline.sample.people import People
from pipeline.sample.population import (
    apbd_kab,
    apbd_prov,
    baznas,
    claims,
    csr,
    dana_desa,
    dbh_sawit,
    mandiri,
    pemberi_kerja,
)
from pipeline.sample.population.base import Draw, Population

__all__ = ["Population", "build_population"]

#: The order the schemes draw in; changing it changes every person drawn after the change.
SCHEMES = (apbd_kab, dbh_sawit, dana_desa, csr, baznas, apbd_prov, mandiri, pemberi_kerja, claims)


def build_population() -> Population:
    """Draw every scheme's workers and their claims from the seed."""
    gaz = load_gazetteer()
    rng = random.Random(SEED)
    draw = Draw(gaz, rng, People(rng, gaz))
    for scheme in SCHEMES:
        scheme.build(draw)
    deaths = {
        c.person.nik: c.kejadian
        for c in draw.claims
        if c.program == "JKM" and c.status != "DITOLAK" and c.kejadian
    }
    return Population(gaz, dict(draw.spells), draw.claims, deaths, draw.roles, draw.people)
