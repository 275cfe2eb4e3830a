"""Shipped reference lists (agencies, review tags, CTA elements), merged with the office's
corrections. They are data so an office can fix them without touching code."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sco_cli.core.loader import load_path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@cache
def shipped(name: str) -> dict:
    loaded = load_path(DATA_DIR / f"{name}.yaml")
    if not loaded.ok:
        raise RuntimeError(f"shipped data file {name}.yaml is broken: {loaded.findings[0].message}")
    return loaded.data


def agencies(office=None) -> dict[str, dict]:
    merged = {key: dict(value) for key, value in shipped("agencies").items()}
    for key, override in (getattr(office, "agencies", None) or {}).items():
        merged.setdefault(key, {}).update(override.model_dump(exclude_none=True))
    return merged


def review_tags(office=None) -> dict[str, dict]:
    merged = dict(shipped("review_tags"))
    for tag in getattr(office, "review_tags", None) or []:
        merged.setdefault(tag, {"title": tag, "source": "office sco.yaml"})
    return merged
