"""Foreign clearance for official DoD visitors and aircraft (SAMM C2.1.9.3): the request against the
Foreign Clearance Guide lead time, approvals before arrival, support arranged."""

from __future__ import annotations

from collections.abc import Iterator

from sco_cli.core.context import Context
from sco_cli.core.findings import Severity
from sco_cli.core.items import indexed
from sco_cli.core.registry import Problem, rule
from sco_cli.visits.facts import approved_after_arrival, lead_days, lead_setting, pending_approvals, request_due
from sco_cli.visits.model import Visit


def _active(visit: Visit) -> bool:
    return visit.outcome == "planned"


@rule(
    "VIS001",
    slug="clearance-request-lead-time",
    title="Clearance request received within the Foreign Clearance Guide lead time",
    severity=Severity.WARNING,
    reference="SAMM C2.1.9.3; C2.1.9.3.1; foreign_clearance_lead_days, for aircraft aircraft_clearance_lead_days "
    "(FCG, unverified)",
    kind="visit",
    why="SCOs process foreign clearance requests for official DoD visitors and aircraft and enforce compliance "
    "with the DoD Foreign Clearance Guide, whose lead times are country-specific. SAMM gives no number: the "
    "office records its country's lead time in sco.yaml (`foreign_clearance_lead_days`, "
    "`aircraft_clearance_lead_days`).",
    fails="request_received: 2027-01-20\n",
    passes="request_received: 2026-12-01\n",
)
def clearance_request_lead_time(ctx: Context[Visit]) -> Iterator[Problem]:
    visit = ctx.model
    if not _active(visit):
        return
    due, days = request_due(visit, ctx.thresholds), lead_days(visit, ctx.thresholds)
    setting = lead_setting(visit)
    if visit.request_received is None:
        if ctx.as_of > due:
            yield Problem(
                f"{visit.title}: arrival {visit.arrival}; the clearance request was due by {due} ({days} days "
                f"before, `{setting}`) and its receipt is not recorded",
                ("request_received",),
                "record `request_received:`, or tell the sponsor the request is late",
            )
    elif visit.request_received > due:
        yield Problem(
            f"{visit.title}: request received {visit.request_received}, "
            f"{(visit.arrival - visit.request_received).days} day(s) before arrival; the FCG lead time is {days} days "
            f"(`{setting}`)",
            ("request_received",),
            "tell the sponsor; ask the Embassy and host nation whether they can still approve it",
        )


@rule(
    "VIS002",
    slug="clearance-approved-before-arrival",
    title="Clearance and approvals granted before arrival",
    severity=Severity.ERROR,
    reference="SAMM C2.1.9.3; C2.1.9.3.1",
    kind="visit",
    why="The SCO must understand and enforce compliance with the DoD Foreign Clearance Guide: official "
    "visitors and aircraft do not arrive without their clearance. From the arrival day on, the country "
    "clearance and every listed approval must be approved (or `not_required`); a denied one fails at once; "
    "one approved after the arrival date (the visitor came first) fails too, the visit done or not.",
    fails="arrival: 2026-11-24\nclearance: {status: requested, date: 2026-11-01}\n",
    passes="arrival: 2026-11-24\nclearance: {status: approved, date: 2026-11-10, reference: APACS 1234567}\n"
    "approvals:\n  - {authority: MOD, status: approved, date: 2026-11-12}\n",
)
def clearance_approved_before_arrival(ctx: Context[Visit]) -> Iterator[Problem]:
    visit = ctx.model
    if visit.outcome != "cancelled":
        for name, approved, at in approved_after_arrival(visit):
            yield Problem(
                f"{visit.title}: arrived {visit.arrival}, before the {name} was approved ({approved})",
                at,
                "record why the visitor came before the clearance, and tell the sponsor the FCG lead time",
            )
    if not _active(visit):
        return
    denied = [a.authority for a in visit.approvals if a.status == "denied"]
    if visit.clearance is not None and visit.clearance.status == "denied":
        denied.insert(0, "country clearance")
    if denied:
        yield Problem(
            f"{visit.title}: {', '.join(denied)} denied but the visit is still planned",
            ("clearance",) if "country clearance" in denied else ("approvals",),
            "cancel the visit (`outcome: cancelled`) or record the new approval",
        )
        return
    pending = pending_approvals(visit)
    if pending and ctx.as_of >= visit.arrival:
        yield Problem(
            f"{visit.title}: arrival {visit.arrival} and still not approved: {', '.join(pending)}",
            ("clearance",) if visit.clearance else ("arrival",),
            "no arrival without clearance: hold the visit until it is approved",
        )


@rule(
    "VIS003",
    slug="visit-support-arranged",
    title="Security, logistical and administrative support arranged",
    severity=Severity.WARNING,
    reference="SAMM C2.1.9.3; C2.1.10.1.8",
    kind="visit",
    why="SCOs coordinate security, logistical and administrative support for official DoD visitors and aircraft. "
    "Once the visit is within the clearance lead time, each support need is arranged (`arranged: true`); "
    "`support: none` records a visit that needs none.",
    fails="arrival: 2026-12-20\ndeparture: 2026-12-22\nsupport:\n  - {need: airfield parking}\n",
    passes="arrival: 2026-12-20\ndeparture: 2026-12-22\nsupport:\n  - {need: airfield parking, arranged: true}\n",
)
def visit_support_arranged(ctx: Context[Visit]) -> Iterator[Problem]:
    visit = ctx.model
    last = visit.departure or visit.arrival
    if not _active(visit) or ctx.as_of < request_due(visit, ctx.thresholds) or ctx.as_of > last:
        return
    if visit.support is None:
        yield Problem(
            f"{visit.title}: arrival {visit.arrival}; the support needed is not recorded",
            ("support",),
            "list it under `support:` (security, lodging, transport, ...), or write `support: none`",
        )
        return
    for index, item in indexed(visit.support):
        if not item.arranged:
            yield Problem(
                f"{visit.title}: {item.need} not arranged (arrival {visit.arrival})",
                ("support", index),
                "arrange it and set `arranged: true`",
            )
