"""`sco lor check` and `sco lor route`."""

from __future__ import annotations

from typing import Annotated

import typer

from sco_cli.cli_common import (
    AsOf,
    Config,
    Debug,
    Force,
    Format,
    check_format,
    emit,
    guarded,
    kind_check_app,
    parse_as_of,
)


def lor_app() -> typer.Typer:
    lor = kind_check_app("lor", "Letters of Request: completeness, SME/MDE, Javits, 36(b), CTA, routing.")
    lor.command("route")(route)
    return lor


def cta_app() -> typer.Typer:
    cta = typer.Typer(help="Country Team Assessments (SAMM C2.1.4.2, C5.1.4).", no_args_is_help=True)
    cta.command("generate")(cta_generate)
    return cta


@guarded
def route(file: Annotated[str, typer.Argument(help="The LOR file.")], format: Format = "text",
          as_of: AsOf = None, config: Config = None, debug: Debug = False) -> None:
    """Where the LOR goes: action and information addressees (SAMM C2.1.4.1.3, C5.1.3)."""
    import json

    from sco_cli.core.engine import check_paths
    from sco_cli.core.errors import UsageError
    from sco_cli.lor.routing import routing

    fmt = check_format(format, ("text", "json"))
    report = check_paths([file], parse_as_of(as_of), config, only_kind="lor", keep_models=True, offices=True)
    result = report.files[0]
    if result.model is None:
        raise UsageError(f"{file}: the LOR does not load; run `sco lor check {file}` to see why")
    plan = routing(result.model, report.offices.get(result.path), result.facts)
    if fmt == "json":
        emit(json.dumps(plan, indent=2) + "\n")
    else:
        emit(routing_text(plan))
    raise typer.Exit(1 if plan["problems"] else 0)


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


@guarded
def cta_generate(file: Annotated[str, typer.Argument(help="The LOR file with its `cta:` section.")],
                 output: Annotated[str, typer.Option("--output", "-o", help="OUT.docx or OUT.md")],
                 draft: Annotated[bool, typer.Option("--draft", help="Write it with every gap marked and the "
                                                     "whole document marked DRAFT.")] = False,
                 force: Force = False, as_of: AsOf = None, config: Config = None, debug: Debug = False) -> None:
    """Say whether a CTA is required and why; write it, refusing while a required element is missing."""
    import sys
    from pathlib import Path

    from sco_cli.core.engine import check_paths
    from sco_cli.core.errors import UsageError
    from sco_cli.core.output import refuse_overwrite, write_atomic
    from sco_cli.core.render import DocumentMeta, render
    from sco_cli.lor.cta import cta_context, gaps

    target = Path(output)
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in ("docx", "md"):
        raise UsageError(f"--output {output}: name a .docx or .md file")
    refuse_overwrite(target, force)
    day = parse_as_of(as_of)
    report = check_paths([file], day, config, only_kind="lor", keep_models=True, offices=True)
    result = report.files[0]
    if result.model is None:
        raise UsageError(f"{file}: the LOR does not load; run `sco lor check {file}` to see why")
    facts = result.facts
    if facts["cta_required"]:
        print("CTA required (SAMM C5.1.4): " + "; ".join(facts["cta_reasons"]))
    else:
        print("CTA not required by SAMM C5.1.4 (no trigger applies); writing it as requested")
    missing = gaps(result.model)
    if missing and not draft:
        print(f"{file}: no CTA written; missing:", file=sys.stderr)
        for gap in missing:
            print(f"    {gap}", file=sys.stderr)
        raise typer.Exit(1)
    office = report.offices.get(result.path)
    meta = DocumentMeta(title=f"Country Team Assessment, LOR {result.model.id}", source=result.path, generated=day,
                        marking=getattr(office, "marking", None) or "CUI", draft=bool(missing), gaps=missing)
    write_atomic(target, render("cta.md.j2", cta_context(result.model, office, facts), meta, fmt, office), force)
    print(f"wrote {target}" + (" (DRAFT)" if missing else ""))
