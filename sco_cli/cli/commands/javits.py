"""`sco javits report`: the calendar-year Javits report from the forecast register."""

from __future__ import annotations

from typing import Annotated

import typer

from sco_cli.app.option_values import cui_choice
from sco_cli.app.reports import forecast_register_report
from sco_cli.cli.options import AsOf, Config, CuiCategory, Dissemination, Draft, Force, Output, Paths, ReportFormat


def app() -> typer.Typer:
    javits = typer.Typer(no_args_is_help=True)
    javits.command("report")(javits_report)
    return javits


def javits_report(
    paths: Paths,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="Calendar year (default: the report due next, on 1 February: --as-of's year until then)."
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
    """Entries expected in the year at or above a Javits threshold, each with its reasons."""
    return forecast_register_report(
        "javits", paths, year, format, output, force, draft, as_of, config, cui_choice(cui_category, dissemination)
    )
