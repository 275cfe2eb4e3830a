"""Applying waivers to a checked file: which findings each live waiver covers, and the findings about
the waivers themselves (expired, unused, naming no rule). Runs after every rule, cross-file ones
included, so a waiver sees every finding it could cover."""

from __future__ import annotations

import fnmatch
from collections.abc import Collection
from datetime import date
from pathlib import Path

from sco_cli.core.findings import Finding, Severity, dotted
from sco_cli.core.results import FileResult
from sco_cli.core.suggest import did_you_mean
from sco_cli.core.waivers import PlacedWaiver


def _matches(placed: PlacedWaiver, finding: Finding, result_path: str) -> bool:
    waiver = placed.waiver
    if waiver.rule != finding.code:
        return False
    where = (waiver.where or "").strip()
    if not where:
        return True
    if placed.office_folder is None:  # a waiver inside the file: a line or a field path
        inside = finding.field.startswith((where + ".", where + "["))
        return str(finding.line) == where or finding.field == where or inside
    target, _, line = where.rpartition(":") if where.rpartition(":")[2].isdigit() else (where, "", "")
    if line and str(finding.line) != line:
        return False
    try:
        relative = Path(result_path).resolve().relative_to(placed.office_folder.resolve()).as_posix()
    except ValueError:
        return False
    return fnmatch.fnmatch(relative, target)


def apply_waivers(result: FileResult, waivers: list[PlacedWaiver], as_of: date, known: Collection[str]) -> None:
    """Mark the findings each live waiver covers; an expired waiver waives nothing and is reported
    (GEN014), a live one that covers nothing is mentioned (GEN015), one naming no rule is an error (GEN016)."""
    for placed in waivers:
        if placed.waiver.rule not in known:
            if placed.file == result.path:
                waiver = placed.waiver
                result.findings.append(
                    Finding(
                        "GEN016",
                        Severity.ERROR,
                        f"the waiver names no rule '{waiver.rule}'",
                        did_you_mean(waiver.rule, known, "see `sco rules list`"),
                        result.path,
                        *placed.position,
                        "waivers",
                        "sco file format",
                    )
                )
            continue
        expired = placed.waiver.expires < as_of
        used = False
        for finding in result.findings:
            if (
                finding.waived is None
                and finding.code not in ("GEN014", "GEN015")
                and _matches(placed, finding, result.path)
            ):
                used = True
                if not expired:
                    finding.waived = placed.to_dict()
        in_file = placed.office_folder is None
        if expired and (used or in_file):
            result.findings.append(_about(placed, "GEN014", Severity.WARNING, "expired", result))
        elif not used and in_file:
            result.findings.append(_about(placed, "GEN015", Severity.INFO, "unused", result))


def _about(placed: PlacedWaiver, code: str, severity: Severity, state: str, result: FileResult) -> Finding:
    waiver = placed.waiver
    if state == "expired":
        message = (
            f"the waiver of {waiver.rule} expired on {waiver.expires} (line {placed.position[0]}, {placed.shown_file})"
        )
        hint = "renew it with a new expiry date and approval, or fix what it waived"
    else:
        message = f"the waiver of {waiver.rule} matches no finding in this file"
        hint = "remove it, or check its rule code and `where:`"
    where = placed.position if placed.file == result.path else (1, 1)
    return Finding(code, severity, message, hint, result.path, where[0], where[1], dotted(("waivers",)))
