"""Dated items of a case file for `sco calendar`: the anticipated offer date while the LOA is in
development, the offer expiration date while it is offered, and the end of retention once closed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sco_cli.core.events import Event
from sco_cli.core.results import FileResult


def events(result: FileResult) -> Iterator[Event]:
    facts = result.facts
    if not facts:
        return
    case, status = facts["id"], facts["status"]

    def line(key: str) -> int:
        return result.anchors.get(key, result.where())[0]

    if facts["anticipated_offer"] and status == "in_development":
        yield Event(
            date.fromisoformat(facts["anticipated_offer"]),
            f"Case {case}: anticipated offer date (AOD) of the LOA",
            f"case-aod:{case}",
            result.path,
            line("anticipated_offer"),
            "SAMM C2.1.4.3.1; C2.1.4.3.2",
            "case",
        )
    if facts["offer_expiration"] and status in ("offered", "accepted", "rejected", "cancelled"):
        yield Event(
            date.fromisoformat(facts["offer_expiration"]),
            f"Case {case}: LOA offer expires (OED)",
            f"case-oed:{case}",
            result.path,
            line("offer_expiration"),
            "SAMM C2.1.4.3.4",
            "case",
            done=status != "offered",
        )
    if facts["keep_until"]:
        yield Event(
            date.fromisoformat(facts["keep_until"]),
            f"Case {case}: retention ends, the case file may be destroyed",
            f"case-retention:{case}",
            result.path,
            line("final_closure"),
            "SAMM Table C2.T1 item 19",
            "case",
        )
