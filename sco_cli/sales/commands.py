"""`sco javits report` and `sco forecast report`: two views of one forecast register."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sco_cli.check import check_for_documents
from sco_cli.check_commands import kind_check_app
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite
from sco_cli.option_values import check_format, deliver, parse_as_of
from sco_cli.options import AsOf, Config, Force, Paths

if TYPE_CHECKING:
    from sco_cli.core.office import Office
    from sco_cli.core.pipeline import Report
    from sco_cli.core.render import DocumentMeta

ReportFormat = Annotated[
    str | None,
    typer.Option("--format", "-f", help="text, json, csv, md, docx or pdf (default: from the -o suffix, else text)."),
]
Draft = Annotated[
    bool, typer.Option("--draft", help="md/docx/pdf: write a DRAFT marking every gap instead of refusing.")
]
FORMATS = ("text", "json", "csv", "md", "docx", "pdf")
SUFFIXES = {".txt": "text", ".json": "json", ".csv": "csv", ".md": "md", ".docx": "docx", ".pdf": "pdf"}


def report_format(given: str | None, output: str | None) -> str:
    """`-o javits.docx` alone writes Word; a suffix that contradicts `--format` is refused."""
    implied = SUFFIXES.get(Path(output).suffix.lower()) if output else None
    if given is None:
        return implied or "text"
    fmt = check_format(given, FORMATS)
    if implied and implied != fmt:
        raise UsageError(f"--output {output} is a .{Path(output or '').suffix.lstrip('.')} file but --format is {fmt}")
    return fmt


Output = Annotated[str | None, typer.Option("--output", "-o", help="Write to this file (needed for docx and pdf).")]


def javits_app() -> typer.Typer:
    javits = typer.Typer(no_args_is_help=True)
    javits.command("report")(javits_report)
    return javits


def forecast_app() -> typer.Typer:
    forecast = kind_check_app("forecast")
    forecast.command("report")(forecast_report)
    return forecast


def javits_report(
    paths: Paths,
    year: Annotated[int, typer.Option("--year", help="Calendar year, e.g. 2027.")],
    format: ReportFormat = None,
    output: Output = None,
    force: Force = False,
    draft: Draft = False,
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """Entries expected in the year at or above a Javits threshold, each with its reasons."""
    from sco_cli.sales import reports

    day, fmt = parse_as_of(as_of), report_format(format, output)
    checked = _registers(paths, day, config)
    payload = reports.javits(checked, year)
    title = f"Javits report input, CY{year}"
    return _deliver(payload, fmt, output, force, "javits.md.j2", title, day, checked, draft)


def forecast_report(
    paths: Paths,
    fy: Annotated[
        int | None, typer.Option("--fy", help="First fiscal year (default: the upcoming one, after --as-of's).")
    ] = None,
    format: ReportFormat = None,
    output: Output = None,
    force: Force = False,
    draft: Draft = False,
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """FMS entries at 90% or more expected in FY or FY+1, grouped by fiscal year with totals."""
    from sco_cli.sales import reports
    from sco_cli.sales.periods import default_forecast_fy

    day, fmt = parse_as_of(as_of), report_format(format, output)
    first = fy if fy is not None else default_forecast_fy(day)
    checked = _registers(paths, day, config)
    payload = reports.forecast(checked, first)
    title = f"FMS forecast FY{first}-FY{first + 1}"
    return _deliver(payload, fmt, output, force, "forecast.md.j2", title, day, checked, draft)


def _registers(paths: list[str], day: date, config: str | None) -> Report:
    checked = check_for_documents(paths, "forecast", day, config)
    if not checked.of_kind("forecast"):
        raise UsageError("no forecast register (kind: forecast) among the files given")
    return checked


def report_document(
    payload: dict[str, Any], template: str, title: str, day: date, checked: Report, draft: bool
) -> tuple[str, dict[str, Any], DocumentMeta, Office | None]:
    """The template, context, meta and office of a Javits or forecast document (used by the report
    commands and by `sco templates`)."""
    from sco_cli.core.office import marking_of, shown_path
    from sco_cli.core.render import DocumentMeta

    office = next((r.office for r in checked.of_kind("forecast")), None)
    sources = ", ".join(shown_path(r.path, r.office) for r in checked.of_kind("forecast"))
    meta = DocumentMeta(title=title, source=sources, generated=day, marking=marking_of(office), allow_draft=draft)
    return template, {"report": payload}, meta, office


def _deliver(
    payload: dict[str, Any],
    fmt: str,
    output: str | None,
    force: bool,
    template: str,
    title: str,
    day: date,
    checked: Report,
    draft: bool,
) -> int:
    from sco_cli.sales import reports

    drafted = False
    if fmt in ("md", "docx", "pdf"):
        from sco_cli.core import pdf
        from sco_cli.core.render import Incomplete, render

        if fmt in ("docx", "pdf") and output is None:
            raise UsageError(f"--format {fmt} writes a file: give -o FILE.{fmt}")
        if output is not None:
            refuse_overwrite(Path(output), force)
        template, context, meta, office = report_document(payload, template, title, day, checked, draft)
        soffice = pdf.soffice_for(office) if fmt == "pdf" else ""
        try:
            rendered = render(template, context, meta, "docx" if fmt == "pdf" else fmt, office)
        except Incomplete as exc:
            print(f"sco: no {title} written; missing (--draft marks each [GAP]):", file=sys.stderr)
            for gap in exc.gaps:
                print(f"    {gap}", file=sys.stderr)
            return ExitCode.FINDINGS
        drafted = rendered.draft
        data: bytes | str = pdf.convert([rendered.data], soffice)[0] if fmt == "pdf" else rendered.data
    elif fmt == "json":
        data = json.dumps(payload, indent=2) + "\n"
    elif fmt == "csv":
        data = reports.as_csv(payload)
    else:
        data = reports.as_text(payload)
    deliver(data, output, force, " (DRAFT)" if drafted else "")
    return ExitCode.FINDINGS if drafted else checked.exit_code()
