"""`sco brief [PATH...]`: the office on one page for the chief (students ready and blocked, deadlines,
what is waiting, EUM, Javits and forecast, waivers), each line naming the command with the detail."""

from __future__ import annotations

from typing import Annotated

import typer

from sco_cli.app.option_values import output_format, parse_as_of
from sco_cli.app.output import deliver, emit_json
from sco_cli.cli.options import AsOf, Config, Force
from sco_cli.core.errors import ExitCode


def app() -> typer.Typer:
    brief_app = typer.Typer(add_completion=False)
    brief_app.command("brief")(brief)
    return brief_app


def brief(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files or folders of the office (default: the current folder).", show_default=False),
    ] = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="text, md or json (default: from the -o suffix, else text).")
    ] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    force: Force = False,
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """The office on one page: who is ready or blocked, what is due or overdue, what is waiting."""
    from sco_cli.app import brief as office_brief

    fmt = output_format(format, output, ("text", "md", "json"), default="text")
    day = parse_as_of(as_of)
    sections, country = office_brief.build(paths or ["."], day, config)
    if fmt == "json":
        emit_json(office_brief.as_dict(sections, country), day, output, force)
    elif fmt == "md":
        deliver(office_brief.as_markdown(sections, country, day), output, force)
    else:
        deliver(office_brief.as_text(sections, country, day), output, force)
    return ExitCode.OK
