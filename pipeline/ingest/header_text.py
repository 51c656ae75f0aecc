"""How header text is compared: the one header normaliser, and a header's words.

``normalise_header`` is the one normaliser of header text (case, spaces, separators and
format characters dropped): the header lookup, the repeated-header scan
(``loose_header_keys``, its Arrow form, looser still) and a data root's own spellings
(``kolom``) all go through it; a test fails if a second copy appears in ``pipeline/``.
A header's words (``header_words``) count the synonyms of a group as one word and may be
taken without filler words (CONTRACT §2); ``other_person`` says when they are about
another person than the worker. The declared fields are in ``fields``.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pyarrow as pa
import pyarrow.compute as pc

#: What may stand between the words of a header without telling two headers apart: spaces,
#: dots, underscores, slashes, brackets, dashes, colons, quotes, ``#`` and ``*``. Every
#: pattern below is built from it.
_SEPARATORS = r"\s._/\\()\[\]{}\-:'\"#*"
_NON_ALNUM = re.compile(f"[{_SEPARATORS}]+")


def _drop_format_chars(text: str) -> str:
    """Without format characters (Unicode category Cf: zero-width space, BOM, soft hyphen, bidi marks)."""
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def normalise_header(text: object) -> str:
    """Lower-case and drop spaces, dots, underscores, slashes, brackets and format characters.

    The one header normaliser: every reader (and the repeated-header test) uses it.
    """
    return _NON_ALNUM.sub("", _drop_format_chars(str(text or "")).strip().lower())


#: Words of one group count as the same word in a header (CONTRACT §2); the first names the group.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("tgl", "tanggal", "tangal"),
    ("mulai", "awal", "tmt", "start"),
    ("akhir", "selesai", "berakhir", "sd", "s/d", "sampai", "hingga", "end"),
    ("no", "nomor", "nomer", "nmr"),
    ("kode", "kd"),
    ("nama", "name"),
    ("iuran", "premi"),
    ("desa", "kelurahan", "kel"),
    ("pekerjaan", "profesi"),
)
#: Words a header may carry that name no field by themselves (CONTRACT §2).
FILLER_WORDS: tuple[str, ...] = ("kepesertaan", "masa", "periode", "berlaku")
#: Words that make a column about another person than the worker (the heir's NIK under a
#: group title ``Ahli Waris``, ``Nama Ibu Kandung``, ``NIK Pelapor``): such a column is not
#: the worker's field, whatever its other words say. Each entry is a set of words a header
#: (or the group title above it) holds all of; ``pewaris`` (the one who leaves an
#: inheritance: the deceased worker) is not among them.
OTHER_PERSON_WORDS: tuple[tuple[str, ...], ...] = (
    ("waris",),  # ahli waris
    ("ahliwaris",),
    ("penerima",),  # penerima manfaat, penerima kuasa
    ("pelapor",),
    ("ibu",),
    ("ayah",),
    ("suami",),
    ("istri",),
    ("isteri",),
    ("pasangan",),
    ("wali",),
    ("saksi",),
    ("perusahaan",),
    ("majikan",),
    ("pemberi", "kerja"),
    ("orang", "tua"),
    ("ortu",),
)
#: The fields that say who a person is: under a group title naming another person (``Ahli
#: Waris`` over ``NIK`` | ``Nama``) they are that person's. The others stay the row's own
#: (``Pembayaran ke Ahli Waris`` over ``Tgl Bayar`` | ``Nominal`` is the claim's payment).
IDENTITY_FIELDS: tuple[str, ...] = ("nik", "no_kpj", "nama", "tanggal_lahir", "jenis_kelamin")
#: Word sets that keep a header the worker's although an ``OTHER_PERSON_WORDS`` entry is in
#: it: ``Penerima Upah`` is the worker's segment (wage earner), not a recipient.
WORKER_PHRASES: tuple[tuple[str, ...], ...] = (("penerima", "upah"),)

_CANONICAL_WORD = {word.replace("/", ""): group[0] for group in SYNONYM_GROUPS for word in group}
# "s/d" (and "s.d.") is one word, "sampai dengan": kept whole before the split at slashes and dots.
_SAMPAI_DENGAN = re.compile(r"(?<![^\W_])s\s*[/.]\s*d(?![^\W_])\.?")
# Words split at the separators, and at other dashes, semicolons and commas too.
_WORD_SPLIT = re.compile(rf"[{_SEPARATORS}\u2010-\u2015;,]+")


def header_words(text: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A header's words, each synonym as its group's first word, sorted: (all of them, without filler).

    ``Tanggal Mulai Berlaku`` -> (``berlaku mulai tgl``, ``mulai tgl``); ``Berlaku s/d`` ->
    (``akhir berlaku``, ``akhir``).
    """
    return _header_words(str(text or ""))


