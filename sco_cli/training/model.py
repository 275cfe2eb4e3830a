"""A country's training program plan over (at least) the four years of SAMM C2.1.6.2: the prior
(assessment) year, the current year, the budget year and the planning year, named by the current
fiscal year. Each year holds its training lines and, for IMET, the ceiling (the planning estimate of
the allocation). Line elements are optional in the model so a missing one is a rule finding."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from sco_cli.core import data
from sco_cli.core.types import AnyCase, Day, FiscalYear, Flag, Imported, Model, Money, Text, completions

Funding = Annotated[Literal["imet", "fms", "fmf", "ctfp", "national", "other"], AnyCase]
Priority = Annotated[Literal["a", "b", "c", "d"], AnyCase]
Category = Annotated[Literal["pme", "e_imet", "technical", "operational", "english", "other"], AnyCase]
Status = Annotated[Literal["planned", "requested", "confirmed", "changed", "cancelled", "completed"], AnyCase]


def _fmt_programs() -> list[str]:
    """The FMT programs editors are offered (a named function: see `core.types.completions`)."""
    programs: list[str] = data.shipped("fmt_programs")["programs"]
    return programs


class Line(Model):
    masl: Text | None = Field(default=None, description="The course's MASL identifier (e.g. P179087).")
    title: Text | None = Field(default=None, description="The course title.")
    funding: Funding | None = Field(default=None, description="imet, fms, fmf, ctfp, national or other.")
    priority: Priority | None = Field(
        default=None, description="The training priority code, A to D (SAMM C2.1.6.3.1.1; C10.6)."
    )
    category: Category | None = Field(
        default=None, description="pme, e_imet, technical, operational, english or other (SCETWG checklist)."
    )
    program: Text | None = Field(
        default=None,
        description="The program as the Foreign Military Training report names it (IMET-1, FMF, Section 333, ...; "
        "sco_cli/data/fmt_programs.yaml and sco.yaml `fmt_programs:`).",
        json_schema_extra=completions(_fmt_programs),
    )
    mtt: Flag = Field(default=False, description="true for a Mobile Training Team.")
    us_unit: Text | None = Field(default=None, description="The U.S. unit that gives the training (FMT report).")
    student_unit: Text | None = Field(
        default=None, description="The partner's unit the students come from (FMT report; 22 U.S.C. 2416)."
    )
    location: Text | None = Field(default=None, description="Where the training is held (FMT report).")
    students: int | None = Field(
        default=None, ge=0, le=100_000, description="How many students (the FMT report's quantity)."
    )
    cost_usd: Money | None = Field(default=None, description="The line's total cost (e.g. 4634880 or $4,634,880).")
    start: Day | None = Field(default=None, description="The class start date.")
    end: Day | None = Field(default=None, description="The class end date.")
    status: Status | None = Field(
        default=None,
        description="planned, requested, confirmed (quota and start date), changed, cancelled or completed.",
    )
    changed: Day | None = Field(default=None, description="When the line was last changed or cancelled.")
    nominees: list[Text] = Field(
        default_factory=list, description="The students on the line: each 'SURNAME, Given' or an ITO number."
    )
    imported: Imported | None = Field(
        default=None, description="Written by a table import: the table and day the line came from (docs/imports.md)."
    )


def report_title(title: Any, masl: Any) -> Any:
    """The course title the FMT report prints for a line or a student's course: its title, else its MASL
    (the report has no MASL column, and the course needs a name). `sco training import` reads a row's
    course title against a line the same way (`plan_import.PlanLines`)."""
    return masl if title is None or title == "" else title


class Year(Model):
    imet_ceiling_usd: Money | None = Field(
        default=None, description="The IMET funding ceiling (planning estimate of the allocation) for the year."
    )
    assessment: Text | None = Field(
        default=None, description="For the prior year: how the graduates are used, what worked (C10.5)."
    )
    lines: list[Line] = Field(default_factory=list, description="The training lines of the year.")


class TrainingPlan(Model):
    kind: Annotated[Literal["training_plan"], AnyCase] = Field(description="Always `training_plan`.")
    country: Text | None = Field(default=None, description="The partner nation.")
    current_fiscal_year: FiscalYear = Field(
        description="The current year; the plan covers the year before it and the two after (C2.1.6.2)."
    )
    scetwg: Day | None = Field(default=None, description="The date of the CCMD's annual SCETWG (C2.1.6.2.1).")
    prominence_updated: Day | None = Field(
        default=None, description="When positions of prominence were updated in the CETPP (C2.1.6.9.4.1)."
    )
    years: dict[FiscalYear, Year] = Field(
        default_factory=dict, description="Fiscal year -> its lines and IMET ceiling."
    )
