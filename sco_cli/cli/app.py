"""The `sco` command tree. The top level lists the command groups (`groups.command_groups`) without
importing them; a group is built (its module imported, its options turned into Click parameters)
only when it is run, so `sco --help` and `sco check` pay for no group they do not use.

Commands return their exit code; `sco_cli.main` turns it, and every error, into the process exit.
"""

from __future__ import annotations

import sys
from difflib import get_close_matches
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from sco_cli import __version__
from sco_cli.cli import help
from sco_cli.cli.groups import Group, command_groups
from sco_cli.core.errors import ExitCode


class LazyGroups(TyperGroup):
    """The root group: `check` and `init` are built with it, the command groups on use."""

    _listing = False
    _groups: dict[str, Group] | None = None

    @property
    def groups(self) -> dict[str, Group]:
        if self._groups is None:
            self._groups = command_groups()
        return self._groups

    def list_commands(self, ctx: Any) -> list[str]:
        built = [name for name in self.commands if name not in self.groups and name != "init"]
        return [*built, *self.groups, "init"]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands:
            return plain_help(self.commands[cmd_name])
        group = self.groups.get(cmd_name)
        if group is None:
            return None
        if self._listing:  # help lists each group by name and help: no need to build it
            return TyperGroup(name=cmd_name, help=group.help)
        built = group.build()
        command = typer.main.get_command(built) if group.single else typer.main.get_group(built)
        command.name, command.help = cmd_name, group.help
        self.commands[cmd_name] = command
        return plain_help(command)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.rich_markup_mode = None
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return self._click_resolve_command(ctx, args)
        except Exception as exc:  # Click's UsageError: add a "did you mean" over every group
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches and hasattr(exc, "message"):
                exc.message = exc.message.rstrip(".") + ". Did you mean " + ", ".join(map(repr, matches)) + "?"
            raise


def plain_help(command: Any) -> Any:
    """Help as `sco --help` prints it: plain text, without Rich boxes, and each value named by what it is
    (`--format FORMAT`, `FILE`) instead of Typer's type tags (`<str>`, `<bool>`). Applied to every command
    of the tree once it is built."""
    if getattr(command, "_plain", False):
        return command
    command._plain = True
    command.rich_markup_mode = None
    for param in command.params:
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            continue
        word = (param.name or "value").upper()
        if param.metavar is None:
            param.metavar = word + ("..." if param.nargs == -1 else "")
        if param.param_type_name == "argument":  # Typer adds `<str>` after an argument's name, and braces
            usage = param.metavar if param.required else f"[{word}]" + ("..." if param.nargs == -1 else "")
            param.display_type_rich = lambda ctx: None
            param._usage_display_name = lambda usage=usage: usage
    for sub in getattr(command, "commands", {}).values():
        plain_help(sub)
    return command


def _version(value: bool) -> None:
    if value:
        print(f"sco {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help=help.VERSION)
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help=help.DEBUG,
        ),
    ] = False,
) -> None:
    """sco: SAMM checks and documents for Security Cooperation Offices."""


def build_app() -> typer.Typer:
    from sco_cli.cli.commands.check import check
    from sco_cli.cli.commands.init import init

    application = typer.Typer(
        name="sco",
        help=help.ROOT,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=True,
        cls=LazyGroups,
    )
    application.callback()(_root)
    application.command("check", help=help.CHECK)(check)
    application.command("init", help=help.INIT)(init)
    return application


def run_typer(args: list[str]) -> int:
    """Run the Typer app; a mistake on the command line is Click's message and exit 2."""
    from typer._click.exceptions import ClickException  # Typer vendors Click; pinned to 0.29.x

    try:
        code = build_app()(args=args, prog_name="sco", standalone_mode=False)
    except ClickException as exc:
        return usage_error(exc)
    if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into exit 130 on its own
        print("sco: interrupted", file=sys.stderr)
    return int(code) if isinstance(code, int) else ExitCode.OK


def usage_error(exc: Any) -> int:
    """A mistake on the command line in sco's one error style: `sco: error: ...` and where to read the
    command's help, on one line (exit 2). A group named without a command shows its help, as Click does."""
    from sco_cli.core.terminal import printable

    context = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and context is not None:
        print(context.get_help(), file=sys.stderr)
        return int(exc.exit_code)
    where = f" (see `{context.command_path} --help`)" if context is not None else ""
    print(f"sco: error: {printable(exc.format_message())}{where}", file=sys.stderr)
    return int(exc.exit_code)
