"""An official DoD visit or aircraft the SCO supports (SAMM C2.1.9.3): the clearance request
against the Foreign Clearance Guide lead time, the approvals, and the support arranged."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from sco_cli.core.types import AnyCase, Day, Flag, Model, NoneWord, Text

Decision = Annotated[Literal["requested", "approved", "denied", "not_required"], AnyCase]


_NOT_YET = re.compile(r"\b(not|to be|yet to be|being|un)\s*arranged\b", re.IGNORECASE)
_ARRANGED = re.compile(r"\barranged\b", re.IGNORECASE)


def _support_list(value: object) -> object:
    """`support: none` records that the visit needs no support, unlike leaving the key out. A line of text
    (`hotel and embassy vehicle arranged by OSC admin`) is one support need, as the industry file's
    `support_requested` is: arranged when the text says it is arranged (not "to be arranged")."""
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in ("none", "n/a"):
            return []
        if text:
            return [{"need": text, "arranged": bool(_ARRANGED.search(text)) and not _NOT_YET.search(text)}]
    return value


class Clearance(Model):
    """The country clearance (APACS) for the visit or the aircraft."""

    status: Decision = Field(description="requested, approved, denied or not_required.")
    date: Day | None = Field(default=None, description="Date of the decision (or of the request).")
    reference: Text | None = Field(default=None, description="APACS request number or message reference.")


class Approval(Model):
    """Another approval the visit needs (host nation, theater clearance, diplomatic clearance)."""

    authority: Text = Field(description="Who approves.")
    status: Decision = Field(description="requested, approved, denied or not_required.")
    date: Day | None = Field(default=None, description="Date of the decision.")
    reference: Text | None = Field(default=None, description="Reference.")


class Support(Model):
    need: Text = Field(description="Security, lodging, transport, airfield, interpreter, ...")
    arranged: Flag = Field(default=False, description="Whether it is arranged.")
    by: Text | None = Field(default=None, description="Who arranged it.")


class Visit(Model):
    kind: Annotated[Literal["visit"], AnyCase] = Field(description="Always `visit`.")
    title: Text = Field(description="Who visits and why.")
    type: Annotated[Literal["personnel", "aircraft"], AnyCase] = Field(
        default="personnel", description="Official DoD visitors, or an aircraft."
    )
    visitors: list[Text] = Field(default=[], description="Names or the delegation.")
    sponsor: Text | None = Field(default=None, description="Sponsoring organization.")
    aircraft: Text | None = Field(default=None, description="Aircraft type, tail number, call sign.")
    request_received: Day | None = Field(default=None, description="Date the clearance request reached the SCO.")
    arrival: Day = Field(description="Arrival date in country.")
    departure: Day | None = Field(default=None, description="Departure date.")
    clearance: Clearance | None = Field(default=None, description="The country clearance.")
    approvals: list[Approval] = Field(default=[], description="Other approvals needed.")
    support: Annotated[
        list[Support] | None,
        BeforeValidator(_support_list, json_schema_input_type=list[Support] | NoneWord | Text | None),
    ] = Field(
        default=None,
        description="Security, logistical and administrative support: a list of needs, one line of text, or `none`.",
    )
    outcome: Annotated[Literal["planned", "done", "cancelled"], AnyCase] = Field(
        default="planned", description="State of the visit."
    )
