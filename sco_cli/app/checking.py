"""The check flow every command starts from: the pipeline over the given paths, one report (or, for a
command that renders, the models kept), and the office a command works for. No Typer here: the quick
path (`sco_cli.cli.quick`) runs it too."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from sco_cli.app.option_values import check_format, parse_as_of, use_color
from sco_cli.app.output import emit
from sco_cli.core.errors import ExitCode, Refusal, UsageError
from sco_cli.core.findings import Severity
from sco_cli.core.terminal import printable

if TYPE_CHECKING:
    from rich.progress import Progress

    from sco_cli.app.fixing import FixRun
    from sco_cli.core.office import Office
    from sco_cli.core.pipeline import OfficeEntry
    from sco_cli.core.results import FileResult, Report


CHECK_FORMATS = ("text", "json", "csv", "sarif", "github")
"""What a check report is written as: for people, for programs, for code scanning (SARIF 2.1.0), and as
GitHub workflow annotations."""


def run_check(
    paths: list[str],
    fmt: str,
    as_of: str | None,
    config: str | None,
    strict: bool,
    quiet: bool,
    jobs: int,
    only_kind: str | None = None,
    color: str = "auto",
    skip_kindless: bool = False,
    fix: bool = False,
    diff: bool = False,
) -> ExitCode:
    """Check, print the report and the kind's summary (stdout), and on a terminal show progress (stderr).
    `fix`: write the sure fixes the findings carry, check again, and report what remains; `diff`: print
    those fixes as a unified diff instead, writing nothing (exit 1 when there is one, as `ruff --diff`)."""
    from sco_cli.app.check_report import format_report
    from sco_cli.core.pipeline import CheckOptions, check_paths
    from sco_cli.kinds import KINDS

    fmt = check_format(fmt, CHECK_FORMATS)
    if diff and fmt not in ("text", "json"):
        raise UsageError(f"--diff prints a diff: give --format text or json, not {fmt}")
    paths = paths or ["."]  # as ruff and yamllint: no path is the current folder
    options = CheckOptions(parse_as_of(as_of), config, only_kind, jobs=jobs, skip_kindless=skip_kindless)
    chatty = fmt == "text" and not quiet
    with ProgressBar(f"checking {only_kind or 'files'}", enabled=chatty and sys.stderr.isatty()) as tick:
        report = check_paths(paths, KINDS, options, progress=tick)
    if diff:
        return _show_diff(report, fmt)
    fixed = None
    if fix:
        report, fixed = _fix(report, lambda: check_paths(paths, KINDS, options))
        _say_fixes(fixed, fmt)
    terminal = sys.stdout.isatty()
    emit(
        format_report(
            report, fmt, quiet=quiet, strict=strict, color=use_color(color, sys.stdout), terminal=terminal, fixed=fixed
        )
    )
    summary = KINDS.get(only_kind).summary if only_kind and chatty else None
    if summary is not None:
        summary(report, terminal)
    if report.nothing_wanted:
        print(printable(f"sco: no {only_kind} file (kind: {only_kind}) found in {', '.join(paths)}"), file=sys.stderr)
    return report.exit_code(strict)


def _fix(report: Report, check_again: Callable[[], Report]) -> tuple[Report, FixRun]:
    """Write the fixes of `report` and check again, until a check offers no fix that changes a file (at
    most `FIX_PASSES` times); the last check is the one reported."""
    from sco_cli.app.fixing import FIX_PASSES, FixRun, plan_fixes, write_plans

    run = FixRun()
    for _ in range(FIX_PASSES):
        plans = plan_fixes(report, run)
        if not plans:
            break
        write_plans(plans)
        run.changes += [change for plan in plans for change in plan.changes]
        report = check_again()
    return report, run


def _say_fixes(run: FixRun, fmt: str) -> None:
    """Each change on its own line (standard output for text, standard error beside a machine format,
    which lists them itself or must stay what it is); fixes left alone always on standard error."""
    lines = [f"fixed {change.line_text()}" for change in run.changes]
    if fmt == "text":
        if lines:
            emit("\n".join(lines) + "\n\n")
    elif fmt != "json":
        for line in lines:
            print(line, file=sys.stderr)
    for line in run.left:
        print(f"sco: {line}", file=sys.stderr)


def _show_diff(report: Report, fmt: str) -> ExitCode:
    """`--diff`: the fixes as a unified diff on standard output (or, with --format json, the changes and
    the diff in the envelope); nothing is written. Exit 1 when a file would change, 0 when none would."""
    from sco_cli.app.fixing import FixRun, plan_fixes
    from sco_cli.app.output import json_text

    run = FixRun()
    plans = plan_fixes(report, run)
    text = "".join(plan.diff() for plan in plans)
    run.changes = [change for plan in plans for change in plan.changes]
    for line in run.left:
        print(f"sco: {line}", file=sys.stderr)
    if fmt == "json":
        payload = {"fixes": [change.to_dict() for change in run.changes], "diff": text}
        emit(json_text(payload, report.as_of, sys.stdout.isatty()))
    else:
        emit(text)
        count, files = len(run.changes), run.files
        would = f"{count} fix{'es' * (count != 1)} in {files} file{'s' * (files != 1)}" if count else "no fix"
        print(
            f"sco: {would} would be written (--fix writes them)" if count else f"sco: {would} to write", file=sys.stderr
        )
    return ExitCode.FINDINGS if plans else ExitCode.OK


class ProgressBar:
    """A Rich progress bar on stderr for batches, or nothing at all."""

    def __init__(self, label: str, enabled: bool):
        self.label = label
        self.enabled = enabled
        self.bar: Progress | None = None

    def __enter__(self) -> Callable[[int, int], None] | None:
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import Progress

        bar = self.bar = Progress(transient=True, console=Console(stderr=True))
        bar.start()
        task = bar.add_task(self.label, total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return tick

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def report_exit(report: Report, paths: list[str], kind: str | None) -> ExitCode:
    """A report command's exit code: 1 when the files it read have error findings, and then one line on
    stderr saying so and which command lists them (a report's output shows none of them, and an exit 1
    without a word reads as a failure of the report itself)."""
    from sco_cli.kinds import KINDS

    code = report.exit_code()
    errors = report.count(Severity.ERROR)
    if errors:
        declared = next((declared for declared in KINDS.declared() if declared.name == kind), None)
        command = "sco " + " ".join((*declared.command, "check")) if declared and declared.command else "sco check"
        where = " ".join(paths)
        print(
            printable(
                f"sco: {errors} error finding{'s' * (errors != 1)} in the files read (exit 1); "
                f"`{command} {where}` lists them"
            ),
            file=sys.stderr,
        )
    return code


def check_for_documents(paths: list[str], kind: str | None, as_of: date, config: str | None, jobs: int = 1) -> Report:
    """The pipeline for a command that goes on to render or report: models and offices kept; files of
    `kind` only, or of every kind (None) for a report drawn from several."""
    from sco_cli.core.pipeline import CheckOptions, check_paths
    from sco_cli.kinds import KINDS

    report = check_paths(paths, KINDS, CheckOptions(as_of, config, kind, keep_models=True, jobs=jobs))
    if report.broken_offices:  # documents carry the office's marking, letterhead and settings
        raise office_refusal(report.broken_offices)
    return report


def office_refusal(offices: Iterable[FileResult]) -> Refusal:
    """Why a document is not written while its office file has errors: those errors, and what to do."""
    lines = [
        printable(f"{f.file}:{f.line}:{f.column}: {f.severity} {f.code} {f.message}")
        for office in offices
        for f in office.findings
        if f.severity == "error"
    ]
    return Refusal(
        [*lines, "sco: the office file has errors; fix it first (its settings and marking shape the output)"]
    )


def single_result(report: Report, kind: str, given: str) -> FileResult:
    """The one file of `kind` a command works on; a usage error when there is none or several, a refusal
    naming what could not be read (exit 1) when it does not load."""
    results = report.of_kind(kind)
    if not results:
        raise UsageError(f"{given}: no {kind} file (kind: {kind}) found")
    if len(results) > 1:
        raise UsageError(f"{given}: holds {len(results)} {kind} files; name one of them")
    result = results[0]
    if result.model is None:  # a broken file is the file's findings and exit 1, not a command-line mistake
        raise Refusal(
            [
                *(printable(f"{entry}") for entry in result.unread()),
                printable(f"sco: {given}: the {kind} file does not load, so nothing is made from it"),
            ]
        )
    return result


def office_entry(config: str | None, day: date, near: str = "-", keep_models: bool = False) -> OfficeEntry:
    """The office a command works for, checked: `--config`, or the sco.yaml found walking up from the
    folder of `near` (`-`: the current folder)."""
    from pathlib import Path

    from sco_cli.core.pipeline import CheckOptions, OfficeFinder
    from sco_cli.kinds import KINDS

    if config and not Path(config).is_file():
        raise UsageError(f"--config {config}: no such file")
    return OfficeFinder(KINDS, CheckOptions(day, config, keep_models=keep_models)).entry_for(near)


def command_office(config: str | None, day: date) -> Office | None:
    """The office of the current folder (or --config) for a command that reads no file of its own; a
    broken office file refuses, as for every document (its findings, exit 1)."""
    entry = office_entry(config, day)
    if entry.result is not None and entry.office is None:
        raise office_refusal([entry.result])
    return entry.office
