"""`sco lor route` (beside `sco lor check`, which `sco_cli.cli.groups` makes from the kinds table)."""

from __future__ import annotations

from typing import Annotated

import typer

from sco_cli.app.checking import check_for_documents, single_result
from sco_cli.app.option_values import check_format, parse_as_of
from sco_cli.app.output import emit, emit_json
from sco_cli.cli.options import AsOf, Config, Format
from sco_cli.core.errors import ExitCode


def add(group: typer.Typer) -> typer.Typer:
    group.command("route")(route)
    return group


def route(
    file: Annotated[str, typer.Argument(help="The LOR file.")],
    format: Format = "text",
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """Where the LOR goes: action and information addressees (SAMM C2.1.4.1.3, C5.1.3)."""
    from sco_cli.lor.model import Lor
    from sco_cli.lor.routing import routing, routing_csv, routing_text

    fmt = check_format(format, ("text", "json", "csv"))
    day = parse_as_of(as_of)
    result = single_result(check_for_documents([file], "lor", day, config), "lor", file)
    plan = routing(result.model_as(Lor), result.office, result.facts)
    if fmt == "json":
        emit_json(plan, day)
    elif fmt == "csv":
        emit(routing_csv(plan))
    else:
        emit(routing_text(plan))
    return ExitCode.FINDINGS if plan["problems"] else ExitCode.OK
