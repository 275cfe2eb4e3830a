"""`sco lor check` and `sco lor route`."""

from __future__ import annotations

from typing import Annotated

import typer

from sco_cli.cli_common import AsOf, Config, Debug, Format, check_format, emit, guarded, parse_as_of


def register(app: typer.Typer, kind_check_app) -> None:
    lor = kind_check_app("lor", "Letters of Request: completeness, SME/MDE, Javits, 36(b), CTA, routing.")
    lor.command("route")(route)
    app.add_typer(lor, name="lor")


@guarded
def route(file: Annotated[str, typer.Argument(help="The LOR file.")], format: Format = "text",
          as_of: AsOf = None, config: Config = None, debug: Debug = False) -> None:
    """Where the LOR goes: action and information addressees (SAMM C2.1.4.1.3, C5.1.3)."""
    import json

    from sco_cli.core.engine import check_paths
    from sco_cli.core.errors import UsageError
    from sco_cli.lor.routing import routing

    fmt = check_format(format, ("text", "json"))
    report = check_paths([file], parse_as_of(as_of), config, only_kind="lor", keep_models=True)
    result = report.files[0]
    if result.model is None:
        raise UsageError(f"{file}: the LOR does not load; run `sco lor check {file}` to see why")
    plan = routing(result.model, _office_of(file, config), result.facts)
    if fmt == "json":
        emit(json.dumps(plan, indent=2) + "\n")
    else:
        emit(routing_text(plan))
    raise typer.Exit(1 if plan["problems"] else 0)


def _office_of(file: str, config: str | None):
    from sco_cli.core.engine import OfficeFinder
    from sco_cli.core.thresholds import shipped

    return OfficeFinder(config, shipped()).office_for(file)[0]


def routing_text(plan: dict) -> str:
    lines = [f"LOR {plan['lor']}  ({plan['reference']})", "", "Action:"]
    lines += [f"  - {a['to']}" + (f"\n      {a['address']}" if a.get("address") else "") for a in plan["action"]]
    lines += ["Information copies:"]
    lines += [f"  - {a['to']}" + (f" ({a['why']})" if a.get("why") else "") for a in plan["information"]]
    for problem in plan["problems"]:
        lines.append(f"problem: {problem}")
    for note in plan["notes"]:
        lines.append(f"note: {note}")
    return "\n".join(lines) + "\n"
