"""What an LOR amounts to: totals, Javits, 36(b) notification, CTA. Rules report these
and JSON carries them as `facts`, so a script never re-derives a threshold decision."""

from __future__ import annotations

from typing import Any

from sco_cli.core.context import Context
from sco_cli.core.needs import gap_texts
from sco_cli.core.thresholds import Thresholds
from sco_cli.lor.cta import checked_gaps
from sco_cli.lor.model import Lor
from sco_cli.lor.reference import review_tags


def _usd(amount: int) -> str:
    return f"${amount:,}"


def notification_thresholds(thresholds: Thresholds, nato_plus: bool) -> dict[str, int]:
    prefix = "notification_36b_nato_plus_" if nato_plus else "notification_36b_"
    return {
        "mde": thresholds.whole(prefix + "mde_usd"),
        "total": thresholds.whole(prefix + "total_usd"),
        "design_construction": thresholds.whole(prefix + "design_construction_usd"),
    }


def _at_or_above(checks: list[tuple[str, int, int]]) -> list[str]:
    """One reason per (label, amount, threshold) met; "at or above" is >=."""
    return [
        f"{label} {_usd(amount)} is at or above {_usd(limit)}" for label, amount, limit in checks if amount >= limit
    ]


def javits_reasons(mde_usd: int, other_usd: int, design_construction_usd: int, thresholds: Thresholds) -> list[str]:
    """Why an LOR or forecast entry is Javits-reportable. C2.1.3.5.1 reports "$25M or more for support or
    services"; design and construction counts there, because the AECA itself calls it "design and
    construction services" (22 U.S.C. 2776(b)(1))."""
    other = other_usd + design_construction_usd
    label = "other equipment, support and services"
    if design_construction_usd:
        label += " (design and construction included)"
    return _at_or_above(
        [("MDE", mde_usd, thresholds.whole("javits_mde_usd")), (label, other, thresholds.whole("javits_other_usd"))]
    )


def notification_reasons(mde: int, total: int, design: int, thresholds: Thresholds, nato_plus: bool) -> list[str]:
    """AECA 36(b)(1): any one of the three values at or above its threshold."""
    limits = notification_thresholds(thresholds, nato_plus)
    return _at_or_above(
        [
            ("MDE", mde, limits["mde"]),
            ("total articles and services", total, limits["total"]),
            ("design and construction", design, limits["design_construction"]),
        ]
    )


def facts(ctx: Context[Lor]) -> dict[str, Any]:
    lor, office, thresholds, tags = ctx.model, ctx.office, ctx.thresholds, review_tags(ctx.office)
    mde_total = sum(item.total_usd for item in lor.items if item.mde)
    non_mde = sum(item.total_usd for item in lor.items if not item.mde)
    support = sum(s.value_usd or 0 for s in lor.support)
    other = non_mde + support
    design = lor.design_construction_usd or 0
    total = mde_total + other + design
    nato_plus = bool(office and office.nato_plus)
    javits = javits_reasons(mde_total, other, design, thresholds)
    notify = notification_reasons(mde_total, mde_total + other, design, thresholds, nato_plus)
    reviews = sorted({tag for item in lor.items for tag in item.unique_review})
    cta_reasons, endorsement_reasons = [], []
    if notify:
        cta_reasons.append("36(b) congressional notification is likely: " + "; ".join(notify))
    if lor.new_capability:
        cta_reasons.append("the LOR introduces a new capability")
    for tag in reviews:
        unknown = {"title": f"unknown tag '{tag}'", "cta": "required", "cta_source": "counted until LOR014 is fixed"}
        spec = tags.get(tag, unknown)
        if spec.get("cta") != "required":
            continue
        if spec.get("endorsement_for_repeat") and repeat_buy(lor):
            endorsement_reasons.append(
                f"{spec['title']}: a repeat buy (LOR-A) needs an SCO endorsement, not a full CTA (NVD guide C2.2.3)"
            )
        else:
            cta_reasons.append(f"sensitive item needing unique review: {spec['title']} ({spec['cta_source']})")
    for who in lor.cta_requested_by:
        cta_reasons.append(f"a CTA was requested by {who}")
    endorsement_required = bool(endorsement_reasons) and not cta_reasons
    # what the CTA (endorsement) lacks, apart from whether SAMM requires one: for a required one, or one the
    # LOR drafts (CTA001, CTA002, CTA004, CTA006, CTA007, CTA008 report each item)
    cta_gaps = checked_gaps(lor, office, False) if cta_reasons or lor.cta is not None else []
    endorsement_gaps = checked_gaps(lor, office, True) if endorsement_required or lor.sco_endorsement else []
    return {
        "id": lor.id,
        "mde_total_usd": mde_total,
        "other_usd": other,
        "design_construction_usd": design,
        "total_usd": total,
        "sme_items": sum(1 for item in lor.items if item.sme or item.mde),
        "javits_reportable": bool(javits),
        "javits_reasons": javits,
        "notification_36b": bool(notify),
        "notification_36b_reasons": notify,
        "nato_plus": nato_plus,
        "unique_reviews": reviews,
        "cta_required": bool(cta_reasons),
        "cta_reasons": cta_reasons,
        "cta_document_gaps": gap_texts(cta_gaps),
        "sco_endorsement_required": endorsement_required,
        "sco_endorsement_reasons": endorsement_reasons if not cta_reasons else [],
        "sco_endorsement_document_gaps": gap_texts(endorsement_gaps),
        "unpriced_items": sum(1 for item in lor.items if not item.priced),
        "case": lor.case,
        "loa_accepted": lor.loa_accepted.isoformat() if lor.loa_accepted else None,
    }


def repeat_buy(lor: Lor) -> bool:
    """An NVD request at or below the guidelines, released before to the same type of end user (LOR-A)."""
    return lor.nvd_request == "lor_a" or (lor.repeat_buy is True and lor.nvd_request != "etp")
