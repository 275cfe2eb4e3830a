"""An FMF or IMET budget request (SAMM C2.1.3.4, C2.3.3.1.4) with the fields PRODUCT.md names.

Only the model and its link to the forecast register exist so far; the budget rules
(C2.3.3.1.4 elements, spend plan) and `sco budget justify` are not built yet."""

from __future__ import annotations

from typing import Literal

from sco_cli.core.types import Day, Model, Money, Text


class Capability(Model):
    effect: Literal["created", "enhanced", "maintained"] | None = None
    what: Text | None = None


class SpendStep(Model):
    date: Day | None = None
    amount_usd: Money | None = None
    description: Text | None = None


class Requirement(Model):
    priority: int | None = None
    title: Text
    objective: Text | None = None
    capability: Capability | Text | None = None
    duration: Text | None = None
    end_state: Text | None = None
    justification: Text | None = None
    materiel_services: Text | None = None
    amounts_usd: dict[int, Money] = {}
    funding_source: Text | None = None
    forecast_entry: Text | None = None  # the forecast register entry id this requirement funds


class Budget(Model):
    kind: Literal["budget"]
    program: Literal["fmf", "imet"]
    fiscal_year: int
    country: Text | None = None
    uncommitted_balance_usd: Money = 0
    spend_plan: list[SpendStep] | Text | None = None
    requirements: list[Requirement] = []
