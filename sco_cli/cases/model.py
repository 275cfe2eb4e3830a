"""One FMS case the office follows: its LOA status and dates (SAMM C2.1.4.3), the documents of
the SCO case file (C2.1.5.2), transportation (C2.1.5.4) and how long the file is kept
(Table C2.T1 item 19)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sco_cli.core.types import AnyCase, Day, Flag, Imported, Model, Money, Text

Status = Literal["in_development", "offered", "accepted", "rejected", "implemented", "closed", "cancelled"]
DocumentKind = Literal[
    "lor",
    "cta",
    "technology_release",
    "loa",
    "amendment",
    "modification",
    "shipping",
    "title_transfer",
    "dd645",
    "review_notes",
    "closure",
    "transportation_plan",
    "translation",
    "forwarding_letter",
    "other",
]
Kind = Annotated[DocumentKind, AnyCase]


class Document(Model):
    """A document of the case file: where it is (a path) or how it is referenced."""

    kind: Kind = Field(description="What the document is.")
    date: Day | None = Field(default=None, description="Date of the document.")
    reference: Text | None = Field(default=None, description="Reference (message, letter, DSAMS document).")
    path: Text | None = Field(default=None, description="Where the copy is kept (a file path or a folder).")
    title: Text | None = Field(default=None, description="Short title.")


class Reported(Model):
    """When the SCO advised the IA and DSCA of the purchaser's acceptance or rejection (C2.1.4.3.5)."""

    ia: Day | None = Field(default=None, description="Date the implementing agency was advised.")
    dsca: Day | None = Field(default=None, description="Date DSCA was advised.")


class Case(Model):
    kind: Annotated[Literal["case"], AnyCase] = Field(description="Always `case`.")
    id: Text = Field(description="Case identifier, e.g. XS-D-QAA.")
    title: Text | None = Field(default=None, description="What the case buys.")
    implementing_agency: Text | None = Field(default=None, description="Implementing agency.")
    lor: list[Text] = Field(default=[], description="Ids of the LORs this case answers.")
    bpc: Flag = Field(default=False, description="A Building Partner Capacity case (title transfer documents).")
    status: Annotated[Status, AnyCase] = Field(description="LOA or case status.")
    anticipated_offer: Day | None = Field(default=None, description="Anticipated offer date (AOD) given by the IA.")
    offered: Day | None = Field(default=None, description="Date the LOA was offered to the purchaser.")
    offer_expiration: Day | None = Field(default=None, description="Offer expiration date (OED) of the LOA.")
    loa_examined: Day | None = Field(
        default=None, description="Date the SCO examined the offered LOA, ready to explain it (C2.1.4.3.3)."
    )
    purchaser_signed: Day | None = Field(default=None, description="Date the purchaser signed (accepted) the LOA.")
    rejected: Day | None = Field(default=None, description="Date the purchaser rejected the LOA.")
    reported: Reported | None = Field(default=None, description="Acceptance or rejection advised to the IA and DSCA.")
    value_usd: Money | None = Field(
        default=None, description="The case value in dollars, as the case-status extract gives it."
    )
    implemented: Day | None = Field(default=None, description="Date the case was implemented.")
    final_closure: Day | None = Field(default=None, description="Date of final closure.")
    classified: Flag = Field(default=False, description="The case ships classified materiel.")
    dts: Flag = Field(default=False, description="Materiel is shipped through the Defense Transportation System.")
    dgr: Text | None = Field(default=None, description="The purchaser's Designated Government Representative.")
    purchaser_ready: Day | None = Field(
        default=None, description="Date the SCO confirmed the purchaser is prepared to receive DTS shipments."
    )
    documents: list[Document] = Field(default=[], description="Documents of the SCO case file.")
    requires_documents: list[Kind] = Field(
        default=[], description="Documents this case needs beyond the defaults (cta, technology_release, ...)."
    )
    not_applicable: list[Kind] = Field(
        default=[], description="Default documents that do not apply to this case (e.g. shipping for services)."
    )
    notes: Text | None = Field(default=None, description="Free notes.")
    imported: Imported | None = Field(
        default=None, description="Written by `sco case import`: the table and day the record came from."
    )
