"""The figures the sample must give once ingested: ``EXPECTED``, computed from the plan.

Worked out from the rows as planted (which row is rejected for what, which spell and claim
is accepted), by CONTRACT §4's attribution, not by running the pipeline. Unknown
occupation and funding spellings are found with the mapping tables in ``pipeline/data``
(data files, read here as the tests read them; no pipeline code is imported).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from pipeline.sample.common import AS_OF, KARYA_BHAKTI, PACKAGE_DATA_DIR, add_months, month_end, norm
from pipeline.sample.documents import Plan
from pipeline.sample.documents.model import Doc, Row, Sheet
from pipeline.sample.people import Claim
from pipeline.sample.reference import SAMPLE_FUNDING_SPELLINGS


def _load_mapping(name: str, key: str) -> dict[str, str]:
    """The shipped mapping with the sample's own reference file's rows added (CONTRACT §3.4)."""
    with (PACKAGE_DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        mapping = {norm(r[key]): r[list(r)[1]] for r in csv.DictReader(fh)}
    own = {"sumber_dana.csv": SAMPLE_FUNDING_SPELLINGS}.get(name)
    if own:
        mapping.update({norm(r[key]): r[list(r)[1]] for r in csv.DictReader(io.StringIO(own))})
    return mapping


def _active_on(day: dt.date, spells: list[tuple], deaths: dict[str, dt.date]) -> dict[str, tuple]:
    """Nik -> attributed spell tuple, by CONTRACT §4 (latest start, then latest end)."""
    best: dict[str, tuple] = {}
    for t in spells:
        nik, mulai, akhir = t[0], t[1], t[2]
        if not (mulai <= day <= akhir):
            continue
        if nik in deaths and day > deaths[nik]:
            continue
        cur = best.get(nik)
        if cur is None or (mulai, akhir, t[5]) > (cur[1], cur[2], cur[5]):
            best[nik] = t
    return best


DANA_HEADERS = ("sumberdana", "sumberpendanaan", "pembiayaan", "dibayaroleh")


@dataclass
class Tally:
    """The data rows of every file as planted: rejected, accepted, and spellings no map knows."""

    planted: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, dict[str, int]] = field(default_factory=dict)
    accepted_spells: list[tuple] = field(
        default_factory=list
    )  # (nik, mulai, akhir, kode_dana, village, order)
    accepted_claims: list[Claim] = field(default_factory=list)
    unknown_occ: Counter = field(default_factory=Counter)
    unknown_dana: Counter = field(default_factory=Counter)


def tally_rows(plan: Plan) -> Tally:
    """Walk every data row of every file, in path order."""
    tally = Tally()
    occ_map = _load_mapping("pekerjaan_sektor.csv", "pekerjaan")
    dana_map = _load_mapping("sumber_dana.csv", "ejaan")
    order = 0
    for doc in sorted(plan.docs, key=lambda d: d.relpath):
        n_data = n_rej = 0
        for sh in doc.sheets:
            for i, row in enumerate(sh.rows, start=1):
                if row.kind != "data":
                    continue
                n_data += 1
                if row.reason:
                    n_rej += 1
                    tally.planted.append(
                        {
                            "path": doc.relpath,
                            "sheet": sh.name,
                            "row": i,
                            "field": row.field or "",
                            "reason": row.reason,
                        }
                    )
                    continue
                order += 1
                if row.spell is not None:
                    _tally_spell(tally, doc, sh, row, order, occ_map, dana_map)
                elif row.claim is not None:
                    tally.accepted_claims.append(row.claim)
        tally.files[doc.relpath] = {"data_rows": n_data, "rejected": n_rej, "accepted": n_data - n_rej}
    return tally


def _tally_spell(
    tally: Tally, doc: Doc, sh: Sheet, row: Row, order: int, occ_map: dict[str, str], dana_map: dict[str, str]
) -> None:
    """An accepted spell row; its funding as the cell spells it must map to the spell's code."""
    s = row.spell
    tally.accepted_spells.append((s.person.nik, s.mulai, s.akhir, s.kode_dana, s.village, order))
    if norm(s.pekerjaan) not in occ_map:
        tally.unknown_occ[s.pekerjaan] += 1
    dana_cell = s.dana
    if doc.fmt != "parquet":
        hdr = next(r for r in sh.rows if r.kind == "header").cells
        for h, c in zip(hdr, row.cells, strict=False):
            if norm(h) in DANA_HEADERS:
                dana_cell = c
    if norm(str(dana_cell)) not in dana_map:
        tally.unknown_dana[str(dana_cell)] += 1
    elif dana_map[norm(str(dana_cell))] != s.kode_dana:
        raise AssertionError(f"{doc.relpath}: {dana_cell} != {s.kode_dana}")


