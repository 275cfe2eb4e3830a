"""A U.S. defense firm's marketing visit the SCO supports (SAMM C2.1.8): the five items the firm
sends 30 days before its first visit (C2.1.8.4), the visit dates, and the departure debrief."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from sco_cli.core.types import AnyCase, Day, Flag, Model, Text


class ExportLicense(Model):
    """Current export licence information, including restrictions and provisos."""

    number: Text | None = Field(default=None, description="Licence number (e.g. DSP-5) or exemption.")
    provisos: Text | None = Field(default=None, description="Restrictions and provisos of the licence.")
    expires: Day | None = Field(default=None, description="Expiry date of the licence.")


class TravelDates(Model):
    start: Day = Field(description="First day in the country.")
    end: Day = Field(description="Last day in the country.")


class IndustryVisit(Model):
    kind: Annotated[Literal["industry_visit"], AnyCase] = Field(description="Always `industry_visit`.")
    company: Text = Field(description="The U.S. firm.")
    representatives: list[Text] = Field(default=[], description="Who visits.")
    capability: Text | None = Field(
        default=None, description="The capability marketed (e.g. 'short-range air defence'), for neutrality."
    )
    notice_received: Day | None = Field(default=None, description="Date the SCO received the firm's information.")
    first_visit: Day | None = Field(default=None, description="Date of the first visit in country.")
    follow_up: Flag = Field(
        default=False,
        description="true when the firm has visited before: C2.1.8.4 asks its information (30 days ahead, "
        "five items) in advance of initial visits only.",
    )
    synopsis: Text | None = Field(default=None, description="Synopsis of equipment and services proposed for sale.")
    export_license: ExportLicense | Text | None = Field(
        default=None, description="Current export licence information, including restrictions and provisos."
    )
    travel_dates: TravelDates | Text | None = Field(default=None, description="Dates of planned in-country travel.")
    information_already_provided: Text | None = Field(
        default=None,
        description="Non-proprietary information already given to the host country, or other contacts about it.",
    )
    support_requested: list[Text] | Text | None = Field(
        default=None, description="Specific support requested (briefings, appointments)."
    )
    debrief: Day | None = Field(default=None, description="Date the firm debriefed the SCO before leaving.")
    debrief_notes: Text | None = Field(default=None, description="What the debrief said.")
    concern: Text | None = Field(
        default=None,
        description="A concern that the marketing does not coincide with U.S. defense interests or may damage "
        "U.S. credibility (C2.1.8.8).",
    )
    concern_relayed: Day | None = Field(
        default=None, description="When the concern, with a request for guidance, went to the MILDEP and DSCA."
    )
    outcome: Annotated[Literal["planned", "done", "cancelled"], AnyCase] = Field(
        default="planned", description="State of the visit."
    )

    @property
    def last_day(self) -> date | None:
        """The day the firm leaves, when the file says it: the end of structured travel dates. Travel dates
        in words (`the week of 20 November`) do not say it, and the first visit is not the last day."""
        if isinstance(self.travel_dates, TravelDates):
            return self.travel_dates.end
        return None
