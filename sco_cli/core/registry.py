"""One registry of rules. A rule is a small function plus what a reader needs: code, slug,
title, severity, the SAMM paragraph (or statute) it enforces, why it exists, and a failing and
a passing example. `sco rules explain` prints exactly this.

Rule modules import nothing heavy, so listing rules stays fast. A kind's rule modules are
imported by the kinds table (`sco_cli/kinds.py`) when a run first meets that kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from sco_cli.core.findings import Severity, YamlPath
from sco_cli.core.results import FileResult

if TYPE_CHECKING:
    from sco_cli.core.context import Context


class Problem(NamedTuple):
    """What a file rule yields: a message, the YAML path it concerns, and a hint."""

    message: str
    at: YamlPath = ()
    hint: str = ""


class BatchProblem(NamedTuple):
    """What a cross-file rule yields: the file the finding belongs to, where, and what."""

    result: FileResult
    message: str
    line: int = 1
    column: int = 1
    field: str = ""
    hint: str = ""


NAMES_SHOWN = 10
"""A cross-file message names at most this many files and counts the rest: 8,000 copies of one student
file give 8,000 findings of one line each, not 8,000 lists of 7,999 names."""


def some_of(names: Iterable[str], total: int, limit: int = NAMES_SHOWN) -> str:
    """`names` joined with commas, the first `limit` of `total` only: 'a, b, c and 7 more'. Reads no
    further into `names` than it shows, so a message costs the same however many files there are."""
    shown = list(islice(names, limit))
    rest = total - len(shown)
    return ", ".join(shown) + (f" and {rest} more" if rest > 0 else "")


class FileRule(Protocol):
    """A rule about one file: reads the context, yields problems."""

    def __call__(self, ctx: Context[Any], /) -> Iterable[Problem]: ...


class BatchRule(Protocol):
    """A rule across the files checked together (an LOR against the forecast register)."""

    def __call__(self, results: Sequence[FileResult], /) -> Iterable[BatchProblem]: ...


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    title: str
    severity: Severity
    reference: str
    kind: str
    why: str
    fails: str
    passes: str
    check: FileRule | None = field(default=None, compare=False)
    across: BatchRule | None = field(default=None, compare=False)
    blocks: str | None = None  # the readiness gate its findings hold shut ("ito", "cta")
    example: str | None = None  # the example file `fails`/`passes` change (default: the kind's example)
    reads: tuple[str, ...] = ()  # fields it judges from beyond the one it reports at (`travel.dependents`)
    fix: str = ""  # what `sco check --fix` writes for its findings, when sco is sure; empty: never fixed

    @property
    def scope(self) -> str:
        return "batch" if self.across is not None else "file"

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "slug": self.slug,
            "title": self.title,
            "severity": str(self.severity),
            "reference": self.reference,
            "kind": self.kind,
            "why": self.why,
            "fails": self.fails,
            "passes": self.passes,
            "scope": self.scope,
            "blocks": self.blocks,
            "example": self.example,
            "fix": self.fix or None,
        }


RULES: dict[str, Rule] = {}

F = TypeVar("F", bound=Callable[..., Any])


def _register(rule_: Rule) -> None:
    if rule_.code in RULES:
        raise ValueError(f"rule code {rule_.code} registered twice")
    RULES[rule_.code] = replace(rule_, why=rule_.why.strip(), fails=rule_.fails.strip(), passes=rule_.passes.strip())


def rule(
    code: str,
    *,
    slug: str,
    title: str,
    severity: Severity,
    reference: str,
    kind: str,
    why: str,
    fails: str,
    passes: str,
    blocks: str | None = None,
    example: str | None = None,
    reads: tuple[str, ...] = (),
) -> Callable[[F], F]:
    """Register a file rule under its code; `why` (not the docstring) is what users read.

    `reads` names the fields (dotted, without list positions: `screening.medical`) the rule judges from
    when it reports somewhere else: while one of them is unreadable (a GEN009), the rule stays silent on
    that record, since "not recorded" would be wrong and the GEN009 already says what to fix. A finding
    at or above an unreadable field is held back without being declared."""
    described = Rule(
        code, slug, title, severity, reference, kind, why, fails, passes, blocks=blocks, example=example, reads=reads
    )
    return _registering(described, True)


def cross_file_rule(
    code: str,
    *,
    slug: str,
    title: str,
    severity: Severity,
    reference: str,
    kind: str,
    why: str,
    fails: str,
    passes: str,
    blocks: str | None = None,
) -> Callable[[F], F]:
    """Register a rule that sees every file checked together; `kind` is the kind its findings go to."""
    return _registering(Rule(code, slug, title, severity, reference, kind, why, fails, passes, blocks=blocks), False)


def _registering(described: Rule, per_file: bool) -> Callable[[F], F]:
    def register(func: F) -> F:
        _register(replace(described, check=func) if per_file else replace(described, across=func))
        return func

    return register


def declare(
    code: str,
    *,
    slug: str,
    title: str,
    severity: Severity,
    reference: str,
    kind: str,
    why: str,
    fails: str,
    passes: str,
    fix: str = "",
) -> None:
    """Register a rule enforced by the loader or the models rather than by a rule function. `fix` says
    which of its findings `sco check --fix` settles, and how (the finding carries the change)."""
    _register(Rule(code, slug, title, severity, reference, kind, why, fails, passes, fix=fix))


def file_rules(kind: str) -> list[Rule]:
    return [r for r in RULES.values() if r.kind == kind and r.check is not None]


def batch_rules(kinds: Iterable[str]) -> list[Rule]:
    """Cross-file rules whose findings go to files of `kinds` (the kinds present in a run)."""
    present = set(kinds)
    return [r for r in RULES.values() if r.across is not None and r.kind in present]
