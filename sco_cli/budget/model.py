"""An FMF or IMET budget request for one fiscal year, requirements in priority order (SAMM C2.1.3.4,
C2.3.3.1.4), with the uncommitted FMF balance and its spend plan (C2.1.3.4.3) and, when the office
has it, the DoS-approved FMF program baseline (C2.3.3.1.7).

The C2.3.3.1.4 elements are optional in the model so that a missing one is a rule finding citing
the paragraph (and the facts and the justification document still come out)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from sco_cli.core.types import AnyCase, Day, FiscalYear, Flag, Model, Money, Text

Program = Annotated[Literal["fmf", "imet"], AnyCase]
FundingSource = Annotated[Literal["fmf", "imet", "national", "other"], AnyCase]
Category = Annotated[Literal["materiel", "services", "training", "education", "design_construction"], AnyCase]


_EFFECT = re.compile(
    r"(creat|enhanc|maintain)(?:e|ed|es|s|ing)?\b\s*[-:;,.\u2013\u2014]*\s*(.*)\Z", re.IGNORECASE | re.DOTALL
)
_EFFECT_WORD = {"creat": "created", "enhanc": "enhanced", "maintain": "maintained"}


def _effect_word(value: object) -> object:
    """`create`, `creates` or `Created` are `created`: the required word as it is naturally written."""
    if isinstance(value, str) and (match := _EFFECT.match(value.strip())) and not match.group(2):
        return _EFFECT_WORD[match.group(1).lower()]
    return value


def _capability_from_text(value: object) -> object:
    """A capability written as one line, as offices write it: `maintained - maritime interdiction`
    is the effect `maintained` and the capability `maritime interdiction`; a line that does not lead
    with created, enhanced or maintained is only the capability (BUD003 then asks for the effect)."""
    if not isinstance(value, str):
        return value
    match = _EFFECT.match(value.strip())
    if match:  # `maintained` alone says the effect and not the capability: BUD003 asks for what it is
        return {"effect": _EFFECT_WORD[match.group(1).lower()], "what": match.group(2).strip() or None}
    return {"what": value}


class Capability(Model):
    effect: Annotated[Literal["created", "enhanced", "maintained"], AnyCase, BeforeValidator(_effect_word)] | None = (
        Field(default=None, description="Whether the capability is created, enhanced or maintained (C2.3.3.1.4).")
    )
    what: Text | None = Field(default=None, description="The capability, e.g. offshore maritime patrol.")


class SpendStep(Model):
    date: Day | None = Field(default=None, description="When this part of the balance is to be committed.")
    amount_usd: Money | None = Field(default=None, description="How much of the uncommitted balance.")
    description: Text | None = Field(default=None, description="What it will buy: the LOR, case or line.")
    committed: Flag = Field(default=False, description="true once this part is committed (on an LOA).")


class Requirement(Model):
    priority: int | None = Field(default=None, ge=1, le=10_000, description="1 is the most important.")
    title: Text = Field(description="A short name for the requirement.")
    objective: Text | None = Field(default=None, description="What needs to be accomplished and why.")
    capability: Annotated[
        Capability | None, BeforeValidator(_capability_from_text, json_schema_input_type=Capability | Text | None)
    ] = Field(
        default=None,
        description="The capability created, enhanced or maintained: `effect:` and `what:`, or one line "
        "leading with the effect (`maintained - maritime interdiction`).",
    )
    duration: Text | None = Field(default=None, description="How long it will take to achieve the objective.")
    end_state: Text | None = Field(default=None, description="The desired end state.")
    materiel_services: Text | None = Field(default=None, description="The materiel and/or services required.")
    justification: Text | None = Field(
        default=None, description="Why the materiel and services are critical to the objective."
    )
    amounts_usd: dict[FiscalYear, Money] = Field(
        default_factory=dict, description="Dollars per fiscal year: the budget year and the out-years."
    )
    out_years: Annotated[Literal["none"], AnyCase] | None = Field(
        default=None, description="Write `out_years: none` when nothing is needed after the budget year."
    )
    funding_source: FundingSource | None = Field(
        default=None, description="The source of funds sought: fmf or imet (the request's program)."
    )
    categories: list[Category] = Field(
        default_factory=list,
        description="What the funds buy: materiel, services, training, education, design_construction.",
    )
    msrp_goal: Text | None = Field(default=None, description="The MSRP goal (sco.yaml `msrp_goals:`) it serves.")
    forecast_entry: Text | None = Field(default=None, description="The forecast register entry id it funds.")


class BaselineLine(Model):
    id: Text = Field(description="The line's identifier in the program baseline.")
    description: Text | None = Field(default=None, description="What the line funds.")
    amount_usd: Money | None = Field(default=None, description="The amount on the line.")
    lors: list[Text] = Field(default_factory=list, description="The ids of the LORs submitted under this line.")


class Deviation(Model):
    lor: Text = Field(description="The id of an FMF-funded LOR outside the baseline.")
    approved_by: Text | None = Field(default=None, description="Who approved the deviation (DoS, on CPD request).")
    reference: Text | None = Field(default=None, description="The approval's reference.")
    date: Day | None = Field(default=None, description="The date of the approval.")


class Baseline(Model):
    fiscal_year: FiscalYear | None = Field(default=None, description="The execution year the baseline is for.")
    lines: list[BaselineLine] = Field(default_factory=list, description="How the FMF funds will be used, line by line.")
    deviations: list[Deviation] = Field(
        default_factory=list, description="Approved deviations: FMF-funded LORs allowed outside the baseline."
    )


class Budget(Model):
    kind: Annotated[Literal["budget"], AnyCase] = Field(description="Always `budget`.")
    program: Program = Field(description="fmf or imet.")
    fiscal_year: FiscalYear = Field(description="The fiscal year requested (the budget year).")
    country: Text | None = Field(default=None, description="The partner nation.")
    budget_call: Day | None = Field(
        default=None, description="The date of the DSCA budget call answered (default: the cycle of --as-of)."
    )
    submitted: Day | None = Field(
        default=None,
        description="When the request was submitted through the FMF and IMET Budget Web Tool (C2.3.3.1.3).",
    )
    uncommitted_balance_usd: Money = Field(
        default=0, description="Uncommitted FMF in the country's trust account (C2.1.3.4.3)."
    )
    uncommitted_reason: Text | None = Field(default=None, description="Why the uncommitted balance accumulated.")
    spend_plan: list[SpendStep] = Field(
        default_factory=list, description="How and by when the uncommitted balance will be committed."
    )
    spend_plan_updated: Day | None = Field(
        default=None, description="When the spend-plan update (Table C2.T2, early March) was sent."
    )
    requirements: list[Requirement] = Field(default_factory=list, description="The requirements, in priority order.")
    baseline: Baseline | None = Field(default=None, description="The DoS-approved FMF program baseline.")
