"""Input health (``pipeline.audit.health.assess``) on hand-made audit rows, and the sample staying final."""

import duckdb
import pytest

from pipeline.audit import health
from pipeline.audit.health import assess
from pipeline.ingest.discover import reference_name_for
from pipeline.ingest.load import ingest
from pipeline.settings import Settings
from tests.conftest import copy_sample


def _file(path, kind="enrolment", read=100, rejected=0, error=None):
    return {"path": path, "kind": kind, "rows_read": read, "rows_rejected": rejected, "error": error}


def _rejected(path, rows, reason="invalid_nik", kind="enrolment", sheet=""):
    return {"path": path, "sheet": sheet, "kind": kind, "reason": reason, "rows": rows}


def test_complete_inputs_with_a_few_rejections_are_final():
    found = assess([_file("enrolment/a.xlsx", read=1000, rejected=30)], [_rejected("enrolment/a.xlsx", 30)])
    assert not found.is_draft
    assert found.lines() == []


def test_a_sheet_without_a_required_column_makes_a_draft_with_its_rows():
    files = [_file("enrolment/a.xlsx", read=1767, rejected=1447), _file("enrolment/b.xlsx", read=5000)]
    rejected = [_rejected("enrolment/a.xlsx", 1447, "missing_column", sheet="Kec. Babulu")]
    found = assess(files, rejected)
    [problem] = found.problems  # the missing column, not also "a file's rows rejected"
    assert (problem.code, problem.rows, problem.count) == ("missing_column", 1447, 1)
    assert problem.places == ("enrolment/a.xlsx [Kec. Babulu]: 1,447 rows",)
    assert found.lines()[0] == (
        "problem: 1 sheet(s) not read: a required column is missing (1,447 rows rejected as missing_column)"
    )
    assert "reference/kolom.csv" in found.lines()[-1]


def test_a_missing_column_note_alone_makes_a_draft():
    found = assess(
        [_file("enrolment/a.xlsx", read=0)],
        [],
        [{"path": "enrolment/a.xlsx", "sheet": "S", "topic": "missing_column"}],
    )
    assert [p.code for p in found.problems] == ["missing_column"]


def test_more_than_a_fifth_of_the_enrolment_rows_rejected_makes_a_draft():
    files = [_file("enrolment/a.csv", read=40, rejected=9), _file("enrolment/b.csv", read=40, rejected=9)]
    found = assess(files, [_rejected("enrolment/a.csv", 9), _rejected("enrolment/b.csv", 9)])
    [problem] = found.problems  # 18 of 80 = 22.5 %; each file has fewer than 50 rows
    assert (problem.code, problem.kind, problem.rows, problem.read) == ("rejected_kind", "enrolment", 18, 80)
    assert problem.line() == "22% of enrolment rows rejected (18 of 80)"


def test_exactly_a_fifth_is_still_final():
    found = assess(
        [_file("claims/k.csv", "claims", read=40, rejected=8)], [_rejected("claims/k.csv", 8, kind="claims")]
    )
    assert not found.is_draft


def test_one_large_file_with_many_rejections_makes_a_draft_a_small_one_does_not():
    files = [
        _file("enrolment/big.xlsx", read=60, rejected=13),
        _file("enrolment/small.csv", read=49, rejected=20),
        _file("enrolment/rest.xlsx", read=1000),
    ]
    rejected = [_rejected("enrolment/big.xlsx", 13), _rejected("enrolment/small.csv", 20)]
    found = assess(files, rejected)
    [problem] = found.problems
    assert (problem.code, problem.rows, problem.read) == ("rejected_file", 13, 60)
    assert problem.places == ("enrolment/big.xlsx: 13 of 60 rows rejected",)


def test_copies_of_counted_rows_do_not_count_as_rejections():
    files = [_file("claims/k.csv", "claims", read=40, rejected=12)]
    rejected = [
        _rejected("claims/k.csv", 5, "duplicate_claim_id", "claims"),
        _rejected("claims/k.csv", 3, "duplicate_row", "claims"),
        _rejected("claims/k.csv", 4, "invalid_amount", "claims"),
    ]
    assert not assess(files, rejected).is_draft


def test_a_file_in_the_wrong_place_makes_a_draft_a_hidden_file_does_not():
    files = [
        _file(
            "Peserta.xlsx",
            "raw",
            read=0,
            error="not read: wrong folder: raw/ reads only ...: move it to raw/enrolment/",
        ),
        _file("enrolment/.~lock.a.xlsx#", read=0, error="not read: hidden file (its name starts with '.')"),
    ]
    found = assess(files, [])
    [problem] = found.problems
    assert (problem.code, problem.count) == ("misplaced", 1)
    assert problem.places == ("Peserta.xlsx: raw/ reads only ...: move it to raw/enrolment/",)
    assert not assess(files[1:], []).is_draft


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Angkatan Kerja PPU 2024.xlsx", "angkatan_kerja"),
        ("wilayah_ppu.csv", "wilayah"),
        ("Target UCJ 2025.xlsx", "target_ucj"),
        ("targt.csv", "target"),
        ("catatan rapat.docx", None),
    ],
)
def test_a_misnamed_reference_file_is_matched_to_the_expected_name(name, expected):
    assert reference_name_for(name) == expected


def test_the_sample_stays_final(tmp_path, sample_raw):
    """The sample's planted mistakes are a few dozen rows: its report is not a draft."""
    from pipeline.report.config import ReportConfig

    copy_sample(sample_raw, tmp_path)
    with duckdb.connect() as con:
        ingest(con, Settings.at(tmp_path), key=b"k" * 32)
        found = health.from_database(con)
        misplaced = con.execute(
            "select count(*) from audit.input_files where error like 'not read: wrong%'"
        ).fetchone()
    assert found.problems == ()
    assert misplaced == (0,)
    # The sample's own laporan.toml keeps its cover's meeting line.
    assert ReportConfig.load(data_dir=tmp_path).meeting_line == (
        "Bahan rapat monitoring dan evaluasi bersama Pemerintah Provinsi dan BPJS Ketenagakerjaan"
    )


def test_the_report_names_a_misplaced_file_as_such_not_as_an_odd_file():
    from pipeline.publication.screen import file_status

    assert (
        file_status("not read: wrong folder: raw/ reads only ...: move it to raw/enrolment/")
        == "not_read.folder"
    )
    assert file_status("not read: wrong kind: its header is that of a claims export ...") == "not_read.kind"
    assert (
        file_status("not read: unknown name in reference/: the files reference/ reads are ...")
        == "not_read.name"
    )
    assert file_status("not read: hidden file (its name starts with '.')") == "not_read.hidden"
