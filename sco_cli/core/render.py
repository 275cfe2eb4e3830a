"""The one document renderer: a Jinja2 template writes Markdown; the same Markdown becomes
the .md output or a Word document built with python-docx.

Every document, whatever its template, gets the office marking as a banner in its header and
footer, the date it was generated and the file it came from: the renderer adds them, so an
office's own template cannot forget them. Templates run in Jinja's sandbox with autoescaping
and StrictUndefined: a missing value is an error, never a silent blank.

The Markdown subset templates may use: `#`/`##`/`###` headings, paragraphs separated by blank
lines, `- ` bullets, `| a | b |` tables (first row is the header), and `**bold**`.
"""

from __future__ import annotations

import functools
import html
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from sco_cli.core.errors import UsageError
from sco_cli.core.output import resource_dir

if TYPE_CHECKING:
    from sco_cli.core.office import Office


@dataclass
class DocumentMeta:
    title: str
    source: str
    generated: date
    marking: str = "CUI"
    draft: bool = False
    gaps: list[str] = field(default_factory=list)

    @property
    def banner(self) -> str:
        return f"{self.marking} // DRAFT" if self.draft else self.marking


def office_templates_dir(office: Office | None) -> Path | None:
    if office is None or not office.templates:
        return None
    folder = office.templates
    path = (office.base_dir / folder).resolve()
    if not path.is_dir():
        raise UsageError(f"sco.yaml templates: {folder}: no such folder")
    return path


@functools.cache
def _environment(office_dir: Path | None) -> SandboxedEnvironment:
    """One environment per template folder, so each template is compiled once per run."""

    def markdown_safe(value: object) -> Markup:
        """Escape every value for Markdown tables as well as HTML: pipes would split a cell."""
        if isinstance(value, Markup):
            return value
        if value is None:
            return Markup("")
        text = str(escape(str(value).replace("\n", " ")))
        text = text.replace("&#39;", "'").replace("&#34;", '"')  # quotes are harmless in Markdown
        return Markup(text.replace("|", "&#124;").replace("*", "&#42;"))

    loaders = [FileSystemLoader(str(office_dir))] if office_dir else []
    loaders.append(FileSystemLoader(str(resource_dir("templates"))))
    return SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=markdown_safe,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_markdown(template: str, context: dict[str, Any], meta: DocumentMeta, office: Office | None = None) -> str:
    """The document body as Markdown, from the office's template of that name or the built-in one."""
    office_dir = office_templates_dir(office)
    environment = _environment(office_dir)
    try:
        body = environment.get_template(template).render(**context, doc=meta)
    except TemplateError as exc:
        origin = office_dir / template if office_dir and (office_dir / template).is_file() else None
        if origin is None:
            raise  # a built-in template is broken: a bug, exit 3
        line = getattr(exc, "lineno", None) or 1
        raise UsageError(f"{origin}:{line}: template error: {exc.message}") from None
    return re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"


def _front_matter(meta: DocumentMeta) -> list[str]:
    lines = [f"Generated {meta.generated.isoformat()} by sco from {meta.source}"]
    if meta.draft:
        lines.append("DRAFT - not for release. Gaps: " + ("; ".join(meta.gaps) if meta.gaps else "none"))
    return lines


def to_markdown(body: str, meta: DocumentMeta) -> str:
    banner = f"**{meta.banner}**"
    front = "\n\n".join(_front_matter(meta))
    return f"{banner}\n\n{front}\n\n{body}\n{banner}\n"


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _add_runs(paragraph: Any, text: str) -> None:
    """Plain and **bold** runs; entities from autoescaping become characters again."""
    position = 0
    for match in _BOLD.finditer(text):
        if match.start() > position:
            paragraph.add_run(html.unescape(text[position : match.start()]))
        paragraph.add_run(html.unescape(match.group(1))).bold = True
        position = match.end()
    if position < len(text):
        paragraph.add_run(html.unescape(text[position:]))


