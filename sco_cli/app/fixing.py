"""`sco check --fix` and `--diff`: the sure changes findings carry (`Finding.fix`), written into the
office's files the one safe way (`core.yaml_edit` splices each value into the file's own text,
`core.office_write` locks, compares with what was read and renames atomically).

The pipeline decides what is fixable, as it decides everything else: a finding carries its `Fix` (the
path, the value as the check read it, the value to write). Here the fixes of a report are placed in the
text: a value that changed since the check, or that cannot be placed (written over several lines), is
left alone and said. A waived finding is accepted on record, so its value is left as it is too.

    plans = plan_fixes(report)        # nothing written yet: `--diff` prints them
    for plan in plans: write_office_file(plan.snapshot, plan.text)
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from sco_cli.core.findings import Finding
from sco_cli.core.office_write import OfficeFile, read_office_file, write_office_file
from sco_cli.core.results import Report
from sco_cli.core.terminal import printable
from sco_cli.core.yaml_edit import EditRefused, TextEdit

FIX_PASSES = 10
"""`--fix` checks again after writing and fixes what the new check offers (values past a file's 200
described findings, say), at most this many times; a pass that changes nothing ends it."""

_NOT_FILES = ("-", "<stdin>")


@dataclass(frozen=True, slots=True)
class Change:
    """One value changed (or, for `--diff`, to be changed): where, by which finding, from what to what,
    both as written in the file."""

    file: str
    line: int
    column: int
    field: str
    code: str
    old: str
    new: str

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "code": self.code,
            "old": self.old,
            "new": self.new,
        }

    def line_text(self) -> str:
        return printable(f"{self.file}:{self.line}:{self.column}: {self.field}: {self.old} -> {self.new} ({self.code})")


@dataclass(slots=True)
class FilePlan:
    """A file's new text and the changes that make it, computed from `snapshot`."""

    path: str
    snapshot: OfficeFile
    text: str
    changes: list[Change] = field(default_factory=list)

    def diff(self) -> str:
        """The change as a unified diff (`--- file` / `+++ file`), as `ruff --diff` prints it."""
        old = (self.snapshot.text or "").splitlines(keepends=True)
        new = self.text.splitlines(keepends=True)
        lines = difflib.unified_diff(old, new, fromfile=self.path, tofile=self.path)
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


@dataclass(slots=True)
class FixRun:
    """What `--fix` or `--diff` did: the changes, and the fixes left alone with why."""

    changes: list[Change] = field(default_factory=list)
    left: list[str] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len({change.file for change in self.changes})


def fixable(report: Report) -> dict[str, list[Finding]]:
    """The findings with a fix that counts (not waived), by file, in the order of the report."""
    by_file: dict[str, list[Finding]] = {}
    for result in report.files:
        for finding in result.findings:
            if finding.fix is not None and finding.counts:
                by_file.setdefault(result.path, []).append(finding)
    return by_file


def plan_fixes(report: Report, run: FixRun) -> list[FilePlan]:
    """Every file's new text with the fixes of `report` placed in it; what cannot be placed is added to
    `run.left`. Reads each file once (the snapshot its write is later compared with)."""
    plans: list[FilePlan] = []
    for path, findings in fixable(report).items():
        if path in _NOT_FILES:
            run.left.append("standard input: fixes are written only into files")
            continue
        snapshot = read_office_file(Path(path))
        if snapshot.text is None:
            run.left.append(printable(f"{path}: no longer there; nothing fixed"))
            continue
        try:
            edit = TextEdit(snapshot.text)
        except EditRefused as refused:
            run.left.append(printable(f"{path}: not fixed: {refused}"))
            continue
        plan = FilePlan(path, snapshot, snapshot.text)
        placed: set[object] = set()
        for finding in sorted(findings, key=lambda f: (f.line, f.column)):
            if finding.fix is None or finding.fix.path in placed:  # two findings, one value: one change
                continue
            placed.add(finding.fix.path)
            change = _placed(edit, finding, path)
            if isinstance(change, str):
                if change not in run.left:  # said once, however many passes meet it
                    run.left.append(change)
            else:
                plan.changes.append(change)
        if plan.changes:
            plan.text = edit.result()
            plans.append(plan)
    return plans


def _placed(edit: TextEdit, finding: Finding, path: str) -> Change | str:
    """The change for one finding, asked of `edit`; or why it is left alone."""
    fix = finding.fix
    assert fix is not None
    where = printable(f"{path}:{finding.line}:{finding.column}: {finding.field}")
    node = edit.node(fix.path)
    if node is None or node.kind != "scalar" or not _same(node.value, fix.old):
        return f"{where}: changed since it was checked; not fixed"
    try:
        edit.replace_value(fix.path, fix.value)
    except EditRefused as refused:
        return f"{where}: not fixed: {refused}"
    old = edit.text[node.start : node.end]
    return Change(
        path, finding.line, finding.column, finding.field, finding.code, old, edit.replacement(node, fix.value)
    )


def _same(written: str, read: str) -> bool:
    """Whether the file still holds the value the check read: an enumeration is read without its case
    and surrounding blanks (`FMSS` is read `fmss`), so those do not count as a change."""
    return written == read or written.strip().casefold() == read.strip().casefold()


def write_plans(plans: list[FilePlan]) -> None:
    """Each file written the safe way: locked, compared with its snapshot, renamed over (a file changed
    meanwhile is refused, exit 2, and files already fixed stay fixed)."""
    for plan in plans:
        write_office_file(plan.snapshot, plan.text)
