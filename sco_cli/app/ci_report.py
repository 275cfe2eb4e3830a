"""Check reports for code-scanning and CI: SARIF 2.1.0 (GitHub code scanning, GitLab, Azure DevOps, any
SARIF viewer) and GitHub workflow annotations. They carry the same findings as text, JSON and CSV; only
the shape differs.

SARIF: every rule sco knows is listed with its text (title, why, SAMM paragraph, the page `sco rules
explain` prints); every finding is a result with its file, line and column; a waived finding stays, as a
suppression carrying the waiver's reason, approver and expiry, so a viewer shows it as accepted instead of
dropping it. GitHub annotations: one `::error`/`::warning`/`::notice` line per finding that counts (a
waived finding counts for nothing, so it is not annotated)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from sco_cli import __version__
from sco_cli.app.output import json_dumps
from sco_cli.core.findings import Finding, Severity
from sco_cli.core.results import Report

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _ordered(report: Report) -> list[Finding]:
    return [
        f
        for result in report.files
        for f in sorted(result.findings, key=lambda f: (f.line, f.column, f.severity.rank, f.code))
    ]


def _artifact(path: str) -> dict[str, str]:
    """A finding's file as a SARIF artifact location: relative paths stay relative to where sco ran
    (`%SRCROOT%`, the repository in CI), absolute ones become file URIs."""
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    # the name's own bytes percent-encoded, so a name that is not UTF-8 (0xff) is `%FF`, the file's real name
    return {"uri": quote(_relative(path).encode("utf-8", "surrogateescape")), "uriBaseId": "%SRCROOT%"}


def _relative(path: str) -> str:
    """`./eum.yaml` (what `sco check .` shows) as `eum.yaml`, the way CI services name a repository's files."""
    return PurePosixPath(path.replace("\\", "/")).as_posix()


def _rule_descriptor(rule: Any) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": "".join(part.capitalize() for part in rule.slug.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.why or rule.title},
        "help": {
            "text": f"{rule.title} [{rule.reference}]\n\n{rule.why}\n\n`sco rules explain {rule.code}`",
            "markdown": f"**{rule.title}** ({rule.reference})\n\n{rule.why}\n\n"
            f"Fails:\n\n```yaml\n{rule.fails}\n```\n\nPasses:\n\n```yaml\n{rule.passes}\n```\n\n"
            f"See `sco rules explain {rule.code}`.",
        },
        "defaultConfiguration": {"level": SARIF_LEVEL[Severity(rule.severity)]},
        "properties": {"reference": rule.reference, "kind": rule.kind, "tags": [rule.kind, str(rule.severity)]},
    }


def _suppression(finding: Finding) -> dict[str, Any]:
    waiver = finding.waived or {}
    in_source = waiver.get("file") in (None, finding.file)
    return {
        "kind": "inSource" if in_source else "external",
        "status": "accepted",
        "justification": f"{waiver.get('reason', '')} (approved by {waiver.get('approved_by', '')}, "
        f"until {waiver.get('expires', '')})",
        "properties": {key: value for key, value in waiver.items() if value is not None},
    }


def as_sarif(report: Report) -> str:
    from sco_cli.app.catalogue import all_rules

    rules = all_rules()
    index = {code: number for number, code in enumerate(rules)}
    results = []
    for f in _ordered(report):
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": SARIF_LEVEL[f.severity],
            "message": {"text": f.message + (f" [{f.reference}]" if f.reference else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(f.file),
                        "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
                    }
                }
            ],
            "properties": {"hint": f.hint, "field": f.field, "reference": f.reference},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if f.waived is not None:
            result["suppressions"] = [_suppression(f)]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sco",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule_descriptor(rule) for rule in rules.values()],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": _cwd_uri()}},
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {"as_of": report.as_of.isoformat()},
            }
        ],
    }
    return json_dumps(log, indent=2, ensure_ascii=False) + "\n"


def _cwd_uri() -> str:
    return Path.cwd().as_uri() + "/"


def _escape_data(text: str) -> str:
    """GitHub's workflow-command escaping of a message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(report: Report) -> str:
    lines = []
    for f in _ordered(report):
        if f.waived is not None:
            continue
        where = f"file={_escape_property(_relative(f.file))},line={max(f.line, 1)},col={max(f.column, 1)}"
        title = _escape_property(f"sco {f.code}" + (f" [{f.reference}]" if f.reference else ""))
        message = f.message + (f"\nhint: {f.hint}" if f.hint else "")
        lines.append(f"::{GITHUB_COMMAND[f.severity]} {where},title={title}::{_escape_data(message)}\n")
    return "".join(lines)
