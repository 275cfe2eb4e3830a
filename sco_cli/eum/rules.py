"""End-use monitoring rules (SAMM C2.1.5.6; Chapter 8, Golden Sentry).

Audits found EUM checks undocumented and enhanced-EUM inventories delinquent (DODIG-2024-043: 59%
of EEUM articles in one country overdue; initial inventories not done within 90 days). The day
counts SAMM C2 does not give are settings (`eeum_initial_inventory_days`,
`eeum_inventory_interval_months`, unverified)."""

from __future__ import annotations

from collections.abc import Iterator

from sco_cli.core.context import Context
from sco_cli.core.findings import Severity
from sco_cli.core.items import indexed
from sco_cli.core.needs import needs_problems
from sco_cli.core.registry import Problem, rule
from sco_cli.eum.facts import cav_window, duplicate_serials, inventory_due, reconcile, serial_key
from sco_cli.eum.inventory import document_needs
from sco_cli.eum.model import Article, Register


def _names(serials: list[str], limit: int = 10) -> str:
    shown = ", ".join(serials[:limit])
    return shown + (f" and {len(serials) - limit} more" if len(serials) > limit else "")


@rule(
    "EUM001",
    slug="cav-not-yet-due",
    title="Next Compliance Assessment Visit: window not yet open",
    severity=Severity.INFO,
    reference="SAMM C2.1.5.6.1",
    kind="eum",
    why="SCOs should be prepared for a DSCA-led Compliance Assessment Visit every 18 to 24 months "
    "(`cav_interval_months_min`/`_max`). Before the window opens this says when it will.",
    fails="last_cav: 2026-01-15\n",
    passes="last_cav: 2025-03-01\n",
)
def cav_not_yet_due(ctx: Context[Register]) -> Iterator[Problem]:
    window = cav_window(ctx.model, ctx.thresholds)
    if window and ctx.model.last_cav and ctx.model.last_cav <= ctx.as_of < window[0]:
        yield Problem(
            f"next CAV expected between {window[0]} and {window[1]} (last CAV {ctx.model.last_cav})",
            ("last_cav",),
            "keep the register, inventories and control plan ready for the visit",
        )


@rule(
    "EUM002",
    slug="cav-window-open",
    title="Compliance Assessment Visit expected now",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.6.1",
    kind="eum",
    why="Inside the 18-to-24-month window after the last CAV, DSCA may come at any time: the register, the "
    "inventories and the control plan must be ready. A register without the date of the last CAV, or with "
    "one in the future, cannot say when.",
    fails="last_cav: 2025-03-01\n",
    passes="last_cav: 2025-09-15\n",
)
def cav_window_open(ctx: Context[Register]) -> Iterator[Problem]:
    register = ctx.model
    if register.last_cav is None:
        yield Problem("the date of the last CAV is not recorded", ("last_cav",), "add `last_cav: YYYY-MM-DD`")
        return
    if register.last_cav > ctx.as_of:
        yield Problem(f"the last CAV ({register.last_cav}) is after today ({ctx.as_of})", ("last_cav",), "")
        return
    window = cav_window(register, ctx.thresholds)
    if window and window[0] <= ctx.as_of <= window[1]:
        yield Problem(
            f"a CAV is expected now: window {window[0]} to {window[1]}, {(window[1] - ctx.as_of).days} days left",
            ("last_cav",),
            "check the register, inventories and control plan; record `last_cav` after the visit",
        )


@rule(
    "EUM003",
    slug="cav-overdue",
    title="Compliance Assessment Visit overdue",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.6.1",
    kind="eum",
    why="More than 24 months after the last CAV, the visit is overdue or its date was not recorded; the SCO "
    "should ask DSCA (Programs Directorate) and update `last_cav`.",
    fails="last_cav: 2024-06-01\n",
    passes="last_cav: 2025-09-15\n",
)
def cav_overdue(ctx: Context[Register]) -> Iterator[Problem]:
    window = cav_window(ctx.model, ctx.thresholds)
    if window and ctx.as_of > window[1]:
        yield Problem(
            f"more than {ctx.thresholds.whole('cav_interval_months_max')} months since the last CAV "
            f"({ctx.model.last_cav}); one was expected by {window[1]}",
            ("last_cav",),
            "record the date of the last visit, or ask DSCA when the next one is planned",
        )


