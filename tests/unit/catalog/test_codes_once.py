"""Every shared code is defined once, in ``pipeline.catalog.codes``: a second definition fails here.

LAINNYA, the age bands and the sector names may not be written out again in ``pipeline/``
(Python string constants) or ``sql/`` (SQL string literals; comments may name them). A
single funding code may be used (a rule about CSR), but three or more in one string or
file are a second list of them; so are two age bands in one string. The SQL reads the
codes through the macros made from the catalog; the report's Indonesian labels must cover
exactly the catalog's codes. ``pipeline/sample/`` is left out: it writes the sample's raw
input files, whose codes are data.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import duckdb
import pytest

from pipeline.catalog import codes
from pipeline.core.sql import define_macros
from pipeline.settings import REPO_ROOT, SQL_DIR

PACKAGE = REPO_ROOT / "pipeline"
CODES_MODULE = PACKAGE / "catalog" / "codes.py"
#: The values that must appear nowhere else as a string of their own.
SINGLE = {
    codes.UNMAPPED,
    *codes.AGE_BAND_LABELS,
    *(name for _, name in codes.SECTORS),
    codes.UNMAPPED_SECTOR_NAME,
}
#: Lists: so many of these in one string (or funding codes in one file) are a second list.
LISTS = {"funding codes": (codes.FUNDING_CODES, 3), "age bands": (codes.AGE_BAND_LABELS, 2)}
_SQL_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_SQL_STRING = re.compile(r"'((?:[^']|'')*)'")


def _listing(text: str) -> str | None:
    """The list ``text`` writes out (two or more of its codes), if any."""
    for what, (values, at_least) in LISTS.items():
        found = [v for v in values if re.search(rf"(?<![\w<-]){re.escape(v)}(?![\w+-])", text)]
        if len(found) >= at_least:
            return f"{what} {found}"
    return None


def _offences(strings: list[str]) -> list[str]:
    """Strings that are a code of their own, or list codes; three funding codes among them."""
    out = []
    for text in strings:
        listing = _listing(text)
        if text in SINGLE:
            out.append(repr(text))
        elif listing:
            out.append(f"{listing} in {text[:80]!r}")
    funding = sorted({s for s in strings if s in codes.FUNDING_CODES})
    if len(funding) >= LISTS["funding codes"][1]:
        out.append(f"funding codes {funding}")
    return out


def sql_offences(sql: str) -> list[str]:
    """What the string literals of a SQL text (comments left out) define again."""
    code = _SQL_COMMENT.sub(" ", sql)
    return _offences([m.group(1).replace("''", "'") for m in _SQL_STRING.finditer(code)])


def python_offences(source: str) -> list[str]:
    """What the string constants of a Python module (docstrings too) define again."""
    return _offences(
        [
            n.value
            for n in ast.walk(ast.parse(source))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        ]
    )


def _sql_files() -> list[Path]:
    return sorted(SQL_DIR.rglob("*.sql"))


def _python_files() -> list[Path]:
    sample = PACKAGE / "sample"
    return sorted(p for p in PACKAGE.rglob("*.py") if p != CODES_MODULE and sample not in p.parents)


@pytest.mark.parametrize("path", _sql_files(), ids=lambda p: str(p.relative_to(SQL_DIR)))
def test_no_sql_file_writes_a_code_out_again(path):
    assert sql_offences(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_writes_a_code_out_again(path):
    assert python_offences(path.read_text(encoding="utf-8")) == []


def test_the_json_texts_list_no_codes_of_their_own():
    for path in sorted(PACKAGE.rglob("*.json")):
        texts = json.loads(path.read_text(encoding="utf-8"))
        assert [v for v in _strings(texts) if _listing(v)] == [], path


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_the_checks_catch_a_second_definition():
    """The detectors above can fail: each kind of second definition is found."""
    assert sql_offences("select coalesce(x, 'LAINNYA') -- 'LAINNYA' in a comment is fine") == ["'LAINNYA'"]
    assert sql_offences("select unnest(['<25', '25-39', '40-54', '55+'])") != []
    assert sql_offences("where f in ('APBD_KAB', 'APBD_PROV', 'DANA_DESA')") != []
    assert sql_offences("where funding_source = 'CSR'") == []  # one code: a rule, not a list
    assert sql_offences("-- APBD_KAB, APBD_PROV, CSR\nselect unmapped_code()") == []
    assert python_offences('X = ("APBD_KAB", "CSR", "BAZNAS")') == [
        "funding codes ['APBD_KAB', 'BAZNAS', 'CSR']"
    ]
    assert python_offences('T = "one of APBD_KAB, CSR or MANDIRI."') != []
    assert python_offences('U = "LAINNYA"') == ["'LAINNYA'"]
    assert python_offences('T = "a funding code, LAINNYA when unmapped"') == []
    assert python_offences('T = "aged 25-39 or 40-54"') != []
    assert _listing("sumber dana salah satu dari {funding_codes}.") is None


def test_the_macros_bring_the_codes_into_sql():
    con = duckdb.connect()
    define_macros(con)
    assert con.sql("select unmapped_code()").fetchall() == [(codes.UNMAPPED,)]
    bands = [r[0] for r in con.sql("select age_band from age_bands() order by band_order").fetchall()]
    assert bands == list(codes.AGE_BAND_LABELS)
    ages = [0, 24, 25, 39, 40, 54, 55, 99]
    got = [con.execute("select age_band($a)", {"a": a}).fetchall()[0][0] for a in ages]
    assert got == ["<25", "<25", "25-39", "25-39", "40-54", "40-54", "55+", "55+"]
    sectors = dict(con.sql("select * from sector_names()").fetchall())
    assert sectors == {**dict(codes.SECTORS), codes.UNMAPPED: codes.UNMAPPED_SECTOR_NAME}
    public = [r[0] for r in con.sql("select funding_source from funding_codes() where is_public").fetchall()]
    assert public == list(codes.PUBLIC_FUNDING_CODES)
    assert len(con.sql("select * from funding_codes()").fetchall()) == len(codes.FUNDING_CODES)


def test_every_known_funding_source_has_its_spelling():
    assert list(codes.FUNDING_SPELLINGS) == [c for c in codes.FUNDING_CODES if c != codes.UNMAPPED]


def test_the_reports_labels_cover_exactly_the_catalogs_codes():
    messages = json.loads((PACKAGE / "report" / "messages_id.json").read_text(encoding="utf-8"))

    def labelled(prefix: str) -> set[str]:
        """The codes (upper case) with a label ``prefix + code``."""
        suffixes = (k.removeprefix(prefix) for k in messages if k.startswith(prefix))
        return {s for s in suffixes if re.fullmatch(r"[A-Z_]+", s)}

    assert labelled("funding.") == set(codes.FUNDING_CODES)
    assert labelled("kbli.") == {*codes.SECTOR_CODES, codes.UNMAPPED}
    bands = {k.removeprefix("sexage.band.") for k in messages if k.startswith("sexage.band.")}
    assert bands == set(codes.AGE_BAND_LABELS)
