"""Marking an informal translation (SAMM C2.1.10.1.11): every page of the Word file carries
"Informal and unofficial translation - English text governs." in its header and footer; the rest of
the document is kept as it is."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from sco_cli.core.errors import UsageError

NOTICE = "Informal and unofficial translation - English text governs."
MAX_BYTES = 100 * 1024 * 1024


def open_docx(path: Path) -> Any:
    """The Word document at `path`; a usage error for anything that is not a readable .docx."""
    from docx import Document  # noqa: PLC0415 - python-docx (lxml) only when a Word file is read

    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    if path.suffix.lower() != ".docx":
        raise UsageError(f"{path}: not a Word .docx file (save it as .docx first)")
    if path.stat().st_size > MAX_BYTES:
        raise UsageError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        return Document(io.BytesIO(path.read_bytes()))
    except Exception:  # python-docx raises zip, XML, key and package errors for a broken file
        raise UsageError(f"{path}: not a readable Word .docx file") from None


def _stamped(part: Any) -> bool:
    return any(NOTICE in paragraph.text for paragraph in part.paragraphs)


def _add_notice(part: Any, first: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415 - python-docx only for Word output

    paragraph = part.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(NOTICE)
    run.bold = True
    if first:  # at the top of a header, above any letterhead table
        element = paragraph._p
        element.getparent().remove(element)
        part._element.insert(0, element)


def stamp(document: Any) -> int:
    """Add the notice to every header and footer a page can show; returns how many were stamped.

    A header "linked to previous" shows the previous section's, so it is stamped only when no earlier
    section defines one of that type (stamping it would otherwise replace the inherited letterhead)."""
    even_pages = bool(document.settings.odd_and_even_pages_header_footer)
    defined: set[str] = set()
    count = 0
    for section in document.sections:
        kinds = [("header", section.header, True), ("footer", section.footer, False)]
        if section.different_first_page_header_footer:
            kinds += [
                ("first_header", section.first_page_header, True),
                ("first_footer", section.first_page_footer, False),
            ]
        if even_pages:
            kinds += [("even_header", section.even_page_header, True), ("even_footer", section.even_page_footer, False)]
        for name, part, top in kinds:
            if part.is_linked_to_previous and name in defined:
                continue
            defined.add(name)
            if not _stamped(part):
                _add_notice(part, top)
                count += 1
    return count


def stamped_bytes(path: Path) -> tuple[bytes, int]:
    document = open_docx(path)
    count = stamp(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), count
