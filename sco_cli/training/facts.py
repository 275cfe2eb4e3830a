"""What a training plan amounts to, per year: its role in the four years of SAMM C2.1.6.2, the IMET
ceiling and what the lines spend against it (priority A, PME), and each line's change/cancellation
deadline. The lines with their nominees are the facts the cross-file student check reads."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from sco_cli.core.context import Context
from sco_cli.core.items import indexed
from sco_cli.core.thresholds import Thresholds
from sco_cli.training.model import Line, TrainingPlan, Year

ROLES = {-1: "prior", 0: "current", 1: "budget", 2: "planning"}
"""SAMM C2.1.6.2: prior/assessment year, current year, budget year and planning year."""


def role(plan: TrainingPlan, fiscal_year: int) -> str:
    return ROLES.get(fiscal_year - plan.current_fiscal_year, "other")


def active(line: Line) -> bool:
    return line.status != "cancelled"


def imet(year: Year) -> list[Line]:
    """The IMET lines still in the plan (a cancelled line spends nothing)."""
    return [line for line in year.lines if line.funding == "imet" and active(line)]


def total(lines: list[Line]) -> int:
    return sum(line.cost_usd or 0 for line in lines)


def lines_of(plan: TrainingPlan) -> Iterator[tuple[int, int, Line]]:
    """(fiscal year, index in that year, line) for every line, years in order."""
    for fiscal_year in sorted(plan.years):
        for index, line in indexed(plan.years[fiscal_year].lines):
            yield fiscal_year, index, line


FMT_REPORT = "SAMM C2.1.6.9.4.2; 22 U.S.C. 2416"
"""What the rules about the Foreign Military Training report cite."""

FMT_ELEMENTS = (
    ("student_unit", "the student unit"),
    ("students", "the number of students"),
    ("cost_usd", "the total cost"),
    ("location", "the location"),
)
"""What the Foreign Military Training report must give for each activity: 22 U.S.C. 2416 asks for the
number of foreign personnel trained, their units and the location, and each country's total cost
(which only the activities' costs can add up to). Field name on a plan line, and how it is said."""


def fmt_missing(values: dict[str, object]) -> list[str]:
    """The FMT report elements an activity lacks, said as a reader says them (`the student unit`)."""
    return [said for name, said in FMT_ELEMENTS if values.get(name) in (None, "")]


def person_key(text: str) -> str:
    """Names and ITO numbers compare without case or extra spaces: 'TAMM, Lina' is 'Tamm,  lina'."""
    return re.sub(r"\s+", " ", text.replace(" ,", ",")).strip().casefold()


def country_key(name: str) -> str:
    """Country names compare without case or extra spaces (after NFKC): `Republic of  examplestan` is
    `Republic of Examplestan`."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def label(fiscal_year: int, index: int, line: Line) -> str:
    name = line.title or line.masl or "untitled"
    return f"FY{fiscal_year} line {index + 1} ({name})"


def change_deadline(line: Line, thresholds: Thresholds) -> date | None:
    """The last day to change or cancel the line without a charge: `training_change_deadline_days`
    before its start (C2.1.6.2.1.3; 60 days and a 50% charge in the 2012 C10.15.1 text)."""
    if line.start is None:
        return None
    try:
        return line.start - timedelta(days=thresholds.whole("training_change_deadline_days"))
    except OverflowError:
        return None


def facts(ctx: Context[TrainingPlan]) -> dict[str, Any]:
    plan = ctx.model
    years = {}
    for fiscal_year in sorted(plan.years):
        year = plan.years[fiscal_year]
        spending = imet(year)
        years[str(fiscal_year)] = {
            "role": role(plan, fiscal_year),
            "lines": len(year.lines),
            "students": sum(line.students or 0 for line in year.lines if active(line)),
            "cost_usd": total([line for line in year.lines if active(line)]),
            "imet_ceiling_usd": year.imet_ceiling_usd,
            "imet_usd": total(spending),
            "priority_a_usd": total([line for line in spending if line.priority == "a"]),
            "pme_usd": total([line for line in spending if line.category == "pme"]),
        }
    return {
        "country": plan.country,
        "current_fiscal_year": plan.current_fiscal_year,
        "years": years,
        "lines": [
            {
                "fiscal_year": fiscal_year,
                "index": index,
                "line": ctx.loaded.position(("years", str(fiscal_year), "lines", index))[0],
                "label": label(fiscal_year, index, line),
                "masl": line.masl,
                "title": line.title,
                "funding": line.funding,
                "start": line.start.isoformat() if line.start else None,
                "status": line.status,
                "nominees": [
                    {
                        "name": nominee,
                        "line": ctx.loaded.position(("years", str(fiscal_year), "lines", index, "nominees", n))[0],
                    }
                    for n, nominee in indexed(line.nominees)
                ],
            }
            for fiscal_year, index, line in lines_of(plan)
        ],
    }
