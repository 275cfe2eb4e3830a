"""A budget request's dates for `sco calendar`: each spend-plan step (commit the uncommitted FMF by
then) and the spend-plan update due in early March (Table C2.T2)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sco_cli.budget.model import Budget
from sco_cli.core.events import Event
from sco_cli.core.results import FileResult


def events(result: FileResult) -> Iterator[Event]:
    if not isinstance(result.model, Budget):
        return
    budget = result.model
    program = f"FY{budget.fiscal_year} {budget.program.upper()} request"
    plan_line = result.anchors.get("spend_plan", (1, 1))[0]
    for step in budget.spend_plan:
        if step.date is None:
            continue
        amount = f"${step.amount_usd:,}" if step.amount_usd is not None else "part"
        yield Event(
            step.date,
            f"Commit {amount} of uncommitted FMF: {step.description or '(no description)'} ({program})",
            f"spend-plan:{step.date}:{step.description or ''}",
            result.path,
            plan_line,
            "SAMM C2.1.3.4.3; C2.3.3.1.4",
            "budget",
            done=step.committed,
        )
    due = result.facts.get("spend_plan_update_due")
    if due:
        yield Event(
            date.fromisoformat(due),
            f"Spend-plan update for prior-year uncommitted FMF due ({program})",
            f"spend-plan-update:{budget.fiscal_year}",
            result.path,
            result.anchors.get("uncommitted_balance_usd", (1, 1))[0],
            "SAMM Table C2.T2; C2.3.3.1.7",
            "budget",
            done=budget.spend_plan_updated is not None,
        )
