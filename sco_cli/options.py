"""What every command shares: its options, how they are read, and how results are printed."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, TextIO

import typer

from sco_cli.core.dates import YEARS
from sco_cli.core.errors import UsageError
from sco_cli.core.output import write_atomic

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
Jobs = Annotated[
    int,
    typer.Option(
        "--jobs", "-j", min=0, help="Worker processes for large batches (0: one per core; never more than the cores)."
    ),
]
Color = Annotated[
    str,
    typer.Option("--color", help="Colour in text output: auto (a terminal, unless NO_COLOR is set), always or never."),
]


def use_color(choice: str, stream: TextIO) -> bool:
    """`--color auto` colours a terminal unless NO_COLOR is set (no-color.org); always and never decide alone."""
    choice = check_choice("--color", choice, ("auto", "always", "never"))
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def parse_as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of {value}: not a date written YYYY-MM-DD") from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise UsageError(f"--as-of {value}: outside the years {YEARS[0]} to {YEARS[1]}")
    return day


def check_choice(option: str, value: str, allowed: tuple[str, ...]) -> str:
    if value.lower() not in allowed:
        raise UsageError(f"{option} {value}: choose one of {', '.join(allowed)}")
    return value.lower()


def check_format(value: str, allowed: tuple[str, ...]) -> str:
    return check_choice("--format", value, allowed)


def emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def deliver(data: bytes | str, output: str | None, force: bool, note: str = "") -> None:
    """A report to standard output, or written (atomically, never over a file without --force) to -o."""
    if output is None:
        emit(data.decode("utf-8") if isinstance(data, bytes) else data)
        return
    write_atomic(Path(output), data, force)
    print(f"wrote {output}{note}")
