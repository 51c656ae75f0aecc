"""The sample as a plan (population and documents) and writing it with a manifest.

``write_sample_data(raw_dir)`` writes the CONTRACT §1/§3 layout under ``raw_dir``; see the
package docstring for what the files hold.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from pipeline.sample.common import MANIFEST_NAME, SEED, ForeignFileError
from pipeline.sample.documents import Plan, build_documents
from pipeline.sample.expected import compute_expected
from pipeline.sample.population import build_population
from pipeline.sample.reference import reference_files
from pipeline.sample.writers import doc_bytes

__all__ = ["EXPECTED", "MANIFEST_NAME", "ForeignFileError", "build_plan", "write_sample_data"]  # noqa: F822


@functools.lru_cache(maxsize=1)
def build_plan() -> Plan:
    """The population and every file made from it (built once)."""
    pop = build_population()
    return Plan(pop, build_documents(pop))


def __getattr__(name: str) -> Any:
    """``EXPECTED`` is computed from the generated data on first use."""
    if name == "EXPECTED":
        value = compute_expected(build_plan())
        globals()["EXPECTED"] = value
        return value
    raise AttributeError(name)


@functools.lru_cache(maxsize=1)
def render_all() -> tuple[tuple[str, bytes], ...]:
    """Every sample file as ``(relative path, bytes)``, in path order."""
    plan = build_plan()
    outputs: dict[str, bytes] = dict(reference_files(plan.pop.gaz))
    for doc in plan.docs:
        outputs[doc.relpath] = doc_bytes(doc)
    return tuple(sorted(outputs.items()))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_sample_data(raw_dir: Path) -> list[Path]:
    """Write the Bengkayang sample inputs under ``raw_dir``; return the files written.

    Refuses (``ForeignFileError``, naming the file) to overwrite a file that the
    generator did not write or that was changed since: a target may be replaced only
    when its bytes match the sha256 recorded in ``raw_dir/.sample_manifest.json`` or
    already equal the new content. Nothing is written when any target is refused.
    """
    raw_dir = Path(raw_dir)
    outputs = dict(render_all())

    manifest_path = raw_dir / MANIFEST_NAME
    recorded: dict[str, str] = {}
    if manifest_path.exists():
        try:
            recorded = json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ForeignFileError(
                f"{manifest_path}: not a sample-data manifest; remove it or choose another folder"
            ) from exc

    for rel, data in sorted(outputs.items()):
        target = raw_dir / rel
        if target.is_dir():
            raise ForeignFileError(f"{target}: a folder is in the way of a sample file")
        if not target.exists():
            continue
        existing = _sha(target.read_bytes())
        if existing == _sha(data) or recorded.get(rel) == existing:
            continue
        raise ForeignFileError(
            f"{target}: exists and was not written by the sample generator (or was changed "
            "since); not overwriting it. Move it away or use an empty data folder."
        )

    written = []
    for rel, data in sorted(outputs.items()):
        target = raw_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp-sample")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        written.append(target)
    recorded.update({rel: _sha(data) for rel, data in outputs.items()})
    manifest = {
        "generator": "pipeline.sample.generate",
        "seed": SEED,
        "files": dict(sorted(recorded.items())),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return written
