"""LOR rules, each the SAMM sentence it enforces (C2.1.4.1 and the C5.1 paragraphs it points to)."""

from __future__ import annotations

from collections.abc import Iterator

from sco_cli.core.context import Context
from sco_cli.core.findings import Severity
from sco_cli.core.items import indexed
from sco_cli.core.registry import Problem, rule
from sco_cli.core.suggest import did_you_mean
from sco_cli.lor.facts import repeat_buy
from sco_cli.lor.model import Lor
from sco_cli.lor.reference import agencies, review_tags

FMF_TERM_OF_SALE = "FMS Credit (Non-Repayable)"


@rule(
    "LOR001",
    slug="items-described",
    title="Items described well enough to cost",
    severity=Severity.ERROR,
    reference="SAMM C5.1.2.1 row 2 (C5.1.2, 2012 text)",
    kind="lor",
    why="The LOR must describe the articles and services precisely enough for the USG to build an accurate cost "
    "estimate: each line says what and how many. The partner describes, the USG prices: an estimate is welcome "
    "but not required, on a P&A request or an LOA request alike. A blanket order names no quantity: C5.1.2.1 "
    'row 4 asks it only for its value, and a blanket order "does not require a definitive listing of ... items '
    'or quantities" (C2.1.6.4.3). Configuration is checked by LOR020.',
    fails="items:\n  - description: AN/PRC-160 HF radio\n",
    passes="items:\n  - description: AN/PRC-160 HF radio\n    quantity: 40\n",
)
def items_described(ctx: Context[Lor]) -> Iterator[Problem]:
    lor = ctx.model
    if not lor.items and not lor.support:
        yield Problem("the LOR lists no items or services", ("items",), "add `items:` with a description and quantity")
    for index, item in indexed(lor.items):
        label = item.description or f"item {index + 1}"
        if not item.description:
            yield Problem(f"{label}: no description", ("items", index, "description"), "say what is requested")
        if item.quantity is None and not lor.blanket_order:
            yield Problem(f"{label}: no quantity", ("items", index, "quantity"), "say how many")


@rule(
    "LOR002",
    slug="request-type",
    title="Type of response requested",
    severity=Severity.ERROR,
    reference="SAMM C5.1.2.1 row 3",
    kind="lor",
    why="The LOR must say whether it asks for P&A data, an LOA, an LOA Amendment or a Modification.",
    fails="request_type:\n",
    passes="request_type: loa\n",
)
def request_type(ctx: Context[Lor]) -> Iterator[Problem]:
    if ctx.model.request_type is None:
        yield Problem(
            "the LOR does not say which response it requests",
            ("request_type",),
            "add `request_type:` loa, pa, loa_amendment or loa_modification",
        )


@rule(
    "LOR003",
    slug="blanket-order-value",
    title="Blanket order states its value",
    severity=Severity.ERROR,
    reference="SAMM C5.1.2.1 row 4",
    kind="lor",
    why="A blanket order LOA has no defined lines, so the LOR must give the desired materiel and "
    "services value or the total case value.",
    fails="blanket_order: true\n",
    passes="blanket_order: true\nblanket_order_value_usd: 2M\n",
)
def blanket_order_value(ctx: Context[Lor]) -> Iterator[Problem]:
    if ctx.model.blanket_order and not ctx.model.blanket_order_value_usd:
        yield Problem(
            "a blanket order LOR must state the desired value", ("blanket_order",), "add `blanket_order_value_usd:`"
        )


@rule(
    "LOR004",
    slug="financing",
    title="Method of financing stated",
    severity=Severity.ERROR,
    reference="SAMM C5.1.2.1 row 5",
    kind="lor",
    why="The proposed method of financing decides the term of sale and the reviews the LOR needs.",
    fails="funding:\n",
    passes="funding: national\n",
)
def financing(ctx: Context[Lor]) -> Iterator[Problem]:
    if ctx.model.funding is None:
        yield Problem(
            "the LOR does not state the proposed method of financing",
            ("funding",),
            "add `funding:` national, fmf or other",
        )


