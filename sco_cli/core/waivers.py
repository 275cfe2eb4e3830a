"""Waivers: an officer accepts a finding on record. Better than a linter's `noqa`: every waiver has a
reason, an approver and an end date, and it stays visible in every output.

A waiver sits in the file it concerns (top-level `waivers:`) or in sco.yaml (`waivers:`, for the
files under that office). The pipeline reads a file's waivers before validating the file, so no
kind's model needs the field. Which findings a waiver covers is decided in `core.waiving`, once a
file's findings are all known."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError

from sco_cli.core.findings import Finding, Position
from sco_cli.core.loader import Loaded
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

    @property
    def shown_file(self) -> str:
        """The file as findings show theirs: sco.yaml is found by walking up and held as an absolute path,
        but a finding's path is relative to the current folder, so a waiver's is too when it lies below it."""
        path = Path(self.file)
        if not path.is_absolute():
            return self.file
        try:
            return path.relative_to(Path.cwd().resolve()).as_posix()
        except (ValueError, OSError):
            return self.file

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.waiver.rule,
            "reason": self.waiver.reason,
            "approved_by": self.waiver.approved_by,
            "expires": self.waiver.expires.isoformat(),
            "where": self.waiver.where,
            "file": self.shown_file,
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
