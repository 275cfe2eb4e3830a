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

    def to_dict(self) -> dict:
        return {
            "code": self.code, "slug": self.slug, "title": self.title, "severity": self.severity,
            "reference": self.reference, "kind": self.kind, "why": self.why,
            "fails": self.fails, "passes": self.passes,
        }


RULES: dict[str, Rule] = {}

# Every module that registers rules, in catalogue order. Explicit, so nothing depends on
# import side effects elsewhere.
RULE_MODULES = (
    "sco_cli.core.general_rules",
    "sco_cli.lor.rules",
    "sco_cli.training.rules",
)


def rule(code: str, slug: str, title: str, severity: str, reference: str, kind: str,
         why: str, fails: str, passes: str):
    """Register a rule function under its code; the docstring is not used, `why` is."""

    def register(func):
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(code, slug, title, severity, reference, kind, why.strip(), fails.strip(),
                           passes.strip(), func)
        return func

    return register


def declare(code: str, slug: str, title: str, severity: str, reference: str, kind: str,
            why: str, fails: str, passes: str) -> None:
    """Register a rule enforced by the loader or the models rather than a rule function."""
    rule(code, slug, title, severity, reference, kind, why, fails, passes)(None)


def load_rules() -> dict[str, Rule]:
    for module in RULE_MODULES:
        importlib.import_module(module)
    return RULES


def rules_for(kind: str) -> list[Rule]:
    return [r for r in load_rules().values() if r.kind == kind and r.check is not None]