@rule(
    "LOR005",
    slug="fmf-term-of-sale",
    title="FMF request names the term of sale",
    severity=Severity.ERROR,
    reference="SAMM C5.1.2.1 row 5; DSCA 14-28",
    kind="lor",
    why="An LOR to be financed with FMF non-repayable funds must name the term of sale "
    f'"{FMF_TERM_OF_SALE}" and is copied to DoS PM/SA and the DSCA Country Program Director.',
    fails="funding: fmf\n",
    passes=f"funding: fmf\nterm_of_sale: {FMF_TERM_OF_SALE}\n",
)
def fmf_term_of_sale(ctx: Context[Lor]) -> Iterator[Problem]:
    lor = ctx.model
    if lor.funding == "fmf" and (lor.term_of_sale or "").strip().lower() != FMF_TERM_OF_SALE.lower():
        at = ("term_of_sale",) if lor.term_of_sale else ("funding",)
        yield Problem(
            f'an FMF-funded LOR must name the term of sale "{FMF_TERM_OF_SALE}"',
            at,
            f"set `term_of_sale: {FMF_TERM_OF_SALE}`",
        )


@rule(
    "LOR006",
    slug="third-party",
    title="Third-party involvement stated",
    severity=Severity.ERROR,
    reference="SAMM C5.1.2.1 row 6",
    kind="lor",
    why="Anyone who is not an officer or employee of the requesting government (agents, freight "
    "forwarders, contractors) starts extra reviews, so the LOR must name them or say none.",
    fails="third_party:\n",
    passes="third_party: none\n",
)
def third_party(ctx: Context[Lor]) -> Iterator[Problem]:
    if not ctx.model.third_party:
        yield Problem(
            "the LOR does not state third-party involvement",
            ("third_party",),
            "add `third_party: none`, or name who is involved",
        )


@rule(
    "LOR007",
    slug="originator-reference",
    title="Originator and traceable reference",
    severity=Severity.ERROR,
    reference="SAMM C5.1.2.1 row 7",
    kind="lor",
    why="The LOR must give the originator's name and address and a traceable reference number, "
    "such as a letter serial number, so the IA can answer and track it.",
    fails="originator:\n  address:\n",
    passes="originator:\n  name: MoD\n  address: 1 Main St\nreference: L-1\n",
)
def originator_reference(ctx: Context[Lor]) -> Iterator[Problem]:
    lor = ctx.model
    originator = lor.originator
    if originator is None or not originator.name or not originator.address:
        missing = "originator" if originator is None else "originator name and address"
        yield Problem(f"the LOR lacks the {missing}", ("originator",), "add `originator:` with `name:` and `address:`")
    if not lor.reference:
        yield Problem(
            "the LOR has no traceable reference number",
            ("reference",),
            "add `reference:`, e.g. the letter serial number",
        )


@rule(
    "LOR008",
    slug="leahy-recipient-unit",
    title="FMF or EDA grant names the recipient unit",
    severity=Severity.WARNING,
    reference="DSCA 13-19; SAMM C5.1.2.1 row 8 [S]; FAA 620M (22 U.S.C. 2378d)",
    kind="lor",
    why="DoS collects the intended recipient units of FMF-funded articles and services (including training): "
    '"SCOs should include detail on FMF recipient units" (DSCA 13-19, 2013), so the unit can be vetted under the '
    "Leahy law. The current C5.1.2.1 row 8, which also names EDA grants, was read only in a secondary source, "
    "hence a warning. Since 2022-12-31 such assistance also needs the recipient's written agreement to comply "
    "(22 U.S.C. 2378d).",
    fails="funding: fmf\nterm_of_sale: FMS Credit (Non-Repayable)\n",
    passes="funding: fmf\nterm_of_sale: FMS Credit (Non-Repayable)\nrecipient_unit: 3rd Coastal Patrol Squadron\n",
)
def leahy_recipient_unit(ctx: Context[Lor]) -> Iterator[Problem]:
    lor = ctx.model
    if (lor.funding == "fmf" or lor.eda_grant) and not lor.recipient_unit:
        yield Problem(
            "an FMF or EDA grant LOR should name the partner unit that receives it, for Leahy vetting",
            ("recipient_unit",),
            "add `recipient_unit:` (a security-force unit, not a ministry or service)",
        )


@rule(
    "LOR009",
    slug="signed-and-dated",
    title="Signed by an authorized official, and dated",
    severity=Severity.WARNING,
    reference="SAMM C5.1.3.5 [S]; C5.1.2 (2012: the LOR must be written)",
    kind="lor",
    why="An LOR must be in writing (C5.1.2); DSCA checks the sender against the country's authorized signers "
    "list (C5.1.3.5, read only in a secondary source, hence a warning). Name, title and date let DSCA and the IA "
    "trace it.",
    fails="signatory:\n  name:\n",
    passes="signatory:\n  name: Col. A. Tamm\n  title: Director\n",
)
def signed(ctx: Context[Lor]) -> Iterator[Problem]:
    signatory = ctx.model.signatory
    if signatory is None or not signatory.name or not signatory.title:
        yield Problem(
            "the LOR does not name its signatory with name and title",
            ("signatory",),
            "add `signatory:` with `name:` and `title:`",
        )
    if ctx.model.date is None:
        yield Problem("the LOR is not dated", ("date",), "add `date:` YYYY-MM-DD")


