"""The accepted column headers ``docs/header_variants.md``, generated from ``pipeline/ingest/fields.py``.

``python -m pipeline dictionary`` writes it beside the data dictionary; ``--check`` and a
test fail when the committed file differs from what the fields generate, so what the
readers accept and what users read cannot drift apart.
"""

from __future__ import annotations

from pipeline.core.markdown import markdown_table
from pipeline.ingest import fields as f
from pipeline.ingest import header_text
from pipeline.ingest.containers import HEADER_SEARCH_ROWS
from pipeline.ingest.headers import header_lookup
from pipeline.settings import REPO_ROOT

HEADERS_PATH = REPO_ROOT / "docs" / "header_variants.md"

#: Each input's fields, with where the file lives.
_INPUTS: tuple[tuple[str, tuple[f.Field, ...]], ...] = (
    ("Enrolment — `raw/enrolment/*`", f.ENROLMENT_FIELDS),
    ("Claims — `raw/claims/*`", f.CLAIM_FIELDS),
    ("Gazetteer — `raw/reference/wilayah.*`", f.GAZETTEER_FIELDS),
    ("Workforce denominators — `raw/reference/angkatan_kerja.*`", f.WORKFORCE_FIELDS),
    ("Targets — `raw/reference/target.*`", f.TARGET_FIELDS),
    ("Coverage-rate targets — `raw/reference/target_ucj.*`", f.UCJ_TARGET_FIELDS),
    ("Budgets — `raw/reference/anggaran.*`", f.BUDGET_FIELDS),
    ("Directives — `raw/reference/arahan.*`", f.DIRECTIVE_FIELDS),
    ("Occupation mapping — `raw/reference/pekerjaan_sektor.csv`", f.OCCUPATION_MAP_FIELDS),
    ("Funding mapping — `raw/reference/sumber_dana.csv`", f.FUNDING_MAP_FIELDS),
    ("Header spellings — `raw/reference/kolom.csv`", f.KOLOM_FIELDS),
)

#: Headers as offices type them, read by their words: the document shows what the reader makes of them.
_WORD_EXAMPLES = (
    "Tgl Awal",
    "MULAI",
    "Awal Kepesertaan",
    "Tanggal Mulai Berlaku",
    "SELESAI",
    "Akhir",
    "Berlaku s/d",
    "Premi",
    "Kd Desa",
    "Profesi",
    "Periode Iuran",
    "No",
)


def _required(fields: tuple[f.Field, ...], field: f.Field) -> str:
    if field.required is True:
        return "yes"
    if not field.required:
        return "no"
    for alternatives in f.required_alternatives(fields):
        if any(field.name in alt for alt in alternatives):
            return "one of: " + "; ".join(" and ".join(f"`{n}`" for n in alt) for alt in alternatives)
    return "no"


def _variants(field: f.Field) -> str:
    return ", ".join(f"`{v}`" for v in (*field.variants, field.name))


def _input_section(title: str, fields: tuple[f.Field, ...]) -> list[str]:
    rows = [(f"`{x.name}`", _required(fields, x), _variants(x)) for x in fields]
    return [f"### {title}", "", markdown_table(["field", "required", "accepted headers, in order"], rows), ""]


def _examples() -> list[str]:
    lookup = header_lookup(f.ENROLMENT_FIELDS)
    rows = []
    for header in _WORD_EXAMPLES:
        named = lookup.name(header)
        if named.field:
            outcome = f"`{named.field}`"
        elif named.ambiguous:
            outcome = "ambiguous (" + " or ".join(f"`{n}`" for n in named.ambiguous) + "): noted, not read"
        else:
            outcome = "no field"
        rows.append((f"`{header}`", outcome))
    return [markdown_table(["header in an enrolment file", "read as"], rows), ""]


