"""Thresholds are data: shipped with their sources in `data/thresholds.yaml`, overridable
per office in `sco.yaml` under `thresholds:`. Rules read them by name, never as literals."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sco_cli.core.loader import load_path

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "thresholds.yaml"


@dataclass
class Thresholds:
    entries: dict[str, dict]
    overridden: dict[str, object] = field(default_factory=dict)

    def __getitem__(self, name: str):
        if name in self.overridden:
            return self.overridden[name]
        return self.entries[name]["value"]

    def reference(self, name: str) -> str:
        return self.entries[name]["reference"]

    def with_overrides(self, overrides: dict | None) -> Thresholds:
        """A copy with the office's values; unknown names are refused by the office model."""
        return Thresholds(self.entries, dict(overrides or {}))


_SHIPPED: Thresholds | None = None


def shipped() -> Thresholds:
    global _SHIPPED
    if _SHIPPED is None:
        loaded = load_path(DATA_FILE)
        if not loaded.ok:
            raise RuntimeError(f"shipped thresholds file is broken: {loaded.findings[0].message}")
        _SHIPPED = Thresholds(loaded.data)
    return _SHIPPED