class _Styles:
    """Style ids resolved once per document. python-docx looks a style up by scanning every
    style on each assignment, which made styling most of the cost of a document; setting the
    resolved id on the paragraph or table element does the same thing directly."""

    _cache: ClassVar[dict[Path | None, dict[str, str]]] = {}

    def __init__(self, document: Any, base: Path | None):
        if base not in self._cache:
            ids = {}
            for style in document.styles:
                try:
                    ids[style.name] = style.style_id
                except (AttributeError, KeyError):
                    continue
            self._cache[base] = ids
        self.ids = self._cache[base]

    def paragraph(self, paragraph: Any, *names: str) -> Any:
        for name in names:
            if name in self.ids:
                paragraph._p.style = self.ids[name]
                return paragraph
        return paragraph

    def table(self, table: Any, name: str) -> Any:
        if name in self.ids:
            table._tbl.tblStyle_val = self.ids[name]
        return table


def _banner(paragraphs_owner: Any, text: str, first: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415 - python-docx (lxml) only for Word output

    existing = paragraphs_owner.paragraphs
    if first and existing and existing[0].text.strip():
        paragraph = existing[0].insert_paragraph_before("")
    elif first and existing:
        paragraph = existing[0]
    else:
        paragraph = paragraphs_owner.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = True


def to_docx(body: str, meta: DocumentMeta, reference_docx: Path | None = None) -> bytes:
    from docx import Document  # noqa: PLC0415 - python-docx (lxml) only for Word output

    document = Document(str(reference_docx)) if reference_docx else Document()
    if reference_docx:  # keep the letterhead, styles, header and footer; drop any body text
        for element in list(document.element.body):
            if not element.tag.endswith("}sectPr"):
                document.element.body.remove(element)
    for section in document.sections:
        _banner(section.header, meta.banner, first=True)
        _banner(section.footer, meta.banner, first=False)
    document.core_properties.title = meta.title
    document.core_properties.author = "sco"
    for line in _front_matter(meta):
        _add_runs(document.add_paragraph(), line)
    _markdown_into(document, body, reference_docx)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _markdown_into(document: Any, body: str, base: Path | None = None) -> None:
    styles = _Styles(document, base)
    lines = body.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        if not line.strip():
            index += 1
            continue
        heading = re.match(r"(#{1,3}) (.*)", line)
        if heading:
            level = len(heading.group(1))
            paragraph = styles.paragraph(document.add_paragraph(), "Title" if level == 1 else f"Heading {level - 1}")
            paragraph.add_run(html.unescape(heading.group(2)))
        elif line.startswith("- "):
            _add_runs(styles.paragraph(document.add_paragraph(), "List Bullet"), line[2:])
        elif line.startswith("|"):
            rows = []
            while index < len(lines) and lines[index].startswith("|"):
                if not re.fullmatch(r"\|[\s:|-]+\|?", lines[index].strip()):
                    rows.append(_cells(lines[index]))
                index += 1
            width = max(len(row) for row in rows)
            table = styles.table(document.add_table(rows=len(rows), cols=width), "Table Grid")
            for r, row in enumerate(rows):
                cells = table.rows[r].cells
                for c, text in enumerate(row):
                    _add_runs(cells[c].paragraphs[0], f"**{text}**" if r == 0 and text else text)
            continue
        else:
            _add_runs(document.add_paragraph(), line)
        index += 1


def render_document(
    template: str, context: dict[str, Any], meta: DocumentMeta, fmt: str, office: Office | None = None
) -> bytes:
    """A finished document in `fmt` (md or docx) as bytes, ready for an atomic write."""
    body = render_markdown(template, context, meta, office)
    if fmt == "md":
        return to_markdown(body, meta).encode("utf-8")
    reference = office.reference_docx if office is not None else None
    reference_path = None
    if office is not None and reference:
        reference_path = (office.base_dir / reference).resolve()
        if not reference_path.is_file():
            raise UsageError(f"sco.yaml reference_docx: {reference}: no such file")
    return to_docx(body, meta, reference_path)
