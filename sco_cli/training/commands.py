"""`sco student check` (the screening gate, with a progress bar and a summary table on a
terminal) and `sco ito generate` (one document per student, never several in one)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sco_cli.check import check_for_documents, run_check
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic
from sco_cli.core.terminal import printable
from sco_cli.options import AsOf, Color, Config, Force, Format, Jobs, Paths, Quiet, Strict, check_format, parse_as_of

if TYPE_CHECKING:
    from sco_cli.core.findings import FileResult
    from sco_cli.core.office import Office
    from sco_cli.core.pipeline import Report

PARALLEL_MIN_DOCUMENTS = 20
"""Below this many documents, worker processes cost more to start than they save."""


def student_app() -> typer.Typer:
    student = typer.Typer(no_args_is_help=True)
    student.command("check")(student_check)
    return student


def ito_app() -> typer.Typer:
    ito = typer.Typer(no_args_is_help=True)
    ito.command("generate")(ito_generate)
    return ito


def student_check(
    paths: Paths,
    format: Format = "text",
    as_of: AsOf = None,
    config: Config = None,
    strict: Strict = False,
    quiet: Quiet = False,
    jobs: Jobs = 0,
    color: Color = "auto",
) -> int:
    """Check student files: the ITO screening gate, arrival notices, passports."""
    return run_check(paths, format, as_of, config, strict, quiet, jobs, "student", _summary_table, color)


def _summary_table(report: Report) -> None:
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


@dataclass(frozen=True)
class DocumentJob:
    """One document to render and write; picklable, so a worker process can do it."""

    template: str
    context: dict[str, Any]
    meta: Any  # DocumentMeta
    fmt: str
    office: Office | None
    target: Path
    force: bool

    def run(self) -> tuple[Path, bool]:
        from sco_cli.core.render import render_document

        write_atomic(
            self.target, render_document(self.template, self.context, self.meta, self.fmt, self.office), self.force
        )
        return self.target, self.meta.draft


def ito_generate(
    files: Annotated[list[str], typer.Argument(help="Student files or folders.")],
    output: Annotated[str, typer.Option("--output", "-o", help="Folder for the documents.")],
    format: Annotated[str, typer.Option("--format", "-f", help="docx or md.")] = "docx",
    manual: Annotated[
        bool, typer.Option("--manual", help="A DD Form 2285-style ITO (TMS unavailable and a CCMD waiver recorded).")
    ] = False,
    draft: Annotated[
        bool, typer.Option("--draft", help="Write a DRAFT sheet listing the blockers instead of refusing.")
    ] = False,
    force: Force = False,
    as_of: AsOf = None,
    config: Config = None,
    jobs: Jobs = 0,
) -> int:
    """One ITO document per student. Refuses, writing nothing for that student, while screening is incomplete."""
    fmt = check_format(format, ("docx", "md"))
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output {output}: not a folder")
    day = parse_as_of(as_of)
    report = check_for_documents(files, "student", day, config)
    if not report.of_kind("student"):
        raise UsageError(f"{', '.join(files)}: no student file (kind: student) found")
    refused, jobs_to_do = _plan_documents(report, folder, fmt, day, manual, draft, force)
    for job in jobs_to_do:
        refuse_overwrite(job.target, force)
    _write_documents(jobs_to_do, jobs, lambda target, drafted: print(f"wrote {target}" + (" (DRAFT)" * drafted)))
    if refused:
        print(
            f"sco: {refused} student{'s' * (refused != 1)} refused, no document written for "
            f"{'them' if refused != 1 else 'that student'}",
            file=sys.stderr,
        )
    drafted = sum(job.meta.draft for job in jobs_to_do)
    if drafted:
        print(f"sco: {drafted} DRAFT document{'s' * (drafted != 1)}: the students are not ready", file=sys.stderr)
    return ExitCode.FINDINGS if refused or drafted else ExitCode.OK


def _plan_documents(
    report: Report, folder: Path, fmt: str, day: date, manual: bool, draft: bool, force: bool
) -> tuple[int, list[DocumentJob]]:
    """Which students get a document, and which are refused (their reasons go to stderr)."""
    from sco_cli.core.pipeline import blocking_findings
    from sco_cli.training.ito import manual_refusal, output_name
    from sco_cli.training.model import Student

    refused, jobs, taken = 0, [], set[str]()
    for result in report.of_kind("student"):
        if result.model is None:
            _refuse(result.path, ["the file does not load: " + "; ".join(f.message for f in result.findings[:3])])
            refused += 1
            continue
        student = result.model_as(Student)
        stops = blocking_findings(result, "ito")
        lines = [f"{f.code} {f.message}" for f in stops]
        why_not_manual = manual_refusal(student, stops) if manual else None
        if why_not_manual or (stops and not draft):
            _refuse(result.path, [why_not_manual] if why_not_manual else lines)
            refused += 1
            continue
        target = folder / f"{output_name(student, taken)}.{fmt}"
        jobs.append(_document_job(result, student, target, lines, manual, fmt, day, force))
    return refused, jobs


def _document_job(
    result: FileResult, student: Any, target: Path, lines: list[str], manual: bool, fmt: str, day: date, force: bool
) -> DocumentJob:
    from sco_cli.core.office import marking_of, shown_path
    from sco_cli.core.render import DocumentMeta
    from sco_cli.training.ito import ito_context

    meta = DocumentMeta(
        title="Invitational Travel Order" if manual else "ITO data sheet for entry into SC-TMS",
        source=shown_path(result.path, result.office),
        generated=day,
        marking=marking_of(result.office),
        draft=bool(lines),
        gaps=lines,
    )
    template = "ito-manual.md.j2" if manual else "ito-data-sheet.md.j2"
    context = ito_context(student, result.office, result.facts, lines)
    return DocumentJob(template, context, meta, fmt, result.office, target, force)


def _run_job(job: DocumentJob) -> tuple[Path, bool]:
    return job.run()


def _write_documents(jobs: list[DocumentJob], workers: int, written: Callable[[Path, bool], None]) -> None:
    """Render and write each document, spread over processes for large batches (Word files take
    tens of milliseconds each). Every write is atomic, so an interruption leaves whole documents only."""
    from sco_cli.core.parallel import WorkerPool
    from sco_cli.core.pipeline import worker_count

    workers = worker_count(workers, len(jobs))
    if workers < 2 or len(jobs) < PARALLEL_MIN_DOCUMENTS:
        for job in jobs:
            written(*job.run())
        return
    with WorkerPool(workers) as pool:
        for target, drafted in pool.map(_run_job, jobs):
            written(target, drafted)


def _refuse(path: str, reasons: list[str]) -> None:
    print(printable(f"{path}: no ITO written:"), file=sys.stderr)
    for reason in reasons:
        print(printable(f"    {reason}"), file=sys.stderr)
