"""Keyed pseudonyms: stable with one key, different with another, key created once and private."""

import hmac
import re
import stat

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from pipeline.ingest.load import ingest
from pipeline.publication import privacy
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


@pytest.mark.parametrize("key", [b"k" * 16, b"k" * 32, b"k" * 64, b"k" * 65, bytes(range(200))])
def test_pseudonyms_are_the_rfc_2104_hmacs_for_any_key_length(key):
    """DuckDB computes them (``pseudonym_sql``, the one definition): the same as ``hmac``."""
    values = [f"61070{i:011d}" for i in range(50)] + ["６１０７", "é ü", "'1", ""]
    got = privacy.pseudonymise(pd.Series(values, dtype=object), key, "nik")
    assert got.tolist() == [hmac.digest(key, f"nik:{v}".encode(), "sha256").hex()[:32] for v in values]


def test_a_lookup_computed_ahead_gives_the_hmacs_also_of_values_it_was_not_given():
    """Ingestion computes the pseudonyms of every NIK read while the rows are validated."""
    key = bytes(range(40))
    lookup = privacy.PseudonymLookup(pa.array([NIK, None, "61070", NIK]), key, "nik")
    values = ["61070", None, NIK, "not given ahead", "61070"]
    got = lookup.of(pa.array(values, pa.string())).to_pylist()
    digest = [hmac.digest(key, f"nik:{v}".encode(), "sha256").hex()[:32] for v in values]
    assert got == [None if v is None else d for v, d in zip(values, digest, strict=True)]


def test_ingestion_joins_spells_claims_and_identity_on_the_same_pseudonym(tmp_path, raw_dir):
    write_csv(
        raw_dir / "enrolment" / "p.csv",
        [
            ("NIK", "KPJ", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir"),
            (NIK, "12345678901", "Ani", "6107012001", "Petani", "APBD_KAB", "01/03/2025", "28/02/2026"),
        ],
    )
    write_csv(
        raw_dir / "claims" / "k.csv",
        [
            ("No Klaim", "NIK", "KPJ", "Program", "Tgl Kejadian", "Tgl Pengajuan"),
            ("K1", NIK, "", "JKK", "10/06/2025", "12/06/2025"),
            ("K2", "", "12345678901", "JKK", "10/07/2025", "12/07/2025"),
        ],
    )
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


def _published_db_with_pseudonyms(root) -> None:
    db = Settings(root).db_path
    db.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db)) as con:
        con.execute("create schema staging")
        con.execute("create table staging.spells as select 'abc' as person_id")


def test_a_missing_key_while_pseudonyms_exist_is_an_error_naming_the_path_and_the_ways_out(tmp_path):
    """Issue 12 (4): a deleted key was silently replaced, breaking every earlier pseudonym."""
    _published_db_with_pseudonyms(tmp_path)
    path = privacy.key_path(tmp_path)
    assert privacy.pseudonyms_in_use(Settings(tmp_path).db_path)
    with pytest.raises(privacy.KeyProblem) as raised:
        privacy.load_or_create_key(path, in_use=True)
    message = str(raised.value)
    assert str(path) in message and "backup" in message and "--new-key" in message
    assert not path.exists()
    key = privacy.load_or_create_key(path, in_use=True, replace=True)  # run --new-key
    assert len(key) == 32 and path.exists()


def test_a_corrupt_key_names_its_path(tmp_path):
    path = tmp_path / "pseudonym.key"
    path.write_text("not hex at all\n", encoding="ascii")
    with pytest.raises(privacy.KeyProblem, match=re.escape(str(path))):
        privacy.load_or_create_key(path)
    path.write_text("abcd\n", encoding="ascii")
    with pytest.raises(privacy.KeyProblem, match=r"at least 16"):
        privacy.load_or_create_key(path)
    key = privacy.load_or_create_key(path, replace=True)
    assert len(key) == 32 and (tmp_path / "pseudonym.key.corrupt").read_text() == "abcd\n"


def test_ingestion_refuses_to_replace_a_deleted_key(tmp_path, raw_dir, monkeypatch):
    write_csv(
        raw_dir / "enrolment" / "p.csv",
        [
            ("NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir"),
            (NIK, "Ani", "6107012001", "Petani", "APBD_KAB", "01/03/2025", "28/02/2026"),
        ],
    )
    _published_db_with_pseudonyms(tmp_path)
    with pytest.raises(privacy.KeyProblem, match="missing"):
        ingest(duckdb.connect(), Settings(tmp_path))
    monkeypatch.setenv(privacy.NEW_KEY_ENV, "1")
    ingest(duckdb.connect(), Settings(tmp_path))
    assert privacy.key_path(tmp_path).exists()


def test_the_run_date_is_recorded_and_can_be_set(tmp_path, raw_dir, monkeypatch):
    write_csv(
        raw_dir / "enrolment" / "p.csv",
        [
            ("NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir"),
            (NIK, "Ani", "6107012001", "Petani", "APBD_KAB", "01/03/2025", "28/02/2026"),
        ],
    )
    monkeypatch.setenv("PIPELINE_RUN_DATE", "2024-11-01")
    con = duckdb.connect()
    ingest(con, Settings(tmp_path))
    assert str(con.execute("select run_date from audit.ingestion_run").fetchone()[0]) == "2024-11-01"
    # judged against that day: a spell starting more than 92 days after it is rejected
    assert con.execute("select reason from audit.rejected_rows").fetchall() == [("invalid_date",)]
