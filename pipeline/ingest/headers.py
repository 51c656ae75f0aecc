"""Which field a column header names (CONTRACT §2 "match by words", §3.4a).

A header equal to a listed variant or the canonical name (``normalise_header``, with or
without a trailing unit in brackets) names that field. Otherwise its words are compared
(``header_text.header_words``: synonyms as one word): first all of them with the words of
each variant, then without the filler words (``kepesertaan``, ``masa``, ...). Equal
words name that field; words that name two fields make the header ambiguous, and it is
not read. Where two columns name one field, the one whose header comes earlier in the
field's list (exact variants, then word matches) is read. A column whose group title, or
whose own words (unless it is a listed spelling as typed), name another person than the
worker (``header_text.OTHER_PERSON_WORDS``: the heir's ``NIK`` under ``Ahli Waris``) is no
field of the worker's: it is not read (under a title, only the identity fields'
columns and those naming nothing: ``header_text.IDENTITY_FIELDS``).
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field

from pipeline.ingest.fields import Field
from pipeline.ingest.header_text import (
    IDENTITY_FIELDS,
    header_keys,
    header_words,
    is_numbering_header,
    other_person,
    strip_unit,
)

# Ranks: an exact variant by its place in the list, then a match of all words, then of the
# words without filler (the variant the words matched gives the place within each).
_ALL_WORDS, _WITHOUT_FILLER = 1_000, 2_000


@dataclass(frozen=True)
class Named:
    """What one header cell names: a field and its rank, or the fields it could name."""

    field: str | None = None
    rank: int = 0
    ambiguous: tuple[str, ...] = ()


_NOTHING = Named()


class HeaderLookup:
    """The headers a tuple of fields accepts: exact variants and the words of each."""

    def __init__(self, fields: tuple[Field, ...]) -> None:
        self.fields = fields
        self.exact: dict[str, tuple[str, int]] = {}
        self.all_words: dict[tuple[str, ...], dict[str, int]] = {}
        self.without_filler: dict[tuple[str, ...], dict[str, int]] = {}
        for f in fields:
            # the canonical name last: it is how a Parquet export spells the field
            for i, variant in enumerate((*f.variants, f.name)):
                key = header_keys(variant)[0]
                if key:
                    self.exact.setdefault(key, (f.name, i))
                every, kept = header_words(variant)
                for table, words in ((self.all_words, every), (self.without_filler, kept)):
                    if words:
                        table.setdefault(words, {}).setdefault(f.name, i)
        self._seen: dict[str, Named] = {}

    def name(self, cell: object) -> Named:
        """The field ``cell`` names, if any (``Named.ambiguous`` when its words name several)."""
        text = str(cell or "").strip()
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = self._name(text) if text else _NOTHING
        return found

    def _name(self, text: str) -> Named:
        for key in header_keys(text):
            if key in self.exact:
                fname, rank = self.exact[key]
                return Named(fname, rank)
        bare = strip_unit(text)
        for table, offset, which in (
            (self.all_words, _ALL_WORDS, 0),
            (self.without_filler, _WITHOUT_FILLER, 1),
        ):
            for variant in dict.fromkeys((text, bare)):
                words = header_words(variant)[which]
                hits = table.get(words) if words else None
                if hits and len(hits) == 1:
                    ((fname, rank),) = hits.items()
                    return Named(fname, offset + rank)
                if hits:
                    return Named(ambiguous=tuple(sorted(hits)))
        return _NOTHING


@functools.lru_cache(maxsize=64)
def header_lookup(fields: tuple[Field, ...]) -> HeaderLookup:
    """The headers ``fields`` accept (built once per tuple of fields)."""
    return HeaderLookup(fields)


@dataclass
class HeaderMatch:
    """A header row read against the fields: which column is read as which field, and why not the others."""

    mapping: dict[int, str] = field(default_factory=dict)
    #: column -> (field it also names, the column read for that field)
    second: dict[int, tuple[str, int]] = field(default_factory=dict)
    #: column -> the fields its words name
    ambiguous: dict[int, tuple[str, ...]] = field(default_factory=dict)
    #: column -> the header text that named it where it is not the cell itself (a group title joined)
    titled: dict[int, str] = field(default_factory=dict)
    #: column -> the words that make it about another person than the worker (``waris``)
    other: dict[int, str] = field(default_factory=dict)
    #: column -> the field its sub-column would name were it the worker's (the heir's ``NIK``)
    other_fields: dict[int, str] = field(default_factory=dict)

    def recognised(self) -> int:
        """How many columns the header recognises: the fields read and the other person's."""
        return len(self.mapping) + len(self.other_fields)


