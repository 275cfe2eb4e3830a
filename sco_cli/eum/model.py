"""The office's register of transferred defense articles for end-use monitoring (SAMM C2.1.5.6;
Chapter 8, Golden Sentry): what arrived under which case, routine or enhanced EUM, serial numbers,
where it is kept and by whom, the inventories done, and every change of end use, disposal or
third-party transfer with its USG approval."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from sco_cli.core.types import AnyCase, Day, Flag, Imported, Model, Text

Status = Literal["in_service", "change_of_end_use", "disposed", "transferred"]
EndUseChange = Literal[
    "demilitarization",
    "scrapping",
    "disposal",
    "display",
    "target",
    "civil_government",
    "police",
    "education",
    "other",
]


def _date_as_inventory(value: object) -> object:
    """`- 2026-03-02` in `inventories:` records an inventory on that date, serials not listed."""
    return {"date": value} if isinstance(value, str) else value


class Inventory(Model):
    """One physical inventory of an article (for enhanced EUM, by serial number)."""

    date: Day = Field(description="Date the inventory was done.")
    serials: list[Text] = Field(default=[], description="Serial numbers seen during the inventory.")
    by: Text | None = Field(default=None, description="Who did it (the SCO or personnel appointed on its behalf).")
    reference: Text | None = Field(default=None, description="SCIP-EUM record or report reference.")


class Approval(Model):
    """The USG's prior written consent (DoS PM/RSAT) for a change of end use or a transfer."""

    reference: Text | None = Field(default=None, description="Reference of the written approval.")
    date: Day | None = Field(default=None, description="Date of the approval.")
    by: Text = Field(default="DoS PM/RSAT", description="Who approved it.")


class Disposal(Model):
    """How an approved disposal was carried out (SAMM C2.1.5.6.4; DoD 4160.21-M-1)."""

    method: Text | None = Field(default=None, description="Demilitarization or disposal method.")
    witness: Text | None = Field(
        default=None, description="Who witnessed it: the SCO or a MILDEP subject matter expert."
    )
    before_condition: Text | None = Field(
        default=None, description="Recorded condition before (photos, report) when an environmental agreement exists."
    )
    after_condition: Text | None = Field(default=None, description="Recorded condition after.")


InventoryOrDate = Annotated[Inventory, BeforeValidator(_date_as_inventory, json_schema_input_type=Inventory | Day)]


class Article(Model):
    """One line of the register: articles of one kind under one case, kept at one site."""

    id: Text | None = Field(default=None, description="The office's own identifier for this line.")
    description: Text = Field(description="What the articles are.")
    case: Text | None = Field(default=None, description="FMS case identifier.")
    masl: Text | None = Field(default=None, description="MASL or NSN of the item.")
    enhanced: Flag = Field(default=False, description="Enhanced EUM (true) or routine EUM (false).")
    serial: Text | None = Field(default=None, description="Serial number of a single article.")
    serials: list[Text] = Field(default=[], description="Serial numbers delivered.")
    quantity: int | None = Field(default=None, ge=1, description="Quantity delivered.")
    arrival: Day | None = Field(default=None, description="Date the articles arrived in country.")
    custodian: Text | None = Field(default=None, description="Partner-nation unit holding the articles.")
    location: Text | None = Field(default=None, description="Storage site.")
    inventories: list[
        Annotated[Inventory, BeforeValidator(_date_as_inventory, json_schema_input_type=Inventory | Day)]
    ] = Field(default=[], description="Inventories done: a date, or date with the serials seen.")
    status: Annotated[Status, AnyCase] = Field(default="in_service", description="What has become of the articles.")
    status_date: Day | None = Field(
        default=None, description="Date of the change of end use, disposal or transfer (done or planned)."
    )
    end_use_change: Annotated[EndUseChange, AnyCase] | None = Field(
        default=None, description="The kind of change of end use."
    )
    transferred_to: Text | None = Field(default=None, description="Recipient of a third-party transfer.")
    approval: Approval | None = Field(default=None, description="USG prior written approval.")
    disposal: Disposal | None = Field(default=None, description="Record of an approved disposal.")
    imported: Imported | None = Field(
        default=None, description="Where the line's serials last came from (`sco eum import`; do not edit)."
    )

    @property
    def delivered(self) -> list[str]:
        """Every serial number recorded as delivered (`serial` and `serials`)."""
        return ([self.serial] if self.serial else []) + list(self.serials)

    @property
    def label(self) -> str:
        where = f" at {self.location}" if self.location else ""
        case = f" ({self.case})" if self.case else ""
        return f"{self.description}{case}{where}"


class ControlPlan(Model):
    """The combined EUM control plan with the partner nation (SAMM C2.1.5.6.3): each part names
    where in the plan it is written (a section, a page)."""

    reference: Text | None = Field(default=None, description="Reference or path of the plan.")
    date: Day | None = Field(default=None, description="Date of the plan.")
    internal_accountability: Text | None = Field(
        default=None, description="Partner nation internal accountability procedures."
    )
    inventory_reporting: Text | None = Field(
        default=None, description="Procedures for reporting required inventories and inspections."
    )
    record_keeping: Text | None = Field(default=None, description="Record keeping by the host nation and the SCO.")
    violation_reporting: Text | None = Field(default=None, description="Procedures for reporting possible violations.")
    visit_procedures: Text | None = Field(default=None, description="Procedures to be followed for EUM visits.")


class Referral(Model):
    date: Day | None = Field(default=None, description="Date the Country Team forwarded the information.")
    reference: Text | None = Field(default=None, description="Cable or message reference.")


class Violation(Model):
    """An indication of unauthorized end use (SAMM C2.1.5.6.6)."""

    date: Day | None = Field(default=None, description="Date it was found.")
    description: Text = Field(description="What was found.")
    article: Text | None = Field(default=None, description="The register line concerned (its id or serial).")
    resolved_locally: Flag = Field(default=False, description="Whether the discrepancy was resolved locally.")
    referred_to_pm_rsat: Referral | None = Field(default=None, description="Forwarding to DoS (PM/RSAT).")


class Register(Model):
    kind: Annotated[Literal["eum"], AnyCase] = Field(description="Always `eum`.")
    country: Text | None = Field(default=None, description="The partner nation.")
    last_cav: Day | None = Field(default=None, description="Date of the last DSCA Compliance Assessment Visit.")
    environmental_agreement: Flag = Field(
        default=False, description="An environmental agreement exists with the partner nation (SAMM C2.1.5.6.4)."
    )
    control_plan: ControlPlan | None = Field(default=None, description="The combined EUM control plan.")
    articles: list[Article] = Field(default=[], description="Transferred articles.")
    violations: list[Violation] = Field(default=[], description="Possible violations found.")
