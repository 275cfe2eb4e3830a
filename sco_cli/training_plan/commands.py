"""`sco training plan check` (the four-year training program plan) and `sco training prominence`
(the positions-of-prominence report from the student files)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer

from sco_cli.check import check_for_documents
from sco_cli.check_commands import kind_check_app
from sco_cli.core.errors import Refusal, UsageError
from sco_cli.core.terminal import printable
from sco_cli.option_values import deliver, parse_as_of
from sco_cli.options import AsOf, Config, Force, Paths
from sco_cli.sales.commands import Output, ReportFormat, report_format

if TYPE_CHECKING:
    from datetime import date

    from sco_cli.core.office import Office
    from sco_cli.core.pipeline import Report
    from sco_cli.core.render import DocumentMeta


def training_app() -> typer.Typer:
    training = typer.Typer(no_args_is_help=True)
    training.add_typer(
        kind_check_app("training_plan"),
        name="plan",
        help="The four-year training program plan (SAMM C2.1.6.2) and the SCETWG checklist (Figure C10.F2).",
    )
    training.command("prominence")(prominence)
    return training


def prominence(
    paths: Paths,
    format: ReportFormat = None,
    output: Output = None,
    force: Force = False,
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """Positions of prominence from the student files' `prominence:` records (SAMM C2.1.6.9.4.1)."""
    from sco_cli.training import prominence as ppr

    fmt = report_format(format, output)
    if fmt == "docx" and output is None:
        raise UsageError("--format docx writes a Word file: give -o FILE.docx")
    day = parse_as_of(as_of)
    checked = check_for_documents(paths, "student", day, config)
    if not checked.of_kind("student"):
        # asked for a report, found nothing to make it from: say so, exit 1 (as `ito generate`)
        raise Refusal([printable(f"sco: no student file (kind: student) found in {', '.join(paths)}")])
    payload = ppr.entries(checked)
    if fmt in ("md", "docx"):
        from sco_cli.core.render import render_document

        template, context, meta, office = prominence_document(checked, paths, day)
        data: bytes | str = render_document(template, context, meta, fmt, office)
    elif fmt == "json":
        data = json.dumps(payload, indent=2) + "\n"
    elif fmt == "csv":
        data = ppr.as_csv(payload)
    else:
        data = ppr.as_text(payload)
    deliver(data, output, force)
    return checked.exit_code()


def prominence_document(
    checked: Report, paths: list[str], day: date
) -> tuple[str, dict[str, Any], DocumentMeta, Office | None]:
    """The report's template, context, metadata and office (the command and `sco templates` share them)."""
    from sco_cli.core.office import marking_of, shown_path
    from sco_cli.core.render import DocumentMeta
    from sco_cli.training import prominence as ppr

    office = next((r.office for r in checked.of_kind("student") if r.office), None)
    sources = ", ".join(shown_path(path, office) for path in paths)
    meta = DocumentMeta("Positions of prominence", sources, day, marking_of(office))
    return "prominence.md.j2", {"report": ppr.entries(checked)}, meta, office
