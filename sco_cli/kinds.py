"""The table that joins the domains to the core: every file kind, declared once.

Each kind is a `Kind` (see `core.kinds`): its name, a loader that imports its domain when a run
first meets the kind (so `sco --help` imports no domain at all, and a check only the kinds it
meets), and the command that checks it, with that group's help line. The command line derives its
groups, help and quick check paths from here. Adding a kind means a package of its own plus one
entry below, nothing else.
"""

# Every import of a domain below is deliberately inside its loader (lazy), hence PLC0415 is off
# for this file in pyproject.toml. Nothing heavy is imported at the top: `sco --help` reads this.

from __future__ import annotations

from sco_cli.core.kinds import Kind, KindTable

TYPE_CHECKING = False  # not `from typing import ...`: typing alone costs more than `sco --help`
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from sco_cli.core.kindspec import KindSpec


def _office() -> KindSpec[Any]:
    from sco_cli.core.kindspec import KindSpec
    from sco_cli.core.office import Office
    from sco_cli.office import events, rules

    return KindSpec("office", Office, rule_modules=(rules,), example="sco.yaml", events=events.events)


def _joined(*parts: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    """One kind's facts from several domains (each adds what its rules need), merged in order."""

    def facts(ctx: Any) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for part in parts:
            merged.update(part(ctx))
        return merged

    return facts


def _lor() -> KindSpec[Any]:
    from sco_cli.budget import baseline
    from sco_cli.cases import lor_link
    from sco_cli.core.kindspec import KindSpec
    from sco_cli.forecast import consistency
    from sco_cli.lor import cta_rules, facts, model, rules

    return KindSpec(
        "lor",
        model.Lor,
        _joined(facts.facts, baseline.lor_facts),
        (rules, cta_rules, consistency, baseline, lor_link),
        example="lor-complete.yaml",
        anchors=("funding", "loa_accepted", "case"),  # BUD016, CAS010
    )


def _student() -> KindSpec[Any]:
    from sco_cli.core.kindspec import KindSpec
    from sco_cli.students import events, facts, followup, followup_rules, model, rules, summary
    from sco_cli.training import student_rules  # TPL015: the plan's line for a student's course

    return KindSpec(
        "student",
        model.Student,
        _joined(facts.facts, followup.facts),
        (rules, followup_rules, student_rules),
        gates=("ito",),
        example="students/ready.yaml",
        events=events.events,
        anchors=("ito",),  # ITO015
        summary=summary.summary_table,
    )


def _forecast() -> KindSpec[Any]:
    from sco_cli.core.kindspec import KindSpec
    from sco_cli.forecast import consistency, facts, model, rules

    return KindSpec("forecast", model.Forecast, facts.facts, (rules, consistency), example="forecast.yaml")


def _training_plan() -> KindSpec[Any]:
    from sco_cli.core.kindspec import KindSpec
    from sco_cli.training import events, facts, model, rules

    return KindSpec(
        "training_plan",
        model.TrainingPlan,
        facts.facts,
        (rules,),
        example="training-plan.yaml",
        events=events.events,
    )


def _budget() -> KindSpec[Any]:
    from sco_cli.budget import events, facts, model, rules
    from sco_cli.core.kindspec import KindSpec
    from sco_cli.forecast import consistency

    return KindSpec(
        "budget", model.Budget, facts.facts, (rules, consistency), example="budget-fmf.yaml", events=events.events
    )


def _eum() -> KindSpec[Any]:
    from sco_cli.core.kindspec import KindSpec
    from sco_cli.eum import events, facts, model, rules

    return KindSpec("eum", model.Register, facts.facts, (rules,), example="eum.yaml", events=events.events)


def _case() -> KindSpec[Any]:
    from sco_cli.cases import events, facts, lor_link, model, rules
    from sco_cli.core.kindspec import KindSpec

    example = "cases/XS-P-SAB.yaml"
    return KindSpec(
        "case",
        model.Case,
        facts.facts,
        (rules, lor_link),
        example=example,
        events=events.events,
        anchors=("documents", "lor"),  # CAS012
    )


def _industry_visit() -> KindSpec[Any]:
    from sco_cli.core.kindspec import KindSpec
    from sco_cli.industry import events, facts, model, rules

    example = "industry/example-aerospace.yaml"
    return KindSpec(
        "industry_visit",
        model.IndustryVisit,
        facts.facts,
        (rules,),
        example=example,
        events=events.events,
        anchors=("capability",),  # IND004
    )


def _visit() -> KindSpec[Any]:
    from sco_cli.core.kindspec import KindSpec
    from sco_cli.visits import events, facts, model, rules

    example = "visits/useucom-j5.yaml"
    return KindSpec("visit", model.Visit, facts.facts, (rules,), example=example, events=events.events)


KINDS = KindTable(
    (
        Kind("office", _office),
        Kind(
            "lor",
            _lor,
            command=("lor",),
            help="Letters of Request: completeness, SME/MDE, Javits, 36(b), CTA, routing.",
        ),
        Kind(
            "student",
            _student,
            command=("student",),
            help="International students: the screening gate before an ITO (SAMM C2.1.6.7-9).",
            check_help="Check student files: the ITO screening gate, arrival notices, passports.",
        ),
        Kind(
            "forecast",
            _forecast,
            command=("forecast",),
            help="The FMS sales forecast, next two fiscal years (SAMM C2.1.3.5.2-3).",
        ),
        Kind(
            "budget",
            _budget,
            command=("budget",),
            help="FMF and IMET budget requests: the C2.3.3.1.4 elements, uncommitted funds, the justification.",
        ),
        Kind(
            "training_plan",
            _training_plan,
            command=("training", "plan"),
            help="The four-year training program plan (SAMM C2.1.6.2) and the SCETWG checklist (Figure C10.F2).",
        ),
        Kind(
            "eum",
            _eum,
            command=("eum",),
            help="End-use monitoring: the register, CAVs, EEUM inventories, serial import, sheets (SAMM C2.1.5.6).",
        ),
        Kind(
            "case",
            _case,
            command=("case",),
            help="FMS cases the office follows: case file documents, LOA status and dates (SAMM C2.1.4.3, C2.1.5.2).",
        ),
        Kind(
            "industry_visit",
            _industry_visit,
            command=("industry",),
            help="U.S. industry visits: the firm's information 30 days ahead, debrief, neutrality (SAMM C2.1.8).",
        ),
        Kind(
            "visit",
            _visit,
            command=("visit",),
            help="Official DoD visitors and aircraft: clearance lead time, approvals, support (SAMM C2.1.9.3).",
        ),
    )
)
"""Every file kind, in the order `sco init`, the schemas and the `kind:` hint list them."""
