"""`sco case status` (beside `sco case check`): one line per case, sorted by the next date."""

from __future__ import annotations

import csv
import io
import sys
from typing import Any

import typer

from sco_cli.app.checking import check_for_documents, report_exit
from sco_cli.app.documents import deliver_report, say_unread, unread_text
from sco_cli.app.option_values import check_format, parse_as_of
from sco_cli.app.output import emit
from sco_cli.cli.options import AsOf, Config, Format, Paths
from sco_cli.core.errors import ExitCode


def add(group: typer.Typer) -> typer.Typer:
    group.command("status")(case_status)
    return group


def case_status(paths: Paths, format: Format = "text", as_of: AsOf = None, config: Config = None) -> int:
    """One line per case: status, the next date and what it waits for, sorted by that date."""
    from sco_cli.cases.status import COLUMNS, status_line, status_rows

    fmt = check_format(format, ("text", "json", "csv"))
    day = parse_as_of(as_of)
    report = check_for_documents(paths, "case", day, config)
    rows = status_rows(report)
    unread = report.unread("case")
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
            csv=lambda payload: _csv(payload["cases"], COLUMNS),
            document=None,
            what="case status",
            unread=unread,
        )
    code = report_exit(report, paths, "case")
    return code if whole else ExitCode.FINDINGS


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({**row, "missing_documents": "; ".join(row["missing_documents"])} for row in rows)
    return stream.getvalue()


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
