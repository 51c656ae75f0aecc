"""Layout checks on a rendered report: words inside the page's content box, headings kept with what follows.

``pdftotext -bbox-layout`` gives every page's size, its blocks (in reading order) and
each word's box. A word whose box leaves the content box (the page less its side
margins; the header and footer sit in the top and bottom margins, inside the page) is
cut or off the page; a heading that is the last block of a page is stranded at its foot.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

MM = 72 / 25.4
#: The side margins of report.css (@page: 18 mm; the cover, 22 mm).
SIDE_MARGIN_PT = 18 * MM
#: The top and bottom page edge no word may reach (the header and footer are inside it).
EDGE_PT = 8 * MM
TOLERANCE_PT = 0.75
_NS = {"x": "http://www.w3.org/1999/xhtml"}


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    blocks: tuple[str, ...]
    words: tuple[Word, ...]


def pages(pdf: Path) -> list[Page]:
    """Every page of ``pdf`` with its blocks' text (reading order) and its words' boxes."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    root = ET.fromstring(xhtml)
    out = []
    for number, page in enumerate(root.iter(f"{{{_NS['x']}}}page"), start=1):
        blocks, words = [], []
        for block in page.iter(f"{{{_NS['x']}}}block"):
            texts = []
            for w in block.iter(f"{{{_NS['x']}}}word"):
                texts.append(w.text or "")
                words.append(
                    Word(
                        number,
                        w.text or "",
                        float(w.get("xMin")),
                        float(w.get("yMin")),
                        float(w.get("xMax")),
                        float(w.get("yMax")),
                    )
                )
            blocks.append(" ".join(texts))
        out.append(
            Page(number, float(page.get("width")), float(page.get("height")), tuple(blocks), tuple(words))
        )
    return out


def words_outside(all_pages: list[Page]) -> list[Word]:
    """Words whose box leaves the content box's sides or comes near the page's top or bottom edge."""
    bad = []
    for page in all_pages:
        margin = SIDE_MARGIN_PT - TOLERANCE_PT
        for w in page.words:
            if (
                w.x_min < margin
                or w.x_max > page.width - margin
                or w.y_min < EDGE_PT
                or w.y_max > page.height - EDGE_PT
            ):
                bad.append(w)
    return bad


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.level: str | None = None
        self.text = ""
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3"):
            self.level, self.text = tag, ""

    def handle_data(self, data):
        if self.level:
            self.text += data

    def handle_endtag(self, tag):
        if tag == self.level:
            self.found.append((tag, " ".join(self.text.split())))
            self.level = None


def headings(html: str) -> list[str]:
    """The headings as the PDF prints them: ``3. Cakupan per Kecamatan`` (h2 numbered), h3 as is."""
    parser = _Headings()
    parser.feed(html)
    out, number = [], 0
    for level, text in parser.found:
        if level == "h2" and not re.search(r'class="[^"]*unnumbered', ""):
            number += 1
            out.append(f"{number}. {text}")
            out.append(text)  # an unnumbered h2
        else:
            out.append(text)
    return out


def _body(page: Page) -> list[str]:
    """The page's blocks between its header and footer, whitespace-normalised."""
    return [
        " ".join(b.split())
        for b, words in _blocks_with_words(page)
        if words and words[0].y_min > 18 * MM and words[-1].y_max < page.height - 16 * MM
    ]


def stranded_headings(all_pages: list[Page], heading_texts: list[str]) -> list[tuple[int, str]]:
    """(page, heading) for each heading left at a page's foot, its section going on overleaf.

    A heading is stranded when it is the last block of a page, or the last but one (only its
    first paragraph follows it) while the next page goes on with the same section (it does
    not open with a heading). A short section that ends at the foot of a page is fine.
    """
    known = {" ".join(h.split()) for h in heading_texts}
    stranded = []
    for page, next_page in itertools.pairwise(all_pages):
        body, following = _body(page), _body(next_page)
        if body and body[-1] in known:
            stranded.append((page.number, body[-1]))
        elif len(body) >= 2 and body[-2] in known and following and following[0] not in known:
            stranded.append((page.number, body[-2]))
    return stranded


def _blocks_with_words(page: Page):
    words = list(page.words)
    i = 0
    for block in page.blocks:
        n = len(block.split(" ")) if block else 0
        yield block, words[i : i + n]
        i += n


def overlapping_words(all_pages: list[Page]) -> list[tuple[Word, Word]]:
    """Pairs of words on one line whose boxes overlap: a header wider than its column runs into the next."""
    pairs = []
    for page in all_pages:
        lines: dict[int, list[Word]] = {}
        for w in page.words:
            lines.setdefault(round(w.y_min), []).append(w)
        for words in lines.values():
            words.sort(key=lambda w: w.x_min)
            for left, right in itertools.pairwise(words):
                if right.x_min < left.x_max - TOLERANCE_PT and abs(right.y_max - left.y_max) < 1:
                    pairs.append((left, right))
    return pairs


def alone_on_last_page(all_pages: list[Page], title: str) -> bool:
    """True when the last page's body opens with the block ``title`` (the approval block
    overleaf on its own, nothing of the report above it)."""
    body = _body(all_pages[-1])
    return bool(body) and body[0] == " ".join(title.split())
