"""`sco case status` (beside `sco case check`): one line per case, sorted by the next date; its CSV is the
case-status extract `sco case import` reads. `sco case import`: an extract into one file per case."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from sco_cli.app.checking import check_for_documents, report_exit
from sco_cli.app.documents import deliver_report, say_unread, unread_text
from sco_cli.app.option_values import check_format, parse_as_of
from sco_cli.app.output import emit
from sco_cli.cli.commands.student import DryRun, Mapping, Replace, ReportFormat
from sco_cli.cli.options import AsOf, Config, Format, Paths
from sco_cli.core.errors import ExitCode


def add(group: typer.Typer) -> typer.Typer:
    group.command("status")(case_status)
    group.command("import")(case_import)
    return group


def case_import(
    table: Annotated[str, typer.Argument(metavar="TABLE", help="The case-status extract (CSV, TSV or .xlsx).")],
    into: Annotated[str, typer.Option("--into", metavar="DIR", help="The folder of case files (created if absent).")],
    mapping: Mapping = None,
    dry_run: DryRun = False,
    force: Replace = False,
    as_of: AsOf = None,
    format: ReportFormat = "text",
) -> int:
    """Add and update cases from a case-status extract (case, status, offer and expiration dates,
    value), one file per case, matched by case id.

    What the office wrote stays: a field the file lacks is added, one edited by hand is reported and
    kept unless --force, and every record notes the table and day it came from; a case the last import
    brought that the extract no longer lists is reported as gone, never deleted."""
    from sco_cli.app.imports import ImportRequest, import_table

    day = parse_as_of(as_of)
    fmt = check_format(format, ("text", "json"))
    return import_table(ImportRequest(table, into, "case", "case-status", mapping, dry_run, force, day, fmt))


def case_status(
    paths: Paths, format: Format = "text", mapping: Mapping = None, as_of: AsOf = None, config: Config = None
) -> int:
    """One line per case: status, the next date and what it waits for, sorted by that date.

    --format csv writes the case-status extract instead (case, status, offer date, offer expiration,
    value; by case id), the table `sco case import` reads: --mapping gives another layout."""
    from sco_cli.app.imports import choose_mapping, export_csv
    from sco_cli.cases.status import status_line, status_rows

    fmt = check_format(format, ("text", "json", "csv"))
    day = parse_as_of(as_of)
    report = check_for_documents(paths, "case", day, config)
    rows = status_rows(report)
    unread = report.unread("case")
    chosen = choose_mapping("case", "case-status", mapping)
    records = [r.model.model_dump(exclude_none=True) for r in report.of_kind("case") if r.model is not None]
    records.sort(key=lambda record: str(record.get("id", "")))
    if fmt == "text" and sys.stdout.isatty():
        _table(rows)
        emit(unread_text(unread))
        say_unread(unread, listed=True)
        whole = not unread
    else:
        findings = [f.to_dict() for r in report.files for f in r.findings]
        whole = deliver_report(
            fmt,
            None,
            False,
            {"cases": rows, "findings": findings},
            day,
            text=lambda payload: "".join(status_line(row) for row in payload["cases"]),
            csv=lambda payload: export_csv(records, chosen),
            document=None,
            what="case status",
            unread=unread,
        )
    code = report_exit(report, paths, "case")
    return code if whole else ExitCode.FINDINGS


def _table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Cases")
    for column in ("Case", "Status", "Next date", "Waiting for", "Missing documents"):
        table.add_column(column)
    for row in rows:
        cells = (row["case"] or row["file"], row["status"], row["next_date"] or "", row["waiting_for"])
        table.add_row(*(escape(str(cell)) for cell in cells), escape(", ".join(row["missing_documents"])))
    Console().print(table)
