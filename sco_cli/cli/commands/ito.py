"""`sco ito generate`: one document per student, never several in one. (`sco student check`, the
screening gate, is made from the kinds table in `sco_cli.cli.groups`.)"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sco_cli.app.checking import check_for_documents
from sco_cli.app.documents import DocumentJob, refuse, write_documents
from sco_cli.app.option_values import check_format, cui_choice, parse_as_of
from sco_cli.cli.options import AsOf, Config, CuiCategory, Dissemination, Force, Jobs
from sco_cli.core.errors import ExitCode, Refusal, UsageError
from sco_cli.core.terminal import printable

if TYPE_CHECKING:
    from sco_cli.core.results import Report


def app() -> typer.Typer:
    ito = typer.Typer(no_args_is_help=True)
    ito.command("generate")(ito_generate)
    return ito


def ito_generate(
    files: Annotated[list[str], typer.Argument(help="Student files or folders.")],
    output: Annotated[str, typer.Option("--output", "-o", help="Folder for the documents.")],
    format: Annotated[str, typer.Option("--format", "-f", help="docx, md or pdf (pdf needs LibreOffice).")] = "docx",
    manual: Annotated[
        bool, typer.Option("--manual", help="A DD Form 2285-style ITO (TMS unavailable and a CCMD waiver recorded).")
    ] = False,
    draft: Annotated[
        bool,
        typer.Option("--draft", help="Write a DRAFT marking every gap and blocker instead of refusing the student."),
    ] = False,
    force: Force = False,
    as_of: AsOf = None,
    config: Config = None,
    jobs: Jobs = 0,
    cui_category: CuiCategory = None,
    dissemination: Dissemination = None,
) -> int:
    """One ITO document per student. Refuses, writing nothing for that student, while screening is incomplete
    or an item the form needs is empty."""
    fmt = check_format(format, ("docx", "md", "pdf"))
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output {output}: not a folder")
    day = parse_as_of(as_of)
    cui = cui_choice(cui_category, dissemination)
    report = check_for_documents(files, "student", day, config)
    if not report.of_kind("student"):  # asked for ITOs, found nothing to make them from: say so, exit 1
        raise Refusal([printable(f"sco: no student file (kind: student) found in {', '.join(files)}")])
    refused, planned = _plan_documents(report, folder, fmt, day, manual, draft, force)
    planned = [replace(job, cui=cui) for job in planned]
    outcomes = write_documents(planned, "ITO", jobs)
    refused += sum(not outcome.written for outcome in outcomes)
    if refused:
        print(
            f"sco: {refused} student{'s' * (refused != 1)} refused, no document written for "
            f"{'them' if refused != 1 else 'that student'}",
            file=sys.stderr,
        )
    drafted = sum(o.draft for o in outcomes if o.written)
    if drafted:
        print(f"sco: {drafted} DRAFT document{'s' * (drafted != 1)}: not ready to send", file=sys.stderr)
    return ExitCode.FINDINGS if refused or drafted else ExitCode.OK


def _plan_documents(
    report: Report, folder: Path, fmt: str, day: date, manual: bool, draft: bool, force: bool
) -> tuple[int, list[DocumentJob]]:
    """Which students get a document, and which are refused (their reasons go to stderr)."""
    from sco_cli.core.pipeline import blocking_findings
    from sco_cli.students.ito import ito_document, manual_refusal, output_name
    from sco_cli.students.model import Student

    refused, jobs, taken = 0, [], set[str]()
    for result in report.of_kind("student"):
        if result.model is None:
            refuse(
                result.path,
                "no ITO written:",
                ["the file does not load: " + "; ".join(f.message for f in result.findings[:3])],
            )
            refused += 1
            continue
        student = result.model_as(Student)
        stops = blocking_findings(result, "ito")
        lines = [f"{f.code} {f.message}" for f in stops]
        why_not_manual = manual_refusal(student, stops) if manual else None
        if why_not_manual or (stops and not draft):
            refuse(result.path, "no ITO written:", [why_not_manual] if why_not_manual else lines)
            refused += 1
            continue
        target = folder / f"{output_name(student, taken)}.{fmt}"
        document = ito_document(result, student, lines, manual, day, draft)
        jobs.append(DocumentJob(document, fmt, target, force, result.path))
    return refused, jobs
