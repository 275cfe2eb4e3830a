"""The fixed dates of the year from `data/milestones.yaml`, with the office's own dates applied.

Table C2.T2 is notional ("Mid August"); sco reads early/mid/late as the 5th/15th/25th and a month
alone as its 1st, and an office overrides any date in sco.yaml under `calendar:`. A budget cycle is
named by the calendar year of its budget call: cycle 2026 runs from the preliminary information of
mid August 2026 to the roundtables of April 2027 and builds the FY2028 request (SAMM C2.3.3.1, "executed
two years in the future", `budget_fy_offset_years`)."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from sco_cli.core.data import shipped
from sco_cli.core.dates import fiscal_year
from sco_cli.core.events import Event
from sco_cli.core.office import parse_month_day

if TYPE_CHECKING:
    from sco_cli.core.office import Office
    from sco_cli.core.thresholds import Thresholds

CYCLE_START = "budget-preliminary-information"
FIRST_MONTH_OF_CYCLE = 8
"""Table C2.T2 starts in August: a milestone in August to December falls in its cycle's calendar
year, one in January to July in the next."""


@dataclass(frozen=True)
class Milestone:
    key: str
    when: str
    month: int
    day: int
    title: str
    reference: str
    category: str
    verified: bool


@cache
def milestones() -> dict[str, Milestone]:
    data = shipped("milestones")
    parts: dict[str, int] = data["parts"]
    found = {}
    for key, entry in data["milestones"].items():
        day = entry["day"] if "day" in entry else parts[entry["part"]]
        found[key] = Milestone(
            key,
            entry["when"],
            entry["month"],
            day,
            entry["title"],
            entry["reference"],
            entry["category"],
            entry["verified"],
        )
    return found


def _day(year: int, month: int, day: int) -> date | None:
    """The date, the day clamped to the month's end (29 February becomes the 28th); None outside
    the years a date can hold."""
    if not 1 <= year <= 9999:
        return None
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _nearest_year(milestone: Milestone, when: date) -> int:
    """The notional year whose occurrence of `milestone` is nearest `when`."""
    candidates = [y for y in (when.year - 1, when.year, when.year + 1) if 1 <= y <= 9999]

    def distance(year: int) -> int:
        notional = _day(year, milestone.month, milestone.day)
        return abs((notional - when).days) if notional else 10**6

    return min(candidates, key=distance)


def occurrence(key: str, year: int, office: Office | None) -> date | None:
    """The milestone's date in notional calendar year `year`, the office's own date if it set one."""
    milestone = milestones()[key]
    override = office.calendar.get(key) if office is not None else None
    if override is not None:
        fixed_year, month, day = parse_month_day(override)
        if fixed_year is None:
            return _day(year, month, day)
        fixed = date(fixed_year, month, day)
        if _nearest_year(milestone, fixed) == year:
            return fixed
    return _day(year, milestone.month, milestone.day)


def cycle_of(day: date, office: Office | None) -> int:
    """The budget cycle `day` falls in: each starts at its preliminary information (mid August)."""
    start = occurrence(CYCLE_START, day.year, office)
    return day.year if start is None or day >= start else day.year - 1


def in_cycle(key: str, cycle: int, office: Office | None) -> date | None:
    """The milestone's date within budget cycle `cycle`."""
    year = cycle if milestones()[key].month >= FIRST_MONTH_OF_CYCLE else cycle + 1
    return occurrence(key, year, office)


def request_fiscal_year(cycle: int, thresholds: Thresholds) -> int:
    """The fiscal year a budget cycle builds: the call's year plus `budget_fy_offset_years`."""
    return cycle + thresholds.whole("budget_fy_offset_years")


def between(start: date, end: date, office: Office | None, thresholds: Thresholds) -> Iterator[Event]:
    """Every milestone occurrence from `start` to `end` inclusive, as calendar events."""
    for key, milestone in milestones().items():
        for year in range(max(start.year - 1, 1), min(end.year + 1, 9999) + 1):
            day = occurrence(key, year, office)
            if day is None or not start <= day <= end:
                continue
            cycle = year if milestone.month >= FIRST_MONTH_OF_CYCLE else year - 1
            fy = fiscal_year(day)
            title = milestone.title.format(request_fy=request_fiscal_year(cycle, thresholds), fy=fy, prior_fy=fy - 1)
            note = "" if milestone.verified else f" ({milestone.when}, notional)"
            own = office is not None and key in office.calendar
            yield Event(
                day,
                title + ("" if own else note),
                f"{key}:{year}",
                "",
                1,
                milestone.reference,
                milestone.category,
            )
