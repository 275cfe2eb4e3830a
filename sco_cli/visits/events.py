"""Dated items for `sco calendar`: each official visit (the clearance request due date, and the
visit itself), and on the office file each LE staff member's reinvestigation and LAA expiry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sco_cli.core.events import Event
from sco_cli.core.findings import FileResult
from sco_cli.core.office import Office
from sco_cli.core.thresholds import shipped
from sco_cli.visits.staff import investigation_due


def visit_events(result: FileResult) -> Iterator[Event]:
    facts = result.facts
    if not facts or facts["outcome"] == "cancelled":
        return
    title, arrival = facts["title"], facts["arrival"]
    line = result.anchors.get("arrival", result.where())[0]
    yield Event(
        date.fromisoformat(facts["request_due"]),
        f"Visit {title}: clearance request due (Foreign Clearance Guide lead time)",
        f"visit-request:{title}:{arrival}",
        result.path,
        line,
        "SAMM C2.1.9.3",
        "visit",
        done=facts["request_received"] is not None,
    )
    yield Event(
        date.fromisoformat(arrival),
        f"Visit: {title}",
        f"visit:{title}:{arrival}",
        result.path,
        line,
        "SAMM C2.1.9.3",
        "visit",
        done=True,  # the visit itself is a date, not a task: never overdue
        end=date.fromisoformat(facts["departure"]) if facts["departure"] else None,
    )


def office_events(result: FileResult) -> Iterator[Event]:
    """LE staff dates; they need the office model (checked with keep_models)."""
    office = result.model
    if not isinstance(office, Office):
        return
    thresholds = (result.thresholds or shipped()).with_overrides(office.threshold_overrides())
    line = result.anchors.get("staff", (1, 1))[0]
    for member in office.staff:
        due = investigation_due(member, thresholds)
        if due is not None:
            yield Event(
                due,
                f"LE staff {member.name}: five-year background investigation due",
                f"le-investigation:{member.name}",
                result.path,
                line,
                "SAMM C2.1.9.2.4.1",
                "staff",
            )
        if member.laa is not None and member.laa.expires is not None:
            yield Event(
                member.laa.expires,
                f"LE staff {member.name}: Limited Access Authorization expires",
                f"le-laa:{member.name}",
                result.path,
                line,
                "SAMM C2.1.9.2.4",
                "staff",
            )
