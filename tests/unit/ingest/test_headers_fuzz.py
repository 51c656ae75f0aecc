"""Property-based fuzzing of header normalisation (issue 21): format characters change nothing.

Zero-width spaces, byte-order marks, soft hyphens and bidirectional marks (Unicode
category Cf) typed or pasted into a header, in any number and place, leave the header
naming the same field; case and the spaces around it do not matter either.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.fields import CLAIM_FIELDS, ENROLMENT_FIELDS
from pipeline.ingest.header_text import normalise_header
from pipeline.ingest.headers import header_lookup

FORMAT_CHARS = st.characters(categories=["Cf"])
#: (header, field) of every accepted header of enrolment and claims, and headers matched by words.
HEADERS = [
    *((v, f.name, ENROLMENT_FIELDS) for f in ENROLMENT_FIELDS for v in f.variants),
    *((v, f.name, CLAIM_FIELDS) for f in CLAIM_FIELDS for v in f.variants),
    ("Tgl Awal", "tgl_mulai", ENROLMENT_FIELDS),
    ("Berlaku s/d", "tgl_akhir", ENROLMENT_FIELDS),
    ("SELESAI", "tgl_akhir", ENROLMENT_FIELDS),
]


@st.composite
def sprinkled(draw, text: str) -> str:
    """``text`` with format characters put between (and around) its characters, in some case."""
    out = []
    for char in text:
        out.append("".join(draw(st.lists(FORMAT_CHARS, max_size=2))))
        out.append(char.upper() if draw(st.booleans()) else char.lower())
    out.append("".join(draw(st.lists(FORMAT_CHARS, max_size=2))))
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(HEADERS).flatmap(lambda h: st.tuples(st.just(h), sprinkled(h[0]))))
def test_format_characters_never_change_which_field_a_header_names(case):
    (_, field, fields), typed = case
    assert header_lookup(fields).name(typed).field == field, repr(typed)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.lists(st.tuples(st.integers(0, 30), FORMAT_CHARS), max_size=5))
def test_normalise_header_drops_every_format_character(text, marks):
    typed = text
    for at, mark in marks:
        typed = typed[:at] + mark + typed[at:]
    assert normalise_header(typed) == normalise_header(text)


#: Header cells an office might type: variants, words of the synonym groups, filler, junk.
CELLS = st.one_of(
    st.sampled_from([v for f in ENROLMENT_FIELDS for v in (f.name, *f.variants)]),
    st.lists(
        st.sampled_from(
            ["tgl", "tanggal", "awal", "s/d", "selesai", "masa", "iuran", "premi", "no", "kode", "desa"]
        ),
        min_size=1,
        max_size=3,
    ).map(" ".join),
    st.text(max_size=12),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(CELLS, CELLS.flatmap(lambda c: sprinkled(c) if c else st.just(c))), max_size=14))
def test_a_header_row_reads_each_field_from_one_column_and_notes_the_rest(cells):
    from pipeline.ingest.headers import match_columns

    lookup = header_lookup(ENROLMENT_FIELDS)
    found = match_columns(cells, lookup)
    # one column per field, each named by its own header; the others are second or ambiguous
    assert len(set(found.mapping.values())) == len(found.mapping)
    for pos, field in found.mapping.items():
        assert lookup.name(cells[pos]).field == field
    for pos, (field, winner) in found.second.items():
        assert found.mapping[winner] == field and lookup.name(cells[pos]).field == field
        assert (lookup.name(cells[winner]).rank, winner) < (lookup.name(cells[pos]).rank, pos)
    assert not set(found.mapping) & set(found.second) and not set(found.mapping) & set(found.ambiguous)
    for pos, options in found.ambiguous.items():
        assert len(options) >= 2 and lookup.name(cells[pos]).field is None
