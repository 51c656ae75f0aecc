"""``python -m pipeline verify REPORT.pdf``: check a published report against its archived inputs.

For auditors (Inspektorat, BPK). The report's manifest (attached inside the PDF) names
the archive index of its inputs, the SHA-256 of each, the run date, the code version and
the parameters. ``verify``:

1. reads the manifest and every attached table, and checks each attachment against the
   SHA-256 the manifest lists for it;
2. finds every input in the archive (``processed/archive/``, ``pipeline.audit.archive``): if
   any is missing, it lists them and exits 3;
3. rebuilds the run's ``raw/`` folder from the archive in a temporary data root and
   re-derives everything there, with the recorded run date and parameters: the same
   ingestion (``pipeline.ingest.load.ingest``), the same marts
   (``pipeline.build.tables.build_tables``) and the same report content
   (``pipeline.report.context.build_report``);
4. compares every attached table and the executive summary's figures with the
   re-derived ones: exit 0 when all match, else 1 with the first differences (table,
   key, column, published value, recomputed value).

``python -m pipeline rerender REPORT.pdf --out DIR`` writes the re-derived PDF: with the
same code version it is byte-identical to the published one, however many files have
arrived in ``raw/`` since.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from pypdf import PdfReader

from pipeline.audit import archive
from pipeline.build.tables import build_tables
from pipeline.core.months import as_of_month, parse_month
from pipeline.ingest.load import ingest
from pipeline.publication.screen import screen_data
from pipeline.report.context import ReportConfig, ReportContent, build_report, list_scopes
from pipeline.report.render import render_pdf, table_csv
from pipeline.settings import Settings

EXIT_MATCH = 0
EXIT_DIFFERENT = 1
EXIT_NOT_A_REPORT = 2
EXIT_MISSING = 3
MANIFEST = "manifest.json"
SHOWN = 20
#: Columns that identify a row of an attached table (in this order), where present.
KEY_COLUMNS = (
    "month",
    "level",
    "area_code",
    "regency_code",
    "district_code",
    "village_code",
    "sector_code",
    "funding_source",
    "program",
    "label",
    "reason",
    "directive",
)


class NotAReport(Exception):
    """The file is not a report of this pipeline (no PDF, no manifest)."""


class MissingInputs(Exception):
    """Inputs of the report are not in the archive."""

    def __init__(self, missing: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(missing)} inputs missing from the archive")
        self.missing = missing


@dataclass(frozen=True)
class Published:
    """What a report carries: its manifest and its attached tables (name -> bytes)."""

    manifest: dict[str, Any]
    tables: dict[str, bytes]


@dataclass(frozen=True)
class Difference:
    """One published value that the re-derivation does not give."""

    table: str
    key: str
    column: str
    published: str
    recomputed: str


def read_report(pdf: Path) -> Published:
    """The manifest and attached tables of ``pdf``; NotAReport when it has no manifest."""
    try:
        attachments = {name: b"".join(data) for name, data in PdfReader(pdf).attachments.items()}
    except Exception as exc:  # pypdf raises many kinds on a file that is not a PDF
        raise NotAReport(f"{pdf} cannot be read as a PDF: {exc}") from None
    if MANIFEST not in attachments:
        raise NotAReport(f"{pdf} has no {MANIFEST} attached: not a report of this pipeline")
    manifest = json.loads(attachments.pop(MANIFEST).decode("utf-8"))
    return Published(manifest, attachments)


def archive_entries(published: Published, archive_dir: Path) -> list[dict[str, Any]]:
    """The report's inputs as the archive indexes them; MissingInputs lists what is not there."""
    name = published.manifest.get("inputs_index")
    items = archive.load_index(archive_dir, name) if name else None
    if items is None:
        by_label = [
            {"label": i.get("label"), "sha256": i.get("sha256")}
            for i in published.manifest.get("inputs", [])
            if i.get("sha256")
        ]
        raise MissingInputs([{"label": "indeks arsip", "sha256": name or "-"}, *by_label])
    listed = {i.get("sha256") for i in published.manifest.get("inputs", [])}
    indexed = {i["sha256"] for i in items}
    if listed - indexed:
        raise MissingInputs(
            [
                {"label": "indeks arsip tidak memuat", "sha256": s}
                for s in sorted(s for s in listed - indexed if s)
            ]
        )
    labels = {i.get("sha256"): i.get("label") for i in published.manifest.get("inputs", [])}
    missing = archive.missing(archive_dir, items)
    if missing:
        raise MissingInputs(
            [{"label": labels.get(i["sha256"], i["kind"]), "sha256": i["sha256"]} for i in missing]
        )
    return items


