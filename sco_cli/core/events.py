"""Dated items a file implies (a due date, a visit window, a deadline), which `sco calendar` gathers
from every kind. A kind offers them through `KindSpec.events`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Event:
    day: date
    title: str
    key: str
    """Stable identity within its source ("arrival-notice:XS-P-IMT-2027-0101"), so an ICS UID does not
    change between runs and re-importing a calendar updates instead of duplicating."""
    source: str = ""  # the file it comes from; "" for fixed milestones (Table C2.T2)
    line: int = 1
    reference: str = ""  # the SAMM paragraph that sets the date
    category: str = ""  # budget, training, sales, eum, case, visit, ...
    done: bool = False  # recorded as done: never overdue
    end: date | None = None  # the last day, for a window (a CAV expected 18 to 24 months after the last)
    window: bool = False
    """The span is when something is expected, not days it occupies (a CAV window of six months): a
    calendar file shows its first and last day as two events instead of months of all-day events."""
