"""The report never shows an unknown contribution as a figure: some participants without an iuran.

A list of Penajam Paser Utara (64.09) where 12 of the 60 workers have an empty Iuran cell: the
contributions, the renewal cost and the budget use printed are those of the 48 others, and the
report says so ("belum termasuk 12 peserta tanpa data iuran"), never as if they were everyone's.
(No iuran at all: tests/integration/test_redteam_round4.py.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.fixtures.ppu_root import ENROLMENT_HEADER, build_ppu_root, enrolment_rows, write_csv, write_xlsx

REPO = Path(__file__).parents[2]


def test_contributions_of_only_some_participants_say_how_many_are_left_out(tmp_path):
    root = build_ppu_root(tmp_path)
    rows = enrolment_rows(60)  # Rp16.800 a month each
    for row in rows[:12]:
        row[-1] = ""
    write_xlsx(root / "raw" / "enrolment" / "peserta_apbd.xlsx", ENROLMENT_HEADER, rows)
    write_csv(
        root / "raw" / "reference" / "anggaran.csv",
        [("kode_wilayah", "tahun", "sumber_dana", "pagu_idr"), ("64.09", "2025", "APBD Kab", "100000000")],
    )
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env.update(PIPELINE_DATA_DIR=str(root), PIPELINE_CODE_VERSION="test", PIPELINE_RUN_DATE="2025-10-15")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run"], env=env, capture_output=True, text=True, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    [pdf] = (root / "processed" / "reports").rglob("*.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    words = " ".join(text.split())
    # 48 × Rp16.800 in April, marked as leaving 12 out; January to April 4 × Rp806.400
    assert re.search(r"APBD Kabupaten/Kota\s+60\s+100,0 %\s+Rp806\.400\*", text)
    assert re.search(r"APBD Kabupaten/Kota\s+Rp3\.225\.600\*\s+Rp100\.000\.000\s+3,2 %", text)
    # the renewal cost: 12 × Rp806.400
    assert re.search(r"APBD Kabupaten/Kota\s+60\s+60 \(Des 2025\)\s+Rp9\.676\.800\*", text)
    assert "APBD Kabupaten/Kota: angka bertanda * belum termasuk 12 peserta tanpa data iuran" in words
    assert "Rp9.676.800; angka itu belum termasuk 12 peserta tanpa data iuran." in words
    assert "tidak tercatat untuk seluruh" not in words
