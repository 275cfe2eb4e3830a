"""`sco calendar [PATH...] --fy FY`: what is due in the fiscal year, fixed milestones and the dates
in the files given, as text, JSON or iCalendar."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from sco_cli.app.checking import office_entry
from sco_cli.app.documents import refuse, say_unread, unread_text
from sco_cli.app.option_values import output_format, parse_as_of, use_color
from sco_cli.app.output import deliver, emit, emit_json
from sco_cli.cli.options import AsOf, Color, Config, Force
from sco_cli.core.errors import ExitCode, UsageError


def app() -> typer.Typer:
    calendar_app = typer.Typer(add_completion=False)
    calendar_app.command("calendar")(calendar)
    return calendar_app


def calendar(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files or folders whose dates to add (students, plans, budgets, ...).", show_default=False),
    ] = None,
    fy: Annotated[
        int | None, typer.Option("--fy", help="Fiscal year (1 October to 30 September); default: --as-of's.")
    ] = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="text, json or ics (default: from the -o suffix, else text).")
    ] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    force: Force = False,
    draft: Annotated[
        bool, typer.Option("--draft", help="ics: a date sco cannot read gives a DRAFT, not a refusal.")
    ] = False,
    as_of: AsOf = None,
    config: Config = None,
    color: Color = "auto",
) -> int:
    """The fiscal year's dates: Table C2.T2 budget milestones, Javits, forecast and FMT report dates,
    and each file's deadlines; sorted, overdue items marked, the next one highlighted."""
    from sco_cli.calendar import build, formats
    from sco_cli.core.dates import fiscal_year
    from sco_cli.core.findings import Severity
    from sco_cli.core.office import marking_of
    from sco_cli.core.pipeline import CheckOptions, check_paths
    from sco_cli.kinds import KINDS

    fmt = output_format(format, output, ("text", "json", "ics"), default="text")
    day = parse_as_of(as_of)
    year = fy if fy is not None else fiscal_year(day)
    if not build.FIRST_FY <= year <= build.LAST_FY:
        raise UsageError(f"--fy {year}: give a fiscal year from {build.FIRST_FY} to {build.LAST_FY}")
    entry = office_entry(config, day, keep_models=True)  # the office of the current folder, or --config
    # Each file's events are kept, not its model (the office model is kept: office files keep theirs).
    results = check_paths(paths, KINDS, CheckOptions(day, config, keep_events=True)).files if paths else []
    office = next((r.office for r in results if r.office is not None), None) or entry.office
    thresholds = next((r.thresholds for r in results if r.office is office and r.thresholds), None)
    if entry.result is not None and entry.office is None and not paths:
        results.append(entry.result)  # a broken sco.yaml is reported, even with no file named
    not_loaded = [r.path for r in results if not r.loaded]
    unread = [entry for r in results for entry in r.unread()]  # a date sco cannot read is a date missing
    offices = [r for r in [*results, entry.result] if r is not None and r.kind == "office" and r.loaded]
    office_errors = sorted({r.path for r in offices if r.count(Severity.ERROR)})
    items = build.calendar(year, day, office, thresholds or entry.thresholds, results, KINDS)
    country = office.country if office else None
    if fmt == "json":
        payload = formats.as_json(items, year, country, not_loaded)
        emit_json({**payload, "unreadable": [entry.to_dict() for entry in unread]}, day, output, force)
    elif fmt == "ics":  # a calendar to import: refused as a document is, or marked DRAFT with --draft
        if unread and not draft:
            refuse("", "no calendar written; not read (--draft writes it marked DRAFT):", [str(u) for u in unread])
            return ExitCode.FINDINGS
        marking = marking_of(office) + (" // DRAFT" if unread else "")
        deliver(formats.as_ics(items, year, day, marking, country), output, force)
    elif output is None and use_color(color, sys.stdout):
        formats.print_rich(items, year, day)
        emit(unread_text(unread))
    else:
        deliver(formats.as_text(items, year, day) + unread_text(unread), output, force)
    say_unread(unread, listed=fmt != "ics")
    for path in not_loaded:
        print(f"sco: {path} does not load, so its dates are missing; run `sco check {path}`", file=sys.stderr)
    for path in office_errors:
        print(f"sco: {path} has errors, so the office's dates may be wrong; run `sco check {path}`", file=sys.stderr)
    return ExitCode.FINDINGS if unread or not_loaded or office_errors else ExitCode.OK
