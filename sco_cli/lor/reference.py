"""The LOR's reference lists, shipped and merged with the office's corrections in sco.yaml:
implementing agencies (Table C5.T2), unique-review tags (C5.1.8) and CTA elements (Table C5.T1/T1e)."""

from __future__ import annotations

from typing import Any

from sco_cli.core import data
from sco_cli.core.office import Office


def _agencies(office: Office | None) -> dict[str, dict[str, Any]]:
    merged = {key: dict(value) for key, value in data.shipped("agencies").items()}
    for key, override in (office.agencies if office else {}).items():
        merged.setdefault(key, {}).update(override.model_dump(exclude_none=True))
    return merged


def _review_tags(office: Office | None) -> dict[str, dict[str, Any]]:
    merged = dict(data.shipped("review_tags"))
    for tag in office.review_tags if office else []:
        merged.setdefault(tag, {"title": tag, "source": "office sco.yaml", "cta": "review", "cta_source": "sco.yaml"})
    return merged


def _cta_elements(office: Office | None) -> dict[str, list[dict[str, Any]]]:
    lists = {group: [dict(e) for e in elements] for group, elements in data.shipped("cta_elements").items()}
    for group, elements in (office.cta_elements if office else {}).items():
        lists[group] = [e.model_dump(exclude_none=True) | {"source": "office sco.yaml"} for e in elements]
    return lists


_DEFAULTS: dict[str, Any] = {}


def agencies(office: Office | None) -> dict[str, dict[str, Any]]:
    if office is None:
        return _DEFAULTS.setdefault("agencies", _agencies(None))  # type: ignore[no-any-return]
    return office.memo("agencies", lambda: _agencies(office))


def review_tags(office: Office | None) -> dict[str, dict[str, Any]]:
    if office is None:
        return _DEFAULTS.setdefault("review_tags", _review_tags(None))  # type: ignore[no-any-return]
    return office.memo("review_tags", lambda: _review_tags(office))


def cta_elements(office: Office | None) -> dict[str, list[dict[str, Any]]]:
    """`common` (Table C5.T1) and `nvd` (Table C5.T1e) elements, the office's lists where it has them."""
    if office is None:
        return _DEFAULTS.setdefault("cta_elements", _cta_elements(None))  # type: ignore[no-any-return]
    return office.memo("cta_elements", lambda: _cta_elements(office))
