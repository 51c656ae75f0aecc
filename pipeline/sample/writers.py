"""Writers: a ``Doc`` as the bytes of its file, the same bytes on every run.

The workbooks carry a fixed creation time (``FIXED_CREATED``) so that their bytes do not
change from run to run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from pipeline.sample.common import FIXED_CREATED, ExcelSerial
from pipeline.sample.documents.model import Doc


def _xlsx_bytes(doc: Doc) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties(
        {"created": FIXED_CREATED, "author": "Data sampel sintetis", "title": Path(doc.relpath).stem}
    )
    f_date = wb.add_format({"num_format": "dd/mm/yyyy"})
    f_title = wb.add_format({"bold": True})
    f_head = wb.add_format({"bold": True, "border": 1, "bg_color": "#D9E1F2", "text_wrap": True})
    f_total = wb.add_format({"bold": True})
    for sh in doc.sheets:
        ws = wb.add_worksheet(sh.name)
        for c, w in doc.col_widths.items():
            ws.set_column(c, c, w)
        for r, row in enumerate(sh.rows):
            fmt = {"title": f_title, "header": f_head, "total": f_total}.get(row.kind)
            for c, v in enumerate(row.cells):
                if v is None:
                    continue
                if isinstance(v, ExcelSerial):
                    ws.write_number(r, c, v.value)
                elif isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), f_date)
                elif isinstance(v, bool):
                    ws.write_boolean(r, c, v)
                elif isinstance(v, int | float):
                    ws.write_number(r, c, v, fmt)
                else:
                    ws.write_string(r, c, str(v), fmt)
    wb.close()
    return buf.getvalue()


def _xls_bytes(doc: Doc) -> bytes:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    f_date = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    f_bold = xlwt.easyxf("font: bold on")
    for sh in doc.sheets:
        ws = wb.add_sheet(sh.name)
        for c, w in doc.col_widths.items():
            ws.col(c).width = int(w * 256)
        for r, row in enumerate(sh.rows):
            for c, v in enumerate(row.cells):
                if v is None:
                    continue
                if isinstance(v, ExcelSerial):
                    ws.write(r, c, v.value)
                elif isinstance(v, dt.date):
                    ws.write(r, c, dt.datetime(v.year, v.month, v.day), f_date)
                elif row.kind in ("title", "header"):
                    ws.write(r, c, v, f_bold)
                else:
                    ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv_bytes(doc: Doc) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=doc.delimiter, lineterminator="\r\n")
    for row in doc.sheets[0].rows:
        w.writerow(["" if v is None else str(v) for v in row.cells])
    return buf.getvalue().encode(doc.encoding)


def _parquet_bytes(doc: Doc) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = doc.sheets[0].rows
    header = rows[0].cells
    types = {"string": pa.string(), "date": pa.date32(), "int64": pa.int64()}
    cols = {h: [r.cells[i] for r in rows[1:]] for i, h in enumerate(header)}
    schema = pa.schema([(h, types[doc.parquet_types[h]]) for h in header])
    table = pa.table(cols, schema=schema)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd", store_schema=False)
    return buf.getvalue()


def doc_bytes(doc: Doc) -> bytes:
    """The file's bytes in its format (xlsx, xls, csv, parquet)."""
    return {"xlsx": _xlsx_bytes, "xls": _xls_bytes, "csv": _csv_bytes, "parquet": _parquet_bytes}[doc.fmt](
        doc
    )
