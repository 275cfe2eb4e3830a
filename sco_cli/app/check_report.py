"""Reporters for `sco check` and the per-kind checks: text (optionally in colour), JSON and CSV; SARIF and
GitHub annotations are in `ci_report`."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sco_cli.app.output import json_text
from sco_cli.core.csv_table import csv_text
from sco_cli.core.findings import Finding, Severity
from sco_cli.core.results import Report
from sco_cli.core.terminal import printable

if TYPE_CHECKING:
    from sco_cli.app.fixing import FixRun

CSV_COLUMNS = (
    *("file", "line", "column", "code", "severity", "message", "hint", "field", "reference"),
    *("waived", "waiver"),
)
STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line, f.column, f.severity.rank, f.code))


Line = list[tuple[str, str]]
"""A line of text output as (text, style) pieces: plain output joins the texts without importing
Rich (about 25 ms of a one-file check); colour output hands the pieces to Rich."""


def _finding_line(f: Finding) -> Line:
    line = [(printable(f"{f.file}:{f.line}:{f.column}: "), "")]
    if f.waived:
        line.append((f"waived {f.severity} {f.code}", "dim"))
    else:
        line.append((str(f.severity), STYLES[f.severity]))
        line.append((f" {f.code}", "bold"))
    line.append((" " + printable(f.message), ""))
    if f.reference:
        line.append((f" [{printable(f.reference)}]", "dim"))
    if f.waived:
        waiver = f.waived
        text = printable(f" (waived until {waiver['expires']} by {waiver['approved_by']}: {waiver['reason']})")
        line.append((text, "dim"))
    return line


def as_text(report: Report, quiet: bool = False, strict: bool = False, color: bool = False) -> str:
    lines: list[Line] = []
    for result in report.files:
        for f in _sorted(result.findings):
            if quiet and (f.severity == Severity.INFO or f.waived):
                continue
            lines.append(_finding_line(f))
            if f.hint and not quiet:
                lines.append([("    hint: " + printable(f.hint), "dim")])
    if not quiet:
        if lines:
            lines.append([])
        lines.append(summary_line(report, strict))
    if not lines:
        return ""
    if not color:
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    return _coloured(lines)


def _coloured(lines: list[Line]) -> str:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=io.StringIO(), force_terminal=True, color_system="standard", width=10_000, highlight=False)
    for line in lines:
        console.print(Text.assemble(*line), soft_wrap=True)
    output: str = console.file.getvalue()  # type: ignore[attr-defined]
    return output


def summary_line(report: Report, strict: bool = False) -> Line:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    waived = sum(result.waived_count() for result in report.files)
    passed = sum(result.checks_passed for result in report.files)
    files = len(report.files)
    failed = bool(report.exit_code(strict))
    line = [("FAILED" if failed else "OK", "bold red" if failed else "bold green")]
    line.append((f": {files} file{'s' * (files != 1)} checked, {passed} checks passed, ", ""))
    line.append((f"{errors} error{'s' * (errors != 1)}", STYLES[Severity.ERROR] if errors else ""))
    line.append((", ", ""))
    line.append((f"{warnings} warning{'s' * (warnings != 1)}", STYLES[Severity.WARNING] if warnings else ""))
    line.append((f", {infos} info", ""))
    if waived:
        line.append((f", {waived} waived", "dim"))
    if report.nothing_wanted:
        line.append((f"; no {report.wanted} file found", ""))
    return line


def as_dict(report: Report, fixed: FixRun | None = None) -> dict[str, Any]:
    """The check's keys of the JSON envelope (`sco_cli.app.output`); after `--fix`, `fixes` lists each
    value changed (file, line, field, code, old and new text) and the findings are those of the check
    made after writing."""
    fixes = {"fixes": [change.to_dict() for change in fixed.changes]} if fixed is not None else {}
    return {
        **fixes,
        "files": [
            {"path": r.path, "kind": r.kind, "findings": [f.to_dict() for f in _sorted(r.findings)], "facts": r.facts}
            for r in report.files
        ],
        "summary": {
            "files": len(report.files),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "info": report.count(Severity.INFO),
            "waived": sum(r.waived_count() for r in report.files),
            "checks_passed": sum(r.checks_passed for r in report.files),
        },
    }


def as_json(report: Report, indent: bool = True, fixed: FixRun | None = None) -> str:
    return json_text(as_dict(report, fixed), report.as_of, indent)


def as_csv(report: Report) -> str:
    """One row per finding, booleans written as JSON writes them (`true`/`false`). A file whose kind has a
    readiness gate (a student's `ito`) also carries `<gate>_ready` on each row, and gets a row of its own
    when it has no finding, so every student's readiness can be read from the CSV."""
    gates = [f"{gate}_ready" for gate in _gates(report)]
    rows: list[list[object]] = []
    for result in report.files:
        ready = [result.facts.get(gate, "") for gate in gates]
        findings = _sorted(result.findings)
        if not findings and any(gate in result.facts for gate in gates):
            rows.append([result.path, "", "", "", "", "no findings", "", "", "", "", "", *ready])
        for f in findings:
            row = f.to_dict()
            row["waiver"] = json.dumps(row["waiver"]) if row["waiver"] else ""
            rows.append([row[c] for c in CSV_COLUMNS] + ready)
    return csv_text([*CSV_COLUMNS, *gates], rows)


def _gates(report: Report) -> list[str]:
    """The readiness gates of the kinds in the report, in the kinds table's order."""
    from sco_cli.kinds import KINDS

    present = {result.kind for result in report.files}
    return [gate for kind in KINDS if kind in present for gate in KINDS.get(kind).gates]


def format_report(
    report: Report,
    fmt: str,
    quiet: bool = False,
    strict: bool = False,
    color: bool = False,
    terminal: bool = True,
    fixed: FixRun | None = None,
) -> str:
    """`terminal`: the report goes to a person's screen. JSON is indented there and one line for a
    program or a file, as `gh` does: the same object either way."""
    if fmt == "json":
        return as_json(report, indent=terminal, fixed=fixed)
    if fmt == "csv":
        return as_csv(report)
    if fmt in ("sarif", "github"):
        from sco_cli.app import ci_report

        return ci_report.as_sarif(report) if fmt == "sarif" else ci_report.as_github(report)
    return as_text(report, quiet=quiet, strict=strict, color=color)
