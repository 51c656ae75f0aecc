"""Data quality: the input files by label, rejections and notes as counts only.

A file is published by its label, never its name; a spelling no mapping knows only when
at least ``screen.MIN_ROWS`` rows carry it (free text may hide a name or a phone number).
"""

from __future__ import annotations

from typing import Any

from pipeline.publication import screen
from pipeline.report.request import Request

#: Unmapped spellings printed at most; the rest are counted.
UNMAPPED_LISTED = 25


def _unmapped(req: Request) -> tuple[list[dict[str, Any]], str | None]:
    rows = req.rows("quality_unmapped")
    for r in rows:
        r["topic_label"] = req.label("topic", r["topic"])
    shown, folded = screen.fold_rare(rows)
    if len(shown) > UNMAPPED_LISTED:
        rest, shown = shown[UNMAPPED_LISTED:], shown[:UNMAPPED_LISTED]
        folded = {
            "values": len(rest) + (folded or {}).get("values", 0),
            "rows": sum(r["rows"] or 0 for r in rest) + (folded or {}).get("rows", 0),
        }
    more = (
        req.t(
            "quality.more",
            count=req.fmt.number(folded["values"]),
            rows=req.fmt.number(folded["rows"]),
            min_rows=screen.MIN_ROWS,
        )
        if folded
        else None
    )
    return shown, more


def build(req: Request) -> dict[str, Any]:
    """Files, totals, rejections by reason, unmapped spellings, ignored rows and remarks."""
    t = req.t
    files = req.rows("quality_files") if req.has("audit.input_files") else []
    for r in files:
        state = screen.file_status(r.pop("error"))
        r["status"] = req.label("file_status", state)
        r["kind_label"] = req.label("kind", r.get("kind"), r.get("kind") or "")
        r["not_read"] = r["status"] != t.get("file_status.read", "read")
    req.attach("input_files", files)
    reasons: list[dict[str, Any]] = []
    if req.has("audit.rejected_rows"):
        req.attach("rejections", req.rows("quality_rejections"))
        reasons = req.rows("quality_reasons")
        for r in reasons:
            r["label"] = req.label("reason", r["reason"])
    unmapped, more, skipped, ignored, remarks = [], None, None, [], []
    if req.has("audit.notes"):
        unmapped, more = _unmapped(req)
        found = req.rows("quality_skipped_sheets")
        skipped = found[0] if found and found[0].get("sheets") else None
        ignored, remarks = req.rows("quality_ignored"), req.rows("quality_remarks")
        for r in ignored + remarks:
            r["topic_label"] = req.label("topic", r["topic"])
    totals = {k: sum((r.get(k) or 0) for r in files) for k in ("rows_read", "rows_accepted", "rows_rejected")}
    return {
        "files": files,
        "totals": totals,
        "reasons": reasons,
        "unmapped": unmapped,
        "unmapped_more": more,
        "skipped": skipped,
        "ignored": ignored,
        "remarks": remarks,
    }
