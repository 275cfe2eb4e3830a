"""`sco forecast report` (beside `sco forecast check`): the FMS forecast from the forecast register."""

from __future__ import annotations

from typing import Annotated

import typer

from sco_cli.app.option_values import cui_choice
from sco_cli.app.reports import forecast_register_report
from sco_cli.cli.options import AsOf, Config, CuiCategory, Dissemination, Draft, Force, Output, Paths, ReportFormat


def add(group: typer.Typer) -> typer.Typer:
    group.command("report")(forecast_report)
    return group


def forecast_report(
    paths: Paths,
    fy: Annotated[
        int | None, typer.Option("--fy", help="First fiscal year (default: the upcoming one, after --as-of's).")
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
    """FMS entries at 90% or more expected in FY or FY+1, grouped by fiscal year with totals."""
    return forecast_register_report(
        "forecast", paths, fy, format, output, force, draft, as_of, config, cui_choice(cui_category, dissemination)
    )
