"""Validation rules of each input kind (CONTRACT §3), on top of the generic engine."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.catalog.codes import SECTOR_CODES
from pipeline.ingest import identifiers, parse
from pipeline.ingest.fields import (
    BUDGET_FIELDS,
    CLAIM_FIELDS,
    DIRECTIVE_FIELDS,
    ENROLMENT_FIELDS,
    FUNDING_CODES,
    GAZETTEER_FIELDS,
    TARGET_FIELDS,
    UCJ_TARGET_FIELDS,
    UNMAPPED,
    WORKFORCE_FIELDS,
)
from pipeline.ingest.gazetteer import Gazetteer, regions_frame
from pipeline.ingest.validate import (
    SOURCE_COLUMNS,
    Validation,
    add_months_minus_day,
    date_column,
    kpj_column,
    nik_column,
    reject_exact_duplicates,
)

#: Plausible ranges (CONTRACT §2): a monthly contribution, a claim amount, months paid.
CONTRIBUTION_IDR = (1_000, 100_000_000)
CLAIM_IDR = (1, 100_000_000_000)
MONTHS_PAID = (1, 120)
#: Persons in an area (workforce, targets): more than any country has is a typing error.
AREA_PERSONS = (0, 10_000_000_000)


def _lookup(mapping: dict[str, str], texts: pd.Series) -> pd.Series:
    return parse.map_unique(texts, lambda t: mapping.get(parse.normalise_key(t), UNMAPPED))


#: What an unmapped spelling's note tells to add where (CONTRACT §3.4): the mapping file,
#: its columns, what the spelling counts as meanwhile, and the codes it may map to.
UNMAPPED_HINTS = {
    "unmapped_funding": ("funding", "sumber_dana.csv", "ejaan,kode", UNMAPPED, "CODE"),
    "unmapped_occupation": (
        "occupation",
        "pekerjaan_sektor.csv",
        "pekerjaan,sektor",
        f"sector {UNMAPPED}",
        "LETTER",
    ),
}


def suggested_code(spelling: str, mapping: dict[str, str]) -> str | None:
    """The code of the longest known spelling the unknown one starts with, or None.

    ``APBD Kab. PPU`` -> ``APBD Kab`` -> ``APBD_KAB``: only a suggestion in a note, never
    applied to a row.
    """
    key = parse.normalise_key(spelling)
    known = [k for k in mapping if len(k) >= 3 and key.startswith(k) and mapping[k] != UNMAPPED]
    return mapping[max(known, key=len)] if known else None


def _note_unmapped(
    v: Validation, texts: pd.Series, codes: pd.Series, topic: str, mapping: dict[str, str]
) -> None:
    """One note per file, sheet and unknown spelling: its row count and the line to add."""
    unmapped = v.ok & texts.notna() & (codes == UNMAPPED)
    unmapped &= parse.map_unique(texts, parse.normalise_key) != parse.normalise_key(UNMAPPED)
    if not unmapped.any():
        return
    what, file, columns, counted_as, placeholder = UNMAPPED_HINTS[topic]
    picked = v.rows.loc[unmapped, ["source_path", "source_sheet", texts.name]]
    counts = picked.groupby(["source_path", "source_sheet", texts.name], sort=True).size()
    for (path, sheet, value), n in counts.items():
        code = suggested_code(value, mapping)
        spelling = value.strip()
        if "," in spelling or '"' in spelling:
            spelling = '"' + spelling.replace('"', '""') + '"'
        line = f"{spelling},{code or placeholder}"
        choose = "" if code else f" ({placeholder} being the right one of {_code_list(topic)})"
        v.notes.append(
            {
                "path": path,
                "sheet": sheet,
                "topic": topic,
                "value": value,
                "row_count": int(n),
                "message": f"{what} spelling '{value}' ({int(n)} rows) is in no mapping: counted as "
                f"{counted_as}; to map it, add the line {line}{choose} to reference/{file} "
                f"(columns {columns})",
                "field": texts.name,
            }
        )


def _code_list(topic: str) -> str:
    if topic == "unmapped_funding":
        return ", ".join(c for c in FUNDING_CODES if c != UNMAPPED)
    return "the KBLI 2020 section letters A to U"


def _amount_column(
    v: Validation,
    name: str,
    bounds: tuple[int, int],
    parser=parse.parse_amount,
    ignore: pd.Series | None = None,
) -> pd.Series:
    """Parse a number field and reject values outside ``bounds`` before any cast.

    Values in ``ignore`` count as empty (neither rejected nor kept).
    """
    values = parse.map_unique(v.rows[name], parser)
    present = v.present(name)
    if ignore is not None:
        present &= ~ignore.fillna(False).astype(bool)
    plausible = parse.in_range(values, *bounds)
    v.reject(present & ~plausible, name, "invalid_amount")
    return values.where(present & plausible, None)


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
    fee = _amount_column(v, "iuran_bulanan", CONTRIBUTION_IDR)
    # Optional: an impossible birth date is left empty (age then comes from the NIK).
    birth = date_column(v, "tanggal_lahir", today, required=False, optional_note=True)
    v.note_rows(
        v.ok & v.present("jenis_kelamin") & gender.isna(),
        "jenis_kelamin",
        "dropped_optional_value",
        "jenis_kelamin is not L or P: left empty",
    )

    sector = _lookup(occupations, rows["pekerjaan"])
    funding_code = _lookup(funding, rows["sumber_dana"])
    _note_unmapped(v, rows["pekerjaan"], sector, "unmapped_occupation", occupations)
    _note_unmapped(v, rows["sumber_dana"], funding_code, "unmapped_funding", funding)

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
    amount = _amount_column(v, "nominal", CLAIM_IDR, ignore=zero & ~is_paid)
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


def validate_gazetteer(rows: pd.DataFrame) -> tuple[pd.DataFrame, Validation]:
    """Regions from ``kode,nama`` rows; malformed codes are rejected."""
    v = Validation(rows, GAZETTEER_FIELDS)
    reject_exact_duplicates(v)
    v.reject(~v.present("nama"), "nama", "missing_required")
    code = v.parsed("kode", parse.parse_region_code, "unknown_village", required=True)
    dup = code.notna() & v.ok & code.where(v.ok).duplicated(keep="first")
    v.reject(dup, "kode", "duplicate_row")
    ok = v.ok
    regions = regions_frame(code[ok].astype(str), rows.loc[ok, "nama"].astype(str))
    return regions, v


def area_code_column(v: Validation, known_codes: set[str]) -> pd.Series:
    """``kode_wilayah`` of a reference row: a Kemendagri code the gazetteer knows."""
    code = v.parsed("kode_wilayah", parse.parse_region_code, "unknown_village", required=True)
    v.reject(code.notna() & ~code.isin(known_codes), "kode_wilayah", "unknown_village")
    return code


def _validate_area_figures(
    rows: pd.DataFrame, fields, value_field: str, known_codes: set[str]
) -> tuple[pd.DataFrame, Validation]:
    v = Validation(rows, fields)
    reject_exact_duplicates(v)
    code = area_code_column(v, known_codes)
    year = v.parsed("tahun", parse.parse_year, "invalid_date", required=True)
    v.reject(~v.present(value_field), value_field, "missing_required")
    value = _amount_column(v, value_field, AREA_PERSONS, parse.parse_count)
    ok = v.ok
    out = pd.DataFrame({"area_code": code[ok], "year": year[ok], "value": value[ok]})
    return out, v


def _text(rows: pd.DataFrame, ok: pd.Series, name: str) -> pd.Series:
    return rows.loc[ok, name].astype(object).where(rows.loc[ok, name].notna(), None)


#: The note of a reference row that is read but does not count (CONTRACT §3.2, §3.3).
IGNORED_REFERENCE_ROW = "ignored_reference_row"


def _conflicting_figures(
    v: Validation, out: pd.DataFrame, keys: list[str], value: str, what: str
) -> pd.Series:
    """Rows of ``out`` (indexed like ``v.rows``) that do not count: different figures for one key.

    Two or more different figures for the same ``keys`` (area, year and sector or source):
    none counts, and each such row gets a note naming the file and every row of the
    conflict. An exact repeat of a figure counts once (its later rows are dropped).
    """
    frame = out[[*keys, value]].astype(object).where(out[[*keys, value]].notna(), "\x00")
    groups = frame.groupby(keys, sort=False)[value]
    conflict = groups.transform("nunique") > 1
    repeat = frame.duplicated([*keys, value], keep="first") & ~conflict
    source_rows = v.rows.loc[out.index, "source_row"]
    for _, group in out[conflict].groupby(keys, sort=False, dropna=False):
        where = pd.Series(v.rows.index.isin(group.index), index=v.rows.index)
        listed = ", ".join(
            f"row {int(r)}: {int(x)}" for r, x in zip(source_rows[group.index], group[value], strict=True)
        )
        first = group.iloc[0]
        scope = f"{first['area_code']} in {int(first['year'])}"
        for key in keys[2:]:
            scope += f", {key} {first[key]}" if pd.notna(first[key]) else f", no {key}"
        v.note_rows(
            where,
            "kode_wilayah",
            IGNORED_REFERENCE_ROW,
            f"two different {what} for {scope} ({listed}): neither counts; keep one row and delete the other",
        )
    return conflict | repeat


def validate_workforce(rows: pd.DataFrame, known_codes: set[str]) -> tuple[pd.DataFrame, Validation]:
    """Workforce denominators, optionally by KBLI sector letter, with their source.

    A ``sektor`` that is not a KBLI section letter A–U, and two different figures for one
    area, year and sector, are ignored with a note naming the file and rows (CONTRACT §3.2).
    """
    out, v = _validate_area_figures(rows, WORKFORCE_FIELDS, "jumlah_pekerja", known_codes)
    out.index = rows.index[v.ok]
    typed = rows.loc[v.ok, "sektor"].astype(object)
    sector = typed.map(lambda s: s.strip().upper() if isinstance(s, str) and s.strip() else None)
    not_letter = sector.notna() & ~sector.isin(SECTOR_CODES)
    v.note_rows(
        pd.Series(rows.index.isin(not_letter[not_letter].index), index=rows.index),
        "sektor",
        IGNORED_REFERENCE_ROW,
        "sektor is not a KBLI 2020 section letter (A to U): this row's workers are not counted; "
        "write the letter (e.g. A for agriculture)",
    )
    out = out.rename(columns={"value": "workforce"})
    out.insert(2, "sector_code", sector.to_numpy())
    out["source_text"] = _text(rows, v.ok, "sumber").to_numpy()
    out = out[~not_letter.to_numpy()]
    dropped = _conflicting_figures(
        v, out, ["area_code", "year", "sector_code"], "workforce", "workforce figures"
    )
    return out[~dropped].reset_index(drop=True), v


def validate_targets(
    rows: pd.DataFrame, known_codes: set[str], funding: dict[str, str] | None = None
) -> tuple[pd.DataFrame, Validation]:
    """Coverage targets per area and year; with ``sumber_dana`` a programme quota of that source.

    Two different targets for one area, year and source are ignored with a note naming
    both rows (CONTRACT §3.3); an exact repeat counts once.
    """
    out, v = _validate_area_figures(rows, TARGET_FIELDS, "target", known_codes)
    out.index = rows.index[v.ok]
    codes = _lookup(funding or {}, rows.loc[v.ok, "sumber_dana"])
    out = out.rename(columns={"value": "target"})
    out["funding_source"] = codes.where(rows.loc[v.ok, "sumber_dana"].notna(), None).to_numpy()
    dropped = _conflicting_figures(v, out, ["area_code", "year", "funding_source"], "target", "targets")
    return out[~dropped].reset_index(drop=True), v


def parse_rate(text: str | None) -> float | None:
    """A rate as a fraction: ``0.5215``, ``0,5215``, or a percentage ``52,15%``; ``None`` otherwise."""
    if text is None:
        return None
    number = text.strip()
    percent = number.endswith("%")
    number = number.rstrip("%").strip().replace(",", ".")
    if not re.fullmatch(r"\d+(?:\.\d+)?", number):
        return None
    rate = float(number) / 100 if percent else float(number)
    return rate if 0 < rate <= 1 else None


def validate_ucj_targets(rows: pd.DataFrame, known_codes: set[str]) -> tuple[pd.DataFrame, Validation]:
    """Coverage-rate targets (fractions) per area and year, with their source."""
    v = Validation(rows, UCJ_TARGET_FIELDS)
    reject_exact_duplicates(v)
    code = area_code_column(v, known_codes)
    year = v.parsed("tahun", parse.parse_year, "invalid_date", required=True)
    rate = v.parsed("target_rate", parse_rate, "invalid_amount", required=True)
    ok = v.ok
    out = pd.DataFrame(
        {
            "area_code": code[ok],
            "year": year[ok],
            "target_rate": rate[ok],
            "source_text": _text(rows, ok, "sumber"),
        }
    )
    return out.reset_index(drop=True), v


#: A year's contribution budget of one source: beyond Rp1.000 trillion is a typing error.
BUDGET_IDR = (0, 1_000_000_000_000_000)


def validate_budgets(
    rows: pd.DataFrame, known_codes: set[str], funding: dict[str, str]
) -> tuple[pd.DataFrame, Validation]:
    """Contribution budgets per area, year and funding source."""
    v = Validation(rows, BUDGET_FIELDS)
    reject_exact_duplicates(v)
    code = area_code_column(v, known_codes)
    year = v.parsed("tahun", parse.parse_year, "invalid_date", required=True)
    v.reject(~v.present("sumber_dana"), "sumber_dana", "missing_required")
    v.reject(~v.present("pagu_idr"), "pagu_idr", "missing_required")
    budget = _amount_column(v, "pagu_idr", BUDGET_IDR)
    ok = v.ok
    out = pd.DataFrame(
        {
            "area_code": code[ok],
            "year": year[ok],
            "funding_source": _lookup(funding, rows.loc[ok, "sumber_dana"]),
            "budget_idr": budget[ok],
        }
    )
    return out.reset_index(drop=True), v


def validate_directives(
    rows: pd.DataFrame, known_codes: set[str], today: dt.date | None = None
) -> tuple[pd.DataFrame, Validation]:
    """Directives of a meeting: area, date, text, and optionally indicator, who and deadline."""
    today = today or dt.date.today()
    v = Validation(rows, DIRECTIVE_FIELDS)
    reject_exact_duplicates(v)
    code = area_code_column(v, known_codes)
    meeting = date_column(v, "tanggal", today, required=True)
    v.reject(~v.present("arahan"), "arahan", "missing_required")
    deadline = date_column(v, "tenggat", today, required=False, optional_note=True)
    ok = v.ok
    out = pd.DataFrame(
        {
            "area_code": code[ok],
            "meeting_date": meeting[ok],
            "directive": _text(rows, ok, "arahan"),
            "indicator": rows.loc[ok, "indikator"]
            .astype(object)
            .map(lambda t: t.strip().lower() if isinstance(t, str) else None),
            "responsible": _text(rows, ok, "penanggung_jawab"),
            "deadline_date": deadline[ok],
            **{c: rows.loc[ok, c] for c in SOURCE_COLUMNS},
        }
    )
    return out.reset_index(drop=True), v


def validate_mapping(
    rows: pd.DataFrame, fields, key: str, value: str, codes: tuple[str, ...]
) -> tuple[pd.DataFrame, Validation]:
    """Mapping rows (spelling -> code); a row whose code is not one of ``codes`` is ignored with a note.

    Its spelling then counts as unknown (CONTRACT §3.4). A funding code written as
    such is always its own spelling: a row cannot map ``APBD_KAB`` to another code.
    """
    v = Validation(rows, fields)
    for f in fields:
        v.reject(rows[f.name].isna(), f.name, "missing_required")
    code = rows[value].astype(object).map(lambda t: t.strip().upper() if isinstance(t, str) else None)
    invalid = v.ok & ~code.isin(codes)
    v.note_rows(
        invalid,
        value,
        "ignored_mapping_row",
        f"{value} is not one of {', '.join(codes)}: row ignored, its spelling counts as unknown",
    )
    own = {parse.normalise_key(c) for c in codes}
    keys = rows[key].astype(object).map(lambda t: parse.normalise_key(t) if isinstance(t, str) else None)
    overriding = v.ok & ~invalid & keys.isin(own) & (keys != code.map(parse.normalise_key))
    v.note_rows(
        overriding,
        key,
        "ignored_mapping_row",
        f"{key} is itself a code and always maps to itself: row ignored",
    )
    usable = v.ok & ~invalid & ~overriding
    # The same spelling mapped again to another code: the first row holds (file order).
    first_code = code[usable].groupby(keys[usable]).transform("first")
    conflicting = pd.Series(False, index=rows.index)
    conflicting[usable] = (code[usable] != first_code).to_numpy()
    v.note_rows(
        conflicting,
        value,
        "ignored_mapping_row",
        f"this {key} is mapped to another code on an earlier row: row ignored",
    )
    use = usable & ~conflicting
    # A spelling whose only rows have an invalid code is unknown, whatever an earlier
    # mapping (the shipped default) says: it comes back with no code.
    unknown = invalid & v.ok & ~keys.isin(set(keys[use]))
    frame = pd.DataFrame({key: rows.loc[use | unknown, key], value: code.where(use, None)[use | unknown]})
    return frame, v


def mapping_from_rows(
    rows: pd.DataFrame, key: str, value: str, codes: tuple[str, ...] = (), onto: dict | None = None
) -> dict[str, str]:
    """Normalised spelling -> code, added onto ``onto`` (a row's spelling wins over it).

    A row without a code (an invalid one, ``validate_mapping``) removes its spelling: it
    counts as unknown. ``codes`` map to themselves and cannot be overridden.
    """
    mapping = dict(onto or {})
    for k, val in zip(rows[key], rows[value], strict=True):
        if not isinstance(k, str):
            continue
        if isinstance(val, str) and val.strip():
            mapping[parse.normalise_key(k)] = val.strip().upper()
        else:
            mapping.pop(parse.normalise_key(k), None)
    mapping.update({parse.normalise_key(c): c for c in codes})
    return mapping


FUNDING_CODE_SET = FUNDING_CODES