@contextlib.contextmanager
def rederived(published: Published, archive_dir: Path) -> Iterator[ReportContent]:
    """The report's content re-derived from the archive in a temporary data root."""
    items = archive_entries(published, archive_dir)
    manifest = published.manifest
    params = manifest["parameters"]
    run_date = dt.date.fromisoformat(manifest["run_date"]) if manifest.get("run_date") else None
    with tempfile.TemporaryDirectory(prefix="pipeline-verify-") as tmp:
        root = Path(tmp)
        archive.restore(archive_dir, items, root / "raw")
        with duckdb.connect(str(root / "verify.duckdb")) as con:
            # The pseudonyms never reach a report: a throwaway key gives the same figures.
            ingest(con, Settings(root), today=run_date, key=secrets.token_bytes(32))
            build_tables(con, as_of_month(con))
            month = parse_month(params["reporting_month"])
            scopes = [
                s
                for s in list_scopes(con, month)
                if (s.level, s.code) == (params["scope_level"], params["scope_code"])
            ]
            if not scopes:
                raise NotAReport(
                    f"the re-derived data has no {params['scope_level']} "
                    f"{params['scope_code']} in {params['reporting_month']}"
                )
            config = ReportConfig(**params.get("report_config", {}))
            yield build_report(con, scopes[0], month, config)


def _rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    return (rows[0], rows[1:]) if rows else ([], [])


def compare_table(name: str, published: bytes, recomputed: bytes) -> list[Difference]:
    """The cells of an attached table that differ, by key (see ``KEY_COLUMNS``)."""
    if published == recomputed:
        return []
    header, rows = _rows(published)
    header_new, rows_new = _rows(recomputed)
    if header != header_new:
        return [Difference(name, "-", "(kolom)", ",".join(header), ",".join(header_new))]
    keys = [i for i, c in enumerate(header) if c in KEY_COLUMNS]

    def key_of(n: int, row: list[str]) -> str:
        return " / ".join(f"{header[i]}={row[i]}" for i in keys) if keys else f"baris {n + 1}"

    old = {key_of(n, r): r for n, r in enumerate(rows)}
    new = {key_of(n, r): r for n, r in enumerate(rows_new)}
    found = []
    for key, row in old.items():
        if key not in new:
            found.append(Difference(name, key, "(baris)", "ada", "tidak ada"))
            continue
        for column, a, b in zip(header, row, new[key], strict=False):
            if a != b:
                found.append(Difference(name, key, column, a, b))
    found += [Difference(name, key, "(baris)", "tidak ada", "ada") for key in new if key not in old]
    if not found:  # same cells, other order
        found.append(Difference(name, "-", "(urutan baris)", "", ""))
    return found


