"""The one `Finding` type every rule, loader error and reporter speaks, and how a finding points
into a file (`Position`, `YamlPath`). A leaf: it imports nothing of sco's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

Position = tuple[int, int]
"""A 1-based (line, column) in a YAML file."""

PathPart = str | int
YamlPath = tuple[PathPart, ...]
"""A path into a file's data: `("items", 0, "quantity")`."""


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


@dataclass(frozen=True, slots=True)
class Fix:
    """The one change that settles a finding, when sco is sure of it (`sco check --fix`): write `value`
    in place of the value at `path`, which read `old` when the file was checked. Only findings about a
    value sco can read another way, or with a single candidate, carry one; never a personal field's."""

    path: YamlPath
    old: str
    value: str | int | float | date

    def to_dict(self) -> dict[str, object]:
        return {"value": self.value.isoformat() if isinstance(self.value, date) else self.value}


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
    fix: Fix | None = None  # the sure change that settles it (`sco check --fix`)

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
            "fix": self.fix.to_dict() if self.fix else None,
        }


def dotted(path: YamlPath) -> str:
    """`('items', 0, 'quantity')` -> `items[0].quantity`, the way a YAML author reads it."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
