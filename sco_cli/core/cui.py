"""The CUI designation each document carries, and whether its dissemination control lets it reach its
addressee.

The office's `cui:` block is the default designation; a document type may set its own lines under
`cui: documents: <type>:` and one command its category and control (`--cui-category`,
`--dissemination`). The later word wins, line by line: command line, then the document type, then the
office.

A document addressed outside the U.S. Government (the translation letter, sent to the partner's
ministry) cannot carry a limited dissemination control that excludes its addressee: sco refuses it and
names the control that allows it. What each control means is the CUI Registry's list of limited
dissemination controls (archives.gov/cui/registry/limited-dissemination; DoDI 5200.48 and the registry
are the sources of `samm-facts-addendum.md` section 8, which says the control goes in the designation
block but does not list the controls): NOFORN, FED ONLY, FEDCON and the attorney controls exclude a
foreign government; REL TO [USA, LIST] releases to the countries listed; DISPLAY ONLY [LIST] lets the
information be shown to them without giving them a copy, which a letter they receive cannot be; NOCON and
DL ONLY name no foreign recipient. A distribution statement A (public release) reaches anyone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sco_cli.core.office import CuiMarking, Office


@dataclass(frozen=True)
class CuiChoice:
    """What one command sets for the documents it writes (`--cui-category`, `--dissemination`)."""

    category: str | None = None
    dissemination: str | None = None


@dataclass(frozen=True)
class Designation:
    """The designation indicator's lines for one document, and where its dissemination control was set."""

    controlled_by: str | None
    category: str | None
    dissemination: str | None
    poc: str | None
    dissemination_set_by: str
    """`--dissemination`, `cui: documents: <type>: dissemination` or `cui: dissemination`."""


OUTSIDE_USG: dict[str, str] = {"translation_letter": "the translation letter"}
"""The document types addressed outside the U.S. Government (the partner's ministry), by name."""

EXCLUDING: dict[str, str] = {
    "NOFORN": "no foreign dissemination",
    "FED ONLY": "federal employees only",
    "FEDCON": "federal employees and contractors only",
    "ATTORNEY-CLIENT": "attorney-client privileged",
    "ATTORNEY-WP": "attorney work product",
}
"""Limited dissemination controls whose meaning (CUI Registry) excludes a foreign government."""

NAMING_NO_FOREIGN: dict[str, str] = {
    "NOCON": "no dissemination to contractors",
    "DL ONLY": "dissemination list controlled",
}
"""Controls that name no foreign recipient: they do not say the partner may receive the document."""

_LISTED = re.compile(r"^(REL TO|DISPLAY ONLY)\b\s*(.*)$")
_PUBLIC = re.compile(r"^DIST(RIBUTION)?\.?\s*(STATEMENT\s*)?A\b")


DESIGNATION_LINES = (
    ("Controlled by", "controlled_by"),
    ("CUI Category", "category"),
    ("Distribution/Dissemination Control", "dissemination"),
    ("POC", "poc"),
)
"""The lines of the designation indicator, each with its key under sco.yaml `cui:`."""


def designation_missing(chosen: Designation) -> list[str]:
    """The lines `chosen` lacks, as a document's gaps (and `sco check`'s findings) name them."""
    return [
        f"sco.yaml cui: {key} (the CUI designation indicator)"
        for _, key in DESIGNATION_LINES
        if not getattr(chosen, key)
    ]


def document_name(template: str) -> str:
    """The document type a template renders, as `cui: documents:` names it (`translation-letter.md.j2`
    is `translation_letter`)."""
    return template.removesuffix(".md.j2").replace("-", "_")


def designation_of(office: Office | None, document: str, choice: CuiChoice | None = None) -> Designation:
    """The lines of `document`'s designation indicator: the command line's, else the document type's own
    (`cui: documents:`), else the office's; `controlled_by` defaults to the office's organization and
    `poc` to its chief (name and e-mail)."""
    cui = office.cui if office is not None else None
    own: CuiMarking | None = getattr(cui.documents, document, None) if cui is not None else None
    chief = office.chief if office is not None else None
    controlled = (own.controlled_by if own else None) or (cui.controlled_by if cui else None)
    poc = (own.poc if own else None) or (cui.poc if cui else None)
    if poc is None and chief is not None and chief.name:
        poc = ", ".join(part for part in (chief.name, chief.email) if part)
    choice = choice or CuiChoice()
    category = choice.category or (own.category if own else None) or (cui.category if cui else None)
    dissemination: str | None
    if choice.dissemination:
        dissemination, set_by = choice.dissemination, "--dissemination"
    elif own is not None and own.dissemination:
        dissemination, set_by = own.dissemination, f"cui: documents: {document}: dissemination"
    else:
        dissemination, set_by = (cui.dissemination if cui else None), "cui: dissemination"
    return Designation(controlled or (office.organization if office else None), category, dissemination, poc, set_by)


def allowing_control(office: Office | None) -> str:
    """The control that releases a document to the partner: REL TO USA and the partner as the office
    names it (its three-letter code, else its SC country code, else its name)."""
    partner = None
    if office is not None:
        partner = office.country_trigraph or office.country_code or office.country
    return f"REL TO USA, {(partner or 'the partner').upper()}"


def addressee_refusal(office: Office | None, document: str, dissemination: str) -> str | None:
    """Why `dissemination` keeps `document` from its addressee outside the U.S. Government, or None when
    it allows it (or the document is addressed inside the U.S. Government). The same words for the
    command that refuses the document and for the check of the office file."""
    what = OUTSIDE_USG.get(document)
    if what is None:
        return None
    country = office.country if office is not None else "the partner"
    names = {name.upper() for name in (country, *_codes(office)) if name}
    parts = [" ".join(part.split()).upper() for part in re.split(r"/+", dissemination) if part.strip()]
    reasons: list[str] = []
    allowed = False
    for part in parts:
        listed = _LISTED.match(part)
        if part in EXCLUDING:
            reasons.append(f"{part} ({EXCLUDING[part]}) excludes it")
        elif listed and listed.group(1) == "DISPLAY ONLY":
            reasons.append(f"{part} lets it be shown to the countries listed, not given to them")
        elif listed:
            entries = {entry.strip() for entry in listed.group(2).split(",") if entry.strip()}
            if entries & names:
                allowed = True
            else:
                reasons.append(f"{part} does not list {country}")
        elif _PUBLIC.match(part):
            allowed = True
        elif part in NAMING_NO_FOREIGN:
            reasons.append(f"{part} ({NAMING_NO_FOREIGN[part]}) does not say {country} may receive it")
        else:
            reasons.append(f"{part} does not say {country} may receive it")
    if allowed and not reasons:
        return None
    return (
        f"{what} goes to the partner's government ({country}), outside the U.S. Government: its dissemination "
        f"control {'; '.join(reasons)}; name a control that allows it: {allowing_control(office)}"
    )


def _codes(office: Office | None) -> tuple[str | None, ...]:
    if office is None:
        return ()
    return (office.country_code, office.country_trigraph)
