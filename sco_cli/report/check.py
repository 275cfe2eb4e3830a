"""Reporters for `sco check` and the per-kind checks: text, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from sco_cli import __version__
from sco_cli.core.findings import Finding, Severity
from sco_cli.core.pipeline import Report

CSV_COLUMNS = ("file", "line", "column", "code", "severity", "message", "hint", "field", "reference")


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line, f.column, f.severity.rank, f.code))


def as_text(report: Report, quiet: bool = False, strict: bool = False) -> str:
    lines = []
    for result in report.files:
        for f in _sorted(result.findings):
            if quiet and f.severity == Severity.INFO:
                continue
            reference = f" [{f.reference}]" if f.reference else ""
            lines.append(f"{f.file}:{f.line}:{f.column}: {f.code} {f.message}{reference}")
            if f.hint and not quiet:
                lines.append(f"    hint: {f.hint}")
    if not quiet:
        if lines:
            lines.append("")
        lines.append(summary_line(report, strict))
    return "\n".join(lines) + ("\n" if lines else "")


def summary_line(report: Report, strict: bool = False) -> str:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    passed = sum(result.checks_passed for result in report.files)
    files = len(report.files)
    verdict = "FAILED" if report.exit_code(strict) else "OK"
    return (
        f"{verdict}: {files} file{'s' * (files != 1)} checked, {passed} checks passed, "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}, {infos} info"
    )


def as_dict(report: Report) -> dict[str, Any]:
    return {
        "sco_version": __version__,
        "as_of": report.as_of.isoformat(),
        "files": [
            {"path": r.path, "kind": r.kind, "findings": [f.to_dict() for f in _sorted(r.findings)], "facts": r.facts}
            for r in report.files
        ],
        "summary": {
            "files": len(report.files),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "info": report.count(Severity.INFO),
            "checks_passed": sum(r.checks_passed for r in report.files),
        },
    }


def as_json(report: Report) -> str:
    return json.dumps(as_dict(report), indent=2, default=str) + "\n"


def as_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for result in report.files:
        for f in _sorted(result.findings):
            row = f.to_dict()
            writer.writerow([row[c] for c in CSV_COLUMNS])
    return buffer.getvalue()


def format_report(report: Report, fmt: str, quiet: bool = False, strict: bool = False) -> str:
    if fmt == "json":
        return as_json(report)
    if fmt == "csv":
        return as_csv(report)
    return as_text(report, quiet=quiet, strict=strict)