_ARTICLE_CHECKLIST = (
    ("intended_end_use", "intended end use"),
    ("new_capability", "whether this is a new capability"),
    ("prior_purchases", "related prior purchases"),
    ("condition", "desired condition (new, refurbished, as-is)"),
    ("delivery", "desired delivery schedule"),
    ("ship_to", "ship-to address or freight forwarder"),
)
_LOGISTICS = (
    ("spares", "spares"),
    ("maintenance_concept", "maintenance concept"),
    ("support_equipment", "support equipment"),
    ("publications", "technical publications"),
    ("training", "training"),
    ("warranty", "warranty"),
    ("contractor_support", "contractor support"),
)


@rule(
    "LOR010",
    slug="checklist-articles",
    title="LOR checklist: article details",
    severity=Severity.WARNING,
    reference="SAMM Figure C5.F14; C2.3.1.1",
    kind="lor",
    why="The LOR checklist asks for end use, new capability, prior purchases, condition, delivery and "
    "shipping so the first LOA is complete and the partner is not surprised later.",
    fails="prior_purchases:\ncondition:\n",
    passes="prior_purchases: none\ncondition: new\n",
)
def checklist_articles(ctx: Context[Lor]) -> Iterator[Problem]:
    lor = ctx.model
    missing = []
    for name, words in _ARTICLE_CHECKLIST:
        value = getattr(lor, name)
        if name == "ship_to":
            value = lor.ship_to or lor.freight_forwarder
        if value in (None, "") and not ctx.unread(name):
            missing.append(words)
    if missing:
        yield Problem(
            "LOR checklist items not covered: " + "; ".join(missing),
            (),
            "add them, or state 'not applicable' where they do not apply",
        )


@rule(
    "LOR011",
    slug="total-package",
    title="Total package: logistics support",
    severity=Severity.WARNING,
    reference="SAMM C2.3.1.1; Figure C5.F14",
    kind="lor",
    why="The total package approach: an LOR for equipment should also ask for spares, maintenance, "
    "support equipment, publications, training, warranty and contractor support, or say why not.",
    fails="logistics:\n  warranty:\n",
    passes="logistics:\n  warranty: Standard manufacturer warranty\n",
)
def total_package(ctx: Context[Lor]) -> Iterator[Problem]:
    lor = ctx.model
    if not any(item.mde or item.sme or (item.category or "").lower() != "services" for item in lor.items):
        return
    logistics = lor.logistics
    missing = [words for name, words in _LOGISTICS if logistics is None or not getattr(logistics, name)]
    if missing:
        yield Problem(
            "the logistics package does not cover: " + ", ".join(missing),
            ("logistics",),
            "add them under `logistics:`, or write 'not required' with a reason",
        )


@rule(
    "LOR012",
    slug="sme-mde",
    title="SME / MDE in the request",
    severity=Severity.INFO,
    reference="SAMM C2.1.4.1.1; C4.4",
    kind="lor",
    why="SCOs must know whether a requested item is SME or MDE and explain what that means: MDE "
    "drives Javits and 36(b) notification, SME/MDE LORs are copied to State PM.",
    fails="items:\n  - description: Patrol boat\n    mde: true\n",
    passes="items:\n  - description: Radio\n",
)
def sme_mde(ctx: Context[Lor]) -> Iterator[Problem]:
    lor = ctx.model
    flagged = [(i, item) for i, item in indexed(lor.items) if item.mde or item.sme]
    if flagged:
        words = ", ".join(
            f"{item.description or f'item {i + 1}'} ({'MDE' if item.mde else 'SME'})" for i, item in flagged
        )
        yield Problem(
            f"SME/MDE requested: {words}; MDE total ${ctx.facts['mde_total_usd']:,}",
            ("items", flagged[0][0]),
            "copy the LOR to State PM (information addressee)",
        )


