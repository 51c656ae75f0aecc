"""Issue 20 points 5 and 8: the data root's own settings, no Bengkayang built in, and the small ones."""

import datetime as dt
import os
import subprocess
from pathlib import Path

import openpyxl
import pytest

from pipeline.settings import Settings
from tests.fixtures.ppu_root import ppu_gazetteer, write_csv

REPO = Path(__file__).parents[3]


def _ppu(root: Path) -> Settings:
    write_csv(root / "raw" / "reference" / "wilayah.csv", [("kode", "nama"), *ppu_gazetteer()])
    return Settings.at(root)


# --- the schedule's timezone -------------------------------------------------------------


@pytest.mark.parametrize(
    ("province", "zone"),
    [
        ("61", "Asia/Pontianak"),
        ("62", "Asia/Pontianak"),
        ("11", "Asia/Jakarta"),
        ("31", "Asia/Jakarta"),
        ("36", "Asia/Jakarta"),
        ("51", "Asia/Makassar"),
        ("64", "Asia/Makassar"),
        ("73", "Asia/Makassar"),
        ("82", "Asia/Jayapura"),
        ("94", "Asia/Jayapura"),
    ],
)
def test_the_timezone_follows_the_province(province, zone):
    from pipeline.orchestration.schedules import province_timezone

    assert province_timezone(province) == zone


def test_the_schedule_of_a_wita_regency_runs_in_makassar_time(tmp_path):
    from pipeline.orchestration.schedules import build_monthly_schedule, previous_month

    schedule = build_monthly_schedule(_ppu(tmp_path))
    assert schedule.execution_timezone == "Asia/Makassar"
    assert "06:00 WITA" in schedule.description
    # 1 October 2025 00:30 WITA is still 30 September in Pontianak: the month just ended is September.
    assert previous_month(dt.datetime(2025, 9, 30, 16, 30, tzinfo=dt.UTC), "Asia/Makassar") == "2025-09"


def test_laporan_toml_names_the_timezone(tmp_path):
    from pipeline.orchestration.schedules import schedule_timezone

    settings = _ppu(tmp_path)
    (settings.reference_dir / "laporan.toml").write_text('timezone = "Asia/Jayapura"\n', encoding="utf-8")
    assert schedule_timezone(settings) == ("Asia/Jayapura", "reference/laporan.toml")


# --- report settings from the data root ---------------------------------------------------


def test_report_settings_come_from_the_data_roots_laporan_toml(tmp_path):
    from pipeline.report.config import ReportConfig, approval_block

    settings = _ppu(tmp_path)
    bare = ReportConfig.load(data_dir=tmp_path)
    assert (bare.meeting_line, bare.organisation) == ("", "")
    assert [a["name"] for a in approval_block(bare)] == ["", "", ""]
    (settings.reference_dir / "laporan.toml").write_text(
        'organisation = "Disnakertrans Kabupaten Penajam Paser Utara"\n'
        'meeting_line = "Bahan rapat bersama Pemerintah Provinsi Kalimantan Timur"\n'
        '[[approval]]\nrole = "approved"\nname = "A. Sekda"\nposition = "Sekretaris Daerah"\n',
        encoding="utf-8",
    )
    config = ReportConfig.load(data_dir=tmp_path)
    assert config.organisation == "Disnakertrans Kabupaten Penajam Paser Utara"
    assert config.meeting_line == "Bahan rapat bersama Pemerintah Provinsi Kalimantan Timur"
    assert approval_block(config)[2] == {
        "role": "approved",
        "name": "A. Sekda",
        "position": "Sekretaris Daerah",
    }


def test_the_repository_settings_file_holds_no_meeting_line_or_names():
    from pipeline.report.config import SETTINGS_FILE, ReportConfig

    assert ReportConfig.load(SETTINGS_FILE, data_dir=Path("/nonexistent")).meeting_line == ""
    assert "Bahan rapat" not in (REPO / "pipeline" / "report" / "messages_id.json").read_text(
        encoding="utf-8"
    )


