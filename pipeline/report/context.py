"""Build everything one report shows from a read-only DuckDB connection.

``list_scopes`` says which reports a month gets (each regency with data, plus a
province summary where a province has more than one); ``build_report`` reads the
marts, the audit tables and, for the directive indicators, ``staging.spells``, and
returns a ``ReportContent``: the template context (raw values; templates only
format), the chart images, the tables attached as CSV and the manifest.

Nothing personal leaves this module: the staging queries return counts only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import json
import math
import os
import re
import subprocess
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pipeline import archive, screen
from pipeline.report import charts
from pipeline.report.formatting import Formatter
from pipeline.report.sections import cross_checks as cross_checks_section
from pipeline.report.sections import directives as directives_section
from pipeline.report.sections import quotas as quotas_section
from pipeline.report.sections import renewals as renewals_section
from pipeline.report.sections import sex_age as sex_age_section
from pipeline.settings import REPO_ROOT, TEMPLATES_DIR

PACKAGE_DIR = Path(__file__).resolve().parent
SETTINGS_FILE = TEMPLATES_DIR / "report_settings.toml"
PACKAGES = ("pipeline", "weasyprint", "pydyf", "jinja2", "matplotlib", "babel", "duckdb", "pandas", "dagster")
MART_TABLES = (
    "coverage_by_village",
    "coverage_by_area",
    "coverage_by_sector",
    "coverage_by_funding",
    "claims_by_program",
)


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class ReportConfig:
    """Report settings from ``report_templates/report_settings.toml``."""

    #: The coverage-rate target: from reference/target_ucj (``for_area``); none built in.
    #: ``PIPELINE_UCJ_TARGET`` (a fraction) overrides it for one run.
    ucj_target: float | None = None
    ucj_target_source: str = ""
    trend_months: int = 24
    locale: str = "id_ID"
    catalogue: str = "messages_id.json"
    rt_rw_pattern: str = r"(^| )(ketua (rt|rw)|rt|rw)( |$)"
    rt_rw_exclude: str = r"(^| )(ibu rt|irt)( |$)"
    civil_servant_pattern: str = r"(^| )(pns|asn|korpri)( |$)"
    #: The approval block: ``[[approval]]`` tables with ``role`` (prepared, checked,
    #: approved), ``name`` and ``position``; blank lines to sign when none are set.
    approval: tuple[dict[str, str], ...] = ()

    def for_area(self, con: duckdb.DuckDBPyConnection, code: str, month: dt.date) -> ReportConfig:
        """These settings with the area's UCJ target (reference/target_ucj) unless overridden."""
        if self.ucj_target is not None:
            return self
        tables = {f"{a}.{b}" for a, b in con.execute(
            "select schema_name, table_name from duckdb_tables()").fetchall()}
        if "staging.ucj_targets" not in tables:
            return self
        text = (REPO_ROOT / "sql" / "report" / "ucj_target.sql").read_text(encoding="utf-8")
        found = con.execute(text, {"code": code, "month": month}).fetchall()
        if not found:
            return self
        rate, source, area = found[0]
        return dataclasses.replace(self, ucj_target=rate, ucj_target_source=source or area)

    @classmethod
    def load(cls, path: Path = SETTINGS_FILE) -> ReportConfig:
        """Read the settings file; ``PIPELINE_UCJ_TARGET`` overrides the target."""
        values = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        known = {k: v for k, v in values.items() if k in cls.__dataclass_fields__}
        if "approval" in known:
            known["approval"] = tuple(dict(a) for a in known["approval"])
        if os.environ.get("PIPELINE_UCJ_TARGET"):
            known["ucj_target"] = float(os.environ["PIPELINE_UCJ_TARGET"])
            known["ucj_target_source"] = "PIPELINE_UCJ_TARGET"
        config = cls(**known)
        if config.ucj_target is not None and not 0 < config.ucj_target <= 1:
            raise ValueError(f"ucj_target must be a fraction in (0, 1], got {config.ucj_target}")
        if not 12 <= config.trend_months <= 24:
            raise ValueError(f"trend_months must be 12 to 24, got {config.trend_months}")
        return config


class Messages:
    """The message catalogue: every label the report prints, by key."""

    def __init__(self, entries: dict[str, Any]):
        self._entries = entries

    @classmethod
    def load(cls, name: str = "messages_id.json") -> Messages:
        """Load ``pipeline/report/<name>``."""
        return cls(json.loads((PACKAGE_DIR / name).read_text(encoding="utf-8")))

    def __call__(self, key: str, **params: Any) -> Any:
        """The message for ``key`` (KeyError when missing), formatted with ``params``."""
        value = self._entries[key]
        return value.format(**params) if params else value

    def get(self, key: str, default: str) -> str:
        """The message for a data-driven key, ``default`` when the catalogue lacks it."""
        return self._entries.get(key, default)

    @property
    def lang(self) -> str:
        return self._entries.get("_lang", "id")


