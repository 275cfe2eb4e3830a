"""`sco case check` and `sco case status` (one line per case, sorted by the next date)."""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import TYPE_CHECKING, Any

import typer

from sco_cli import __version__
from sco_cli.check import check_for_documents
from sco_cli.check_commands import kind_check_app
from sco_cli.option_values import check_format, emit, parse_as_of
from sco_cli.options import AsOf, Config, Format, Paths

if TYPE_CHECKING:
    from sco_cli.core.pipeline import Report

COLUMNS = ("case", "status", "next_date", "waiting_for", "missing_documents", "file")


def case_app() -> typer.Typer:
    case = kind_check_app("case")
    case.command("status")(case_status)
    return case


def case_status(paths: Paths, format: Format = "text", as_of: AsOf = None, config: Config = None) -> int:
    """One line per case: status, the next date and what it waits for, sorted by that date."""
    fmt = check_format(format, ("text", "json", "csv"))
    day = parse_as_of(as_of)
    report = check_for_documents(paths, "case", day, config)
    rows = status_rows(report)
    if fmt == "json":
        findings = [f.to_dict() for r in report.files for f in r.findings]
        emit(json.dumps({"sco_version": __version__, "as_of": day.isoformat(), "cases": rows, "findings": findings}))
        emit("\n")
    elif fmt == "csv":
        stream = io.StringIO()
        writer = csv.DictWriter(stream, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({**row, "missing_documents": "; ".join(row["missing_documents"])} for row in rows)
        emit(stream.getvalue())
    elif sys.stdout.isatty():
        _table(rows)
    else:
        emit("".join(_line(row) for row in rows))
    return report.exit_code()


def status_rows(report: Report) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for result in report.files:
        if result.kind not in ("case", None):  # None: a file too broken to say its kind
            continue
        facts = result.facts
        if not facts:
            rows.append(
                {
                    "case": "",
                    "status": "unreadable",
                    "next_date": None,
                    "waiting_for": "fix the file: " + "; ".join(f.message for f in result.findings[:2]),
                    "missing_documents": [],
                    "file": result.path,
                }
            )
            continue
        rows.append(
            {
                "case": facts["id"],
                "status": facts["status"],
                "next_date": facts["next_date"],
                "waiting_for": facts["waiting_for"],
                "missing_documents": facts["missing_documents"],
                "file": result.path,
            }
        )
    return sorted(rows, key=lambda row: (row["next_date"] is None, row["next_date"] or "", row["case"]))


def _line(row: dict[str, Any]) -> str:
    missing = f"; file lacks {', '.join(row['missing_documents'])}" if row["missing_documents"] else ""
    name = row["case"] or row["file"]
    return f"{name:<14} {row['status']:<15} {row['next_date'] or '-':<10}  {row['waiting_for']}{missing}\n"


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
