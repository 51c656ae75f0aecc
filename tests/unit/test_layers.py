"""The domain runs without Dagster: verify, the table builder, the report, the outputs, the benchmarks.

import-linter (``make lint``) checks the imports as written; this checks what Python
actually loads, in a fresh interpreter.
"""

import json
import subprocess
import sys

from pipeline.settings import REPO_ROOT

DOMAIN_ENTRY_POINTS = (
    "pipeline.verification.verify",  # the auditor's verify and rerender
    "pipeline.build.tables",  # what the tests and the benchmarks build the marts with
    "pipeline.build.checks",
    "benchmarks.marts",  # the national marts benchmark
    "pipeline.report.render",
    "pipeline.outputs.exports",
    "pipeline.outputs.fix_list",
    "pipeline.outputs.renewal_list",
    "pipeline.outputs.dictionary",
    "pipeline.ingest.load",
    "pipeline.__main__",  # the command line's help needs neither
)


def _first_loading_dagster(modules: tuple[str, ...]) -> str | None:
    """The first of ``modules`` whose import loads a ``dagster*`` package, in a fresh interpreter."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {list(modules)!r}:\n"
        "    importlib.import_module(name)\n"
        "    if any(m.split('.')[0].startswith('dagster') for m in sys.modules):\n"
        "        print(json.dumps(name)); break\n"
        "else:\n"
        "    print(json.dumps(None))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_the_domain_loads_no_dagster():
    assert _first_loading_dagster(DOMAIN_ENTRY_POINTS) is None


def test_the_check_sees_dagster_when_it_is_loaded():
    assert _first_loading_dagster(("pipeline.core.sql", "pipeline.orchestration.outcomes")) == (
        "pipeline.orchestration.outcomes"
    )