# --------------------------------------------------------------------------- scopes


@dataclass(frozen=True)
class ReportScope:
    """What one report covers: a regency, or a province summary of its regencies."""

    level: str  # "regency" or "province"
    code: str
    name: str  # as the marts give it, e.g. "KAB. BENGKAYANG"
    regency_codes: tuple[str, ...]

    @property
    def display_name(self) -> str:
        return display_area_name(self.name, self.level)

    @property
    def slug(self) -> str:
        """``61.07-kabupaten-bengkayang``: code, then the display name as ASCII words."""
        return f"{self.code}-{slugify(self.display_name)}"


def display_area_name(name: str, level: str) -> str:
    """``KAB. BENGKAYANG`` -> ``Kabupaten Bengkayang``; mixed-case names stay as they are."""
    text = " ".join(str(name).split())
    upper = text.upper()
    prefix = ""
    for short, full in (
        ("KABUPATEN ", "Kabupaten"),
        ("KAB. ", "Kabupaten"),
        ("KAB ", "Kabupaten"),
        ("KOTA ", "Kota"),
        ("PROVINSI ", "Provinsi"),
    ):
        if upper.startswith(short):
            prefix, text = full, text[len(short) :].strip()
            break
    if level == "province" and not prefix:
        prefix = "Provinsi"
    if level == "regency" and not prefix:
        prefix = "Kabupaten"
    if text.isupper():
        text = " ".join(w if re.fullmatch(r"[IVX]+", w) else w.capitalize() for w in text.split())
    return f"{prefix} {text}".strip()


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: ``Kabupaten Bengkayang`` -> ``kabupaten-bengkayang``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "wilayah"


def list_scopes(con: duckdb.DuckDBPyConnection, month: dt.date) -> list[ReportScope]:
    """Each regency with rows for ``month``, then a summary per province with several."""
    rows = con.execute(
        "select area_code, area_name from marts.coverage_by_area "
        "where level = 'regency' and month = $month order by area_code",
        {"month": month},
    ).fetchall()
    scopes = [ReportScope("regency", code, name, (code,)) for code, name in rows]
    by_province: dict[str, list[str]] = {}
    for code, _ in rows:
        by_province.setdefault(code.split(".")[0], []).append(code)
    for province, regencies in sorted(by_province.items()):
        if len(regencies) < 2:
            continue
        found = con.execute(
            "select any_value(area_name) from marts.coverage_by_area "
            "where level = 'province' and area_code = $code",
            {"code": province},
        ).fetchall()
        name = found[0][0] if found and found[0][0] else province
        scopes.append(ReportScope("province", province, name, tuple(regencies)))
    return scopes


# --------------------------------------------------------------------------- helpers


def add_months(day: dt.date, months: int) -> dt.date:
    """First day of the month ``months`` after ``day``'s month."""
    y, m = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + y, m + 1, 1)


