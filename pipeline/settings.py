"""One typed settings object: where the data, database, SQL and templates live.

The data root is ``data/`` under the current directory unless ``PIPELINE_DATA_DIR``
names another folder (CONTRACT §1). ``Settings.from_env`` is the one place that reads it;
everything else receives a ``Settings`` (the assets and the CLI through the settings
resource, ``pipeline.orchestration.resources.SettingsResource``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = REPO_ROOT / "sql"
TEMPLATES_DIR = REPO_ROOT / "report_templates"
PACKAGE_DATA_DIR = Path(__file__).resolve().parent / "data"
#: The day the pipeline runs (YYYY-MM-DD), against which input dates are judged: set it to
#: re-derive a past run exactly (``python -m pipeline verify`` passes the recorded one).
RUN_DATE_ENV = "PIPELINE_RUN_DATE"
#: The data root (default ``./data``): raw inputs, the database and every output under it.
DATA_DIR_ENV = "PIPELINE_DATA_DIR"


def run_date() -> dt.date:
    """``PIPELINE_RUN_DATE`` if set, else the machine's date."""
    value = os.environ.get(RUN_DATE_ENV, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{RUN_DATE_ENV}={value!r} is not a date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class Settings:
    """Paths derived from one data root."""

    data_dir: Path

    @classmethod
    def from_env(cls) -> Settings:
        """Build settings from ``PIPELINE_DATA_DIR`` (default ``./data``)."""
        root = os.environ.get(DATA_DIR_ENV)
        return cls.at(root) if root else cls.at(Path.cwd() / "data")

    @classmethod
    def at(cls, data_dir: str | Path) -> Settings:
        """Settings of the data root ``data_dir``."""
        return cls(data_dir=Path(data_dir).resolve())

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def reference_dir(self) -> Path:
        return self.raw_dir / "reference"

    @property
    def enrolment_dir(self) -> Path:
        return self.raw_dir / "enrolment"

    @property
    def claims_dir(self) -> Path:
        return self.raw_dir / "claims"

    @property
    def processed_dir(self) -> Path:
        return self.data_dir / "processed"

    @property
    def db_path(self) -> Path:
        return self.processed_dir / "coverage.duckdb"

    @property
    def exports_dir(self) -> Path:
        return self.processed_dir / "exports"

    @property
    def reports_dir(self) -> Path:
        return self.processed_dir / "reports"

    @property
    def archive_dir(self) -> Path:
        """Not for publication: every input of every run, by SHA-256 (``pipeline.audit.archive``)."""
        return self.processed_dir / "archive"

    @property
    def internal_dir(self) -> Path:
        """Not for publication: outputs that carry personal data."""
        return self.processed_dir / "internal"
