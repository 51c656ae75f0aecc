"""``python -m pipeline dictionary``: docs/data_dictionary.md and docs/header_variants.md."""

from __future__ import annotations

import sys

from pipeline.settings import REPO_ROOT

HELP = """\
Reads pipeline/catalog/ and writes docs/data_dictionary.md of the repository, and
pipeline/ingest/fields.py and writes docs/header_variants.md (the accepted column
headers). With --check, write nothing and exit 1 when a file is out of date.

It works on the repository, not on a data root: PIPELINE_DATA_DIR and DAGSTER_HOME
play no part.
"""


def dictionary(check: bool) -> int:
    """Write docs/data_dictionary.md and docs/header_variants.md, or (``--check``) say whether stale."""
    from pipeline.outputs import dictionary

    status = 0
    for path, renderer in dictionary.documents():
        shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
        if check:
            if dictionary.is_current(path, renderer):
                print(f"{shown} is up to date")
                continue
            print(
                f"{shown} is out of date with pipeline/catalog/ or pipeline/ingest/fields.py: "
                "run `python -m pipeline dictionary`",
                file=sys.stderr,
            )
            status = 1
            continue
        changed = dictionary.write(path, renderer)
        print(f"{'wrote' if changed else 'unchanged:'} {shown}")
    return status
