"""Calendar arithmetic as the SAMM counts it: months are calendar months, clamped to the
month's end (three months before 31 May is 28 or 29 February)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

YEARS = (1900, 2199)
"""The years a date may fall in: outside them it is a typing error, and date arithmetic stays safe."""


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def days_before(day: date, days: int) -> date:
    """`days` before `day`; a result before 1 January of year 1 (an absurd date in a file) is that day."""
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return date.min if days > 0 else date.max


def days_between(start: date, end: date) -> int:
    """Whole days from `start` to `end` (negative when `end` is earlier)."""
    return (end - start).days


def fiscal_year(day: date) -> int:
    """US Government fiscal years run 1 October to 30 September: FY2027 starts 2026-10-01."""
    return day.year + 1 if day.month >= 10 else day.year


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    return date(year - 1, 10, 1), date(year, 9, 30)
