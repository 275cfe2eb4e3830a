"""`sco training prominence` (beside `sco training plan check`, which `sco_cli.cli.groups` makes from
the kinds table): the positions-of-prominence report from the student files."""

from __future__ import annotations

import typer

from sco_cli.app.checking import check_for_documents, report_exit
from sco_cli.app.documents import deliver_report, nothing_to_report
from sco_cli.app.option_values import cui_choice, output_format, parse_as_of
from sco_cli.app.reports import REPORT_FORMATS
from sco_cli.cli.options import AsOf, Config, CuiCategory, Dissemination, Draft, Force, Output, Paths, ReportFormat
from sco_cli.core.errors import ExitCode


def add(group: typer.Typer) -> typer.Typer:
    group.command("prominence")(prominence)
    return group


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
