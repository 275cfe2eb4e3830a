"""When the firm's information was due (30 days before the first visit, `industry_visit_notice_days`)
and which of the five items of SAMM C2.1.8.4 are missing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sco_cli.core.context import Context
from sco_cli.core.thresholds import Thresholds
from sco_cli.industry.model import ExportLicense, IndustryVisit

ITEMS = {
    "synopsis": "a synopsis of the equipment and services proposed for sale",
    "export_license": "current export licence information with restrictions and provisos",
    "travel_dates": "the dates of planned in-country travel",
    "information_already_provided": "non-proprietary information already given to the host country",
    "support_requested": "the specific support requested",
}


def notice_due(visit: IndustryVisit, thresholds: Thresholds) -> date | None:
    if visit.first_visit is None:
        return None
    return visit.first_visit - timedelta(days=thresholds.whole("industry_visit_notice_days"))


def missing_items(visit: IndustryVisit) -> list[str]:
    missing = [name for name in ITEMS if not getattr(visit, name)]
    licence = visit.export_license
    if isinstance(licence, ExportLicense) and not (licence.number and licence.provisos):
        missing.append("export_license")
    return missing


def capability_key(visit: IndustryVisit) -> str | None:
    return " ".join(visit.capability.lower().split()) if visit.capability else None


def facts(ctx: Context[IndustryVisit]) -> dict[str, Any]:
    visit = ctx.model
    due = notice_due(visit, ctx.thresholds)
    return {
        "company": visit.company,
        "capability": capability_key(visit),
        "first_visit": visit.first_visit.isoformat() if visit.first_visit else None,
        "last_day": visit.last_day.isoformat() if visit.last_day else None,
        "notice_due": due.isoformat() if due else None,
        "notice_received": visit.notice_received.isoformat() if visit.notice_received else None,
        "missing_items": missing_items(visit),
        "outcome": visit.outcome,
    }
