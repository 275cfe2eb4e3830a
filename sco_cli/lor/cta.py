"""The Country Team Assessment of an LOR: which elements it needs, and the context its template
renders (SAMM C2.1.4.2; C5.1.4; Table C5.T1). What it still lacks is decided by CTA002 and CTA004,
whose findings hold the `cta` gate shut."""

from __future__ import annotations

from typing import Any

from sco_cli.core.office import Office
from sco_cli.lor.model import Lor
from sco_cli.lor.reference import agencies, cta_elements


def elements_for(lor: Lor, office: Office | None) -> list[dict[str, Any]]:
    """The common elements (Table C5.T1), plus the NVD elements (Table C5.T1e) when an item carries the
    `nvd` review tag, each with the label a reviewer maps to its table."""
    lists = cta_elements(office)
    elements = list(lists.get("common", []))
    if any("nvd" in item.unique_review for item in lor.items):
        elements += lists.get("nvd", [])
    return [e | {"label": element_label(e)} for e in elements]


def required_elements(lor: Lor, office: Office | None) -> list[dict[str, Any]]:
    return [e for e in elements_for(lor, office) if e.get("required", True)]


def element_label(element: dict[str, Any]) -> str:
    """ "Table C5.T1 element 12", or "Table C5.T1 (number not verified)"."""
    table = element.get("table") or "C5.T1"
    number = element.get("number")
    return f"Table {table} element {number}" if number else f"Table {table} (number not verified)"


def known_keys(office: Office | None) -> set[str]:
    return {e["key"] for group in cta_elements(office).values() for e in group}


def cta_context(lor: Lor, office: Office | None, facts: dict[str, Any]) -> dict[str, Any]:
    cta = lor.cta
    elements = cta.elements if cta else {}
    concurrence = cta.ccmd_concurrence if cta else None
    chief = office.chief if office and office.chief else None
    agency = agencies(office).get(lor.implementing_agency or "", {})
    return {
        "lor": {
            "id": lor.id,
            "reference": lor.reference,
            "date": lor.date,
            "purchaser": lor.purchaser,
            "implementing_agency": agency.get("receiver") or agency.get("name") or lor.implementing_agency,
            "lines": [
                {"description": i.description, "quantity": i.quantity, "value": i.total_usd, "mde": i.mde, "sme": i.sme}
                for i in lor.items
            ],
        },
        "facts": facts,
        "office": {
            "country": office.country if office else None,
            "organization": office.organization if office else None,
            "ccmd": office.ccmd if office else None,
            "chief_name": chief.name if chief else None,
            "chief_title": chief.title if chief else None,
        },
        "elements": [
            {
                "key": e["key"],
                "title": e["title"],
                "label": e["label"],
                "number": e.get("number"),
                "table": e.get("table"),
                "text": elements.get(e["key"]),
            }
            for e in elements_for(lor, office)
        ],
        "cta": {
            "date": cta.date if cta else None,
            "cleared_by": list(cta.cleared_by) if cta else [],
            "concurrence_reference": concurrence.reference if concurrence else None,
            "concurrence_date": concurrence.date if concurrence else None,
        },
    }
