"""Case file and LOA status rules (SAMM C2.1.4.3, C2.1.5.2, C2.1.5.4, Table C2.T1)."""

from __future__ import annotations

from collections.abc import Iterator

from sco_cli.cases.facts import LABELS, OFFERED_OR_LATER, keep_until, missing_documents, offer_open, unreported
from sco_cli.cases.model import Case
from sco_cli.core.context import Context
from sco_cli.core.findings import Severity
from sco_cli.core.items import indexed
from sco_cli.core.registry import Problem, rule


@rule(
    "CAS001",
    slug="case-file-documents",
    title="Case file holds the documents its status calls for",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.2; C2.1.7.1.2",
    kind="case",
    why="SCO case files should contain copies of LORs, CTAs, technology release documents, LOAs and any "
    "amendments, shipping documents, title transfer documents for BPC cases, DD Form 645, notes of reviews "
    "(CMR, FMR) and case closure documents. sco expects the LOR always, the LOA once offered, shipping "
    "documents and DD Form 645 once implemented, title transfer for BPC cases and closure documents once closed; "
    "`requires_documents:` adds others (cta, technology_release), `not_applicable:` removes a default. Each "
    'document is a path or a reference. A BPC case (`bpc: true`) is not asked for an LOR: BPC cases "are '
    'initiated by the USG and do not involve a request from the partner nation" (C2.1.7.1.2).',
    fails="documents:\n  - {kind: lor, reference: MOD letter 2026/114}\n",
    passes="documents:\n  - {kind: lor, reference: MOD letter 2026/114}\n  - {kind: cta, path: cta.docx}\n"
    "  - {kind: loa, reference: XS-P-SAB LOA}\n",
)
def case_file_documents(ctx: Context[Case]) -> Iterator[Problem]:
    case = ctx.model
    for index, document in indexed(case.documents):
        if not document.reference and not document.path:
            yield Problem(
                f"the {LABELS[document.kind]} entry gives neither a path nor a reference",
                ("documents", index),
                "add `path:` (where the copy is) or `reference:`",
            )
    missing = missing_documents(case)
    if missing:
        words = ", ".join(LABELS[kind] for kind in missing)
        yield Problem(
            f"case {case.id} ({case.status}): the case file lacks {words}",
            ("documents",) if case.documents else ("status",),
            "add each under `documents:` with a path or reference, or list it under `not_applicable:`",
        )


@rule(
    "CAS002",
    slug="case-file-retention",
    title="Case file past its retention date may be destroyed",
    severity=Severity.INFO,
    reference="SAMM Table C2.T1 item 19; DoD 7000.14-R Vol. 15 ch. 6",
    kind="case",
    why="Case records are retained 10 years after the date of final closure (`case_file_retention_years`). "
    "Past that date the file may be destroyed; before it, it never is.",
    fails="status: closed\nfinal_closure: 2016-11-24\n",
    passes="status: closed\nfinal_closure: 2016-11-25\n",
)
def case_file_retention(ctx: Context[Case]) -> Iterator[Problem]:
    until = keep_until(ctx.model, ctx.thresholds)
    if until is not None and until <= ctx.as_of:
        yield Problem(
            f"case {ctx.model.id}: final closure {ctx.model.final_closure}; kept until {until}, "
            "the case file may be destroyed",
            ("final_closure",),
            "destroy it under the office's records procedure, or keep it if a hold applies",
        )


@rule(
    "CAS003",
    slug="loa-changes-possible",
    title="Offered LOA: changes still possible before the OED",
    severity=Severity.INFO,
    reference="SAMM C2.1.4.3.4",
    kind="case",
    why="Minor and major changes can be made to an LOA after it is offered as long as it is still 'Offered', "
    "the purchaser has not signed it and the offer expiration date (OED) has not passed. This says so and "
    "counts the days left.",
    fails="status: offered\noffered: 2026-10-01\noffer_expiration: 2026-12-25\npurchaser_signed:\n",
    passes="status: offered\noffered: 2026-08-01\noffer_expiration: 2026-11-23\npurchaser_signed:\n",
)
def loa_changes_possible(ctx: Context[Case]) -> Iterator[Problem]:
    case = ctx.model
    if offer_open(case, ctx.as_of):
        assert case.offer_expiration is not None
        days = (case.offer_expiration - ctx.as_of).days
        yield Problem(
            f"LOA {case.id} offered and unsigned: changes are still possible for {days} day(s), until the OED "
            f"{case.offer_expiration}",
            ("offer_expiration",),
            "raise any change with the IA now; after the OED it takes a new offer or reactivation",
        )


