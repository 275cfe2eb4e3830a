"""`sco --help` in plain text, answered before Typer, Rich or any domain is imported.

The top-level help is what a new user types first and what scripts print when lost; Typer's Rich
help costs about 90 ms of imports for one screen of text. The group help lines come from the groups
table (`sco_cli.cli.groups`, itself from the kinds table), which the Typer app builds from too, so the
plain screen and `sco <group> --help` cannot drift apart. A group's own help (`sco lor --help`) is
Typer's, with its options.

Only `os` and `sys` are imported, and the import-free tables: this module must stay as cheap as
`--version`.
"""

from __future__ import annotations

import os
import sys

from sco_cli.cli.groups import command_groups

ROOT = (
    "Check Security Cooperation Office case and student files against the SAMM, and render the documents "
    "they need. Offline; exit 0 clean, 1 error findings, 2 usage error, 3 bug."
)
VERSION = "Print the version and exit."
DEBUG = "Show the traceback of an internal error (anywhere on the command line; or set SCO_DEBUG=1)."

OPTIONS = (
    ("-V, --version", VERSION),
    ("--debug", DEBUG),
    ("--install-completion", "Install completion for the current shell."),
    ("--show-completion", "Show completion for the current shell, to copy it or customize the installation."),
    ("--help", "Show this message and exit."),
)

CHECK = "Check every file, each by its `kind`, against all rules."
INIT = "Start an office folder: sco.yaml, one example file of each kind, and local schemas."


def commands() -> dict[str, str]:
    """Every top-level command and its help line, in the order the help lists them: `check`, the groups
    (from `groups.command_groups`, so the kinds table's help lines), `init`."""
    return {"check": CHECK, **{name: group.help for name, group in command_groups().items()}, "init": INIT}


def _width() -> int:
    try:
        columns = int(os.environ.get("COLUMNS", "0")) or os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        columns = 80
    return max(40, min(columns, 120))


def _wrapped(text: str, width: int, indent: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width - indent:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def _table(rows: tuple[tuple[str, str], ...], width: int) -> list[str]:
    name_width = max(len(name) for name, _ in rows) + 2
    out = []
    for name, text in rows:
        first, *rest = _wrapped(text, width, 2 + name_width)
        out.append(f"  {name.ljust(name_width)}{first}")
        out += [" " * (2 + name_width) + line for line in rest]
    return out


def root_help() -> str:
    width = _width()
    lines = [
        "Usage: sco [OPTIONS] COMMAND [ARGS]...",
        "",
        *("  " + line for line in _wrapped(ROOT, width, 2)),
        "",
        "Options:",
        *_table(OPTIONS, width),
        "",
        "Commands:",
        *_table(tuple(commands().items()), width),
        "",
        "Run `sco COMMAND --help` for a command's options.",
    ]
    return "\n".join(lines) + "\n"
