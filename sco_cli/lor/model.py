"""A partner's Letter of Request as the SCO drafts it with them (SAMM C2.1.4.1, C5.1.2).

Almost every content element is optional here on purpose: a missing element is a
rule finding that cites the paragraph requiring it, and the file still loads so that
the facts (totals, Javits, 36(b), CTA) are always reported.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from sco_cli.core.types import Day, Flag, Model, Money, Text


class Signatory(Model):
    name: Text | None = None
    title: Text | None = None


class Originator(Model):
    name: Text | None = None
    address: Text | None = None


class Item(Model):
    description: Text | None = None
    quantity: int | None = Field(default=None, ge=1)
    unit_cost_usd: Money | None = None
    value_usd: Money | None = None
    mde: Flag = False
    sme: Flag = False
    category: Text | None = None
    unique_review: list[Text] = []
    nomenclature: Text | None = None
    nsn: Text | None = None
    part_number: Text | None = None

    @property
    def total_usd(self) -> int:
        """The line's value: stated, or quantity times unit cost."""
        if self.value_usd is not None:
            return self.value_usd
        if self.unit_cost_usd is not None and self.quantity is not None:
            return self.unit_cost_usd * self.quantity
        return 0


class Support(Model):
    description: Text | None = None
    value_usd: Money | None = None


def _date_as_delivery(value: object) -> object:
    return {"desired": value} if isinstance(value, str) else value


class Delivery(Model):
    desired: Day | None = None
    ioc: Day | None = None
    expedited: Flag | None = None
    schedule: Text | None = None


class Logistics(Model):
    """The total package (SAMM C2.3.1.1; Figure C5.F14 logistics rows)."""

    spares: Text | None = None
    maintenance_concept: Text | None = None
    support_equipment: Text | None = None
    publications: Text | None = None
    training: Text | None = None
    warranty: Text | None = None
    contractor_support: Text | None = None


class Reference(Model):
    reference: Text | None = None
    date: Day | None = None


class Cta(Model):
    """The Country Team Assessment drafted for this LOR (SAMM C2.1.4.2, Table C5.T1)."""

    date: Day | None = None
    elements: dict[str, Text] = {}
    ccmd_concurrence: Reference | None = None
    cleared_by: list[Text] = []
    sent_to_dsca: Day | None = None


class Lor(Model):
    kind: Literal["lor"]
    id: Text | None = None
    purchaser: Text | None = None
    date: Day | None = None
    signatory: Signatory | None = None
    request_type: Literal["loa", "pa", "loa_amendment", "loa_modification"] | None = None
    implementing_agency: Text | None = None
    funding: Literal["national", "fmf", "other"] | None = None
    new_capability: Flag | None = None
    items: list[Item] = []
    support: list[Support] = []
    design_construction_usd: Money = 0
    delivery: Annotated[Delivery | None, BeforeValidator(_date_as_delivery)] = None
    intended_end_use: Text | None = None
    # LOR content elements, SAMM C5.1.2 (guideline rows 3 to 8)
    blanket_order: Flag = False
    blanket_order_value_usd: Money | None = None
    term_of_sale: Text | None = None
    eda_grant: Flag = False
    third_party: Text | None = None
    originator: Originator | None = None
    reference: Text | None = None
    recipient_unit: Text | None = None
    # LOR checklist, Figure C5.F14 (warnings: the total package approach)
    prior_purchases: Text | None = None
    condition: Literal["new", "refurbished", "as_is"] | None = None
    ship_to: Text | None = None
    freight_forwarder: Text | None = None
    logistics: Logistics | None = None
    # Country Team Assessment
    cta_requested_by: list[Text] = []
    cta: Cta | None = None
    # The FMS case the LOR became, and when the purchaser accepted its LOA (a case file is then due)
    case: Text | None = None
    loa_accepted: Day | None = None
