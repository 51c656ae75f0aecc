"""Headers matched by their words (CONTRACT §2), kolom.csv spellings (§3.4a), missing columns (§3.7).

Hand-checkable header rows against the declared fields: what each column is read as,
which columns are noted instead, and what the accepted-headers document says.
"""

from __future__ import annotations

import pytest

from pipeline.__main__ import main
from pipeline.ingest.fields import (
    CLAIM_FIELDS,
    ENROLMENT_FIELDS,
    GAZETTEER_FIELDS,
    WORKFORCE_FIELDS,
    missing_columns,
    with_extra_variants,
)
from pipeline.ingest.header_rows import find_header
from pipeline.ingest.header_text import header_words, normalise_header
from pipeline.ingest.headers import closest_column, header_lookup, match_columns
from pipeline.outputs import dictionary, header_variants
from pipeline.outputs.fix_list import file_lines


def _named(header: str, fields=ENROLMENT_FIELDS) -> str | None:
    return header_lookup(fields).name(header).field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Tgl Awal", "tgl_mulai"),
        ("MULAI", "tgl_mulai"),
        ("Awal Kepesertaan", "tgl_mulai"),
        ("Tanggal Mulai Berlaku", "tgl_mulai"),
        ("TANGAL AWAL", "tgl_mulai"),
        ("Tgl. Start", "tgl_mulai"),
        ("Selesai", "tgl_akhir"),
        ("SELESAI", "tgl_akhir"),
        ("Akhir", "tgl_akhir"),
        ("Berakhir", "tgl_akhir"),
        ("Berlaku s/d", "tgl_akhir"),
        ("Berlaku S.D.", "tgl_akhir"),
        ("Tgl Selesai", "tgl_akhir"),
        ("Nmr KTP", "nik"),
        ("Kd Desa", "kode_desa"),
        ("Desa/Kel", "desa"),
        ("Profesi", "pekerjaan"),
        ("Premi", "iuran_bulanan"),
        ("Premi (Rp)", "iuran_bulanan"),
        ("Name", "nama"),
    ],
)
def test_headers_match_by_their_words(header, field):
    assert _named(header) == field


def test_s_slash_d_is_one_word_not_s_and_d():
    assert header_words("Berlaku s/d") == (("akhir", "berlaku"), ("akhir",))
    assert header_words("Tgl S/D") == (("akhir", "tgl"), ("akhir", "tgl"))
    assert _named("Tgl s/d") == "tgl_akhir"
    # an s or a d of another word is not "s/d"
    assert header_words("Kades/Desa")[0] == ("desa", "kades")


@pytest.mark.parametrize(
    ("header", "field", "fields"),
    [
        ("Masa Iuran", "lama_iuran_bulan", ENROLMENT_FIELDS),
        ("Masa Premi", "lama_iuran_bulan", ENROLMENT_FIELDS),
        ("Iuran", "iuran_bulanan", ENROLMENT_FIELDS),
        ("Iuran/Bulan", "iuran_bulanan", ENROLMENT_FIELDS),
        ("No", None, ENROLMENT_FIELDS),
        ("Nomor", None, ENROLMENT_FIELDS),
        ("Kode", None, ENROLMENT_FIELDS),
        ("Tanggal", None, ENROLMENT_FIELDS),
        ("Masa Berlaku", None, ENROLMENT_FIELDS),
        ("Kode", "kode", GAZETTEER_FIELDS),
        ("Kode", "kode_wilayah", WORKFORCE_FIELDS),
        ("Tgl Lahir", "tanggal_lahir", ENROLMENT_FIELDS),
        ("No Klaim", "no_klaim", CLAIM_FIELDS),
        ("Tanggal Klaim", "tgl_pengajuan", CLAIM_FIELDS),
    ],
)
def test_word_matching_steals_no_column(header, field, fields):
    assert _named(header, fields) == field


