"""``python -m pipeline gazetteer``: reference/wilayah.csv for a regency or province."""

from __future__ import annotations

import sys

from pipeline.settings import Settings

HELP = """\
Write <data root>/raw/reference/wilayah.csv for the given Kemendagri codes (a regency such as
64.09, or a province such as 64) from the national list shipped in
pipeline/data/wilayah_indonesia.csv.gz: the province row, each regency and every district
and village under it. Refuses to overwrite an existing wilayah.csv.
"""


def gazetteer(settings: Settings, codes: list[str]) -> int:
    """Write reference/wilayah.csv for ``codes`` from the shipped national gazetteer."""
    import csv
    import gzip

    from pipeline.settings import PACKAGE_DATA_DIR

    target = settings.reference_dir / "wilayah.csv"
    if target.exists():
        print(f"error: {target} exists: nothing was written (remove it first to replace it)", file=sys.stderr)
        return 1
    wanted = [c.strip().strip(".") for c in codes]
    with gzip.open(PACKAGE_DATA_DIR / "wilayah_indonesia.csv.gz", "rt", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    provinces = {c.split(".")[0] for c in wanted}
    keep = [
        r for r in body if r[0] in provinces or any(r[0] == c or r[0].startswith(c + ".") for c in wanted)
    ]
    unknown = [c for c in wanted if not any(r[0] == c for r in body)]
    if unknown:
        print(
            f"error: no region {', '.join(unknown)} in the national list (a regency is written "
            "like 64.09, a province like 64): nothing was written",
            file=sys.stderr,
        )
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *keep])
    villages = sum(1 for r in keep if r[0].count(".") == 3)
    print(f"wrote {target}: {len(keep)} regions, {villages} villages")
    print("next: put the enrolment spreadsheets in raw/enrolment/, then python -m pipeline run")
    return 0
