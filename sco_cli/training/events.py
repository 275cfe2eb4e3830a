"""A training plan's dates for `sco calendar`: the SCETWG, the positions-of-prominence update due
before it (C2.1.6.9.4.1), and each line's last day to change or cancel without a charge
(C2.1.6.2.1.3, `training_change_deadline_days`)."""

from __future__ import annotations

from collections.abc import Iterator

from sco_cli.core.events import Event
from sco_cli.core.results import FileResult
from sco_cli.core.thresholds import shipped
from sco_cli.training.facts import change_deadline, label, lines_of
from sco_cli.training.model import TrainingPlan


def events(result: FileResult) -> Iterator[Event]:
    if not isinstance(result.model, TrainingPlan):
        return
    plan = result.model
    thresholds = result.thresholds or shipped()
    if plan.scetwg:
        line = result.anchors.get("scetwg", (1, 1))[0]
        yield Event(
            plan.scetwg,
            "CCMD SCETWG",
            f"scetwg:{plan.scetwg.year}",
            result.path,
            line,
            "SAMM C2.1.6.2.1",
            "training",
            True,
        )
        yield Event(
            plan.scetwg,
            "Positions of prominence updated in the CETPP (before the SCETWG)",
            f"prominence-update:{plan.scetwg.year}",
            result.path,
            result.anchors.get("prominence_updated", (line, 1))[0],
            "SAMM C2.1.6.9.4.1",
            "training",
            plan.prominence_updated is not None,
        )
    by_line = {(f["fiscal_year"], f["index"]): f["line"] for f in result.facts.get("lines", [])}
    for fiscal_year, index, item in lines_of(plan):
        deadline = change_deadline(item, thresholds)
        if deadline is None or item.status == "cancelled":
            continue
        yield Event(
            deadline,
            f"Last day to change or cancel without charge: {label(fiscal_year, index, item)}, starts {item.start}",
            f"change-deadline:{fiscal_year}:{item.masl or item.title or index}:{item.start}",
            result.path,
            by_line.get((fiscal_year, index), 1),
            "SAMM C2.1.6.2.1.3; training_change_deadline_days",
            "training",
            item.status == "confirmed",
        )
