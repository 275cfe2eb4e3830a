"""Dated items for `sco calendar` from the office file: each LE staff member's reinvestigation and
Limited Access Authorization expiry."""

from __future__ import annotations

from collections.abc import Iterator

from sco_cli.core.events import Event
from sco_cli.core.office import Office
from sco_cli.core.results import FileResult
from sco_cli.core.thresholds import shipped
from sco_cli.office.rules import investigation_due


def events(result: FileResult) -> Iterator[Event]:
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
