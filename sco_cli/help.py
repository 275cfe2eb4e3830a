"""`sco --help` in plain text, answered before Typer, Rich or any domain is imported.

The top-level help is what a new user types first and what scripts print when lost; Typer's Rich
help costs about 90 ms of imports for one screen of text. The words live here, once: the Typer
app (`sco_cli.cli`) and the command table (`sco_cli.kinds`) take their help texts from this module,
so the plain screen and `sco <group> --help` cannot drift apart. A group's own help (`sco lor --help`)
is Typer's, with its options.

Only `os` and `sys` are imported: this module must stay as cheap as `--version`.
"""

from __future__ import annotations

import os
import sys

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

COMMANDS = {
    "check": "Check every file, each by its `kind`, against all rules.",
    "lor": "Letters of Request: completeness, SME/MDE, Javits, 36(b), CTA, routing.",
    "cta": "Country Team Assessments (SAMM C2.1.4.2, C5.1.4).",
    "student": "International students: the screening gate before an ITO (SAMM C2.1.6.7-9).",
    "ito": "Invitational Travel Orders: the SC-TMS data sheet, or a manual ITO under waiver.",
    "javits": "The calendar-year Javits report (SAMM C2.1.3.5.1).",
    "forecast": "The FMS sales forecast, next two fiscal years (SAMM C2.1.3.5.2-3).",
    "training": "The training program plan (SAMM C2.1.6.2-3) and the positions-of-prominence report (C2.1.6.9.4.1).",
    "budget": "FMF and IMET budget requests: the C2.3.3.1.4 elements, uncommitted funds, the justification.",
    "calendar": "What is due in the fiscal year: Table C2.T2 milestones, Javits, forecast, FMT and the files' "
    "deadlines.",
    "eum": "End-use monitoring: the register, CAVs, EEUM inventories, serial import, sheets (SAMM C2.1.5.6).",
    "case": "FMS cases the office follows: case file documents, LOA status and dates (SAMM C2.1.4.3, C2.1.5.2).",
    "industry": "U.S. industry visits: the firm's information 30 days ahead, debrief, neutrality (SAMM C2.1.8).",
    "visit": "Official DoD visitors and aircraft: clearance lead time, approvals, support (SAMM C2.1.9.3).",
    "translation": "Informal translations: mark every page, and the forwarding letter (SAMM C2.1.10.1.11).",
    "rules": "List and explain the rules, each with its SAMM paragraph.",
    "waivers": "Findings accepted on record: list them with their expiry.",
    "templates": "The document templates: list them, export them to edit as office overrides, check overrides.",
    "schema": "JSON Schema of every file kind, for editors.",
    "init": "Start an office folder: sco.yaml, one example file of each kind, and local schemas.",
}
"""Every top-level command in the order the help lists them: `check`, the groups, `init`."""


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
        *_table(tuple(COMMANDS.items()), width),
        "",
        "Run `sco COMMAND --help` for a command's options.",
    ]
    return "\n".join(lines) + "\n"
