"""Reading option values and printing results, without Typer: every command and the quick path
(`sco_cli/quick.py`, which parses the check commands without building the Typer app) share these."""

from __future__ import annotations

import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from sco_cli.core.dates import YEARS
from sco_cli.core.errors import ReaderLeft, UsageError
from sco_cli.core.output import write_atomic


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


def check_choice(option: str, value: str, allowed: tuple[str, ...]) -> str:
    if value.lower() not in allowed:
        raise UsageError(f"{option} {value}: choose one of {', '.join(allowed)}")
    return value.lower()


def check_format(value: str, allowed: tuple[str, ...]) -> str:
    return check_choice("--format", value, allowed)


def emit(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        raise stdout_failed(exc) from None


def stdout_failed(exc: OSError) -> Exception:
    """What a failed write to standard output means: the reader left (exit 0), or the output cannot be
    written, a full disk say (one line, exit 2; not a bug in sco). Standard output then goes to the null
    device, so what is still buffered cannot fail again at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if isinstance(exc, BrokenPipeError):
        return ReaderLeft()
    return UsageError(f"cannot write to standard output: {exc.strerror or exc}")


def deliver(data: bytes | str, output: str | None, force: bool, note: str = "") -> None:
    """A report to standard output, or written (atomically, never over a file without --force) to -o."""
    if output is None:
        emit(data.decode("utf-8") if isinstance(data, bytes) else data)
        return
    write_atomic(Path(output), data, force)
    print(f"wrote {output}{note}")
