"""The two tables that join the domains to the core: file kinds and command groups.

Each entry is a function that imports its domain when first needed, so `sco --help` imports no
domain at all and a check imports only the kinds it meets. Adding a kind means a package of its
own plus one entry in each table below, nothing else.
"""

# Every import of a domain below is deliberately inside its loader (lazy), hence PLC0415 is off
# for this file in pyproject.toml.

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sco_cli.core.kinds import KindSpec, KindTable
from sco_cli.core.registry import RULES, Rule
from sco_cli.help import COMMANDS

if TYPE_CHECKING:
    import typer


def _office() -> KindSpec[Any]:
    from sco_cli.core.office import Office
    from sco_cli.visits import events, staff

    return KindSpec("office", Office, rule_modules=(staff,), example="sco.yaml", events=events.office_events)


Facts = Callable[[Any], dict[str, Any]]


def _joined(*parts: Facts) -> Facts:
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
    from sco_cli.lor import cta_rules, facts, model, rules
    from sco_cli.sales import consistency

    return KindSpec(
        "lor",
        model.Lor,
        _joined(facts.facts, baseline.lor_facts),
        (rules, cta_rules, consistency, baseline, lor_link),
        example="lor-complete.yaml",
        anchors=("funding", "loa_accepted", "case"),  # BUD016, CAS010
    )


def _student() -> KindSpec[Any]:
    from sco_cli.training import events, facts, followup, followup_rules, model, rules, summary

    return KindSpec(
        "student",
        model.Student,
        _joined(facts.facts, followup.facts),
        (rules, followup_rules),
        gates=("ito",),
        example="students/ready.yaml",
        events=events.events,
        anchors=("ito",),  # ITO015
        summary=summary.summary_table,
    )


def _forecast() -> KindSpec[Any]:
    from sco_cli.sales import consistency, facts, model, rules

    return KindSpec("forecast", model.Forecast, facts.facts, (rules, consistency), example="forecast.yaml")


def _training_plan() -> KindSpec[Any]:
    from sco_cli.training_plan import events, facts, model, rules

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
    from sco_cli.sales import consistency

    return KindSpec(
        "budget", model.Budget, facts.facts, (rules, consistency), example="budget-fmf.yaml", events=events.events
    )


def _eum() -> KindSpec[Any]:
    from sco_cli.eum import events, facts, model, rules

    return KindSpec("eum", model.Register, facts.facts, (rules,), example="eum.yaml", events=events.events)


def _case() -> KindSpec[Any]:
    from sco_cli.cases import events, facts, model, rules

    example = "cases/XS-P-SAB.yaml"
    return KindSpec("case", model.Case, facts.facts, (rules,), example=example, events=events.events)


def _industry_visit() -> KindSpec[Any]:
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
    from sco_cli.visits import events, facts, model, rules

    example = "visits/useucom-j5.yaml"
    return KindSpec("visit", model.Visit, facts.facts, (rules,), example=example, events=events.visit_events)


KINDS = KindTable(
    {
        "office": _office,
        "lor": _lor,
        "student": _student,
        "forecast": _forecast,
        "budget": _budget,
        "training_plan": _training_plan,
        "eum": _eum,
        "case": _case,
        "industry_visit": _industry_visit,
        "visit": _visit,
    }
)


def all_rules() -> dict[str, Rule]:
    """Every rule of every kind, registered (for `sco rules` and the tests)."""
    from sco_cli.core import general_rules  # the loader's and models' GEN rules

    assert general_rules
    KINDS.load_all()
    return RULES


@dataclass(frozen=True)
class CommandGroup:
    help: str
    build: Callable[[], typer.Typer]
    single: bool = False
    """The Typer holds one command that is `sco <name>` itself (`sco calendar`), not a group of subcommands."""


def _lor_group() -> typer.Typer:
    from sco_cli.lor.commands import lor_app

    return lor_app()


def _cta_group() -> typer.Typer:
    from sco_cli.lor.commands import cta_app

    return cta_app()


def _student_group() -> typer.Typer:
    from sco_cli.training.commands import student_app

    return student_app()


def _ito_group() -> typer.Typer:
    from sco_cli.training.commands import ito_app

    return ito_app()


def _javits_group() -> typer.Typer:
    from sco_cli.sales.commands import javits_app

    return javits_app()


def _forecast_group() -> typer.Typer:
    from sco_cli.sales.commands import forecast_app

    return forecast_app()


def _training_group() -> typer.Typer:
    from sco_cli.training_plan.commands import training_app

    return training_app()


def _calendar_command() -> typer.Typer:
    from sco_cli.calendar.commands import calendar_app

    return calendar_app()


def _budget_group() -> typer.Typer:
    from sco_cli.budget.commands import budget_app

    return budget_app()


def _eum_group() -> typer.Typer:
    from sco_cli.eum.commands import eum_app

    return eum_app()


def _case_group() -> typer.Typer:
    from sco_cli.cases.commands import case_app

    return case_app()


def _industry_group() -> typer.Typer:
    from sco_cli.industry.commands import industry_app

    return industry_app()


def _visit_group() -> typer.Typer:
    from sco_cli.visits.commands import visit_app

    return visit_app()


def _translation_group() -> typer.Typer:
    from sco_cli.translation.commands import translation_app

    return translation_app()


def _rules_group() -> typer.Typer:
    from sco_cli.meta_commands import rules_app

    return rules_app()


def _waivers_group() -> typer.Typer:
    from sco_cli.waiver_commands import waivers_app

    return waivers_app()


def _templates_group() -> typer.Typer:
    from sco_cli.template_commands import templates_app

    return templates_app()


def _schema_group() -> typer.Typer:
    from sco_cli.meta_commands import schema_app

    return schema_app()


COMMAND_GROUPS: dict[str, CommandGroup] = {
    "lor": CommandGroup(COMMANDS["lor"], _lor_group),
    "cta": CommandGroup(COMMANDS["cta"], _cta_group),
    "student": CommandGroup(COMMANDS["student"], _student_group),
    "ito": CommandGroup(COMMANDS["ito"], _ito_group),
    "javits": CommandGroup(COMMANDS["javits"], _javits_group),
    "forecast": CommandGroup(COMMANDS["forecast"], _forecast_group),
    "training": CommandGroup(COMMANDS["training"], _training_group),
    "budget": CommandGroup(COMMANDS["budget"], _budget_group),
    "calendar": CommandGroup(COMMANDS["calendar"], _calendar_command, single=True),
    "eum": CommandGroup(COMMANDS["eum"], _eum_group),
    "case": CommandGroup(COMMANDS["case"], _case_group),
    "industry": CommandGroup(COMMANDS["industry"], _industry_group),
    "visit": CommandGroup(COMMANDS["visit"], _visit_group),
    "translation": CommandGroup(COMMANDS["translation"], _translation_group),
    "rules": CommandGroup(COMMANDS["rules"], _rules_group),
    "waivers": CommandGroup(COMMANDS["waivers"], _waivers_group),
    "templates": CommandGroup(COMMANDS["templates"], _templates_group),
    "schema": CommandGroup(COMMANDS["schema"], _schema_group),
}
"""The `sco <group>` command groups in the order `sco --help` lists them."""
