"""What every command shares: its options, its error guard and its way of printing.

Exit codes are a contract with shell scripts: 0 clean, 1 error findings, 2 usage error,
3 internal error, 130 interrupted.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from datetime import date
from typing import Annotated

import typer

from sco_cli.core.errors import UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

Paths = Annotated[list[str], typer.Argument(help="Files or folders to check (- for standard input).",
                                            show_default=False)]
Format = Annotated[str, typer.Option("--format", "-f", help="Output format: text, json or csv.")]
AsOf = Annotated[str | None, typer.Option("--as-of", metavar="YYYY-MM-DD",
                                          help="The 'today' every date rule uses (default: today).")]
Config = Annotated[str | None, typer.Option("--config", help="Office file to use instead of the nearest sco.yaml.")]
Strict = Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Errors and warnings only, no hints or summary.")]
Debug = Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")]
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


def error_line(message: str) -> None:
    print(f"sco: error: {message}", file=sys.stderr)


def report_internal_error(exc: BaseException, debug: bool) -> int:
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    print(f"sco: internal error: {type(exc).__name__}: {exc} "
          "(this is a bug in sco; run again with --debug for the traceback)", file=sys.stderr)
    return EXIT_INTERNAL


def guarded(func):
    """Turn user mistakes into one line and exit 2, and bugs into exit 3, for every command."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        debug = bool(kwargs.get("debug")) or os.environ.get("SCO_DEBUG") == "1"
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except UsageError as exc:
            error_line(str(exc))
            raise typer.Exit(EXIT_USAGE) from None
        except KeyboardInterrupt:
            print("sco: interrupted", file=sys.stderr)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Exception as exc:
            raise typer.Exit(report_internal_error(exc, debug)) from None

    return wrapper


def run_check(paths, fmt, as_of, config, strict, quiet, only_kind=None, jobs: int = 0) -> None:
    """The body of `sco check` and of every `sco <kind> check`."""
    from sco_cli.core.engine import check_paths
    from sco_cli.report.check import render

    fmt = check_format(fmt, ("text", "json", "csv"))
    report = check_paths(paths, parse_as_of(as_of), config, only_kind, jobs=jobs)
    emit(render(report, fmt, quiet=quiet, strict=strict))
    raise typer.Exit(report.exit_code(strict))


@guarded
def check(paths: Paths, format: Format = "text", as_of: AsOf = None, config: Config = None,
          strict: Strict = False, quiet: Quiet = False, debug: Debug = False, jobs: Jobs = 0) -> None:
    """Check every file, each by its `kind`, against all rules."""
    run_check(paths, format, as_of, config, strict, quiet, jobs=jobs)


def kind_check_app(kind: str, title: str) -> typer.Typer:
    """A `sco <kind>` group whose `check` runs the same flow restricted to one kind."""
    group = typer.Typer(help=title, no_args_is_help=True)

    @group.command("check", help=f"Check {kind} files (in folders, only their {kind} files).")
    @guarded
    def kind_check(paths: Paths, format: Format = "text", as_of: AsOf = None, config: Config = None,
                   strict: Strict = False, quiet: Quiet = False, debug: Debug = False, jobs: Jobs = 0) -> None:
        run_check(paths, format, as_of, config, strict, quiet, only_kind=kind, jobs=jobs)

    return group


def emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()