def _in_service_enhanced(register: Register) -> Iterator[tuple[int, Article]]:
    for index, article in indexed(register.articles):
        if article.enhanced and article.status == "in_service":
            yield index, article


@rule(
    "EUM004",
    slug="eeum-initial-inventory",
    title="Enhanced EUM: initial serial-number inventory after arrival",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.6; C8.4; eeum_initial_inventory_days (unverified)",
    kind="eum",
    why="Enhanced EUM articles get an initial serial-number inventory after they arrive (DoD IG; DSCA 23-63: "
    "the SCO, or personnel appointed on its behalf). The 90 days come from a DoD IG evaluation (secondary "
    "source), so the rule warns and the window is the setting `eeum_initial_inventory_days`.",
    fails="articles:\n  - description: Javelin command launch unit\n    enhanced: true\n"
    "    serials: [CLU-1]\n    arrival: 2026-03-10\n",
    passes="articles:\n  - description: Javelin command launch unit\n    enhanced: true\n"
    "    serials: [CLU-1]\n    arrival: 2026-03-10\n    inventories:\n      - {date: 2026-04-20, serials: [CLU-1]}\n",
)
def eeum_initial_inventory(ctx: Context[Register]) -> Iterator[Problem]:
    for index, article in _in_service_enhanced(ctx.model):
        if article.arrival is None:
            yield Problem(
                f"{article.label}: enhanced EUM article without an arrival date; its inventories cannot be scheduled",
                ("articles", index, "arrival"),  # the article's line when the key is absent
                "add `arrival: YYYY-MM-DD`",
            )
            continue
        due = inventory_due(article, ctx.thresholds)
        if due and due.kind == "initial" and due.due < ctx.as_of:
            yield Problem(
                f"{article.label}: initial serial-number inventory overdue since {due.due} (arrived {article.arrival})",
                ("articles", index, "arrival"),
                "inventory every serial number and record it under `inventories:`",
            )


@rule(
    "EUM005",
    slug="eeum-annual-inventory",
    title="Enhanced EUM: annual serial-number inventory",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.6; C8.4; eeum_inventory_interval_months (unverified)",
    kind="eum",
    why="After the initial inventory, enhanced EUM articles are inventoried by serial number every year "
    "(DoD IG; dsca.mil Golden Sentry page). SAMM C8.4 was not read offline, so the interval is the setting "
    "`eeum_inventory_interval_months` and the rule warns.",
    fails="articles:\n  - description: Javelin command launch unit\n    enhanced: true\n"
    "    serials: [CLU-1]\n    arrival: 2024-03-10\n    inventories: [2024-04-20]\n",
    passes="articles:\n  - description: Javelin command launch unit\n    enhanced: true\n"
    "    serials: [CLU-1]\n    arrival: 2024-03-10\n    inventories: [2024-04-20, 2026-04-02]\n",
)
def eeum_annual_inventory(ctx: Context[Register]) -> Iterator[Problem]:
    for index, article in _in_service_enhanced(ctx.model):
        due = inventory_due(article, ctx.thresholds)
        if due and due.kind == "annual" and due.due < ctx.as_of:
            yield Problem(
                f"{article.label}: annual serial-number inventory overdue since {due.due}",
                ("articles", index, "inventories"),
                "inventory every serial number and record it under `inventories:`",
            )


