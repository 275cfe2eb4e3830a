"""`sco waivers list`: every waiver in the files checked and their offices, with days to expiry."""

from __future__ import annotations

from typing import Any

import typer

from sco_cli.app.option_values import check_format, parse_as_of
from sco_cli.app.output import emit, emit_json
from sco_cli.cli.options import AsOf, Config, Format, Paths
from sco_cli.core.csv_table import csv_records
from sco_cli.core.errors import ExitCode
from sco_cli.kinds import KINDS


def app() -> typer.Typer:
    group = typer.Typer(no_args_is_help=True)
    group.command("list")(waivers_list)
    return group


def waivers_list(
    paths: Paths,
    format: Format = "text",
    as_of: AsOf = None,
    config: Config = None,
) -> int:
    """Every waiver (in the files and in sco.yaml), what it waives, and the days until it expires."""
    from sco_cli.core.pipeline import CheckOptions, check_paths

    fmt = check_format(format, ("text", "json", "csv"))
    day = parse_as_of(as_of)
    report = check_paths(paths, KINDS, CheckOptions(day, config))
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    for result in report.files:
        for placed in result.waivers:
            row = rows.setdefault((placed.shown_file, placed.position[0]), placed.to_dict() | {"waives": 0})
            row["days_left"] = (placed.waiver.expires - day).days
            row["status"] = "expired" if row["days_left"] < 0 else "active"
        for finding in result.findings:
            if finding.waived:
                key = (finding.waived["file"], finding.waived["line"])
                if key in rows:
                    rows[key]["waives"] += 1
    listed = sorted(rows.values(), key=lambda r: (r["expires"], r["file"], r["line"]))
    if fmt == "json":
        emit_json({"waivers": listed}, day)
    elif fmt == "csv":
        columns = ["file", "line", "rule", "approved_by", "expires", "days_left", "status", "waives", "where", "reason"]
        emit(csv_records(columns, listed))
    else:
        emit(_text(listed))
    return ExitCode.OK


def _text(rows: list[dict[str, Any]]) -> str:
    from sco_cli.core.terminal import printable

    if not rows:
        return "no waivers\n"
    lines = []
    for row in rows:
        days = row["days_left"]
        when = f"expired {-days} days ago" if days < 0 else f"{days} days left"
        where = f" at {row['where']}" if row["where"] else ""
        waives = f"waives {row['waives']} finding{'s' * (row['waives'] != 1)}"
        lines.append(
            printable(
                f"{row['file']}:{row['line']}: {row['rule']}{where}, approved by {row['approved_by']}, until "
                f"{row['expires']} ({when}), {waives}: {row['reason']}"
            )
        )
    return "\n".join(lines) + "\n"
