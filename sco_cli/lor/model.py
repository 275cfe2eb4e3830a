"""A partner's Letter of Request as the SCO drafts it with them (SAMM C2.1.4.1, C5.1.2).

Almost every content element is optional here on purpose: a missing element is a
rule finding that cites the paragraph requiring it, and the file still loads so that
the facts (totals, Javits, 36(b), CTA) are always reported.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from sco_cli.core import data
from sco_cli.core.types import AnyCase, Day, Flag, Model, Money, Text, completions


def _text(description: str) -> Text | None:
    """An optional text field (used as `field: Text | None = _text("...")`)."""
    value: Text | None = Field(default=None, description=description)
    return value


class Signatory(Model):
    name: Text | None = _text("Who signed the LOR, as written on it.")
    title: Text | None = _text("The signatory's position (on the authorized signers list, C5.1.3.5).")


class Originator(Model):
    name: Text | None = _text("The originating office (C5.1.2.1 row 7).")
    address: Text | None = _text("Its postal address.")


def _review_tags() -> dict[str, object]:
    """The unique-review tags editors are offered (named functions, as every `completions` source)."""
    return data.shipped("review_tags")


def _agencies() -> dict[str, object]:
    return data.shipped("agencies")


class Item(Model):
    description: Text | None = _text("What is requested, as the partner describes it.")
    quantity: int | None = Field(default=None, ge=1, le=10**12, description="How many.")
    configuration: Text | None = _text("Model, configuration or variant wanted (Figure C5.F14).")
    nomenclature: Text | None = _text("Nomenclature (manufacturer, model, catalog number).")
    nsn: Text | None = _text("National Stock Number, when known.")
    part_number: Text | None = _text("Part number, when known.")
    unit_cost_usd: Money | None = Field(default=None, description="Estimated unit cost, if the partner has one.")
    value_usd: Money | None = Field(default=None, description="Estimated value of the line, if the partner has one.")
    mde: Flag = Field(default=False, description="True for Major Defense Equipment (C4.4).")
    sme: Flag = Field(default=False, description="True for Significant Military Equipment (C4.4).")
    category: Text | None = _text("A category of the office's own (vessels, communications, ...).")
    unique_review: list[Annotated[Text, AnyCase]] = Field(
        default_factory=list,
        description="Unique-review tags (C5.1.8), e.g. nvd, comsec: see `sco rules explain LOR013`.",
        json_schema_extra=completions(_review_tags),
    )

    @property
    def total_usd(self) -> int:
        """The line's value: stated, or quantity times unit cost; 0 when the partner gave no estimate."""
        if self.value_usd is not None:
            return self.value_usd
        if self.unit_cost_usd is not None and self.quantity is not None:
            return self.unit_cost_usd * self.quantity
        return 0

    @property
    def priced(self) -> bool:
        return self.value_usd is not None or (self.unit_cost_usd is not None and self.quantity is not None)


class Support(Model):
    description: Text | None = _text("The service or support requested: training, spares, publications, ...")
    value_usd: Money | None = Field(default=None, description="Its estimated value, if the partner has one.")


def _date_as_delivery(value: object) -> object:
    return {"desired": value} if isinstance(value, str) else value


class Delivery(Model):
    desired: Day | None = Field(default=None, description="Desired delivery date.")
    ioc: Day | None = Field(default=None, description="Desired initial operational capability date.")
    expedited: Flag | None = Field(default=None, description="Whether expedited delivery is authorised.")
    schedule: Text | None = _text("The delivery schedule in words.")


class Logistics(Model):
    """The total package (SAMM C2.3.1.1; Figure C5.F14 logistics rows)."""

    spares: Text | None = _text("Supply support and spares provisioning.")
    maintenance_concept: Text | None = _text("Maintenance concept (organizational, intermediate, depot).")
    support_equipment: Text | None = _text("Support equipment.")
    publications: Text | None = _text("Technical data and publications.")
    training: Text | None = _text("Operator and maintenance training.")
    warranty: Text | None = _text("Warranty.")
    contractor_support: Text | None = _text("Contractor logistics support.")


class Reference(Model):
    reference: Text | None = _text("The document's reference.")
    date: Day | None = Field(default=None, description="The document's date.")


class Cta(Model):
    """The Country Team Assessment drafted for this LOR (SAMM C2.1.4.2, Table C5.T1)."""

    date: Day | None = Field(default=None, description="The date of the assessment.")
    elements: dict[str, Text] = Field(
        default_factory=dict, description="One answer per element, by key (`sco rules explain CTA002`)."
    )
    ccmd_concurrence: Reference | None = Field(
        default=None, description="The combatant command's concurrence (Table C5.T1e element 19 for NVDs)."
    )
    cleared_by: list[Text] = Field(default_factory=list, description="The Country Team sections that cleared it.")
    sent_to_dsca: Day | None = Field(default=None, description="The day it was sent to DSCA.")


class ScoEndorsement(Model):
    """The SCO endorsement (abbreviated CTA) for an NVD repeat buy (DSCA 2014 NVD guide C2.2.3; chapter 6)."""

    date: Day | None = Field(default=None, description="The date of the endorsement.")
    first_cta_date: Day | None = Field(
        default=None, description="The date of the CTA submitted when the capability was first introduced."
    )
    first_loa: Text | None = _text("The LOA on which the capability was first introduced (e.g. XS-P-ABC).")
    country_team_informed: Day | None = Field(
        default=None, description="The day the Country Team was informed of this follow-on request."
    )
    format: Annotated[Literal["memo", "email"], AnyCase] | None = Field(
        default=None, description="Sent as a memorandum or an e-mail (C2.2.3)."
    )
    sent_to_dsca: Day | None = Field(default=None, description="The day it was sent to DSCA.")


