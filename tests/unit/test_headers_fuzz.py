"""Property-based fuzzing of header normalisation (issue 21): format characters change nothing.

Zero-width spaces, byte-order marks, soft hyphens and bidirectional marks (Unicode
category Cf) typed or pasted into a header, in any number and place, leave the header
naming the same field; case and the spaces around it do not matter either.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.fields import CLAIM_FIELDS, ENROLMENT_FIELDS, normalise_header
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
