"""The input archive: every input of every run, content-addressed, owner-only, never published.

::

    processed/archive/<sha256>                 the bytes of one input file (0600)
    processed/archive/inputs/<digest>.json     which path held which file in one run (0600)

A run stores the files it read (those with a SHA-256; the shipped default mappings are
part of the code, a symlink leading outside the data root is never read nor stored)
under their hash, once however many runs use them, and an index of the run's inputs:
path, kind, SHA-256 and whether the file was read. The index is named by a digest of
its entries; each report's manifest carries that digest, the SHA-256 of every input,
the run date, the code version and the parameters, so ``pipeline.verification.verify`` can rebuild
the run's ``raw/`` folder from the archive and re-derive the report, however many files
arrived in ``raw/`` since.

The archive is written into the run's workspace and published with the database; its
folders are 0700. It holds personal data (the inputs): back it up like ``raw/``, never
with the published outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import duckdb

from pipeline.core.files import atomic_path
from pipeline.core.sql import fetch
from pipeline.ingest.file_names import on_disk
from pipeline.settings import Settings

INDEX_DIR = "inputs"
DEFAULT_PREFIX = "(default) "


class ArchiveError(Exception):
    """An input could not be archived as it was read (it changed while the run read it)."""


def entries(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The run's inputs as the archive indexes them: path, kind, sha256, read (or not)."""
    rows = fetch(con, "archive", "input_files")[1]
    return [
        {"path": p, "kind": k, "sha256": s, "not_read": bool(e and e.startswith("not read:")), "error": e}
        for p, k, s, e in rows
    ]


def digest(items: list[dict[str, Any]]) -> str:
    """The name of an index: SHA-256 of its entries (path, kind, sha256, read or not)."""
    canonical = [[i["path"], i["kind"], i["sha256"], i["not_read"]] for i in items]
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=True).encode()).hexdigest()


def _private(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)


def _store(src: Path, sha256: str, out_dir: Path) -> None:
    """Copy ``src`` to ``out_dir/<sha256>``, checking on the way that it still has that hash."""
    hasher = hashlib.sha256()
    with atomic_path(out_dir / sha256) as tmp:
        with src.open("rb") as fh, tmp.open("wb") as out:
            while chunk := fh.read(1 << 20):
                hasher.update(chunk)
                out.write(chunk)
        tmp.chmod(0o600)
        if hasher.hexdigest() != sha256:
            raise ArchiveError(f"{src} changed while the run read it: run again")


def archive_inputs(con: duckdb.DuckDBPyConnection, settings: Settings, out_dir: Path) -> str:
    """Store the inputs of the ingestion in ``con`` under ``out_dir``; returns the index digest.

    ``out_dir`` is the run's workspace folder (published to ``settings.archive_dir``): a file
    already in the published archive is not copied again.
    """
    items = entries(con)
    name = digest(items)
    _private(out_dir)
    published = settings.archive_dir
    for item in items:
        sha, path = item["sha256"], item["path"]
        if not sha or path.startswith(DEFAULT_PREFIX):
            continue
        if (published / sha).is_file() or (out_dir / sha).is_file():
            continue
        # a name that is not UTF-8 is listed under its printable form (``printable_path``)
        _store(on_disk(settings.raw_dir, path), sha, out_dir)
    index_dir = out_dir / INDEX_DIR
    _private(index_dir)
    if not (published / INDEX_DIR / f"{name}.json").is_file():
        with atomic_path(index_dir / f"{name}.json") as tmp:
            tmp.write_text(
                json.dumps({"inputs": items}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            tmp.chmod(0o600)
    return name


def index_digest(con: duckdb.DuckDBPyConnection) -> str:
    """The digest of the archive index of the ingestion in ``con`` (for a report's manifest)."""
    return digest(entries(con))


def load_index(archive_dir: Path, name: str) -> list[dict[str, Any]] | None:
    """The entries of index ``name``, or None when the archive lacks it."""
    path = archive_dir / INDEX_DIR / f"{name}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))["inputs"]


def missing(archive_dir: Path, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The archived inputs of ``items`` whose file is not in the archive."""
    return [
        i
        for i in items
        if i["sha256"]
        and not i["path"].startswith(DEFAULT_PREFIX)
        and not (archive_dir / i["sha256"]).is_file()
    ]


def restore(archive_dir: Path, items: list[dict[str, Any]], raw_dir: Path) -> None:
    """Rebuild a run's ``raw/`` folder from the archive: the same paths, the same bytes.

    A file the run did not read is recreated as what kept it from being read (a hidden or
    lock file as an empty file, a symlink as a broken one), so it is listed alike.
    """
    for item in items:
        path = item["path"]
        if path.startswith(DEFAULT_PREFIX):
            continue
        target = raw_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if item["sha256"]:
            shutil.copyfile(archive_dir / item["sha256"], target)
        elif "link" in (item["error"] or ""):
            os.symlink("/nonexistent/outside-the-data-root", target)
        elif "folder" in (item["error"] or ""):
            target.mkdir(exist_ok=True)
        elif "regular file" in (item["error"] or ""):
            os.mkfifo(target)
        else:
            target.write_bytes(b"")
