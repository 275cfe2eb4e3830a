"""What an EUM register amounts to: the window of the next Compliance Assessment Visit, each
enhanced article's next inventory due date, and the reconciliation of serial numbers delivered
against those seen in the latest inventory. Rules, the calendar and `sco eum inventory` read these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sco_cli.core.context import Context
from sco_cli.core.dates import add_months
from sco_cli.core.items import indexed
from sco_cli.core.tables import normal_text
from sco_cli.core.thresholds import Thresholds
from sco_cli.eum.model import Article, Register


def serial_key(serial: str) -> str:
    """Serial numbers compare as text, without case, surrounding blanks or Unicode look-alikes (NFKC: a
    `CLU` in fullwidth letters or a no-break space is what a clerk typed): a scanner and a clerk agree. `000123` and
    `123` are two serials."""
    return normal_text(serial).upper()


def cav_window(register: Register, thresholds: Thresholds) -> tuple[date, date] | None:
    """The next CAV is expected 18 to 24 months after the last (SAMM C2.1.5.6.1)."""
    if register.last_cav is None:
        return None
    return (
        add_months(register.last_cav, thresholds.whole("cav_interval_months_min")),
        add_months(register.last_cav, thresholds.whole("cav_interval_months_max")),
    )


@dataclass(frozen=True)
class InventoryDue:
    kind: str  # "initial" or "annual"
    due: date


def inventory_due(article: Article, thresholds: Thresholds) -> InventoryDue | None:
    """The next serial-number inventory an enhanced article in service needs: the initial one
    after arrival, then one every `eeum_inventory_interval_months`."""
    if not article.enhanced or article.status != "in_service" or article.arrival is None:
        return None
    done = [i.date for i in article.inventories if i.date >= article.arrival]
    if not done:
        return InventoryDue(
            "initial", article.arrival + timedelta(days=thresholds.whole("eeum_initial_inventory_days"))
        )
    return InventoryDue("annual", add_months(max(done), thresholds.whole("eeum_inventory_interval_months")))


@dataclass(frozen=True)
class Reconciliation:
    """Serials delivered against the latest inventory that lists serials."""

    inventory_date: date | None
    missing: list[str]  # delivered, not seen
    unknown: list[str]  # seen, not delivered


def reconcile(article: Article) -> Reconciliation:
    listed = [i for i in article.inventories if i.serials]
    if not listed:
        return Reconciliation(None, [], [])
    latest = max(listed, key=lambda i: i.date)
    delivered = {serial_key(s) for s in article.delivered}
    seen = {serial_key(s) for s in latest.serials}
    missing = [s for s in article.delivered if serial_key(s) not in seen]
    unknown = [s for s in dict.fromkeys(latest.serials) if serial_key(s) not in delivered]
    return Reconciliation(latest.date, missing, unknown)


def duplicate_serials(register: Register) -> dict[str, list[int]]:
    """Each serial recorded as delivered more than once in the register, with the article indexes."""
    where: dict[str, list[int]] = {}
    shown: dict[str, str] = {}
    for index, article in indexed(register.articles):
        for serial in article.delivered:
            key = serial_key(serial)
            shown.setdefault(key, serial)
            where.setdefault(key, []).append(index)
    return {shown[key]: indexes for key, indexes in where.items() if len(indexes) > 1}


def article_key(article: Article, index: int) -> str:
    """A stable identity for calendar entries: the line's id, else case, item and site."""
    if article.id:
        return article.id
    parts = [article.case or "", article.description, article.location or ""]
    return "/".join(parts) if any(parts) else f"article-{index + 1}"


def facts(ctx: Context[Register]) -> dict[str, Any]:
    register = ctx.model
    window = cav_window(register, ctx.thresholds)
    articles = []
    overdue = 0
    for index, article in indexed(register.articles):
        due = inventory_due(article, ctx.thresholds)
        overdue += bool(due and due.due < ctx.as_of)
        check = reconcile(article)
        articles.append(
            {
                "line": ctx.loaded.position(("articles", index))[0],
                "key": article_key(article, index),
                "label": article.label,
                "case": article.case,
                "enhanced": article.enhanced,
                "status": article.status,
                "serials": len(article.delivered),
                "inventory_due": due.due.isoformat() if due else None,
                "inventory_kind": due.kind if due else None,
                "missing_serials": check.missing,
                "unknown_serials": check.unknown,
            }
        )
    return {
        "country": register.country,
        "last_cav": register.last_cav.isoformat() if register.last_cav else None,
        "cav_window": [window[0].isoformat(), window[1].isoformat()] if window else None,
        "articles": articles,
        "enhanced_articles": sum(1 for a in register.articles if a.enhanced),
        "inventories_overdue": overdue,
        "duplicate_serials": sorted(duplicate_serials(register)),
    }