def month_end(day: dt.date) -> dt.date:
    """Last day of ``day``'s month."""
    return add_months(day, 1) - dt.timedelta(days=1)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values (None for nulls, dates as ``date``)."""
    out = []
    for row in frame.to_dict(orient="records"):
        clean = {}
        for key, value in row.items():
            if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
                clean[key] = None
            elif isinstance(value, pd.Timestamp):
                clean[key] = value.date()
            elif hasattr(value, "item"):
                clean[key] = value.item()
            else:
                clean[key] = value
        out.append(clean)
    return out


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    rows = con.execute(
        "select table_schema || '.' || table_name, column_name from information_schema.columns"
    ).fetchall()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return tables


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


# --------------------------------------------------------------------------- content


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
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.scope.slug}.pdf"


class _Builder:
    def __init__(self, con, scope: ReportScope, month: dt.date, config: ReportConfig):
        self.con = con
        self.scope = scope
        self.month = month
        self.config = config
        self.t = Messages.load(config.catalogue)
        self.fmt = Formatter(config.locale)
        self.tables = _tables(con)
        self.regencies = list(scope.regency_codes)
        self.images: dict[str, bytes] = {}
        self.attached: dict[str, pd.DataFrame] = {}
        self.is_province = scope.level == "province"
        self.child_level = "regency" if self.is_province else "district"
        self.prev_month = add_months(month, -1)
        self.year_ago = add_months(month, -12)

    # -- queries ---------------------------------------------------------------
    def q(self, sql: str, **params: Any) -> pd.DataFrame:
        """A query's rows, every text cell through the publication screen's mask."""
        return screen.screen_frame(self.con.execute(sql, params).df(), cell=screen.mask)

    def image(self, name: str, fig) -> str:
        self.images[name] = charts.to_svg(fig)
        return f"chart:{name}.svg"

    def area_series(self) -> pd.DataFrame:
        first = add_months(self.month, -(self.config.trend_months - 1))
        return self.q(
            "select * from marts.coverage_by_area where level = $level and area_code = $code "
            "and month between $first and $month order by month",
            level=self.scope.level,
            code=self.scope.code,
            first=first,
            month=self.month,
        )

    @property
    def target_text(self) -> str:
        """The UCJ target as printed, or that none is set."""
        target = self.config.ucj_target
        return self.fmt.target(target) if target is not None else self.t("ucj.no_target")

    # -- sections --------------------------------------------------------------
    def ucj(self, series: pd.DataFrame) -> dict[str, Any]:
        rows = _records(series)
        t, fmt, target = self.t, self.fmt, self.config.ucj_target
        months = [r["month"] for r in rows]
        area = self.scope.display_name
        current = next((r for r in rows if r["month"] == self.month), None)
        fig = charts.coverage_trend(
            months,
            [r["coverage_rate"] for r in rows],
            target,
            fmt,
            coverage_label=t("ucj.legend.coverage"),
            target_label=t("ucj.legend.target"),
        )
        first, last = (fmt.month(months[0]), fmt.month(months[-1])) if months else ("", "")
        return {
            "rows": rows,
            "table_rows": rows[-13:],
            "current": current,
            "chart": {
                "src": self.image("ucj_trend", fig),
                "caption": t(
                    "ucj.chart.caption", area=area, first=first, last=last, target=self.target_text
                ),
                "alt": t(
                    "ucj.chart.alt",
                    area=area,
                    first=first,
                    last=last,
                    rate=fmt.percent(current["coverage_rate"] if current else None),
                    target=self.target_text,
                ),
            },
        }

    def children(self) -> dict[str, Any]:
        t, fmt, target = self.t, self.fmt, self.config.ucj_target
        frame = self.q(
            "select * from marts.coverage_by_area where level = $level and month = $month "
            "and starts_with(area_code, $prefix) order by area_code",
            level=self.child_level,
            month=self.month,
            prefix=f"{self.scope.code}.",
        )
        rows = _records(frame)
        for r in rows:
            if self.is_province:
                r["area_name"] = display_area_name(r["area_name"], "regency")
            r["below_target"] = (r["coverage_rate"] is not None and target is not None
                                 and r["coverage_rate"] < target)
        unit = t("district.unit_province" if self.is_province else "district.unit")
        fig = charts.coverage_bars(
            [r["area_name"] for r in rows],
            [r["coverage_rate"] for r in rows],
            target,
            fmt,
            target_label=t("ucj.legend.target"),
        )
        month = fmt.month(self.month)
        return {
            "rows": rows,
            "unit": unit,
            "chart": {
                "src": self.image("coverage_by_area", fig),
                "caption": t("district.chart.caption", unit=unit, month=month, target=self.target_text),
                "alt": t(
                    "district.chart.alt", count=len(rows), unit=unit, month=month, target=self.target_text
                ),
            },
        }

    def villages(self) -> dict[str, Any]:
        t, fmt = self.t, self.fmt
        frame = self.q(
            "select * from marts.coverage_by_village where list_contains($regencies, regency_code) "
            "and month = $month order by district_code, village_code",
            regencies=self.regencies,
            month=self.month,
        )
        self.attached["villages"] = frame
        rows = _records(frame)
        groups: list[dict[str, Any]] = []
        for r in rows:
            r["is_empty"] = (r["active"] or 0) == 0
            r["is_below_target"] = r["target_attainment"] is not None and r["target_attainment"] < 1
            r["flag"] = (
                t("village.flag.empty")
                if r["is_empty"]
                else t("village.flag.below")
                if r["is_below_target"]
                else ""
            )
            if not groups or groups[-1]["code"] != r["district_code"]:
                groups.append({"code": r["district_code"], "name": r["district_name"], "rows": []})
            groups[-1]["rows"].append(r)
        band_keys = ("empty", "low", "mid", "met", "none")
        counts = {k: [] for k in band_keys}
        for g in groups:
            tally = dict.fromkeys(band_keys, 0)
            for r in g["rows"]:
                a = r["target_attainment"]
                key = (
                    "empty"
                    if r["is_empty"]
                    else "none"
                    if a is None
                    else "low"
                    if a < 0.5
                    else "mid"
                    if a < 1
                    else "met"
                )
                tally[key] += 1
            for k in band_keys:
                counts[k].append(tally[k])
            g["label"] = t("village.subtotal", name=g["name"])
        bands = [
            (t(f"village.band.{k}"), counts[k], charts.BAND_COLOURS[k]) for k in band_keys if any(counts[k])
        ]
        fig = charts.stacked_bands([g["name"] for g in groups], bands, fmt)
        with_target = [r for r in rows if r["target"]]
        return {
            "groups": groups,
            "count": len(rows),
            "with_target": len(with_target),
            "below_target": sum(r["is_below_target"] for r in rows),
            "empty": sum(r["is_empty"] for r in rows),
            "chart": {
                "src": self.image("village_bands", fig),
                "caption": t("village.chart.caption", month=fmt.month(self.month)),
                "alt": t("village.chart.alt"),
            },
        }

    def sectors(self) -> dict[str, Any]:
        t, fmt = self.t, self.fmt
        frame = self.q(
            "select * from marts.coverage_by_sector where list_contains($regencies, regency_code) "
            "and month = $month order by regency_code, sector_code",
            regencies=self.regencies,
            month=self.month,
        )
        self.attached["sectors"] = frame
        grouped = self.q(
            "select sector_code, any_value(sector_name) as sector_name, sum(active)::bigint as active, "
            "case when count(workforce) = count(*) then sum(workforce) end::bigint as workforce "
            "from marts.coverage_by_sector where list_contains($regencies, regency_code) "
            "and month = $month group by sector_code "
            "order by sector_code = 'LAINNYA', active desc, sector_code",
            regencies=self.regencies,
            month=self.month,
        )
        rows = _records(grouped)
        for r in rows:
            r["name"] = t.get(f"kbli.{r['sector_code']}", r["sector_name"] or r["sector_code"])
            r["coverage_rate"] = _ratio(r["active"], r["workforce"])
            r["code_label"] = "–" if r["sector_code"] == "LAINNYA" else r["sector_code"]
        fig = charts.count_bars([_short(r["name"]) for r in rows], [r["active"] for r in rows], fmt)
        return {
            "rows": rows,
            "total": sum(r["active"] for r in rows),
            "chart": {
                "src": self.image("sectors", fig),
                "caption": t("sector.chart.caption", month=fmt.month(self.month)),
                "alt": t("sector.chart.alt", month=fmt.month(self.month)),
            },
        }

    def funding(self) -> dict[str, Any]:
        t, fmt = self.t, self.fmt
        first = add_months(self.month, -(self.config.trend_months - 1))
        frame = self.q(
            "select * from marts.coverage_by_funding where list_contains($regencies, regency_code) "
            "and month between $first and $month order by month, regency_code, funding_source",
            regencies=self.regencies,
            first=first,
            month=self.month,
        )
        self.attached["funding"] = frame
        grouped = self.q(
            "select month, funding_source, sum(active)::bigint as active, "
            "sum(contributions_idr)::bigint as contributions_idr from marts.coverage_by_funding "
            "where list_contains($regencies, regency_code) and month between $first and $month "
            "group by all order by month, funding_source",
            regencies=self.regencies,
            first=first,
            month=self.month,
        )
        current = grouped[grouped.month.dt.date == self.month] if len(grouped) else grouped
        total = int(current.active.sum()) if len(current) else 0
        rows = _records(current.sort_values(["active", "funding_source"], ascending=[False, True]))
        for r in rows:
            r["label"] = t.get(f"funding.{r['funding_source']}", r["funding_source"])
            r["share"] = _ratio(r["active"], total)
        order = [r["funding_source"] for r in rows]
        months = sorted({d.date() for d in grouped.month}) if len(grouped) else []
        series = []
        active = {(r["month"], r["funding_source"]): r["active"] for r in _records(grouped)}
        for source in order:
            series.append(
                (t.get(f"funding.{source}", source), [int(active.get((m, source)) or 0) for m in months])
            )
        fig = charts.stacked_area(months, series, fmt)
        return {
            "rows": rows,
            "total_active": total,
            "total_contributions": int(current.contributions_idr.sum()) if len(current) else 0,
            "chart": {
                "src": self.image("funding", fig),
                "caption": t(
                    "funding.chart.caption",
                    first=fmt.month(months[0]) if months else "",
                    last=fmt.month(self.month),
                ),
                "alt": t(
                    "funding.chart.alt",
                    first=fmt.month(months[0]) if months else "",
                    last=fmt.month(self.month),
                ),
            },
            "series_months": months,
            "contributions_by_month": {
                m: int(grouped[grouped.month.dt.date == m].contributions_idr.sum()) for m in months
            },
        }

    def funding_flows(self) -> list[dict[str, Any]]:
        """New, lapsed and ending soon per funding source, from marts.coverage_by_funding."""
        t = self.t
        frame = self.q(
            "select funding_source, sum(active)::bigint as active, sum(new)::bigint as new, "
            "sum(lapsed)::bigint as lapsed, "
            "sum(ending_soon)::bigint as ending_soon from marts.coverage_by_funding "
            "where list_contains($regencies, regency_code) and month = $month "
            "group by all order by funding_source",
            regencies=self.regencies,
            month=self.month,
        )
        self.attached["funding_flows"] = frame
        rows = _records(frame)
        for r in rows:
            r["label"] = t.get(f"funding.{r['funding_source']}", r["funding_source"])
        return sorted(rows, key=lambda r: (-r["ending_soon"], r["funding_source"]))

    def flows(self, series: pd.DataFrame, children: dict[str, Any]) -> dict[str, Any]:
        t, fmt = self.t, self.fmt
        rows = _records(series)[-12:]
        months = [r["month"] for r in rows]
        fig = charts.flows(
            months,
            [r["new"] for r in rows],
            [r["lapsed"] for r in rows],
            fmt,
            new_label=t("col.new"),
            lapsed_label=t("col.lapsed"),
        )
        first = fmt.month(months[0]) if months else ""
        by_funding = self.funding_flows()
        return {
            "by_funding": by_funding,
            "by_child": children["rows"],
            "chart": {
                "src": self.image("flows", fig),
                "caption": t("flows.chart.caption", first=first, last=fmt.month(self.month)),
                "alt": t("flows.chart.alt", first=first, last=fmt.month(self.month)),
            },
        }

    def claims(self, contributions_by_month: dict[dt.date, int]) -> dict[str, Any]:
        first12 = add_months(self.month, -11)
        frame = self.q(
            "select * from marts.claims_by_program where list_contains($regencies, regency_code) "
            "and month between $first and $month order by month, regency_code, program",
            regencies=self.regencies,
            first=first12,
            month=self.month,
        )
        self.attached["claims"] = frame
        agg = (
            "select program, sum(paid_count)::bigint as paid_count, "
            "sum(paid_amount_idr)::bigint as paid_amount_idr, "
            "sum(pending_count)::bigint as pending_count, "
            "sum(rejected_count)::bigint as rejected_count, {median} as median_days_to_pay, "
            "sum(outside_coverage_count)::bigint as outside_coverage_count "
            "from marts.claims_by_program where list_contains($regencies, regency_code) "
            "and month between $first and $month group by program order by program"
        )
        # One regency: the mart's own median. Several: a median of medians is no median.
        median = "any_value(median_days_to_pay)" if len(self.regencies) == 1 else "null::double"
        month_rows = _records(
            self.q(agg.format(median=median), regencies=self.regencies, first=self.month, month=self.month)
        )
        year_rows = _records(
            self.q(
                agg.format(median="null::double"), regencies=self.regencies, first=first12, month=self.month
            )
        )
        for r in month_rows + year_rows:
            r["label"] = self.t.get(f"program.{r['program']}", r["program"])
        paid_month = sum(r["paid_amount_idr"] for r in month_rows)
        paid_year = sum(r["paid_amount_idr"] for r in year_rows)
        contrib_month = contributions_by_month.get(self.month, 0)
        contrib_year = sum(v for m, v in contributions_by_month.items() if m >= first12)
        jkm = next((r for r in month_rows if r["program"] == "JKM"), None)
        return {
            "month_rows": month_rows,
            "year_rows": year_rows,
            "first12": first12,
            "paid_count_month": sum(r["paid_count"] for r in month_rows),
            "paid_month": paid_month,
            "paid_year": paid_year,
            "contrib_month": contrib_month,
            "contrib_year": contrib_year,
            "ratio_month": _ratio(paid_month, contrib_month),
            "ratio_year": _ratio(paid_year, contrib_year),
            "jkm_count": jkm["paid_count"] if jkm else 0,
            "jkm_amount": jkm["paid_amount_idr"] if jkm else 0,
        }

    def quality(self) -> dict[str, Any]:
        """Files by label, rejections and notes as counts; a spelling only when 5 rows carry it."""
        t, fmt = self.t, self.fmt
        files = self.q(_read_sql("quality_files")) if "audit.input_files" in self.tables else pd.DataFrame()
        if len(files):
            files["status"] = [t.get(f"file_status.{screen.file_status(e)}", screen.file_status(e))
                               for e in files.pop("error")]
        self.attached["input_files"] = files
        file_rows = _records(files)
        for r in file_rows:
            r["kind_label"] = t.get(f"kind.{r.get('kind')}", r.get("kind") or "")
            r["not_read"] = r["status"] != t.get("file_status.read", "read")
        reasons: list[dict[str, Any]] = []
        if "audit.rejected_rows" in self.tables:
            self.attached["rejections"] = self.q(_read_sql("quality_rejections"))
            reasons = _records(
                self.q(
                    "select reason, count(*)::bigint as rows, count(distinct path)::bigint as files "
                    "from audit.rejected_rows group by reason order by rows desc, reason"
                )
            )
            for r in reasons:
                r["label"] = t.get(f"reason.{r['reason']}", r["reason"])
        unmapped, skipped, ignored, remarks, more = [], None, [], [], None
        if "audit.notes" in self.tables:
            notes = self.q(
                "select topic, value, sum(row_count)::bigint as rows, count(*)::bigint as files "
                "from audit.notes where topic in ('unmapped_occupation', 'unmapped_funding', "
                "'unknown_segment', 'unknown_status') "
                "group by all order by topic, rows desc, value"
            )
            for r in _records(notes):
                r["topic_label"] = t.get(f"topic.{r['topic']}", r["topic"])
                unmapped.append(r)
            # A spelling is free text (a name, a phone number may hide in it): shown only when
            # at least screen.MIN_ROWS rows carry it, the rest as a count.
            unmapped, folded = screen.fold_rare(unmapped)
            limit = 25
            if len(unmapped) > limit:
                rest = unmapped[limit:]
                unmapped = unmapped[:limit]
                folded = {"values": len(rest) + (folded or {}).get("values", 0),
                          "rows": sum(r["rows"] or 0 for r in rest) + (folded or {}).get("rows", 0)}
            if folded:
                more = t("quality.more", count=fmt.number(folded["values"]),
                         rows=fmt.number(folded["rows"]), min_rows=screen.MIN_ROWS)
            found = _records(self.q(_read_sql("quality_skipped_sheets")))
            skipped = found[0] if found else None
            # Rows that are not data (totals, repeated headers, empty template rows).
            ignored = _records(self.q(
                "select topic, sum(row_count)::bigint as rows, count(distinct path)::bigint as files "
                "from audit.notes where topic in ('total_rows', 'repeated_header', "
                "'rows_without_fields', 'column_numbers') group by all order by topic"
            ))
            for r in ignored:
                r["topic_label"] = t.get(f"topic.{r['topic']}", r["topic"])
            # Values read with a remark: counts only (the values may be personal data).
            remarks = _records(self.q(
                "select topic, count(*)::bigint as notes, sum(coalesce(row_count, 1))::bigint "
                "as rows, count(distinct path)::bigint as files from audit.notes "
                "where topic in ('unknown_column', 'dropped_optional_value', 'month_first_dates', "
                "'ignored_mapping_row', 'missing_region_row', 'stray_quote') "
                "group by all order by topic"
            ))
            for r in remarks:
                r["topic_label"] = t.get(f"topic.{r['topic']}", r["topic"])
        totals = {
            k: sum((r.get(k) or 0) for r in file_rows)
            for k in ("rows_read", "rows_accepted", "rows_rejected")
        }
        return {
            "files": file_rows,
            "totals": totals,
            "reasons": reasons,
            "unmapped": unmapped,
            "unmapped_more": more,
            "skipped": skipped,
            "ignored": ignored,
            "remarks": remarks,
        }

    def as_of_date(self) -> dt.date:
        if "staging.spells" in self.tables and "staging.claims" in self.tables:
            row = self.con.execute(
                "select max(d) from (select max(start_date) as d from staging.spells "
                "union all select max(submitted_date) from staging.claims "
                "union all select max(paid_date) from staging.claims)"
            ).fetchall()
            if row and row[0][0]:
                return row[0][0]
        return month_end(self.month)

    # -- summary -----------------------------------------------------------------
    def summary(self, series, villages, funding_flows, claims) -> dict[str, Any]:
        t, fmt, target = self.t, self.fmt, self.config.ucj_target
        by_month = {r["month"]: r for r in _records(series)}
        now = by_month[self.month]
        prev = by_month.get(self.prev_month)
        year = by_month.get(self.year_ago)
        if year is None:
            found = _records(
                self.q(
                    "select * from marts.coverage_by_area where level = $level and area_code = $code "
                    "and month = $m",
                    level=self.scope.level,
                    code=self.scope.code,
                    m=self.year_ago,
                )
            )
            year = found[0] if found else None
        area = self.scope.display_name
        sentences = []
        if now["coverage_rate"] is not None:
            sentences.append(
                t(
                    "summary.s.coverage",
                    month=fmt.month(self.month),
                    area=area,
                    active=fmt.number(now["active"]),
                    workforce=fmt.number(now["workforce"]),
                    rate=fmt.percent(now["coverage_rate"]),
                )
            )
        else:
            sentences.append(
                t(
                    "summary.s.coverage_no_workforce",
                    month=fmt.month(self.month),
                    area=area,
                    active=fmt.number(now["active"]),
                )
            )
        for other, key, label in (
            (prev, "month", fmt.month(self.prev_month)),
            (year, "year", fmt.month(self.year_ago)),
        ):
            params = {"prev_month": label, "year_month": label}
            if other is None:
                sentences.append(t(f"summary.s.change_{key}_none", **params))
                continue
            change = now["active"] - other["active"]
            points = (
                None
                if now["coverage_rate"] is None or other["coverage_rate"] is None
                else now["coverage_rate"] - other["coverage_rate"]
            )
            word = "up" if change > 0 else "down" if change < 0 else "same"
            sentences.append(
                t(
                    f"summary.s.change_{key}_{word}",
                    **params,
                    abs_change=fmt.number(abs(change)),
                    points=fmt.points(points),
                )
            )
        gap = None
        if target is None:
            sentences.append(t("summary.s.target_none"))
        elif now["workforce"]:
            gap = max(0, math.ceil(target * now["workforce"] - now["active"]))
            if gap > 0:
                sentences.append(
                    t(
                        "summary.s.target_below",
                        target=fmt.target(target),
                        gap=fmt.number(gap),
                        points=fmt.decimal((target - now["coverage_rate"]) * 100),
                    )
                )
            else:
                sentences.append(t("summary.s.target_met", target=fmt.target(target)))
        else:
            sentences.append(t("summary.s.target_unknown", target=fmt.target(target)))
        if villages is not None:
            if villages["with_target"]:
                sentences.append(
                    t(
                        "summary.s.villages",
                        below=fmt.number(villages["below_target"]),
                        with_target=fmt.number(villages["with_target"]),
                        empty=fmt.number(villages["empty"]),
                    )
                )
            else:
                sentences.append(t("summary.s.villages_none"))
        else:
            sentences.append(t("summary.s.regencies", count=fmt.number(len(self.regencies))))
        if now["ending_soon"]:
            top = funding_flows[0] if funding_flows else None
            if top and top["ending_soon"]:
                sentences.append(
                    t(
                        "summary.s.renewals",
                        ending=fmt.number(now["ending_soon"]),
                        top_source=top["label"],
                        top_count=fmt.number(top["ending_soon"]),
                    )
                )
            else:
                sentences.append(
                    t(
                        "summary.s.renewals",
                        ending=fmt.number(now["ending_soon"]),
                        top_source="–",
                        top_count="–",
                    )
                )
        else:
            sentences.append(t("summary.s.renewals_none"))
        key = "summary.s.claims" if claims["paid_count_month"] else "summary.s.claims_none"
        sentences.append(
            t(
                key,
                count=fmt.number(claims["paid_count_month"]),
                amount=fmt.idr(claims["paid_month"]),
                ratio=fmt.percent(claims["ratio_year"]),
            )
        )
        figures = {
            "active": now["active"],
            "workforce": now["workforce"],
            "coverage_rate": now["coverage_rate"],
            "ucj_target": target,
            "gap_to_target": gap,
            "active_change_month": None if prev is None else now["active"] - prev["active"],
            "active_change_year": None if year is None else now["active"] - year["active"],
            "villages_below_target": villages["below_target"] if villages else None,
            "villages_with_target": villages["with_target"] if villages else None,
            "villages_without_participant": villages["empty"] if villages else None,
            "ending_soon": now["ending_soon"],
            "claims_paid_count": claims["paid_count_month"],
            "claims_paid_idr": claims["paid_month"],
            "claim_ratio_12_months": claims["ratio_year"],
        }
        return {"sentences": sentences, "figures": figures, "now": now, "prev": prev, "year": year}


APPROVAL_ROLES = ("prepared", "checked", "approved")


def approval_block(config: ReportConfig) -> list[dict[str, str]]:
    """Prepared by, checked by, approved by: names and positions as set, else blank lines."""
    given = {a.get("role"): a for a in config.approval}
    return [{"role": role, "name": given.get(role, {}).get("name", ""),
             "position": given.get(role, {}).get("position", "")} for role in APPROVAL_ROLES]


def _short(name: str, width: int = 38) -> str:
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


@cache
def _read_sql(name: str) -> str:
    return (PACKAGE_DIR / "sql" / f"{name}.sql").read_text(encoding="utf-8")


def build_report(
    con: duckdb.DuckDBPyConnection,
    scope: ReportScope,
    month: dt.date,
    config: ReportConfig | None = None,
) -> ReportContent:
    """Read the marts and audit tables for ``scope`` and ``month``; no rendering."""
    config = (config or ReportConfig.load()).for_area(con, scope.code, month)
    b = _Builder(con, scope, month, config)
    t = b.t
    series = b.area_series()
    if not len(series) or month not in set(series.month.dt.date):
        raise ValueError(f"no coverage rows for {scope.code} in {month:%Y-%m}")
    ucj = b.ucj(series)
    children = b.children()
    villages = None if b.is_province else b.villages()
    sectors = b.sectors()
    funding = b.funding()
    flows = b.flows(series, children)
    claims = b.claims(funding["contributions_by_month"])
    directives = directives_section.build(con, b.regencies, month, {
        "rt_rw": config.rt_rw_pattern, "rt_rw_exclude": config.rt_rw_exclude,
        "civil": config.civil_servant_pattern})
    if directives:
        b.attached["directives"] = pd.DataFrame([
            {"meeting_date": r["meeting_date"], "directive": r["directive"],
             "responsible": r["responsible"], "deadline_date": r["deadline_date"],
             "indicator": r["indicator"], "at_meeting": r["at_meeting"], "month": month,
             "now": r["now"]} for r in directives["rows"]])
    quality = b.quality()
    quotas = quotas_section.build(con, b.regencies, month)
    if quotas and quotas["below"]:
        b.attached["quota_villages_below"] = pd.DataFrame(quotas["below"])
    renewals = renewals_section.build(con, b.regencies, month)
    cross_checks = cross_checks_section.build(con, b.regencies, month)
    sex_age = sex_age_section.build(con, b.regencies, month)
    summary = b.summary(series, villages, flows["by_funding"], claims)
    as_of = b.as_of_date()
    document_date = dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=dt.UTC)
    version = code_version()
    inputs = [
        {
            "label": r["label"],
            "kind": r.get("kind"),
            "sha256": r["sha256"],
            "rows_read": r.get("rows_read"),
            "rows_accepted": r.get("rows_accepted"),
            "rows_rejected": r.get("rows_rejected"),
            "status": r.get("status"),
        }
        for r in quality["files"]
    ]
    run = _records(b.q(_read_sql("run_date"))) if "audit.ingestion_run" in b.tables else []
    run_date = run[0]["run_date"] if run and run[0]["run_date"] else None
    parameters = {
        "reporting_month": f"{month:%Y-%m}",
        "scope_level": scope.level,
        "scope_code": scope.code,
        "regency_codes": list(scope.regency_codes),
        "ucj_target": config.ucj_target,
        "trend_months": config.trend_months,
        "locale": config.locale,
        "catalogue": config.catalogue,
        "report_config": dataclasses.asdict(config),
        "run_date": run_date.isoformat() if run_date else None,
    }
    index = archive.index_digest(con) if "audit.input_files" in b.tables else None
    digest = hashlib.sha256(
        json.dumps(
            {"inputs": index, "parameters": parameters},
            sort_keys=True,
            ensure_ascii=True,
        ).encode()
    ).hexdigest()
    document_id = f"MONEV-{scope.code}-{month:%Y%m}-{digest[:10].upper()}"
    versions = package_versions()
    manifest = {
        "document_id": document_id,
        "title": t("doc.title"),
        "area": {"level": scope.level, "code": scope.code, "name": scope.display_name},
        "reporting_month": f"{month:%Y-%m}",
        "data_as_of": as_of.isoformat(),
        "code_version": version,
        "packages": versions,
        "parameters": parameters,
        "run_date": parameters["run_date"],
        "inputs_index": index,
        "inputs": inputs,
        "summary_figures": summary["figures"],
        "attachments": {},
    }
    descriptions = {name: t(f"attach.{name}") for name in b.attached}
    context = {
        "lang": t.lang,
        "doc": {
            "title": t("doc.title"),
            "area": scope.display_name,
            "area_code": scope.code,
            "is_province": b.is_province,
            "month": month,
            "prev_month": b.prev_month,
            "as_of": as_of,
            "document_id": document_id,
            "code_version": version,
            "iso_date": document_date.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "regency_count": len(scope.regency_codes),
            "month_11": add_months(month, 11),
            # figures are provisional while the data stop before the month's last day
            "is_provisional": as_of < month_end(month),
        },
        "approval": approval_block(config),
        "config": config,
        "target": config.ucj_target,
        "summary": summary,
        "ucj": ucj,
        "children": children,
        "villages": villages,
        "sectors": sectors,
        "funding": funding,
        "flows": flows,
        "claims": claims,
        "directives": directives,
        "quotas": quotas,
        "renewals": renewals,
        "cross_checks": cross_checks,
        "sex_age": sex_age,
        "quality": quality,
        "provenance": {
            "inputs": inputs,
            "packages": versions,
            "parameters": parameters,
            "attachments": [],
        },
        "month3": add_months(month, 3),
    }
    return ReportContent(
        scope=scope,
        month=month,
        context=context,
        images=b.images,
        tables=b.attached,
        table_descriptions=descriptions,
        manifest=manifest,
        document_date=document_date,
        lang=t.lang,
        catalogue=config.catalogue,
        locale=config.locale,
    )
