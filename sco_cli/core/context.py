"""What a rule may look at. Rules never read files, clocks or globals themselves, so a check
repeats exactly for the same files, office and `--as-of`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

    from sco_cli.core.loader import Loaded
    from sco_cli.core.office import Office
    from sco_cli.core.thresholds import Thresholds

M = TypeVar("M", bound="BaseModel")


@dataclass
class Context(Generic[M]):
    loaded: Loaded
    model: M
    office: Office | None
    thresholds: Thresholds
    as_of: date
    facts: dict[str, Any] = field(default_factory=dict)
    unreadable: frozenset[tuple[int | str, ...]] = frozenset()
    """The fields that could not be read (each already a GEN009), dropped before the model was built."""

    def unread(self, *path: int | str) -> bool:
        """Whether the field at `path` (or something inside it) could not be read: a rule listing what is
        missing leaves it out, since it is written, only not readably."""
        return any(dropped[: len(path)] == path for dropped in self.unreadable)
