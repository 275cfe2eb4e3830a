"""What an LOR amounts to: totals, Javits, 36(b) notification, CTA. Rules report these
and JSON carries them as `facts`, so a script never re-derives a threshold decision."""

from __future__ import annotations

from typing import Any

from sco_cli.core.context import Context
from sco_cli.core.thresholds import Thresholds
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


def javits_reasons(mde_usd: int, other_usd: int, thresholds: Thresholds) -> list[str]:
    """Why an LOR or forecast entry is Javits-reportable."""
    return _at_or_above(
        [
            ("MDE", mde_usd, thresholds.whole("javits_mde_usd")),
            ("other equipment, support and services", other_usd, thresholds.whole("javits_other_usd")),
        ]
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
    javits = javits_reasons(mde_total, other, thresholds)
    notify = notification_reasons(mde_total, mde_total + other, design, thresholds, nato_plus)
    reviews = sorted({tag for item in lor.items for tag in item.unique_review})
    cta_reasons = []
    if notify:
        cta_reasons.append("36(b) congressional notification is likely: " + "; ".join(notify))
    if lor.new_capability:
        cta_reasons.append("the LOR introduces a new capability")
    for tag in reviews:
        title = tags.get(tag, {}).get("title", tag)
        cta_reasons.append(f"sensitive item needing unique review: {title}")
    for who in lor.cta_requested_by:
        cta_reasons.append(f"a CTA was requested by {who}")
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
        "case": lor.case,
        "loa_accepted": lor.loa_accepted.isoformat() if lor.loa_accepted else None,
    }
