"""One registry of rules. A rule is a small function plus the facts a reader needs:
code, slug, title, severity, the SAMM paragraph (or statute) it enforces, why it exists,
and a failing and a passing example. `sco rules explain` prints exactly this.

Rule modules import nothing heavy, so listing rules stays fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple


class Problem(NamedTuple):
    """What a rule function yields: a message, the YAML path it concerns, and a hint."""

    message: str
    at: tuple = ()
    hint: str = ""


class BatchProblem(NamedTuple):
    """What a cross-file rule yields: the file the finding belongs to, where, and what."""

    result: object
    message: str
    line: int = 1
    column: int = 1
    field: str = ""
    hint: str = ""


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    title: str
    severity: str
    reference: str
    kind: str
    why: str
    fails: str
    passes: str
    check: Callable[..., Iterable[Problem]] | None = field(default=None, compare=False)
    scope: str = "file"  # "batch": sees every checked file at once (consistency across files)

    def to_dict(self) -> dict:
        return {
            "code": self.code, "slug": self.slug, "title": self.title, "severity": self.severity,
            "reference": self.reference, "kind": self.kind, "why": self.why,
            "fails": self.fails, "passes": self.passes, "scope": self.scope,
        }


RULES: dict[str, Rule] = {}

# The modules that register each kind's rules (file and cross-file), in catalogue order.
# Explicit, so nothing depends on import side effects elsewhere, and a check imports only the
# rules of the kinds it meets. A test fails when a registered rule's kind does not list its module.
RULE_MODULES = {
    "any": ("sco_cli.core.general_rules",),
    "lor": ("sco_cli.lor.rules", "sco_cli.lor.cta_rules", "sco_cli.sales.rules"),
    "student": ("sco_cli.training.rules",),
    "forecast": ("sco_cli.sales.rules",),
    "budget": ("sco_cli.sales.rules",),
}


def rule(code: str, slug: str, title: str, severity: str, reference: str, kind: str,
         why: str, fails: str, passes: str, scope: str = "file"):
    """Register a rule function under its code; the docstring is not used, `why` is."""

    def register(func):
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(code, slug, title, severity, reference, kind, why.strip(), fails.strip(),
                           passes.strip(), func, scope)
        return func

    return register


def declare(code: str, slug: str, title: str, severity: str, reference: str, kind: str,
            why: str, fails: str, passes: str) -> None:
    """Register a rule enforced by the loader or the models rather than a rule function."""
    rule(code, slug, title, severity, reference, kind, why, fails, passes)(None)


def load_rules(kinds=None) -> dict[str, Rule]:
    """The registry, with the rule modules of `kinds` imported (all kinds when None)."""
    for kind in RULE_MODULES if kinds is None else kinds:
        for module in RULE_MODULES.get(kind, ()):
            importlib.import_module(module)
    return RULES


def rules_for(kind: str) -> list[Rule]:
    return [r for r in load_rules([kind]).values() if r.kind == kind and r.check is not None and r.scope == "file"]


def batch_rules(kinds) -> list[Rule]:
    """Cross-file rules about files of `kinds` (the kinds present in a run)."""
    kinds = set(kinds)
    return [r for r in load_rules(kinds).values() if r.check is not None and r.scope == "batch" and r.kind in kinds]
