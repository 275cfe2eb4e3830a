"""What `sco student check` prints after its text report: on a terminal a table of who is ready for an
ITO (the SAMM gate and its blockers) and what the ITO document still lacks (ITO019), and everywhere the
line "N of M students ready for an ITO" (the student kind's `summary`, which
`run_check` shows whichever parser read the command line)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sco_cli.core.needs import short_name
from sco_cli.core.terminal import printable

if TYPE_CHECKING:
    from sco_cli.core.results import Report


def summary_table(report: Report, terminal: bool) -> None:
    students = report.of_kind("student")
    ready = sum(bool(result.facts and result.facts["ito_ready"]) for result in students)
    lacking = sum(bool(result.facts and result.facts.get("ito_document_gaps")) for result in students)
    line = f"{ready} of {len(students)} students ready for an ITO"
    if lacking:
        line += f"; {lacking} lacking items the ITO document prints (ITO019)"
    if not terminal:
        print(line)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def plain(value: object) -> Text:  # a file's text is shown as text, never read as Rich markup
        return Text(printable(str(value or "")))

    table = Table(title="Students")
    # identifiers, codes and dates are never cut or folded (a rule code is 6 characters, a date 10): a
    # narrow terminal wraps the names, and the blockers between codes, instead
    table.add_column("Student", min_width=8)
    table.add_column("Passport", no_wrap=True)
    table.add_column("ITO", no_wrap=True)
    table.add_column("Ready", no_wrap=True)
    table.add_column("Blockers", min_width=6)
    table.add_column("Document gaps", min_width=6)
    table.add_column("Arrival notice due", min_width=10)
    for result in students:
        facts = result.facts
        if not facts:
            table.add_row(plain(Path(result.path).name), "", "", Text("no", style="red"), "file errors", "", "")
            continue
        table.add_row(
            plain(facts["student"]),
            plain(facts["passport"]),
            plain(facts["ito_number"]),
            Text("yes", style="green") if facts["ito_ready"] else Text("no", style="red"),
            ", ".join(facts["ito_blockers"]),
            plain(", ".join(short_name(item) for item in facts.get("ito_document_gaps", []))),
            facts["arrival_notice_due"] or "",
        )
    console = Console()
    console.print(table)
    console.print(line)
