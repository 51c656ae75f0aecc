"""reference/laporan.toml (CONTRACT §3.3a): read in any case, never stopping a run, every problem named.

Small data roots of Penajam Paser Utara (64.09, WITA) built from the shipped gazetteer.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.ingest.load import ingest
from pipeline.settings import Settings
from tests.fixtures.ppu_root import build_ppu_root, ppu_gazetteer, write_csv


def _ppu(root: Path) -> Settings:
    write_csv(root / "raw" / "reference" / "wilayah.csv", [("kode", "nama"), *ppu_gazetteer()])
    return Settings.at(root)


def _audit(root: Path) -> tuple[dict[str, str | None], list[tuple[str, str, str]]]:
    with duckdb.connect() as con:
        ingest(con, Settings.at(root), key=b"k" * 32)
        files = dict(con.execute("select path, error from audit.input_files").fetchall())
        notes = con.execute(
            "select path, topic, message from audit.notes where path like 'reference/%' order by all"
        ).fetchall()
    return files, notes


def test_a_value_of_the_wrong_type_is_left_out_and_the_rest_is_read(tmp_path):
    # approval given as text: the approval lines stay blank to sign, the organisation is kept.
    from pipeline.report.config import ReportConfig, approval_block

    settings = _ppu(tmp_path)
    (settings.reference_dir / "laporan.toml").write_text(
        'organisation = "Disnakertrans PPU"\napproval = "Bupati"\nmeeting_line = 2025\n', encoding="utf-8"
    )
    config = ReportConfig.load(data_dir=tmp_path)
    assert config.organisation == "Disnakertrans PPU"
    assert config.meeting_line == ""
    assert [a["name"] for a in approval_block(config)] == ["", "", ""]


def test_a_laporan_toml_saved_with_a_byte_order_mark_is_read(tmp_path):
    from pipeline.report.config import ReportConfig

    settings = _ppu(tmp_path)
    (settings.reference_dir / "laporan.toml").write_bytes(b'\xef\xbb\xbfmeeting_line = "Rapat Monev PPU"\n')
    assert ReportConfig.load(data_dir=tmp_path).meeting_line == "Rapat Monev PPU"


def test_a_capitalised_laporan_toml_sets_the_report_and_the_schedule(tmp_path):
    # Windows users type Laporan.toml: it is the settings file all the same.
    from pipeline.orchestration.schedules import schedule_timezone
    from pipeline.report.config import ReportConfig

    settings = _ppu(tmp_path)
    (settings.reference_dir / "Laporan.toml").write_text(
        'meeting_line = "Rapat PPU"\ntimezone = "Asia/Jayapura"\n', encoding="utf-8"
    )
    assert ReportConfig.load(data_dir=tmp_path).meeting_line == "Rapat PPU"
    assert schedule_timezone(settings) == ("Asia/Jayapura", "reference/Laporan.toml")


def test_each_value_that_is_not_read_is_noted_with_its_line_and_key(tmp_path):
    root = build_ppu_root(tmp_path)
    (root / "raw" / "reference" / "laporan.toml").write_text(
        'meeting_line = "Rapat"\napproval = "Bupati"\ntimezone = "WITA"\n', encoding="utf-8"
    )
    files, notes = _audit(root)
    assert files["reference/laporan.toml"] is None  # read: its good values are used
    messages = [
        m for path, topic, m in notes if path == "reference/laporan.toml" and topic == "report_settings"
    ]
    assert len(messages) == 2, notes
    approval = next(m for m in messages if "'approval'" in m)
    assert approval.startswith("line 2, key 'approval': the text 'Bupati' is not a list")
    assert "[[approval]]" in approval  # how to write it
    timezone = next(m for m in messages if "'timezone'" in m)
    assert timezone.startswith("line 3, key 'timezone'") and "Asia/Makassar" in timezone


def test_a_laporan_toml_that_is_not_toml_is_listed_with_its_line_and_the_fix(tmp_path):
    root = build_ppu_root(tmp_path)
    (root / "raw" / "reference" / "laporan.toml").write_bytes(
        b'organisation = "Dinas"\nmeeting_line = "Rapat "PPU"\n'
    )
    files, _ = _audit(root)
    error = files["reference/laporan.toml"]
    assert error.startswith("line 2, column 24: not valid TOML"), error
    assert "nothing of the file is read" in error and "double quotes" in error


def test_a_second_spelling_of_laporan_toml_is_listed_as_not_read(tmp_path):
    root = build_ppu_root(tmp_path)
    reference = root / "raw" / "reference"
    (reference / "laporan.toml").write_text('meeting_line = "Rapat"\n', encoding="utf-8")
    (reference / "Laporan.toml").write_text('meeting_line = "Rapat lama"\n', encoding="utf-8")
    files, _ = _audit(root)
    assert files["reference/laporan.toml"] is None
    assert files["reference/Laporan.toml"].startswith("not read: unknown name in reference/: a second file")
    assert "laporan.toml is read" in files["reference/Laporan.toml"]


def test_a_misnamed_reference_file_is_told_a_name_that_is_read(tmp_path):
    # Notepad appends .txt: target.csv.txt becomes target.csv, not target.txt (not read either).
    root = build_ppu_root(tmp_path)
    write_csv(root / "raw" / "reference" / "target.csv.txt", [("kode_wilayah", "tahun", "target")])
    write_csv(root / "raw" / "reference" / "wilayah_lama.xlsx.csv", [("kode", "nama")])
    files, _ = _audit(root)
    assert files["reference/target.csv.txt"].endswith("rename it reference/target.csv")
    assert files["reference/wilayah_lama.xlsx.csv"].endswith("rename it reference/wilayah.csv")
