"""FMF and IMET budget request rules (SAMM C2.1.3.4, C2.3.3.1; Table C2.T2).

C2.3.3.1.4 says budget submissions "must incorporate" out-year requirements, objectives (what and
why, the capability created, enhanced or maintained, how long, the end state), justifications of
the materiel and services, priorities, and funding consistent with the source's purpose, and for
uncommitted FMF "a general plan ... and a timeframe": those are errors. What SAMM asks without a
"must" (MSRP consistency, unconstrained requests, the notional Table C2.T2 dates) and what rests on
sco's settings are warnings or information."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from sco_cli.budget.facts import expected_fiscal_year, spend_plan_update_due, submission_due
from sco_cli.budget.justify import checked_gaps
from sco_cli.budget.model import Budget, Requirement
from sco_cli.core.context import Context
from sco_cli.core.findings import Severity
from sco_cli.core.items import indexed
from sco_cli.core.needs import gap_problems
from sco_cli.core.registry import Problem, rule
from sco_cli.core.suggest import did_you_mean

ELEMENTS = "SAMM C2.3.3.1.4"
EDUCATION_AND_TRAINING = {"training", "education"}


def _label(requirement: Requirement, index: int) -> str:
    return f"requirement {index + 1} ({requirement.title})"


def _missing(ctx: Context[Budget], field: str, what: str, hint: str) -> Iterator[Problem]:
    for index, requirement in indexed(ctx.model.requirements):
        value = getattr(requirement, field)
        if value is None or (isinstance(value, str) and not value.strip()):
            yield Problem(f"{_label(requirement, index)}: {what} is missing", ("requirements", index), hint)


@rule(
    "BUD001",
    slug="out-year-requirements",
    title="Each requirement gives its out-year amounts",
    severity=Severity.ERROR,
    reference=ELEMENTS,
    kind="budget",
    why="Budget submissions must incorporate out-year program requirements: each requirement gives its amount "
    "for the budget year and the later fiscal years (`amounts_usd:`), or says `out_years: none` when "
    "nothing is needed after the budget year.",
    fails="requirements:\n  - title: Patrol boats\n    amounts_usd: {2028: 20M}\n",
    passes="requirements:\n  - title: Patrol boats\n    amounts_usd: {2028: 20M, 2029: 17M}\n",
    reads=("requirements.out_years",),
)
def out_years(ctx: Context[Budget]) -> Iterator[Problem]:
    budget = ctx.model
    for index, requirement in indexed(budget.requirements):
        years = requirement.amounts_usd
        if not years:
            yield Problem(
                f"{_label(requirement, index)}: no amount per fiscal year",
                ("requirements", index),
                f"add `amounts_usd:` with FY{budget.fiscal_year} and the out-years",
            )
        elif max(years) < budget.fiscal_year:
            yield Problem(
                f"{_label(requirement, index)}: asks nothing for FY{budget.fiscal_year} or later",
                ("requirements", index, "amounts_usd"),
                f"the request is for FY{budget.fiscal_year}: give that year's amount and the out-years",
            )
        elif requirement.out_years is None and max(years) <= budget.fiscal_year:
            yield Problem(
                f"{_label(requirement, index)}: no out-year amount after FY{budget.fiscal_year}",
                ("requirements", index, "amounts_usd"),
                f"add FY{budget.fiscal_year + 1} and later, or write `out_years: none` if nothing is needed",
            )


@rule(
    "BUD002",
    slug="objective",
    title="Each requirement states its objective: what and why",
    severity=Severity.ERROR,
    reference=ELEMENTS,
    kind="budget",
    why="Submissions must be objective-oriented, detailing what needs to be accomplished and why.",
    fails="requirements:\n  - title: Patrol boats\n",
    passes="requirements:\n  - title: Patrol boats\n    objective: Patrol the Gulf beyond 12 nautical miles\n",
)
def objective(ctx: Context[Budget]) -> Iterator[Problem]:
    yield from _missing(ctx, "objective", "the objective (what and why)", "add `objective:`")


@rule(
    "BUD003",
    slug="capability",
    title="Each requirement names the capability created, enhanced or maintained",
    severity=Severity.ERROR,
    reference=ELEMENTS,
    kind="budget",
    why="Submissions must state the capability being created, enhanced or maintained.",
    fails="requirements:\n  - title: Patrol boats\n    capability: offshore patrol\n",
    passes="requirements:\n  - title: Patrol boats\n    capability: {effect: created, what: offshore patrol}\n",
)
def capability(ctx: Context[Budget]) -> Iterator[Problem]:
    hint = "write `capability: maintained - maritime interdiction` (created, enhanced or maintained first)"
    for index, requirement in indexed(ctx.model.requirements):
        found = requirement.capability
        where = ("requirements", index, "capability")
        if found is None:
            yield Problem(f"{_label(requirement, index)}: the capability is missing", ("requirements", index), hint)
        elif found.effect is None or not found.what:
            missing = "whether it is created, enhanced or maintained" if found.effect is None else "what it is"
            yield Problem(f"{_label(requirement, index)}: the capability does not say {missing}", where, hint)


@rule(
    "BUD004",
    slug="time-to-achieve",
    title="Each requirement says how long it will take",
    severity=Severity.ERROR,
    reference=ELEMENTS,
    kind="budget",
    why="Submissions must say how long it will take to achieve the objective.",
    fails="requirements:\n  - title: Patrol boats\n",
    passes="requirements:\n  - title: Patrol boats\n    duration: 3 years\n",
)
def time_to_achieve(ctx: Context[Budget]) -> Iterator[Problem]:
    yield from _missing(ctx, "duration", "how long it will take (duration)", "add `duration:`, e.g. 3 years")


@rule(
    "BUD005",
    slug="end-state",
    title="Each requirement states the desired end state",
    severity=Severity.ERROR,
    reference=ELEMENTS,
    kind="budget",
    why="Submissions must state the desired end state.",
    fails="requirements:\n  - title: Patrol boats\n",
    passes="requirements:\n  - title: Patrol boats\n    end_state: Two boats operational with trained crews\n",
)
def end_state(ctx: Context[Budget]) -> Iterator[Problem]:
    yield from _missing(ctx, "end_state", "the desired end state", "add `end_state:`")


@rule(
    "BUD006",
    slug="materiel-justification",
    title="Each requirement justifies its materiel and services",
    severity=Severity.ERROR,
    reference=ELEMENTS,
    kind="budget",
    why="Submissions must include justifications that detail what is required in the way of materiel and/or "
    "services (`materiel_services:`) and why this is critical to the objective (`justification:`).",
    fails="requirements:\n  - title: Patrol boats\n    materiel_services: Two 45 m patrol boats\n",
    passes="requirements:\n  - title: Patrol boats\n    materiel_services: Two 45 m patrol boats\n"
    "    justification: No current vessel reaches the smuggling routes\n",
)
def materiel_justification(ctx: Context[Budget]) -> Iterator[Problem]:
    yield from _missing(ctx, "materiel_services", "the materiel and services required", "add `materiel_services:`")
    yield from _missing(
        ctx,
        "justification",
        "why the materiel and services are critical (justification)",
        "add `justification:`",
    )


@rule(
    "BUD007",
    slug="priority",
    title="Each requirement has its own priority",
    severity=Severity.ERROR,
    reference=ELEMENTS,
    kind="budget",
    why="Submissions must prioritize their requirements: each has a priority, and no two share one (a tie is "
    "no order). The SCO thereby sets the alternatives should more funds become available (C2.1.3.4.2).",
    fails="requirements:\n  - {title: Patrol boats, priority: 1}\n  - {title: Radios, priority: 1}\n",
    passes="requirements:\n  - {title: Patrol boats, priority: 1}\n  - {title: Radios, priority: 2}\n",
)
def priority(ctx: Context[Budget]) -> Iterator[Problem]:
    requirements = ctx.model.requirements
    counts = Counter(r.priority for r in requirements if r.priority is not None)
    for index, requirement in indexed(requirements):
        if requirement.priority is None:
            yield Problem(
                f"{_label(requirement, index)}: no priority",
                ("requirements", index),
                "add `priority:` (1 is the most important)",
            )
        elif counts[requirement.priority] > 1:
            yield Problem(
                f"{_label(requirement, index)}: priority {requirement.priority} is shared with another requirement",
                ("requirements", index, "priority"),
                "give each requirement its own priority",
            )


@rule(
    "BUD008",
    slug="priority-order",
    title="Priorities run 1, 2, 3... in the order listed",
    severity=Severity.WARNING,
    reference="SAMM C2.3.3.1.4 (sco's reading of 'prioritization')",
    kind="budget",
    why="A request lists its requirements in priority order; priorities that skip a number, or a file whose "
    "order differs from its priorities, leave the reader unsure which comes first. A layout convention, so "
    "a warning.",
    fails="requirements:\n  - {title: Patrol boats, priority: 1}\n  - {title: Radios, priority: 3}\n",
    passes="requirements:\n  - {title: Patrol boats, priority: 1}\n  - {title: Radios, priority: 2}\n",
)
def priority_order(ctx: Context[Budget]) -> Iterator[Problem]:
    given = [(i, r.priority) for i, r in indexed(ctx.model.requirements) if r.priority is not None]
    values = sorted({p for _, p in given})
    if values and values != list(range(1, len(values) + 1)):
        expected = set(range(1, max(values) + 1))
        gaps = sorted(expected - set(values))
        what = f"priority {', '.join(map(str, gaps))} is not used" if gaps else "priorities do not start at 1"
        yield Problem(f"priorities are not 1 to {len(values)}: {what}", ("requirements",), "number them 1, 2, 3...")
    for (index, value), (_, previous) in zip(given[1:], given, strict=False):
        if value < previous:
            yield Problem(
                f"requirement {index + 1} has priority {value} but is listed after priority {previous}",
                ("requirements", index, "priority"),
                "list the requirements in priority order",
            )
            break


@rule(
    "BUD009",
    slug="funding-source-purpose",
    title="Funding sought is consistent with the program's purpose",
    severity=Severity.ERROR,
    reference="SAMM C2.3.3.1.4; C2.3.3.1 (FAA 541, 22 U.S.C. 2347)",
    kind="budget",
    why="Funding requests must be consistent with the purpose of the source of funding sought. A requirement "
    "in an FMF request seeks FMF (and likewise IMET); IMET (FAA section 541, cited in C2.3.3.1) is military "
    "education and training, so an IMET requirement cannot buy materiel, services or construction.",
    fails="program: imet\nrequirements:\n  - title: Patrol boats\n    categories: [materiel]\n",
    passes="program: imet\nrequirements:\n  - title: Staff college\n    categories: [education]\n",
)
def funding_source_purpose(ctx: Context[Budget]) -> Iterator[Problem]:
    budget = ctx.model
    program = budget.program.upper()
    for index, requirement in indexed(budget.requirements):
        source = requirement.funding_source
        if source is not None and source != budget.program:
            yield Problem(
                f"{_label(requirement, index)}: funding source {source.upper()} in an {program} request",
                ("requirements", index, "funding_source"),
                f"move it to a request for {source.upper()} funds, or seek {program} for it",
            )
        if budget.program == "imet":
            other = [c for c in requirement.categories if c not in EDUCATION_AND_TRAINING]
            if other:
                yield Problem(
                    f"{_label(requirement, index)}: IMET funds education and training, not {', '.join(other)}",
                    ("requirements", index, "categories"),
                    "seek FMF (or another source) for materiel and services",
                )


@rule(
    "BUD010",
    slug="budget-year",
    title="The request is for the fiscal year its budget cycle builds",
    severity=Severity.WARNING,
    reference="SAMM C2.3.3.1; budget_fy_offset_years (sco's setting)",
    kind="budget",
    why="Military assistance budgets are prepared 'for funding, if realized, to be executed two years in the "
    "future': sco expects the fiscal year of the budget call (`budget_call:`, else the cycle of --as-of, "
    "which starts at the mid-August preliminary information) plus `budget_fy_offset_years` (2). SAMM does "
    "not say from which date the two years count, so this is a setting and a warning.",
    fails="budget_call: 2026-09-15\nfiscal_year: 2027\n",
    passes="budget_call: 2026-09-15\nfiscal_year: 2028\n",
)
def budget_year(ctx: Context[Budget]) -> Iterator[Problem]:
    expected = expected_fiscal_year(ctx)
    if ctx.model.fiscal_year != expected:
        call = f"the budget call of {ctx.model.budget_call}" if ctx.model.budget_call else f"--as-of {ctx.as_of}"
        yield Problem(
            f"the request is for FY{ctx.model.fiscal_year}; the budget cycle of {call} builds FY{expected}",
            ("fiscal_year",),
            "correct `fiscal_year:` or record the `budget_call:` date answered",
        )


def _fmf_balance(budget: Budget) -> bool:
    return budget.program == "fmf" and budget.uncommitted_balance_usd > 0


@rule(
    "BUD011",
    slug="uncommitted-plan",
    title="An uncommitted FMF balance is explained, with a plan and timeframe",
    severity=Severity.ERROR,
    reference="SAMM C2.1.3.4.3; C2.3.3.1.4",
    kind="budget",
    why="Annual budget submissions must explain the accumulation of uncommitted funds in the FMF trust account "
    "(`uncommitted_reason:`), and a general plan on how the funds will be used and a timeframe for committing "
    "them must be provided: `spend_plan:` steps, each with what it buys and by when.",
    fails="uncommitted_balance_usd: 90M\nuncommitted_reason:\nspend_plan:\n",
    passes="uncommitted_balance_usd: 90M\nuncommitted_reason: A radar case was cancelled\nspend_plan:\n"
    "  - {date: 2027-06-30, amount_usd: 90M, description: Patrol boat sustainment LOR}\n",
)
def uncommitted_plan(ctx: Context[Budget]) -> Iterator[Problem]:
    budget = ctx.model
    if not _fmf_balance(budget):
        return
    balance = f"${budget.uncommitted_balance_usd:,}"
    if not budget.uncommitted_reason:
        yield Problem(
            f"the uncommitted FMF balance of {balance} is not explained",
            ("uncommitted_balance_usd",),
            "add `uncommitted_reason:` saying why the funds accumulated",
        )
    if not budget.spend_plan:
        yield Problem(
            f"no plan for the uncommitted FMF balance of {balance}",
            ("uncommitted_balance_usd",),
            "add `spend_plan:` steps with `date:` (by when), `amount_usd:` and `description:` (what it buys)",
        )
    for index, step in indexed(budget.spend_plan):
        missing = [name for name in ("date", "description") if getattr(step, name) is None]
        if missing:
            yield Problem(
                f"spend-plan step {index + 1} has no {' or '.join(missing)}",
                ("spend_plan", index),
                "each step says what it buys and by when it is committed",
            )


@rule(
    "BUD012",
    slug="spend-plan-covers-balance",
    title="The spend plan accounts for the whole uncommitted balance",
    severity=Severity.WARNING,
    reference="SAMM C2.3.3.1.4",
    kind="budget",
    why="The plan is for 'this funding': when its amounts add up to less or more than the uncommitted balance, "
    "part of the balance is unexplained or the plan spends money that is not there. The plan is 'general', "
    "so a warning.",
    fails="uncommitted_balance_usd: 90M\nspend_plan:\n  - {date: 2027-06-30, amount_usd: 10M, description: LOR}\n",
    passes="uncommitted_balance_usd: 10M\nspend_plan:\n  - {date: 2027-06-30, amount_usd: 10M, description: LOR}\n",
)
def spend_plan_covers_balance(ctx: Context[Budget]) -> Iterator[Problem]:
    budget = ctx.model
    if not _fmf_balance(budget) or not budget.spend_plan:
        return
    planned = sum(step.amount_usd or 0 for step in budget.spend_plan)
    if planned != budget.uncommitted_balance_usd:
        yield Problem(
            f"the spend plan totals ${planned:,}; the uncommitted balance is ${budget.uncommitted_balance_usd:,}",
            ("spend_plan",),
            "give each step its `amount_usd:` so the plan accounts for the balance",
        )


@rule(
    "BUD013",
    slug="spend-plan-update",
    title="Spend-plan update for prior-year uncommitted FMF sent",
    severity=Severity.WARNING,
    reference="SAMM Table C2.T2 (early March); C2.3.3.1.7",
    kind="budget",
    why="In early March of each budget cycle SCOs provide proposed spend-plan updates for prior-year "
    "uncommitted FMF. Once that date (the 5th by sco's reading of 'early', or the office's `calendar:` date) "
    "has passed with a balance and no `spend_plan_updated:` date, sco warns. Table C2.T2 is notional, so a "
    "warning.",
    fails="fiscal_year: 2027\nuncommitted_balance_usd: 6.5M\nspend_plan_updated:\n",
    passes="fiscal_year: 2027\nuncommitted_balance_usd: 6.5M\nspend_plan_updated: 2026-03-02\n",
)
def spend_plan_update(ctx: Context[Budget]) -> Iterator[Problem]:
    due = spend_plan_update_due(ctx)
    if due is not None and due < ctx.as_of and ctx.model.spend_plan_updated is None:
        yield Problem(
            f"the spend-plan update for the uncommitted FMF balance was due {due} (Table C2.T2, early March)",
            ("uncommitted_balance_usd",),
            "send the update and record `spend_plan_updated:` with its date",
        )


@rule(
    "BUD014",
    slug="unconstrained",
    title="Request not below the historical allocation",
    severity=Severity.INFO,
    reference="SAMM C2.1.3.4.2",
    kind="budget",
    why="Requests are unconstrained: the SCO includes all identified requirements regardless of historical "
    "allocations. A budget-year total below the latest allocation recorded in sco.yaml (`allocations:`) "
    "suggests requirements were left out; sco asks, it cannot know.",
    fails="requirements:\n  - title: Patrol boats\n    amounts_usd: {2028: 5M, 2029: 1M}\n",
    passes="requirements:\n  - title: Patrol boats\n    amounts_usd: {2028: 50M, 2029: 1M}\n",
)
def unconstrained(ctx: Context[Budget]) -> Iterator[Problem]:
    budget = ctx.model
    history = ctx.office.allocations.get(budget.program, {}) if ctx.office else {}
    earlier = [year for year in history if year < budget.fiscal_year]
    if not earlier:
        return
    latest = max(earlier)
    asked = sum(r.amounts_usd.get(budget.fiscal_year, 0) for r in budget.requirements)
    if asked < history[latest]:
        yield Problem(
            f"FY{budget.fiscal_year} asks ${asked:,}, less than the FY{latest} {budget.program.upper()} allocation "
            f"of ${history[latest]:,}: were all the partner's requirements included?",
            ("requirements",),
            "list every identified requirement, in priority order, whatever the expected allocation",
        )


@rule(
    "BUD015",
    slug="msrp-goal",
    title="Each requirement serves a goal of the Mission Strategic Resource Plan",
    severity=Severity.WARNING,
    reference="SAMM C2.1.3.4.1",
    kind="budget",
    why="DoD FMF/IMET proposals not consistent with the Chief of Mission's MSRP are at risk of exclusion from the "
    "final budget. When sco.yaml lists `msrp_goals:`, each requirement names the one it serves in "
    "`msrp_goal:`. 'At risk', not 'must': a warning.",
    fails="requirements:\n  - title: Patrol boats\n    msrp_goal: Space exploration\n",
    passes="requirements:\n  - title: Patrol boats\n    msrp_goal: Maritime security\n",
)
def msrp_goal(ctx: Context[Budget]) -> Iterator[Problem]:
    goals = ctx.office.msrp_goals if ctx.office else []
    if not goals:
        return
    for index, requirement in indexed(ctx.model.requirements):
        if requirement.msrp_goal is None:
            yield Problem(
                f"{_label(requirement, index)}: names no MSRP goal",
                ("requirements", index),
                "add `msrp_goal:`, one of: " + "; ".join(goals),
            )
        elif requirement.msrp_goal not in goals:
            yield Problem(
                f"{_label(requirement, index)}: '{requirement.msrp_goal}' is not an MSRP goal in sco.yaml",
                ("requirements", index, "msrp_goal"),
                did_you_mean(requirement.msrp_goal, goals, "the goals are: " + "; ".join(goals)),
            )


@rule(
    "BUD017",
    slug="budget-submitted",
    title="Budget request submitted through the Budget Web Tool",
    severity=Severity.WARNING,
    reference="SAMM C2.3.3.1.3; Table C2.T2 (late October)",
    kind="budget",
    why="Budget requests are submitted and maintained using the FMF and IMET Budget Web Tool, and SCOs submit "
    "them to the Combatant Command in late October (Table C2.T2: the 25th by sco's reading of 'late', or the "
    "office's `calendar: budget-submission-to-ccmd:` date). Once that date has passed, the request records "
    "`submitted:`. Table C2.T2 is notional and C2.3.3.1.3 describes rather than commands: a warning.",
    fails="fiscal_year: 2028\nsubmitted:\n",
    passes="fiscal_year: 2028\nsubmitted: 2026-10-24\n",
    reads=("submitted",),
)
def budget_submitted(ctx: Context[Budget]) -> Iterator[Problem]:
    due = submission_due(ctx)
    if due is not None and due < ctx.as_of and ctx.model.submitted is None:
        yield Problem(
            f"the FY{ctx.model.fiscal_year} {ctx.model.program.upper()} request was due to the CCMD by {due} "
            "(Table C2.T2, late October) and its submission is not recorded",
            ("fiscal_year",),
            "submit it through the Budget Web Tool and record `submitted:` with the date",
        )


@rule(
    "BUD018",
    slug="justification-document-items",
    title="Every item the budget justification prints is recorded",
    severity=Severity.WARNING,
    reference="SAMM C2.1.3.4; C2.3.3.1.4",
    kind="budget",
    why="The SCO submits the annual FMF/IMET budget request and its justification (C2.1.3.4). Besides the "
    "elements of each requirement (BUD001 and the rules after it), the justification is signed by the SCO chief "
    "(sco.yaml `chief: name`) and carries the office's CUI designation; `sco budget justify` refuses while one "
    "is empty, so the check names each one first. A warning: the manual asks for the submission, not for these "
    "lines of it.",
    fails="(sco.yaml without `chief:`)",
    passes="(sco.yaml with `chief: name:`)",
)
def justification_document_items(ctx: Context[Budget]) -> Iterator[Problem]:
    yield from gap_problems("budget justification", checked_gaps(ctx.office), "sco budget justify")