@rule(
    "CAS004",
    slug="loa-offer-expired",
    title="Offered LOA: OED recorded and not passed unsigned",
    severity=Severity.WARNING,
    reference="SAMM C2.1.4.3.4; C5.4 (OED)",
    kind="case",
    why="An offered LOA carries an offer expiration date; once it passes unsigned, the offer can no longer be "
    "changed or accepted as it stands (an extension is asked of the IA as early as possible).",
    fails="status: offered\noffered: 2026-08-01\noffer_expiration: 2026-11-23\npurchaser_signed:\n",
    passes="status: offered\noffered: 2026-10-01\noffer_expiration: 2026-11-24\npurchaser_signed:\n",
)
def loa_offer_expired(ctx: Context[Case]) -> Iterator[Problem]:
    case = ctx.model
    if case.status != "offered" or case.purchaser_signed is not None:
        return
    if case.offer_expiration is None:
        yield Problem(
            f"LOA {case.id} is offered but its offer expiration date is not recorded",
            ("offer_expiration",),
            "add `offer_expiration:` from the LOA",
        )
    elif case.offer_expiration < ctx.as_of:
        yield Problem(
            f"LOA {case.id}: the OED {case.offer_expiration} passed without the purchaser's signature",
            ("offer_expiration",),
            "ask the IA for an extension or a new offer, or record the rejection or cancellation",
        )


@rule(
    "CAS005",
    slug="loa-decision-reported",
    title="Accepted or rejected LOA reported to the IA and DSCA",
    severity=Severity.WARNING,
    reference="SAMM C2.1.4.3.5",
    kind="case",
    why="Once an LOA has been accepted or rejected by the partner nation, the SCO should advise the IA and DSCA; "
    "the case file records when (`reported: {ia: ..., dsca: ...}`).",
    fails="status: accepted\npurchaser_signed: 2026-10-20\nreported:\n",
    passes="status: accepted\npurchaser_signed: 2026-10-20\nreported: {ia: 2026-10-21, dsca: 2026-10-21}\n",
)
def loa_decision_reported(ctx: Context[Case]) -> Iterator[Problem]:
    case = ctx.model
    who = unreported(case)
    if who:
        yield Problem(
            f"LOA {case.id} {case.status}: advising the {' and '.join(who)} is not recorded",
            ("reported",) if case.reported else ("status",),
            "record `reported: {ia: YYYY-MM-DD, dsca: YYYY-MM-DD}`",
        )


@rule(
    "CAS006",
    slug="anticipated-offer-date",
    title="LOA not offered by its anticipated offer date: follow up",
    severity=Severity.WARNING,
    reference="SAMM C2.1.4.3.1; C5.4.2",
    kind="case",
    why="SCOs ensure U.S. responsiveness by monitoring each LOR and following up with USG agencies as required. "
    "An anticipated offer date (AOD) passed without an offer is the moment to follow up with the IA.",
    fails="status: in_development\nanticipated_offer: 2026-11-23\n",
    passes="status: in_development\nanticipated_offer: 2026-11-24\n",
)
def anticipated_offer_date(ctx: Context[Case]) -> Iterator[Problem]:
    case = ctx.model
    if case.status == "in_development" and case.anticipated_offer and case.anticipated_offer < ctx.as_of:
        yield Problem(
            f"case {case.id}: the anticipated offer date {case.anticipated_offer} passed without an offer",
            ("anticipated_offer",),
            "follow up with the IA; record `offered:` and `offer_expiration:` once offered",
        )


