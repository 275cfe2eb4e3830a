"""The forecast register: every possible sale the SCO knows of, one entry each. One register
feeds both the calendar-year Javits report and the fiscal-year FMS forecast (SAMM C2.1.3.5)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sco_cli.core.types import AnyCase, Day, Flag, Model, Money, Share, Text


class Entry(Model):
    id: Text = Field(description="The office's identifier for this possible sale, unique in the register.")
    description: Text = Field(description="What would be sold.")
    channel: Annotated[Literal["fms", "dcs", "eda"], AnyCase] = Field(
        description="fms (Foreign Military Sales), dcs (direct commercial sale) or eda (Excess Defense Articles)."
    )
    mde_usd: Money = Field(default=0, description="Estimated value of Major Defense Equipment, in dollars.")
    other_usd: Money = Field(default=0, description="Estimated value of other equipment, support and services.")
    design_construction_usd: Money = Field(default=0, description="Estimated design and construction services.")
    probability: Share = Field(
        description="Likelihood of the sale, 0 to 1 or a percentage (0.9 or 90% is highly probable)."
    )
    expected_date: Day = Field(description="When the LOA or licence is expected.")
    lor_id: Text | None = Field(default=None, description="The id of the LOR this entry becomes, when there is one.")
    implementing_agency: Annotated[Text, AnyCase] | None = Field(default=None, description="The implementing agency.")
    quantity: int | None = Field(default=None, ge=0, le=10**12, description="How many articles.")
    new_capability: Flag | None = Field(default=None, description="True when it introduces a new capability.")
    notes: Text | None = Field(default=None, description="Anything else the office wants to keep with the entry.")


class Forecast(Model):
    kind: Annotated[Literal["forecast"], AnyCase] = Field(description="Always `forecast`.")
    country: Text = Field(description="The partner nation.")
    prepared: Day | None = Field(default=None, description="When the register was last brought up to date.")
    entries: list[Entry] = Field(default_factory=list, description="One entry per possible sale.")
