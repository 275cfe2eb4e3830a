"""What a case file amounts to: the documents it should hold for its status and which are missing,
the days left before the offer expires, how long the file is kept, and the next date the case
waits for. `sco case status`, the rules and the calendar all read these."""

from __future__ import annotations

from datetime import date
from typing import Any

from sco_cli.cases.model import Case
from sco_cli.core.context import Context
from sco_cli.core.dates import add_years
from sco_cli.core.thresholds import Thresholds

LABELS = {
    "lor": "LOR",
    "cta": "Country Team Assessment",
    "technology_release": "technology release documents",
    "loa": "LOA",
    "amendment": "LOA amendment",
    "modification": "LOA modification",
    "shipping": "shipping documents",
    "title_transfer": "title transfer documents (BPC)",
    "dd645": "DD Form 645 billing statement",
    "review_notes": "review notes (CMR, FMR)",
    "closure": "case closure documents",
    "transportation_plan": "transportation plan",
    "translation": "informal translation of a contractual document",
    "forwarding_letter": "forwarding letter (English text governs)",
    "other": "other document",
}
OFFERED_OR_LATER = ("offered", "accepted", "rejected", "implemented", "closed")
EXECUTED = ("implemented", "closed")


def expected_documents(case: Case) -> list[str]:
    """The SCO case file documents of SAMM C2.1.5.2 that this case's status calls for."""
    expected = [] if case.bpc else ["lor"]  # a BPC case answers no partner request (C2.1.7.1.2)
    if case.status in OFFERED_OR_LATER:
        expected.append("loa")
    if case.status in EXECUTED:
        expected += ["shipping", "dd645"]
        if case.bpc:
            expected.append("title_transfer")
    if case.status == "closed":
        expected.append("closure")
    expected += [kind for kind in case.requires_documents if kind not in expected]
    return [kind for kind in expected if kind not in case.not_applicable]


def missing_documents(case: Case) -> list[str]:
    present = {document.kind for document in case.documents if document.reference or document.path}
    return [kind for kind in expected_documents(case) if kind not in present]


def keep_until(case: Case, thresholds: Thresholds) -> date | None:
    """Case records are kept 10 years after final closure (Table C2.T1 item 19)."""
    if case.final_closure is None:
        return None
    return add_years(case.final_closure, thresholds.whole("case_file_retention_years"))


def offer_open(case: Case, as_of: date) -> bool:
    """Changes to the LOA are still possible: offered, unsigned, OED not passed (C2.1.4.3.4)."""
    return (
        case.status == "offered"
        and case.purchaser_signed is None
        and case.offer_expiration is not None
        and as_of <= case.offer_expiration
    )


def unreported(case: Case) -> list[str]:
    """Who has not been advised of the purchaser's decision (C2.1.4.3.5)."""
    if case.status not in ("accepted", "rejected"):
        return []
    reported = case.reported
    return [who for who, day in (("IA", reported and reported.ia), ("DSCA", reported and reported.dsca)) if not day]


def next_step(case: Case, as_of: date, thresholds: Thresholds) -> tuple[date | None, str]:
    """The next date the case waits for, and what for."""
    if case.status == "in_development":
        if case.anticipated_offer is None:
            return None, "LOA offer (no AOD recorded)"
        late = " (AOD passed: follow up with the IA)" if case.anticipated_offer < as_of else ""
        return case.anticipated_offer, f"LOA offer by the anticipated offer date{late}"
    if case.status == "offered":
        if case.offer_expiration is None:
            return None, "purchaser signature (no OED recorded)"
        days = (case.offer_expiration - as_of).days
        if days < 0:
            return case.offer_expiration, "OED passed: extension, new offer or cancellation"
        return case.offer_expiration, f"purchaser signature before the OED ({days} days left)"
    who = unreported(case)
    if who:
        decision = case.purchaser_signed if case.status == "accepted" else case.rejected
        return decision, f"report the {case.status} LOA to the {' and '.join(who)}"
    if case.status == "accepted":
        return None, "implementation"
    if case.status == "implemented":
        return None, "deliveries and closure"
    if case.status == "closed":
        until = keep_until(case, thresholds)
        if until is None:
            return None, "final closure date"
        return until, "retention ends: the case file may be destroyed"
    return None, "nothing (rejected or cancelled)"


def facts(ctx: Context[Case]) -> dict[str, Any]:
    case = ctx.model
    day, waiting = next_step(case, ctx.as_of, ctx.thresholds)
    until = keep_until(case, ctx.thresholds)
    days_left = None
    if offer_open(case, ctx.as_of) and case.offer_expiration is not None:
        days_left = (case.offer_expiration - ctx.as_of).days
    return {
        "id": case.id,
        "status": case.status,
        "next_date": day.isoformat() if day else None,
        "waiting_for": waiting,
        "offer_days_left": days_left,
        "anticipated_offer": case.anticipated_offer.isoformat() if case.anticipated_offer else None,
        "offer_expiration": case.offer_expiration.isoformat() if case.offer_expiration else None,
        "keep_until": until.isoformat() if until else None,
        # a document sco could not read may be the one that seems missing: nothing is said missing then
        # (the report names the unreadable document, the check its GEN finding)
        "missing_documents": [] if ctx.unread("documents") else missing_documents(case),
        "lor": list(case.lor),
        "documents": sorted({d.kind for d in case.documents if d.reference or d.path} | set(case.not_applicable)),
    }
