"""Keyed pseudonyms for personal identifiers (UU 27/2022 on personal data protection).

NIK and KPJ are needed to count each person once and to plan renewals, but nothing
meant for publication may carry them. Every table outside the ``identity`` schema
joins on ``HMAC-SHA256(key, identifier)``: stable across runs with the same key,
useless without it. The key lives outside ``data/processed/`` (default
``<data root>/.keys/pseudonym.key``, or ``PIPELINE_KEY_FILE``), is created on the
first run with owner-only permissions, and is never committed.

A key is made only when none is needed yet: once a database holds pseudonyms, a missing
key is an error (``KeyProblem``) that names the path and the two ways out (restore the
key from its backup, or rebuild everything from ``raw/`` with ``--new-key``), because a
new key silently breaks every link to the pseudonyms written before. A corrupt key file
names its path too.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.core.sql import sql_text

KEY_BYTES = 32
ID_HEX_CHARS = 32  # 128 bits: no collisions among a country's NIKs
#: Set (to 1) by ``python -m pipeline run --new-key``: a missing or corrupt key is replaced.
NEW_KEY_ENV = "PIPELINE_NEW_KEY"


class KeyProblem(Exception):
    """The pseudonym key is missing while pseudonyms exist, or it cannot be read."""


def key_path(data_dir: Path) -> Path:
    """Where the pseudonym key lives: ``PIPELINE_KEY_FILE`` or ``<data root>/.keys/pseudonym.key``."""
    configured = os.environ.get("PIPELINE_KEY_FILE")
    return Path(configured) if configured else data_dir / ".keys" / "pseudonym.key"


def new_key_requested() -> bool:
    """Whether this run may make a new key (``PIPELINE_NEW_KEY=1``, set by ``run --new-key``)."""
    return os.environ.get(NEW_KEY_ENV, "") not in ("", "0")


def pseudonyms_in_use(db_path: Path) -> bool:
    """Whether the database at ``db_path`` already holds pseudonyms (read-only; False if absent)."""
    if not db_path.exists():
        return False
    with duckdb.connect(str(db_path), read_only=True) as con:
        return bool(con.execute(sql_text("privacy", "pseudonyms_in_use")).fetchall()[0][0])


def _read_key(path: Path) -> bytes:
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (ValueError, UnicodeDecodeError) as exc:
        raise KeyProblem(
            f"the pseudonym key {path} is corrupt (not 64 hexadecimal digits: {exc}). Restore "
            f"it from its backup (docs/security.md), or rebuild every table from raw/ with a new "
            f"key: python -m pipeline run --new-key"
        ) from None
    except OSError as exc:
        raise KeyProblem(f"the pseudonym key {path} cannot be read ({exc.strerror or exc})") from None
    if len(key) < 16:
        raise KeyProblem(
            f"the pseudonym key {path} is corrupt: {len(key)} bytes, at least 16 needed. "
            "Restore it from its backup, or run python -m pipeline run --new-key"
        )
    return key


def load_or_create_key(path: Path, in_use: bool = False, replace: bool = False) -> bytes:
    """Read the key, creating it (random, mode 0600) on first use.

    ``in_use``: the database already holds pseudonyms, so a missing key is a ``KeyProblem``
    unless ``replace`` (``--new-key``: everything is rebuilt from raw/ with the new key).
    ``replace`` also sets a corrupt key aside (``<name>.corrupt``) and makes a new one.
    """
    if path.exists():
        try:
            return _read_key(path)
        except KeyProblem:
            if not replace:
                raise
            os.replace(path, path.with_name(path.name + ".corrupt"))
    elif in_use and not replace:
        raise KeyProblem(
            f"the pseudonym key {path} is missing, but the database already holds pseudonyms "
            f"made with it: a new key would break every link to them. Either restore the key "
            f"file from its backup to {path}, or rebuild every table from raw/ with a new key: "
            f"python -m pipeline run --new-key"
        )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    return key


def pseudonym_sql(column: str, domain: str) -> str:
    """SQL computing the pseudonym of ``column`` (text) in DuckDB: HMAC-SHA256 by RFC 2104.

    The one definition of a pseudonym: ingestion, ``PseudonymLookup`` and ``pseudonymise`` use it.

    The padded keys are bound as ``$ipad`` and ``$opad`` (``pseudonym_params``), never written
    into the SQL text; null stays null.
    """
    return (
        f"substr(sha256($opad || unhex(sha256($ipad || encode('{domain}:' || {column})))), 1, {ID_HEX_CHARS})"
    )


def pseudonym_params(key: bytes) -> dict[str, bytes]:
    """HMAC-SHA256's inner and outer padded keys (RFC 2104), as ``hmac`` derives them from ``key``."""
    block = hashlib.sha256().block_size
    k0 = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
    return {"ipad": bytes(b ^ 0x36 for b in k0), "opad": bytes(b ^ 0x5C for b in k0)}


def pseudonymise(values: pd.Series, key: bytes, domain: str) -> pd.Series:
    """``HMAC-SHA256(key, domain:value)`` as hex for each non-null value; null stays null.

    ``domain`` ("nik", "kpj") keeps a NIK and a KPJ with the same digits apart. The same
    function as ingestion's (``pseudonym_sql``, through ``PseudonymLookup``): one
    definition of a pseudonym.
    """
    texts = pa.array([None if pd.isna(v) else str(v) for v in values], pa.string())
    digests = PseudonymLookup(texts, key, domain).of(texts).to_pylist()
    return pd.Series(digests, index=values.index, dtype=object)


class PseudonymLookup:
    """Pseudonyms of a set of distinct values, computed ahead (by DuckDB, the key bound).

    ``of(values)`` gives the pseudonym of each value, aligned with them; a value the set
    did not hold is computed then, so the result never depends on what was computed ahead.
    """

    def __init__(self, values: pa.Array, key: bytes, domain: str) -> None:
        self.key, self.domain = key, domain
        self.values, self.digests = _pseudonyms_of_distinct(values, key, domain)

    def of(self, values: pa.Array | pa.ChunkedArray) -> pa.Array:
        values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        values = values.cast(pa.string())
        index = pc.index_in(values, value_set=self.values)
        unknown = pc.and_(pc.is_null(index), pc.is_valid(values))
        if pc.any(unknown).as_py():
            extra, extra_digests = _pseudonyms_of_distinct(pc.filter(values, unknown), self.key, self.domain)
            self.values = pa.concat_arrays([self.values, extra])
            self.digests = pa.concat_arrays([self.digests, extra_digests])
            index = pc.index_in(values, value_set=self.values)
        return pc.take(self.digests, index)


def _pseudonyms_of_distinct(values: pa.Array, key: bytes, domain: str) -> tuple[pa.Array, pa.Array]:
    """The distinct non-null values of ``values`` and their pseudonyms (``pseudonym_sql``)."""
    distinct = pc.unique(values.cast(pa.string())).drop_null()
    with duckdb.connect() as con:
        con.register("distinct_values", pa.table({"v": distinct}))
        out = con.sql(
            f"select v, {pseudonym_sql('v', domain)} as digest from distinct_values",
            params=pseudonym_params(key),
        ).to_arrow_table()
    return out.column("v").combine_chunks(), out.column("digest").combine_chunks().cast(pa.string())
