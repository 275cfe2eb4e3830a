"""The one `Finding` type every rule, loader error and reporter speaks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(slots=True)
class Finding:
    code: str
    severity: str
    message: str
    hint: str = ""
    file: str = ""
    line: int = 1
    column: int = 1
    field: str = ""
    reference: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class FileResult:
    """What checking one file produced: scripts read `facts` instead of re-deriving them."""

    path: str
    kind: str | None
    findings: list[Finding] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    checks_passed: int = 0
    model: object = None  # the validated model, for commands that go on to render
    anchors: dict = field(default_factory=dict)  # top-level key -> (line, column), for cross-file rules
    thresholds: object = None  # the thresholds in force for this file (office overrides applied)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def dotted(path: tuple) -> str:
    """`('items', 0, 'quantity')` -> `items[0].quantity`, the way a YAML author reads it."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
