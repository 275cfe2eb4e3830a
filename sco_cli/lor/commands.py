"""`sco lor check`, `sco lor route` and `sco cta generate`."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from sco_cli.check import check_for_documents, kind_check_app, single_result
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic
from sco_cli.core.terminal import printable
from sco_cli.options import AsOf, Config, Force, Format, check_format, emit, parse_as_of


def lor_app() -> typer.Typer:
    lor = kind_check_app("lor")
    lor.command("route")(route)
    return lor


def cta_app() -> typer.Typer:
    cta = typer.Typer(no_args_is_help=True)
    cta.command("generate")(cta_generate)
    return cta


def route(
    file: Annotated[str, typer.Argument(help="The LOR file.")],
    format: Format = "text",
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """Where the LOR goes: action and information addressees (SAMM C2.1.4.1.3, C5.1.3)."""
    from sco_cli.lor.model import Lor
    from sco_cli.lor.routing import routing

    fmt = check_format(format, ("text", "json", "csv"))
    result = single_result(check_for_documents([file], "lor", parse_as_of(as_of), config), "lor", file)
    plan = routing(result.model_as(Lor), result.office, result.facts)
    if fmt == "json":
        emit(json.dumps(plan, indent=2) + "\n")
    elif fmt == "csv":
        emit(routing_csv(plan))
    else:
        emit(routing_text(plan))
    return ExitCode.FINDINGS if plan["problems"] else ExitCode.OK


def routing_csv(plan: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["lor", "copy", "to", "address", "why"])
    for copy in ("action", "information"):
        for row in plan[copy]:
            writer.writerow([plan["lor"], copy, row["to"], row.get("address", ""), row.get("why", "")])
    return buffer.getvalue()


def routing_text(plan: dict[str, Any]) -> str:
    lines = [f"LOR {plan['lor']}  ({plan['reference']})", "", "Action:"]
    lines += [f"  - {a['to']}" + (f"\n      {a['address']}" if a.get("address") else "") for a in plan["action"]]
    lines += ["Information copies:"]
    lines += [f"  - {a['to']}" + (f" ({a['why']})" if a.get("why") else "") for a in plan["information"]]
    lines += [f"problem: {problem}" for problem in plan["problems"]]
    lines += [f"note: {note}" for note in plan["notes"]]
    return "\n".join(printable(line) for line in lines) + "\n"


def cta_generate(
    file: Annotated[str, typer.Argument(help="The LOR file with its `cta:` section.")],
    output: Annotated[str, typer.Option("--output", "-o", help="OUT.docx or OUT.md")],
    draft: Annotated[
        bool, typer.Option("--draft", help="Write it with every gap marked and the whole document marked DRAFT.")
    ] = False,
    force: Force = False,
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """Say whether a CTA is required and why; write it, refusing while a required element is missing."""
    from sco_cli.core.office import marking_of, shown_path
    from sco_cli.core.pipeline import blocking_findings
    from sco_cli.core.render import DocumentMeta, render_document
    from sco_cli.lor.cta import cta_context
    from sco_cli.lor.model import Lor

    target = Path(output)
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in ("docx", "md"):
        raise UsageError(f"--output {output}: name a .docx or .md file")
    refuse_overwrite(target, force)
    day = parse_as_of(as_of)
    result = single_result(check_for_documents([file], "lor", day, config), "lor", file)
    lor = result.model_as(Lor)
    facts = result.facts
    if facts["cta_required"]:
        print(printable("CTA required (SAMM C5.1.4): " + "; ".join(facts["cta_reasons"])))
    else:
        print("CTA not required by SAMM C5.1.4 (no trigger applies); writing it as requested")
    if lor.cta is None:
        missing = ["the LOR has no `cta:` section"]
    else:
        missing = [f.message for f in blocking_findings(result, "cta")]
    if missing and not draft:
        print(printable(f"{file}: no CTA written; missing:"), file=sys.stderr)
        for gap in missing:
            print(printable(f"    {gap}"), file=sys.stderr)
        return ExitCode.FINDINGS
    meta = DocumentMeta(
        title=f"Country Team Assessment, LOR {lor.id}",
        source=shown_path(result.path, result.office),
        generated=day,
        marking=marking_of(result.office),
        draft=bool(missing),
        gaps=missing,
    )
    document = render_document("cta.md.j2", cta_context(lor, result.office, facts), meta, fmt, result.office)
    write_atomic(target, document, force)
    print(f"wrote {target}" + (" (DRAFT)" if missing else ""))
    return ExitCode.FINDINGS if missing else ExitCode.OK  # a draft is written, but the CTA is not complete
