"""The check commands, parsed without Typer.

`sco check` and `sco <kind> check` are what offices run most, one file at a time from editors, hooks
and scripts. Building the Typer app for them costs more than checking a file: importing Typer and
turning each option into a Click parameter with its Pydantic adapter (about 40% of a one-file check,
issue 13). Here the same options are parsed with the standard library's argparse, and the same
`run_check` runs.

Only a command line that parses cleanly is taken. Anything else (`--help`, a mistake, an unknown or
abbreviated option, a value Click would refuse, shell completion) goes to Typer, so help and error
messages stay Typer's, and the two parsers can only differ in speed. `tests/test_quick.py` holds them
to the same call of `run_check` for generated command lines.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable

from sco_cli.kinds import KINDS

QUICK_CHECKS: dict[tuple[str, ...], str | None] = {
    ("check",): None,
    **{(*kind.command, "check"): kind.name for kind in KINDS.declared() if kind.command},
}
"""Command path -> the kind it checks (None: every kind), from the kinds table. The Typer commands of
these paths (`sco_cli.cli.commands.check`) take the options below; tests compare the two."""

_OPTION_WORD = re.compile(
    r"--(?:format|as-of|config|strict|quiet|jobs|color|skip-kindless|fix|diff)(?:=.*)?|-[fqj][^=]*", re.DOTALL
)
"""The words before `--` that may start with a dash: `-` (standard input) aside, only these options.
argparse reads some other dash-words as paths (`-5`, `-x y`) and splits `-f=json` at the `=`, where Click
says "No such option" or reads the value `=json`: such lines go to Typer."""


class _NotQuick(Exception):
    """The command line needs Typer: for its help, its error message, or an option not handled here."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]  # never exits: Typer says it better
        raise _NotQuick(message)


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=80)


def _parser() -> _Parser:
    # a fixed width: argparse otherwise imports shutil (and bz2, lzma) to ask the terminal's, for a help
    # text this parser never prints
    parser = _Parser(prog="sco", add_help=False, allow_abbrev=False, formatter_class=_Formatter)
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--format", "-f", default="text")
    parser.add_argument("--as-of", dest="as_of")
    parser.add_argument("--config")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--quiet", "-q", action="store_true")
    parser.add_argument("--jobs", "-j", type=_whole_number, default=0)
    parser.add_argument("--color", default="auto")
    parser.add_argument("--skip-kindless", dest="skip_kindless", action="store_true")
    parser.add_argument("--fix", action="store_true")
    parser.add_argument("--diff", action="store_true")
    return parser


def _whole_number(text: str) -> int:
    """As Typer reads `--jobs`: ASCII digits only (Python's int() also takes any script's digits)."""
    if not text.isascii():
        raise ValueError(text)
    return int(text)


def quick_command(args: list[str]) -> Callable[[], int] | None:
    """The check this command line asks for, ready to run; None when Typer must read it."""
    if any(name.startswith("_SCO_COMPLETE") for name in os.environ):
        return None
    for path, kind in QUICK_CHECKS.items():
        if tuple(args[: len(path)]) == path:
            options = _options(args[len(path) :])
            if options is None:
                return None
            from sco_cli.app.checking import run_check  # imported before it runs: see main._started

            return lambda: _run(run_check, options, kind)
    return None


def _options(rest: list[str]) -> argparse.Namespace | None:
    # after `--` everything is a path, as in Click; argparse's own `--` handling differs between
    # Python versions, so it never sees one
    end = rest.index("--") if "--" in rest else len(rest)
    if any(arg.startswith("-") and arg != "-" and not _OPTION_WORD.fullmatch(arg) for arg in rest[:end]):
        return None
    try:
        options = _parser().parse_intermixed_args(rest[:end])
    except (_NotQuick, TypeError, ValueError):
        return None
    options.paths += rest[end + 1 :]
    if options.jobs < 0:  # Click's messages for these are Typer's to give
        return None
    return options


def _run(run_check: Callable[..., int], options: argparse.Namespace, kind: str | None) -> int:
    return run_check(
        options.paths,
        options.format,
        options.as_of,
        options.config,
        options.strict,
        options.quiet,
        options.jobs,
        only_kind=kind,
        color=options.color,
        skip_kindless=options.skip_kindless,
        fix=options.fix,
        diff=options.diff,
    )
