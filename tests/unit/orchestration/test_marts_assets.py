"""The mart assets and checks materialize through Dagster into a tmp_path database."""

import datetime as dt

import dagster as dg
import duckdb

from pipeline.orchestration.assets.mart_checks import MART_CHECKS
from pipeline.orchestration.assets.staging import STAGING_ASSETS, STAGING_CHECKS
from pipeline.orchestration.assets.tables import BUILD_ORDER, MART_ASSETS
from pipeline.orchestration.resources import DuckDBResource, RunParams, SettingsResource
from tests.support.marts import NIK_A, NIK_B, NIK_E, X, Y, claim, create_staging, spell


def fill_database(path) -> None:
    with duckdb.connect(str(path)) as con:
        create_staging(
            con,
            spells=[
                spell(NIK_A, X, "2025-01-01", "2025-12-31"),
                spell(NIK_B, Y, "2025-02-15", "2025-04-30", funding="DANA_DESA"),
                spell(NIK_E, X, "2024-11-01", "2025-10-31"),
            ],
            claims=[
                claim(
                    "E1",
                    "JKM",
                    nik=NIK_E,
                    event="2025-02-10",
                    submitted="2025-02-15",
                    paid="2025-03-20",
                    amount=42_000_000,
                ),
            ],
            workforce=[(X, 2025, 500), (Y, 2024, 400)],
            targets=[(X, 2025, 100), (Y, 2025, 100)],
        )


def test_mart_assets_and_checks_materialize_through_the_as_of_month_whatever_the_run_month(tmp_path):
    db = tmp_path / "processed" / "coverage.duckdb"
    db.parent.mkdir()
    fill_database(db)
    result = dg.materialize(
        [*MART_ASSETS, *MART_CHECKS],
        resources={
            "duckdb": DuckDBResource(database=str(db)),
            "run_params": RunParams(reporting_month="2025-04"),
        },
    )
    assert result.success
    materialized = {}
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        materialized[tuple(materialization.asset_key.path)] = materialization.metadata
    assert set(materialized) == {tuple(k.path) for k in BUILD_ORDER}
    village = materialized[("marts", "coverage_by_village")]
    # the run's month (April) does not cut the marts: the data is as of 20 March 2025 (the
    # claim's payment), so 3 villages of regency 61.07 x 5 months (Nov 2024 - Mar 2025)
    assert village["dagster/row_count"].value == 15
    assert village["as_of_month"].value == "2025-03"
    assert "| month |" in village["preview"].value
    evaluations = result.get_asset_check_evaluations()
    assert len(evaluations) == sum(len(list(c.check_specs)) for c in MART_CHECKS)
    blocking_failed = [
        e.check_name for e in evaluations if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
    ]
    assert blocking_failed == []
    # the one warning: E's spell runs on after her death in February (a cross check)
    assert [e.check_name for e in evaluations if not e.passed] == ["cross_checks_found"]
    with duckdb.connect(str(db), read_only=True) as con:
        march = con.execute(
            "select active, target, target_attainment from marts.coverage_by_area "
            "where area_code = '61.07.14' and month = '2025-03-01'"
        ).fetchall()
    assert march == [(2, 200, 0.01)]  # A in X, B in Y; E died in February


def test_reporting_month_defaults_to_the_datas_as_of_month(tmp_path):
    db = tmp_path / "coverage.duckdb"
    fill_database(db)
    result = dg.materialize(
        MART_ASSETS,
        resources={"duckdb": DuckDBResource(database=str(db)), "run_params": RunParams()},
    )
    assert result.success
    with duckdb.connect(str(db), read_only=True) as con:
        # the latest spell start (Feb) or claim submission/payment (Mar 20): March 2025
        assert con.execute("select max(month) from marts.claims_by_program").fetchone() == (
            dt.date(2025, 3, 1),
        )


def test_definitions_with_the_staging_assets_resolve_every_dependency():
    defs = dg.Definitions(
        assets=[*STAGING_ASSETS, *MART_ASSETS],
        asset_checks=[*STAGING_CHECKS, *MART_CHECKS],
        resources={
            "duckdb": DuckDBResource(database=":memory:"),
            "run_params": RunParams(),
            "settings": SettingsResource(),
        },
    )
    graph = defs.resolve_asset_graph()
    village = dg.AssetKey(["marts", "coverage_by_village"])
    upstream = graph.get(village).parent_keys
    assert dg.AssetKey(["intermediate", "coverage_deltas"]) in upstream
    assert dg.AssetKey(["intermediate", "data_span"]) in upstream
    assert dg.AssetKey(["staging", "spells"]) in upstream
    deltas = graph.get(dg.AssetKey(["intermediate", "coverage_deltas"])).parent_keys
    assert deltas == {dg.AssetKey(["intermediate", "coverage_ranges"])}
    for key in BUILD_ORDER:
        assert key in graph.materializable_asset_keys
