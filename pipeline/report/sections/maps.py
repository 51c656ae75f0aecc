"""Maps: coverage by kecamatan and a village map (regency), coverage by regency (province summary).

Areas are the mart's (``children.sql``, ``village_status.sql``), classed by the district
ranking's bands (``sections.areas.band``); their shapes are ``staging.area_shapes``. A map
is drawn only when shapes cover at least ``MIN_SHARE`` of its areas, else left out with a
note in the data-quality section; a map without any coverage rate (no denominator at that
level) is left out too, except the village map, which still marks the villages without a
participant and those below quota. Every area of a map, drawn or not, is in the attachment
``map_areas.csv`` with its class.
"""

from __future__ import annotations

from typing import Any

import shapely

from pipeline.core.sql import sql_text
from pipeline.report import maps
from pipeline.report.request import Request
from pipeline.report.scope import display_area_name
from pipeline.report.sections import areas

#: The share of a map's areas that must have a shape for the map to be drawn.
MIN_SHARE = 0.9
#: Codes of areas without a shape named in the note, at most.
NAMED = 8


def _classed(req: Request, rows: list[dict[str, Any]], level: str) -> list[dict[str, Any]]:
    """One row per area of a map: code, name, rate, class, marks, reached target."""
    target = req.config.ucj_target
    out = []
    for r in rows:
        code = r.get("area_code") or r.get("village_code")
        name = r.get("area_name") or r.get("village_name") or code
        if level == "regency":
            name = display_area_name(name, "regency")
        rate = r.get("coverage_rate")
        marks = []
        if level == "village":
            if r["is_empty"]:
                marks.append("empty")
            elif r["status"] == "below":
                marks.append("below")
        out.append(
            {
                "map": level,
                "area_code": code,
                "area_name": name,
                "coverage_rate": rate,
                "coverage_class": areas.band(rate),
                "marks": ",".join(marks),
                "reached_target": target is not None and rate is not None and rate >= target,
                "district_code": r.get("district_code"),
            }
        )
    return out


def _panel(
    req: Request, rows: list[dict[str, Any]], level: str, shapes: dict[str, Any], notes: list[str]
) -> maps.MapPanel | None:
    """The map of ``rows`` (already classed), or None with the reason in ``notes``."""
    t, fmt = req.t, req.fmt
    unit = t(f"map.unit.{level}")
    if not rows:
        return None
    missing = [r["area_code"] for r in rows if r["area_code"] not in shapes]
    drawn = len(rows) - len(missing)
    if drawn / len(rows) < MIN_SHARE:
        if not shapes:  # no shape of any of the report's areas: one note for every map
            note = t("map.left_out_none", area=req.scope.display_name)
            notes.extend([] if note in notes else [note])
        else:
            notes.append(
                t(
                    "map.left_out",
                    unit=unit,
                    drawn=fmt.number(drawn),
                    count=fmt.number(len(rows)),
                    share=fmt.percent(drawn / len(rows)),
                    min_share=fmt.percent(MIN_SHARE),
                )
            )
        return None
    if level != "village" and all(r["coverage_rate"] is None for r in rows):
        notes.append(t("map.no_rate", unit=unit))
        return None
    if missing:
        named = ", ".join(missing[:NAMED]) + (" …" if len(missing) > NAMED else "")
        notes.append(t("map.missing", count=fmt.number(len(missing)), unit=unit, codes=named))
    for r in rows:
        r["drawn"] = r["area_code"] in shapes
    return maps.MapPanel(
        title=t(f"map.panel.{level}"),
        areas=[
            maps.MapArea(
                code=r["area_code"],
                name=fmt.shorten(r["area_name"], 22),
                shape=shapes[r["area_code"]],
                klass=r["coverage_class"],
                marks=tuple(m for m in r["marks"].split(",") if m),
                reached=r["reached_target"],
            )
            for r in rows
            if r["drawn"]
        ],
        labels=level != "village",
    )


def _png(req: Request, name: str, fig) -> str:
    """Keep the map for the PDF as PNG (``maps.to_png``); its ``src`` in the template."""
    req.images[f"{name}.png"] = maps.to_png(fig)
    return f"chart:{name}.png"


def build(req: Request) -> dict[str, Any] | None:
    """The maps' figure, caption and notes; ``None`` for a database without boundaries.

    Returns ``{"chart": None, "notes": [...]}`` when no map could be drawn, so the notes
    reach the data-quality section while the section itself is left out.
    """
    if not req.has("staging.area_shapes"):
        return None
    t, fmt = req.t, req.fmt
    target = req.config.ucj_target
    child_level = "regency" if req.is_province else "district"
    children = _classed(req, req.rows("children", child_level=req.child_level), child_level)
    villages = [] if req.is_province else _classed(req, req.rows("village_status", lowest=0), "village")
    codes = [r["area_code"] for r in children + villages]
    # read past the publication screen (req.rows): a shape is coordinates, never personal
    # data, and the screen would mask its digits
    found = req.con.execute(sql_text("report", "map_shapes"), {"codes": codes}).fetchall()
    shapes = {code: shapely.from_geojson(geometry) for code, _level, geometry, _source in found}
    sources = {"default" if source == "default" else "root" for *_, source in found}
    notes: list[str] = []
    for r in children + villages:
        r["drawn"] = False
    panels, kinds = [], []
    child_panel = _panel(req, children, child_level, shapes, notes)
    if child_panel is not None:
        panels.append(child_panel)
        kinds.append(child_level)
    village_panel = _panel(req, villages, "village", shapes, notes) if villages else None
    if village_panel is not None:
        village_panel.outlines = [shapes[r["area_code"]] for r in children if r["area_code"] in shapes]
        panels.append(village_panel)
        kinds.append("village")
    table = [{k: v for k, v in r.items() if k != "district_code"} for r in children + villages]
    if table:
        req.attach("map_areas", table)
    if not panels:
        return {"chart": None, "notes": notes, "drawn": {}} if notes else None
    month = fmt.month(req.month)
    present = {a.klass for p in panels for a in p.areas}
    classes = [(k, t(f"district.band.{k}")) for k, _ in areas.BANDS]
    if "none" in present:
        classes.append(("none", t("district.band.none")))
    marks = sorted({m for p in panels for a in p.areas for m in a.marks}, key=("empty", "below").index)
    reached = any(a.reached for p in panels for a in p.areas)
    legend = maps.Legend(
        classes=classes,
        marks=[(m, t(f"map.mark.{m}")) for m in marks],
        target=t("map.target", target=fmt.target(target)) if reached else None,
        north=t("map.north"),
    )

    def km(value: float) -> str:
        return f"{fmt.number(value) if value >= 1 else str(value).replace('.', ',')} km"

    fig = maps.choropleth(panels, legend, km)
    what = t("map.caption." + ("district_village" if kinds == ["district", "village"] else kinds[0]))
    lats = [(s.bounds[1] + s.bounds[3]) / 2 for s in shapes.values()]
    lat = sum(lats) / len(lats) if lats else 0.0
    caption = t(
        "map.caption",
        what=what,
        month=month,
        target=t("map.caption.target", target=fmt.target(target)) if reached else "",
        lat=str(round(lat, 1)).replace(".", ","),
        source=t("map.source." + ("both" if len(sources) > 1 else next(iter(sources)))),
    )
    return {
        "chart": {
            "src": _png(req, "coverage_map", fig),
            "caption": caption,
            "alt": t("map.alt", what=what, month=month),
        },
        "intro": t("map.intro", month=month, unit=t(f"map.unit.{child_level}")),
        "notes": notes,
        "drawn": fig.drawn,
    }
