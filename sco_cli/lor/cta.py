"""The Country Team Assessment of an LOR: which elements it needs, which are missing, and the
context its template renders (SAMM C2.1.4.2; C5.1.4; Table C5.T1)."""

from __future__ import annotations

from sco_cli.core import data


def required_elements(lor) -> list[dict]:
    """The common elements, plus the NVD elements when an item carries the `nvd` review tag."""
    elements = list(data.shipped("cta_elements")["common"])
    if any("nvd" in item.unique_review for item in lor.items):
        elements += data.shipped("cta_elements")["nvd"]
    return elements


def known_keys() -> set[str]:
    lists = data.shipped("cta_elements")
    return {e["key"] for group in lists.values() for e in group}


def gaps(lor) -> list[str]:
    """Everything a CTA still lacks, in the order a drafter would fix it."""
    cta = lor.cta
    if cta is None:
        return ["the LOR has no `cta:` section"]
    missing = [f"element missing: {e['title']} (`{e['key']}`)" for e in required_elements(lor)
               if not (cta.elements.get(e["key"]) or "").strip()]
    if cta.ccmd_concurrence is None or not cta.ccmd_concurrence.reference or cta.ccmd_concurrence.date is None:
        missing.append("CCMD concurrence (reference and date) missing")
    if not cta.cleared_by:
        missing.append("no Country Team section has cleared it (`cleared_by:`)")
    if cta.date is None:
        missing.append("the CTA is not dated")
    return missing


def cta_context(lor, office, facts: dict) -> dict:
    cta = lor.cta
    elements = cta.elements if cta else {}
    concurrence = cta.ccmd_concurrence if cta else None
    chief = office.chief if office and office.chief else None
    agency = data.agencies(office).get(lor.implementing_agency or "", {})
    return {
        "lor": {"id": lor.id, "reference": lor.reference, "date": lor.date, "purchaser": lor.purchaser,
                "implementing_agency": agency.get("receiver") or agency.get("name") or lor.implementing_agency,
                "lines": [{"description": i.description, "quantity": i.quantity, "value": i.total_usd,
                           "mde": i.mde, "sme": i.sme} for i in lor.items]},
        "facts": facts,
        "office": {"country": office.country if office else None,
                   "organization": office.organization if office else None,
                   "ccmd": office.ccmd if office else None,
                   "chief_name": chief.name if chief else None, "chief_title": chief.title if chief else None},
        "elements": [{"key": e["key"], "title": e["title"], "text": elements.get(e["key"])}
                     for e in required_elements(lor)],
        "cta": {"date": cta.date if cta else None,
                "cleared_by": list(cta.cleared_by) if cta else [],
                "concurrence_reference": concurrence.reference if concurrence else None,
                "concurrence_date": concurrence.date if concurrence else None},
    }
