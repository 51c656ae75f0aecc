"""The lineage in the UI is true: every asset depends on exactly the tables its SQL reads."""

from pathlib import Path

import dagster as dg
import pytest

from pipeline import catalog
from pipeline.core.sql import tables_read
from pipeline.definitions import defs
from pipeline.orchestration.assets.keys import asset_key
from pipeline.settings import REPO_ROOT, SQL_DIR

GRAPH = defs.resolve_asset_graph()
SQL_TABLES = (*catalog.INTERMEDIATE_TABLES, *catalog.MARTS_TABLES)


def _read(paths) -> set[str]:
    return {t for p in paths for t in tables_read(Path(p).read_text(encoding="utf-8"))}


def _report_reads() -> set[str]:
    """What the report's SQL reads, wherever it lives: ``sql/report/`` files, SQL files and
    SQL strings in ``pipeline/report/`` (as it moves into ``sql/report/`` this stays true)."""
    package = REPO_ROOT / "pipeline" / "report"
    in_python = {t for p in package.rglob("*.py")
                 for t in tables_read(p.read_text(encoding="utf-8"), strip_strings=False)}  # fmt: skip
    return _read(SQL_DIR.glob("report/*.sql")) | _read(package.rglob("*.sql")) | in_python


#: Python assets: the tables they read, from the SQL files they run.
PYTHON_ASSET_READS = {
    "internal.renewal_list": lambda: _read([SQL_DIR / "internal" / "renewal_list.sql"]),
    "internal.fix_list": lambda: _read([SQL_DIR / "internal" / "fix_list.sql"]),
    "exports.marts": lambda: {t.qualified_name for t in catalog.MARTS_TABLES},
    "reports.monthly_report": _report_reads,
    "reports.area_report": _report_reads,
}


def _declared(key: dg.AssetKey) -> set[str]:
    return {".".join(k.path) for k in GRAPH.get(key).parent_keys}


@pytest.mark.parametrize("table", SQL_TABLES, ids=lambda t: t.qualified_name)
def test_a_sql_table_depends_on_what_its_sql_file_reads(table):
    assert _declared(asset_key(table)) == _read([SQL_DIR / table.schema / f"{table.name}.sql"])


@pytest.mark.parametrize("name", sorted(PYTHON_ASSET_READS))
def test_a_python_asset_declares_what_its_sql_reads(name):
    assert _declared(asset_key(name)) == PYTHON_ASSET_READS[name]()


def test_every_asset_is_in_the_lineage_test():
    ingested = {*catalog.STAGING_TABLES, *catalog.AUDIT_TABLES, *catalog.IDENTITY_TABLES}
    known = {asset_key(t) for t in (*SQL_TABLES, *ingested)} | {asset_key(n) for n in PYTHON_ASSET_READS}
    raw = {k for k in GRAPH.get_all_asset_keys() if k.path[0] == "raw"}
    assert set(GRAPH.get_all_asset_keys()) - raw == known
    for table in ingested:  # ingestion reads the input files only
        assert GRAPH.get(asset_key(table)).parent_keys == raw


def test_the_reader_skips_comments_string_literals_and_cte_names():
    query = """
        -- from marts.in_a_comment
        /* join marts.in_a_block
           comment */
        with spells as (select * from staging.spells)
        select 'from marts.in_a_string', extract(year from s.start_date)
        from spells as s
        inner join intermediate.covered_spells as c on c.spell_id = s.spell_id
        LEFT JOIN
            Marts.Coverage_By_Area as a on true
    """
    assert tables_read(query) == {"staging.spells", "intermediate.covered_spells", "marts.coverage_by_area"}


def test_each_sql_table_reads_only_inputs_and_the_tables_built_before_it():
    """``build_tables`` and a run of the whole graph build them in the catalog's order."""
    built = {
        t.qualified_name for t in (*catalog.STAGING_TABLES, *catalog.IDENTITY_TABLES, *catalog.AUDIT_TABLES)
    }
    for table in SQL_TABLES:
        assert _read([SQL_DIR / table.schema / f"{table.name}.sql"]) <= built, table.qualified_name
        built.add(table.qualified_name)
