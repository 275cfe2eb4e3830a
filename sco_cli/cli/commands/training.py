"""`sco training prominence`, `sco training fmt` and `sco training import` (beside `sco training plan
check`, which `sco_cli.cli.groups` makes from the kinds table): the positions-of-prominence report from
the student files, the Foreign Military Training report input from the plan and the student files, and
a table of training activities (the FMT report's own columns) into a plan's lines."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from sco_cli.app.checking import check_for_documents, office_entry, report_exit
from sco_cli.app.documents import deliver_report, nothing_to_report
from sco_cli.app.option_values import check_choice, cui_choice, output_format, parse_as_of, parse_fiscal_year_option
from sco_cli.app.reports import REPORT_FORMATS
from sco_cli.cli.commands.student import DryRun, Mapping, Replace
from sco_cli.cli.commands.student import ReportFormat as ImportFormat
from sco_cli.cli.options import AsOf, Config, CuiCategory, Dissemination, Draft, Force, Output, Paths, ReportFormat
from sco_cli.core.errors import ExitCode, UsageError
from sco_cli.core.terminal import printable


def add(group: typer.Typer) -> typer.Typer:
    group.command("prominence")(prominence)
    group.command("fmt")(fmt)
    group.command("import")(training_import)
    return group


def training_import(
    table: Annotated[
        str, typer.Argument(metavar="TABLE", help="The training activities (CSV, TSV or .xlsx), e.g. an FMT report.")
    ],
    into: Annotated[str, typer.Option("--into", metavar="PLAN.yaml", help="The training plan (created if absent).")],
    fy: Annotated[
        str | None,
        typer.Option(
            "--fy",
            help="The fiscal year the rows go into (2027 or FY2027; default: the one year the rows start in).",
        ),
    ] = None,
    mapping: Mapping = None,
    dry_run: DryRun = False,
    force: Replace = False,
    as_of: AsOf = None,
    format: ImportFormat = "text",
) -> int:
    """Add and update a plan's lines of one fiscal year from a table of training activities (by default
    the FMT report's columns: country, program, course title, U.S. unit, student unit, start and end,
    location, quantity, total cost), matched by program, course title (a line without a title by its
    MASL, as the report prints it) and start date.

    What the office wrote stays: a field a line lacks is added, one edited by hand is reported and kept
    unless --force, and every line the import writes to notes the table and day; a line the last import brought
    that the table no longer lists is reported as gone, never deleted. Totals rows are skipped and named.
    A value that is readable but wrong (a start in 2109, an end before the start) is imported as written:
    `sco training plan check` reports it."""
    from pathlib import Path

    from sco_cli.app.imports import ImportRequest, import_table
    from sco_cli.training.model import Line
    from sco_cli.training.plan_import import plan_store

    day = parse_as_of(as_of)
    year = parse_fiscal_year_option(fy) if fy is not None else None
    if Path(into).is_dir():
        raise UsageError(f"--into {into}: a folder; give the training plan file (PLAN.yaml)")
    fmt = check_choice("--format", format, ("text", "json"))
    request = ImportRequest(table, into, "training_plan", "fmt-report", mapping, dry_run, force, day, fmt)
    office = office_entry(None, day, near=into).office  # its `fmt_programs:` spell the report's programs
    return import_table(request, store=lambda mapped: plan_store(mapped, Path(into), year, day, office), model=Line)


def prominence(
    paths: Paths,
    format: ReportFormat = None,
    output: Output = None,
    force: Force = False,
    draft: Draft = False,
    as_of: AsOf = None,
    config: Config = None,
    cui_category: CuiCategory = None,
    dissemination: Dissemination = None,
) -> int:
    """Positions of prominence from the student files' `prominence:` records (SAMM C2.1.6.9.4.1)."""
    from sco_cli.students import prominence as ppr

    fmt = output_format(format, output, REPORT_FORMATS, default="text")
    day = parse_as_of(as_of)
    cui = cui_choice(cui_category, dissemination)
    checked = check_for_documents(paths, "student", day, config)
    payload = ppr.entries(checked)
    if not checked.of_kind("student"):  # asked for a report, found nothing to make it from (as `ito generate`)
        nothing_to_report(fmt, output, force, payload, day, "student", paths)
    whole = deliver_report(
        fmt,
        output,
        force,
        payload,
        day,
        text=ppr.as_text,
        csv=ppr.as_csv,
        document=lambda: ppr.prominence_document(checked, paths, day),
        what="positions-of-prominence report",
        unread=checked.unread("student", reads=ppr.READS),
        draft=draft,
        cui=cui,
    )
    if not whole:
        return ExitCode.FINDINGS
    return report_exit(checked, paths, "student")


def fmt(
    paths: Paths,
    fy: Annotated[
        str | None,
        typer.Option(
            "--fy",
            help="The fiscal year (2027 or FY2027; default: the year just ended that the next report, "
            "due 31 January, covers).",
        ),
    ] = None,
    format: ReportFormat = None,
    output: Output = None,
    force: Force = False,
    draft: Draft = False,
    as_of: AsOf = None,
    config: Config = None,
    cui_category: CuiCategory = None,
    dissemination: Dissemination = None,
) -> int:
    """The Foreign Military Training report input for a fiscal year (22 U.S.C. 2416; SAMM C2.1.6.9.4.2):
    every activity of the year from the plan's lines and the students' courses, by program, with totals."""
    from sco_cli.training import fmt as report

    output_kind = output_format(format, output, REPORT_FORMATS, default="text")
    day = parse_as_of(as_of)
    cui = cui_choice(cui_category, dissemination)
    year = parse_fiscal_year_option(fy) if fy is not None else report.default_fiscal_year(day)
    checked = report.files_read(check_for_documents(paths, None, day, config))
    payload = report.fmt_report(checked, year)
    if not checked.of_kind("training_plan") and not checked.of_kind("student"):
        nothing_to_report(output_kind, output, force, payload, day, "training_plan", paths)
    whole = deliver_report(
        output_kind,
        output,
        force,
        payload,
        day,
        text=report.as_text,
        csv=report.as_csv,
        document=lambda: report.fmt_document(payload, day, checked, draft),
        what=f"FMT report input, FY{year}",
        unread=report.unread(checked),
        draft=draft,
        cui=cui,
    )
    if report.has_errors(payload):
        print(
            printable("sco: activities without what the FMT report needs (exit 1): see the findings under each line"),
            file=sys.stderr,
        )
    exit_code = report_exit(checked, paths, None)
    return ExitCode.FINDINGS if not whole or report.has_errors(payload) else exit_code
