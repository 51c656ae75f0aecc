"""Provenance of a report: what its figures rest on.

The code version, the packages, the parameters, the inputs by label and hash, the
document id and the manifest attached to the PDF.

The document id is a digest of the inputs' index and the parameters, so the same inputs
and settings give the same id; ``python -m pipeline verify`` recomputes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import subprocess
from functools import lru_cache
from typing import Any

from pipeline.audit import archive
from pipeline.report.request import Request
from pipeline.settings import REPO_ROOT

PACKAGES = ("pipeline", "weasyprint", "pydyf", "jinja2", "matplotlib", "babel", "duckdb", "pandas", "dagster")
_INPUT_KEYS = ("label", "kind", "sha256", "rows_read", "rows_accepted", "rows_rejected", "status")


@lru_cache(maxsize=1)
def code_version() -> str:
    """The version of the code that made the report; never fails.

    ``PIPELINE_CODE_VERSION`` if set (a release build), else ``git describe`` of the
    checkout, else the installed package version.
    """
    if pinned := os.environ.get("PIPELINE_CODE_VERSION"):
        return pinned
    try:
        result = subprocess.run(
            ["git", "describe", "--always", "--tags", "--dirty"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        if result.stdout.strip():
            return f"git {result.stdout.strip()}"
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return f"pipeline {importlib.metadata.version('pipeline')}"
    except importlib.metadata.PackageNotFoundError:
        return "tidak diketahui"


def package_versions() -> dict[str, str]:
    """Versions of the packages that shape the report."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "-"
    return versions


def parameters(req: Request) -> dict[str, Any]:
    """Everything besides the inputs that decides the report's figures."""
    run = req.rows("run_date") if req.has("audit.ingestion_run") else []
    run_date = run[0]["run_date"] if run and run[0]["run_date"] else None
    config = req.config
    return {
        "reporting_month": f"{req.month:%Y-%m}",
        "scope_level": req.scope.level,
        "scope_code": req.scope.code,
        "regency_codes": req.regencies,
        "ucj_target": config.ucj_target,
        "trend_months": config.trend_months,
        "locale": config.locale,
        "catalogue": config.catalogue,
        "report_config": dataclasses.asdict(config),
        "run_date": run_date.isoformat() if run_date else None,
    }


def build(
    req: Request, files: list[dict[str, Any]], as_of: dt.date, title: str, summary_figures: dict[str, Any]
) -> dict[str, Any]:
    """The document id, the inputs and parameters as the report prints them, and the manifest."""
    params = parameters(req)
    index = archive.index_digest(req.con) if req.has("audit.input_files") else None
    digest = hashlib.sha256(
        json.dumps({"inputs": index, "parameters": params}, sort_keys=True, ensure_ascii=True).encode()
    ).hexdigest()
    document_id = f"MONEV-{req.scope.code}-{req.month:%Y%m}-{digest[:10].upper()}"
    inputs = [{k: r.get(k) for k in _INPUT_KEYS} for r in files]
    versions = package_versions()
    version = code_version()
    manifest = {
        "document_id": document_id,
        "title": title,
        "area": {"level": req.scope.level, "code": req.scope.code, "name": req.scope.display_name},
        "reporting_month": f"{req.month:%Y-%m}",
        "data_as_of": as_of.isoformat(),
        "code_version": version,
        "packages": versions,
        "parameters": params,
        "run_date": params["run_date"],
        "inputs_index": index,
        "inputs": inputs,
        "summary_figures": summary_figures,
        "attachments": {},
    }
    return {
        "document_id": document_id,
        "code_version": version,
        "manifest": manifest,
        "context": {"inputs": inputs, "packages": versions, "parameters": params, "attachments": []},
    }
