"""Locally employed staff on the office file (SAMM C2.1.9.2.4): five-year background investigations
by the RSO, and Limited Access Authorizations for any access to classified information.

These rules check the office (`kind: office`). The office file is checked on its own, before any
override it holds applies, so the thresholds are read with the office's own overrides."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from sco_cli.core.context import Context
from sco_cli.core.cui import OUTSIDE_USG, addressee_refusal, allowing_control, designation_of
from sco_cli.core.dates import add_years
from sco_cli.core.findings import Severity
from sco_cli.core.items import indexed
from sco_cli.core.needs import needs_problems
from sco_cli.core.office import Office, StaffMember, marking_of
from sco_cli.core.registry import Problem, rule
from sco_cli.core.thresholds import Thresholds
from sco_cli.office.documents import document_needs


def thresholds_of(ctx: Context[Office]) -> Thresholds:
    return ctx.thresholds.with_overrides(ctx.model.threshold_overrides())


def investigation_due(member: StaffMember, thresholds: Thresholds) -> date | None:
    if member.background_investigation is None:
        return None
    return add_years(member.background_investigation, thresholds.whole("le_background_investigation_years"))


@rule(
    "LES001",
    slug="le-background-investigation",
    title="Locally employed staff: five-year background investigation current",
    severity=Severity.ERROR,
    reference="SAMM C2.1.9.2.4.1",
    kind="office",
    why="All LE staff are required to undergo five-year background investigations, conducted by the Embassy "
    "Regional Security Officer. Each staff member records the date of the last one.",
    fails="staff:\n  - {name: A. Varga, background_investigation: 2021-11-23}\n",
    passes="staff:\n  - {name: A. Varga, background_investigation: 2021-11-24}\n",
)
def le_background_investigation(ctx: Context[Office]) -> Iterator[Problem]:
    thresholds = thresholds_of(ctx)
    for index, member in indexed(ctx.model.staff):
        due = investigation_due(member, thresholds)
        if due is None:
            yield Problem(
                f"{member.name}: no background investigation is recorded",
                ("staff", index, "background_investigation"),  # the item's line when the key is absent
                "record `background_investigation:` (date completed) from the RSO",
            )
        elif due < ctx.as_of:
            yield Problem(
                f"{member.name}: the background investigation of {member.background_investigation} expired on {due}",
                ("staff", index, "background_investigation"),
                "ask the RSO for the reinvestigation",
            )


@rule(
    "LES002",
    slug="le-investigation-due-soon",
    title="Locally employed staff: background investigation due soon",
    severity=Severity.WARNING,
    reference="SAMM C2.1.9.2.4.1; le_expiry_warning_days (unverified)",
    kind="office",
    why="A reinvestigation takes time; sco warns `le_expiry_warning_days` (a setting; SAMM gives no number) "
    "before the five years run out, so the RSO can be asked in time.",
    fails="staff:\n  - {name: A. Varga, background_investigation: 2022-01-10}\n",
    passes="staff:\n  - {name: A. Varga, background_investigation: 2022-03-10}\n",
)
def le_investigation_due_soon(ctx: Context[Office]) -> Iterator[Problem]:
    thresholds = thresholds_of(ctx)
    warn = timedelta(days=thresholds.whole("le_expiry_warning_days"))
    for index, member in indexed(ctx.model.staff):
        due = investigation_due(member, thresholds)
        if due is not None and ctx.as_of <= due <= ctx.as_of + warn:
            yield Problem(
                f"{member.name}: background investigation due by {due} ({(due - ctx.as_of).days} days)",
                ("staff", index, "background_investigation"),
                "ask the RSO for the reinvestigation now",
            )


@rule(
    "LES003",
    slug="le-classified-access-laa",
    title="Locally employed staff: classified access only under a valid Limited Access Authorization",
    severity=Severity.ERROR,
    reference="SAMM C2.1.9.2.4; DoDM 5200.01 Vol. 1",
    kind="office",
    why="LE staff may not have access to U.S. classified information unless specifically authorized under a "
    "Limited Access Authorization (LAA). A staff member recorded with `classified_access: true` holds an LAA "
    "that has not expired.",
    fails="staff:\n  - name: A. Varga\n    background_investigation: 2024-05-02\n    classified_access: true\n",
    passes="staff:\n  - name: A. Varga\n    background_investigation: 2024-05-02\n    classified_access: true\n"
    "    laa: {reference: LAA-26-004, granted: 2026-01-15, expires: 2027-06-30}\n",
)
def le_classified_access_laa(ctx: Context[Office]) -> Iterator[Problem]:
    for index, member in indexed(ctx.model.staff):
        if not member.classified_access:
            continue
        laa = member.laa
        if laa is None or not laa.reference:
            yield Problem(
                f"{member.name}: access to classified information without a recorded Limited Access Authorization",
                ("staff", index, "laa" if laa else "classified_access"),
                "record `laa: {reference: ..., granted: ..., expires: ...}`, or set `classified_access: false`",
            )
        elif laa.expires is not None and laa.expires < ctx.as_of:
            yield Problem(
                f"{member.name}: the Limited Access Authorization {laa.reference} expired on {laa.expires}",
                ("staff", index, "laa", "expires"),
                "stop access, or record the renewed authorization",
            )


@rule(
    "LES004",
    slug="le-laa-expiring",
    title="Locally employed staff: Limited Access Authorization expiring",
    severity=Severity.WARNING,
    reference="SAMM C2.1.9.2.4; le_expiry_warning_days (unverified)",
    kind="office",
    why="An LAA is issued for a time; sco warns `le_expiry_warning_days` before it expires (a setting: SAMM "
    "gives no number), so access does not lapse or continue unauthorized.",
    fails="staff:\n  - name: A. Varga\n    background_investigation: 2024-05-02\n"
    "    laa: {reference: LAA-26-004, expires: 2027-01-15}\n",
    passes="staff:\n  - name: A. Varga\n    background_investigation: 2024-05-02\n"
    "    laa: {reference: LAA-26-004, expires: 2027-06-30}\n",
)
def le_laa_expiring(ctx: Context[Office]) -> Iterator[Problem]:
    warn = timedelta(days=thresholds_of(ctx).whole("le_expiry_warning_days"))
    for index, member in indexed(ctx.model.staff):
        laa = member.laa
        if laa is not None and laa.expires is not None and ctx.as_of <= laa.expires <= ctx.as_of + warn:
            yield Problem(
                f"{member.name}: the Limited Access Authorization {laa.reference or ''} expires on {laa.expires} "
                f"({(laa.expires - ctx.as_of).days} days)",
                ("staff", index, "laa", "expires"),
                "renew it with the security office, or end the access",
            )


@rule(
    "LES005",
    slug="le-position-approval",
    title="Locally employed staff: position approval recorded",
    severity=Severity.ERROR,
    reference="SAMM C2.1.10.2.2",
    kind="office",
    why="FSN positions require a National Security Decision Directive 38 (NSDD-38) approval by the Chief of "
    "Mission; PSA positions require COM approval. A staff member recorded as `category: fsn` or `psa` records "
    "the approval's reference. "
    '"Require" is the requirement wording of C2.1.9.2.4.1 ("are required", LES001): both are errors.',
    fails="staff:\n  - {name: A. Varga, category: fsn, background_investigation: 2024-05-02}\n",
    passes="staff:\n  - {name: A. Varga, category: fsn, background_investigation: 2024-05-02, approval: NSDD-38 1}\n",
)
def le_position_approval(ctx: Context[Office]) -> Iterator[Problem]:
    for index, member in indexed(ctx.model.staff):
        if member.category and not member.approval:
            what = "NSDD-38 approval by the COM" if member.category == "fsn" else "Chief of Mission approval"
            yield Problem(
                f"{member.name} ({member.category.upper()}): the position's {what} is not recorded",
                ("staff", index, "category"),
                "record `approval:` with its reference",
            )


@rule(
    "CUI001",
    slug="dissemination-reaches-addressee",
    title="Documents sent outside the U.S. Government carry a dissemination control that allows their addressee",
    severity=Severity.WARNING,
    reference="DoDI 5200.48; CUI Registry, limited dissemination controls",
    kind="office",
    why="The designation indicator names the document's limited dissemination control (DoD CUI marking, "
    "samm-facts-addendum.md section 8). The translation letter goes to the partner's ministry, outside the U.S. "
    "Government: a control that excludes foreign recipients (NOFORN, FED ONLY, FEDCON), or one that names none "
    "(NOCON, DL ONLY), would mark the letter as not releasable to the very office that receives it. Set one that "
    "releases it to the partner under `cui: documents: translation_letter:` (REL TO USA and the partner); "
    "`sco translation letter` refuses with the same reason. The controls' meanings are the CUI Registry's, not in "
    "the SAMM, so this is a warning.",
    fails="cui:\n  documents:\n    translation_letter: {dissemination: FEDCON}\n",
    passes="cui:\n  documents:\n    translation_letter: {dissemination: 'REL TO USA, XS'}\n",
)
def dissemination_reaches_addressee(ctx: Context[Office]) -> Iterator[Problem]:
    office = ctx.model
    if not marking_of(office).strip().upper().startswith("CUI"):
        return  # no designation block, no control printed
    for document in OUTSIDE_USG:
        chosen = designation_of(office, document)
        reason = addressee_refusal(office, document, chosen.dissemination) if chosen.dissemination else None
        if reason:
            own = chosen.dissemination_set_by.startswith("cui: documents:")
            path = ("cui", "documents", document, "dissemination") if own else ("cui", "dissemination")
            yield Problem(
                reason,
                path,
                f"set `cui: documents: {document}: dissemination: {allowing_control(office)}` in sco.yaml",
            )


@rule(
    "CUI002",
    slug="office-document-designation",
    title="The documents made from the office file carry a whole CUI designation indicator",
    severity=Severity.WARNING,
    reference="DoDI 5200.48; DoD CUI marking, designation indicator",
    kind="office",
    why="A CUI document carries the designation indicator on its first page: controlled by, CUI category, "
    "limited dissemination control or distribution statement, and a point of contact (DoD CUI marking, "
    "samm-facts-addendum.md section 8). The translation forwarding letter (`sco translation letter`) and the "
    "office brief (`sco brief`) are made from sco.yaml alone and take these lines from `cui:` or its "
    "`documents: translation_letter` / `documents: brief` entry; both commands refuse while a line is empty, "
    "so the check names each one first. The documents made from other files report the same lines on those "
    "files (ITO019, CTA007, FCS006, ...). Only when the office's marking is CUI. The lines come from the "
    "marking guidance, not from the SAMM: a warning.",
    fails="cui:\n  category:\n",
    passes="cui:\n  category: PRVCY\n",
)
def office_document_designation(ctx: Context[Office]) -> Iterator[Problem]:
    yield from needs_problems(document_needs(ctx.model))
