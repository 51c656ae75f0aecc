"""Build everything one report shows from a read-only DuckDB connection.

``list_scopes`` says which reports a month gets; ``build_report`` runs every section of
``pipeline/report/sections`` for one scope and month and returns a ``ReportContent``:
the template context (raw values; templates only format), the chart images, the tables
attached as CSV and the manifest. The sections' queries are SQL files in ``sql/report``.

Nothing personal leaves this module: the queries return counts, codes and area names,
and every text passes the publication screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from pipeline.audit import health
from pipeline.core import months
from pipeline.core.months import add_months
from pipeline.core.sql import define_macros
from pipeline.report import provenance
from pipeline.report.config import Messages, ReportConfig, approval_block
from pipeline.report.formatting import Formatter
from pipeline.report.request import Request, month_end
from pipeline.report.scope import ReportScope, display_area_name, list_scopes, slugify
from pipeline.report.sections import (
    anomalies,
    areas,
    claims,
    cross_checks,
    directives,
    flows,
    freshness,
    funding,
    maps,
    quality,
    quotas,
    renewals,
    sectors,
    sex_age,
    summary,
    target_cost,
    ucj,
    villages,
)

__all__ = [
    "Messages",
    "ReportConfig",
    "ReportContent",
    "ReportScope",
    "approval_block",
    "build_report",
    "display_area_name",
    "list_scopes",
    "slugify",
]


@dataclass
class ReportContent:
    """Everything needed to render one PDF."""

    scope: ReportScope
    month: dt.date
    context: dict[str, Any]
    images: dict[str, bytes]
    tables: dict[str, pd.DataFrame]
    table_descriptions: dict[str, str]
    manifest: dict[str, Any]
    document_date: dt.datetime
    lang: str = "id"
    catalogue: str = "messages_id.json"
    locale: str = "id_ID"

    @property
    def filename(self) -> str:
        return f"{self.scope.slug}.pdf"


def _as_of(req: Request) -> dt.date:
    """The data's as-of date (CONTRACT §6), else the month's last day."""
    found = months.as_of(req.con) if req.has("staging.spells", "staging.claims") else None
    return found.date if found else month_end(req.month)


def draft_causes(req: Request) -> list[str]:
    """Why the report is a draft (``pipeline.audit.health``), one line each in the report's language.

    None: the report is final.

    Counts only: a file's name never reaches a report.
    """
    found = health.from_database(req.con)
    kinds = {"enrolment": req.t("kind.enrolment").lower(), "claims": req.t("kind.claims").lower()}
    causes = []
    for p in found.problems:
        values = {
            "count": req.fmt.number(p.count),
            "rows": req.fmt.number(p.rows),
            "read": req.fmt.number(p.read),
            "share": req.fmt.percent(p.share) if p.share is not None else "",
            "kind": kinds.get(p.kind, p.kind),
        }
        causes.append(req.t(f"draft.{p.code}", **values))
    return causes


def build_report(
    con: duckdb.DuckDBPyConnection,
    scope: ReportScope,
    month: dt.date,
    config: ReportConfig | None = None,
) -> ReportContent:
    """Read the marts and audit tables for ``scope`` and ``month``; no rendering."""
    define_macros(con)  # the report's SQL uses them (age_bands(), unmapped_code(), ...)
    config = (config or ReportConfig.load()).for_area(con, scope.code, month)
    t = Messages.load(config.catalogue)
    req = Request(con, scope, month, config, t, Formatter(config.locale))
    first = add_months(month, -max(config.trend_months - 1, 12))
    series = req.rows("area_series", first=first)
    if month not in {r["month"] for r in series}:
        raise ValueError(f"no coverage rows for {scope.code} in {month:%Y-%m}")
    now = next(r for r in series if r["month"] == month)
    by_month = funding.series(req)
    sections: dict[str, Any] = {
        "ucj": ucj.build(req, series),
        "children": areas.build(req),
        "maps": maps.build(req),
        "villages": villages.build(req),
        "quotas": quotas.build(req),
        "target_cost": target_cost.build(req),
        "sectors": sectors.build(req),
        "funding": funding.build(req, by_month),
        "flows": flows.build(req, series, by_month),
        "anomalies": anomalies.build(req, series),
        "renewals": renewals.build(req, now["active"]),
        "sex_age": sex_age.build(req),
        "claims": claims.build(req, funding.contributions_by_month(by_month)),
        "cross_checks": cross_checks.build(req),
        "directives": directives.build(req),
        "quality": quality.build(req),
        "freshness": freshness.build(req),
    }
    sections["summary"] = summary.build(
        req, sections["villages"], sections["renewals"], sections["claims"], sections["freshness"]
    )
    as_of = _as_of(req)
    draft = draft_causes(req)
    document_date = dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=dt.UTC)
    prov = provenance.build(
        req, sections["quality"]["files"], as_of, t("doc.title"), sections["summary"]["figures"]
    )
    context = {
        "lang": t.lang,
        "doc": {
            "title": t("doc.title"),
            "area": scope.display_name,
            "area_code": scope.code,
            "is_province": scope.is_province,
            "month": month,
            "prev_month": add_months(month, -1),
            "as_of": as_of,
            "document_id": prov["document_id"],
            "code_version": prov["code_version"],
            "iso_date": document_date.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "regency_count": len(scope.regency_codes),
            "month_11": add_months(month, 11),
            "month3": add_months(month, 3),
            # figures are provisional while the data stop before the month's last day
            "is_provisional": as_of < month_end(month),
            # incomplete inputs (pipeline.audit.health): "DRAF — BELUM UNTUK RAPAT" with the causes
            "draft": draft,
            "organisation": config.organisation,
            "meeting_line": config.meeting_line,
        },
        "approval": approval_block(config),
        "config": config,
        "target": config.ucj_target,
        "now": now,
        **sections,
        "provenance": prov["context"],
    }
    return ReportContent(
        scope=scope,
        month=month,
        context=context,
        images=req.images,
        tables=req.attached,
        table_descriptions={name: t(f"attach.{name}") for name in req.attached},
        manifest=prov["manifest"],
        document_date=document_date,
        lang=t.lang,
        catalogue=config.catalogue,
        locale=config.locale,
    )
