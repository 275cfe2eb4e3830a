"""The `sco <group>` command groups, derived from the kinds table plus the groups no kind brings.

A kind declares where its check lives (`Kind.command`) and that group's help line; its group is made
here from that alone: `sco industry check` needs nothing else. A group with more commands than the
check (`sco lor route`, `sco eum import`) has a module under `sco_cli/cli/commands/` whose `add(group)`
adds them. Groups that check no kind (`sco cta`, `sco rules`) are declared below with their help.

Nothing heavy is imported at the top: `sco --help` lists the groups from here without Typer. A group
is built (its module imported, its options turned into Click parameters) only when it runs.
"""

from __future__ import annotations

from sco_cli.kinds import KINDS

TYPE_CHECKING = False  # not `from typing import ...`: typing alone costs more than `sco --help`
if TYPE_CHECKING:
    from collections.abc import Callable

    import typer


class Group:
    """One `sco <name>` group: its help line, and what builds its Typer."""

    __slots__ = ("after", "build", "help", "name", "single")

    def __init__(
        self,
        name: str,
        help: str,
        build: Callable[[], typer.Typer],
        *,
        after: str | None = None,
        single: bool = False,
    ) -> None:
        self.name = name
        self.help = help
        self.build = build
        self.after = after
        """The group `sco --help` lists this one after (None: at the end, in the order declared)."""
        self.single = single
        """The Typer holds one command that is `sco <name>` itself (`sco calendar`), not a group."""


def _lor() -> typer.Typer:
    from sco_cli.cli.commands import lor

    return lor.add(_kind_group("lor"))


def _cta() -> typer.Typer:
    from sco_cli.cli.commands import cta

    return cta.app()


def _ito() -> typer.Typer:
    from sco_cli.cli.commands import ito

    return ito.app()


def _javits() -> typer.Typer:
    from sco_cli.cli.commands import javits

    return javits.app()


def _forecast() -> typer.Typer:
    from sco_cli.cli.commands import forecast

    return forecast.add(_kind_group("forecast"))


def _training() -> typer.Typer:
    from sco_cli.cli.commands import training

    return training.add(_kind_group("training"))


def _budget() -> typer.Typer:
    from sco_cli.cli.commands import budget

    return budget.add(_kind_group("budget"))


def _calendar() -> typer.Typer:
    from sco_cli.cli.commands import calendar

    return calendar.app()


def _brief() -> typer.Typer:
    from sco_cli.cli.commands import brief

    return brief.app()


def _eum() -> typer.Typer:
    from sco_cli.cli.commands import eum

    return eum.add(_kind_group("eum"))


def _student() -> typer.Typer:
    from sco_cli.cli.commands import student

    return student.add(_kind_group("student"))


def _case() -> typer.Typer:
    from sco_cli.cli.commands import case

    return case.add(_kind_group("case"))


def _translation() -> typer.Typer:
    from sco_cli.cli.commands import translation

    return translation.app()


def _rules() -> typer.Typer:
    from sco_cli.cli.commands import rules

    return rules.app()


def _waivers() -> typer.Typer:
    from sco_cli.cli.commands import waivers

    return waivers.app()


def _templates() -> typer.Typer:
    from sco_cli.cli.commands import templates

    return templates.app()


def _schema() -> typer.Typer:
    from sco_cli.cli.commands import schema

    return schema.app()


EXTRA_COMMANDS: dict[str, Callable[[], typer.Typer]] = {
    "lor": _lor,
    "forecast": _forecast,
    "training": _training,
    "budget": _budget,
    "eum": _eum,
    "case": _case,
    "student": _student,
}
"""Groups with commands beside the checks of their kinds (`sco lor route`): the builder adds them."""

OWN_GROUPS = (
    Group("cta", "Country Team Assessments (SAMM C2.1.4.2, C5.1.4).", _cta, after="lor"),
    Group(
        "ito", "Invitational Travel Orders: the SC-TMS data sheet, or a manual ITO under waiver.", _ito, after="student"
    ),
    Group("javits", "The calendar-year Javits report (SAMM C2.1.3.5.1).", _javits, after="ito"),
    Group(
        "training",
        "The training program plan (SAMM C2.1.6.2-3) and the positions-of-prominence report (C2.1.6.9.4.1).",
        _training,
        after="forecast",
    ),
    Group(
        "calendar",
        "What is due in the fiscal year: Table C2.T2 milestones, Javits, forecast, FMT and the files' deadlines.",
        _calendar,
        after="budget",
        single=True,
    ),
    Group(
        "brief",
        "The office on one page: students ready and blocked, deadlines, what is waiting; each line names its command.",
        _brief,
        after="calendar",
        single=True,
    ),
    Group(
        "translation",
        "Informal translations: mark every page, and the forwarding letter (SAMM C2.1.10.1.11).",
        _translation,
    ),
    Group("rules", "List and explain the rules, each with its SAMM paragraph.", _rules),
    Group("waivers", "Findings accepted on record: list them with their expiry.", _waivers),
    Group(
        "templates",
        "The document templates: list them, export them to edit as office overrides, check overrides.",
        _templates,
    ),
    Group("schema", "JSON Schema of every file kind, for editors.", _schema),
)
"""The groups that no kind brings (some hold a kind's check as a subgroup: `sco training plan check`)."""


def _kind_group(name: str) -> typer.Typer:
    """A group's Typer with the check of every kind whose command is in it: `check` itself for a kind
    that brings the group, a subgroup with its `check` for one under it (`sco training plan check`)."""
    import typer

    from sco_cli.cli.commands.check import check_command

    group = typer.Typer(no_args_is_help=True)
    for kind in KINDS.declared():
        if kind.group != name or kind.command is None:
            continue
        if len(kind.command) == 1:
            group.command("check", help=kind.check_help)(check_command(kind.name))
        else:
            sub = typer.Typer(no_args_is_help=True)
            sub.command("check", help=kind.check_help)(check_command(kind.name))
            group.add_typer(sub, name=kind.command[1], help=kind.help)
    return group


def _only_checks(name: str) -> Callable[[], typer.Typer]:
    def build() -> typer.Typer:
        return _kind_group(name)

    return build


def _kind_groups() -> dict[str, Group]:
    """The groups the kinds bring, in the kinds' order."""
    found: dict[str, Group] = {}
    for kind in KINDS.declared():
        if kind.command is not None and len(kind.command) == 1:
            name = kind.command[0]
            found[name] = Group(name, kind.help, EXTRA_COMMANDS.get(name) or _only_checks(name))
    return found


def command_groups() -> dict[str, Group]:
    """Every `sco <group>`, in the order `sco --help` lists them: the kinds' groups in the kinds' order,
    each followed by the groups declared to come after it, then the rest."""
    pending = list(OWN_GROUPS)
    ordered: dict[str, Group] = {}

    def place(group: Group) -> None:
        ordered[group.name] = group
        for follower in [g for g in pending if g.after == group.name]:
            pending.remove(follower)
            place(follower)

    for group in _kind_groups().values():
        place(group)
    while pending:
        place(pending.pop(0))
    return ordered
