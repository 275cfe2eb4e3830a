"""When the clearance request was due (the Foreign Clearance Guide lead time, a setting per country
in sco.yaml) and what the visit still waits for."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sco_cli.core.context import Context
from sco_cli.core.items import indexed
from sco_cli.core.thresholds import Thresholds
from sco_cli.visits.model import Visit


def lead_setting(visit: Visit) -> str:
    """The sco.yaml setting holding the visit's FCG lead time: aircraft and personnel differ."""
    return "aircraft_clearance_lead_days" if visit.type == "aircraft" else "foreign_clearance_lead_days"


def lead_days(visit: Visit, thresholds: Thresholds) -> int:
    return thresholds.whole(lead_setting(visit))


def approved_after_arrival(visit: Visit) -> list[tuple[str, date, tuple[str | int, ...]]]:
    """The clearance and approvals recorded approved on a date after the arrival: the visitor arrived
    first (C2.1.9.3.1). Each as (name, approval date, where in the file)."""
    late: list[tuple[str, date, tuple[str | int, ...]]] = []
    clearance = visit.clearance
    if clearance and clearance.status == "approved" and clearance.date and clearance.date > visit.arrival:
        late.append(("country clearance", clearance.date, ("clearance", "date")))
    for index, approval in indexed(visit.approvals):
        if approval.status == "approved" and approval.date and approval.date > visit.arrival:
            late.append((f"{approval.authority} approval", approval.date, ("approvals", index, "date")))
    return late


def request_due(visit: Visit, thresholds: Thresholds) -> date:
    return visit.arrival - timedelta(days=lead_days(visit, thresholds))


def pending_approvals(visit: Visit) -> list[str]:
    """Clearance and approvals not (yet) granted, by name."""
    pending = []
    if visit.clearance is None or visit.clearance.status not in ("approved", "not_required"):
        pending.append("country clearance")
    pending += [a.authority for a in visit.approvals if a.status not in ("approved", "not_required")]
    return pending


def facts(ctx: Context[Visit]) -> dict[str, Any]:
    visit = ctx.model
    return {
        "title": visit.title,
        "type": visit.type,
        "arrival": visit.arrival.isoformat(),
        "departure": visit.departure.isoformat() if visit.departure else None,
        "request_due": request_due(visit, ctx.thresholds).isoformat(),
        "request_received": visit.request_received.isoformat() if visit.request_received else None,
        "pending_approvals": pending_approvals(visit),
        "support_pending": [s.need for s in visit.support or [] if not s.arranged],
        "outcome": visit.outcome,
    }
