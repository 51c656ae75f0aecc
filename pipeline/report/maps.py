"""Report maps: pure functions from areas (shape, class, marks) to a matplotlib ``Figure``.

Drawn with shapely and matplotlib alone (no tiles, nothing fetched): each area is a
path of its polygon(s), filled by its class; marks (hatching) and a thick outline
(target reached) lie on top. Coordinates are longitude/latitude (plate carrée) with the
axes' aspect set to 1 / cos(mean latitude), so that a kilometre is as long east-west as
north-south at the map's latitude; the scale bar is drawn for that latitude.

Every area drawn is listed in ``fig.drawn`` (code -> class), in the order its path lies in
the fill layer (``fig.fill_layers``, one per panel), so a test can compare what is drawn
with the mart.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import matplotlib as mpl
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrow, Rectangle
from matplotlib.patches import Patch as LegendPatch
from matplotlib.path import Path as MplPath
from shapely.geometry.base import BaseGeometry

from pipeline.report import charts

#: Fill of each coverage class (the district ranking's bands, ``sections.areas.BANDS``):
#: a sequential yellow–green–blue scale, light for low coverage; grey without a denominator.
CLASS_COLOURS = {
    "high": "#225ea8",
    "mid": "#41b6c4",
    "low": "#a1dab4",
    "very_low": "#f9f1a5",
    "none": "#d9d9d9",
}
#: Hatching of each mark on a village map, with its colour.
MARK_STYLES = {"empty": ("////", charts.VERMILLION), "below": ("....", "#333333")}
EDGE = "#ffffff"
KM_PER_DEGREE = 111.32
_LABEL_CHAR_IN = 0.045  # a 6 pt character, generous


@dataclass
class MapArea:
    """One area to draw: its code, name, shape (lon/lat), class, marks and whether it reached the target."""

    code: str
    name: str
    shape: BaseGeometry
    klass: str
    marks: tuple[str, ...] = ()
    reached: bool = False


@dataclass
class MapPanel:
    """One map: its title, its areas and the outlines drawn over them (kecamatan over villages)."""

    title: str
    areas: Sequence[MapArea]
    outlines: Sequence[BaseGeometry] = ()
    labels: bool = True
    drawn: dict[str, str] = field(default_factory=dict)
    #: After drawing: the codes in order and the collection that fills them.
    fill: tuple[list[str], PathCollection] | None = None


@dataclass
class Legend:
    """The legend's entries in the report's language."""

    classes: Sequence[tuple[str, str]]  # (class key, label) in order
    marks: Sequence[tuple[str, str]] = ()  # (mark key, label)
    target: str | None = None  # label of the outline of areas that reached the target
    north: str = "U"


def _path(shape: BaseGeometry) -> MplPath:
    """A compound path of a (multi)polygon, holes included."""
    polygons = getattr(shape, "geoms", [shape])
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for polygon in polygons:
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            points = list(ring.coords)
            vertices.extend(points)
            codes.extend([MplPath.MOVETO, *[MplPath.LINETO] * (len(points) - 2), MplPath.CLOSEPOLY])
    return MplPath(vertices, codes)


def _nice_km(span_km: float) -> float:
    """A round length near a fifth of ``span_km``: 1, 2, 5, 10, 20, 50 ... km."""
    target = max(span_km / 5, 0.1)
    exponent = 10 ** math.floor(math.log10(target))
    return next(m * exponent for m in (5, 2, 1) if m * exponent <= target)


def _bounds(shapes: Iterable[BaseGeometry]) -> tuple[float, float, float, float]:
    boxes = [s.bounds for s in shapes]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _draw_panel(ax, panel: MapPanel, box_in: tuple[float, float], fmt_km, north: str) -> None:
    """Areas, marks, outlines, labels, scale bar and north arrow on ``ax``."""
    x0, y0, x1, y1 = _bounds(a.shape for a in panel.areas)
    pad_x, pad_y = (x1 - x0) * 0.03, (y1 - y0) * 0.03
    lat = (y0 + y1) / 2
    ax.set_xlim(x0 - pad_x, x1 + pad_x)
    ax.set_ylim(y0 - pad_y - (y1 - y0) * 0.08, y1 + pad_y)
    ax.set_aspect(1 / math.cos(math.radians(lat)))
    ax.set_axis_off()
    # one collection per layer: adding patches one by one costs a limit update each
    paths = {area.code: _path(area.shape) for area in panel.areas}
    layers = [
        PathCollection(
            list(paths.values()),
            facecolors=[CLASS_COLOURS[a.klass] for a in panel.areas],
            edgecolors=EDGE,
            linewidths=0.4,
        )
    ]
    for mark, (hatch, colour) in MARK_STYLES.items():
        marked = [paths[a.code] for a in panel.areas if mark in a.marks]
        if marked:
            layers.append(
                PathCollection(marked, facecolors="none", edgecolors=colour, linewidths=0, hatch=hatch)
            )
    if panel.outlines:
        layers.append(
            PathCollection(
                [_path(o) for o in panel.outlines], facecolors="none", edgecolors="#555555", linewidths=0.7
            )
        )
    reached = [paths[a.code] for a in panel.areas if a.reached]
    if reached:
        layers.append(PathCollection(reached, facecolors="none", edgecolors="#000000", linewidths=1.6))
    for layer in layers:
        ax.add_collection(layer, autolim=False)
    panel.drawn.update({area.code: area.klass for area in panel.areas})
    panel.fill = ([a.code for a in panel.areas], layers[0])
    # units: inches per degree of the drawn box (the axes keep the aspect inside box_in)
    width_deg = (x1 - x0) * (1 + 0.06)
    height_deg = (y1 - y0) * (1 + 0.14) / math.cos(math.radians(lat))
    in_per_deg = min(box_in[0] / width_deg, box_in[1] / height_deg)
    if panel.labels:
        for area in panel.areas:
            bx0, by0, bx1, by1 = area.shape.bounds
            width_in = (bx1 - bx0) * in_per_deg
            height_in = (by1 - by0) * in_per_deg / math.cos(math.radians(lat))
            text = area.name
            if len(text) * _LABEL_CHAR_IN > width_in * 0.8 or height_in < 0.16:
                continue
            point = area.shape.representative_point()
            ax.annotate(
                text,
                (point.x, point.y),
                ha="center",
                va="center",
                fontsize=6,
                color="#000000" if area.klass not in ("high",) else "#ffffff",
            )
    # scale bar, bottom left, for the map's latitude
    km_per_deg = KM_PER_DEGREE * math.cos(math.radians(lat))
    length_km = _nice_km((x1 - x0) * km_per_deg)
    length_deg = length_km / km_per_deg
    bar_y = y0 - pad_y - (y1 - y0) * 0.05
    bar_h = (y1 - y0) * 0.012
    ax.add_patch(Rectangle((x0, bar_y), length_deg, bar_h, facecolor="#333333", edgecolor="#333333", lw=0.5))
    ax.annotate(
        fmt_km(length_km),
        (x0 + length_deg, bar_y + bar_h / 2),
        xytext=(3, 0),
        textcoords="offset points",
        va="center",
        fontsize=6.5,
    )
    # north arrow, top right, its letter above it (inside the axes)
    ax_x, top = x1 + pad_x * 0.2, y1 - (y1 - y0) * 0.03
    arrow_len = (y1 - y0) * 0.08
    ax.add_patch(
        FancyArrow(
            ax_x,
            top - arrow_len,
            0,
            arrow_len * 0.75,
            width=arrow_len * 0.08,
            head_width=arrow_len * 0.3,
            head_length=arrow_len * 0.3,
            length_includes_head=True,
            color="#333333",
        )
    )
    ax.annotate(north, (ax_x, top - arrow_len * 0.2), ha="center", va="bottom", fontsize=7, fontweight="bold")
    ax.set_title(panel.title, fontsize=8.5, loc="left")


def choropleth(panels: Sequence[MapPanel], legend: Legend, fmt_km) -> Figure:
    """One or two maps side by side, the width of the text block, with one legend beneath.

    ``fmt_km`` formats a scale bar's length (``10 km``). ``fig.drawn`` maps every drawn area
    code to its class (of all panels).
    """
    with mpl.rc_context(charts._RC):
        n = len(panels)
        gap, legend_h, top, side = 0.15, 0.55, 0.25, 0.05
        panel_w = (charts.WIDTH_IN - 2 * side - gap * (n - 1)) / n
        # height from the widest panel's proportions, at most 5.6 in (one page with the text)
        ratios = []
        for p in panels:
            x0, y0, x1, y1 = _bounds(a.shape for a in p.areas)
            lat = math.radians((y0 + y1) / 2)
            ratios.append(((y1 - y0) * 1.14 / math.cos(lat)) / ((x1 - x0) * 1.06))
        map_h = min(max(panel_w * r for r in ratios), 5.6 if n == 1 else 4.2)
        height = map_h + legend_h + top
        fig = Figure(figsize=(charts.WIDTH_IN, height))
        for i, panel in enumerate(panels):
            left = side + i * (panel_w + gap)
            ax = fig.add_axes(
                (left / charts.WIDTH_IN, legend_h / height, panel_w / charts.WIDTH_IN, map_h / height)
            )
            _draw_panel(ax, panel, (panel_w, map_h), fmt_km, legend.north)
        handles = [
            LegendPatch(facecolor=CLASS_COLOURS[k], edgecolor="#999999", linewidth=0.4, label=label)
            for k, label in legend.classes
        ]
        for key, label in legend.marks:
            hatch, colour = MARK_STYLES[key]
            handles.append(
                LegendPatch(facecolor="#ffffff", edgecolor=colour, hatch=hatch, linewidth=0.4, label=label)
            )
        if legend.target:
            handles.append(
                LegendPatch(facecolor="none", edgecolor="#000000", linewidth=1.6, label=legend.target)
            )
        fig.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            frameon=False,
            ncols=len(handles) if len(handles) <= 5 else math.ceil(len(handles) / 2),
            fontsize=7,
            handlelength=1.6,
        )
        fig.drawn = {code: klass for p in panels for code, klass in p.drawn.items()}
        fig.fill_layers = [p.fill for p in panels]
    return fig


#: Maps reach the PDF as PNG: hundreds of village outlines with hatching make an SVG of
#: most of a megabyte that WeasyPrint draws for seconds; a 150-dpi PNG is a fraction of both.
PNG_DPI = 150


def to_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, identical for identical input (no software or date tags)."""
    buffer = io.BytesIO()
    with mpl.rc_context(charts._RC):
        fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()
