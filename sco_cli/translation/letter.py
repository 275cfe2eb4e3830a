"""The forwarding letter that goes with an informal translation of a contractual document: the
English text is the official binding document (SAMM C2.1.10.1.11)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sco_cli.core.document import Document, DocumentMeta, signature
from sco_cli.core.office import Office, marking_of
from sco_cli.translation import LETTER_TEMPLATE


def letter_context(
    office: Office | None, document: str, language: str, to: str | None, reference: str | None, day: str
) -> dict[str, Any]:
    country = office.country if office else "the partner nation"
    chief = office.chief if office and office.chief else None
    return {
        "organization": (office.organization if office else None) or "Security Cooperation Office",
        "address": (office.address if office else None) or "",
        "country": country,
        "to": to or f"Ministry of Defence, {country}",
        "reference": reference or "",
        "date": day,
        "document": document,
        "language": language,
        "chief_name": chief.name if chief and chief.name else "",
        "chief_title": chief.title if chief and chief.title else "Chief, Security Cooperation Office",
        "signature": signature(
            chief.name if chief and chief.name else None,
            chief.title if chief and chief.title else "Chief, Security Cooperation Office",
            (office.organization if office else None) or "Security Cooperation Office",
            None,
            "",  # no chief recorded: the title signs, as before
        ),
    }


def letter_document(
    office: Office | None, document: str, language: str, to: str | None, reference: str | None, day: date
) -> Document:
    """The letter (the command and `sco templates` share it)."""
    meta = DocumentMeta(
        title=f"Forwarding letter: informal translation of {document}",
        source="the command line and sco.yaml" if office else "the command line",
        generated=day,
        marking=marking_of(office),
    )
    context = letter_context(office, document.strip(), language.strip(), to, reference, day.isoformat())
    return Document(LETTER_TEMPLATE, context, meta, office)
