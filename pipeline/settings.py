"""One typed settings object: where the data, database, SQL and templates live.

The data root is ``data/`` under the current directory unless ``PIPELINE_DATA_DIR``
names another folder (CONTRACT §1).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = REPO_ROOT / "sql"
TEMPLATES_DIR = REPO_ROOT / "report_templates"
PACKAGE_DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Settings:
    """Paths derived from one data root."""

    data_dir: Path

    @classmethod
    def from_env(cls) -> Settings:
        """Build settings from ``PIPELINE_DATA_DIR`` (default ``./data``)."""
        root = os.environ.get("PIPELINE_DATA_DIR")
        return cls(data_dir=Path(root).resolve() if root else (Path.cwd() / "data").resolve())

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
    def internal_dir(self) -> Path:
        """Not for publication: outputs that carry personal data."""
        return self.processed_dir / "internal"
