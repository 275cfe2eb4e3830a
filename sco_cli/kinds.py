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

if TYPE_CHECKING:
    import typer


def _office() -> KindSpec[Any]:
    from sco_cli.core.office import Office

    return KindSpec("office", Office, example="sco.yaml")


def _lor() -> KindSpec[Any]:
    from sco_cli.lor import cta_rules, facts, model, rules
    from sco_cli.sales import consistency

    return KindSpec("lor", model.Lor, facts.facts, (rules, cta_rules, consistency), example="lor-complete.yaml")


def _student() -> KindSpec[Any]:
    from sco_cli.training import facts, model, rules

    return KindSpec("student", model.Student, facts.facts, (rules,), gates=("ito",), example="students/ready.yaml")


def _forecast() -> KindSpec[Any]:
    from sco_cli.sales import consistency, facts, model, rules

    return KindSpec("forecast", model.Forecast, facts.facts, (rules, consistency), example="forecast.yaml")


def _budget() -> KindSpec[Any]:
    from sco_cli.budget import facts, model
    from sco_cli.sales import consistency

    return KindSpec("budget", model.Budget, facts.facts, (consistency,), example="budget-fmf.yaml")


KINDS = KindTable(
    {
        "office": _office,
        "lor": _lor,
        "student": _student,
        "forecast": _forecast,
        "budget": _budget,
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
    "lor": CommandGroup("Letters of Request: completeness, SME/MDE, Javits, 36(b), CTA, routing.", _lor_group),
    "cta": CommandGroup("Country Team Assessments (SAMM C2.1.4.2, C5.1.4).", _cta_group),
    "student": CommandGroup(
        "International students: the screening gate before an ITO (SAMM C2.1.6.7-9).", _student_group
    ),
    "ito": CommandGroup("Invitational Travel Orders: the SC-TMS data sheet, or a manual ITO under waiver.", _ito_group),
    "javits": CommandGroup("The calendar-year Javits report (SAMM C2.1.3.5.1).", _javits_group),
    "forecast": CommandGroup("The FMS sales forecast, next two fiscal years (SAMM C2.1.3.5.2-3).", _forecast_group),
    "rules": CommandGroup("List and explain the rules, each with its SAMM paragraph.", _rules_group),
    "waivers": CommandGroup("Findings accepted on record: list them with their expiry.", _waivers_group),
    "templates": CommandGroup(
        "The document templates: list them, export them to edit as office overrides, check overrides.",
        _templates_group,
    ),
    "schema": CommandGroup("JSON Schema of every file kind, for editors.", _schema_group),
}
"""The `sco <group>` command groups in the order `sco --help` lists them."""
