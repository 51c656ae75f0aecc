"""How fresh each source is (issue 23 §4), on a small data root of Penajam Paser Utara (64.09).

September 2025, month's end 30 September; 100 participants active, one spell each, until
31 December 2025, in four enrolment files of one funding source each:

==================  =====  ==========  ======================  ==========================
file                 spells first day  days before 30 Sep      flagged / on the summary
==================  =====  ==========  ======================  ==========================
a_apbd.csv            80    20/09/2025   10                     no / no
b_dana_desa.csv       10    01/08/2025   60                     yes / yes (10 % > 5 %)
c_dbh_sawit.csv        7    31/08/2025   30                     no / no
d_baznas.csv           3    01/07/2025   91                     yes / no (3 % ≤ 5 %)
==================  =====  ==========  ======================  ==========================

and one claims file: a claim submitted 10 September and paid 25 September (5 days).
For August only dates up to 31 August count: APBD and the claim have none yet (no row),
Dana Desa's 1 August is 30 days before 31 August (not stale).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.fixtures.ppu_root import CLAIM_HEADER, ENROLMENT_HEADER, nik, ppu_gazetteer, villages, write_csv

REPO = Path(__file__).parents[2]
SOURCES = (  # file, funding code, spells, first day
    ("a_apbd.csv", "APBD_KAB", 80, "20/09/2025"),
    ("b_dana_desa.csv", "DANA_DESA", 10, "01/08/2025"),
    ("c_dbh_sawit.csv", "DBH_SAWIT", 7, "31/08/2025"),
    ("d_baznas.csv", "BAZNAS", 3, "01/07/2025"),
)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("ppu_freshness")
    raw = root / "raw"
    write_csv(raw / "reference" / "wilayah.csv", [("kode", "nama"), *ppu_gazetteer()])
    codes = villages()
    n = 0
    for name, funding, count, first in SOURCES:
        rows = []
        for _ in range(count):
            n += 1
            rows.append(
                [
                    nik(n),
                    f"Pekerja {n}",
                    codes[n % len(codes)],
                    "Petani",
                    funding,
                    first,
                    "31/12/2025",
                    "16800",
                ]
            )
        write_csv(raw / "enrolment" / name, [ENROLMENT_HEADER, *rows])
    write_csv(
        raw / "claims" / "klaim.csv",
        [
            CLAIM_HEADER,
            ["K-001", nik(1), "JKK", "05/09/2025", "10/09/2025", "25/09/2025", "DIBAYAR", "5000000"],
        ],
    )
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env.update(PIPELINE_DATA_DIR=str(root), PIPELINE_CODE_VERSION="test", PIPELINE_RUN_DATE="2025-10-15")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run"], env=env, capture_output=True, text=True, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    [pdf] = (root / "processed" / "reports").rglob("*.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    return root, text


def _mart(root: Path) -> pd.DataFrame:
    with duckdb.connect(str(root / "processed" / "coverage.duckdb"), read_only=True) as con:
        return con.sql("select * from marts.source_freshness order by all").df()


def _summary(text: str) -> str:
    """The words of the summary's findings (Temuan pokok), up to the next chapter."""
    words = " ".join(text.split())
    start = words.index("Temuan pokok")
    return words[start : words.index("2. ", start)]


def test_a_source_stopping_60_days_before_the_month_end_with_10_percent_is_flagged_and_summarised(run):
    root, text = run
    mart = _mart(root).set_index(["month", "source"])
    row = mart.loc[(pd.Timestamp("2025-09-01"), "DANA_DESA")]
    assert (row.latest_date, row.days_before_month_end, row.stale) == (pd.Timestamp("2025-08-01"), 60, True)
    assert row.active_share == pytest.approx(0.10)
    assert "Dana Desa (APBDes) 1 Agustus 2025 60 10,0 % usang" in " ".join(text.split())
    assert (
        "Data Dana Desa (APBDes) terakhir bertanggal 1 Agustus 2025, 60 hari sebelum akhir bulan; "
        "sumber ini mencakup 10,0 % peserta aktif." in _summary(text)
    )


