"""`sco training prominence`, `sco training fmt` and `sco training import` (beside `sco training plan
check`, which `sco_cli.cli.groups` makes from the kinds table): the positions-of-prominence report from
the student files, the Foreign Military Training report input from the plan and the student files, and
a table of training activities (the FMT report's own columns) into a plan's lines."""

from __future__ import annotations

from typing import Annotated

import typer

from sco_cli.app.checking import office_entry
from sco_cli.app.option_values import check_choice, cui_choice, output_format, parse_as_of, parse_fiscal_year_option
from sco_cli.app.reports import REPORT_FORMATS, RegisterReport, ReportRequest, register_report
from sco_cli.cli.commands.student import DryRun, Mapping, Replace
from sco_cli.cli.commands.student import ReportFormat as ImportFormat
from sco_cli.cli.options import AsOf, Config, CuiCategory, Dissemination, Draft, Force, Output, Paths, ReportFormat
from sco_cli.core.errors import UsageError


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
    request = ReportRequest(paths, fmt, output, force, draft, day, config, cui_choice(cui_category, dissemination))
    report = RegisterReport(
        reads="student",
        drawn_from=("student",),  # asked for a report, found nothing to make it from (as `ito generate`)
        build=ppr.entries,
        text=ppr.as_text,
        csv=ppr.as_csv,
        document=lambda payload, checked: ppr.prominence_document(checked, paths, day),
        what="positions-of-prominence report",
        unread=lambda checked: checked.unread("student", reads=ppr.READS),
    )
    return register_report(request, report)


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
    request = ReportRequest(paths, output_kind, output, force, draft, day, config, cui)
    fmt_report = RegisterReport(
        reads=None,
        drawn_from=report.KINDS_READ,
        build=lambda checked: report.fmt_report(checked, year),
        text=report.as_text,
        csv=report.as_csv,
        document=lambda payload, checked: report.fmt_document(payload, day, checked, draft),
        what=f"FMT report input, FY{year}",
        unread=report.unread,
        narrow=report.files_read,
        own_errors=lambda payload: _FMT_ERRORS if report.has_errors(payload) else None,
        findings_when_incomplete=True,
    )
    return register_report(request, fmt_report)


_FMT_ERRORS = "sco: activities without what the FMT report needs (exit 1): see the findings under each line"
