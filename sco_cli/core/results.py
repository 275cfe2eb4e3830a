"""What a check produces: one `FileResult` per file, and the `Report` of a run. Commands read these
(findings, facts, the validated model and its office) instead of deciding anything again."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from sco_cli.core.errors import ExitCode
from sco_cli.core.findings import Finding, Position, Severity

if TYPE_CHECKING:
    from pydantic import BaseModel

    from sco_cli.core.events import Event
    from sco_cli.core.office import Office
    from sco_cli.core.thresholds import Thresholds
    from sco_cli.core.waivers import PlacedWaiver

M = TypeVar("M", bound="BaseModel")

NOT_READ = frozenset({f"GEN{n:03}" for n in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 19)})
"""The findings that mean sco could not read something the file holds: a file that does not parse
(GEN001-007, 012, 013, 019), a kind it does not know (GEN011), a value it cannot read (GEN009, the field
dropped) or a required field missing (GEN010, the record not read). An unknown field (GEN008) is not
among them: the record is read, the extra key is the check's business."""

PAST_THE_CAP = "a value sco cannot read (its finding is past those listed for this file)"

_ENTRY = re.compile(r"^([^.\[]+(?:\.\d+\.[^.\[]+)?)\[(\d+)\]")
"""The record a finding's field lies in: an item of a top-level list (`entries[1]`) or of a year's list
(`years.2026.lines[1]`)."""


def record_of(path: tuple[int | str, ...]) -> tuple[int | str, ...] | None:
    """The record a path lies in, as `Unread.entry` names it: an item of a top-level list (`entries[1]`)
    or of a year's list (`years.2026.lines[1]`); None for anything else."""
    if len(path) > 1 and isinstance(path[1], int):
        return path[:2]
    if len(path) > 3 and str(path[1]).isdigit() and isinstance(path[3], int):
        return path[:4]
    return None


@dataclass(frozen=True)
class Unread:
    """An entry of a report's files that sco could not read: where, and why (the findings' own words,
    which never quote a private value). A report names each one; it never leaves one out silently."""

    file: str
    line: int
    entry: str
    """The record inside the file (`entries[1]`), or empty for the file as a whole."""
    why: str
    whole_file: bool = False
    """The file's model did not load: nothing in it was read, not even its other entries."""

    def __str__(self) -> str:
        where = f"{self.entry}: " if self.entry and not self.why.startswith(self.entry) else ""
        cost = " (nothing in the file was read)" if self.whole_file else ""
        return f"{self.file}:{self.line}: {where}not read: {self.why}{cost}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "entry": self.entry,
            "why": self.why,
            "whole_file": self.whole_file,
        }

    @property
    def index(self) -> tuple[str, int] | None:
        """The list and index of the record (`("entries", 1)`), None for the file as a whole."""
        found = _ENTRY.match(self.entry)
        return (found.group(1), int(found.group(2))) if found else None


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
    events: list[Event] | None = None  # the file's calendar events, when asked for; None: the model did not load
    office: Office | None = None
    thresholds: Thresholds | None = None  # the values in force for this file (office overrides applied)
    anchors: dict[str, Position] = field(default_factory=dict)  # top-level key -> position, for cross-file rules
    waivers: list[PlacedWaiver] = field(default_factory=list)  # the file's own and its office's
    hidden: dict[str, int] = field(default_factory=dict)  # severity -> findings past the per-file cap
    records_not_read: dict[str, int] = field(default_factory=dict)
    """Each record of a top-level list that sco left out or read without a field (`entries[3]`), and its
    line: a report names it even when its finding is past the per-file cap."""
    context_only: bool = False
    """A folder file of another kind than a kind's check asked for: checked for the cross-file rules, then
    left out of the report."""

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

    @property
    def loaded(self) -> bool:
        """The model validated (kept, or only its calendar events kept)."""
        return self.model is not None or self.events is not None

    def unread(self, reads: Collection[str] | None = None) -> list[Unread]:
        """The entries of this file sco could not read, one per record (the list item a finding's field
        lies in, else the file), at the line of its first finding. `reads`: the top-level fields a report
        takes from the file; an unreadable field elsewhere does not touch it, unless the file did not load."""
        grouped: dict[str, list[Finding]] = {}
        for finding in self.findings:
            if finding.code not in NOT_READ or finding.severity != Severity.ERROR:
                continue
            top = re.split(r"[.\[]", finding.field, maxsplit=1)[0]
            if self.loaded and reads is not None and top not in reads:
                continue
            found = _ENTRY.match(finding.field)
            grouped.setdefault(found.group(0) if found else "", []).append(finding)
        whole = not self.loaded
        unread = [
            Unread(self.path, found[0].line, entry, "; ".join(dict.fromkeys(f.message for f in found)), whole)
            for entry, found in grouped.items()
        ]
        for entry, line in self.records_not_read.items():  # those whose findings the per-file cap left out
            if entry not in grouped and (reads is None or re.split(r"[.\[]", entry, maxsplit=1)[0] in reads):
                unread.append(Unread(self.path, line, entry, PAST_THE_CAP))
        return unread

    def reads_whole(self, field: str) -> bool:
        """Whether everything under the top-level `field` was read: no value dropped, no record left out.
        A cross-file rule that would say something is absent ("no entry names this LOR") says nothing
        while it is not: the record sco could not read may be the one it looks for, and its GEN finding
        is the one finding for that mistake."""
        if not (self.loaded or self.facts):  # a check keeps the facts, not the model
            return False
        if any(re.split(r"[.\[]", entry, maxsplit=1)[0] == field for entry in self.records_not_read):
            return False
        return not any(
            f.code in NOT_READ and f.severity == Severity.ERROR and re.split(r"[.\[]", f.field, maxsplit=1)[0] == field
            for f in self.findings
        )

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

    def unread(self, kind: str, reads: Collection[str] | None = None) -> list[Unread]:
        """What a report built from the files of `kind` could not read (see `FileResult.unread`), in file
        order; a file too broken to say its kind may be one of them, so it counts too."""
        return [u for r in self.files if r.kind in (kind, None) for u in r.unread(reads)]

    def of_kind(self, kind: str) -> list[FileResult]:
        return [result for result in self.files if result.kind == kind]

    def loaded_of_kind(self, kind: str) -> list[FileResult]:
        """Files of `kind` whose model validated (at least once the offending fields were dropped)."""
        return [result for result in self.files if result.kind == kind and result.model is not None]
