"""CONTRACT §3.4: a data root's reference/sumber_dana.csv and pekerjaan_sektor.csv add to the
shipped defaults (for a spelling in both, the data root's row wins); the defaults name no
regency; an unknown spelling's note names it, its row count and the line to add."""

import csv
import datetime as dt
import gzip
import re

from pipeline.settings import PACKAGE_DATA_DIR
from tests.support.rules import DARAT, ENROLMENT, data_root, ingested, notes, spell_row, write_csv

RUN_DAY = dt.date(2025, 6, 10)


def _funding(con) -> list[tuple]:
    return con.execute(
        "select funding_text, funding_source, sector_code from staging.spells order by source_row"
    ).fetchall()


def test_the_data_roots_spellings_add_to_the_defaults_and_win_where_both_have_one(tmp_path):
    raw = data_root(tmp_path)
    write_csv(
        raw / "reference" / "sumber_dana.csv",
        [["ejaan", "kode"], ["APBD Kab. PPU", "APBD_KAB"], ["Swadaya", "CSR"]],  # Swadaya: MANDIRI by default
    )
    write_csv(raw / "reference" / "pekerjaan_sektor.csv", [["pekerjaan", "sektor"], ["Nelayan Tambak", "A"]])
    write_csv(
        raw / "enrolment" / "ppu.csv",
        [
            ENROLMENT,
            spell_row(1, DARAT, funding="APBD Kab. PPU", job="Nelayan Tambak"),
            spell_row(2, DARAT, funding="Dana Desa", job="Petani"),  # shipped default spellings
            spell_row(3, DARAT, funding="swadaya", job="Pedagang"),
        ],
    )
    con = ingested(raw, RUN_DAY)
    assert _funding(con) == [
        ("APBD Kab. PPU", "APBD_KAB", "A"),
        ("Dana Desa", "DANA_DESA", "A"),
        ("swadaya", "CSR", "G"),
    ]
    assert notes(con, "unmapped_funding") == []
    files = {
        p for (p,) in con.execute("select path from audit.input_files where kind = 'reference'").fetchall()
    }
    assert {"reference/sumber_dana.csv", "(default) sumber_dana.csv"} <= files


def test_an_unknown_spelling_note_says_the_line_to_add(tmp_path):
    raw = data_root(tmp_path)
    write_csv(
        raw / "enrolment" / "ppu.csv",
        [
            ENROLMENT,
            *[spell_row(n, DARAT, funding="APBD Kab. PPU") for n in range(1, 4)],
            spell_row(4, DARAT, funding="Kas Gereja"),
        ],
    )
    con = ingested(raw, RUN_DAY)
    assert _funding(con)[0][1] == "LAINNYA"
    found = notes(con, "unmapped_funding")
    assert [(p, v, n) for p, _, v, n, _ in found] == [
        ("enrolment/ppu.csv", "APBD Kab. PPU", 3),
        ("enrolment/ppu.csv", "Kas Gereja", 1),
    ]
    assert found[0][4] == (
        "funding spelling 'APBD Kab. PPU' (3 rows) is in no mapping: counted as LAINNYA; to map it, "
        "add the line APBD Kab. PPU,APBD_KAB to reference/sumber_dana.csv (columns ejaan,kode)"
    )
    assert found[1][4].startswith(
        "funding spelling 'Kas Gereja' (1 rows) is in no mapping: counted as LAINNYA; to map it, "
        "add the line Kas Gereja,CODE (CODE being the right one of APBD_KAB, APBD_PROV"
    )


def test_the_shipped_defaults_name_no_regency():
    gazetteer = PACKAGE_DATA_DIR / "wilayah_indonesia.csv.gz"
    with gzip.open(gazetteer, "rt", encoding="utf-8") as fh:
        regencies = {
            name.upper().removeprefix("KAB. ").removeprefix("KOTA ").strip()
            for code, name in csv.reader(fh)
            if code.count(".") == 1
        }
    with (PACKAGE_DATA_DIR / "sumber_dana.csv").open(encoding="utf-8") as fh:
        spellings = [row[0].upper() for row in csv.reader(fh)][1:]
    assert [s for s in spellings for r in regencies if re.search(rf"\b{re.escape(r)}\b", s)] == []
    # occupations are ordinary words (a "Tukang Batu" is no regency): no Bengkayang, no Kalbar
    for name in ("sumber_dana.csv", "pekerjaan_sektor.csv"):
        text = (PACKAGE_DATA_DIR / name).read_text(encoding="utf-8").upper()
        assert "BENGKAYANG" not in text and "KALBAR" not in text, name
