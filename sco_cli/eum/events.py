"""Dated items of an EUM register for `sco calendar`: the window of the next Compliance Assessment
Visit and each enhanced article's next serial-number inventory. Built from the file's facts, so they
come out whether or not the command kept the model."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sco_cli.core.events import Event
from sco_cli.core.results import FileResult


def events(result: FileResult) -> Iterator[Event]:
    facts = result.facts
    if not facts:
        return
    country = facts.get("country") or "register"
    window = facts.get("cav_window")
    if window:
        yield Event(
            day=date.fromisoformat(window[0]),
            end=date.fromisoformat(window[1]),
            window=True,
            title=f"DSCA Compliance Assessment Visit expected (last CAV {facts['last_cav']})",
            key=f"eum-cav:{country}",
            source=result.path,
            line=result.anchors.get("last_cav", (1, 1))[0],
            reference="SAMM C2.1.5.6.1",
            category="eum",
        )
    for article in facts.get("articles", []):
        if not article["inventory_due"]:
            continue
        yield Event(
            day=date.fromisoformat(article["inventory_due"]),
            title=f"EEUM {article['inventory_kind']} serial-number inventory: {article['label']}",
            key=f"eum-inventory:{article['key']}",
            source=result.path,
            line=article["line"],
            reference="SAMM C2.1.5.6; C8.4",
            category="eum",
        )