def test_every_shipped_variant_still_names_its_own_field():
    from pipeline.ingest import fields as module

    for group in vars(module).values():
        if isinstance(group, tuple) and group and all(isinstance(f, module.Field) for f in group):
            lookup = header_lookup(group)
            for f in group:
                for variant in (f.name, *f.variants, *(v.upper() for v in f.variants)):
                    assert lookup.name(variant).field == f.name, variant


def test_a_header_whose_words_name_two_fields_is_ambiguous_and_not_read():
    lookup = header_lookup(ENROLMENT_FIELDS)
    assert lookup.name("Periode Iuran").ambiguous == ("iuran_bulanan", "lama_iuran_bulan")
    found = match_columns(["NIK", "Nama", "Periode Iuran"], lookup)
    assert found.mapping == {0: "nik", 1: "nama"}
    assert found.ambiguous == {2: ("iuran_bulanan", "lama_iuran_bulan")}


def test_of_two_columns_for_one_field_the_earlier_variant_is_read():
    lookup = header_lookup(ENROLMENT_FIELDS)
    found = match_columns(["NIK", "Sektor", "Pekerjaan"], lookup)
    assert found.mapping == {0: "nik", 2: "pekerjaan"}
    assert found.second == {1: ("pekerjaan", 2)}
    # an exact variant comes before a header matched by its words, wherever it stands
    found = match_columns(["Awal", "Nama", "Tgl Mulai"], lookup)
    assert found.mapping == {1: "nama", 2: "tgl_mulai"}
    assert found.second == {0: ("tgl_mulai", 2)}


@pytest.mark.parametrize("mark", ["\u200b", "\ufeff", "\u00ad", "\u200e", "\u202e", "\u2060", "\u2066"])
def test_format_characters_in_a_header_are_ignored(mark):
    assert normalise_header(f"Iu{mark}ran") == "iuran"
    assert _named(f"{mark}Iu{mark}ran") == "iuran_bulanan"
    assert _named(f"Tgl{mark} Awal") == "tgl_mulai"


def test_tanggal_merged_over_mulai_and_berakhir():
    lookup = header_lookup(ENROLMENT_FIELDS)
    rows = [
        ["NIK", "Nama", "Tanggal", None, None, "Kode Desa"],
        [None, None, "Mulai", "Berakhir", "Lahir", None],
    ]
    first, depth, found, names = find_header(rows, lookup, {"nik"})
    assert (first, depth) == (0, 2)
    assert found.mapping == {
        0: "nik",
        1: "nama",
        2: "tgl_mulai",
        3: "tgl_akhir",
        4: "tanggal_lahir",
        5: "kode_desa",
    }
    assert names[4] == "Tanggal Lahir"
    rows = [["NIK", "Nama", "Masa Kepesertaan", None], [None, None, "Tgl Mulai", "Tgl Akhir"]]
    assert find_header(rows, lookup, {"nik"})[2].mapping == {
        0: "nik",
        1: "nama",
        2: "tgl_mulai",
        3: "tgl_akhir",
    }


def test_missing_required_columns_and_their_alternatives():
    have = {"nik", "nama", "kode_desa", "pekerjaan", "sumber_dana", "tgl_mulai", "lama_iuran_bulan"}
    assert missing_columns(ENROLMENT_FIELDS, have) == []
    assert [m for m, _ in missing_columns(ENROLMENT_FIELDS, have - {"tgl_mulai"})] == ["tgl_mulai"]
    # desa without kecamatan and no kode_desa: kecamatan is what is missing
    assert [m for m, _ in missing_columns(ENROLMENT_FIELDS, have - {"kode_desa"} | {"desa"})] == ["kecamatan"]
    assert [m for m, _ in missing_columns(ENROLMENT_FIELDS, have - {"lama_iuran_bulan"})] == ["tgl_akhir"]
    assert missing_columns(CLAIM_FIELDS, {"no_klaim", "no_kpj", "program"}) == []
    assert [m for m, _ in missing_columns(CLAIM_FIELDS, {"no_klaim", "program"})] == ["nik"]


