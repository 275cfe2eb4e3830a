"""The forecast register: every possible sale the SCO knows of, one entry each. One register
feeds both the calendar-year Javits report and the fiscal-year FMS forecast (SAMM C2.1.3.5)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sco_cli.core.types import Day, Flag, Model, Money, Text


class Entry(Model):
    id: Text
    description: Text
    channel: Literal["fms", "dcs", "eda"]
    mde_usd: Money = 0
    other_usd: Money = 0
    design_construction_usd: Money = 0
    probability: float = Field(ge=0, le=1)
    expected_date: Day
    lor_id: Text | None = None
    implementing_agency: Text | None = None
    quantity: int | None = Field(default=None, ge=0)
    new_capability: Flag | None = None
    notes: Text | None = None


class Forecast(Model):
    kind: Literal["forecast"]
    country: Text
    prepared: Day | None = None
    entries: list[Entry] = []
