"""The one `Finding` type every rule, loader error and reporter speaks, and the result of
checking one file."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

    from sco_cli.core.office import Office
    from sco_cli.core.thresholds import Thresholds
    from sco_cli.core.waivers import PlacedWaiver

Position = tuple[int, int]
"""A 1-based (line, column) in a YAML file."""

PathPart = str | int
YamlPath = tuple[PathPart, ...]
"""A path into a file's data: `("items", 0, "quantity")`."""

M = TypeVar("M", bound="BaseModel")


class Severity(StrEnum):
    """How much a finding matters. A string enum, so JSON and CSV print the plain word."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort order: errors first."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    hint: str = ""
    file: str = ""
    line: int = 1
    column: int = 1
    field: str = ""
    reference: str = ""
    waived: dict[str, Any] | None = None  # the waiver that accepts this finding on record

    @property
    def counts(self) -> bool:
        """A waived finding stays in every output but counts toward no total and no exit code."""
        return self.waived is None

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "reference": self.reference,
            "waived": self.waived is not None,
            "waiver": self.waived,
        }


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

    def count(self, severity: Severity) -> int:
        """Findings of `severity` that count (waived ones do not)."""
        return sum(1 for f in self.findings if f.severity == severity and f.counts)

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


def dotted(path: YamlPath) -> str:
    """`('items', 0, 'quantity')` -> `items[0].quantity`, the way a YAML author reads it."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