def test_no_bengkayang_in_messages_templates_or_settings_outside_the_sample():
    found = subprocess.run(
        [
            "grep",
            "-rlE",
            "Bengkayang|61\\.07\\.14\\.2003|Pontianak",
            "--include=*.json",
            "--include=*.j2",
            "--include=*.toml",
            "pipeline",
            "report_templates",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert [f for f in found if not f.startswith("pipeline/sample/")] == []


# --- the fix list -------------------------------------------------------------------------


def test_the_fix_list_example_village_is_the_data_roots_own():
    from pipeline.outputs.fix_list import explain

    with_example = explain("rejected", "unknown_village", None, None, 7, "64.09.01.2001")
    assert "(mis. 64.09.01.2001)" in with_example
    assert "61.07" not in explain("rejected", "unknown_village", None, None, 7)


def test_the_fix_list_shows_a_date_cell_as_the_office_sees_it():
    from pipeline.outputs.fix_list import shown_value

    assert shown_value("2024-12-31 00:00:00") == "31/12/2024"
    assert shown_value("2024-12-31 14:05:00") == "31/12/2024 14:05"
    assert shown_value("2024-12-31") == "2024-12-31"  # typed as text: shown as typed
    assert shown_value("31 Desember 2024") == "31 Desember 2024"


# --- the renewal list keeps the NIK -----------------------------------------------------


def test_the_renewal_workbook_keeps_the_nik_as_text(tmp_path):
    from pipeline.outputs.renewal_list import HEADER, write_renewal_workbook

    row = (
        "64.09",
        "64.09.01",
        "Penajam",
        "64.09.01.2001",
        "Babulu",
        "Siti",
        "6409011503670362",
        "25001234567",
        "BPU",
        "APBD_KAB",
        dt.date(2025, 12, 31),
    )
    path = tmp_path / "64.09-daftar-perpanjangan.xlsx"
    write_renewal_workbook(path, dt.date(2025, 10, 1), [row])
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == list(HEADER)
    nik = sheet.cell(2, HEADER.index("nik") + 1)
    assert (nik.value, nik.data_type) == ("6409011503670362", "s")
    assert sheet.cell(2, HEADER.index("akhir_kepesertaan") + 1).value == dt.datetime(2025, 12, 31)
    assert oct(path.stat().st_mode & 0o777) == "0o600"


# --- verify, make run, .gitignore, docs --------------------------------------------------


def test_verify_without_pipeline_data_dir_looks_beside_the_report(tmp_path, monkeypatch):
    from pipeline.commands.verify import default_archive

    monkeypatch.delenv("PIPELINE_DATA_DIR", raising=False)
    report = (
        tmp_path / "ppu" / "processed" / "reports" / "2025-09" / "64.09-kabupaten-penajam-paser-utara.pdf"
    )
    assert default_archive(report, Settings.at(REPO / "data")) == tmp_path / "ppu" / "processed" / "archive"
    monkeypatch.setenv("PIPELINE_DATA_DIR", str(tmp_path / "other"))
    assert (
        default_archive(report, Settings.at(tmp_path / "other"))
        == tmp_path / "other" / "processed" / "archive"
    )


def _make_run(root: Path) -> str:
    env = {**os.environ, "PIPELINE_DATA_DIR": str(root)}
    done = subprocess.run(
        ["make", "-o", "setup", "run", "UV=echo"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_make_run_writes_the_sample_only_into_an_empty_data_root(tmp_path):
    full = tmp_path / "full"
    write_csv(
        full / "raw" / "reference" / "anggaran.csv", [("kode_wilayah", "tahun", "sumber_dana", "pagu_idr")]
    )
    assert "sample-data" not in _make_run(full)
    empty = tmp_path / "empty"
    (empty / "raw").mkdir(parents=True)
    assert "run python -m pipeline sample-data" in _make_run(empty)


def test_the_pseudonym_key_folder_is_git_ignored():
    done = subprocess.run(["git", "check-ignore", "-q", "data/.keys/pseudonym.key"], cwd=REPO)
    assert done.returncode == 0


def test_the_docs_contract_references_resolve_inside_the_repository():
    contract = REPO / "docs" / "contract.md"
    text = contract.read_text(encoding="utf-8")
    for section in (
        "## 1. Where things live",
        "## 4. Definitions",
        "## 5. Outputs",
        "## 6. Commands",
        "### 3.3a",
        "### 3.7 Rejections",
    ):
        assert section in text
    assert "laporan.toml" in text and "DRAF — BELUM UNTUK RAPAT" in text and "header_variants.md" in text
    for doc in ("architecture.md", "scaling.md", "data_dictionary.md"):
        body = (REPO / "docs" / doc).read_text(encoding="utf-8")
        assert "contract.md" in body, doc


# --- without a gazetteer ------------------------------------------------------------------


def test_the_missing_gazetteer_message_points_to_the_national_list(tmp_path):
    from pipeline.orchestration.assets.staging import no_gazetteer_message

    write_csv(tmp_path / "raw" / "enrolment" / "peserta.csv", [("NIK", "Nama")])
    message = no_gazetteer_message(Settings.at(tmp_path), Exception("no gazetteer"))
    assert "python -m pipeline gazetteer KODE" in message
    assert "pipeline/data/wilayah_indonesia.csv.gz" in message
    assert "Bengkayang" not in message


def test_the_gazetteer_command_writes_a_regencys_wilayah_csv(tmp_path, monkeypatch, capsys):
    import csv

    from pipeline.__main__ import main

    monkeypatch.setenv("PIPELINE_DATA_DIR", str(tmp_path))
    assert main(["gazetteer", "64.09"]) == 0
    rows = list(csv.reader((tmp_path / "raw" / "reference" / "wilayah.csv").open(encoding="utf-8")))
    assert rows[:3] == [["kode", "nama"], ["64", "KALIMANTAN TIMUR"], ["64.09", "KAB. PENAJAM PASER UTARA"]]
    assert all(r[0] in ("64", "64.09") or r[0].startswith("64.09.") for r in rows[1:])
    assert sum(1 for r in rows if r[0].count(".") == 3) == 54
    assert "54 villages" in capsys.readouterr().out
    assert main(["gazetteer", "64.09"]) == 1  # never overwritten
    assert "exists: nothing was written" in capsys.readouterr().err
