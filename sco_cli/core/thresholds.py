"""Thresholds are data: shipped with their sources in `data/thresholds.yaml`, overridable per office
in `sco.yaml` under `thresholds:`. Rules read them by name, never as literals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sco_cli.core.data import shipped as shipped_data

UNIT_LIMITS: dict[str, tuple[float, float, bool]] = {
    # unit: (lowest, highest, whole numbers only) an office override may set
    "usd": (0, 1e15, True),
    "days": (0, 36_500, True),
    "months": (0, 1_200, True),
    "years": (0, 100, True),
    "percent": (0, 100, False),
    "probability": (0, 1, False),
}


@dataclass
class Thresholds:
    entries: dict[str, dict[str, Any]]
    overridden: dict[str, int | float] = field(default_factory=dict)

    def __getitem__(self, name: str) -> int | float:
        if name in self.overridden:
            return self.overridden[name]
        value: int | float = self.entries[name]["value"]
        return value

    def number(self, name: str) -> float:
        """A threshold used as a number (a probability, a percentage, a dollar amount)."""
        return float(self[name])

    def whole(self, name: str) -> int:
        """A threshold counted in whole units (dollars, days, months, years)."""
        value = self[name]
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(f"threshold {name} must be a whole number, not {value}")
            return int(value)
        return value

    def with_overrides(self, overrides: dict[str, int | float] | None) -> Thresholds:
        """A copy with the office's values; unknown names are refused by the office model."""
        return Thresholds(self.entries, dict(overrides or {}))


_SHIPPED: Thresholds | None = None


def shipped() -> Thresholds:
    global _SHIPPED
    if _SHIPPED is None:
        _SHIPPED = Thresholds(shipped_data("thresholds"))
    return _SHIPPED
