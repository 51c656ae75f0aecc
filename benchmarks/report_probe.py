"""One regency report of a database, built and rendered twice: cold (imports, fonts), then warm.

``python -m benchmarks.report_probe DB OUT_DIR``, run by ``python -m benchmarks sample`` in
a fresh process; prints one JSON line.
"""

import json
import sys
import time
from pathlib import Path

import duckdb

from pipeline.core.months import as_of_month
from pipeline.report.context import ReportConfig, build_report, list_scopes
from pipeline.report.render import render_pdf


def main() -> None:
    """Measure one regency report of the database ``argv[1]``, writing into ``argv[2]``."""
    db, out = sys.argv[1], Path(sys.argv[2])
    times = []
    for _attempt in range(2):
        t = time.perf_counter()
        with duckdb.connect(db, read_only=True) as con:
            month = as_of_month(con)
            scope = next(s for s in list_scopes(con, month) if s.level == "regency")
            content = build_report(con, scope, month, ReportConfig.load())
        t_build = time.perf_counter() - t
        pdf, pages, _ = render_pdf(content)
        out.mkdir(parents=True, exist_ok=True)
        (out / content.filename).write_bytes(pdf)
        times.append((round(time.perf_counter() - t, 2), round(t_build, 2), pages))
    print(
        json.dumps(
            {
                "report_cold_seconds": times[0][0],
                "report_warm_seconds": times[1][0],
                "report_warm_build_seconds": times[1][1],
                "report_pages": times[1][2],
                "report_scope": scope.code,
            }
        )
    )


if __name__ == "__main__":
    main()