@functools.lru_cache(maxsize=65_536)
def _header_words(raw: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = _SAMPAI_DENGAN.sub(" sd ", _drop_format_chars(raw).lower())
    words = [_CANONICAL_WORD.get(w, w) for w in _WORD_SPLIT.split(text) if w]
    full = tuple(sorted(words))
    return full, tuple(w for w in full if w not in FILLER_WORDS)


def other_person(text: object) -> str | None:
    """The words of ``text`` that make it about another person than the worker, or ``None``.

    ``NIK Ahli Waris`` -> ``"waris"``; ``Ahli Waris Nama`` -> ``"waris"``; ``Nama Ibu
    Kandung`` -> ``"ibu"``; ``Penerima Upah`` and ``Masa Kepesertaan`` -> ``None``.
    """
    return _other_person(str(text or ""))


@functools.lru_cache(maxsize=65_536)
def _other_person(raw: str) -> str | None:
    words = set(header_words(raw)[0])
    if not words:
        return None
    for phrase in WORKER_PHRASES:
        words -= set(phrase) if words >= set(phrase) else set()
    for phrase in OTHER_PERSON_WORDS:
        if words >= set(phrase):
            return " ".join(phrase)
    return None


#: Row-numbering columns every form has ("No", "No. Urut"): not data, so not noted as unknown.
NUMBERING_HEADERS = frozenset(("no", "nomor", "nourut", "nomorurut", "urut"))
_NUMBERING_WORDS = frozenset((("no",), ("no", "urut"), ("urut",)))


def is_numbering_header(text: object) -> bool:
    """A row-numbering column (``No``, ``No. Urut``, ``Nmr``): not data."""
    return normalise_header(text) in NUMBERING_HEADERS or header_words(text)[0] in _NUMBERING_WORDS


#: A unit in brackets: ``(Rp)``, ``[bulan]``.
_UNIT = r"[(\[][^()\[\]]*[)\]]"
_TRAILING_UNIT = re.compile(rf"\s*{_UNIT}\s*$")
_UNIT_ONLY = re.compile(rf"^\s*{_UNIT}\s*$")


def strip_unit(text: str) -> str:
    """The header without a trailing unit in brackets (``Iuran (Rp)`` -> ``Iuran``)."""
    return _TRAILING_UNIT.sub("", text)


def is_unit_only(text: object) -> bool:
    """A header cell holding a unit in brackets only (``(Rp)``): it belongs to the name above it."""
    return _UNIT_ONLY.match(str(text)) is not None


def header_keys(text: object) -> tuple[str, str]:
    """The header as typed and without a trailing unit in brackets (``Iuran (Rp)``), normalised."""
    return _header_keys(str(text or "").strip())


@functools.lru_cache(maxsize=65_536)
def _header_keys(raw: str) -> tuple[str, str]:
    # the header search tries every cell of the first rows at three depths: the same
    # few hundred texts, normalised once each
    return normalise_header(raw), normalise_header(strip_unit(raw))


# ``normalise_header``'s separators and more (every space and separator RE2 knows, format
# characters): text equal once normalised is equal once loosened, so no repeated header is
# missed by the scan; ``\p{L}``-style negated classes would cost milliseconds to compile.
_LOOSE_NOISE = rf"[{_SEPARATORS}\p{{Z}}\x{{1c}}-\x{{1f}}\x{{85}}\p{{Cf}}]+"


def loose_header_keys(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Text cells lower-cased, without ``normalise_header``'s separators and more, column-wise (Arrow).

    Looser than ``normalise_header``: two cells it makes equal are equal here too.
    """
    return pc.replace_substring_regex(pc.utf8_lower(values), _LOOSE_NOISE, "")