@rule(
    "CAS007",
    slug="transportation-plan",
    title="Classified materiel: transportation plan in the case file",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.4.2; C7.13",
    kind="case",
    why="Before classified FMS materiel can be shipped, a detailed transportation plan must spell out how it is "
    "safeguarded; the plan is an integral part of all official copies of the LOA and should be kept in the SCO "
    "case file.",
    fails="classified: true\n",
    passes="classified: true\ndocuments:\n  - {kind: lor, reference: MOD letter 2026/114}\n"
    "  - {kind: loa, reference: XS-P-SAB LOA}\n  - {kind: transportation_plan, path: plans/XS-P-SAB-tp.pdf}\n",
)
def transportation_plan(ctx: Context[Case]) -> Iterator[Problem]:
    case = ctx.model
    if not case.classified or case.status not in OFFERED_OR_LATER:
        return
    if not any(d.kind == "transportation_plan" and (d.reference or d.path) for d in case.documents):
        yield Problem(
            f"case {case.id} ships classified materiel but the case file has no transportation plan",
            ("classified",),
            "add `documents: - {kind: transportation_plan, path: ...}`",
        )


@rule(
    "CAS008",
    slug="dts-purchaser-ready",
    title="DTS shipments: the purchaser's readiness to receive recorded",
    severity=Severity.ERROR,
    reference="SAMM C2.1.5.4.1; C7.6",
    kind="case",
    why="When items are shipped through the DTS, SCOs ensure successful transfer to the purchaser's Designated "
    "Government Representative and must ensure the purchaser is prepared to receive the materiel (check it "
    "against manifests, sign carrier receipts, clear customs, report discrepancies, handle the cargo).",
    fails="dts: true\ndgr:\npurchaser_ready:\n",
    passes="dts: true\ndgr: MOD logistics directorate, Col. A. Varga\npurchaser_ready: 2026-11-02\n",
)
def dts_purchaser_ready(ctx: Context[Case]) -> Iterator[Problem]:
    case = ctx.model
    if not case.dts or case.status not in ("accepted", "implemented"):
        return
    if not case.dgr:
        yield Problem(
            f"case {case.id}: DTS shipments expected but the purchaser's DGR is not recorded",
            ("dgr",),
            "add `dgr:` (name or title of the Designated Government Representative)",
        )
    if case.purchaser_ready is None:
        yield Problem(
            f"case {case.id}: DTS shipments expected but the purchaser's readiness to receive is not recorded",
            ("purchaser_ready",),
            "confirm it with the DGR and record `purchaser_ready: YYYY-MM-DD`",
        )


@rule(
    "CAS009",
    slug="case-status-dates",
    title="Case status and its dates agree",
    severity=Severity.WARNING,
    reference="SAMM C2.1.4.3.4; C2.1.4.3.5; Table C2.T1 item 19",
    kind="case",
    why="The status rules count from the dates: an offered LOA needs its offer date, an accepted one the "
    "purchaser's signature date, a rejected one the rejection date, a closed case its final closure date "
    "(from which retention runs). A date after `--as-of` is a typing error. An LOA can be accepted only while "
    "it is offered and its OED has not expired (C2.1.4.3.4): a signature after the OED, or a signature on an LOA "
    "still recorded `offered`, means the status or a date is wrong, and the IA and DSCA are not told of the "
    "acceptance (C2.1.4.3.5).",
    fails="status: closed\nfinal_closure:\n",
    passes="status: closed\nfinal_closure: 2026-06-30\n",
)
def case_status_dates(ctx: Context[Case]) -> Iterator[Problem]:
    case = ctx.model
    needs = {
        "offered": ("offered", case.offered),
        "accepted": ("purchaser_signed", case.purchaser_signed),
        "implemented": ("purchaser_signed", case.purchaser_signed),
        "rejected": ("rejected", case.rejected),
        "closed": ("final_closure", case.final_closure),
    }
    if case.status in needs:
        name, value = needs[case.status]
        if value is None:
            yield Problem(f"case {case.id} is {case.status} but `{name}` is not recorded", (name,), f"add `{name}:`")
    for name in ("offered", "purchaser_signed", "rejected", "implemented", "final_closure"):
        value = getattr(case, name)
        if value is not None and value > ctx.as_of:
            yield Problem(f"case {case.id}: `{name}` {value} is after today ({ctx.as_of})", (name,), "")
    if case.purchaser_signed and case.offer_expiration and case.purchaser_signed > case.offer_expiration:
        yield Problem(
            f"case {case.id}: signed by the purchaser {case.purchaser_signed}, after the offer expired "
            f"({case.offer_expiration})",
            ("purchaser_signed",),
            "check both dates on the LOA; an expired offer is reactivated or re-offered by the IA before it is signed",
        )
    if case.status == "offered" and case.purchaser_signed is not None:
        yield Problem(
            f"case {case.id} is still `offered` but the purchaser signed it {case.purchaser_signed}",
            ("status",),
            "set `status: accepted` (or implemented), and advise the IA and DSCA (`reported:`)",
        )
    if case.offered and case.offer_expiration and case.offer_expiration < case.offered:
        yield Problem(
            f"case {case.id}: the OED {case.offer_expiration} is before the offer date {case.offered}",
            ("offer_expiration",),
            "",
        )


