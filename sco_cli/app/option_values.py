"""Reading option values without Typer: every command and the quick path (`sco_cli/cli/quick.py`,
which parses the check commands without building the Typer app) share these. Printing and writing
results is `sco_cli.app.output`."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import TextIO

from sco_cli.core.cui import CuiChoice
from sco_cli.core.dates import YEARS
from sco_cli.core.errors import UsageError


def use_color(choice: str, stream: TextIO) -> bool:
    """`--color auto` colours a terminal unless NO_COLOR is set (no-color.org); always and never decide alone."""
    choice = check_choice("--color", choice, ("auto", "always", "never"))
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        if not _ISO_DAY.fullmatch(value):  # fromisoformat also takes 20260101 and 2026-W01-1
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of {value}: not a date written YYYY-MM-DD") from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise UsageError(f"--as-of {value}: outside the years {YEARS[0]} to {YEARS[1]}")
    return day


def cui_choice(category: str | None, dissemination: str | None) -> CuiChoice:
    """`--cui-category` and `--dissemination`: plain text on one line, each naming what it sets."""
    for option, value in (("--cui-category", category), ("--dissemination", dissemination)):
        if value is not None and (not value.strip() or any(ord(c) < 32 or ord(c) == 127 for c in value)):
            raise UsageError(f"{option}: give the marking as plain text on one line")
    return CuiChoice(category.strip() if category else None, " ".join(dissemination.split()) if dissemination else None)


def parse_fiscal_year_option(value: str, option: str = "--fy") -> int:
    """A fiscal year on the command line as offices write it (2027, FY2027, FY27), within the years a
    date may take; anything else is a command-line mistake (exit 2, one line)."""
    from sco_cli.core.dates import YEARS
    from sco_cli.core.types import parse_fiscal_year

    try:
        year = parse_fiscal_year(value)
    except ValueError:
        raise UsageError(f"{option} {value}: give a fiscal year, e.g. 2027 or FY2027") from None
    if not isinstance(year, int) or not YEARS[0] < year <= YEARS[1]:
        raise UsageError(f"{option} {value}: give a fiscal year from {YEARS[0] + 1} to {YEARS[1]}")
    return year


def check_choice(option: str, value: str, allowed: tuple[str, ...]) -> str:
    if value.lower() not in allowed:
        raise UsageError(f"{option} {value}: choose one of {', '.join(allowed)}")
    return value.lower()


def check_format(value: str, allowed: tuple[str, ...]) -> str:
    return check_choice("--format", value, allowed)


SUFFIXES = {".txt": "text", ".json": "json", ".csv": "csv", ".md": "md", ".docx": "docx", ".pdf": "pdf", ".ics": "ics"}
"""What an `-o` file's suffix says its format is."""


def output_format(given: str | None, output: str | None, allowed: tuple[str, ...], default: str | None = None) -> str:
    """The one rule every command with `-o` follows: `--format` if given, else what the `-o` suffix says,
    else the command's default (a report's is text; a document has none, so it needs one or the other).
    A suffix that contradicts `--format` is refused: `-o javits.docx --format md` is a mistake."""
    suffix = Path(output).suffix.lower() if output else ""
    implied = SUFFIXES.get(suffix)
    if given is None:
        if implied in allowed:
            return implied
        if default is not None:
            return default
        files = [f".{fmt}" for fmt in allowed]
        either = ", ".join(files[:-1]) + " or " + files[-1] if len(files) > 1 else files[0]
        raise UsageError(f"--output {output}: name a {either} file")
    fmt = check_format(given, allowed)
    if implied and implied != fmt:
        raise UsageError(f"--output {output} is a {suffix} file but --format is {fmt}")
    return fmt
