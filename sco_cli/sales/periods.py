"""US Government fiscal years run 1 October to 30 September: FY2027 starts 2026-10-01."""

from __future__ import annotations

from datetime import date


def fiscal_year(day: date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    return date(year - 1, 10, 1), date(year, 9, 30)


def default_forecast_fy(as_of: date) -> int:
    """The upcoming fiscal year: the forecast covers it and the one after (C2.1.3.5.2-3)."""
    return fiscal_year(as_of) + 1