@rule(
    "EUM006",
    slug="eeum-serials-reconciled",
    title="Enhanced EUM: serial numbers reconciled",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.6; C2.1.5.6.2; C8.4",
    kind="eum",
    why="Each enhanced EUM line is reconciled: its serial numbers are recorded for the quantity delivered, and "
    "the latest inventory that lists serials saw every one of them and no other. A missing serial may be a "
    "loss to report; an unknown one is a register error.",
    fails="articles:\n  - description: Javelin command launch unit\n    enhanced: true\n    quantity: 2\n"
    "    serials: [CLU-1, CLU-2]\n    arrival: 2026-03-10\n    inventories:\n"
    "      - {date: 2026-04-20, serials: [CLU-1, CLU-9]}\n",
    passes="articles:\n  - description: Javelin command launch unit\n    enhanced: true\n    quantity: 2\n"
    "    serials: [CLU-1, CLU-2]\n    arrival: 2026-03-10\n    inventories:\n"
    "      - {date: 2026-04-20, serials: [CLU-1, CLU-2]}\n",
)
def eeum_serials_reconciled(ctx: Context[Register]) -> Iterator[Problem]:
    for index, article in _in_service_enhanced(ctx.model):
        delivered = article.delivered
        if not delivered:
            yield Problem(
                f"{article.label}: enhanced EUM article with no serial numbers recorded",
                ("articles", index),
                "list them under `serials:` (or import them: `sco eum import`)",
            )
            continue
        if article.quantity is not None and article.quantity != len(delivered):
            yield Problem(
                f"{article.label}: quantity {article.quantity} but {len(delivered)} serial numbers recorded",
                ("articles", index, "quantity"),
                "record every serial number delivered, or correct the quantity",
            )
        check = reconcile(article)
        where = ("articles", index, "inventories")
        if check.missing:
            yield Problem(
                f"{article.label}: {len(check.missing)} serial number(s) not seen in the inventory of "
                f"{check.inventory_date}: {_names(check.missing)}",
                where,
                "find them, or report the loss through the SCO chain",
            )
        if check.unknown:
            yield Problem(
                f"{article.label}: the inventory of {check.inventory_date} saw serial number(s) not delivered "
                f"under this line: {_names(check.unknown)}",
                where,
                "correct the register or the inventory",
            )


@rule(
    "EUM007",
    slug="duplicate-serial",
    title="A serial number appears twice",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.6.2; C8.4",
    kind="eum",
    why="A serial number identifies one article: recorded twice as delivered, or counted twice in one inventory, "
    "it hides a missing article or a scanning error.",
    fails="articles:\n  - description: Javelin command launch unit\n    serials: [CLU-1, clu-1]\n",
    passes="articles:\n  - description: Javelin command launch unit\n    serials: [CLU-1, CLU-2]\n",
)
def duplicate_serial(ctx: Context[Register]) -> Iterator[Problem]:
    register = ctx.model
    for serial, indexes in duplicate_serials(register).items():
        lines = sorted(set(indexes))
        places = ", ".join(f"articles[{i}]" for i in lines)
        yield Problem(
            f"serial number {serial} is recorded {len(indexes)} times as delivered ({places})",
            ("articles", indexes[-1]),
            "each serial number belongs to one article",
        )
    for index, article in indexed(register.articles):
        for position, inventory in indexed(article.inventories):
            counts: dict[str, int] = {}
            for serial in inventory.serials:
                counts[serial_key(serial)] = counts.get(serial_key(serial), 0) + 1
            twice = [s for s, n in counts.items() if n > 1]
            if twice:
                yield Problem(
                    f"{article.label}: the inventory of {inventory.date} lists {_names(twice)} more than once",
                    ("articles", index, "inventories", position),
                    "a serial number is counted once",
                )


def _approval_problems(article: Article, index: int, what: str) -> Iterator[Problem]:
    approval = article.approval
    if approval is None or not approval.reference or approval.date is None:
        yield Problem(
            f"{article.label}: {what} without a recorded prior written approval from DoS (PM/RSAT)",
            ("articles", index, "approval" if approval else "status"),
            "record `approval: {reference: ..., date: ...}`, or keep `status: in_service` until it is approved",
        )
    elif article.status_date is not None and approval.date > article.status_date:
        yield Problem(
            f"{article.label}: approval dated {approval.date}, after the {what} on {article.status_date}; "
            "the approval must come first",
            ("articles", index, "approval", "date"),
            "report the unapproved action through the Country Team (SAMM C2.1.5.6.6)",
        )


@rule(
    "EUM008",
    slug="change-of-end-use-approved",
    title="Change of end use or disposal approved beforehand by DoS (PM/RSAT)",
    severity=Severity.ERROR,
    reference="SAMM C2.1.5.6.4; AECA 3(a)",
    kind="eum",
    why="Demilitarization and scrapping, disposal, use as displays or targets, and transfer to civil government, "
    "police or educational institutions all require prior approval from the USG, specifically DoS (PM/RSAT).",
    fails="articles:\n  - description: M35 cargo truck\n    quantity: 4\n    status: change_of_end_use\n"
    "    end_use_change: police\n    status_date: 2026-06-01\n",
    passes="articles:\n  - description: M35 cargo truck\n    quantity: 4\n    status: change_of_end_use\n"
    "    end_use_change: police\n    status_date: 2026-06-01\n"
    "    approval: {reference: PM/RSAT 26-0412, date: 2026-05-20}\n",
)
def change_of_end_use_approved(ctx: Context[Register]) -> Iterator[Problem]:
    for index, article in indexed(ctx.model.articles):
        if article.status == "change_of_end_use":
            change = (article.end_use_change or "change").replace("_", " ")
            yield from _approval_problems(article, index, f"change of end use ({change})")
        elif article.status == "disposed":
            yield from _approval_problems(article, index, "disposal")