def _figure(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def compare(published: Published, content: ReportContent) -> list[Difference]:
    """Every difference between the published report and its re-derivation."""
    found: list[Difference] = []
    listed = {a["name"]: a.get("sha256") for a in published.manifest.get("attachments", [])}
    for name, data in sorted(published.tables.items()):
        if name in listed and hashlib.sha256(data).hexdigest() != listed[name]:
            found.append(Difference(name, "-", "(sha256)", listed[name], hashlib.sha256(data).hexdigest()))
    recomputed = {f"{name}.csv": table_csv(frame) for name, frame in content.tables.items()}
    for name in sorted(set(published.tables) | set(recomputed)):
        if name not in recomputed or name not in published.tables:
            found.append(
                Difference(
                    name,
                    "-",
                    "(lampiran)",
                    "ada" if name in published.tables else "tidak ada",
                    "ada" if name in recomputed else "tidak ada",
                )
            )
            continue
        found += compare_table(name, published.tables[name], recomputed[name])
    figures = screen_data(content.manifest["summary_figures"])
    for key, value in published.manifest.get("summary_figures", {}).items():
        if _figure(value) != _figure(figures.get(key)):
            found.append(Difference("ringkasan", key, "nilai", _figure(value), _figure(figures.get(key))))
    for field in ("document_id", "data_as_of", "reporting_month", "inputs"):
        mine = screen_data(content.manifest.get(field))
        if _figure(published.manifest.get(field)) != _figure(mine):
            found.append(
                Difference(
                    MANIFEST, field, "nilai", _figure(published.manifest.get(field))[:80], _figure(mine)[:80]
                )
            )
    return found


def verify(pdf: Path, archive_dir: Path, say=print) -> int:
    """Check ``pdf`` against the archive; the exit status (0 only when everything matches)."""
    try:
        published = read_report(pdf)
        with rederived(published, archive_dir) as content:
            differences = compare(published, content)
    except NotAReport as exc:
        say(f"error: {exc}")
        return EXIT_NOT_A_REPORT
    except MissingInputs as exc:
        say(
            f"error: {len(exc.missing)} inputs of {pdf.name} are not in the archive {archive_dir}; "
            "nothing was re-derived. Restore them (from the backup of processed/archive/) and run again:"
        )
        for item in exc.missing:
            say(f"  {item['label']}  sha256 {item['sha256']}")
        return EXIT_MISSING
    manifest = published.manifest
    tables = len(published.tables)
    if not differences:
        say(
            f"OK: {pdf.name} ({manifest.get('document_id')}) matches its inputs: {tables} attached "
            f"tables and {len(manifest.get('summary_figures', {}))} summary figures re-derived from "
            f"{len(manifest.get('inputs', []))} archived inputs (run date {manifest.get('run_date')}, "
            f"code {manifest.get('code_version')})"
        )
        return EXIT_MATCH
    say(
        f"DIFFERENT: {pdf.name}: {len(differences)} published values differ from the re-derivation "
        f"(first {min(SHOWN, len(differences))}):"
    )
    say("  table | key | column | published | recomputed")
    for d in differences[:SHOWN]:
        say(f"  {d.table} | {d.key} | {d.column} | {d.published} | {d.recomputed}")
    return EXIT_DIFFERENT


def rerender(pdf: Path, archive_dir: Path, out_dir: Path, say=print) -> int:
    """Re-render ``pdf`` from the archive into ``out_dir``; 0 when byte-identical to it."""
    try:
        published = read_report(pdf)
        with rederived(published, archive_dir) as content:
            data, _, _ = render_pdf(content)
    except NotAReport as exc:
        say(f"error: {exc}")
        return EXIT_NOT_A_REPORT
    except MissingInputs as exc:
        say(f"error: {len(exc.missing)} inputs are not in the archive {archive_dir}")
        for item in exc.missing:
            say(f"  {item['label']}  sha256 {item['sha256']}")
        return EXIT_MISSING
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / content.filename
    if target.resolve() == pdf.resolve():
        raise ValueError(f"{target} is the report itself: choose another --out folder")
    target.write_bytes(data)
    same = data == pdf.read_bytes()
    say(
        f"{'identical' if same else 'DIFFERENT'}: {target} ({'byte-identical to' if same else 'differs from'}"
        f" {pdf.name})"
    )
    return EXIT_MATCH if same else EXIT_DIFFERENT