def test_a_source_30_days_before_the_month_end_is_not_flagged(run):
    root, text = run
    mart = _mart(root).set_index(["month", "source"])
    row = mart.loc[(pd.Timestamp("2025-09-01"), "DBH_SAWIT")]
    assert (row.latest_date, row.days_before_month_end, row.stale) == (pd.Timestamp("2025-08-31"), 30, False)
    assert "DBH Sawit 31 Agustus 2025 30 7,0 % mutakhir" in " ".join(text.split())
    assert "DBH Sawit terakhir" not in _summary(text)
    # the claims file: latest payment 25 September
    assert "Klaim (klaim #1 · csv) 25 September 2025 5 – mutakhir" in " ".join(text.split())


def test_a_stale_source_with_3_percent_is_flagged_in_the_table_but_not_on_the_summary(run):
    root, text = run
    mart = _mart(root).set_index(["month", "source"])
    row = mart.loc[(pd.Timestamp("2025-09-01"), "BAZNAS")]
    assert (row.days_before_month_end, row.stale) == (91, True)
    assert row.active_share == pytest.approx(0.03)
    assert "BAZNAS 1 Juli 2025 91 3,0 % usang" in " ".join(text.split())
    assert "BAZNAS" not in _summary(text)
    # the fresh large source is in neither the flags nor the summary's stale line
    assert "APBD Kabupaten/Kota 20 September 2025 10 80,0 % mutakhir" in " ".join(text.split())
    assert _summary(text).count("terakhir bertanggal") == 1


def test_a_month_counts_only_dates_up_to_its_last_day(run):
    root, _ = run
    mart = _mart(root)
    august = mart[mart.month == pd.Timestamp("2025-08-01")].set_index("source")
    assert set(august.index) == {"DANA_DESA", "DBH_SAWIT", "BAZNAS"}  # no APBD, no claim yet
    assert august.loc["DANA_DESA", "days_before_month_end"] == 30
    assert not august.loc["DANA_DESA", "stale"]
    assert august.loc["BAZNAS", "days_before_month_end"] == 61  # 1 July to 31 August


def test_the_mart_matches_a_direct_computation_from_the_files(run):
    root, _ = run
    spells = pd.concat(
        [pd.read_csv(root / "raw" / "enrolment" / name, dtype=str).assign(file=name) for name, *_ in SOURCES]
    )
    spells["start"] = pd.to_datetime(spells["Tgl Mulai"], dayfirst=True)
    spells["end"] = pd.to_datetime(spells["Tgl Akhir"], dayfirst=True)
    claims = pd.read_csv(root / "raw" / "claims" / "klaim.csv", dtype=str)
    claim_dates = pd.to_datetime(
        pd.concat([claims["Tgl Pengajuan"], claims["Tgl Bayar"]]), dayfirst=True
    ).tolist()
    labels = {f"enrolment/{name}": f"kepesertaan #{i} · csv" for i, (name, *_) in enumerate(SOURCES, 1)}
    first = min(spells.start.min(), min(claim_dates)).to_period("M")
    expected = []
    for period in pd.period_range(first, "2025-09", freq="M"):
        end = period.to_timestamp(how="end").normalize()
        active = spells[(spells.start <= end) & (spells.end >= end)]
        for (name, funding), group in spells.groupby(["file", "Sumber Dana"]):
            dates = group.start[group.start <= end]
            if dates.empty:
                continue
            latest = dates.max()
            expected.append(
                (period.start_time, "64.09", labels[f"enrolment/{name}"], "enrolment", funding, latest,
                 (end - latest).days, (end - latest).days > 45,
                 (active["Sumber Dana"] == funding).sum() / len(active) if len(active) else None)
            )  # fmt: skip
        dates = [x for x in claim_dates if x <= end]
        if dates:
            latest = max(dates)
            expected.append(
                (period.start_time, "64.09", "klaim #1 · csv", "claims", "KLAIM", latest,
                 (end - latest).days, (end - latest).days > 45, None)
            )  # fmt: skip
    got = _mart(root)
    want = pd.DataFrame(expected, columns=got.columns)
    key = ["month", "source_label", "source"]
    got = got.sort_values(key).reset_index(drop=True)
    want = want.sort_values(key).reset_index(drop=True)
    assert got[key].values.tolist() == want[key].values.tolist()
    assert (got.latest_date == want.latest_date).all()
    assert got.days_before_month_end.tolist() == want.days_before_month_end.tolist()
    assert got.stale.tolist() == want.stale.tolist()
    assert (
        got.active_share.fillna(-1).round(9).tolist()
        == want.active_share.fillna(-1).astype(float).round(9).tolist()
    )
    assert dt.date(2025, 9, 1) in set(got.month.dt.date)