def test_the_closest_column_of_a_missing_field():
    columns = ["No", "Keterangan", "Awal Kerja", "Alamat"]
    assert closest_column(columns, ENROLMENT_FIELDS, "tgl_mulai") == "Awal Kerja"
    assert closest_column(["Tgl Mulia"], ENROLMENT_FIELDS, "tgl_mulai") == "Tgl Mulia"
    assert closest_column(["No", "Alamat"], ENROLMENT_FIELDS, "tgl_mulai") is None
    # a generic word shared ("tgl") or letters half alike do not make a column the closest
    assert closest_column(["Tgl Kejadian", "No Klaim"], ENROLMENT_FIELDS, "tgl_mulai") is None
    assert closest_column(["Tgl Kejadian", "No Klaim"], ENROLMENT_FIELDS, "pekerjaan") is None
    assert closest_column(["Nama Pekerja"], ENROLMENT_FIELDS, "nama") == "Nama Pekerja"


def test_kolom_spellings_add_to_the_variants_and_win_over_another_field():
    fields = with_extra_variants(ENROLMENT_FIELDS, (("Awal Kerja", "tgl_mulai"), ("Sektor", "sumber_dana")))
    lookup = header_lookup(fields)
    assert lookup.name("Awal Kerja").field == "tgl_mulai"
    assert lookup.name("Sektor").field == "sumber_dana"
    assert lookup.name("Pekerjaan").field == "pekerjaan"
    assert lookup.name("Tgl Mulai").field == "tgl_mulai"
    # the shipped list is unchanged
    assert header_lookup(ENROLMENT_FIELDS).name("Awal Kerja").field is None


def test_the_fix_list_says_a_missing_column_once_at_the_top():
    def row(sheet, number, field, kind, code, value=None, count=None):
        return {
            "sheet": sheet,
            "row_number": number,
            "field": field,
            "line_kind": kind,
            "code": code,
            "value_as_typed": value,
            "message": "m",
            "row_count": count,
        }

    rows = [
        row("Babulu", 5, "nik", "rejected", "invalid_nik", "123"),
        *(row("Waru", n, "tgl_mulai", "rejected", "missing_column") for n in range(5, 105)),
        row("Waru", None, "tgl_mulai", "note", "missing_column", "Awal Kerja", 100),
    ]
    lines = file_lines(rows)
    assert len(lines) == 2
    assert (lines[0].sheet, lines[0].column, lines[0].value) == ("Waru", "Tgl Mulai", "Awal Kerja")
    assert 'Ganti judul kolom "Awal Kerja" menjadi "Tgl Mulai"' in lines[0].reason
    assert "Awal Kerja,tgl_mulai" in lines[0].reason and "100 baris" in lines[0].reason
    assert lines[1].row_number == 5


def test_committed_header_document_is_what_the_fields_generate():
    assert header_variants.HEADERS_PATH.read_text(encoding="utf-8") == header_variants.render(), (
        "docs/header_variants.md is stale: run `python -m pipeline dictionary` and commit it"
    )
    text = header_variants.render()
    for f in ENROLMENT_FIELDS:
        assert f"`{f.name}`" in text and all(f"`{v}`" in text for v in f.variants)
    assert "`Tgl Awal` | `tgl_mulai`" in text and "`Berlaku s/d` | `tgl_akhir`" in text
    assert "reference/kolom.csv" in text


def test_cli_check_fails_on_a_stale_header_document(tmp_path, monkeypatch, capsys):
    path = tmp_path / "header_variants.md"
    monkeypatch.setattr(header_variants, "HEADERS_PATH", path)
    monkeypatch.setattr(dictionary, "DICTIONARY_PATH", tmp_path / "data_dictionary.md")
    assert main(["dictionary", "--check"]) == 1
    assert "header_variants.md is out of date" in capsys.readouterr().err
    assert main(["dictionary"]) == 0
    assert path.read_text(encoding="utf-8") == header_variants.render()
    assert main(["dictionary", "--check"]) == 0
