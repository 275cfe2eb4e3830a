"""`sco lor check`, `sco lor route` and `sco cta generate`."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from sco_cli.check import check_for_documents, single_result
from sco_cli.check_commands import kind_check_app
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic
from sco_cli.core.terminal import printable
from sco_cli.option_values import check_format, emit, parse_as_of
from sco_cli.options import AsOf, Config, Force, Format


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
    file: Annotated[str, typer.Argument(help="The LOR file with its `cta:` (or `sco_endorsement:`) section.")],
    output: Annotated[str, typer.Option("--output", "-o", help="OUT.docx, OUT.md or OUT.pdf")],
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="docx, md or pdf (default: from the -o suffix).")
    ] = None,
    endorsement: Annotated[
        bool,
        typer.Option("--endorsement", help="The SCO endorsement of an NVD repeat buy instead (NVD guide C2.2.3)."),
    ] = False,
    draft: Annotated[
        bool, typer.Option("--draft", help="Write it with every gap marked and the whole document marked DRAFT.")
    ] = False,
    force: Force = False,
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """Say whether a CTA (or an SCO endorsement) is required and why; write it, refusing while a required
    item is missing."""
    from sco_cli.core import pdf
    from sco_cli.core.render import Incomplete, render
    from sco_cli.lor.cta import cta_document
    from sco_cli.lor.model import Lor

    target = Path(output)
    fmt = document_format(format, output)
    refuse_overwrite(target, force)
    day = parse_as_of(as_of)
    result = single_result(check_for_documents([file], "lor", day, config), "lor", file)
    soffice = pdf.soffice_for(result.office) if fmt == "pdf" else ""
    lor = result.model_as(Lor)
    facts = result.facts
    name = "SCO endorsement" if endorsement else "CTA"
    if endorsement:
        if facts["sco_endorsement_required"]:
            reasons = "; ".join(facts["sco_endorsement_reasons"])
            print(printable("SCO endorsement required (NVD guide C2.2.3): " + reasons))
        else:
            print(
                "An SCO endorsement replaces a CTA only for an NVD repeat buy at or below the guidelines (NVD guide "
                "C2.2.3); this LOR is not recorded as one: writing it as requested"
            )
    elif facts["cta_required"]:
        print(printable("CTA required (SAMM C5.1.4): " + "; ".join(facts["cta_reasons"])))
    else:
        print("CTA not required by SAMM C5.1.4 (no trigger applies); writing it as requested")
    template, context, meta = cta_document(result, lor, day, endorsement, draft)
    if meta.gaps and not draft:
        return _refuse_cta(file, name, meta.gaps)
    try:
        rendered = render(template, context, meta, "docx" if fmt == "pdf" else fmt, result.office)
    except Incomplete as exc:
        return _refuse_cta(file, name, exc.gaps)
    data = pdf.convert([rendered.data], soffice)[0] if fmt == "pdf" else rendered.data
    write_atomic(target, data, force)
    print(f"wrote {target}" + (" (DRAFT)" if rendered.draft else ""))
    return ExitCode.FINDINGS if rendered.draft else ExitCode.OK  # a draft is written, but it is not complete


def _refuse_cta(file: str, name: str, gaps: list[str]) -> int:
    print(printable(f"{file}: no {name} written; missing:"), file=sys.stderr)
    for gap in gaps:
        print(printable(f"    {gap}"), file=sys.stderr)
    return ExitCode.FINDINGS


DOCUMENT_SUFFIXES = {".docx": "docx", ".md": "md", ".pdf": "pdf"}


def document_format(given: str | None, output: str) -> str:
    """The format of a document command: `--format`, else the -o suffix; they must agree."""
    implied = DOCUMENT_SUFFIXES.get(Path(output).suffix.lower())
    if given is None:
        if implied is None:
            raise UsageError(f"--output {output}: name a .docx, .md or .pdf file (or give --format)")
        return implied
    fmt = check_format(given, ("docx", "md", "pdf"))
    if implied and implied != fmt:
        raise UsageError(f"--output {output} is a {Path(output).suffix} file but --format is {fmt}")
    return fmt
