"""The shape of a file kind, and the table of kinds the pipeline is given.

The core names no domain: `sco_cli/kinds.py`, above the core, fills a `KindTable` with one loader
per kind. A loader imports its domain's model, facts and rule modules (importing a rule module
registers its rules), so a run pays only for the kinds it meets."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pydantic import BaseModel

    from sco_cli.core.context import Context
    from sco_cli.core.events import Event
    from sco_cli.core.findings import FileResult
    from sco_cli.core.pipeline import Report

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
    summary: Callable[[Report], None] | None = None
    """What `sco <kind> check` prints after its report on a terminal (the students' ITO readiness)."""


KindLoader = Callable[[], "KindSpec[Any]"]


class KindTable:
    """Kind name -> spec, each built on first use."""

    def __init__(self, loaders: Mapping[str, KindLoader]):
        self._loaders = dict(loaders)
        self._specs: dict[str, KindSpec[Any]] = {}

    def __contains__(self, name: object) -> bool:
        return name in self._loaders

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaders)

    def names(self) -> list[str]:
        return list(self._loaders)

    def get(self, name: str) -> KindSpec[Any]:
        if name not in self._specs:
            self._specs[name] = self._loaders[name]()
        return self._specs[name]

    def load_all(self) -> list[KindSpec[Any]]:
        """Every kind, so that every rule is registered (for `sco rules` and schema export)."""
        return [self.get(name) for name in self._loaders]

    def __getstate__(self) -> dict[str, Any]:
        """Worker processes get the loaders only; modules are imported again there."""
        return {"_loaders": self._loaders, "_specs": {}}
