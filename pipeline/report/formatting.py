"""Locale-aware formatting of report values through Babel.

Every number, amount, rate and date a report prints goes through one ``Formatter``;
templates call its methods as Jinja filters and never build number strings themselves.

Percentages: Babel's ``id_ID`` percent pattern is ``#,##0%`` (``85%``). The report
keeps Babel's digits, grouping and decimal comma but uses the pattern
``#,##0.0 %`` with a no-break space before the sign, so a rate prints as ``85,3 %``
(the form the monitoring meetings use) and never wraps between number and sign.

One rule for every percentage a report prints, computed or set (a coverage rate, an
attainment, a share, a UCJ target): one decimal, ``1,0 %`` beside ``1,4 %`` and ``52,2 %``
for a target set as 52,15 %; a rate that is not zero but would print as ``0,0 %`` prints
as ``< 0,1 %``. Only chart axes print their ticks with the decimals their step needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from numbers import Number

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

NBSP = "\u00a0"
PERCENT_PATTERN = f"#,##0.0{NBSP}%"
POINTS_PATTERN = "+#,##0.0;-#,##0.0"
SIGNED_INT_PATTERN = "+#,##0;-#,##0"
#: Non-zero rates below this print as "< 0,1 %" (one decimal would show 0,0 %).
SMALLEST_PERCENT = 0.0005


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    # NaN from pandas or DuckDB doubles.
    return isinstance(value, float) and value != value


@dataclass(frozen=True)
class Formatter:
    """Formats values for one locale; ``missing`` is what a null prints as."""

    locale: str = "id_ID"
    missing: str = "–"

    def number(self, value: Number | None) -> str:
        """Whole number with grouping: ``12.200``."""
        if _is_missing(value):
            return self.missing
        return format_decimal(round(value), "#,##0", locale=self.locale)

    def signed(self, value: Number | None) -> str:
        """Whole number with an explicit sign: ``+120``, ``-35``, ``0``."""
        if _is_missing(value):
            return self.missing
        if round(value) == 0:
            return format_decimal(0, "#,##0", locale=self.locale)
        return format_decimal(round(value), SIGNED_INT_PATTERN, locale=self.locale)

    def decimal(self, value: Number | None, digits: int = 1) -> str:
        """Number with a fixed count of decimals: ``12,5``."""
        if _is_missing(value):
            return self.missing
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, pattern, locale=self.locale)

    def idr(self, value: Number | None) -> str:
        """Rupiah without cents: ``Rp42.000.000``."""
        if _is_missing(value):
            return self.missing
        return format_currency(
            round(value), "IDR", format="¤#,##0", locale=self.locale, currency_digits=False
        )

    def percent(self, value: Number | None, digits: int = 1) -> str:
        """A fraction as a percentage with one decimal: ``0.853`` -> ``85,3 %``, ``0.0004`` -> ``< 0,1 %``.

        ``digits`` is for chart axes only (ticks at 2,5 % steps); every value printed uses one.
        """
        if _is_missing(value):
            return self.missing
        if digits == 1 and 0 < abs(value) < SMALLEST_PERCENT:
            return "< " + format_percent(SMALLEST_PERCENT * 2, PERCENT_PATTERN, locale=self.locale)
        pattern = PERCENT_PATTERN if digits == 1 else f"#,##0{'.' + '0' * digits if digits else ''}{NBSP}%"
        return format_percent(value, pattern, locale=self.locale)

    def points(self, value: Number | None) -> str:
        """A difference of two fractions in percentage points: ``+1,2``; ``0,0`` when it rounds to 0."""
        if _is_missing(value):
            return self.missing
        if round(value * 100, 1) == 0:
            return format_decimal(0, "#,##0.0", locale=self.locale)
        return format_decimal(value * 100, POINTS_PATTERN, locale=self.locale)

    def target(self, value: Number | None) -> str:
        """A target rate, by the one rule of every percentage: ``0.5215`` -> ``52,2 %``."""
        return self.percent(value)

    def month(self, value: dt.date | None) -> str:
        """``September 2025``."""
        if value is None:
            return self.missing
        return format_date(value, "LLLL y", locale=self.locale)

    def month_short(self, value: dt.date | None) -> str:
        """``Sep 2025``, for chart axes."""
        if value is None:
            return self.missing
        return format_date(value, "LLL y", locale=self.locale)

    def date(self, value: dt.date | None) -> str:
        """``18 September 2025``."""
        if value is None:
            return self.missing
        return format_date(value, "d MMMM y", locale=self.locale)

    @staticmethod
    def shorten(text: str | None, width: int = 40) -> str:
        """A long name cut to ``width`` characters with "…": the full name is in the attachment."""
        if text is None:
            return ""
        text = " ".join(str(text).split())
        return text if len(text) <= width else text[: width - 1].rstrip() + "…"

    def filters(self) -> dict[str, object]:
        """The Jinja filters a template uses: ``{{ row.active | num }}``."""
        return {
            "shorten": self.shorten,
            "month_short": self.month_short,
            "num": self.number,
            "signed": self.signed,
            "dec": self.decimal,
            "idr": self.idr,
            "pct": self.percent,
            "pp": self.points,
            "target_pct": self.target,
            "month": self.month,
            "date": self.date,
        }
