"""CONTRACT §3.2, §3.3: a workforce ``sektor`` that is not a KBLI letter A–U, two different
workforce figures for one area, year (and sector), or two different targets for one area,
year and source are ignored with a note naming the file and rows; an exact repeat counts
once. The area then has no figure of its own for that year and falls back as the rules say."""

import datetime as dt

from tests.support.rules import DARAT, ENROLMENT, LAUT, built, data_root, notes, spell_row, write_csv

RUN_DAY = dt.date(2025, 6, 10)
WORKFORCE = ["kode_wilayah", "tahun", "jumlah_pekerja", "sektor"]
TARGET = ["kode_wilayah", "tahun", "target", "sumber_dana"]


def _root(tmp_path, workforce=(), targets=()):
    raw = data_root(tmp_path)
    write_csv(raw / "enrolment" / "babulu.csv", [ENROLMENT, spell_row(1, DARAT), spell_row(2, LAUT)])
    if workforce:
        write_csv(raw / "reference" / "angkatan_kerja.csv", [WORKFORCE, *workforce])
    if targets:
        write_csv(raw / "reference" / "target.csv", [TARGET, *targets])
    return raw


def _workforce(con, code: str) -> float | None:
    return con.execute(
        "select workforce from marts.coverage_by_area where area_code = ? and month = '2025-01-01'", [code]
    ).fetchone()[0]


def test_a_sector_that_is_not_a_kbli_letter_is_ignored_with_a_note(tmp_path):
    raw = _root(
        tmp_path,
        workforce=[
            ["64.09", "2025", "5000", "Pertanian"],  # row 2: not a letter
            ["64.09", "2025", "800", "a"],  # row 3: sector A
            ["64.09", "2025", "9000", ""],  # row 4: all sectors
        ],
    )
    con = built(raw, RUN_DAY)
    assert con.execute(
        "select area_code, year, sector_code, workforce from staging.workforce "
        "order by sector_code nulls first"
    ).fetchall() == [("64.09", 2025, None, 9000), ("64.09", 2025, "A", 800)]
    [(path, row, value, count, message)] = notes(con, "ignored_reference_row")
    assert (path, row, value, count) == ("reference/angkatan_kerja.csv", 2, "Pertanian", 1)
    assert "not a KBLI 2020 section letter" in message
    # the file's rows are read and accepted (ignored, not rejected)
    assert con.execute(
        "select rows_read, rows_accepted, rows_rejected from audit.input_files where path like '%angkatan%'"
    ).fetchone() == (3, 3, 0)


def test_two_different_workforce_figures_count_neither_and_the_area_falls_back(tmp_path):
    raw = _root(
        tmp_path,
        workforce=[
            ["64.09.02.2001", "2025", "500", ""],  # row 2
            ["64.09.02.2002", "2025", "300", ""],  # row 3
            ["64.09.02", "2025", "1000", ""],  # row 4: district's own figure ...
            ["64.09.02", "2025", "1200", ""],  # row 5: ... and another one: neither counts
            ["64.09.02.2001", "2025", "500", ""],  # row 6: an exact repeat of row 2 (counts once)
            ["64.09.02.2002", "2024", "250", ""],  # row 7
            ["64.09.02.2002", "2024", "260", "  "],  # row 8: conflicts with row 7
        ],
    )
    con = built(raw, RUN_DAY)
    # Babulu has no figure of its own for 2025: the sum of its villages, 500 + 300
    assert _workforce(con, "64.09.02") == 800
    village = dict(
        con.execute(
            "select village_code, workforce from marts.coverage_by_village where month = '2025-01-01'"
        ).fetchall()
    )
    assert village[DARAT] == 500
    conflicts = notes(con, "ignored_reference_row")
    assert [(p, r) for p, r, *_ in conflicts] == [
        ("reference/angkatan_kerja.csv", 4),
        ("reference/angkatan_kerja.csv", 5),
        ("reference/angkatan_kerja.csv", 7),
        ("reference/angkatan_kerja.csv", 8),
    ]
    message = conflicts[0][4]
    assert "two different workforce figures for 64.09.02 in 2025" in message
    assert "row 4: 1000, row 5: 1200" in message
    assert "neither counts" in message


def test_two_different_targets_for_one_area_year_and_source_count_neither(tmp_path):
    raw = _root(
        tmp_path,
        targets=[
            ["64.09.02.2001", "2025", "100", ""],  # row 2
            ["64.09.02.2002", "2025", "100", ""],  # row 3
            ["64.09.02", "2025", "150", ""],  # row 4: conflicts with row 5
            ["64.09.02", "2025", "250", ""],  # row 5
            ["64.09.02", "2025", "90", "APBD_KAB"],  # row 6: another source: counts
            ["64.09.02.2001", "2025", "100", ""],  # row 7: exact repeat of row 2
        ],
    )
    con = built(raw, RUN_DAY)
    assert con.execute(
        "select area_code, target, funding_source from staging.targets order by area_code, funding_source"
    ).fetchall() == [
        ("64.09.02", 90, "APBD_KAB"),
        ("64.09.02.2001", 100, None),
        ("64.09.02.2002", 100, None),
    ]
    # Babulu's target: the sum of the targets set below it
    target = con.execute(
        "select target from marts.coverage_by_area where area_code = '64.09.02' and month = '2025-01-01'"
    ).fetchone()[0]
    assert target == 200
    conflicts = notes(con, "ignored_reference_row")
    assert [(p, r) for p, r, *_ in conflicts] == [("reference/target.csv", 4), ("reference/target.csv", 5)]
    assert (
        "two different targets for 64.09.02 in 2025, no funding_source (row 4: 150, row 5: 250)"
        in (conflicts[0][4])
    )
