"""The table of file kinds the pipeline is given, and how a kind is declared.

The core names no domain: `sco_cli/kinds.py`, above the core, declares each kind once, as a `Kind`:
its name, the loader of its `KindSpec` (which imports the domain), and the command that checks it
with that command group's help line. The command line (`sco_cli.cli`) derives its groups, its help
and its quick check paths from these declarations, so a kind cannot be half registered.

Nothing is imported here at run time: `sco --help` reads the declarations, and must stay as cheap
as Python itself."""

from __future__ import annotations

TYPE_CHECKING = False  # not `from typing import ...`: typing alone costs more than `sco --help`
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any

    from sco_cli.core.kindspec import KindSpec


class Kind:
    """One file kind, declared once.

    `command` is where its check lives: `("lor",)` is `sco lor check` in a group `sco lor` that the
    kind brings (`help` is that group's line); `("training", "plan")` is `sco training plan check`, a
    subgroup (with `help`) of a group the command line declares. None: only `sco check` checks it."""

    __slots__ = ("check_help", "command", "help", "load", "name")

    def __init__(
        self,
        name: str,
        load: Callable[[], KindSpec[Any]],
        *,
        command: tuple[str, ...] | None = None,
        help: str = "",
        check_help: str = "",
    ) -> None:
        self.name = name
        self.load = load
        self.command = command
        self.help = help
        self.check_help = check_help or f"Check {name} files (in folders, only their {name} files)."

    @property
    def group(self) -> str | None:
        """The top-level command group the kind's check is in."""
        return self.command[0] if self.command else None


class KindTable:
    """Kind name -> spec, each built on first use."""

    def __init__(self, kinds: Iterable[Kind]):
        self._kinds = {kind.name: kind for kind in kinds}
        self._specs: dict[str, KindSpec[Any]] = {}

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def names(self) -> list[str]:
        return list(self._kinds)

    def declared(self) -> list[Kind]:
        """The declarations, in order (no domain imported)."""
        return list(self._kinds.values())

    def get(self, name: str) -> KindSpec[Any]:
        if name not in self._specs:
            self._specs[name] = self._kinds[name].load()
        return self._specs[name]

    def load_all(self) -> list[KindSpec[Any]]:
        """Every kind, so that every rule is registered (for `sco rules` and schema export)."""
        return [self.get(name) for name in self._kinds]

    def __getstate__(self) -> dict[str, Any]:
        """Worker processes get the declarations only; modules are imported again there."""
        return {"_kinds": self._kinds, "_specs": {}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._kinds = state["_kinds"]
        self._specs = state["_specs"]
