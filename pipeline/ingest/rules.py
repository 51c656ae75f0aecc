"""Validation rules of the enrolment and claim rows (CONTRACT §3), written with the toolkit of ``row_checks``.

The reference files' rules are in ``reference_rules``, the mapping tables' in ``mapping_rules``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.ingest import identifiers, parse
from pipeline.ingest.fields import CLAIM_FIELDS, ENROLMENT_FIELDS
from pipeline.ingest.gazetteer import Gazetteer
from pipeline.ingest.mapping_rules import mapped_codes, note_unmapped
from pipeline.ingest.row_checks import (
    SOURCE_COLUMNS,
    Validation,
    add_months_minus_day,
    amount_column,
    date_column,
    kpj_column,
    nik_column,
    reject_exact_duplicates,
)

#: Plausible ranges (CONTRACT §2): a monthly contribution, a claim amount, months paid.
CONTRIBUTION_IDR = (1_000, 100_000_000)
CLAIM_IDR = (1, 100_000_000_000)
MONTHS_PAID = (1, 120)


def validate_enrolment(
    rows: pd.DataFrame,
    gazetteer: Gazetteer,
    occupations: dict[str, str],
    funding: dict[str, str],
    today: dt.date | None = None,
) -> tuple[pd.DataFrame, Validation]:
    """Spells from enrolment rows; rejected rows keep their first reason."""
    today = today or dt.date.today()
    v = Validation(rows, ENROLMENT_FIELDS)
    reject_exact_duplicates(v)
    nik = nik_column(v, "nik", required=True)
    kpj = kpj_column(v)
    v.reject(~v.present("nama"), "nama", "missing_required")
    gender = parse.map_unique(rows["jenis_kelamin"], parse.parse_gender)

    # The village: a code when given, else the desa and kecamatan names.
    by_code = v.present("kode_desa")
    by_name = ~by_code & v.present("desa") & v.present("kecamatan")
    village = pd.Series([None] * len(rows), index=rows.index, dtype=object)
    village[by_code] = parse.map_unique(rows.loc[by_code, "kode_desa"], gazetteer.code_of)
    if by_name.any():
        by_code_ok = by_code & village.notna()
        resolved = pd.DataFrame(
            {"file": rows.loc[by_code_ok, "source_path"], "village_code": village[by_code_ok]}
        )
        village[by_name] = gazetteer.match_names(
            rows.loc[by_name, "desa"],
            rows.loc[by_name, "kecamatan"],
            rows.loc[by_name, "source_path"],
            resolved,
        )
    missing_place = ~by_code & ~by_name
    v.reject(missing_place & v.present("desa"), "kecamatan", "missing_required")
    v.reject(missing_place, "desa", "missing_required")
    v.reject(by_code & village.isna(), "kode_desa", "unknown_village")
    v.reject(by_name & village.isna(), "desa", "unknown_village")

    segment = parse.map_unique(rows["segmen"], parse.parse_segment)
    v.note_rows(
        v.present("segmen") & segment.isna(),
        "segmen",
        "unknown_segment",
        "segment not PU/BPU/JAKON/PMI: counted as BPU",
    )
    segment = segment.where(segment.notna(), "BPU")

    v.reject(~v.present("pekerjaan"), "pekerjaan", "missing_required")
    v.reject(~v.present("sumber_dana"), "sumber_dana", "missing_required")
    programs = parse.map_unique(rows["program"], parse.parse_programs)
    v.reject(v.present("program") & programs.isna(), "program", "invalid_program")
    programs = programs.where(v.present("program"), ("JKK", "JKM"))

    start = date_column(v, "tgl_mulai", today, required=True)
    end = date_column(v, "tgl_akhir", today, required=False)
    months = parse.map_unique(rows["lama_iuran_bulan"], parse.parse_count)
    use_months = ~v.present("tgl_akhir") & v.present("lama_iuran_bulan")
    plausible = parse.in_range(months, *MONTHS_PAID)
    v.reject(use_months & ~plausible, "lama_iuran_bulan", "invalid_amount")
    v.reject(~v.present("tgl_akhir") & ~v.present("lama_iuran_bulan"), "tgl_akhir", "missing_required")
    derive = use_months & v.ok
    if derive.any():
        end[derive] = [
            add_months_minus_day(s, int(m)) for s, m in zip(start[derive], months[derive], strict=True)
        ]
    has_both = v.ok & start.notna() & end.notna()
    before = pd.Series(False, index=rows.index)
    if has_both.any():
        before[has_both] = end[has_both].to_numpy(dtype=object) < start[has_both].to_numpy(dtype=object)
    v.reject(before, "tgl_akhir", "end_before_start")
    fee = amount_column(v, "iuran_bulanan", CONTRIBUTION_IDR)
    # Optional: an impossible birth date is left empty (age then comes from the NIK).
    birth = date_column(v, "tanggal_lahir", today, required=False, optional_note=True)
    v.note_rows(
        v.ok & v.present("jenis_kelamin") & gender.isna(),
        "jenis_kelamin",
        "dropped_optional_value",
        "jenis_kelamin is not L or P: left empty",
    )

    sector = mapped_codes(occupations, rows["pekerjaan"])
    funding_code = mapped_codes(funding, rows["sumber_dana"])
    note_unmapped(v, rows["pekerjaan"], sector, "unmapped_occupation", occupations)
    note_unmapped(v, rows["sumber_dana"], funding_code, "unmapped_funding", funding)

    ok = v.ok
    regions = gazetteer.regions.set_index("code")
    vcodes = village[ok]
    spells = pd.DataFrame(
        {
            "nik": nik[ok],
            "no_kpj": kpj[ok],
            "gender": gender[ok],
            "village_code": vcodes,
            "district_code": _map_distinct(vcodes, regions["district_code"]),
            "regency_code": _map_distinct(vcodes, regions["regency_code"]),
            "province_code": _map_distinct(vcodes, regions["province_code"]),
            "segment": segment[ok],
            "occupation": rows.loc[ok, "pekerjaan"].astype(object),
            "sector_code": sector[ok],
            "funding_text": rows.loc[ok, "sumber_dana"].astype(object),
            "funding_source": funding_code[ok],
            "programs": _map_distinct(programs[ok], ",".join),
            "start_date": start[ok],
            "end_date": end[ok],
            "monthly_contribution_idr": fee[ok],
            "name": rows.loc[ok, "nama"].astype(object),
            "birth_date": birth[ok],
            **{c: rows.loc[ok, c] for c in SOURCE_COLUMNS},
        }
    )
    spells.insert(0, "spell_id", range(1, len(spells) + 1))
    return spells.reset_index(drop=True), v


def _map_distinct(values: pd.Series, mapper) -> pd.Series:
    """``values.map(mapper)``, the mapper applied once per distinct value (missing stays missing)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = pd.Series(uniques, dtype=object).map(mapper)
    return pd.Series(mapped.array.take(codes, allow_fill=True), index=values.index)


