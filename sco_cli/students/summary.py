"""The table `sco student check` prints after the report on a terminal: who is ready for an ITO
(the student kind's `summary`, which `run_check` shows whichever parser read the command line)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sco_cli.core.terminal import printable

if TYPE_CHECKING:
    from sco_cli.core.results import Report


def summary_table(report: Report) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def plain(value: object) -> Text:  # a file's text is shown as text, never read as Rich markup
        return Text(printable(str(value or "")))

    table = Table(title="Students")
    for column in ("Student", "Passport", "ITO", "Ready", "Blockers", "Arrival notice due"):
        table.add_column(column)
    students = report.of_kind("student")
    ready = 0
    for result in students:
        facts = result.facts
        if not facts:
            table.add_row(plain(Path(result.path).name), "", "", Text("no", style="red"), "file errors", "")
            continue
        ready += bool(facts["ito_ready"])
        table.add_row(
            plain(facts["student"]),
            plain(facts["passport"]),
            plain(facts["ito_number"]),
            Text("yes", style="green") if facts["ito_ready"] else Text("no", style="red"),
            ", ".join(facts["ito_blockers"]),
            facts["arrival_notice_due"] or "",
        )
    console = Console()
    console.print(table)
    console.print(f"{ready} of {len(students)} students ready for an ITO")
