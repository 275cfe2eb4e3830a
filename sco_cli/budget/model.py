"""An FMF or IMET budget request (SAMM C2.1.3.4, C2.3.3.1.4) with the fields PRODUCT.md names.

Only the model and its link to the forecast register exist so far; the budget rules
(C2.3.3.1.4 elements, spend plan) and `sco budget justify` are not built yet."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sco_cli.core.types import AnyCase, Day, Model, Money, Text


class Capability(Model):
    effect: Annotated[Literal["created", "enhanced", "maintained"], AnyCase] | None = Field(
        default=None, description="Whether the capability is created, enhanced or maintained."
    )
    what: Text | None = Field(default=None, description="The capability.")


class SpendStep(Model):
    date: Day | None = Field(default=None, description="When this part of the balance is to be committed.")
    amount_usd: Money | None = Field(default=None, description="How much.")
    description: Text | None = Field(default=None, description="For what.")


class Requirement(Model):
    priority: int | None = Field(default=None, description="Priority, 1 the highest (C2.3.3.1.4).")
    title: Text = Field(description="The requirement's name.")
    objective: Text | None = Field(default=None, description="What and why.")
    capability: Capability | Text | None = Field(
        default=None, description="The capability created, enhanced or maintained."
    )
    duration: Text | None = Field(default=None, description="The time needed to achieve it.")
    end_state: Text | None = Field(default=None, description="The end state.")
    justification: Text | None = Field(default=None, description="Why the materiel and services are critical.")
    materiel_services: Text | None = Field(default=None, description="The materiel and services requested.")
    amounts_usd: dict[int, Money] = Field(default_factory=dict, description="Dollars per fiscal year: {2028: 12M}.")
    funding_source: Text | None = Field(default=None, description="The fund source, consistent with its purpose.")
    forecast_entry: Text | None = Field(default=None, description="The forecast register entry this requirement funds.")


class Budget(Model):
    kind: Annotated[Literal["budget"], AnyCase] = Field(description="Always `budget`.")
    program: Annotated[Literal["fmf", "imet"], AnyCase] = Field(description="fmf or imet.")
    fiscal_year: int = Field(description="The fiscal year the request is for.")
    country: Text | None = Field(default=None, description="The partner nation.")
    uncommitted_balance_usd: Money = Field(default=0, description="Uncommitted FMF balance, in dollars.")
    spend_plan: list[SpendStep] | Text | None = Field(default=None, description="The plan for the uncommitted balance.")
    requirements: list[Requirement] = Field(default_factory=list, description="The requirements, in priority order.")
