import datetime as dt

from matplotlib.figure import Figure

from pipeline.report import charts
from pipeline.report.formatting import Formatter

fmt = Formatter()
MONTHS = [dt.date(2024, m, 1) for m in range(1, 13)] + [dt.date(2025, m, 1) for m in range(1, 10)]


def _trend() -> Figure:
    rates = [0.05 + 0.004 * i for i in range(len(MONTHS))]
    rates[3] = None
    return charts.coverage_trend(MONTHS, rates, 0.5215, fmt, coverage_label="Cakupan", target_label="Target")


def test_charts_are_figures_and_svg_is_deterministic():
    first, second = charts.to_svg(_trend()), charts.to_svg(_trend())
    assert first == second
    assert first.startswith(b"<?xml")
    assert b"<dc:date>" not in first


def test_every_chart_renders_from_plain_rows():
    figures = [
        charts.coverage_bars(["Ledo", "Seluas"], [0.1, None], 0.52, fmt, target_label="T"),
        charts.stacked_bands(
            ["Ledo", "Seluas"], [("a", [1, 2], charts.VERMILLION), ("b", [3, 0], charts.GREEN)], fmt
        ),
        charts.count_bars(["A", "G"], [10, 3], fmt),
        charts.stacked_area(MONTHS[:3], [("APBD", [1, 2, 3]), ("CSR", [0, 1, 1])], fmt),
        charts.flows(MONTHS[:3], [3, 2, 1], [0, 1, 2], fmt, new_label="Baru", lapsed_label="Berhenti"),
    ]
    for fig in figures:
        assert isinstance(fig, Figure)
        assert len(charts.to_svg(fig)) > 1000
