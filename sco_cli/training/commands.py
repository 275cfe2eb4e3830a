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

from sco_cli.check import check_for_documents
from sco_cli.check_commands import kind_check_app
from sco_cli.core.errors import ExitCode, Refusal, UsageError
from sco_cli.core.output import refuse_overwrite, write_atomic
from sco_cli.core.terminal import printable
from sco_cli.option_values import check_format, parse_as_of
from sco_cli.options import AsOf, Config, Force, Jobs

if TYPE_CHECKING:
    from sco_cli.core.office import Office
    from sco_cli.core.pipeline import Report

PARALLEL_MIN_DOCUMENTS = {"docx": 50, "pdf": 50, "md": 5000}
"""Below this many documents (by format), worker processes cost more to start than they save, on the
2-core machine `bench/parallel.py` measured: Word documents paid from 50-100; Markdown ones (a few
hundred per second in one process) never did, up to 1,600. `--jobs N` (2 or more) uses workers anyway."""


def student_app() -> typer.Typer:
    return kind_check_app("student", help="Check student files: the ITO screening gate, arrival notices, passports.")


def ito_app() -> typer.Typer:
    ito = typer.Typer(no_args_is_help=True)
    ito.command("generate")(ito_generate)
    return ito


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
    source: str = ""

    def run(self) -> Outcome:
        """Render and write (a PDF's Word file comes back to the parent, which converts them all at once);
        a document with required items empty is refused, unless drafting."""
        from sco_cli.core.render import Incomplete, render

        try:
            fmt = "docx" if self.fmt == "pdf" else self.fmt
            rendered = render(self.template, self.context, self.meta, fmt, self.office)
        except Incomplete as exc:
            return Outcome(self.target, False, exc.gaps, None, self.source)
        if self.fmt == "pdf":
            return Outcome(self.target, rendered.draft, None, rendered.data, self.source)
        write_atomic(self.target, rendered.data, self.force)
        return Outcome(self.target, rendered.draft, None, None, self.source)


@dataclass(frozen=True)
class Outcome:
    target: Path
    draft: bool
    refused: list[str] | None
    docx: bytes | None
    source: str


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
) -> int:
    """One ITO document per student. Refuses, writing nothing for that student, while screening is incomplete
    or an item the form needs is empty."""
    from sco_cli.core import pdf

    fmt = check_format(format, ("docx", "md", "pdf"))
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output {output}: not a folder")
    day = parse_as_of(as_of)
    report = check_for_documents(files, "student", day, config)
    students = report.of_kind("student")
    if not students:  # asked for ITOs, found nothing to make them from: say so, exit 1 (as `student check`)
        raise Refusal([printable(f"sco: no student file (kind: student) found in {', '.join(files)}")])
    soffice = pdf.soffice_for(students[0].office) if fmt == "pdf" else ""
    refused, jobs_to_do = _plan_documents(report, folder, fmt, day, manual, draft, force)
    for job in jobs_to_do:
        refuse_overwrite(job.target, force)

    def done(outcome: Outcome) -> None:
        nonlocal refused
        if outcome.refused is not None:
            _refuse(outcome.source, ["an item the document needs is empty (--draft marks it [GAP]):", *outcome.refused])
            refused += 1
        elif fmt != "pdf":
            print(f"wrote {outcome.target}" + (" (DRAFT)" * outcome.draft))

    outcomes = _write_documents(jobs_to_do, jobs, done)
    if fmt == "pdf":
        written = [o for o in outcomes if o.refused is None]
        _convert_and_write(written, soffice, force)
        for outcome in written:
            print(f"wrote {outcome.target}" + (" (DRAFT)" * outcome.draft))
    if refused:
        print(
            f"sco: {refused} student{'s' * (refused != 1)} refused, no document written for "
            f"{'them' if refused != 1 else 'that student'}",
            file=sys.stderr,
        )
    drafted = sum(o.draft for o in outcomes if o.refused is None)
    if drafted:
        print(f"sco: {drafted} DRAFT document{'s' * (drafted != 1)}: not ready to send", file=sys.stderr)
    return ExitCode.FINDINGS if refused or drafted else ExitCode.OK


def _convert_and_write(outcomes: list[Outcome], soffice: str, force: bool) -> None:
    from sco_cli.core import pdf

    converted = pdf.convert([o.docx or b"" for o in outcomes], soffice)
    for outcome, data in zip(outcomes, converted, strict=True):
        write_atomic(outcome.target, data, force)


def _plan_documents(
    report: Report, folder: Path, fmt: str, day: date, manual: bool, draft: bool, force: bool
) -> tuple[int, list[DocumentJob]]:
    """Which students get a document, and which are refused (their reasons go to stderr)."""
    from sco_cli.core.pipeline import blocking_findings
    from sco_cli.training.ito import ito_document, manual_refusal, output_name
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
        template, context, meta = ito_document(result, student, lines, manual, day, draft)
        jobs.append(DocumentJob(template, context, meta, fmt, result.office, target, force, result.path))
    return refused, jobs


def _run_job(job: DocumentJob) -> Outcome:
    return job.run()


def _write_documents(jobs: list[DocumentJob], workers: int, done: Callable[[Outcome], None]) -> list[Outcome]:
    """Render and write each document, spread over processes for large batches (Word files take
    milliseconds each). The first is rendered here, so a broken office template or reference document
    stops the run before any worker starts. Every write is atomic: an interruption leaves whole
    documents only."""
    from sco_cli.core.parallel import WorkerPool
    from sco_cli.core.pipeline import worker_count

    outcomes: list[Outcome] = []

    def keep(outcome: Outcome) -> None:
        outcomes.append(outcome)
        done(outcome)

    if not jobs:
        return outcomes
    keep(jobs[0].run())
    rest = jobs[1:]
    chosen = workers > 1  # --jobs N: the user's choice; 0: by the size of the batch
    workers = worker_count(workers, len(rest))
    enough = len(rest) >= PARALLEL_MIN_DOCUMENTS.get(jobs[0].fmt, 50)
    if workers < 2 or (not chosen and not enough):
        for job in rest:
            keep(job.run())
        return outcomes
    with WorkerPool(workers) as pool:
        for outcome in pool.map(_run_job, rest):
            keep(outcome)
    return outcomes


def _refuse(path: str, reasons: list[str]) -> None:
    print(printable(f"{path}: no ITO written:"), file=sys.stderr)
    for reason in reasons:
        print(printable(f"    {reason}"), file=sys.stderr)