def kpj_owners(spells: pd.DataFrame, among: set[str] | None = None) -> dict[str, int]:
    """Normalised KPJ -> how many distinct NIKs the accepted enrolment rows carrying it have.

    ``among``: only these KPJs (e.g. those the claims give), the others left out.
    """
    pairs = pa.table(
        {
            "no_kpj": pa.array(spells["no_kpj"], pa.string(), from_pandas=True),
            "nik": pa.array(spells["nik"], pa.string(), from_pandas=True),
        }
    )
    given = pc.is_valid(pairs["no_kpj"])
    if among is not None:
        given = pc.and_(given, pc.is_in(pairs["no_kpj"], value_set=pa.array(sorted(among), pa.string())))
    given = pairs.filter(given)
    counts = given.group_by("no_kpj").aggregate([("nik", "count_distinct")])
    return dict(zip(counts["no_kpj"].to_pylist(), counts["nik_count_distinct"].to_pylist(), strict=True))


def validate_claims(
    rows: pd.DataFrame, owners: dict[str, int] | None = None, today: dt.date | None = None
) -> tuple[pd.DataFrame, Validation]:
    """Claims; the versions of a claim id that do not count are ``duplicate_claim_id`` (§3.7).

    ``owners`` (``kpj_owners`` of the accepted spells) places a claim given by KPJ
    alone: a KPJ on no enrolment row, or on the rows of several NIKs, cannot say whose
    claim it is (``unknown_participant``).
    """
    today = today or dt.date.today()
    owners = owners or {}
    v = Validation(rows, CLAIM_FIELDS)
    reject_exact_duplicates(v)
    claim_id = rows["no_klaim"]
    v.reject(~v.present("no_klaim"), "no_klaim", "missing_required")
    v.reject(_superseded_versions(rows, v), "no_klaim", "duplicate_claim_id")
    nik = nik_column(v, "nik", required=False)
    kpj = kpj_column(v)
    v.reject(nik.isna() & kpj.isna(), "nik", "missing_required")
    program = v.parsed("program", parse.parse_program, "invalid_program", required=True)
    event = date_column(v, "tgl_kejadian", today, required=False)
    v.reject(program.isin(["JKK", "JKM"]) & ~v.present("tgl_kejadian"), "tgl_kejadian", "missing_required")
    submitted = date_column(v, "tgl_pengajuan", today, required=False)
    paid = date_column(v, "tgl_bayar", today, required=False)
    status = parse.map_unique(rows["status"], parse.parse_status)
    v.note_rows(
        v.present("status") & status.isna(),
        "status",
        "unknown_status",
        "status not DIBAYAR/PROSES/DITOLAK: taken from tgl_bayar",
    )
    status = status.where(status.notna(), paid.notna().map({True: "DIBAYAR", False: "PROSES"}))
    is_paid = status == "DIBAYAR"
    v.reject(is_paid & ~v.present("tgl_bayar"), "tgl_bayar", "missing_required")
    # A zero on a claim not (yet) paid means "nothing paid", not an amount.
    zero = parse.map_unique(rows["nominal"], parse.parse_amount) == 0
    amount = amount_column(v, "nominal", CLAIM_IDR, ignore=zero & ~is_paid)
    v.reject(is_paid & ~v.present("nominal"), "nominal", "missing_required")
    v.reject(_earlier(paid, submitted), "tgl_bayar", "end_before_start")
    v.reject(_earlier(submitted, event), "tgl_pengajuan", "end_before_start")
    v.reject(_earlier(paid, event), "tgl_bayar", "end_before_start")
    kpj_only = nik.isna() & kpj.notna()
    unplaced = kpj_only & kpj.map(lambda k: owners.get(k, 0) != 1)
    v.reject(unplaced, "no_kpj", "unknown_participant")

    ok = v.ok
    claims = pd.DataFrame(
        {
            "claim_id": claim_id[ok].astype(object),
            "nik": nik[ok],
            "no_kpj": kpj[ok],
            "program": program[ok],
            "event_date": event[ok],
            "submitted_date": submitted[ok],
            "paid_date": paid[ok],
            "status": status[ok],
            "amount_idr": amount[ok],
            **{c: rows.loc[ok, c] for c in SOURCE_COLUMNS},
        }
    )
    return claims.reset_index(drop=True), v


