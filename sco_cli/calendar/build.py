"""The calendar of one fiscal year: the fixed milestones plus every dated item the checked files offer
through their kind's `events` hook (the calendar knows no kind by name), sorted, each with its
status as of --as-of and a UID that stays the same from run to run."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sco_cli.calendar import milestones
from sco_cli.core.dates import fiscal_year_bounds
from sco_cli.core.events import Event

if TYPE_CHECKING:
    from sco_cli.core.kinds import KindTable
    from sco_cli.core.office import Office
    from sco_cli.core.results import FileResult
    from sco_cli.core.thresholds import Thresholds

FIRST_FY, LAST_FY = 1900, 9998
"""Fiscal years a calendar can show (dates run from year 1 to 9999)."""


@dataclass(frozen=True)
class Item:
    event: Event
    status: str
    """done (recorded in the file, on or before --as-of), scheduled (recorded, later), overdue (due,
    past and not done), past (a fixed milestone gone by), today, or upcoming."""
    uid: str
    next: bool = False

    def to_dict(self) -> dict[str, Any]:
        event = self.event
        return {
            "date": event.day.isoformat(),
            "end": event.end.isoformat() if event.end else None,
            "title": event.title,
            "status": self.status,
            "next": self.next,
            "category": event.category,
            "reference": event.reference,
            "source": event.source,
            "line": event.line if event.source else None,
            "key": event.key,
            "uid": self.uid,
        }


def source_identity(source: str, office: Office | None) -> str:
    """A file named the same way whatever the current folder: relative to its office's folder when
    inside it, else its absolute path; fixed milestones have none."""
    if not source:
        return "sco:milestones"
    if source.startswith("<"):
        return source
    path = Path(source).resolve()
    if office is not None:
        try:
            return path.relative_to(office.base_dir.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def office_identity(office: Office | None) -> str:
    """What tells one office from another in a UID: its country code, organization and country. Two
    offices keep files of the same names and share the fixed milestones, so a UID made of the file and
    key alone would be the same in both calendars, and a calendar application importing both would
    merge their events."""
    if office is None:
        return "no office"
    return "\n".join(str(part or "") for part in (office.country_code, office.organization, office.country))


def uid_of(event: Event, office: Office | None) -> str:
    identity = f"{office_identity(office)}\n{source_identity(event.source, office)}\n{event.key}"
    digest = hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()  # a name's own bytes
    return f"{digest[:32]}@sco"


def _status(event: Event, as_of: date) -> str:
    if event.done:
        return "done" if event.day <= as_of else "scheduled"
    if (event.end or event.day) < as_of:
        return "overdue" if event.source else "past"
    return "today" if event.day <= as_of else "upcoming"


def _in_window(event: Event, start: date, end: date) -> bool:
    return event.day <= end and (event.end or event.day) >= start


def calendar(
    fiscal_year: int,
    as_of: date,
    office: Office | None,
    thresholds: Thresholds,
    results: list[FileResult],
    kinds: KindTable,
) -> list[Item]:
    """Every item of the fiscal year, by date; the first one not done from --as-of on is `next`."""
    start, end = fiscal_year_bounds(fiscal_year)
    events = list(milestones.between(start, end, office, thresholds))
    for result in results:
        if result.events is not None:  # computed during the check (CheckOptions.keep_events), the model dropped
            events += [event for event in result.events if _in_window(event, start, end)]
            continue
        if result.kind is None or result.model is None:
            continue
        offer = kinds.get(result.kind).events
        if offer is not None:
            events += [event for event in offer(result) if _in_window(event, start, end)]
    events.sort(key=lambda e: (e.day, e.source == "", e.category, e.title, e.source, e.key))
    offices = {result.path: result.office for result in results}
    items = [Item(e, _status(e, as_of), uid_of(e, offices.get(e.source) or office)) for e in events]
    for index, item in enumerate(items):
        if item.status in ("today", "upcoming", "scheduled"):
            items[index] = Item(item.event, item.status, item.uid, next=True)
            break
    return items
