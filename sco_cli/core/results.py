"""What a check produces: one `FileResult` per file, and the `Report` of a run. Commands read these
(findings, facts, the validated model and its office) instead of deciding anything again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from sco_cli.core.errors import ExitCode
from sco_cli.core.findings import Finding, Position, Severity

if TYPE_CHECKING:
    from pydantic import BaseModel

    from sco_cli.core.office import Office
    from sco_cli.core.thresholds import Thresholds
    from sco_cli.core.waivers import PlacedWaiver

M = TypeVar("M", bound="BaseModel")


@dataclass(slots=True)
class FileResult:
    """What checking one file produced. Scripts read `facts` instead of re-deriving them; commands
    that render documents read the validated `model` and the `office` it belongs to."""

    path: str
    kind: str | None
    findings: list[Finding] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    checks_passed: int = 0
    model: BaseModel | None = None  # kept only when the command asked for models
    office: Office | None = None
    thresholds: Thresholds | None = None  # the values in force for this file (office overrides applied)
    anchors: dict[str, Position] = field(default_factory=dict)  # top-level key -> position, for cross-file rules
    waivers: list[PlacedWaiver] = field(default_factory=list)  # the file's own and its office's
    hidden: dict[str, int] = field(default_factory=dict)  # severity -> findings past the per-file cap

    def count(self, severity: Severity) -> int:
        """Findings of `severity` that count (waived ones do not), shown or past the cap."""
        return sum(1 for f in self.findings if f.severity == severity and f.counts) + self.hidden.get(severity, 0)

    def waived_count(self) -> int:
        return sum(1 for f in self.findings if not f.counts)

    def model_as(self, cls: type[M]) -> M:
        """The validated model, typed: the command knows which kind it asked for."""
        if not isinstance(self.model, cls):
            raise TypeError(f"{self.path}: expected a {cls.__name__} model, found {type(self.model).__name__}")
        return self.model

    def where(self) -> Position:
        """Where a cross-file finding about the whole file points: its `id:` or its `kind:`."""
        return self.anchors.get("id") or self.anchors.get("kind") or (1, 1)


@dataclass
class Report:
    as_of: date
    files: list[FileResult] = field(default_factory=list)
    broken_offices: list[FileResult] = field(default_factory=list)  # office files with errors, found on the way
    wanted: str | None = None  # the kind a `sco <kind> check` run was asked for

    def count(self, severity: Severity) -> int:
        return sum(result.count(severity) for result in self.files)

    @property
    def nothing_wanted(self) -> bool:
        """A run asked for one kind found none: a script must not read that as "all is well"."""
        return self.wanted is not None and not self.of_kind(self.wanted)

    def exit_code(self, strict: bool = False) -> ExitCode:
        failing = self.count(Severity.ERROR) + (self.count(Severity.WARNING) if strict else 0)
        return ExitCode.FINDINGS if failing or self.nothing_wanted else ExitCode.OK

    def of_kind(self, kind: str) -> list[FileResult]:
        return [result for result in self.files if result.kind == kind]

    def loaded_of_kind(self, kind: str) -> list[FileResult]:
        """Files of `kind` whose model validated (at least once the offending fields were dropped)."""
        return [result for result in self.files if result.kind == kind and result.model is not None]
