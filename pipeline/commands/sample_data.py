"""``python -m pipeline sample-data``: the synthetic Bengkayang sample inputs."""

from __future__ import annotations

import sys

from pipeline.settings import Settings

HELP = """\
Write the synthetic Bengkayang sample inputs into <data root>/raw/ (reference/,
enrolment/, claims/). Refuses, writing nothing, when a file there was not written by
this command (a manifest, raw/.sample_manifest.json, records what it wrote).
"""

SAMPLE_COMMAND = "python -m pipeline sample-data"


def sample_data(settings: Settings) -> int:
    """Write the Bengkayang sample inputs into the data root's raw/ folder."""
    from pipeline.sample import ForeignFileError, write_sample_data

    try:
        written = write_sample_data(settings.raw_dir)
    except ForeignFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(
            f"nothing was written. PIPELINE_DATA_DIR=/an/empty/folder {SAMPLE_COMMAND} writes the "
            "sample elsewhere",
            file=sys.stderr,
        )
        return 1
    print(f"wrote {len(written)} sample files into {settings.raw_dir}")
    print("next: python -m pipeline run")
    return 0
