"""Keyed pseudonyms: stable with one key, different with another, key created once and private."""

import stat

import duckdb
import pandas as pd

from pipeline import privacy
from pipeline.ingest.load import ingest
from pipeline.settings import Settings
from tests.conftest import write_csv

NIK = "6107011203560001"


def test_the_key_is_created_once_with_owner_only_permissions(tmp_path):
    path = tmp_path / ".keys" / "pseudonym.key"
    key = privacy.load_or_create_key(path)
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert privacy.load_or_create_key(path) == key


def test_the_key_file_can_live_anywhere(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_KEY_FILE", str(tmp_path / "elsewhere.key"))
    assert privacy.key_path(tmp_path / "data") == tmp_path / "elsewhere.key"


def test_pseudonyms_are_stable_per_key_and_domain_and_keep_nulls():
    values = pd.Series([NIK, None, NIK])
    a = privacy.pseudonymise(values, b"k" * 32, "nik")
    assert a[0] == a[2] and a[1] is None and len(a[0]) == 32 and NIK not in a[0]
    assert privacy.pseudonymise(values, b"j" * 32, "nik")[0] != a[0]
    assert privacy.pseudonymise(values, b"k" * 32, "kpj")[0] != a[0]


def test_ingestion_joins_spells_claims_and_identity_on_the_same_pseudonym(tmp_path, raw_dir):
    write_csv(raw_dir / "enrolment" / "p.csv", [
        ("NIK", "KPJ", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir"),
        (NIK, "12345678901", "Ani", "6107012001", "Petani", "APBD_KAB", "01/03/2025", "28/02/2026"),
    ])
    write_csv(raw_dir / "claims" / "k.csv", [
        ("No Klaim", "NIK", "KPJ", "Program", "Tgl Kejadian", "Tgl Pengajuan"),
        ("K1", NIK, "", "JKK", "10/06/2025", "12/06/2025"),
        ("K2", "", "12345678901", "JKK", "10/07/2025", "12/07/2025"),
    ])
    con = duckdb.connect()
    ingest(con, Settings(tmp_path))
    person = con.execute("select person_id, kpj_id from staging.spells").fetchone()
    assert con.execute("select person_id from identity.persons").fetchone()[0] == person[0]
    claims = con.execute(
        "select claim_id, person_id, kpj_id, nik_regency_code from staging.claims order by 1"
    ).fetchall()
    assert claims == [("K1", person[0], None, "61.07"), ("K2", None, person[1], None)]
    assert (tmp_path / ".keys" / "pseudonym.key").exists()
    assert not (tmp_path / "processed" / ".keys").exists()
