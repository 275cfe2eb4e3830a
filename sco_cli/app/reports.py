"""The register reports and the one flow they share (`register_report`): the Javits report and the FMS
forecast (two views of one forecast register, `sco javits report` and `sco forecast report`), the
positions-of-prominence report (`sco training prominence`) and the FMT report input (`sco training fmt`).
Each says what it is made of (`RegisterReport`); the steps from the check to the exit code are here once."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from sco_cli.app.checking import check_for_documents, report_exit
from sco_cli.app.documents import deliver_report, nothing_to_report
from sco_cli.app.option_values import output_format, parse_as_of
from sco_cli.core.cui import CuiChoice
from sco_cli.core.dates import YEARS
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.terminal import printable

if TYPE_CHECKING:
    from sco_cli.core.document import Document
    from sco_cli.core.results import Report, Unread

REPORT_FORMATS = ("text", "json", "csv", "md", "docx", "pdf")


@dataclass(frozen=True)
class ReportRequest:
    """What the command line asked of a report, its options already read (each command reads its own,
    in its own order, so that the first mistake named stays the same)."""

    paths: list[str]
    fmt: str
    output: str | None
    force: bool
    draft: bool
    as_of: date
    config: str | None
    cui: CuiChoice | None = None


def _no_errors_of_its_own(payload: dict[str, Any]) -> str | None:
    """Most reports list their entries as read: their errors are the check's."""
    return None


@dataclass(frozen=True)
class RegisterReport:
    """What one report is made of; `register_report` does the rest the same way for each."""

    reads: str | None
    """The kind of file checked, also the one whose check command the exit line names (None: every kind,
    for a report drawn from several)."""
    drawn_from: tuple[str, ...]
    """The kinds it is made from: without a file of any of them there is nothing to report (the first
    is the one named)."""
    build: Callable[[Report], dict[str, Any]]
    """The payload, from the checked files: the JSON report, and what text and CSV are written from."""
    text: Callable[[dict[str, Any]], str]
    csv: Callable[[dict[str, Any]], str]
    document: Callable[[dict[str, Any], Report], Document]
    what: str
    """What the document is called where it is named ("wrote …", refusals)."""
    unread: Callable[[Report], Sequence[Unread]]
    """The entries the report could not read, named in every format."""
    narrow: Callable[[Report], Report] | None = None
    """The files the report answers for, when it checks every kind (`sco training fmt`: the plans and
    student files): the findings and the exit code are theirs, not those of the office's other files."""
    own_errors: Callable[[dict[str, Any]], str | None] = _no_errors_of_its_own
    """A line for standard error when the payload's own entries have errors (the command exits 1)."""
    findings_when_incomplete: bool = False
    """Name the check's error findings (`report_exit`) even when the output is not whole, as `sco training
    fmt` has always done; the others stop at the entries not read."""


def register_report(request: ReportRequest, report: RegisterReport) -> int:
    """Check the files, build the payload, say when no file the report is made from was found (JSON still
    written), deliver it in the format asked, then exit 1 when it is not whole, when its entries have errors
    of their own, or when the files read have error findings."""
    checked = check_for_documents(request.paths, report.reads, request.as_of, request.config)
    if report.narrow is not None:
        checked = report.narrow(checked)
    payload = report.build(checked)
    if not any(checked.of_kind(kind) for kind in report.drawn_from):
        nothing_to_report(
            request.fmt, request.output, request.force, payload, request.as_of, report.drawn_from[0], request.paths
        )
    whole = deliver_report(
        request.fmt,
        request.output,
        request.force,
        payload,
        request.as_of,
        text=report.text,
        csv=report.csv,
        document=lambda: report.document(payload, checked),
        what=report.what,
        unread=report.unread(checked),
        draft=request.draft,
        cui=request.cui,
    )
    own_errors = report.own_errors(payload)
    if own_errors:
        print(printable(own_errors), file=sys.stderr)
    if not whole and not report.findings_when_incomplete:
        return ExitCode.FINDINGS
    exit_code = report_exit(checked, request.paths, report.reads)
    return ExitCode.FINDINGS if not whole or own_errors else exit_code


def forecast_register_report(
    which: str,
    paths: list[str],
    year: int | None,
    format: str | None,
    output: str | None,
    force: bool,
    draft: bool,
    as_of: str | None,
    config: str | None,
    cui: CuiChoice | None = None,
) -> int:
    """The Javits report (`year`: the calendar year) or the forecast (`year`: the first fiscal year,
    default the upcoming one)."""
    from sco_cli.forecast import reports
    from sco_cli.forecast.periods import default_forecast_fy, default_javits_year

    day, fmt = parse_as_of(as_of), output_format(format, output, REPORT_FORMATS, default="text")
    last = YEARS[1] if which == "javits" else YEARS[1] - 1  # the forecast covers `year` and the next
    if year is not None and not YEARS[0] <= year <= last:  # a typing slip (--fy 9999, --fy 1), not a date to build
        option = "--year" if which == "javits" else "--fy"
        raise UsageError(f"{option} {year}: give a year from {YEARS[0]} to {last}")
    if which == "javits":
        year = year if year is not None else default_javits_year(day)
        build = partial(reports.javits, year=year)
        template, title = reports.JAVITS_TEMPLATE, f"Javits report input, CY{year}"
    else:
        first = year if year is not None else default_forecast_fy(day)
        build = partial(reports.forecast, first_fy=first)
        template, title = reports.FORECAST_TEMPLATE, f"FMS forecast FY{first}-FY{first + 1}"
    report = RegisterReport(
        reads="forecast",
        drawn_from=("forecast",),
        build=build,
        text=reports.as_text,
        csv=reports.as_csv,
        document=lambda payload, checked: reports.report_document(payload, template, title, day, checked, draft),
        what=title,
        unread=lambda checked: checked.unread("forecast", reads=reports.READS),
    )
    return register_report(ReportRequest(paths, fmt, output, force, draft, day, config, cui), report)
