"""`sco javits report` and `sco forecast report`: two views of one forecast register."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sco_cli.check import check_for_documents, kind_check_app
from sco_cli.core.errors import UsageError
from sco_cli.core.output import write_atomic
from sco_cli.options import AsOf, Config, Force, Paths, check_format, emit, parse_as_of

if TYPE_CHECKING:
    from sco_cli.core.pipeline import Report

ReportFormat = Annotated[
    str | None,
    typer.Option("--format", "-f", help="text, json, csv, md or docx (default: from the -o suffix, else text)."),
]
FORMATS = ("text", "json", "csv", "md", "docx")
SUFFIXES = {".txt": "text", ".json": "json", ".csv": "csv", ".md": "md", ".docx": "docx"}


def report_format(given: str | None, output: str | None) -> str:
    """`-o javits.docx` alone writes Word; a suffix that contradicts `--format` is refused."""
    implied = SUFFIXES.get(Path(output).suffix.lower()) if output else None
    if given is None:
        return implied or "text"
    fmt = check_format(given, FORMATS)
    if implied and implied != fmt:
        raise UsageError(f"--output {output} is a .{Path(output or '').suffix.lstrip('.')} file but --format is {fmt}")
    return fmt


Output = Annotated[str | None, typer.Option("--output", "-o", help="Write to this file (needed for docx).")]


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
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """Entries expected in the year at or above a Javits threshold, each with its reasons."""
    from sco_cli.sales import reports

    day, fmt = parse_as_of(as_of), report_format(format, output)
    checked = _registers(paths, day, config)
    payload = reports.javits(checked, year)
    _deliver(payload, fmt, output, force, "javits.md.j2", f"Javits report input, CY{year}", paths, day, checked)
    return checked.exit_code()


def forecast_report(
    paths: Paths,
    fy: Annotated[
        int | None, typer.Option("--fy", help="First fiscal year (default: the upcoming one, after --as-of's).")
    ] = None,
    format: ReportFormat = None,
    output: Output = None,
    force: Force = False,
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
    _deliver(
        payload, fmt, output, force, "forecast.md.j2", f"FMS forecast FY{first}-FY{first + 1}", paths, day, checked
    )
    return checked.exit_code()


def _registers(paths: list[str], day: date, config: str | None) -> Report:
    checked = check_for_documents(paths, "forecast", day, config)
    if not checked.of_kind("forecast"):
        raise UsageError("no forecast register (kind: forecast) among the files given")
    return checked


def _deliver(
    payload: dict[str, Any],
    fmt: str,
    output: str | None,
    force: bool,
    template: str,
    title: str,
    paths: list[str],
    day: date,
    checked: Report,
) -> None:
    from sco_cli.sales import reports

    if fmt in ("md", "docx"):
        from sco_cli.core.office import marking_of, shown_path
        from sco_cli.core.render import DocumentMeta, render_document

        if fmt == "docx" and output is None:
            raise UsageError("--format docx writes a Word file: give -o FILE.docx")
        office = next((r.office for r in checked.of_kind("forecast")), None)
        sources = ", ".join(shown_path(r.path, r.office) for r in checked.of_kind("forecast"))
        meta = DocumentMeta(title=title, source=sources, generated=day, marking=marking_of(office))
        data: bytes | str = render_document(template, {"report": payload}, meta, fmt, office)
    elif fmt == "json":
        data = json.dumps(payload, indent=2) + "\n"
    elif fmt == "csv":
        data = reports.as_csv(payload)
    else:
        data = reports.as_text(payload)
    if output is None:
        emit(data.decode("utf-8") if isinstance(data, bytes) else data)
    else:
        write_atomic(Path(output), data, force)
        print(f"wrote {output}")