@rule(
    "LOR013",
    slug="unique-review",
    title="Item needs a unique review",
    severity=Severity.WARNING,
    reference="SAMM C2.1.4.1.2; C5.1.8 [S]",
    kind="lor",
    why="Some items (night vision devices, MTCR Category I UAVs, COMSEC, ...) need extra reviews, and some a CTA "
    "supplement; the SCO must tell the partner early because they add time. Which tags call for a CTA is data "
    "with its source (sco_cli/data/review_tags.yaml, read from a secondary source [S]): munitions, MTCR Category "
    "I UAV, C4ISR, GEOINT, NVD, MANPADS and targeting infrastructure have CTA supplement tables (C5.T1A-T1H); "
    "EW, BMD, white phosphorus, working dogs, COMSEC, pre-OT&E and ENDP are special reviews (Table C5.T4). An "
    "NVD repeat buy (LOR-A) needs an SCO endorsement instead of a full CTA (DSCA 2014 NVD guide C2.2.3).",
    fails="items:\n  - description: NVG\n    quantity: 60\n    unique_review: [nvd]\n",
    passes="items:\n  - description: Radio\n    quantity: 40\n",
)
def unique_review(ctx: Context[Lor]) -> Iterator[Problem]:
    tags = review_tags(ctx.office)
    for index, item in indexed(ctx.model.items):
        for position, tag in indexed(item.unique_review):
            if tag not in tags:
                continue
            spec = tags[tag]
            if spec.get("cta") != "required":
                then = "a special review; the tag alone does not call for a CTA"
            elif spec.get("endorsement_for_repeat") and repeat_buy(ctx.model):
                then = "a repeat buy: an SCO endorsement instead of a CTA (NVD guide C2.2.3)"
            else:
                then = "a CTA with its supplement"
            yield Problem(
                f"{item.description or f'item {index + 1}'}: unique review: {spec['title']}; {then} "
                f"({spec.get('cta_source') or spec['source']})",
                ("items", index, "unique_review", position),
                "tell the partner the review adds time, and prepare what it needs",
            )


@rule(
    "LOR014",
    slug="unknown-review-tag",
    title="Unknown unique review tag",
    severity=Severity.ERROR,
    reference="SAMM C5.1.8; sco file format",
    kind="lor",
    why="A misspelt review tag would hide a required review, so an unknown tag is an error in the file, like an "
    "unknown field. The known tags are listed with LOR013; an office adds its own in sco.yaml `review_tags:`.",
    fails="items:\n  - description: NVG\n    quantity: 60\n    unique_review: [nvds]\n",
    passes="items:\n  - description: NVG\n    quantity: 60\n    unique_review: [NVD]\n",
)
def unknown_review_tag(ctx: Context[Lor]) -> Iterator[Problem]:
    tags = review_tags(ctx.office)
    for index, item in indexed(ctx.model.items):
        for position, tag in indexed(item.unique_review):
            if tag not in tags:
                yield Problem(
                    f"unknown unique review tag '{tag}'",
                    ("items", index, "unique_review", position),
                    did_you_mean(tag, tags, "known tags: " + ", ".join(tags)),
                )


@rule(
    "LOR015",
    slug="javits-reportable",
    title="Javits-reportable",
    severity=Severity.INFO,
    reference="SAMM C2.1.3.5.1; AECA 25",
    kind="lor",
    why="Sales of $7M or more of MDE or $25M or more of other equipment and services go in the "
    "calendar-year Javits report, whatever their probability.",
    fails="items:\n  - description: Boat\n    mde: true\n    value_usd: 7M\n",
    passes="items:\n  - description: Boat\n    mde: true\n    value_usd: 6999999\n",
)
def javits_reportable(ctx: Context[Lor]) -> Iterator[Problem]:
    if ctx.facts["javits_reportable"]:
        yield Problem(
            "Javits-reportable: " + "; ".join(ctx.facts["javits_reasons"]),
            ("items",),
            "the Javits report lists it from the forecast register (FCS003 checks the register has it)",
        )


@rule(
    "LOR016",
    slug="notification-36b",
    title="AECA 36(b) congressional notification likely",
    severity=Severity.INFO,
    reference="22 U.S.C. 2776(b)(1); SAMM C5.5",
    kind="lor",
    why="A sale at or above any one of the three 36(b) thresholds (MDE, total, design and construction; "
    "higher for NATO+ purchasers) needs formal notification to Congress before the LOA is offered.",
    fails="items:\n  - mde: true\n    value_usd: 14M\n",
    passes="items:\n  - mde: true\n    value_usd: 13M\n",
)
def notification_36b(ctx: Context[Lor]) -> Iterator[Problem]:
    if ctx.facts["notification_36b"]:
        group = "NATO+" if ctx.facts["nato_plus"] else "non-NATO+"
        yield Problem(
            f"36(b) notification likely ({group} thresholds): " + "; ".join(ctx.facts["notification_36b_reasons"]),
            ("items",),
            "plan for the notification review period; a CTA is required",
        )


