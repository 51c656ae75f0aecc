"""Red team, round 4: the additions of issues 20 and 21 attacked as a careless analyst would.

Each test builds a small data root of Penajam Paser Utara (64.09) from the shipped national
gazetteer (``tests/fixtures/ppu_root.py``), breaks one thing and states the outcome the
contract (docs/contract.md; ../shared/CONTRACT.md) asks for.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.ingest.load import ingest
from pipeline.settings import Settings
from tests.fixtures.ppu_root import (
    ENROLMENT_HEADER,
    build_ppu_root,
    nik,
    villages,
    write_csv,
    write_xlsx,
)

REPO = Path(__file__).parents[2]
RUN_DATE = "2025-10-15"


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env.update(PIPELINE_DATA_DIR=str(root), PIPELINE_CODE_VERSION="test", PIPELINE_RUN_DATE=RUN_DATE)
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )


def _pdf(root: Path) -> Path:
    [pdf] = (root / "processed" / "reports").rglob("*.pdf")
    return pdf


# --- reference/laporan.toml (CONTRACT §3.3a): a settings file never stops a run ---------------

_LAPORAN = {
    # a quote left open, as a hand edit leaves it
    "invalid_toml": b'meeting_line = "Rapat "PPU"\norganisation = \n',
    # Windows Notepad saves UTF-8 with a byte-order mark
    "utf8_bom": b'\xef\xbb\xbfmeeting_line = "Rapat Monev PPU"\n',
    # an en dash typed in a Windows-1252 editor
    "windows_1252": b'organisation = "Dinas Tenaga Kerja \x96 PPU"\n',
    # a value of the wrong type
    "approval_as_text": b'approval = "Bupati"\n',
}


@pytest.mark.parametrize("case", sorted(_LAPORAN))
def test_a_broken_laporan_toml_does_not_stop_the_run(tmp_path, case):
    # Expected (§3.3a, §6, "no input stops a run"): the run publishes its report and names laporan.toml;
    # today every variant fails the report step: exit 1, "this was not expected", nothing published.
    root = build_ppu_root(tmp_path)
    (root / "raw" / "reference" / "laporan.toml").write_bytes(_LAPORAN[case])
    done = _run(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "this was not expected" not in done.stdout + done.stderr
    assert _pdf(root).is_file()
    if case != "utf8_bom":  # a BOM may simply be read past
        assert "laporan.toml" in done.stdout + done.stderr


# --- a partial province row (CONTRACT §5) -----------------------------------------------------


# A partial province row's target_attainment (active / the province's own target) is kept: §5
# withholds only the coverage rate of a partial row, and no report shows the row as the
# province's figure (tests/unit/build/test_rules_partial_areas.py); decided, not a defect.


# --- reference/kolom.csv (CONTRACT §2, §3.4a) ---------------------------------------------------


def test_a_kolom_spelling_given_two_fields_is_not_read_silently_as_one(tmp_path):
    # Expected (§2: "a header whose words would name two fields is ambiguous: noted, not read"):
    # kolom.csv maps 'Tanggal' to tgl_mulai and to tgl_akhir; a sheet's 'Tanggal' column is noted
    # naming both fields. Today it is read as tgl_mulai without a word.
    root = build_ppu_root(tmp_path)
    write_csv(
        root / "raw" / "reference" / "kolom.csv",
        [("kolom", "field"), ("Tanggal", "tgl_akhir"), ("Tanggal", "tgl_mulai")],
    )
    header = ["NIK", "Nama", "Kode Desa", "Pekerjaan", "Sumber Dana", "Tanggal", "Masa Iuran"]
    code = villages()[0]
    rows = [[nik(500 + i), f"Pekerja {i}", code, "Petani", "APBD_KAB", "01/02/2025", "6"] for i in range(3)]
    write_xlsx(root / "raw" / "enrolment" / "tanggal.xlsx", header, rows)
    with duckdb.connect() as con:
        ingest(con, Settings.at(root), key=b"k" * 32)
        notes = [m for (m,) in con.execute("select message from audit.notes").fetchall()]
    named = [m for m in notes if "Tanggal" in m and "tgl_mulai" in m and "tgl_akhir" in m]
    assert named, notes


# --- messages -------------------------------------------------------------------------------------


def test_an_enrolment_list_wholly_after_the_run_day_is_not_called_rejected(tmp_path):
    # Expected (§6: a spell starting after the run day, up to 92 days ahead, is kept): the message
    # says the accepted rows all start after the run day (naming the date), not "no enrolment row
    # was accepted ... 0 rejected ... Correct the rows".
    root = tmp_path
    build_ppu_root(root, enrolled=0, claims=0)
    (root / "raw" / "claims" / "klaim.csv").unlink()
    (root / "raw" / "enrolment" / "peserta_apbd.xlsx").unlink()
    code = villages()[0]
    rows = [
        [nik(700 + i), f"Pekerja {i}", code, "Petani", "DANA_DESA", "01/12/2025", "30/11/2026", "16800"]
        for i in range(4)
    ]
    write_xlsx(root / "raw" / "enrolment" / "perpanjangan_2026.xlsx", ENROLMENT_HEADER, rows)
    done = _run(root)
    said = done.stdout + done.stderr
    assert "no enrolment row was accepted" not in said
    assert "Correct the rows" not in said
    assert "2025-12-01" in said or "1 December 2025" in said


def test_a_misplaced_file_name_with_a_line_break_stays_on_one_line(tmp_path):
    # Expected (§6, messages for people): the CLI names the misplaced file on one line (its name
    # made printable); today the name's line break splits the line, ".xlsx: raw/ reads only ...".
    root = build_ppu_root(tmp_path)
    write_xlsx(root / "raw" / "Data Waru\n.xlsx", ENROLMENT_HEADER, [])
    done = _run(root)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    named = [line for line in lines if "raw/ reads only" in line]
    assert named and all("Data Waru" in line for line in named), lines


def test_no_bengkayang_code_in_the_exports_of_another_regency(tmp_path):
    # Expected (issue 20 "nothing of Bengkayang outside the sample"; §3.3a): the exports' description
    # of a 64.09 data root gives no example from 61.07; today datapackage.json says "(61.07, not a number)".
    root = build_ppu_root(tmp_path)
    done = _run(root)
    assert done.returncode == 0, done.stderr
    package = json.loads((root / "processed" / "exports" / "datapackage.json").read_text(encoding="utf-8"))
    assert "61.07" not in json.dumps(package, ensure_ascii=False)


# --- layout ---------------------------------------------------------------------------------------

_APPROVAL = """
[[approval]]
role = "prepared"
name = "Muhammad Rizky Pratama, S.E."
position = "Analis Ketenagakerjaan"
[[approval]]
role = "checked"
name = "Hj. Sitti Rahmawati, S.Sos., M.Si."
position = "Kepala Bidang Hubungan Industrial"
[[approval]]
role = "approved"
name = "Ir. H. Makmur Marbun, M.Si."
position = "Kepala Dinas Tenaga Kerja dan Transmigrasi"
"""

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')


def test_the_approval_block_stays_inside_the_page_with_real_names(tmp_path):
    # Expected (issue 20 point 8 and "layout that holds on any regency"): the approver's name and
    # position print whole inside the page; today the third column runs off the right edge
    # ("Marbun, M.S", "Tenaga Kerja d").
    root = build_ppu_root(tmp_path)
    (root / "raw" / "reference" / "laporan.toml").write_text(_APPROVAL, encoding="utf-8")
    done = _run(root)
    assert done.returncode == 0, done.stderr
    pdf = _pdf(root)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Makmur Marbun, M.Si." in text
    assert "Kepala Dinas Tenaga Kerja" in text
    boxes = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    outside = [w for _, x_max, w in _WORD.findall(boxes) if float(x_max) > width - 36]
    assert outside == []


# --- side-by-side tables (CONTRACT §2) ----------------------------------------------------------


def test_a_recap_table_beside_the_list_does_not_move_its_workers_to_other_villages(tmp_path):
    # Expected (§2: blocks separated by fully blank columns, each with its own header, are separate
    # tables): the four workers typed in Desa Petung, Kecamatan Penajam stay in Petung (64.09.01.1003)
    # whatever the recap 'Kode Desa | Jumlah' two blank columns to the right says. Today the recap
    # is joined to the list and rows 2 and 3 are counted in 64.09.01.1001 and 64.09.01.1002, silently.
    import openpyxl

    root = build_ppu_root(tmp_path)
    codes = villages()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Petung"
    listed = ["NIK", "Nama", "Desa", "Kecamatan", "Pekerjaan", "Sumber Dana", "Tgl Mulai", "Tgl Akhir"]
    sheet.append([*listed, None, None, "Kode Desa", "Jumlah"])
    recap = [[codes[0], 10], [codes[1], 5]]
    for i in range(4):
        row = [
            nik(600 + i),
            f"Pekerja {i}",
            "Petung",
            "Penajam",
            "Petani",
            "APBD_KAB",
            "01/01/2025",
            "31/12/2025",
        ]
        sheet.append(row + [None, None] + (recap[i] if i < 2 else [None, None]))
    book.save(root / "raw" / "enrolment" / "petung.xlsx")
    with duckdb.connect() as con:
        ingest(con, Settings.at(root), key=b"k" * 32)
        villages_of_rows = con.execute(
            "select source_row, village_code from staging.spells "
            "where source_path = 'enrolment/petung.xlsx' order by source_row"
        ).fetchall()
    assert codes[2] == "64.09.01.1003"
    assert villages_of_rows == [(row, "64.09.01.1003") for row in (2, 3, 4, 5)]


# --- contributions nobody typed are not Rp0 (COMMON: never a silent wrong number) -----------------


def test_contributions_are_unknown_not_zero_when_no_spell_carries_an_iuran(tmp_path):
    # Expected ("never a silent wrong number"): when no active participant's spell carries an
    # iuran (the list has no Iuran column, or one whose header is not read), the report does not
    # print "Iuran bulan ini Rp0", a renewal cost Rp0 or a budget "Terpakai 0,0 %": it says the
    # contributions are "tidak tercatat". Decision: marts.coverage_by_funding keeps the contract's
    # definition (§4: the recorded iuran summed, 0 here); the report must not present that
    # unknown as zero (pipeline/report/iuran.py).
    from tests.fixtures.ppu_root import enrolment_rows

    root = build_ppu_root(tmp_path)
    write_xlsx(
        root / "raw" / "enrolment" / "peserta_apbd.xlsx",
        ENROLMENT_HEADER[:-1],
        [row[:-1] for row in enrolment_rows(60)],
    )
    write_csv(
        root / "raw" / "reference" / "anggaran.csv",
        [("kode_wilayah", "tahun", "sumber_dana", "pagu_idr"), ("64.09", "2025", "APBD Kab", "100000000")],
    )
    done = _run(root)
    assert done.returncode == 0, done.stderr
    text = subprocess.run(
        ["pdftotext", "-layout", str(_pdf(root)), "-"], capture_output=True, text=True
    ).stdout
    # the month's contributions of the 60 active, the year's against the budget, the renewals
    assert re.search(r"APBD Kabupaten/Kota\s+60\s+100,0 %\s+tidak tercatat", text)
    assert re.search(r"APBD Kabupaten/Kota\s+tidak tercatat\s+Rp100\.000\.000\s+–", text)
    assert re.search(r"APBD Kabupaten/Kota\s+60\s+60 \(Des 2025\)\s+tidak tercatat", text)
    words = " ".join(text.split())
    assert "iuran tidak tercatat untuk seluruh 60 peserta aktif" in words
    assert "rasio manfaat JKK dan JKM terhadap iuran tidak dapat dihitung" in words
    # Rp0 is left only where it is a count of nothing (no one covered after a death)
    zero = [line for line in text.splitlines() if re.search(r"Rp0(?![.\d])", line)]
    assert all("kematian" in line for line in zero), zero


# --- a claims sheet inside an enrolment workbook (CONTRACT §6, messages) --------------------------


def test_a_claims_sheet_in_an_enrolment_workbook_is_named_as_claims(tmp_path):
    # Expected (§6: a header "that of the other kind ... is listed as not read with where it
    # belongs"): the workbook's 'Klaim' sheet is named as a claims sheet to move to raw/claims/;
    # today six notes tell the office to add 'Nama', 'Kode Desa', ... 'Tgl Akhir' to the claims sheet.
    import xlsxwriter

    from tests.fixtures.ppu_root import CLAIM_HEADER, enrolment_rows

    root = build_ppu_root(tmp_path)
    book = xlsxwriter.Workbook(str(root / "raw" / "enrolment" / "desa_waru.xlsx"))
    claim = ["K-900", nik(900), "JKM", "10/03/2025", "15/03/2025", "01/04/2025", "DIBAYAR", "42000000"]
    for name, rows in (
        ("Peserta", [ENROLMENT_HEADER, *enrolment_rows(3, first=900)]),
        ("Klaim", [CLAIM_HEADER, claim]),
    ):
        sheet = book.add_worksheet(name)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                sheet.write_string(i, j, value)
    book.close()
    with duckdb.connect() as con:
        ingest(con, Settings.at(root), key=b"k" * 32)
        notes = [
            m
            for (m,) in con.execute(
                "select message from audit.notes where path = 'enrolment/desa_waru.xlsx' and sheet = 'Klaim'"
            ).fetchall()
        ]
    assert any("raw/claims/" in m for m in notes), notes
    assert not any("add a column headed 'Nama'" in m for m in notes), notes


# --- an heir's NIK under a group title (CONTRACT §2 two-row headers, §4 deaths) -------------------


def test_the_heirs_nik_under_ahli_waris_does_not_keep_a_deceased_worker_active(tmp_path):
    # Expected ("never a silent wrong number"; §4 a JKM claim records the worker's death): a JKM
    # claim given by the worker's KPJ, with the heir's name and NIK under a merged 'Ahli Waris'
    # title, ends the worker's coverage on 10 March (4 of 5 active in March), or the NIK that
    # disagrees with the KPJ is noted. Today the heir's NIK is read as the claim's NIK: the death
    # is recorded for the heir, the deceased worker stays active, and nothing is noted.
    import openpyxl

    from tests.fixtures.ppu_root import enrolment_rows

    root = build_ppu_root(tmp_path, enrolled=5, claims=0)
    (root / "raw" / "claims" / "klaim.csv").unlink()
    rows = [[*row, f"KPJ{i + 1:04d}"] for i, row in enumerate(enrolment_rows(5))]
    write_xlsx(root / "raw" / "enrolment" / "peserta_apbd.xlsx", [*ENROLMENT_HEADER, "No KPJ"], rows)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "JKM"
    sheet.append(
        ["No Klaim", "No KPJ", "Program", "Tgl Kejadian", "Tgl Bayar", "Nominal", "Ahli Waris", None]
    )
    sheet.append([None, None, None, None, None, None, "Nama", "NIK"])
    sheet.merge_cells("G1:H1")
    for column in "ABCDEF":
        sheet.merge_cells(f"{column}1:{column}2")
    sheet.append(
        ["K-1", "KPJ0001", "JKM", "10/03/2025", "01/04/2025", "42000000", "Siti", "6409014506800001"]
    )
    book.save(root / "raw" / "claims" / "jkm.xlsx")
    done = _run(root)
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(root / "processed" / "coverage.duckdb"), read_only=True) as con:
        [(active,)] = con.execute(
            "select active from marts.coverage_by_area where level = 'regency' and month = '2025-03-01'"
        ).fetchall()
        notes = [m for (m,) in con.execute("select message from audit.notes").fetchall()]
    noted = [m for m in notes if "KPJ" in m.upper() and "NIK" in m.upper()]
    assert active == 4 or noted, (active, notes)


# --- every file under raw/ accounted for (CONTRACT §6) -------------------------------------------


def _listed(root: Path) -> dict[str, str | None]:
    with duckdb.connect() as con:
        ingest(con, Settings.at(root), key=b"k" * 32)
        return dict(con.execute("select path, error from audit.input_files").fetchall())


def test_settings_and_spellings_files_of_any_case_or_type_are_accounted_for(tmp_path):
    # Expected (§6: every file under raw/ is in audit.input_files, an unknown reference file listed as
    # not read): laporan.toml (read), Laporan.toml as Windows capitalises it and kolom.xlsx (neither is
    # read: the names are laporan.toml and kolom.csv) each appear. Today neither laporan.toml nor
    # Laporan.toml is listed: the report silently goes out without Laporan.toml's meeting line and
    # approval names (kolom.xlsx is listed).
    import openpyxl

    root = build_ppu_root(tmp_path)
    reference = root / "raw" / "reference"
    (reference / "laporan.toml").write_text('meeting_line = "Rapat Monev PPU"\n', encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    root2 = build_ppu_root(other)
    (root2 / "raw" / "reference" / "Laporan.toml").write_text('meeting_line = "Rapat"\n', encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.append(["kolom", "field"])
    book.active.append(["Tgl Awal", "tgl_mulai"])
    book.save(root2 / "raw" / "reference" / "kolom.xlsx")
    missing = [p for p in ("reference/laporan.toml",) if p not in _listed(root)]
    listed2 = _listed(root2)
    missing += [p for p in ("reference/Laporan.toml", "reference/kolom.xlsx") if p not in listed2]
    assert missing == []


def test_a_laporan_toml_saved_as_txt_is_told_its_right_name(tmp_path):
    # Expected (§6: an unknown reference file is listed with where it belongs): Notepad's
    # "laporan.toml.txt" is told to be renamed reference/laporan.toml; today the listing says
    # "rename it reference/laporan.txt", a name that is not read either.
    root = build_ppu_root(tmp_path)
    (root / "raw" / "reference" / "laporan.toml.txt").write_text('meeting_line = "x"\n', encoding="utf-8")
    error = _listed(root)["reference/laporan.toml.txt"]
    assert "reference/laporan.txt" not in error
    assert "reference/laporan.toml" in error
