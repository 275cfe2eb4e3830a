"""`sco student check` (the screening gate, with a progress bar and a summary table on a
terminal) and `sco ito generate` (one document per student, never several in one)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from sco_cli.cli_common import (
    AsOf,
    Config,
    Debug,
    Force,
    Format,
    Jobs,
    Paths,
    Quiet,
    Strict,
    check_format,
    emit,
    guarded,
    parse_as_of,
)
from sco_cli.core.errors import UsageError


def student_app() -> typer.Typer:
    student = typer.Typer(help="International students: the screening gate before an ITO (SAMM C2.1.6.7-9).",
                          no_args_is_help=True)
    student.command("check")(student_check)
    return student


def ito_app() -> typer.Typer:
    ito = typer.Typer(help="Invitational Travel Orders: the SC-TMS data sheet, or a manual ITO under waiver.",
                      no_args_is_help=True)
    ito.command("generate")(ito_generate)
    return ito


@guarded
def student_check(paths: Paths, format: Format = "text", as_of: AsOf = None, config: Config = None,
                  strict: Strict = False, quiet: Quiet = False, debug: Debug = False, jobs: Jobs = 0) -> None:
    """Check student files: the ITO screening gate, arrival notices, passports."""
    from sco_cli.core.engine import check_paths
    from sco_cli.report.check import render

    fmt = check_format(format, ("text", "json", "csv"))
    interactive = fmt == "text" and not quiet and sys.stdout.isatty()
    with _progress(enabled=sys.stderr.isatty() and fmt == "text" and not quiet) as tick:
        report = check_paths(paths, parse_as_of(as_of), config, only_kind="student", jobs=jobs, progress=tick)
    emit(render(report, fmt, quiet=quiet, strict=strict))
    if interactive:
        _summary_table(report)
    raise typer.Exit(report.exit_code(strict))


class _progress:
    """A Rich progress bar on stderr for batches, or nothing at all."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import Progress

        self.bar = Progress(transient=True, console=_stderr_console())
        self.bar.start()
        task = self.bar.add_task("checking students", total=None)

        def tick(done: int, total: int) -> None:
            self.bar.update(task, completed=done, total=total)

        return tick

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _summary_table(report) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Students")
    for column in ("Student", "Passport", "ITO", "Ready", "Blockers", "Arrival notice due"):
        table.add_column(column)
    ready = 0
    for result in report.files:
        facts = result.facts
        if not facts:
            table.add_row(Path(result.path).name, "", "", "[red]no[/red]", "file errors", "")
            continue
        ready += bool(facts["ito_ready"])
        table.add_row(facts["student"], facts["passport"], facts["ito_number"] or "",
                      "[green]yes[/green]" if facts["ito_ready"] else "[red]no[/red]",
                      ", ".join(facts["ito_blockers"]), facts["arrival_notice_due"] or "")
    console = Console()
    console.print(table)
    console.print(f"{ready} of {len(report.files)} students ready for an ITO")


@guarded
def ito_generate(files: Annotated[list[str], typer.Argument(help="Student files or folders.")],
                 output: Annotated[str, typer.Option("--output", "-o", help="Folder for the documents.")],
                 format: Annotated[str, typer.Option("--format", "-f", help="docx or md.")] = "docx",
                 manual: Annotated[bool, typer.Option("--manual", help="A DD Form 2285-style ITO (TMS "
                                                      "unavailable and a CCMD waiver recorded).")] = False,
                 draft: Annotated[bool, typer.Option("--draft", help="Write a DRAFT sheet listing the blockers "
                                                     "instead of refusing.")] = False,
                 force: Force = False, as_of: AsOf = None, config: Config = None, debug: Debug = False,
                 jobs: Jobs = 0) -> None:
    """One ITO document per student. Refuses, writing nothing for that student, while screening is incomplete."""
    from sco_cli.core.engine import check_paths
    from sco_cli.core.output import refuse_overwrite
    from sco_cli.training.ito import blockers, manual_refusal, output_name

    fmt = check_format(format, ("docx", "md"))
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output {output}: not a folder")
    day = parse_as_of(as_of)
    report = check_paths(files, day, config, only_kind="student", keep_models=True, offices=True)
    refused, plans, taken = 0, [], set()
    for result in report.files:
        if result.model is None:
            _refuse(result.path, ["the file does not load: " + "; ".join(f.message for f in result.findings[:3])])
            refused += 1
            continue
        student = result.model
        stops = blockers(result)
        lines = [f"{f.code} {f.message}" for f in stops]
        if manual and (why := manual_refusal(student)):
            _refuse(result.path, [why])
            refused += 1
            continue
        if stops and not draft:
            _refuse(result.path, lines)
            refused += 1
            continue
        target = folder / f"{output_name(student, taken)}.{fmt}"
        plans.append((result, target, lines))
    for _, target, _ in plans:
        refuse_overwrite(target, force)
    jobs_for_documents = [
        _document_job(result, target, lines, manual, fmt, day, report.offices.get(result.path))
        for result, target, lines in plans
    ]
    for target, drafted in _write_documents(jobs_for_documents, force, jobs):
        print(f"wrote {target}" + (" (DRAFT)" if drafted else ""))
    if refused:
        print(f"sco: {refused} student{'s' * (refused != 1)} refused, no document written for "
              f"{'them' if refused != 1 else 'that student'}", file=sys.stderr)
    raise typer.Exit(1 if refused else 0)


def _document_job(result, target: Path, lines: list[str], manual: bool, fmt: str, day, office) -> tuple:
    from sco_cli.core.render import DocumentMeta
    from sco_cli.training.ito import ito_context

    meta = DocumentMeta(
        title="Invitational Travel Order" if manual else "ITO data sheet for entry into SC-TMS",
        source=result.path, generated=day, marking=getattr(office, "marking", None) or "CUI",
        draft=bool(lines), gaps=lines)
    template = "ito-manual.md.j2" if manual else "ito-data-sheet.md.j2"
    return template, ito_context(result.model, office, result.facts, lines), meta, fmt, office, target


def _write_one(job: tuple, force: bool) -> tuple[Path, bool]:
    from sco_cli.core.output import write_atomic
    from sco_cli.core.render import render

    template, context, meta, fmt, office, target = job
    write_atomic(target, render(template, context, meta, fmt, office), force)
    return target, meta.draft


def _write_documents(document_jobs: list[tuple], force: bool, jobs: int):
    """Render and write each document, spread over processes for large batches (Word files
    take tens of milliseconds each). Every write is atomic, so an interruption leaves whole
    documents only."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    if workers < 2 or len(document_jobs) < PARALLEL_MIN_DOCUMENTS:
        for job in document_jobs:
            yield _write_one(job, force)
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        futures = [pool.submit(_write_one, job, force) for job in document_jobs]
        for future in futures:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


PARALLEL_MIN_DOCUMENTS = 20


def _refuse(path: str, reasons: list[str]) -> None:
    print(f"{path}: no ITO written:", file=sys.stderr)
    for reason in reasons:
        print(f"    {reason}", file=sys.stderr)
