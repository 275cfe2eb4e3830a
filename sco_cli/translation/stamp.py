"""Marking an informal translation (SAMM C2.1.10.1.11): every page of the Word file carries
"Informal and unofficial translation - English text governs." in its header and footer; the rest of
the document is kept as it is."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from sco_cli.core.docx_input import DocxRefused, python_docx_errors, read_docx
from sco_cli.core.errors import UsageError

NOTICE = "Informal and unofficial translation - English text governs."


def _refused(path: Path, why: str) -> UsageError:
    return UsageError(f"{path}: not a readable Word .docx file: {why}")


def open_docx(path: Path) -> Any:
    """The Word document at `path`, checked before python-docx opens it (`core.docx_input`, as the
    office's reference document is); a one-line usage error for anything that is not a readable .docx."""
    from docx import Document  # noqa: PLC0415 - python-docx (lxml) only when a Word file is read

    if path.suffix.lower() != ".docx":
        raise UsageError(f"{path}: not a Word .docx file (save it as .docx first)")
    try:
        data = read_docx(path)
    except DocxRefused as exc:
        if str(exc) == "no such file":
            raise UsageError(f"{path}: no such file") from None
        raise _refused(path, str(exc)) from None
    try:
        return Document(io.BytesIO(data))
    except python_docx_errors() as exc:
        raise _refused(path, f"python-docx: {type(exc).__name__}: {exc}") from None


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
    try:
        count = stamp(document)
        buffer = io.BytesIO()
        document.save(buffer)
    except python_docx_errors() as exc:  # a value python-docx does not expect, deep in a sound package
        raise _refused(path, f"python-docx: {type(exc).__name__}: {exc}") from None
    return buffer.getvalue(), count
