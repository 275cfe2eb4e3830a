"""What a budget request amounts to: totals per fiscal year, the fiscal year its budget cycle builds,
the spend plan against the balance, when the spend-plan update is due, and the program baseline's
lines (which the LOR baseline rule reads across files)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sco_cli.budget.model import Budget, Requirement
from sco_cli.calendar.milestones import cycle_of, in_cycle, request_fiscal_year
from sco_cli.core.context import Context
from sco_cli.core.items import indexed


def fiscal_years(budget: Budget) -> list[int]:
    """Every fiscal year any requirement asks for, in order."""
    return sorted({year for r in budget.requirements for year in r.amounts_usd})


def in_priority_order(budget: Budget) -> list[tuple[int, Requirement]]:
    """(index in the file, requirement), by priority; unprioritized ones last, in file order."""
    numbered = list(indexed(budget.requirements))
    return sorted(numbered, key=lambda pair: (pair[1].priority is None, pair[1].priority or 0, pair[0]))


def expected_fiscal_year(ctx: Context[Budget]) -> int:
    """The fiscal year the budget cycle of the call (or of --as-of) builds."""
    return request_fiscal_year(cycle_of(ctx.model.budget_call or ctx.as_of, ctx.office), ctx.thresholds)


def spend_plan_update_due(ctx: Context[Budget]) -> date | None:
    """Early March of the cycle that built this request (Table C2.T2), the office's date if set."""
    budget = ctx.model
    if budget.program != "fmf" or not budget.uncommitted_balance_usd:
        return None
    cycle = budget.fiscal_year - ctx.thresholds.whole("budget_fy_offset_years")
    return in_cycle("spend-plan-update", cycle, ctx.office)


def submission_due(ctx: Context[Budget]) -> date | None:
    """Late October of the cycle that built this request (Table C2.T2), the office's date if set."""
    cycle = ctx.model.fiscal_year - ctx.thresholds.whole("budget_fy_offset_years")
    return in_cycle("budget-submission-to-ccmd", cycle, ctx.office)


def facts(ctx: Context[Budget]) -> dict[str, Any]:
    budget = ctx.model
    years = fiscal_years(budget)
    due = spend_plan_update_due(ctx)
    baseline = budget.baseline
    return {
        "program": budget.program,
        "fiscal_year": budget.fiscal_year,
        "expected_fiscal_year": expected_fiscal_year(ctx),
        "requirements": [
            {
                "title": r.title,
                "priority": r.priority,
                "line": ctx.loaded.position(("requirements", i))[0],
                "forecast_entry": r.forecast_entry,
                "msrp_goal": r.msrp_goal,
                "amounts_usd": {str(year): amount for year, amount in sorted(r.amounts_usd.items())},
                "total_usd": sum(r.amounts_usd.values()),
            }
            for i, r in indexed(budget.requirements)
        ],
        "totals_usd": {str(y): sum(r.amounts_usd.get(y, 0) for r in budget.requirements) for y in years},
        "budget_year_total_usd": sum(r.amounts_usd.get(budget.fiscal_year, 0) for r in budget.requirements),
        "total_usd": sum(sum(r.amounts_usd.values()) for r in budget.requirements),
        "uncommitted_balance_usd": budget.uncommitted_balance_usd,
        "spend_plan_total_usd": sum(step.amount_usd or 0 for step in budget.spend_plan),
        "spend_plan_update_due": due.isoformat() if due else None,
        "baseline": [
            {"id": line.id, "line": ctx.loaded.position(("baseline", "lines", i))[0], "lors": line.lors}
            for i, line in indexed(baseline.lines if baseline else [])
        ],
        "baseline_deviations": [d.lor for d in (baseline.deviations if baseline else [])],
    }
