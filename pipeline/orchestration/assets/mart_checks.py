"""The asset checks of the marts: the checks of ``pipeline.build.checks``, in one step.

All of them are evaluated by one step (``mart_checks``, on one read-only connection);
a failing blocking check stops the downstream exports and reports.
"""

# No `from __future__ import annotations` here: Dagster inspects the annotations at runtime.

from collections.abc import Iterator

import dagster as dg

from pipeline.build import checks
from pipeline.core.months import as_of_month
from pipeline.orchestration.assets.keys import asset_key
from pipeline.orchestration.assets.metadata import markdown_table
from pipeline.orchestration.resources import DuckDBResource

_PREVIEW_ROWS = 20


def check_spec(check: checks.MartCheck) -> dg.AssetCheckSpec:
    """The check's spec: on its table's asset, depending on the other tables it reads."""
    return dg.AssetCheckSpec(
        check.name,
        asset=asset_key(check.table),
        description=check.description,
        blocking=check.blocking,
        additional_deps=[asset_key(t) for t in check.also_reads],
    )


def evaluate(check: checks.MartCheck, con, month) -> dg.AssetCheckResult:
    """Run the check's SQL through ``month``; its result with the failing rows as metadata."""
    columns, failures = check.failures(con, month)
    metadata = {
        "failing_rows": len(failures),
        "as_of_month": month.strftime("%Y-%m") if month else "",
    }
    total = check.total(columns, failures)
    if total is not None:
        metadata["total"] = total
    if failures:
        metadata["first_failures"] = dg.MetadataValue.md(markdown_table(columns, failures[:_PREVIEW_ROWS]))
    return dg.AssetCheckResult(
        asset_key=asset_key(check.table),
        check_name=check.name,
        passed=not failures,
        severity=dg.AssetCheckSeverity.ERROR if check.blocking else dg.AssetCheckSeverity.WARN,
        metadata=metadata,
    )


@dg.multi_asset_check(
    name="mart_checks",
    specs=[check_spec(c) for c in checks.CHECKS],
    can_subset=True,
    description="Every check of the marts, in one step on one read-only connection.",
)
def mart_checks(
    context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource
) -> Iterator[dg.AssetCheckResult]:
    """Evaluate the selected checks; a failing blocking check fails the step after all are reported.

    Dagster raises once every result is out, so the downstream exports and reports do not
    run, and the run's outputs are never published (``finish`` is not reached).
    """
    selected = context.op_execution_context.selected_asset_check_keys
    blocking_failed = False
    with duckdb.connect(read_only=True) as con:
        month = as_of_month(con)
        for check in checks.CHECKS:
            if dg.AssetCheckKey(asset_key(check.table), check.name) not in selected:
                continue
            result = evaluate(check, con, month)
            blocking_failed |= check.blocking and not result.passed
            yield result
    if not blocking_failed:
        duckdb.finish(context)


MART_CHECKS: list[dg.AssetChecksDefinition] = [mart_checks]