def render() -> str:
    """The whole document as Markdown; a pure function of ``pipeline/ingest/fields.py``."""
    synonyms = [(", ".join(f"`{w}`" for w in group), f"`{group[0]}`") for group in header_text.SYNONYM_GROUPS]
    lines = [
        "# Accepted column headers",
        "",
        "<!-- Generated from pipeline/ingest/fields.py by `python -m pipeline dictionary`: "
        "do not edit by hand. -->",
        "",
        "Which column headers each input file may use, and how a header the lists do not hold "
        "is read. The header row is looked for among the first "
        f"{HEADER_SEARCH_ROWS} rows of every sheet; a header "
        "may span two or three rows where a group title is merged over sub-columns (`Masa "
        "Kepesertaan` over `Tgl Mulai` | `Tgl Akhir`, `Tanggal` over `Mulai` | `Berakhir`).",
        "",
        "## How a header is matched",
        "",
        "1. Case, spaces, dots, underscores, slashes, dashes, brackets and invisible format "
        "characters (zero-width spaces, byte-order marks, soft hyphens, direction marks) are "
        "ignored, and so is a trailing unit in brackets (`Iuran (Rp)`). A header equal to one of "
        "a field's accepted headers below, or to the field's own name, names that field.",
        "2. Otherwise the header's words (split at spaces, dots, slashes, dashes and underscores; "
        "`s/d` is one word) are compared, each word of a synonym group counting as the group's "
        "first word: equal words name the field.",
        "3. Otherwise the same, with the filler words dropped on both sides.",
        "",
        "A header whose words name two fields is ambiguous: it is noted and not read. Where two "
        "columns name the same field, the one whose header comes earlier in the field's list "
        "(exact headers, then headers matched by words) is read and the other is noted. A column "
        "no field knows is noted; a row-numbering column (`No`, `No. Urut`) is not.",
        "",
        "A sheet whose header lacks a column for a required field is not read: each of its rows "
        "is rejected with `missing_column`, and one note names the file, the sheet, the missing "
        "field, the sheet's columns and the closest of them, with what to rename or what to add "
        "to `reference/kolom.csv`.",
        "",
        "### Synonym groups",
        "",
        markdown_table(["words", "count as"], synonyms),
        "",
        "### Filler words",
        "",
        ", ".join(f"`{w}`" for w in header_text.FILLER_WORDS) + ": dropped in step 3.",
        "",
        "### Another person's columns",
        "",
        "A column whose group title, or whose own words, hold "
        + ", ".join(f"`{' '.join(p)}`" for p in header_text.OTHER_PERSON_WORDS)
        + " is about another person than the worker (the heir's `NIK` under a merged "
        "`Ahli Waris` title, `NIK Pelapor`, `Nama Ibu Kandung`): it names no field, and is noted "
        "and not read. Under such a title the columns of "
        + ", ".join(f"`{n}`" for n in header_text.IDENTITY_FIELDS)
        + " and those naming no field are the other person's; any other field's column stays "
        "the row's own (`Tgl Bayar` and `Nominal` under `Pembayaran ke Ahli Waris`). A header's "
        "own words do not count when it is one of the accepted headers below or a "
        "`reference/kolom.csv` spelling as typed; "
        + ", ".join(f"`{' '.join(p)}`" for p in header_text.WORKER_PHRASES)
        + " is the worker's.",
        "",
        "### Examples",
        "",
        *_examples(),
        "## A data root's own spellings — `reference/kolom.csv`",
        "",
        "Optional. Columns `kolom,field`: a header as the data root's offices type it, and the "
        "field it names (a field of enrolment or claims below). Its spellings add to the lists "
        "below for every enrolment and claim file of the data root; a spelling that is also "
        "another field's header names the field `kolom.csv` gives. A row naming no known field "
        "is ignored with a note naming the file and row. A spelling given two fields of one "
        "input (`Tanggal,tgl_mulai` and `Tanggal,tgl_akhir`) is ignored in every row that gives "
        "it, with a note naming the rows and fields: a header so spelled is matched as if "
        "`kolom.csv` did not have it (an exact repeat of a row counts once).",
        "",
        "```",
        "kolom,field",
        "Awal Kerja,tgl_mulai",
        "Habis Berlaku,tgl_akhir",
        "```",
        "",
        "## Accepted headers of each input",
        "",
    ]
    for title, fields in _INPUTS:
        lines += _input_section(title, fields)
    return "\n".join(lines).rstrip("\n") + "\n"