def _active_by_month(accepted_spells: list[tuple], deaths: dict[str, dt.date]) -> dict[str, dict[str, int]]:
    """Active participants by funding at each month's end, 2024-01 .. the as-of month."""
    monthly = {}
    m = dt.date(2024, 1, 1)
    while m <= AS_OF:
        a = _active_on(month_end(m), accepted_spells, deaths)
        monthly[m.strftime("%Y-%m")] = dict(sorted(Counter(t[3] for t in a.values()).items()))
        m = add_months(m, 1)
    return monthly


def _claims_outside_coverage(accepted_spells: list[tuple], accepted_claims: list[Claim]) -> list[str]:
    """JKK and JKM claims whose event no spell of the person covers."""
    spells_by_nik = defaultdict(list)
    for t in accepted_spells:
        spells_by_nik[t[0]].append(t)
    kpj_to_nik = {c.person.kpj: c.person.nik for c in accepted_claims}
    outside = []
    for c in accepted_claims:
        if c.program in ("JKK", "JKM") and c.kejadian:
            nik = kpj_to_nik[c.person.kpj] if c.kpj_only else c.person.nik
            if not any(t[1] <= c.kejadian <= t[2] for t in spells_by_nik[nik]):
                outside.append(c.no_klaim)
    return outside


def compute_expected(plan: Plan) -> dict[str, Any]:
    """Every figure ``EXPECTED`` holds (tests compare the pipeline's output with them)."""
    pop, gaz = plan.pop, plan.pop.gaz
    tally = tally_rows(plan)
    planted, files = tally.planted, tally.files
    accepted_spells, accepted_claims = tally.accepted_spells, tally.accepted_claims
    unknown_occ, unknown_dana = tally.unknown_occ, tally.unknown_dana

    deaths = {
        c.person.nik: c.kejadian
        for c in accepted_claims
        if c.program == "JKM" and c.status != "DITOLAK" and c.kejadian
    }
    act = _active_on(AS_OF, accepted_spells, deaths)
    by_fund = Counter(t[3] for t in act.values())
    apbd_desa = Counter(t[4] for t in act.values() if t[3] == "APBD_KAB")
    persons_apbd = {
        t[0]
        for t in accepted_spells
        if t[3] == "APBD_KAB" and t[1] <= AS_OF <= t[2] and not (t[0] in deaths and deaths[t[0]] < AS_OF)
    }
    persons_dbh = {t[0] for t in accepted_spells if t[3] == "DBH_SAWIT"}

    monthly = _active_by_month(accepted_spells, deaths)
    outside = _claims_outside_coverage(accepted_spells, accepted_claims)
    claims_summary = Counter((c.program, c.status) for c in accepted_claims)
    kb = next(c for c in accepted_claims if c.person is pop.roles["karya_bhakti"])
    rejected = Counter(p["reason"] for p in planted)
    return {
        "as_of_month": "2025-09",
        "apbd_kab_active_2025_09": by_fund["APBD_KAB"],
        "apbd_kab_persons_covered_2025_09": len(persons_apbd),
        "apbd_kab_desa_below_100_2025_09": {
            gaz.names[v] + f" ({v})": n for v, n in sorted(apbd_desa.items()) if n < 100
        },
        "apbd_kab_desa_with_workers_2025_09": len(apbd_desa),
        "dbh_sawit_active_2025_09": by_fund["DBH_SAWIT"],
        "dbh_sawit_workers": len(persons_dbh),
        "active_2025_09_by_funding": dict(sorted(by_fund.items())),
        "active_2025_09_total": len(act),
        "active_by_month_funding": monthly,
        "participants": len({t[0] for t in accepted_spells}),
        "spells_accepted": len(accepted_spells),
        "deaths": len(deaths),
        "claims_accepted": len(accepted_claims),
        "claims_by_program_status": {f"{p}/{s}": n for (p, s), n in sorted(claims_summary.items())},
        "claims_paid_amount_idr": sum(c.nominal or 0 for c in accepted_claims if c.status == "DIBAYAR"),
        "claims_outside_coverage": sorted(outside),
        "claims_kpj_only": sorted(c.no_klaim for c in accepted_claims if c.kpj_only),
        "jkm_karya_bhakti": {
            "no_klaim": kb.no_klaim,
            "kode_desa": KARYA_BHAKTI,
            "tgl_kejadian": kb.kejadian.isoformat(),
            "tgl_pengajuan": kb.pengajuan.isoformat(),
            "tgl_bayar": kb.bayar.isoformat(),
            "nominal": kb.nominal,
        },
        "unknown_pekerjaan": dict(sorted(unknown_occ.items())),
        "unknown_sumber_dana": dict(sorted(unknown_dana.items())),
        "rejected_by_reason": dict(sorted(rejected.items())),
        "duplicate_rows": rejected["duplicate_row"],
        "rows_by_file": files,
        "planted_rows": planted,
    }
