"""Hand-built staging rows for the marts tests (imported by the test_mart* modules).

The gazetteer: province 61, regency 61.07 with district K = 61.07.14 (villages X, Y) and
district 61.07.15 (village Z); regency 61.08 with one district and village. Every helper
builds tiny, hand-checkable tables in an in-memory DuckDB from the catalog DDL.

Tests write people as NIK and KPJ, as the inputs do; staging holds their keyed
pseudonyms (person_id, kpj_id), computed here with a fixed test key exactly as
ingestion computes them. ``pid(nik)`` gives the person_id a test expects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb
import pandas as pd

from pipeline import catalog
from pipeline.build.tables import build_tables
from pipeline.publication import privacy, screen

PROVINCE = "61"
REGENCY = "61.07"
K = "61.07.14"
X = "61.07.14.2001"
Y = "61.07.14.2002"
DISTRICT_2 = "61.07.15"
Z = "61.07.15.2001"
OTHER_REGENCY = "61.08"
OTHER_DISTRICT = "61.08.01"
OTHER_VILLAGE = "61.08.01.2001"

NIK_A = "6107140101900001"
NIK_B = "6107140101900002"
NIK_C = "6107140101900003"
NIK_D = "6107140101900004"
NIK_E = "6107140101900005"
NIK_F = "6107140101900006"

TEST_KEY = bytes(range(32))


def pid(nik: str | None) -> str | None:
    """The person_id staging holds for a NIK (None for None)."""
    return privacy.pseudonymise(pd.Series([nik], dtype=object), TEST_KEY, "nik")[0]


def kid(no_kpj: str | None) -> str | None:
    """The kpj_id staging holds for a KPJ (None for None)."""
    return privacy.pseudonymise(pd.Series([no_kpj], dtype=object), TEST_KEY, "kpj")[0]


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def m(text: str) -> dt.date:
    """'2025-03' -> date(2025, 3, 1), the month as the marts store it."""
    return dt.date.fromisoformat(f"{text}-01")


def region(code: str, name: str) -> dict[str, Any]:
    parts = code.split(".")
    level = ("province", "regency", "district", "village")[len(parts) - 1]
    prefixes = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    return {
        "code": code,
        "name": name,
        "level": level,
        "parent_code": prefixes[-2] if len(parts) > 1 else None,
        "province_code": prefixes[0],
        "regency_code": prefixes[1] if len(parts) > 1 else None,
        "district_code": prefixes[2] if len(parts) > 2 else None,
        "is_kelurahan": level == "village" and parts[-1].startswith("1"),
    }


DEFAULT_REGIONS = (
    region(PROVINCE, "KALIMANTAN BARAT"),
    region(REGENCY, "BENGKAYANG"),
    region(K, "K"),
    region(X, "X"),
    region(Y, "Y"),
    region(DISTRICT_2, "DUA"),
    region(Z, "Z"),
    region(OTHER_REGENCY, "LAIN"),
    region(OTHER_DISTRICT, "LAIN DISTRIK"),
    region(OTHER_VILLAGE, "LAIN DESA"),
)


def spell(
    nik: str,
    village: str,
    start: str,
    end: str,
    *,
    funding: str = "APBD_KAB",
    sector: str = "A",
    programs: Sequence[str] = ("JKK", "JKM"),
    contribution: int | None = 16800,
    path: str = "enrolment/a.csv",
    row: int | None = None,
    no_kpj: str | None = None,
    occupation: str = "Petani",
    gender: str | None = None,
    birth: str | None = None,
) -> dict[str, Any]:
    parts = village.split(".")
    return {
        "person_id": pid(nik),
        "kpj_id": kid(no_kpj),
        "gender": gender,
        # for identity.persons (not a staging column): the NIK and the birth date
        "_nik": nik,
        "_birth_date": d(birth) if birth else None,
        "village_code": village,
        "district_code": ".".join(parts[:3]),
        "regency_code": ".".join(parts[:2]),
        "province_code": parts[0],
        "segment": "BPU",
        "occupation": occupation,
        "sector_code": sector,
        "funding_text": funding,
        "funding_source": funding,
        "programs": list(programs),
        "start_date": d(start),
        "end_date": d(end),
        "monthly_contribution_idr": contribution,
        "source_path": path,
        "source_sheet": "",
        "source_row": row,
    }


def claim(
    claim_id: str,
    program: str,
    *,
    nik: str | None = None,
    no_kpj: str | None = None,
    event: str | None = None,
    submitted: str | None = None,
    paid: str | None = None,
    status: str | None = None,
    amount: int | None = None,
) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "person_id": pid(nik),
        "kpj_id": kid(no_kpj),
        "nik_regency_code": f"{nik[:2]}.{nik[2:4]}" if nik else None,
        "program": program,
        "event_date": d(event) if event else None,
        "submitted_date": d(submitted) if submitted else None,
        "paid_date": d(paid) if paid else None,
        "status": status or ("DIBAYAR" if paid else "PROSES"),
        "amount_idr": amount,
        "source_path": "claims/k.csv",
        "source_sheet": "",
        "source_row": None,
    }


def _insert(con: duckdb.DuckDBPyConnection, table: catalog.Table, rows: Iterable[dict]) -> None:
    rows = list(rows)
    if not rows:
        return
    names = table.column_names
    placeholders = ", ".join("?" for _ in names)
    con.executemany(
        f"insert into {table.qualified_name} values ({placeholders})",
        [[row.get(n) for n in names] for row in rows],
    )


def create_staging(
    con: duckdb.DuckDBPyConnection,
    *,
    spells: Sequence[dict] = (),
    claims: Sequence[dict] = (),
    regions: Sequence[dict] = DEFAULT_REGIONS,
    workforce: Sequence[tuple] = (),
    targets: Sequence[tuple] = (),
) -> None:
    """Create and fill the staging tables; spell_id and source_row follow the list order."""
    con.execute("create schema if not exists staging")
    for table in catalog.STAGING_TABLES:
        con.execute(table.ddl())
    numbered = []
    for i, s in enumerate(spells, start=2):
        s = dict(s)
        if s["source_row"] is None:
            s["source_row"] = i
        numbered.append(s)
    numbered.sort(key=lambda s: (s["source_path"], s["source_sheet"], s["source_row"]))
    for spell_id, s in enumerate(numbered, start=1):
        s["spell_id"] = spell_id
    _insert(con, catalog.SPELLS, numbered)
    _insert(con, catalog.CLAIMS, [dict(c, source_row=i) for i, c in enumerate(claims, start=2)])
    _insert(con, catalog.REGIONS, regions)
    _insert(
        con,
        catalog.WORKFORCE,
        [
            dict(zip(("area_code", "year", "workforce", "sector_code"), (*w, None)[:4], strict=True))
            for w in workforce
        ],
    )
    _insert(
        con,
        catalog.TARGETS,
        [
            dict(zip(("area_code", "year", "target", "funding_source"), (*t, None)[:4], strict=True))
            for t in targets
        ],
    )
    # identity.persons as ingestion writes it: sex and birth date from the latest spell
    # that gives them
    con.execute("create schema if not exists identity")
    con.execute(catalog.PERSONS.ddl())
    persons: dict[str, dict] = {}
    for s in sorted(numbered, key=lambda s: (s["start_date"], s["end_date"], s["spell_id"])):
        person = persons.setdefault(
            s["_nik"],
            {"person_id": s["person_id"], "nik": s["_nik"], "name": "X", "birth_date": None, "gender": None},
        )
        person["birth_date"] = s["_birth_date"] or person["birth_date"]
        person["gender"] = s["gender"] or person["gender"]
    _insert(con, catalog.PERSONS, persons.values())
    # audit.input_files as ingestion writes it, one labelled row per source file (the
    # labels of pipeline.publication.screen.label_files): marts.source_freshness names files by label
    con.execute("create schema if not exists audit")
    for table in catalog.AUDIT_TABLES:
        con.execute(table.ddl())
    kinds = {s["source_path"]: "enrolment" for s in numbered} | {c["source_path"]: "claims" for c in claims}
    labelled = screen.label_files([{"path": p, "kind": k, "sheets": 1} for p, k in sorted(kinds.items())], ())
    _insert(
        con,
        catalog.INPUT_FILES,
        [{"path": f["path"], "kind": f["kind"], "sheets": 1, "label": f["label"]} for f in labelled],
    )


def build(month: str, **staging: Any) -> duckdb.DuckDBPyConnection:
    """An in-memory database with the given staging rows and every mart built for month."""
    con = duckdb.connect()
    create_staging(con, **staging)
    build_tables(con, m(month))
    return con


def rows(con: duckdb.DuckDBPyConnection, query: str, *params: Any) -> list[tuple]:
    return con.execute(query, list(params)).fetchall()


def village_series(con, village: str, column: str) -> dict[str, int]:
    """{'2025-01': value, ...} for one village and one measure."""
    result = rows(
        con,
        f"select strftime(month, '%Y-%m'), {column} from marts.coverage_by_village "
        "where village_code = ? order by month",
        village,
    )
    return dict(result)


def nonzero(series: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in series.items() if v}
