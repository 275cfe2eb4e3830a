"""Waivers: an officer accepts a finding on record. Better than a linter's `noqa`: every waiver has a
reason, an approver and an end date, and it stays visible in every output.

A waiver sits in the file it concerns (top-level `waivers:`) or in sco.yaml (`waivers:`, for the
files under that office). The pipeline reads a file's waivers before validating the file, so no
kind's model needs the field."""

from __future__ import annotations

import fnmatch
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError

from sco_cli.core.findings import FileResult, Finding, Position, Severity, dotted
from sco_cli.core.loader import Loaded
from sco_cli.core.suggest import did_you_mean
from sco_cli.core.types import Day, Model, Text
from sco_cli.core.validate import validation_findings


def _code(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


class Waiver(Model):
    """One accepted finding: which rule, why, who approved it and until when."""

    rule: Annotated[str, BeforeValidator(_code)] = Field(description="The rule code waived, e.g. LOR013.")
    reason: Text = Field(min_length=1, description="Why the finding is accepted.")
    approved_by: Text = Field(min_length=1, description="Who approved the waiver (name and title).")
    expires: Day = Field(description="The last day the waiver holds (YYYY-MM-DD).")
    where: Text | None = Field(
        default=None,
        description="In a file: a line number or a field path (items[0].quantity); in sco.yaml: a file path "
        "relative to the office folder, a glob (students/*.yaml), optionally with :LINE. Empty: everywhere.",
    )


class _FileWaivers(Model):
    waivers: list[Waiver] = Field(default_factory=list, description="Findings accepted on record.")


@dataclass(frozen=True)
class PlacedWaiver:
    """A waiver with where it was written, and which office folder it speaks for (sco.yaml only)."""

    waiver: Waiver
    file: str
    position: Position
    office_folder: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.waiver.rule,
            "reason": self.waiver.reason,
            "approved_by": self.waiver.approved_by,
            "expires": self.waiver.expires.isoformat(),
            "where": self.waiver.where,
            "file": self.file,
            "line": self.position[0],
        }


def take_waivers(loaded: Loaded, data: dict[str, Any]) -> tuple[list[PlacedWaiver], list[Finding]]:
    """Remove `waivers:` from a file's data and validate them on their own."""
    if "waivers" not in data:
        return [], []
    raw = data.pop("waivers")
    try:
        parsed = _FileWaivers.model_validate({"waivers": raw})
    except ValidationError as exc:
        return [], validation_findings(exc.errors(include_url=False), loaded, _FileWaivers)[0]
    return [PlacedWaiver(w, loaded.name, loaded.position(("waivers", i))) for i, w in enumerate(parsed.waivers)], []


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
        message = f"the waiver of {waiver.rule} expired on {waiver.expires} (line {placed.position[0]}, {placed.file})"
        hint = "renew it with a new expiry date and approval, or fix what it waived"
    else:
        message = f"the waiver of {waiver.rule} matches no finding in this file"
        hint = "remove it, or check its rule code and `where:`"
    where = placed.position if placed.file == result.path else (1, 1)
    return Finding(code, severity, message, hint, result.path, where[0], where[1], dotted(("waivers",)))
