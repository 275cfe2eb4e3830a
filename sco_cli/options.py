"""What every command shares: its options, how they are read, and how results are printed."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer

from sco_cli.core.errors import UsageError

Paths = Annotated[
    list[str], typer.Argument(help="Files or folders to check (- for standard input).", show_default=False)
]
Format = Annotated[str, typer.Option("--format", "-f", help="Output format: text, json or csv.")]
AsOf = Annotated[
    str | None, typer.Option("--as-of", metavar="YYYY-MM-DD", help="The 'today' every date rule uses (default: today).")
]
Config = Annotated[str | None, typer.Option("--config", help="Office file to use instead of the nearest sco.yaml.")]
Strict = Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Errors and warnings only, no hints or summary.")]
Force = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", help="Worker processes for large batches (0: one per core).")]


def parse_as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of {value}: not a date written YYYY-MM-DD") from None


def check_format(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise UsageError(f"--format {value}: choose one of {', '.join(allowed)}")
    return value


def emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()
