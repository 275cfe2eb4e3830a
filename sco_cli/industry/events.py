"""Dated items of an industry visit for `sco calendar`: the date the firm's information is due
(30 days before the first visit) and the visit itself."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sco_cli.core.events import Event
from sco_cli.core.results import FileResult


def events(result: FileResult) -> Iterator[Event]:
    facts = result.facts
    if not facts or not facts["first_visit"] or facts["outcome"] == "cancelled":
        return
    company, first = facts["company"], facts["first_visit"]
    line = result.anchors.get("first_visit", result.where())[0]
    yield Event(
        date.fromisoformat(facts["notice_due"]),
        f"Industry visit {company}: the firm's information due (C2.1.8.4)",
        f"industry-notice:{company}:{first}",
        result.path,
        line,
        "SAMM C2.1.8.4",
        "industry",
        done=facts["notice_received"] is not None,
    )
    yield Event(
        date.fromisoformat(first),
        f"Industry visit: {company}",
        f"industry-visit:{company}:{first}",
        result.path,
        line,
        "SAMM C2.1.8.4",
        "industry",
        done=True,  # a visit on the calendar is a date, not a task: it is never overdue (IND003 asks for the debrief)
        end=date.fromisoformat(facts["last_day"]) if facts["last_day"] else None,
    )
