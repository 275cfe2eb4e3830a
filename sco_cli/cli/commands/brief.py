"""`sco brief [PATH...]`: the office on one page for the chief (students ready and blocked, deadlines,
what is waiting, EUM, Javits and forecast, waivers), each line naming the command with the detail."""

from __future__ import annotations

from typing import Annotated

import typer

from sco_cli.app.option_values import cui_choice, output_format, parse_as_of
from sco_cli.cli.options import AsOf, Config, CuiCategory, Dissemination, Draft, Force
from sco_cli.core.errors import ExitCode

BRIEF_FORMATS = ("text", "json", "md", "docx", "pdf")


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
        str | None,
        typer.Option("--format", "-f", help="text, json, md, docx or pdf (default: from the -o suffix, else text)."),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file (needed for docx and pdf).")
    ] = None,
    force: Force = False,
    draft: Draft = False,
    as_of: AsOf = None,
    config: Config = None,
    cui_category: CuiCategory = None,
    dissemination: Dissemination = None,
) -> int:
    """The office on one page: who is ready or blocked, what is due or overdue, what is waiting."""
    from sco_cli.app import brief as office_brief
    from sco_cli.app.documents import deliver_report

    fmt = output_format(format, output, BRIEF_FORMATS, default="text")
    cui = cui_choice(cui_category, dissemination)
    day = parse_as_of(as_of)
    where = paths or ["."]
    sections, office = office_brief.build(where, day, config)
    country = office.country if office else None
    whole = deliver_report(
        fmt,
        output,
        force,
        office_brief.as_dict(sections, country),
        day,
        text=lambda _: office_brief.as_text(sections, country, day),
        csv=None,
        document=lambda: office_brief.document(sections, office, day, where, draft),
        what="office brief",
        draft=draft,
        cui=cui,
    )
    return ExitCode.OK if whole else ExitCode.FINDINGS
