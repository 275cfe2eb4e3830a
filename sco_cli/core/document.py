"""What a domain's document builder returns (`Document`: template, context, metadata, office) and the
parts it fills in (`DocumentMeta`, `signature`). Kept apart from the renderer (core/render.py), which
is imported only where a document is made: the rules that report what a document lacks import the
builders, and a check imports neither the renderer nor its Markdown helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sco_cli.core.cui import CuiChoice

if TYPE_CHECKING:
    from sco_cli.core.office import Office
    from sco_cli.core.results import FileResult


@dataclass
class DocumentMeta:
    title: str
    source: str
    generated: date
    marking: str = "CUI"
    draft: bool = False
    """The document is a draft (its blockers are in `gaps`)."""
    gaps: list[str] = field(default_factory=list)
    allow_draft: bool = False
    """`--draft` was given: required items found empty while rendering make a DRAFT, not a refusal."""
    cui: CuiChoice = field(default_factory=CuiChoice)
    """The command line's CUI category and dissemination control (`--cui-category`, `--dissemination`)."""

    @property
    def banner(self) -> str:
        return f"{self.marking} // DRAFT" if self.draft else self.marking

    @classmethod
    def of_file(
        cls, result: FileResult, title: str, day: date, gaps: list[str] | None = None, allow_draft: bool = False
    ) -> DocumentMeta:
        """A document made from one checked file: its path as the office folder shows it, the office's
        marking, and a draft exactly when something it needs is missing (`gaps`)."""
        from sco_cli.core.office import marking_of, shown_path  # noqa: PLC0415 - Pydantic only when a document is made

        gaps = gaps or []
        return cls(
            title=title,
            source=shown_path(result.path, result.office),
            generated=day,
            marking=marking_of(result.office),
            draft=bool(gaps),
            gaps=gaps,
            allow_draft=allow_draft,
        )


@dataclass(frozen=True)
class Document:
    """What a domain's document builder returns: the template, its context, the document's metadata
    (title, source, marking, gaps) and the office whose templates and reference document shape it."""

    template: str
    context: dict[str, Any]
    meta: DocumentMeta
    office: Office | None


def signature(
    name: str | None,
    title: str | None,
    organization: str | None,
    signed: object = None,
    missing: str = "the signer",
    above: str = "",
) -> dict[str, Any]:
    """The `signature` a document someone signs gives `_signature.md.j2`: `above` ("For the Country
    Team:"), the signer's name (a gap named `missing` when none is recorded), title and organization
    (each printed once: a title that already names the organization keeps it), and the date signed (a
    line to write it on when empty)."""
    if organization and title and organization.split(",")[0].strip() in title:
        organization = organization.split(",", 1)[1].strip() if "," in organization else None
    return {
        "above": above,
        "name": name,
        "title": title,
        "organization": organization,
        "date": signed,
        "missing": missing,
    }
