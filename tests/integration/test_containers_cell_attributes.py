"""Excel-cut NIKs whatever the order of a cell's attributes (issue 21.7, CONTRACT §2).

Excel keeps 15 significant digits of a number typed into a cell: three or more number-cell
NIKs of a sheet that all end in ``0`` lost their last digit and are rejected as
``nik_precision_lost``. Writers put a cell's attributes in any order (``t`` before ``s``,
``r`` last, single quotes): the cell is a number cell all the same. An inline string
(``t="inlineStr"``) or a formula's text result (``t="str"``) is text, never a cut number.
"""

from __future__ import annotations

import re
import zipfile

import pytest
import xlsxwriter

from tests.support.containers import HEADER, data_root, nik, rejections, row, run

SHEET = "xl/worksheets/sheet1.xml"


def _workbook_with_cells(tmp_path, cells: dict[str, str]):
    """An enrolment .xlsx whose NIK cells A2, A3, ... are rewritten to the XML given per cell.

    ``cells`` maps a cell reference to its start tag and value, e.g.
    ``{"A2": '<c t="n" s="1" r="A2"><v>6409021203560010</v>'}``.
    """
    source = tmp_path / "src.xlsx"
    book = xlsxwriter.Workbook(str(source))
    sheet = book.add_worksheet("Desa")
    sheet.write_row(0, 0, HEADER)
    for r in range(1, len(cells) + 1):
        sheet.write_row(r, 0, row(r))
        sheet.write_number(r, 0, 1, book.add_format({"num_format": "0"}))  # a number cell to rewrite
    book.close()
    target = tmp_path / "raw" / "enrolment" / "cut.xlsx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == SHEET:
                text = data.decode()
                for ref, xml in cells.items():
                    text, n = re.subn(rf'<c r="{ref}"[^>]*><v>1</v>', xml, text)
                    assert n == 1, ref
                data = text.encode()
            zout.writestr(item, data)
    return target


CUT = [nik(10), nik(20), nik(30)]  # 640902120356001|0: the 16th digit Excel zeroed


@pytest.mark.parametrize(
    "tags",
    [
        ['<c t="n" s="1" r="{ref}">', '<c s="1" t="n" r="{ref}">', '<c t="n" r="{ref}" s="1">'],
        ["<c s='1' r='{ref}'>", '<c  r = "{ref}"  s = "1" >', '<c r="{ref}" t="n">'],
        [
            '<x:c t="n" s="1" r="{ref}" xmlns:x="urn:x">',
            '<c cm="1" t="n" s="1" r="{ref}">',
            '<c s="1" r="{ref}">',
        ],
    ],
    ids=["t_before_s", "quotes_and_spaces", "prefix_and_other_attributes"],
)
def test_three_cut_niks_in_number_cells_are_precision_lost_whatever_the_attribute_order(tmp_path, tags):
    data_root(tmp_path)
    cells = {
        f"A{i}": tag.format(ref=f"A{i}") + f"<v>{value}</v>"
        for i, (tag, value) in enumerate(zip(tags, CUT, strict=True), start=2)
    }
    _workbook_with_cells(tmp_path, cells)
    con = run(tmp_path)
    assert rejections(con) == [
        ("enrolment/cut.xlsx", "Desa", r, "nik", "nik_precision_lost") for r in (2, 3, 4)
    ]
    assert con.execute("select count(*) from staging.spells").fetchone()[0] == 0


def test_niks_ending_in_0_as_inline_strings_or_formula_text_stay_text_beside_cut_number_cells(tmp_path):
    data_root(tmp_path)
    text = [nik(40), nik(50), nik(60)]
    _workbook_with_cells(
        tmp_path,
        {
            "A2": f'<c t="n" s="1" r="A2"><v>{CUT[0]}</v>',
            "A3": f'<c s="1" t="inlineStr" r="A3"><is><t>{text[0]}</t></is>',
            "A4": f'<c t="n" s="1" r="A4"><v>{CUT[1]}</v>',
            "A5": f'<c t="str" s="1" r="A5"><f>"{text[1]}"</f><v>{text[1]}</v>',
            "A6": f"<c t='inlineStr' r='A6'><is><t>{text[2]}</t></is>",
            "A7": f'<c t="n" s="1" r="A7"><v>{CUT[2]}</v>',
        },
    )
    con = run(tmp_path)
    assert rejections(con) == [
        ("enrolment/cut.xlsx", "Desa", r, "nik", "nik_precision_lost") for r in (2, 4, 7)
    ]
    assert sorted(n for (n,) in con.execute("select nik from identity.persons").fetchall()) == text
