"""What a file kind is once loaded: its model, facts, rule modules, gates, example and calendar items.

A kind's loader (declared in `sco_cli/kinds.py`, see `core.kinds`) imports its domain and returns
this; importing a rule module registers its rules, so a run pays only for the kinds it meets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pydantic import BaseModel

    from sco_cli.core.context import Context
    from sco_cli.core.events import Event
    from sco_cli.core.results import FileResult, Report

M = TypeVar("M", bound="BaseModel")


@dataclass(frozen=True)
class KindSpec(Generic[M]):
    name: str
    model: type[M]
    facts: Callable[[Context[M]], dict[str, Any]] | None = None
    """Facts decided from the model alone (totals, thresholds met, due dates)."""
    rule_modules: tuple[ModuleType, ...] = ()
    """The modules whose rules check this kind, file and cross-file (held so they stay imported)."""
    gates: tuple[str, ...] = ()
    """Readiness gates reported in the facts as `<gate>_ready` and `<gate>_blockers`."""
    example: str | None = None
    """The example under `examples/` that `sco init` copies as a starter for this kind."""
    events: Callable[[FileResult], Iterable[Event]] | None = None
    """Dated items for `sco calendar`, from a checked file whose model was kept."""
    anchors: tuple[str, ...] = ()
    """Top-level keys whose positions the cross-file rules read, besides `kind` and `id`. A check
    keeps only these for each file (a few hundred bytes, not a position per key); one that keeps
    the models (the calendar, documents) keeps every key's."""
    summary: Callable[[Report, bool], None] | None = None
    """What `sco <kind> check` prints after its text report (the students' ITO readiness): called with
    True on a terminal (a table may be shown), False otherwise (plain lines a script can read)."""
