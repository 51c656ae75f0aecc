"""CSV decoding (CONTRACT §1, issue 21.1): no file's bytes stop the run.

A CSV is UTF-8 with or without BOM, or Windows-1252: a file that is not all UTF-8 is read
as Windows-1252 where it is not, with a note; a UTF-16 file cut at an odd byte is read
with a note on its last character; a file that is no text at all is listed as unreadable
with its reason, and the other files load.
"""

from __future__ import annotations

import pytest

from pipeline.ingest import read
from tests.support.containers import (
    API_API,
    HEADER,
    SESULU,
    csv_text,
    data_root,
    input_files,
    nik,
    notes,
    rejections,
    row,
    run,
)


def _names(con) -> dict[str, str]:
    return dict(con.execute("select nik, name from identity.persons").fetchall())


def test_a_bom_csv_with_one_windows_1252_byte_loads_with_the_character_read_as_windows_1252(tmp_path):
    raw = data_root(tmp_path)
    text = csv_text([HEADER, row(1, "Andr\x96 Jatuh"), row(2, "Siti Ña", SESULU)])
    data = b"\xef\xbb\xbf" + text.replace("Andr\x96", "Andr#").encode("utf-8")
    (raw / "enrolment" / "bom.csv").write_bytes(data.replace(b"Andr#", b"Andr\x96"))
    (raw / "enrolment" / "other.csv").write_text(csv_text([HEADER, row(3)]), encoding="utf-8")
    con = run(tmp_path)
    assert input_files(con) == {
        "enrolment/bom.csv": (2, 2, 0, None),
        "enrolment/other.csv": (1, 1, 0, None),
    }
    # the one Windows-1252 byte is its en dash; the UTF-8 "Ñ" on the next row stays "Ñ"
    assert _names(con) == {nik(1): "Andr– Jatuh", nik(2): "Siti Ña", nik(3): "Ani"}
    assert notes(con, "encoding") == [
        (
            "enrolment/bom.csv",
            "",
            "the file is not all UTF-8: 1 byte(s) read as Windows-1252 (first on line 2); "
            "check those characters, or save the file again as CSV UTF-8",
        )
    ]


def test_a_windows_1252_csv_without_bom_is_read_as_windows_1252(tmp_path):
    raw = data_root(tmp_path)
    (raw / "enrolment" / "cp.csv").write_bytes(
        csv_text([HEADER, row(1, "Andr\u00e9"), row(2, "Jatuh \u2013 Pohon")]).encode("cp1252")
    )
    con = run(tmp_path)
    assert input_files(con) == {"enrolment/cp.csv": (2, 2, 0, None)}
    assert _names(con) == {nik(1): "André", nik(2): "Jatuh – Pohon"}
    assert [m for _, _, m in notes(con, "encoding")] == [
        "the file is not all UTF-8: 2 byte(s) read as Windows-1252 (first on line 2); "
        "check those characters, or save the file again as CSV UTF-8"
    ]


@pytest.mark.parametrize("bom", [True, False], ids=["with_bom", "without_bom"])
def test_a_utf16_csv_cut_at_an_odd_byte_loads_its_rows_with_a_note(tmp_path, bom):
    raw = data_root(tmp_path)
    text = csv_text([HEADER, row(1), row(2, "Budi", SESULU)]).rstrip("\n")
    data = text.encode("utf-16" if bom else "utf-16-le")
    (raw / "enrolment" / "u16.csv").write_bytes(data[:-1])  # cut in the middle of the last "0"
    (raw / "enrolment" / "other.csv").write_text(csv_text([HEADER, row(3)]), encoding="utf-8")
    con = run(tmp_path)
    files = input_files(con)
    assert files["enrolment/other.csv"] == (1, 1, 0, None)
    # the first row loads; the cut row's contribution lost its last digit: rejected, not "1680"
    assert files["enrolment/u16.csv"] == (2, 1, 1, None)
    assert rejections(con) == [("enrolment/u16.csv", "", 3, "iuran_bulanan", "invalid_amount")]
    assert [m for _, _, m in notes(con, "encoding")] == [
        "the file ends in the middle of a character (a UTF-16 file with an odd number of bytes: "
        "was it cut short?): its last character could not be read; check the last row"
    ]


def test_bytes_that_are_no_text_are_listed_unreadable_with_a_reason_and_the_others_load(tmp_path):
    raw = data_root(tmp_path)
    # Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90, 0x9D undefined: a file of them is not text
    (raw / "enrolment" / "junk.csv").write_bytes(b"NIK,Nama\n" + b"\x81\x8d\x8f\x90\x9d," * 40 + b"\n")
    (raw / "enrolment" / "good.csv").write_text(csv_text([HEADER, row(1, village=API_API)]), encoding="utf-8")
    con = run(tmp_path)
    files = input_files(con)
    assert files["enrolment/good.csv"] == (1, 1, 0, None)
    assert files["enrolment/junk.csv"][:3] == (0, 0, 0)
    assert files["enrolment/junk.csv"][3] == (
        "not a text file: 200 bytes are neither UTF-8 nor Windows-1252; "
        "if it is a list, save it again as CSV UTF-8"
    )


def test_an_unexpected_error_reading_one_file_lists_that_file_and_the_others_load(tmp_path, monkeypatch):
    raw = data_root(tmp_path)
    (raw / "enrolment" / "a.csv").write_text(csv_text([HEADER, row(1)]), encoding="utf-8")
    (raw / "enrolment" / "b.csv").write_text(csv_text([HEADER, row(2)]), encoding="utf-8")
    real = read.rows_to_sheet

    def fails_on_b(sheet, table, *args, **kwargs):
        if nik(2) in str(table.to_pylist()):
            raise ValueError("a surprise")
        return real(sheet, table, *args, **kwargs)

    monkeypatch.setattr(read, "rows_to_sheet", fails_on_b)
    con = run(tmp_path)
    files = input_files(con)
    assert files["enrolment/a.csv"] == (1, 1, 0, None)
    assert files["enrolment/b.csv"] == (
        0,
        0,
        0,
        "could not be read: an unexpected error (ValueError: a surprise); the other files were read. "
        "Please report it with this file",
    )
