"""The Javits report and the FMS forecast: two views of one forecast register, shared by `sco javits
report` and `sco forecast report`."""

from __future__ import annotations

from sco_cli.app.checking import check_for_documents, report_exit
from sco_cli.app.documents import deliver_report, nothing_to_report
from sco_cli.app.option_values import output_format, parse_as_of
from sco_cli.core.cui import CuiChoice
from sco_cli.core.dates import YEARS
from sco_cli.core.errors import ExitCode, UsageError

REPORT_FORMATS = ("text", "json", "csv", "md", "docx", "pdf")


def register_report(
    which: str,
    paths: list[str],
    year: int | None,
    format: str | None,
    output: str | None,
    force: bool,
    draft: bool,
    as_of: str | None,
    config: str | None,
    cui: CuiChoice | None = None,
) -> int:
    """The Javits report (`year`: the calendar year) or the forecast (`year`: the first fiscal year,
    default the upcoming one)."""
    from sco_cli.forecast import reports
    from sco_cli.forecast.periods import default_forecast_fy, default_javits_year

    day, fmt = parse_as_of(as_of), output_format(format, output, REPORT_FORMATS, default="text")
    last = YEARS[1] if which == "javits" else YEARS[1] - 1  # the forecast covers `year` and the next
    if year is not None and not YEARS[0] <= year <= last:  # a typing slip (--fy 9999, --fy 1), not a date to build
        option = "--year" if which == "javits" else "--fy"
        raise UsageError(f"{option} {year}: give a year from {YEARS[0]} to {last}")
    checked = check_for_documents(paths, "forecast", day, config)
    if which == "javits":
        year = year if year is not None else default_javits_year(day)
        payload, template = reports.javits(checked, year), reports.JAVITS_TEMPLATE
        title = f"Javits report input, CY{year}"
    else:
        first = year if year is not None else default_forecast_fy(day)
        payload, template, title = (
            reports.forecast(checked, first),
            reports.FORECAST_TEMPLATE,
            f"FMS forecast FY{first}-FY{first + 1}",
        )
    if not checked.of_kind("forecast"):
        nothing_to_report(fmt, output, force, payload, day, "forecast", paths)
    whole = deliver_report(
        fmt,
        output,
        force,
        payload,
        day,
        text=reports.as_text,
        csv=reports.as_csv,
        document=lambda: reports.report_document(payload, template, title, day, checked, draft),
        what=title,
        unread=checked.unread("forecast", reads=reports.READS),
        draft=draft,
        cui=cui,
    )
    if not whole:
        return ExitCode.FINDINGS
    return report_exit(checked, paths, "forecast")