@rule(
    "CAS011",
    slug="translation-forwarding-letter",
    title="A translated contractual document goes with its forwarding letter",
    severity=Severity.ERROR,
    reference="SAMM C2.1.10.1.11",
    kind="case",
    why='Translators must clearly mark the translated document "Informal and unofficial translation - English '
    'text governs", and the SCO must ensure that a forwarding letter accompanies each contractual document (e.g., '
    "LOA) emphasizing that the English text is the official binding document. A case file that records an informal "
    "translation (`kind: translation`, made with `sco translation mark`) records its forwarding letter too "
    "(`kind: forwarding_letter`, written with `sco translation letter`): one letter for each translation.",
    fails="documents:\n  - {kind: translation, date: 2026-11-02, path: loa-translated.docx}\n",
    passes="documents:\n  - {kind: translation, date: 2026-11-02, path: loa-translated.docx}\n"
    "  - {kind: forwarding_letter, date: 2026-11-02, path: loa-forwarding-letter.docx}\n",
)
def translation_forwarding_letter(ctx: Context[Case]) -> Iterator[Problem]:
    case = ctx.model
    translations = [index for index, d in indexed(case.documents) if d.kind == "translation"]
    letters = sum(1 for d in case.documents if d.kind == "forwarding_letter")
    if len(translations) > letters:
        missing = len(translations) - letters
        yield Problem(
            f"case {case.id}: {len(translations)} informal translation(s) recorded and {letters} forwarding "
            f"letter(s): {missing} translation(s) without the letter saying the English text governs",
            ("documents", translations[letters]),
            "write it with `sco translation letter`, send it with the translation, and record it "
            "(`kind: forwarding_letter`)",
        )


@rule(
    "CAS013",
    slug="offered-loa-examined",
    title="Offered LOA examined by the SCO",
    severity=Severity.WARNING,
    reference="SAMM C2.1.4.3.3",
    kind="case",
    why="SCOs should examine offered LOAs and be prepared to explain LOA format and content to partner nation "
    "representatives. While the LOA is offered, the case file records the day the SCO examined it "
    '(`loa_examined:`); "should", so a warning.',
    fails="status: offered\noffered: 2026-10-30\nloa_examined:\n",
    passes="status: offered\noffered: 2026-10-30\nloa_examined: 2026-11-02\n",
    reads=("loa_examined",),
)
def offered_loa_examined(ctx: Context[Case]) -> Iterator[Problem]:
    case = ctx.model
    if case.status == "offered" and case.offered is not None and case.loa_examined is None:
        yield Problem(
            f"LOA {case.id} offered {case.offered}: the SCO's examination of it is not recorded",
            ("offered",),
            "examine the LOA (format, notes, terms), be ready to explain it, and record `loa_examined:`",
        )
    elif case.loa_examined is not None and case.offered is not None and case.loa_examined < case.offered:
        yield Problem(
            f"LOA {case.id}: examined {case.loa_examined}, before it was offered ({case.offered})",
            ("loa_examined",),
            "check the dates",
        )
