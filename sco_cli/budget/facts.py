"""Budget facts used across files: each requirement's line, total and forecast link."""

from __future__ import annotations

from typing import Any

from sco_cli.budget.model import Budget
from sco_cli.core.context import Context


def facts(ctx: Context[Budget]) -> dict[str, Any]:
    budget = ctx.model
    return {
        "program": budget.program,
        "fiscal_year": budget.fiscal_year,
        "requirements": [
            {
                "title": r.title,
                "line": ctx.loaded.position(("requirements", i))[0],
                "forecast_entry": r.forecast_entry,
                "total_usd": sum(r.amounts_usd.values()),
            }
            for i, r in enumerate(budget.requirements)
        ],
    }
