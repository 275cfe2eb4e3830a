"""Dated items for `sco calendar`: each official visit (the clearance request due date, and the
visit itself)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sco_cli.core.events import Event
from sco_cli.core.results import FileResult


def events(result: FileResult) -> Iterator[Event]:
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
