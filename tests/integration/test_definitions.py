"""The Dagster definitions load and list the assets an analyst expects, layered by key prefix."""

import dagster as dg

from pipeline.definitions import defs


def _keys() -> set[str]:
    return {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}


def test_definitions_list_every_layer():
    keys = _keys()
    assert {"raw/enrolment", "raw/claims", "raw/reference"} <= keys
    assert {"staging/spells", "staging/claims", "staging/regions", "staging/workforce",
            "staging/targets", "identity/persons"} <= keys
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
