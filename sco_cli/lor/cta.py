"""The Country Team Assessment of an LOR: which elements it needs (SAMM C2.1.4.2; C5.1.4; Table C5.T1).
What it still lacks is declared once, in `cta_gaps` (and `endorsement_gaps` for the SCO endorsement):
CTA002, CTA004 and CTA006 report the CTA's and endorsement's own sections and hold their gates shut;
CTA007 and CTA008 report the rest the documents print. The documents themselves are
lor/cta_document.py, kept apart so that a check imports no renderer."""

from __future__ import annotations

from typing import Any

from sco_cli.core.needs import Gap, designation_gaps
from sco_cli.core.office import Office
from sco_cli.lor.model import Lor
from sco_cli.lor.reference import cta_elements


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


def element_heading(element: dict[str, Any]) -> str:
    """How the document names an element: by its table and number where the number is verified, else
    by its title (a document sent to DSCA carries no "number not verified")."""
    return element_label(element) if element.get("number") else str(element["title"])


def element_missing(element: dict[str, Any]) -> str:
    """How the CTA names a required element left unanswered."""
    heading = element_heading(element)
    return f"{heading} not answered" + (f": {element['title']}" if heading != element["title"] else "")


CTA_ITEMS: dict[str, str] = {
    "no_cta": "the LOR has no `cta:` section",
    "agency": "the implementing agency (`implementing_agency`)",
    "id": "the LOR's `id`",
    "chief_of_mission": "the Chief of Mission (sco.yaml `chief_of_mission: name`)",
    "chief": "the SCO chief (sco.yaml `chief: name`)",
    "date": "the CTA's date (`cta: date`)",
    "concurrence": "the CCMD concurrence (`cta: ccmd_concurrence`)",
    "cleared_by": "the Country Team sections that cleared it (`cta: cleared_by`)",
}
"""Every item the CTA needs besides its elements (named by `element_missing`), as the document, its
refusal and the check name it; cta.md.j2 prints `gap(items.NAME)` where an empty one would be."""

ENDORSEMENT_ITEMS: dict[str, str] = {
    "no_endorsement": "the LOR has no `sco_endorsement:` section",
    "agency": CTA_ITEMS["agency"],
    "id": CTA_ITEMS["id"],
    "organization": "the office's organization (sco.yaml `organization`)",
    "chief": CTA_ITEMS["chief"],
    "date": "the endorsement's date (`sco_endorsement: date`)",
    "format": "its form, memo or email (`sco_endorsement: format`)",
    "first_cta_date": "the first-introduction CTA's date (`sco_endorsement: first_cta_date`)",
    "first_loa": "the first-introduction LOA (`sco_endorsement: first_loa`)",
    "country_team_informed": "the day the Country Team was informed (`sco_endorsement: country_team_informed`)",
    "nvd_item": "an item tagged `unique_review: [nvd]`",
}
"""The same for the SCO endorsement of an NVD repeat buy (sco-endorsement.md.j2)."""


def _letter_gaps(lor: Lor, office: Office | None, items: dict[str, str], people: dict[str, str]) -> list[Gap]:
    """What the heading and signature of a CTA or endorsement need: the implementing agency (LOR018 says
    it), the LOR's id, and the office's people and organization (sco.yaml, by key)."""
    gaps = []
    if not lor.implementing_agency:
        gaps.append(Gap(items["agency"], ("implementing_agency",), shown_by="LOR018"))
    if not lor.id:
        gaps.append(Gap(items["id"], ("id",)))
    for key, item in people.items():
        value = getattr(office, key, None) if office is not None else None
        if not (value.name if key in ("chief", "chief_of_mission") and value is not None else value):
            gaps.append(Gap(items[item], office_key=key))
    return gaps


def cta_gaps(lor: Lor, office: Office | None) -> list[Gap]:
    """What the CTA needs and the LOR or sco.yaml lacks: the one list `sco cta generate` refuses on, the
    `cta_document_gaps` fact, and the findings of CTA001, CTA002, CTA004 (its own sections) and CTA007."""
    cta = lor.cta
    if cta is None:
        return [Gap(CTA_ITEMS["no_cta"], ("cta",), shown_by="CTA001")]
    gaps = _letter_gaps(lor, office, CTA_ITEMS, {"chief_of_mission": "chief_of_mission", "chief": "chief"})
    if cta.date is None:
        gaps.append(Gap(CTA_ITEMS["date"], ("cta", "date"), shown_by="CTA004"))
    for element in elements_for(lor, office):
        if element.get("required", True) and not (cta.elements.get(element["key"]) or "").strip():
            gaps.append(Gap(element_missing(element), ("cta", "elements", element["key"]), shown_by="CTA002"))
    if not (cta.ccmd_concurrence and cta.ccmd_concurrence.reference):
        gaps.append(Gap(CTA_ITEMS["concurrence"], ("cta", "ccmd_concurrence"), shown_by="CTA004"))
    if not cta.cleared_by:
        gaps.append(Gap(CTA_ITEMS["cleared_by"], ("cta", "cleared_by"), shown_by="CTA004"))
    return gaps


def endorsement_gaps(lor: Lor, office: Office | None) -> list[Gap]:
    """What the SCO endorsement needs and the LOR or sco.yaml lacks (CTA001, CTA006 and CTA008 report it)."""
    endorsement = lor.sco_endorsement
    if endorsement is None:
        return [Gap(ENDORSEMENT_ITEMS["no_endorsement"], ("sco_endorsement",), shown_by="CTA001")]
    gaps = _letter_gaps(lor, office, ENDORSEMENT_ITEMS, {"organization": "organization", "chief": "chief"})
    for key in ("date", "format", "first_cta_date", "first_loa", "country_team_informed"):
        if getattr(endorsement, key) in (None, ""):
            gaps.append(Gap(ENDORSEMENT_ITEMS[key], ("sco_endorsement", key), shown_by="CTA006"))
    if not any("nvd" in item.unique_review for item in lor.items):
        gaps.append(Gap(ENDORSEMENT_ITEMS["nvd_item"], ("items",)))
    return gaps


CTA_TEMPLATE, ENDORSEMENT_TEMPLATE = "cta.md.j2", "sco-endorsement.md.j2"


def checked_gaps(lor: Lor, office: Office | None, endorsement: bool) -> list[Gap]:
    """`cta_gaps` (or `endorsement_gaps`) and the CUI designation lines sco.yaml lacks for the document:
    what the check reports (the renderer finds the designation's gaps itself, after the command line's
    `--cui-category` and `--dissemination`)."""
    if endorsement:
        return endorsement_gaps(lor, office) + designation_gaps(office, ENDORSEMENT_TEMPLATE)
    return cta_gaps(lor, office) + designation_gaps(office, CTA_TEMPLATE)


def known_keys(office: Office | None) -> set[str]:
    return {e["key"] for group in cta_elements(office).values() for e in group}
