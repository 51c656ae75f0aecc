"""Issue 20 (layout, 20.6): every report fixture — the sample regency, the city and a regency
with kecamatan denominators and a regency quota (64.09), and one the other way round
(the workforce for the regency only, targets and quotas by kecamatan) — renders with no word outside the
page's content box and no heading as the last block of a page, and the village section
reads right whatever level its denominators and targets are set at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pipeline.report.config import Messages
from pipeline.report.context import build_report, list_scopes
from pipeline.report.render import render_html, render_pdf
from tests.fixtures.report_db import CITY, KECAMATAN, MIXED, SMALL, build_report_db_file
from tests.integration.report_layout import (
    alone_on_last_page,
    headings,
    overlapping_words,
    pages,
    stranded_headings,
    words_outside,
)

MONTH = dt.date(2025, 9, 1)
FIXTURES = {"sample": SMALL, "city": CITY, "kecamatan": KECAMATAN, "mixed": MIXED}


_RENDERED: dict[str, dict] = {}


def _render(name: str, tmp_path_factory) -> dict:
    """The fixture's regency report, rendered once for the module."""
    if name not in _RENDERED:
        out = tmp_path_factory.mktemp(name)
        db = build_report_db_file(out / "coverage.duckdb", FIXTURES[name])
        con = duckdb.connect(str(db), read_only=True)
        try:
            (scope,) = [s for s in list_scopes(con, MONTH) if s.level == "regency"]
            content = build_report(con, scope, MONTH)
            pdf = out / content.filename
            pdf.write_bytes(render_pdf(content)[0])
            _RENDERED[name] = {"name": name, "pdf": pdf, "headings": headings(render_html(content))}
        finally:
            con.close()
    return _RENDERED[name]


@pytest.fixture(scope="module", params=sorted(FIXTURES))
def rendered(request, tmp_path_factory):
    return _render(request.param, tmp_path_factory)


def test_no_word_outside_the_content_box(rendered):
    outside = words_outside(pages(rendered["pdf"]))
    assert not outside, [(w.page, w.text, round(w.x_max)) for w in outside]


def test_no_word_runs_into_another(rendered):
    pairs = overlapping_words(pages(rendered["pdf"]))
    assert not pairs, [(a.page, a.text, b.text) for a, b in pairs]


def test_no_heading_is_the_last_block_of_a_page(rendered):
    all_pages = pages(rendered["pdf"])
    assert rendered["headings"]
    assert not stranded_headings(all_pages, rendered["headings"])


def test_the_approval_block_is_never_alone_on_the_last_page(rendered):
    """The signatures sit under the report's last rows, never on a page of their own."""
    assert not alone_on_last_page(pages(rendered["pdf"]), Messages.load()("approval.title"))


def _text(pdf: Path) -> str:
    import subprocess

    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(out.replace("\xa0", " ").split())


def test_kecamatan_denominators_and_a_regency_quota_read_right(tmp_path_factory):
    text = _text(_render("kecamatan", tmp_path_factory)["pdf"])
    start = text.index("4. Desa/Kelurahan yang Perlu Perhatian", text.index("1. Ringkasan Eksekutif Peserta"))
    village = text[start : text.index("5. Kuota Program", start)]
    assert "cakupan terendah" not in village  # no village has a rate: none is "lowest"
    assert "Jumlah pekerja ditetapkan per kecamatan, tidak per desa/kelurahan" in village
    assert "Target dan kuota program ditetapkan untuk kabupaten/kota, tidak per desa/kelurahan" in village
    assert "Tanpa kuota/target" not in village
    assert "Ada peserta" in village
    assert "desa/kelurahan masih di bawah kuotanya" not in text
    assert "(kuota tidak dibagi per desa/kelurahan)" in text


def test_village_figures_are_unchanged_where_villages_have_them(tmp_path_factory):
    text = _text(_render("sample", tmp_path_factory)["pdf"])
    assert "dengan cakupan terendah di antara yang sudah memiliki peserta" in text
    assert "Jumlah pekerja ditetapkan per" not in text


def test_regency_denominators_and_kecamatan_targets_read_right(tmp_path_factory):
    text = _text(_render("mixed", tmp_path_factory)["pdf"])
    start = text.index("3. Cakupan per Kecamatan", text.index("1. Ringkasan Eksekutif Peserta"))
    districts = text[start : text.index("4. Desa/Kelurahan", start)]
    assert "Jumlah pekerja ditetapkan untuk kabupaten/kota, tidak per kecamatan" in districts
    assert "tanpa data pekerja" not in districts  # no chart or band of nothing
    assert "Target Capaian" in districts and "83,3 %" in districts  # the kecamatan targets shown
    assert "desa/kelurahan masih di bawah kuotanya" not in text
