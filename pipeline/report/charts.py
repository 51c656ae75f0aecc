"""Report charts: pure functions from mart rows to a matplotlib ``Figure``, and to SVG.

No pyplot (no global state, safe in a Dagster process); the Okabe-Ito palette, which
stays distinguishable under the common forms of colour blindness; axis numbers
formatted by the report's Babel ``Formatter``. ``to_svg`` keeps text as text (the report
font), a fixed ``svg.hashsalt`` and no date, so the same rows give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Sequence

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from pipeline.report.formatting import Formatter

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
    "#999999",  # grey (not Okabe-Ito; for "other")
)
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, YELLOW, BLACK, GREY = OKABE_ITO
# Series colours in order of importance: the largest category gets the strongest.
PALETTE_SERIES = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, YELLOW, BLACK, GREY)
BAND_COLOURS = {"empty": VERMILLION, "low": ORANGE, "mid": SKY, "met": GREEN, "none": GREY}

WIDTH_IN = 170 / 25.4  # the A4 text block
_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "legend.fontsize": 7.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#444444",
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "svg.fonttype": "none",
    "svg.hashsalt": "laporan-monev-jamsostek",
    "svg.image_inline": True,
    "path.simplify": False,
}


#: Height of one bar of a horizontal bar chart, in inches: a 7.5 pt label per bar with a
#: little air (the report is printed; a taller pitch only spends the page).
BAR_PITCH_IN = 0.13

#: Width of one character of a 7.5 pt tick label, in inches (DejaVu Sans, generous).
_CHAR_IN = 0.068


def label_width(labels: Sequence[str]) -> float:
    """Inches the longest of ``labels`` takes as a 7.5 pt tick label."""
    return _CHAR_IN * max((len(str(label)) for label in labels), default=0)


def _figure(
    height_in: float, *, left: float = 0.55, right: float = 0.12, top: float = 0.3, bottom: float = 0.55
) -> Figure:
    """A figure the width of the text block with fixed margins (inches).

    Margins are set, not solved by a layout engine: that halves the cost of a chart,
    since a constrained layout draws every figure twice.
    """
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(WIDTH_IN, height_in))
        fig.add_subplot()
        fig.subplots_adjust(
            left=left / WIDTH_IN,
            right=1 - right / WIDTH_IN,
            top=1 - top / height_in,
            bottom=bottom / height_in,
        )
    return fig


#: How charts reach the PDF: "svg" (text kept as text in the report font, DejaVu Sans) or
#: "png". SVG is the faster of the two at equal print quality (docs/benchmarks.md §3):
#: WeasyPrint draws a few hundred text nodes faster than it embeds 200-dpi images, and
#: the text stays sharp, searchable and selectable.
FORMAT = "svg"
PNG_DPI = 200


def encode(fig: Figure) -> bytes:
    """The figure in ``FORMAT``, identical bytes for identical input."""
    if FORMAT == "png":
        buffer = io.BytesIO()
        with mpl.rc_context(_RC):
            fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
        return buffer.getvalue()
    return to_svg(fig)


def to_svg(fig: Figure) -> bytes:
    """The figure as SVG bytes, identical for identical input."""
    buffer = io.BytesIO()
    with mpl.rc_context(_RC):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


#: A rate axis reaches at least 0,5 %: its ticks then step by 0,1 % at least and print with
#: one decimal, never "0,025 %" labels wider than the chart's margin (a city at 0,1 %).
MIN_RATE_AXIS = 0.005


def _percent_axis(axis, fmt: Formatter) -> None:
    """Percent ticks with as many decimals as their step needs (2,5 % steps print 2,5 %)."""

    def label(value: float, _pos: int) -> str:
        ticks = axis.get_majorticklocs()
        step = min((abs(b - a) for a, b in itertools.pairwise(ticks) if b != a), default=1.0)
        digits = next((d for d in range(4) if abs(round(step * 100, d) - step * 100) < 1e-9), 3)
        return fmt.percent(value, digits=digits)

    axis.set_major_formatter(FuncFormatter(label))


def _count_axis(axis, fmt: Formatter) -> None:
    axis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.number(v)))


def coverage_trend(
    months: Sequence[dt.date],
    rates: Sequence[float | None],
    target: float | None,
    fmt: Formatter,
    *,
    coverage_label: str,
    target_label: str,
) -> Figure:
    """Monthly coverage rate as a line, with the target (when one is set) as a dashed line."""
    with mpl.rc_context(_RC):
        fig = _figure(1.9, left=0.5, bottom=0.5)
        ax = fig.axes[0]
        x = list(range(len(months)))
        y = [float("nan") if r is None else r for r in rates]
        ax.plot(x, y, color=BLUE, linewidth=2, marker="o", markersize=3, label=coverage_label)
        if target is not None:
            ax.axhline(target, color=VERMILLION, linestyle="--", linewidth=1.4, label=target_label)
        if y and y[-1] == y[-1]:
            ax.annotate(
                fmt.percent(y[-1]),
                (x[-1], y[-1]),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                color=BLUE,
                fontsize=7.5,
                fontweight="bold",
            )
        top = max([*([target] if target is not None else []), *[v for v in y if v == v]], default=0)
        ax.set_ylim(0, max(top, MIN_RATE_AXIS) * 1.15)
        _percent_axis(ax.yaxis, fmt)
        step = 1 if len(x) <= 12 else 2
        ticks = x[::-1][::step][::-1]
        ax.set_xticks(ticks, [fmt.month_short(months[i]) for i in ticks], rotation=45, ha="right")
        ax.grid(axis="x", visible=False)
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), frameon=False, ncols=2)
    return fig


def coverage_bars(
    names: Sequence[str],
    rates: Sequence[float | None],
    target: float | None,
    fmt: Formatter,
    *,
    target_label: str,
) -> Figure:
    """Coverage rate per area as horizontal bars, first name at the top (target dashed)."""
    with mpl.rc_context(_RC):
        height = 0.5 + BAR_PITCH_IN * max(len(names), 3)
        fig = _figure(height, left=label_width(names) + 0.15, right=0.3, top=0.1, bottom=0.3)
        ax = fig.axes[0]
        y = list(range(len(names)))[::-1]
        values = [0 if r is None else r for r in rates]
        colours = [SKY if (r is not None and target is not None and r >= target) else BLUE for r in rates]
        ax.barh(y, values, color=colours, height=0.7)
        for yi, r in zip(y, rates, strict=True):
            ax.annotate(
                fmt.percent(r),
                (0 if r is None else r, yi),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
            )
        if target is not None:
            ax.axvline(target, color=VERMILLION, linestyle="--", linewidth=1.2, label=target_label)
        ax.set_yticks(y, names)
        top = max([*([target] if target is not None else []), *values], default=0)
        ax.set_xlim(0, max(top, MIN_RATE_AXIS) * 1.18)
        _percent_axis(ax.xaxis, fmt)
        ax.grid(axis="y", visible=False)
        if target is not None:  # the legend names only the target line
            ax.legend(loc="lower right", frameon=False)
    return fig


def stacked_bands(
    names: Sequence[str],
    bands: Sequence[tuple[str, Sequence[int], str]],
    fmt: Formatter,
) -> Figure:
    """Counts per area split into ordered bands (label, counts per area, colour), stacked."""
    with mpl.rc_context(_RC):
        height = 0.7 + BAR_PITCH_IN * max(len(names), 3)
        fig = _figure(height, left=label_width(names) + 0.15, top=0.1, bottom=0.6)
        ax = fig.axes[0]
        y = list(range(len(names)))[::-1]
        left = [0] * len(names)
        for label, counts, colour in bands:
            ax.barh(y, counts, left=left, color=colour, height=0.7, label=label)
            left = [a + b for a, b in zip(left, counts, strict=True)]
        ax.set_yticks(y, names)
        _count_axis(ax.xaxis, fmt)
        ax.grid(axis="y", visible=False)
        # the legend at the figure's foot, below the axis labels (never over them)
        fig.legend(loc="lower center", bbox_to_anchor=(0.5, 0.0), frameon=False, ncols=len(bands))
    return fig


def count_bars(names: Sequence[str], counts: Sequence[int], fmt: Formatter) -> Figure:
    """Counts per category as horizontal bars, first name at the top."""
    with mpl.rc_context(_RC):
        height = 0.4 + BAR_PITCH_IN * max(len(names), 3)
        fig = _figure(height, left=label_width(names) + 0.15, right=0.3, top=0.1, bottom=0.3)
        ax = fig.axes[0]
        y = list(range(len(names)))[::-1]
        ax.barh(y, counts, color=BLUE, height=0.7)
        for yi, c in zip(y, counts, strict=True):
            ax.annotate(
                fmt.number(c), (c, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7
            )
        ax.set_yticks(y, names)
        ax.set_xlim(0, max([1, *counts]) * 1.15)
        _count_axis(ax.xaxis, fmt)
        ax.grid(axis="y", visible=False)
    return fig


def stacked_area(
    months: Sequence[dt.date],
    series: Sequence[tuple[str, Sequence[int]]],
    fmt: Formatter,
) -> Figure:
    """Monthly counts per category, stacked bottom-up in the order given; legend beside."""
    with mpl.rc_context(_RC):
        fig = _figure(2.1, right=label_width([n for n, _ in series]) + 0.45, top=0.1)
        ax = fig.axes[0]
        x = list(range(len(months)))
        colours = [PALETTE_SERIES[i % len(PALETTE_SERIES)] for i in range(len(series))]
        if series:
            ax.stackplot(
                x,
                *[list(v) for _, v in series],
                labels=[n for n, _ in series],
                colors=colours,
                linewidth=0.3,
                edgecolor="white",
            )
        _count_axis(ax.yaxis, fmt)
        step = 1 if len(x) <= 12 else 2
        ticks = x[::-1][::step][::-1]
        ax.set_xticks(ticks, [fmt.month_short(months[i]) for i in ticks], rotation=45, ha="right")
        ax.set_xlim(0, max(len(x) - 1, 1))
        ax.grid(axis="x", visible=False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, reverse=True)
    return fig


def flows(
    months: Sequence[dt.date],
    new: Sequence[int],
    lapsed: Sequence[int],
    fmt: Formatter,
    *,
    new_label: str,
    lapsed_label: str,
) -> Figure:
    """New participants up and lapsed participants down, per month."""
    with mpl.rc_context(_RC):
        fig = _figure(1.85, left=0.6, bottom=0.5)
        ax = fig.axes[0]
        x = list(range(len(months)))
        ax.bar(x, list(new), color=GREEN, width=0.7, label=new_label)
        ax.bar(x, [-v for v in lapsed], color=VERMILLION, width=0.7, label=lapsed_label)
        ax.axhline(0, color="#444444", linewidth=0.8)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        # lapsed are drawn below zero and their ticks carry the minus sign they stand for
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.signed(v) if v else "0"))
        step = 1 if len(x) <= 12 else 2
        ticks = x[::-1][::step][::-1]
        ax.set_xticks(ticks, [fmt.month_short(months[i]) for i in ticks], rotation=45, ha="right")
        ax.grid(axis="x", visible=False)
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), frameon=False, ncols=2)
    return fig