@rule(
    "EUM009",
    slug="third-party-transfer-approved",
    title="Third-party transfer approved beforehand by DoS (PM/RSAT)",
    severity=Severity.ERROR,
    reference="SAMM C2.1.5.6.5; AECA 3(a)(2)",
    kind="eum",
    why="Foreign governments may not transfer title or possession of U.S.-origin defense articles to anyone not "
    "an officer, employee or agent of that country without prior written consent from the USG; requests go to "
    "DoS (PM/RSAT).",
    fails="articles:\n  - description: M35 cargo truck\n    quantity: 2\n    status: transferred\n"
    "    transferred_to: Republic of Otherland Army\n",
    passes="articles:\n  - description: M35 cargo truck\n    quantity: 2\n    status: transferred\n"
    "    transferred_to: Republic of Otherland Army\n    approval: {reference: PM/RSAT TPT 26-031, date: 2026-02-01}\n",
)
def third_party_transfer_approved(ctx: Context[Register]) -> Iterator[Problem]:
    for index, article in indexed(ctx.model.articles):
        if article.status != "transferred":
            continue
        yield from _approval_problems(article, index, "third-party transfer")
        if not article.transferred_to:
            yield Problem(
                f"{article.label}: transferred, but the recipient is not recorded",
                ("articles", index, "status"),
                "add `transferred_to:`",
            )


@rule(
    "EUM010",
    slug="disposal-witnessed",
    title="Approved disposal: witness recorded",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.6.4",
    kind="eum",
    why="SCOs are responsible for ensuring DoD disposal procedures are followed; this may mean personally "
    "witnessing demilitarization or disposal, or having a MILDEP subject matter expert witness it.",
    fails="articles:\n  - description: M35 cargo truck\n    quantity: 4\n    status: disposed\n"
    "    approval: {reference: PM/RSAT 26-0412, date: 2026-05-20}\n",
    passes="articles:\n  - description: M35 cargo truck\n    quantity: 4\n    status: disposed\n"
    "    approval: {reference: PM/RSAT 26-0412, date: 2026-05-20}\n"
    "    disposal: {witness: MAJ R. Stone, ODC, before_condition: photo set 1, after_condition: photo set 2}\n",
)
def disposal_witnessed(ctx: Context[Register]) -> Iterator[Problem]:
    for index, article in indexed(ctx.model.articles):
        if article.status == "disposed" and (article.disposal is None or not article.disposal.witness):
            yield Problem(
                f"{article.label}: disposal without a recorded witness",
                ("articles", index, "disposal" if article.disposal else "status"),
                "record `disposal: witness:` (the SCO or a MILDEP subject matter expert)",
            )


@rule(
    "EUM011",
    slug="disposal-conditions",
    title="Disposal under an environmental agreement: before and after conditions recorded",
    severity=Severity.ERROR,
    reference="SAMM C2.1.5.6.4",
    kind="eum",
    why="If environmental agreements exist with the partner nation, the SCO must ensure 'before' and 'after' "
    "conditions are recorded for a disposal. `environmental_agreement: true` on the register says one exists.",
    fails="environmental_agreement: true\narticles:\n  - description: M35 cargo truck\n    quantity: 4\n"
    "    status: disposed\n    approval: {reference: PM/RSAT 26-0412, date: 2026-05-20}\n"
    "    disposal: {witness: MAJ R. Stone}\n",
    passes="environmental_agreement: true\narticles:\n  - description: M35 cargo truck\n    quantity: 4\n"
    "    status: disposed\n    approval: {reference: PM/RSAT 26-0412, date: 2026-05-20}\n"
    "    disposal: {witness: MAJ R. Stone, before_condition: photo set 1, after_condition: photo set 2}\n",
)
def disposal_conditions(ctx: Context[Register]) -> Iterator[Problem]:
    if not ctx.model.environmental_agreement:
        return
    for index, article in indexed(ctx.model.articles):
        if article.status != "disposed":
            continue
        disposal = article.disposal
        missing = [
            word
            for word, value in (
                ("before", disposal.before_condition if disposal else None),
                ("after", disposal.after_condition if disposal else None),
            )
            if not value
        ]
        if missing:
            yield Problem(
                f"{article.label}: disposal without the {' and '.join(missing)} condition(s) recorded",
                ("articles", index, "disposal" if disposal else "status"),
                "record `disposal: before_condition:` and `after_condition:` (photos, a report)",
            )