def match_columns(
    cells: list[str | None], lookup: HeaderLookup, titled: list[str | None] | None = None
) -> HeaderMatch:
    """Column position -> canonical field, the earlier variant winning where two columns name one field.

    ``titled``: per column the cell joined to the group title merged above it (``Tanggal``
    over ``Lahir``), tried where the cell alone names nothing. A column about another
    person than the worker (its title's words or its own, ``header_text.other_person``) names
    no field: it is in ``HeaderMatch.other``.
    """
    found = HeaderMatch()
    by_field: dict[str, list[tuple[int, int]]] = {}
    for pos, cell in enumerate(cells):
        named = lookup.name(cell)
        title = titled[pos] if titled and pos < len(titled) and titled[pos] else None
        own = other_person(cell)
        # a group title naming another person makes the identity sub-columns under it theirs
        # (the heir's NIK and Nama; the claim's Nominal stays the claim's); the column's own
        # words do unless the header is a listed spelling as typed (kolom.csv's own)
        person = other_person(title) if title and not own else None
        if person is not None and named.field is not None and named.field not in IDENTITY_FIELDS:
            person = None
        if person is None and own and not (named.field is not None and named.rank < _ALL_WORDS):
            person = own
        if person is not None:
            found.other[pos] = person
            if title:
                found.titled[pos] = str(title)
            if named.field is not None:
                found.other_fields[pos] = named.field
            continue
        if named.field is None and title:
            joined = lookup.name(titled[pos])
            if joined.field is not None:
                named = joined
                found.titled[pos] = str(titled[pos])
        if named.field is not None:
            by_field.setdefault(named.field, []).append((named.rank, pos))
        elif named.ambiguous:
            found.ambiguous[pos] = named.ambiguous
    for fname, ranked in by_field.items():
        ranked.sort()
        winner = ranked[0][1]
        found.mapping[winner] = fname
        for _, pos in ranked[1:]:
            found.second[pos] = (fname, winner)
    found.mapping = dict(sorted(found.mapping.items()))
    return found


def match_header(cells: list[str | None], lookup: HeaderLookup) -> dict[int, str]:
    """Column position -> canonical field for the cells that name a declared field."""
    return match_columns(cells, lookup).mapping


def closest_column(columns: list[str], fields: tuple[Field, ...], wanted: str) -> str | None:
    """Of ``columns`` (headers as typed), the one most like a header of field ``wanted``."""
    found = closest_of(columns, fields, (wanted,))
    return found[0] if found else None


def closest_of(
    columns: list[str], fields: tuple[Field, ...], wanted: tuple[str, ...]
) -> tuple[str, str] | None:
    """Of ``columns`` (headers as typed), the one most like a header of one of the fields ``wanted``.

    Alike by letters (``difflib`` over normalised headers, 70 % alike: a typing slip such
    as ``Tgl Mulia``) or by the words that say what the column holds (synonyms as one
    word, filler and generic words such as ``tgl`` dropped, a third of them shared:
    ``Awal Kerja``); (column, field), or ``None`` when none is. The first field wins a tie.
    """
    best, best_score = None, 0.0
    for target in (f for name in wanted for f in fields if f.name == name):
        variants = [(header_keys(v)[1], _telling(v)) for v in (*target.variants, target.name)]
        for column in columns:
            key, words = header_keys(column)[1], _telling(strip_unit(column))
            if not key or is_numbering_header(column):
                continue
            score = 0.0
            for v_key, v_words in variants:
                letters = difflib.SequenceMatcher(None, key, v_key).ratio()
                shared = len(words & v_words) / len(words | v_words) if words | v_words else 0.0
                score = max(score, letters if letters >= 0.7 else 0.0, shared if shared >= 1 / 3 else 0.0)
            if score > best_score:
                best, best_score = (column, target.name), score
    return best


#: Words too general to say which field a column is (a date, a number, a code of something).
_GENERIC_WORDS = frozenset(("tgl", "no", "kode", "jenis", "jumlah"))


def _telling(header: str) -> set[str]:
    return set(header_words(header)[1]) - _GENERIC_WORDS
