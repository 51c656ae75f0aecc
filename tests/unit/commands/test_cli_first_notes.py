"""The CLI's example notes: what stops rows being read first, one line per spelling or column."""

import duckdb

from pipeline.core.sql import fetch


def notes(*rows):
    con = duckdb.connect()
    con.execute("create schema audit")
    con.execute("""create table audit.notes (path varchar, sheet varchar, topic varchar, value varchar,
                   row_count bigint, message varchar, kind varchar, row_number integer, field varchar)""")
    con.executemany("insert into audit.notes values (?, ?, ?, ?, ?, ?, 'enrolment', null, null)", rows)
    return [message for *_, message in fetch(con, "cli", "first_notes")[1]]


def test_a_missing_column_comes_before_remarks_and_one_spelling_is_one_line():
    got = notes(
        ("a.xlsx", "Ledo", "unknown_column", "Keterangan", 1, "column 'Keterangan' is not a known field"),
        ("a.xlsx", "Ledo", "unmapped_occupation", "Penyadap", 1, "occupation 'Penyadap' (1 rows)"),
        ("a.xlsx", "Lumar", "unmapped_occupation", "Penyadap", 1, "occupation 'Penyadap' (1 rows)"),
        ("a.xlsx", "Teriak", "unmapped_occupation", "Penyadap", 1, "occupation 'Penyadap' (1 rows)"),
        ("b.csv", "", "unmapped_funding", "Donatur", 15, "funding 'Donatur' (15 rows)"),
        ("c.xlsx", "Waru", "missing_column", "tgl_mulai", 40, "sheet not read: no column for tgl_mulai"),
        ("c.xlsx", "Waru", "total_rows", None, 1, "1 total row(s) ignored"),
    )
    assert got == [
        "sheet not read: no column for tgl_mulai",
        "funding 'Donatur' (15 rows)",  # the spelling of most rows first
        "occupation 'Penyadap' (1 rows) (and 2 more place(s))",
        "column 'Keterangan' is not a known field",
    ]
