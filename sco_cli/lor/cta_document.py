"""The Country Team Assessment and the SCO endorsement as documents: the context their templates render
and the document `sco cta generate` and `sco templates` write (SAMM C2.1.4.2; C5.1.4; NVD guide C2.2.3).
What they lack is declared in lor/cta.py, which the checks use without this module's renderer."""

from __future__ import annotations

from datetime import date
from typing import Any

from sco_cli.core.document import Document, DocumentMeta, signature
from sco_cli.core.markup import MarkdownText, without_caveats
from sco_cli.core.needs import gap_texts
from sco_cli.core.office import Office
from sco_cli.core.pipeline import blocking_findings
from sco_cli.core.results import FileResult
from sco_cli.lor.cta import (
    CTA_ITEMS,
    CTA_TEMPLATE,
    ENDORSEMENT_ITEMS,
    ENDORSEMENT_TEMPLATE,
    cta_gaps,
    element_heading,
    element_missing,
    elements_for,
    endorsement_gaps,
)
from sco_cli.lor.model import Lor
from sco_cli.lor.reference import agencies


def _office(office: Office | None) -> dict[str, Any]:
    chief = office.chief if office and office.chief else None
    mission = office.chief_of_mission if office and office.chief_of_mission else None
    return {
        "country": office.country if office else None,
        "organization": office.organization if office else None,
        "ccmd": office.ccmd if office else None,
        "chief_name": chief.name if chief else None,
        "chief_title": chief.title if chief else None,
        "chief_email": chief.email if chief else None,
        "chief_of_mission_name": mission.name if mission else None,
        "chief_of_mission_title": mission.title if mission else None,
    }


def _lor(lor: Lor, office: Office | None) -> dict[str, Any]:
    agency = agencies(office).get(lor.implementing_agency or "", {})
    return {
        "id": lor.id,
        "reference": lor.reference,
        "date": lor.date,
        "purchaser": lor.purchaser,
        "implementing_agency": agency.get("receiver") or agency.get("name") or lor.implementing_agency,
        "lines": [
            {
                "description": i.description,
                "quantity": i.quantity,
                "value": i.total_usd,
                "mde": i.mde,
                "sme": i.sme,
                "nvd": "nvd" in i.unique_review,
            }
            for i in lor.items
        ],
        # itemized so the request table's total is the sum of its lines (SAMM C5.1.2.1: the total value
        # counts defense services and design and construction, not only the articles)
        "support": [{"description": s.description, "value": s.value_usd} for s in lor.support],
        "design_construction": lor.design_construction_usd or 0,
    }


def cta_context(lor: Lor, office: Office | None, facts: dict[str, Any]) -> dict[str, Any]:
    """What cta.md.j2 receives. Element answers are Markdown the user wrote (`MarkdownText`): their
    paragraphs and lists are kept."""
    cta = lor.cta
    elements = cta.elements if cta else {}
    concurrence = cta.ccmd_concurrence if cta else None
    listed = elements_for(lor, office)
    return {
        "lor": _lor(lor, office),
        "facts": facts,
        "reasons": [without_caveats(reason) for reason in facts.get("cta_reasons", [])],
        "office": _office(office),
        "nvd": any(e.get("table") == "C5.T1e" for e in listed),
        "elements": [
            {
                "key": e["key"],
                "title": e["title"],
                "label": e["label"],
                "heading": element_heading(e),
                "number": e.get("number"),
                "table": e.get("table"),
                "required": bool(e.get("required", True)),
                "text": MarkdownText(elements[e["key"]]) if (elements.get(e["key"]) or "").strip() else None,
                "missing": element_missing(e),
            }
            for e in listed
        ],
        "signature": signature(
            office.chief_of_mission.name if office and office.chief_of_mission else None,
            office.chief_of_mission.title if office and office.chief_of_mission else None,
            None,
            None,
            CTA_ITEMS["chief_of_mission"],
            above="For the Country Team:",
        ),
        "items": CTA_ITEMS,
        "cta": {
            "date": cta.date if cta else None,
            "cleared_by": list(cta.cleared_by) if cta else [],
            "concurrence_reference": concurrence.reference if concurrence else None,
            "concurrence_date": concurrence.date if concurrence else None,
        },
    }


def endorsement_context(lor: Lor, office: Office | None, facts: dict[str, Any]) -> dict[str, Any]:
    """What sco-endorsement.md.j2 receives: the SCO endorsement of an NVD repeat buy (NVD guide C2.2.3)."""
    endorsement = lor.sco_endorsement
    return {
        "lor": _lor(lor, office),
        "facts": facts,
        "reasons": [without_caveats(reason) for reason in facts.get("sco_endorsement_reasons", [])],
        "office": _office(office),
        "signature": signature(
            office.chief.name if office and office.chief else None,
            office.chief.title if office and office.chief else None,
            office.organization if office else None,
            endorsement.date if endorsement else None,
            ENDORSEMENT_ITEMS["chief"],
        ),
        "items": ENDORSEMENT_ITEMS,
        "endorsement": {
            "date": endorsement.date if endorsement else None,
            "first_cta_date": endorsement.first_cta_date if endorsement else None,
            "first_loa": endorsement.first_loa if endorsement else None,
            "country_team_informed": endorsement.country_team_informed if endorsement else None,
            "format": endorsement.format if endorsement else None,
        },
    }


def cta_document(result: FileResult, lor: Lor, day: date, endorsement: bool, draft: bool) -> Document:
    """The CTA (or SCO endorsement) of a checked LOR; `meta.gaps` holds what the `cta` (or `endorsement`)
    gate still lacks and what else `cta_gaps` (`endorsement_gaps`) finds empty (used by `sco cta generate`
    and `sco templates`)."""
    section = lor.sco_endorsement if endorsement else lor.cta
    gaps = endorsement_gaps(lor, result.office) if endorsement else cta_gaps(lor, result.office)
    stops = blocking_findings(result, "endorsement" if endorsement else "cta")
    # the gate's findings name the document's own sections; the other gaps are named as the document does
    said = {f.code for f in stops}
    rest = gap_texts(gap for gap in gaps if gap.shown_by not in said)
    missing = gap_texts(gaps) if section is None else [*(f.message for f in stops), *rest]
    what = "SCO endorsement" if endorsement else "Country Team Assessment"
    meta = DocumentMeta.of_file(result, f"{what}, LOR {lor.id}", day, missing, allow_draft=draft)
    if endorsement:
        return Document(
            ENDORSEMENT_TEMPLATE, endorsement_context(lor, result.office, result.facts), meta, result.office
        )
    return Document(CTA_TEMPLATE, cta_context(lor, result.office, result.facts), meta, result.office)