PLAN_PARTS = {
    "internal_accountability": "partner nation internal accountability procedures",
    "inventory_reporting": "procedures for reporting required inventories and inspections",
    "record_keeping": "record keeping by the host nation and the SCO",
    "violation_reporting": "procedures for reporting possible violations",
    "visit_procedures": "procedures for EUM visits",
}


@rule(
    "EUM012",
    slug="control-plan",
    title="Combined EUM control plan on file with its five parts",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.6.3",
    kind="eum",
    why="SCOs work with the partner nation on a combined EUM control plan that should include internal "
    "accountability, inventory and inspection reporting, record keeping on both sides, reporting of possible "
    "violations, and procedures for EUM visits. Each part names where in the plan it is written.",
    fails="control_plan:\n  visit_procedures:\n",
    passes="control_plan:\n  visit_procedures: section 6\n",
)
def control_plan(ctx: Context[Register]) -> Iterator[Problem]:
    plan = ctx.model.control_plan
    if plan is None:
        yield Problem(
            "no combined EUM control plan is recorded",
            ("control_plan",),
            "add `control_plan:` with reference, date and its five parts",
        )
        return
    if not plan.reference:
        yield Problem("the control plan has no reference or path", ("control_plan",), "add `reference:`")
    for name, words in PLAN_PARTS.items():
        if not getattr(plan, name):
            yield Problem(
                f"the control plan does not cover {words}", ("control_plan",), f"add `{name}:` (where the plan says it)"
            )


@rule(
    "EUM013",
    slug="violation-referred",
    title="Possible violation not resolved locally: referral to DoS (PM/RSAT) recorded",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.6.6; C8.6",
    kind="eum",
    why="When an indication of unauthorized end use is found and not resolved locally, the Country Team forwards "
    "the information to DoS (PM/RSAT), which decides whether an investigation and a report to Congress are "
    "required. The register records that referral (date and reference).",
    fails="violations:\n  - date: 2026-08-02\n    description: launcher seen at an unlisted site\n",
    passes="violations:\n  - date: 2026-08-02\n    description: launcher seen at an unlisted site\n"
    "    referred_to_pm_rsat: {date: 2026-08-09, reference: EXAMPLEVILLE 26-0877}\n",
)
def violation_referred(ctx: Context[Register]) -> Iterator[Problem]:
    for index, violation in indexed(ctx.model.violations):
        if violation.resolved_locally:
            continue
        referral = violation.referred_to_pm_rsat
        if referral is None or referral.date is None or not referral.reference:
            yield Problem(
                f"possible violation '{violation.description}' is not resolved locally and its referral to "
                "DoS (PM/RSAT) is not recorded",
                ("violations", index),
                "record `referred_to_pm_rsat: {date: ..., reference: ...}`, or `resolved_locally: true`",
            )


@rule(
    "EUM014",
    slug="inventory-document-items",
    title="Every item the EUM inventory sheet prints is recorded",
    severity=Severity.WARNING,
    reference="SAMM C2.1.5.6; DoDI 5200.48",
    kind="eum",
    why="The SCO inventories the defense articles under End Use Monitoring (C2.1.5.6); `sco eum inventory` writes "
    "the sheet taken to the storage site from this register. As a document it carries the office's CUI "
    "designation indicator (DoDI 5200.48; DoD CUI marking: controlled by, category, dissemination control, "
    "POC) from sco.yaml `cui:` or its `documents: eum_inventory` entry; the command refuses while a line is "
    "empty, so the check names each one first. Only when the office's marking is CUI. The lines come from the "
    "marking guidance, not from a SAMM 'must': a warning.",
    fails="(sco.yaml `marking: CUI` without `cui: category`)",
    passes="(sco.yaml `marking: CUI` with `cui: category: PRVCY`)",
)
def inventory_document_items(ctx: Context[Register]) -> Iterator[Problem]:
    yield from needs_problems(document_needs(ctx.office))
