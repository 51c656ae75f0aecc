"""Keyed pseudonyms for personal identifiers (UU 27/2022 on personal data protection).

NIK and KPJ are needed to count each person once and to plan renewals, but nothing
meant for publication may carry them. Every table outside the ``identity`` schema
joins on ``HMAC-SHA256(key, identifier)``: stable across runs with the same key,
useless without it. The key lives outside ``data/processed/`` (default
``<data root>/.keys/pseudonym.key``, or ``PIPELINE_KEY_FILE``), is created on the
first run with owner-only permissions, and is never committed.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

import numpy as np
import pandas as pd

KEY_BYTES = 32
ID_HEX_CHARS = 32  # 128 bits: no collisions among a country's NIKs


def key_path(data_dir: Path) -> Path:
    """Where the pseudonym key lives: ``PIPELINE_KEY_FILE`` or ``<data root>/.keys/pseudonym.key``."""
    configured = os.environ.get("PIPELINE_KEY_FILE")
    return Path(configured) if configured else data_dir / ".keys" / "pseudonym.key"


def load_or_create_key(path: Path) -> bytes:
    """Read the key, creating it (random, mode 0600) on first use."""
    if path.exists():
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        if len(key) < 16:
            raise ValueError(f"pseudonym key {path} is too short")
        return key
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    return key


def pseudonymise(values: pd.Series, key: bytes, domain: str) -> pd.Series:
    """``HMAC-SHA256(key, domain:value)`` as hex for each non-null value; null stays null.

    ``domain`` ("nik", "kpj") keeps a NIK and a KPJ with the same digits apart.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    prefix = f"{domain}:".encode()
    digests = np.empty(len(uniques) + 1, dtype=object)
    digests[:-1] = [hmac.digest(key, prefix + str(u).encode(), "sha256").hex()[:ID_HEX_CHARS]
                    for u in uniques]
    digests[-1] = None
    return pd.Series(digests[codes], index=values.index, dtype=object)
