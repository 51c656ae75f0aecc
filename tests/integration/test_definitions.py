"""The Dagster definitions load and list the assets an analyst expects, layered by key prefix."""

import dagster as dg

from pipeline.definitions import defs
from pipeline.orchestration.jobs import partitioned_keys, whole_table_keys
from pipeline.settings import REPO_ROOT


def _keys() -> set[str]:
    return {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}


def test_definitions_list_every_layer():
    keys = _keys()
    assert {"raw/enrolment", "raw/claims", "raw/reference"} <= keys
    assert {
        "staging/spells",
        "staging/claims",
        "staging/regions",
        "staging/workforce",
        "staging/targets",
        "identity/persons",
    } <= keys
    assert {"audit/input_files", "audit/rejected_rows", "audit/notes"} <= keys


def test_every_materializable_asset_has_a_description():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description and len(node.description) > 20, key


def test_pipeline_job_runs_in_process():
    job = defs.resolve_job_def("pipeline_job")
    assert isinstance(job.executor_def, dg.ExecutorDefinition)
    assert job.executor_def.name == "in_process"


def test_nothing_in_the_package_imports_the_definitions():
    """definitions.py is the table of contents: only the CLI's run, an entry point, loads it."""
    package = REPO_ROOT / "pipeline"
    entry_points = {package / "definitions.py", package / "orchestration" / "execute.py"}
    for path in package.rglob("*.py"):
        if path not in entry_points:
            assert "pipeline.definitions" not in path.read_text(encoding="utf-8"), path


def test_the_per_month_selection_is_the_partitioned_assets():
    graph = defs.resolve_asset_graph()
    keys = graph.materializable_asset_keys
    partitioned = sorted(k for k in keys if graph.get(k).partitions_def is not None)
    assert partitioned_keys(graph) == partitioned
    assert set(whole_table_keys(graph)) == set(keys) - set(partitioned)
