"""Issue 21.4, 21.5, 21.3 end to end: one pipeline run on the sample under umask 022 with a
NIK and a phone number spelled every hostile way in the meeting's directives and in
village names of the gazetteer (which reach every export), and a
regency name of 300 characters with markup, ``/`` and ``..`` in the gazetteer.

Then: no spelling of the NIK or phone reaches any published byte (PDF text via pdftotext,
each attachment, each export as CSV, xlsx and Parquet) while the dates and amounts
written beside them stay readable; everything holding personal data is owner-only; the
report's file name is short and safe, the name is printed as text, and ``verify`` and
``rerender`` still find the report.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from pipeline.__main__ import main
from tests.conftest import copy_sample

MONTH = "2025-09"
NIK = "6107011505800001"
PHONE = "081234567890"
# every spelling names the same NIK or phone; each directive is one published string
HOSTILE = [
    "NIK 6107 - 0115 - 0580 - 0001",
    "NIK 6107 . 0115 . 0580 . 0001",
    "NIK ６１０７０１１５０５８０００１",
    "NIK ６１０７－０１１５－０５８０－０００１",
    "NIK 6107\u00a00115\u00a00580\u00a00001",
    "NIK 6107\u202f0115\u20090580\u30000001",
    "NIK 6107\u200b0115\u200b0580\u200b0001",
    "NIK 6107 \u2013 0115 \u2014 0580 / 0001",
    "NIK 6107-\u00a00115 .\u00a00580 _ 0001",
    "NIK 6107\n0115\n0580\n0001",
    "HP 0812 - 3456 - 7890",
    "HP ０８１２ ３４５６ ７８９０",
]
READABLE = ("Rp 16.800", "01-12-2025", "2025 - 2029", "01-12-2025 - 31-12-2025")
REGENCY_NAME = "KAB. <b>Bengkayang</b> /../.. " + "Panjang Sekali " * 20


def _digits_only(text: str) -> str:
    return "".join(str(int(c)) if c.isdecimal() else "" for c in text)


@pytest.fixture(scope="module")
def root(tmp_path_factory, sample_raw):
    root = tmp_path_factory.mktemp("leaks")
    mp = pytest.MonkeyPatch()
    mp.setenv("PIPELINE_DATA_DIR", str(root))
    mp.setenv("DAGSTER_HOME", str(tmp_path_factory.mktemp("dagster_home")))
    old_umask = os.umask(0o022)
    try:
        copy_sample(sample_raw, root)
        reference = root / "raw" / "reference"
        with (reference / "arahan.csv").open("a", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            for k, spelling in enumerate(HOSTILE):
                text = f"Tindak lanjut {k}: {spelling}; iuran {READABLE[k % 4]}"
                writer.writerow(["61.07", "2025-09-18", text, "", f"Dinas {spelling}", "2025-12-31"])
        wilayah = reference / "wilayah.csv"
        lines = wilayah.read_text(encoding="utf-8").splitlines()
        rows = list(csv.reader(lines))
        villages = iter(HOSTILE)
        for row in rows:
            if row and row[0] == "61.07":
                row[1] = REGENCY_NAME
            elif row and row[0].startswith("61.07.14.2"):
                # village names reach the exports (CSV, xlsx, Parquet) and the PDF's tables
                row[1] = f"Desa {next(villages, 'Lain')}"
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        wilayah.write_text(buf.getvalue(), encoding="utf-8")
        assert main(["run", "--month", MONTH]) == 0
        yield root
    finally:
        os.umask(old_umask)
        mp.undo()


@pytest.fixture(scope="module")
def report(root) -> Path:
    (pdf,) = sorted((root / "processed" / "reports" / MONTH).glob("61.07-*.pdf"))
    return pdf


def _published(root: Path):
    processed = root / "processed"
    for pdf in sorted((processed / "reports").rglob("*.pdf")):
        yield (
            pdf.name,
            subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
            ).stdout,
        )
        for name, files in PdfReader(pdf).attachments.items():
            yield f"{pdf.name}:{name}", b"".join(files).decode("utf-8")
    for path in sorted((processed / "exports").iterdir()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                for part in z.namelist():
                    yield f"{path.name}:{part}", z.read(part).decode("utf-8")
        elif path.suffix == ".parquet":
            yield path.name, pd.read_parquet(path).to_csv()
        else:
            yield path.name, path.read_text(encoding="utf-8")


def test_the_directives_reached_the_report(report):
    text = subprocess.run(["pdftotext", str(report), "-"], check=True, capture_output=True, text=True).stdout
    assert text.count("Tindak lanjut") >= len(HOSTILE)
    assert "[nomor disamarkan]" in text and "[telepon disamarkan]" in text


def test_no_spelling_of_the_nik_or_phone_is_published(root):
    texts = dict(_published(root))
    assert any(w.endswith(".csv") and ":" not in w for w in texts)
    assert any(":directives.csv" in w or w.startswith("directives") for w in texts), sorted(texts)
    for where, text in texts.items():
        # every digit of the text, spaces and punctuation of any kind removed
        digits = _digits_only(text)
        for secret in (NIK, PHONE, NIK[4:], PHONE[1:]):
            assert secret not in digits, (where, secret)


def test_dates_and_amounts_beside_them_stay_readable(report):
    text = subprocess.run(["pdftotext", str(report), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    for readable in READABLE:
        assert readable in flat, readable


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_everything_holding_personal_data_is_owner_only_under_umask_022(root):
    processed = root / "processed"
    db = processed / "coverage.duckdb"
    assert _mode(db) == 0o600
    for side in processed.glob("coverage.duckdb.*"):
        if side.suffix in (".wal", ".tmp"):
            assert _mode(side) == 0o600, side
    logs = processed / "logs"
    assert _mode(logs) == 0o700
    assert [p for p in logs.iterdir()] and all(_mode(p) == 0o600 for p in logs.iterdir())
    for folder in (processed / "internal", processed / "archive", root / ".keys"):
        assert _mode(folder) == 0o700, folder
        for path in folder.rglob("*"):
            if path.is_dir():
                assert _mode(path) == 0o700, path
            elif path.name != "BACA-DULU_RAHASIA.txt":
                assert _mode(path) & 0o077 == 0, path
    # the published reports stay readable by others: only personal data is private
    assert _mode(next((processed / "reports").rglob("*.pdf"))) & 0o044


def test_a_hostile_regency_name_gives_a_short_safe_file_name(report):
    assert len(report.name) <= len("61.07-") + 60 + len(".pdf")
    assert re.fullmatch(r"61\.07-[a-z0-9-]+\.pdf", report.name), report.name
    assert report.parent.name == MONTH
    text = subprocess.run(["pdftotext", str(report), "-"], check=True, capture_output=True, text=True).stdout
    assert "<b>Bengkayang</b>" in " ".join(text.split())  # printed as text, not markup


def test_verify_and_rerender_find_the_report(root, report, tmp_path, capsys):
    assert main(["verify", str(report)]) == 0
    out = tmp_path / "again"
    assert main(["rerender", str(report), "--out", str(out)]) == 0
    (again,) = sorted(out.rglob("*.pdf"))
    assert again.name == report.name
