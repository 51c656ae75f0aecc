"""What ingestion saw, for the audit tables: every file, every rejected row, every note.

``IngestLog`` collects the rows of ``audit.input_files``, ``audit.rejected_rows`` and
``audit.notes`` (and the unmasked values of ``identity.typed_values``) as the inputs are
read; ``write`` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline.ingest.read import FileRows
from pipeline.ingest.row_checks import Validation, result_frames


@dataclass
class IngestLog:
    """What ingestion saw: per-file counts, rejected rows and notes, for the audit tables."""

    files: list[dict] = field(default_factory=list)
    rejected: list[pd.DataFrame] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    #: Unmasked values of rejected and noted cells, for identity.typed_values.
    typed: list[pd.DataFrame] = field(default_factory=list)

    def add(
        self,
        kind: str,
        read: list[FileRows],
        errors: list[dict],
        v: Validation | None,
        rows: pd.DataFrame | None,
    ) -> None:
        """Account for every row of the files of one input kind."""
        rejected = (
            result_frames(v)[1]
            if v is not None
            else pd.DataFrame(
                columns=["path", "sheet", "row_number", "field", "reason", "value", "typed_value"]
            )
        )
        rejected["kind"] = kind
        self.typed.append(
            rejected[["path", "sheet", "row_number", "field", "typed_value"]].rename(
                columns={"typed_value": "value"}
            )
        )
        if v is not None and v.noted_values:
            self.typed.append(pd.DataFrame(v.noted_values))
        self.rejected.append(rejected.drop(columns="typed_value"))
        per_file_read = rows.groupby("source_path").size() if rows is not None and len(rows) else {}
        per_file_rejected = rejected.groupby("path").size()
        for f in read:
            n_read = int(per_file_read.get(f.path, 0)) if len(per_file_read) else 0
            n_rej = int(per_file_rejected.get(f.path, 0))
            self.files.append(
                {
                    "path": f.path,
                    "kind": kind,
                    "sha256": f.sha256,
                    "rows_read": n_read,
                    "rows_accepted": n_read - n_rej,
                    "rows_rejected": n_rej,
                    "error": None,
                    "sheets": len(f.sheets),
                }
            )
            for n in f.notes:
                self.notes.append(
                    {
                        "path": f.path,
                        "sheet": n.sheet,
                        "topic": n.topic,
                        "value": n.value,
                        "row_count": n.count,
                        "message": n.message,
                        "kind": kind,
                        "row_number": n.row_number,
                        "field": n.field,
                    }
                )
        for e in errors:
            self.files.append({**e, "kind": kind})
        if v is not None:
            self.notes.extend({**n, "kind": kind} for n in v.notes)