TERMS_OF_SALE = (
    "Cash with Acceptance",
    "Cash Prior to Delivery",
    "Dependable Undertaking",
    "Payment on Delivery",
    "FMS Credit",
    "MAP Merger",
    "FMS Credit (Non-Repayable)",
    "EDA Grant",
)
"""The terms of sale for LOAs, SAMM Table C9.T12 (C9.8): offered to editors; the LOR's text is not
limited to them (a case may combine terms, C9.8.1)."""


def _terms_of_sale() -> tuple[str, ...]:
    return TERMS_OF_SALE


def _spelling_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


_TERM_BY_SPELLING = {_spelling_key(term): term for term in TERMS_OF_SALE}


def _term_of_sale(value: object) -> object:
    """A term of sale however it is spelled: `FMS Credit (Nonrepayable)`, `FMS credit - non repayable`
    and `fms credit non-repayable` are Table C9.T12's `FMS Credit (Non-Repayable)`. Other text is kept."""
    if isinstance(value, str):
        return _TERM_BY_SPELLING.get(_spelling_key(value), value)
    return value


class Lor(Model):
    kind: Annotated[Literal["lor"], AnyCase] = Field(description="Always `lor`.")
    id: Text | None = _text("The office's identifier for this LOR.")
    purchaser: Text | None = _text("The requesting ministry or service.")
    date: Day | None = Field(default=None, description="The LOR's date.")
    signatory: Signatory | None = Field(default=None, description="Who signed it.")
    request_type: Annotated[Literal["loa", "pa", "loa_amendment", "loa_modification"], AnyCase] | None = Field(
        default=None, description="The response requested: LOA, P&A, LOA amendment or modification (C5.1.2.1 row 3)."
    )
    implementing_agency: Annotated[Text, AnyCase] | None = Field(
        default=None,
        description="The implementing agency: army, navy, air_force, dla, ... (Table C5.T2).",
        json_schema_extra=completions(_agencies),
    )
    funding: Annotated[Literal["national", "fmf", "other"], AnyCase] | None = Field(
        default=None, description="The proposed method of financing (C5.1.2.1 row 5)."
    )
    new_capability: Flag | None = Field(default=None, description="True when the LOR introduces a new capability.")
    items: list[Item] = Field(default_factory=list, description="The articles requested, one line each.")
    support: list[Support] = Field(default_factory=list, description="The services and support requested.")
    design_construction_usd: Money = Field(default=0, description="Design and construction services, in dollars.")
    delivery: Annotated[
        Delivery | None, BeforeValidator(_date_as_delivery, json_schema_input_type=Delivery | Day | None)
    ] = Field(default=None, description="The desired delivery (a date, or a mapping with desired, ioc, schedule).")
    intended_end_use: Text | None = _text("What the partner will use it for.")
    # LOR content elements, SAMM C5.1.2 (guideline rows 3 to 8)
    blanket_order: Flag = Field(default=False, description="True for a blanket order LOA (C5.1.2.1 row 4).")
    blanket_order_value_usd: Money | None = Field(default=None, description="The blanket order's value.")
    term_of_sale: Annotated[Text | None, BeforeValidator(_term_of_sale)] = Field(
        default=None,
        description='The term of sale; FMF: "FMS Credit (Non-Repayable)" (DSCA 14-28).',
        json_schema_extra=completions(_terms_of_sale),
    )
    eda_grant: Flag = Field(default=False, description="True for an Excess Defense Articles grant.")
    third_party: Text | None = _text("Third parties involved, or `none` (C5.1.2.1 row 6).")
    originator: Originator | None = Field(default=None, description="The originator (C5.1.2.1 row 7).")
    reference: Text | None = _text("The LOR's traceable reference number (C5.1.2.1 row 7).")
    recipient_unit: Text | None = _text("The partner unit that receives FMF or EDA grant assistance (Leahy).")
    # LOR checklist, Figure C5.F14 (warnings: the total package approach)
    prior_purchases: Text | None = _text("Related prior FMS or DCS purchases, or `none`.")
    condition: Annotated[Literal["new", "refurbished", "as_is"], AnyCase] | None = Field(
        default=None, description="Desired condition: new, refurbished or as_is."
    )
    ship_to: Text | None = _text("Ship-to address (or MAPAD code).")
    freight_forwarder: Text | None = _text("The partner's freight forwarder.")
    logistics: Logistics | None = Field(default=None, description="The total package (Figure C5.F14).")
    # Country Team Assessment and, for NVD repeat buys, the SCO endorsement
    nvd_request: Annotated[Literal["lor_a", "etp"], AnyCase] | None = Field(
        default=None,
        description="For night vision devices: lor_a (at or below the NVEPIG guidelines, released before to the same "
        "type of end user) or etp (exception to policy) (DSCA 2014 NVD guide C2.1).",
    )
    repeat_buy: Flag | None = Field(
        default=None, description="True for a repeat buy of a capability already released to the same type of end user."
    )
    cta_requested_by: list[Text] = Field(default_factory=list, description="Reviewers who asked for a CTA.")
    cta: Cta | None = Field(default=None, description="The Country Team Assessment drafted for this LOR.")
    sco_endorsement: ScoEndorsement | None = Field(
        default=None, description="The SCO endorsement for an NVD repeat buy (instead of a CTA)."
    )
    # The FMS case the LOR became, and when the purchaser accepted its LOA (a case file is then due)
    case: Text | None = _text("The FMS case identifier the LOR became.")
    loa_accepted: Day | None = Field(default=None, description="The day the purchaser accepted the LOA.")
