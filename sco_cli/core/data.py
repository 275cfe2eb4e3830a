"""Shipped reference lists (agencies, review tags, CTA elements). They are data, with their
sources, so an office can see and correct them without touching code."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from sco_cli.core.loader import load_path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@cache
def shipped(name: str) -> dict[str, Any]:
    loaded = load_path(DATA_DIR / f"{name}.yaml")
    if not loaded.ok or not isinstance(loaded.data, dict):
        raise RuntimeError(f"shipped data file {name}.yaml is broken: {loaded.findings[0].message}")
    return loaded.data