@rule(
    "LOR017",
    slug="cta-required",
    title="Country Team Assessment (or SCO endorsement) required",
    severity=Severity.INFO,
    reference="SAMM C2.1.4.2; C5.1.4 [S]; DSCA 2014 NVD guide C2.2.3",
    kind="lor",
    why="A CTA must accompany an LOR that will likely need 36(b) notification, introduces a new capability, "
    "involves a sensitive item whose review calls for one (LOR013), or when a reviewer asks for one (the C5.1.4 "
    "list was read in a secondary source). An NVD repeat buy at or below the guidelines for the same type of end "
    "user (LOR-A) needs an SCO endorsement instead (NVD guide C2.2.3), unless another trigger applies.",
    fails="new_capability: true\n",
    passes="new_capability: false\n",
    reads=("nvd_request",),
)
def cta_required(ctx: Context[Lor]) -> Iterator[Problem]:
    if ctx.facts["cta_required"]:
        yield Problem(
            "a CTA must accompany this LOR: " + "; ".join(ctx.facts["cta_reasons"]),
            ("cta",),
            "draft it with `sco cta generate`",
        )
    elif ctx.facts["sco_endorsement_required"]:
        yield Problem(
            "an SCO endorsement (abbreviated CTA) must accompany this LOR: "
            + "; ".join(ctx.facts["sco_endorsement_reasons"]),
            ("sco_endorsement",),
            "draft it with `sco cta generate --endorsement`",
        )


@rule(
    "LOR018",
    slug="implementing-agency",
    title="Implementing agency known",
    severity=Severity.ERROR,
    reference="SAMM C2.1.4.1.3; Table C5.T2",
    kind="lor",
    why="The SCO helps route the LOR to the right implementing agency; an unknown agency means the "
    "LOR will not reach anyone who can act on it.",
    fails="implementing_agency: armmy\n",
    passes="implementing_agency: army\n",
)
def implementing_agency(ctx: Context[Lor]) -> Iterator[Problem]:
    agency = ctx.model.implementing_agency
    known = agencies(ctx.office)
    if not agency:
        yield Problem(
            "the LOR does not name the implementing agency",
            ("implementing_agency",),
            "add `implementing_agency:` (army, navy, air_force, dla, ...)",
        )
    elif agency not in known:
        yield Problem(
            f"unknown implementing agency '{agency}'",
            ("implementing_agency",),
            did_you_mean(agency, known, "use one of: " + ", ".join(known) + " (or add it in sco.yaml `agencies:`)"),
        )


@rule(
    "LOR019",
    slug="dated-in-future",
    title="LOR dated after today",
    severity=Severity.WARNING,
    reference="SAMM C5.1.2.1",
    kind="lor",
    why="An LOR dated in the future is a typing error, and it would distort timelines counted from the LOR date.",
    fails="date: 2027-06-01\n",
    passes="date: 2026-01-15\n",
)
def dated_in_future(ctx: Context[Lor]) -> Iterator[Problem]:
    if ctx.model.date and ctx.model.date > ctx.as_of:
        yield Problem(
            f"the LOR is dated {ctx.model.date}, after today ({ctx.as_of})",
            ("date",),
            "check the year; use --as-of to check as of another day",
        )


@rule(
    "LOR020",
    slug="item-configuration",
    title="Item configuration identified",
    severity=Severity.WARNING,
    reference="SAMM C5.1.2.1 row 2; Figure C5.F14 [S]",
    kind="lor",
    why="A cost estimate needs the configuration, not just the name: the LOR checklist asks for nomenclature "
    "(manufacturer, model, catalog number), part number and NSN, and the configuration wanted. The checklist was "
    "read in a secondary source, hence a warning.",
    fails="items:\n  - description: HF radio\n    quantity: 40\n",
    passes="items:\n  - description: HF radio\n    quantity: 40\n    configuration: AN/PRC-160 manpack\n",
)
def item_configuration(ctx: Context[Lor]) -> Iterator[Problem]:
    for index, item in indexed(ctx.model.items):
        if not (item.configuration or item.nomenclature or item.nsn or item.part_number):
            yield Problem(
                f"{item.description or f'item {index + 1}'}: no configuration, nomenclature, part number or NSN",
                ("items", index),
                "add `configuration:` (model, variant) or `nomenclature:`, `part_number:`, `nsn:`",
            )
