"""What a report is told: the settings file, the message catalogue and the approval block.

``ReportConfig`` comes from ``report_templates/report_settings.toml`` (the product's
settings: locale, trend months, patterns; nothing in it is written for one regency) and
from the data root's ``raw/reference/laporan.toml`` (``DATA_ROOT_SETTINGS``: the
organisation, the cover's meeting line, the approval block, the schedule's timezone).
Without the latter: no meeting line, blank approval lines to sign. The UCJ target is the
area's own from ``reference/target_ucj`` (``for_area``); the message catalogue holds every
label the report prints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.core import laporan
from pipeline.report.queries import has_tables, query
from pipeline.settings import TEMPLATES_DIR

PACKAGE_DIR = Path(__file__).resolve().parent
SETTINGS_FILE = TEMPLATES_DIR / "report_settings.toml"
LOGGER = logging.getLogger(__name__)
#: The data root's own settings file, in ``raw/reference/`` (``pipeline.core.laporan`` reads it).
LAPORAN_NAME = laporan.NAME
#: The keys only the data root's ``laporan.toml`` sets (never the repository's file).
DATA_ROOT_SETTINGS = laporan.KEYS
APPROVAL_ROLES = laporan.APPROVAL_ROLES


@dataclass(frozen=True)
class ReportConfig:
    """Report settings from ``report_templates/report_settings.toml``."""

    #: The coverage-rate target: from reference/target_ucj (``for_area``); none built in.
    #: ``PIPELINE_UCJ_TARGET`` (a fraction) overrides it for one run.
    ucj_target: float | None = None
    ucj_target_source: str = ""
    trend_months: int = 24
    #: The price of the target: how far ahead the pace may reach it before the report says
    #: "not before" this many months after the reporting month.
    target_horizon_months: int = 36
    locale: str = "id_ID"
    catalogue: str = "messages_id.json"
    rt_rw_pattern: str = r"(^| )(ketua (rt|rw)|rt|rw)( |$)"
    rt_rw_exclude: str = r"(^| )(ibu rt|irt)( |$)"
    civil_servant_pattern: str = r"(^| )(pns|asn|korpri)( |$)"
    #: The approval block: ``[[approval]]`` tables with ``role`` (prepared, checked,
    #: approved), ``name`` and ``position``; blank lines to sign when none are set.
    approval: tuple[dict[str, str], ...] = ()
    #: From the data root's laporan.toml: the organisation and the meeting line on the cover.
    organisation: str = ""
    meeting_line: str = ""
    #: The monthly schedule's timezone (``pipeline.orchestration.schedules``); empty: by the data's province.
    timezone: str = ""

    def for_area(self, con: duckdb.DuckDBPyConnection, code: str, month: dt.date) -> ReportConfig:
        """These settings with the area's UCJ target (reference/target_ucj) unless overridden."""
        if self.ucj_target is not None or not has_tables(con, "staging.ucj_targets"):
            return self
        found = query(con, "ucj_target", code=code, month=month)
        if not found:
            return self
        row = found[0]
        return dataclasses.replace(
            self,
            ucj_target=row["target_rate"],
            ucj_target_source=row["source_text"] or f"berkas target_ucj ({row['area_code']})",
        )

    @property
    def patterns(self) -> dict[str, str]:
        """The occupation patterns of the directive indicators, as bind parameters."""
        return {
            "rt_rw": self.rt_rw_pattern,
            "rt_rw_exclude": self.rt_rw_exclude,
            "civil": self.civil_servant_pattern,
        }

    @classmethod
    def load(cls, path: Path = SETTINGS_FILE, data_dir: Path | None = None) -> ReportConfig:
        """Read the settings file and the data root's laporan.toml (``PIPELINE_UCJ_TARGET``: the target).

        ``data_dir``: the data root (default ``PIPELINE_DATA_DIR``, else ``./data``).
        """
        values = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        values = {k: v for k, v in values.items() if k not in DATA_ROOT_SETTINGS}
        values.update(data_root_settings(data_dir))
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
        if not 1 <= config.target_horizon_months <= 240:
            raise ValueError(f"target_horizon_months must be 1 to 240, got {config.target_horizon_months}")
        return config


def laporan_path(data_dir: Path | None = None) -> Path | None:
    """The data root's ``raw/reference/laporan.toml`` (in any case); None without one."""
    return laporan.find(_reference_dir(data_dir))


def _reference_dir(data_dir: Path | None) -> Path:
    from pipeline.settings import Settings

    settings = Settings.at(data_dir) if data_dir is not None else Settings.from_env()
    return settings.reference_dir


def data_root_settings(data_dir: Path | None = None) -> dict[str, Any]:
    """The settings of the data root's ``laporan.toml`` that could be read; {} without the file.

    A value that cannot be read is left out (``pipeline.core.laporan``): ingestion notes it, and
    it is logged here; a broken file never stops a run.
    """
    found = laporan.load(_reference_dir(data_dir))
    for problem in found.problems:
        LOGGER.warning("reference/%s: %s", found.path.name if found.path else LAPORAN_NAME, problem.text())
    return dict(found.values)


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


def approval_block(config: ReportConfig) -> list[dict[str, str]]:
    """Prepared by, checked by, approved by: names and positions as set, else blank lines."""
    given = {a.get("role"): a for a in config.approval}
    return [
        {
            "role": role,
            "name": given.get(role, {}).get("name", ""),
            "position": given.get(role, {}).get("position", ""),
        }
        for role in APPROVAL_ROLES
    ]
