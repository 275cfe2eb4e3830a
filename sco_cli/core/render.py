"""The one document renderer: a Jinja2 template writes Markdown; the same Markdown becomes the .md
output, or is parsed by markdown-it-py and written as a Word document (`docx_writer`); a Word
document becomes a PDF with LibreOffice (`pdf`).

Every document, whatever its template, carries what the renderer adds, so an office's own template
cannot forget it: the marking banner at the top and bottom of every page (`CUI`, or the office's
`marking`; `... // DRAFT` for a draft), the CUI designation indicator on the first page (DoD CUI
marking: controlled by, category, distribution/dissemination control, POC), "Page X of Y" in Word,
the date it was generated and the file it came from (a small line at the end). Markdown output
carries the same as text lines.

A template marks a required item with `gap("what is missing")` when it is empty. With `--draft`
the document is written with `[GAP: ...]` there and marked DRAFT; without it nothing is written and
the command refuses, naming every gap (`Incomplete`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sco_cli.core.cui import (
    DESIGNATION_LINES,
    addressee_refusal,
    designation_missing,
    designation_of,
    document_name,
)
from sco_cli.core.document import DocumentMeta
from sco_cli.core.errors import Refusal, UsageError
from sco_cli.core.markup import Raw, md_escape, without_caveats
from sco_cli.core.output import resource_dir

if TYPE_CHECKING:
    from sco_cli.core import templating
    from sco_cli.core.office import Office

# Jinja2, lxml and markdown-it are imported by the functions that render. What a builder returns
# (Document, DocumentMeta, signature) is core/document.py, which a check imports without this module.

FORMATS = ("docx", "md", "pdf")


class Incomplete(Refusal):
    """Required items are empty (in the file, or the office's CUI designation) and `--draft` was not
    given: nothing is written, and like any finding in the user's files it exits 1 with each gap named.
    Commands that name the file refused catch it; elsewhere the error handler prints the lines."""

    def __init__(self, gaps: list[str]):
        super().__init__(["no document written; missing (--draft marks each [GAP]):", *(f"    {gap}" for gap in gaps)])
        self.gaps = gaps


@dataclass
class Rendered:
    data: bytes
    draft: bool
    gaps: list[str]


class _Gaps:
    """`gap(...)` in templates: records the gap and prints its marker."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def gap(self, what: object) -> Raw:
        text = " ".join(str(what).split()) or "missing"
        if text not in self.found:
            self.found.append(text)
        return Raw(f"**[GAP: {md_escape(without_caveats(text))}]**")


def office_templates_dir(office: Office | None) -> Path | None:
    if office is None or not office.templates:
        return None
    folder = office.templates
    path = (office.base_dir / folder).resolve()
    if not path.is_dir():
        raise UsageError(f"sco.yaml templates: {folder}: no such folder")
    return path


def builtin_templates_dir() -> Path:
    return resource_dir("templates")


@functools.cache
def _environment(office_dir: Path | None) -> templating.LimitedEnvironment:
    """One environment per template folder, so each template is compiled once per run."""
    from sco_cli.core import templating  # noqa: PLC0415 - Jinja2 only when rendering

    return templating.environment([*([office_dir] if office_dir else []), builtin_templates_dir()])


def render_markdown(
    template: str,
    context: dict[str, Any],
    meta: DocumentMeta,
    office: Office | None = None,
    gaps: _Gaps | None = None,
    office_dir: Path | None = None,
) -> str:
    """The document body as Markdown, from the office's template of that name or the built-in one."""
    from sco_cli.core import templating  # noqa: PLC0415 - Jinja2 only when rendering

    office_dir = office_dir or office_templates_dir(office)
    recorder = gaps or _Gaps()
    try:
        # The budget inside the `try`: its deadline alarm may fire until the budget has ended.
        with templating.budget(office=office_dir is not None):
            loaded = _environment(office_dir).get_template(template)
            body = templating.render(loaded, {**context, "doc": meta, "gap": recorder.gap})
    except Exception as exc:
        raise _template_error(exc, office_dir, template) from None
    lines = [line.rstrip() for line in body.split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def _template_error(exc: Exception, office_dir: Path | None, template: str) -> Exception:
    """An office template's failure as `file:line: template error: ...` (exit 2); a built-in
    template's failure is a bug (exit 3) and goes on as it is."""
    from sco_cli.core import templating  # noqa: PLC0415 - Jinja2 only when rendering

    if office_dir is None:
        return exc
    path, line = templating.template_location(exc, office_dir / template)
    inside = path.resolve().is_relative_to(office_dir) if path.is_absolute() else False
    if not inside and not (office_dir / template).is_file():
        return exc
    if isinstance(exc, UnicodeDecodeError):
        line = templating.unicode_error_line(path)
    return UsageError(f"{path}:{line}: template error: {templating.describe(exc)}")


def designation(
    office: Office | None, meta: DocumentMeta, template: str = ""
) -> tuple[list[tuple[str, str | None]], list[str]]:
    """The CUI designation indicator (DoD CUI marking: lower right of the first page) as (label,
    value) lines, and the gaps in it; nothing for a marking that is not CUI. The lines are the
    document type's (`core.cui.designation_of`: command line, then `cui: documents:`, then the office).
    A document addressed outside the U.S. Government whose dissemination control excludes its
    addressee is refused: from the command line a usage error, from sco.yaml a refusal (exit 1) in
    the words `sco check` reports."""
    if not meta.marking.strip().upper().startswith("CUI"):
        return [], []
    name = document_name(template)
    chosen = designation_of(office, name, meta.cui)
    lines = [(label, getattr(chosen, key)) for label, key in DESIGNATION_LINES]
    gaps = designation_missing(chosen)
    reason = addressee_refusal(office, name, chosen.dissemination) if chosen.dissemination else None
    if reason and chosen.dissemination_set_by == "--dissemination":
        raise UsageError(f"--dissemination {chosen.dissemination}: {reason}")
    if reason:
        raise MarkingRefused(f"sco.yaml {chosen.dissemination_set_by}", reason)
    return lines, gaps


class MarkingRefused(Refusal):
    """The office's dissemination control for a document excludes the document's addressee: nothing is
    written (exit 1), and the reason is the one `sco check` gives for the office file."""

    def __init__(self, where: str, reason: str):
        super().__init__([f"{where}: {reason}"])
        self.where, self.reason = where, reason

    def __reduce__(self) -> tuple[type[MarkingRefused], tuple[str, str]]:  # a worker process raises it too
        return MarkingRefused, (self.where, self.reason)


def front_matter(meta: DocumentMeta) -> list[str]:
    """What goes above the body: for a draft only, the warning and its gaps (the reader must see it first)."""
    if meta.draft:
        gaps = "; ".join(without_caveats(gap) for gap in meta.gaps) if meta.gaps else "none"
        return ["DRAFT - not for release. Gaps: " + gaps]
    return []


def colophon(meta: DocumentMeta) -> str:
    """The line at the document's end, in small type: when and from which file sco made it. Not above the
    title, where a document the office wrote has its letterhead or subject."""
    return f"Generated {meta.generated.isoformat()} by sco from {meta.source}"


def _designation_text(lines: list[tuple[str, str | None]]) -> list[str]:
    return [f"{label}: {value}" if value else f"{label}: [GAP: not in sco.yaml cui:]" for label, value in lines]


def to_markdown(body: str, meta: DocumentMeta, designation_lines: list[str] | None = None) -> str:
    banner = f"**{md_escape(meta.banner)}**"
    blocks = [banner]
    if designation_lines:
        blocks.append("\\\n".join(md_escape(line) for line in designation_lines))
    blocks += [md_escape(line) for line in front_matter(meta)]
    return "\n\n".join([*blocks, body.strip(), md_escape(colophon(meta)), banner]) + "\n"


def reference_path(office: Office | None) -> tuple[Path | None, str]:
    if office is None or not office.reference_docx:
        return None, ""
    path = (office.base_dir / office.reference_docx).resolve()
    if not path.exists():
        raise UsageError(f"sco.yaml reference_docx: {office.reference_docx}: no such file")
    return path, office.reference_docx


def to_docx(
    body: str, meta: DocumentMeta, designation_lines: list[str] | None = None, office: Office | None = None
) -> bytes:
    from sco_cli.core import docx_package, docx_writer  # noqa: PLC0415 - lxml and markdown-it only for Word output

    reference, shown = reference_path(office)
    stamp = (0, 0)
    if reference is not None:
        try:
            status = reference.stat()
        except OSError as exc:
            raise UsageError(f"sco.yaml reference_docx: {shown}: cannot read it ({exc.strerror})") from None
        stamp = (status.st_mtime_ns, status.st_size)
    lines = tuple(designation_lines or ())
    base = docx_package.prepared(str(reference) if reference else None, stamp, meta.banner, shown, lines)
    return docx_writer.write(body, base, meta.title, meta.generated, front_matter(meta), colophon(meta))


def render(
    template: str,
    context: dict[str, Any],
    meta: DocumentMeta,
    fmt: str,
    office: Office | None = None,
    templates_dir: Path | None = None,
) -> Rendered:
    """A finished document in `fmt` (md or docx): its bytes, whether it is a draft, its gaps.
    Raises `Incomplete` when a required item is empty and drafting is not allowed. `templates_dir`
    replaces the office's template folder (`sco templates check`)."""
    recorder = _Gaps()
    body = render_markdown(template, context, meta, office, recorder, templates_dir)
    lines, missing = designation(office, meta, template)
    gaps = list(dict.fromkeys([*meta.gaps, *recorder.found, *missing]))
    if gaps and not meta.allow_draft:
        raise Incomplete(gaps)
    final = replace(meta, draft=meta.draft or bool(gaps), gaps=gaps)
    text_lines = _designation_text(lines)
    if fmt == "md":
        return Rendered(to_markdown(body, final, text_lines).encode("utf-8"), final.draft, gaps)
    if fmt == "docx":
        return Rendered(to_docx(body, final, text_lines, office), final.draft, gaps)
    raise ValueError(f"render: unknown format {fmt}")  # pdf is converted from docx by the caller


def render_document(
    template: str, context: dict[str, Any], meta: DocumentMeta, fmt: str, office: Office | None = None
) -> bytes:
    """A finished document in `fmt` (md or docx) as bytes, ready for an atomic write."""
    return render(template, context, meta, fmt, office).data
