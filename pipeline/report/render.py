"""Render report content to HTML (Jinja) and to PDF/A-3b (WeasyPrint).

Safety: every string of the context, the attached tables and the manifest passes the
publication screen (``pipeline.publication.screen``); the Jinja environment autoescapes and uses
``StrictUndefined``; WeasyPrint fetches through ``ReportURLFetcher``, which serves files
under ``report_templates/`` and the charts generated for this report (``chart:<name>.svg``) and refuses every
other URL, scheme and path.

Reproducibility: every date in the PDF (document info, XMP, attachments) is the
data's as-of date, charts are deterministic SVG, font subsets carry no timestamp
(harfbuzz-subset, or ``SOURCE_DATE_EPOCH`` for the fontTools fallback), so the same
inputs give the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import io
import json
import logging
import mimetypes
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import duckdb
import jinja2
import markupsafe
from weasyprint import HTML, Attachment
from weasyprint.urls import URLFetcher, URLFetcherResponse

from pipeline.core.files import atomic_path
from pipeline.publication.screen import screen_data, screen_frame
from pipeline.report.context import (
    Messages,
    ReportConfig,
    ReportContent,
    build_report,
    list_scopes,
)
from pipeline.report.formatting import Formatter
from pipeline.settings import TEMPLATES_DIR

LOGGER = logging.getLogger(__name__)
TEMPLATE = "report.html.j2"
CHART_SCHEME = "chart"
_SERVED_SUFFIXES = {".css", ".svg", ".png", ".ttf", ".otf", ".woff", ".woff2"}


class RefusedURL(ValueError):
    """A URL the report fetcher will not serve."""


class ReportURLFetcher(URLFetcher):
    """Serves ``report_templates/`` files and this report's charts; refuses all else."""

    def __init__(self, templates_dir: Path, images: Mapping[str, bytes]):
        super().__init__(allowed_protocols=("file", CHART_SCHEME))
        self.root = Path(templates_dir).resolve()
        self.images = dict(images)
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        """Return the resource, or raise ``RefusedURL`` (WeasyPrint then skips it)."""
        try:
            response = self._resolve(url)
        except RefusedURL:
            self.refused.append(url)
            LOGGER.warning("report fetcher refused %s", url[:200])
            raise
        self.served.append(url)
        return response

    def _resolve(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == CHART_SCHEME:
            name = parts.path
            if name in self.images:
                mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, self.images[name], headers={"Content-Type": mime})
            raise RefusedURL(f"unknown chart {name!r}")
        if scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(self.root) and path.suffix.lower() in _SERVED_SUFFIXES and path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": mime})
        raise RefusedURL(f"not a report resource: {url[:200]}")


def css_string(value: str) -> markupsafe.Markup:
    """A text as a CSS string literal for ``@page`` margin boxes.

    Everything but ASCII letters, digits and spaces becomes a CSS escape, so the
    text can neither end the string nor the ``<style>`` element.
    """
    out = []
    for ch in str(value):
        out.append(ch if (ch.isascii() and ch.isalnum()) or ch == " " else f"\\{ord(ch):06x} ")
    return markupsafe.Markup('"' + "".join(out) + '"')


def make_environment(
    formatter: Formatter, messages: Messages, templates_dir: Path = TEMPLATES_DIR
) -> jinja2.Environment:
    """The Jinja environment: autoescaping, strict undefined, Babel filters, ``t()``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(formatter.filters())
    env.filters["css_string"] = css_string
    env.globals["t"] = messages
    return env


@functools.lru_cache(maxsize=8)
def _environment(locale: str, catalogue: str, templates_dir: Path) -> jinja2.Environment:
    """One environment per locale and catalogue: its templates are compiled once per process."""
    return make_environment(Formatter(locale), Messages.load(catalogue), templates_dir)


def render_html(content: ReportContent, templates_dir: Path = TEMPLATES_DIR) -> str:
    """The report as an HTML string."""
    env = _environment(content.locale, content.catalogue, Path(templates_dir))
    return env.get_template(TEMPLATE).render(**screen_data(content.context))


@contextlib.contextmanager
def _source_date_epoch(moment: dt.datetime) -> Iterator[None]:
    """Fix fontTools' subset timestamps (used when harfbuzz-subset is missing)."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def table_csv(frame) -> bytes:
    """A table as UTF-8 CSV: comma, header row, ISO dates, empty for null.

    Every text cell passes the publication screen: masked, and neutralised so that no cell
    is a live formula in a spreadsheet (``pipeline.publication.screen.publish_cell``).
    """
    return (
        screen_frame(frame).to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d").encode("utf-8")
    )