#: Statuses that end a claim: a later version with one updates a pending (PROSES) claim.
FINAL_STATUSES = ("DIBAYAR", "DITOLAK")


def _superseded_versions(rows: pd.DataFrame, v: Validation) -> pd.Series:
    """Versions of a claim that do not count (CONTRACT §3.7 ``duplicate_claim_id``).

    Rows with one claim id (ignoring case and spaces) are versions of one claim, in order
    of file name, sheet and row (the order of ``rows``). The first counts, unless its
    status is PROSES and a later version carries a final status (DIBAYAR or DITOLAK): then
    the earliest such later version counts, as a branch's monthly export updates a pending
    claim, and stays counted (a final status is never updated again). A status is the
    ``Status`` cell read, else DIBAYAR when ``tgl_bayar`` is filled in, else PROSES.
    """
    key = identifiers.claim_id_key(rows["no_klaim"])
    candidates = rows["no_klaim"].notna() & v.ok & key.notna()
    versions = candidates & key.where(candidates).duplicated(keep=False)
    out = pd.Series(False, index=rows.index)
    if not versions.any():
        return out
    typed = parse.map_unique(rows.loc[versions, "status"], parse.parse_status)
    paid = v.present("tgl_bayar")[versions]
    status = typed.where(typed.notna(), paid.map({True: "DIBAYAR", False: "PROSES"}))
    frame = pd.DataFrame(
        {"key": key[versions].astype(object), "position": range(int(versions.sum())), "status": status}
    )
    by_claim = frame.groupby("key", sort=False)
    first = by_claim["position"].transform("min")
    first_pending = by_claim["status"].transform("first") == "PROSES"
    first_final = (
        frame["position"].where(frame["status"].isin(FINAL_STATUSES)).groupby(frame["key"]).transform("min")
    )
    counted = first.where(~(first_pending & first_final.notna()), first_final)
    out[versions] = (frame["position"] != counted).to_numpy()
    return out


def _earlier(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """Rows where both dates are known and ``later`` lies before ``earlier``."""
    both = later.notna() & earlier.notna()
    out = pd.Series(False, index=later.index)
    if both.any():
        out[both] = [a < b for a, b in zip(later[both], earlier[both], strict=True)]
    return out