@dataclass(frozen=True)
class RenderedReport:
    """One written PDF."""

    path: Path
    pages: int
    seconds: float
    document_id: str
    sha256: str


def render_pdf(
    content: ReportContent, templates_dir: Path = TEMPLATES_DIR
) -> tuple[bytes, int, ReportURLFetcher]:
    """The report as PDF/A-3b bytes with its tables and manifest attached; also page count."""
    moment = content.document_date
    attachments, listed = [], []
    for name, frame in content.tables.items():
        data = table_csv(frame)
        filename = f"{name}.csv"
        description = content.table_descriptions.get(name, name)
        listed.append(
            {
                "name": filename,
                "description": description,
                "rows": len(frame),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
        attachments.append(
            Attachment(
                file_obj=io.BytesIO(data),
                name=filename,
                description=description,
                created=moment,
                modified=moment,
                relationship="Data",
            )
        )
    manifest = screen_data(dict(content.manifest, attachments=listed))
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode(
        "utf-8"
    )
    messages = Messages.load(content.catalogue)
    attachments.append(
        Attachment(
            file_obj=io.BytesIO(manifest_bytes),
            name="manifest.json",
            description=messages("attach.manifest"),
            created=moment,
            modified=moment,
            relationship="Supplement",
        )
    )
    content.context["provenance"]["attachments"] = [
        *listed,
        {
            "name": "manifest.json",
            "description": messages("attach.manifest"),
            "rows": None,
            "sha256": hashlib.sha256(manifest_bytes).hexdigest(),
        },
    ]
    html_text = render_html(content, templates_dir)
    fetcher = ReportURLFetcher(templates_dir, content.images)
    html = HTML(string=html_text, base_url=Path(templates_dir).resolve().as_uri() + "/", url_fetcher=fetcher)
    with _source_date_epoch(moment):
        document = html.render()
        pdf = document.write_pdf(pdf_variant="pdf/a-3b", attachments=attachments)
    return pdf, len(document.pages), fetcher


def render_all(
    con: duckdb.DuckDBPyConnection,
    month: dt.date,
    reports_dir: Path,
    config: ReportConfig | None = None,
    area: str | None = None,
) -> list[RenderedReport]:
    """Write the reports of ``month``: ``<reports_dir>/<YYYY-MM>/<code>-<name>.pdf``.

    Every area's, or with ``area`` (a regency code, or a province code for the summary of
    its regencies) that area's only: the same bytes either way; [] when it has no data.
    """
    config = config or ReportConfig.load()
    out_dir = Path(reports_dir) / f"{month:%Y-%m}"
    written = []
    for scope in list_scopes(con, month):
        if area is not None and scope.code != area:
            continue
        started = time.perf_counter()
        content = build_report(con, scope, month, config)
        pdf, pages, _ = render_pdf(content)
        path = out_dir / content.filename
        with atomic_path(path) as tmp:
            tmp.write_bytes(pdf)
        written.append(
            RenderedReport(
                path=path,
                pages=pages,
                seconds=round(time.perf_counter() - started, 2),
                document_id=content.manifest["document_id"],
                sha256=hashlib.sha256(pdf).hexdigest(),
            )
        )
    return written
