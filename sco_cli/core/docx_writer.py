"""Markdown -> Word, in one pass over markdown-it-py's tokens, writing WordprocessingML directly.

The package every document starts from (the office's `reference_docx`, or python-docx's default
template) is prepared once per process and banner: its body text is dropped, missing styles are
copied in from python-docx's default template, the marking banner goes at the top of every header
and the bottom of every footer with "Page X of Y" (Word fields) above it, and every part is
compressed once. A document then costs its own `word/document.xml` (plus `docProps/core.xml`, and
`word/numbering.xml` when it restarts numbered lists): no python-docx object per document, no row
looked up by index (python-docx rebuilds its row list on each lookup), memory flat however many
documents a process writes.

Markdown understood (CommonMark plus tables): `#` Title, `##`..`######` Heading 1 to 5, paragraphs,
**bold**, *italic*, `code`, links (their text, underlined), hard line breaks, bullet and numbered
lists (nested, numbering restarting with each list), block quotes (Quote style), code blocks
(monospace), `---` (a rule above the next paragraph), tables (first row the header, repeated on
each page), and two comments on a line of their own: `<!-- pagebreak -->` (the next block starts a
new page) and `<!-- landscape -->` (the document is laid out landscape). Other HTML is printed as
text."""

from __future__ import annotations

import copy
import functools
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token

from sco_cli.core.errors import UsageError
from sco_cli.core.markup import clean_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"


_NSMAP = {"w": W_NS}


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


P, R, T, BR, TAB = _w("p"), _w("r"), _w("t"), _w("br"), _w("tab")
PPR, RPR, PSTYLE, VAL = _w("pPr"), _w("rPr"), _w("pStyle"), _w("val")
SPACE = f"{{{XML_NS}}}space"
SECTPR = _w("sectPr")

MAX_REFERENCE_BYTES = 20 * 1024 * 1024
MAX_REFERENCE_EXPANDED = 100 * 1024 * 1024
MAX_REFERENCE_MEMBERS = 1000

STYLE_NAMES = (
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "Heading 5",
    "List Bullet",
    "List Bullet 2",
    "List Bullet 3",
    "List Number",
    "List Number 2",
    "List Number 3",
    "List Continue",
    "List Continue 2",
    "List Continue 3",
    "Quote",
    "Table Grid",
)
"""Styles the walker uses; a reference document without one gets python-docx's."""

MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": None,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "a Word template (.dotx), not a document: open it in Word and save it as a .docx"
    ),
    "application/vnd.ms-word.document.macroEnabled.main+xml": (
        "a macro-enabled document (.docm): save it as a .docx without macros"
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": (
        "a macro-enabled Word template (.dotm): save it as a .docx"
    ),
}


# --- the reference document -------------------------------------------------------------------------


def check_reference(path: Path, shown: str) -> None:
    """Refuse a reference document python-docx cannot safely open, before opening it: size, ZIP
    structure, member count and expanded size (a ZIP bomb), the main part's content type, CRCs."""

    def refuse(why: str) -> UsageError:
        return UsageError(f"sco.yaml reference_docx: {shown}: {why}")

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise refuse(f"cannot read it ({exc.strerror})") from None
    if not path.is_file():
        raise refuse("not a file")
    if size == 0:
        raise refuse("the file is empty")
    if size > MAX_REFERENCE_BYTES:
        raise refuse(f"{size / 2**20:.1f} MiB is larger than the {MAX_REFERENCE_BYTES // 2**20} MiB a letterhead needs")
    try:
        with path.open("rb") as stream:
            if stream.read(4) != b"PK\x03\x04":
                raise refuse("not a Word .docx file (a .docx is a ZIP archive; this is not one)")
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_REFERENCE_MEMBERS:
                raise refuse(f"{len(members)} parts in the archive; a .docx has a few dozen")
            expanded = sum(member.file_size for member in members)
            if expanded > MAX_REFERENCE_EXPANDED:
                raise refuse(
                    f"it would expand to {expanded / 2**20:,.0f} MiB (a ZIP bomb?); "
                    f"the limit is {MAX_REFERENCE_EXPANDED // 2**20} MiB"
                )
            names = {member.filename for member in members}
            if "[Content_Types].xml" not in names:
                raise refuse("a ZIP archive but not a Word document (no [Content_Types].xml)")
            types = _safe_xml(archive.read("[Content_Types].xml"), "[Content_Types].xml", refuse)
            overrides = [(e.get("PartName") or "", e.get("ContentType") or "") for e in types]
            main = [(name, kind) for name, kind in overrides if kind in MAIN_TYPES]
            if not main:
                other = next((kind for _, kind in overrides if kind.endswith(".main+xml")), None)
                raise refuse(f"not a Word document (its main part is {other})" if other else "not a Word document")
            part, content_type = main[0]
            why = MAIN_TYPES.get(content_type, f"an unknown main part type {content_type}")
            if why:
                raise refuse(why)
            if part.lstrip("/") not in names:
                raise refuse(f"the main part {part} is missing (a truncated file?)")
            damaged = archive.testzip()
            if damaged is not None:
                raise refuse(f"the part {damaged} is damaged (a truncated or altered file?)")
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    _safe_xml(archive.read(member.filename), member.filename, refuse)
    except zipfile.BadZipFile as exc:
        raise refuse(f"a damaged ZIP archive ({exc}); a truncated download?") from None
    except (OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
        raise refuse(f"cannot read the archive ({exc})") from None


def _safe_xml(data: bytes, name: str, refuse: Any) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise refuse(f"broken XML in {name} ({exc})") from None


@dataclass
class Base:
    """A prepared package: every part compressed once, plus what the walker needs to know."""

    entries: list[tuple[str, tuple[int, bytes, int] | None]]
    head: bytes
    """word/document.xml up to where the body's content goes (before the final section properties)."""
    tails: tuple[bytes, bytes]
    """The rest of word/document.xml: portrait (as the reference has it) and landscape."""
    numbering_xml: bytes | None
    styles: dict[str, str]
    list_numbers: dict[str, str]
    """List Number style id -> its abstractNumId (to restart numbering per list)."""
    page_width: int
    page_height: int
    text_width: int
    margins: tuple[int, int]


@functools.lru_cache(maxsize=8)
def prepared(
    reference: str | None, stamp: tuple[int, int], banner: str, shown: str = "", designation: tuple[str, ...] = ()
) -> Base:
    """The package for (reference document, its mtime and size, banner, designation block), built once
    per process. The first page gets its own header and footer (a copy of the others, letterhead and
    images included, unless the reference has its own): its footer carries the designation block."""
    from docx import Document  # noqa: PLC0415 - python-docx (lxml) only for Word output

    if reference:
        check_reference(Path(reference), shown or reference)
    try:
        document = Document(reference) if reference else Document()
    except Exception as exc:  # python-docx raises many types for a bad package
        raise UsageError(f"sco.yaml reference_docx: {shown or reference}: python-docx cannot open it ({exc})") from None
    body = document.element.body
    for element in list(body):
        if element.tag != SECTPR:
            body.remove(element)
    _import_styles(document)
    first = document.sections[0]
    if designation and not first.different_first_page_header_footer:
        _copy_story(first.header, first.first_page_header)
        _copy_story(first.footer, first.first_page_footer)
        first.different_first_page_header_footer = True
    for index, section in enumerate(document.sections):
        for header in _headers(document, section, "header"):
            _banner_first(header, banner)
        first_page = index == 0 and section.different_first_page_header_footer
        for position, footer in enumerate(_headers(document, section, "footer")):
            _page_and_banner_last(footer, banner, designation if first_page and position == 0 else ())
    document.core_properties.author = "sco"
    styles: dict[str, str] = {}
    for style in document.styles:
        try:
            styles.setdefault(style.name, style.style_id)
        except (AttributeError, KeyError):
            continue
    buffer = io.BytesIO()
    document.save(buffer)
    return _base_from_package(buffer.getvalue(), styles)


def _headers(document: Any, section: Any, kind: str) -> list[Any]:
    """The section's headers (or footers): the first-page one first when it has one."""
    parts = [getattr(section, kind)]
    if section.different_first_page_header_footer:
        parts.insert(0, getattr(section, f"first_page_{kind}"))
    if document.settings.odd_and_even_pages_header_footer:
        parts.append(getattr(section, f"even_page_{kind}"))
    return parts


_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _copy_story(source: Any, target: Any) -> None:
    """A header or footer's content into another part, with the relationships its images and links use."""
    renamed = {}
    for key, relationship in source.part.rels.items():
        if relationship.is_external:
            renamed[key] = target.part.relate_to(relationship.target_ref, relationship.reltype, is_external=True)
        else:
            renamed[key] = target.part.relate_to(relationship.target_part, relationship.reltype)
    element = target._element
    for child in list(element):
        element.remove(child)
    for child in source._element:
        copied = copy.deepcopy(child)
        for node in copied.iter():
            for name, value in node.attrib.items():
                if name.startswith(_R_NS) and value in renamed:
                    node.set(name, renamed[value])
        element.append(copied)


def _banner_paragraph(text: str) -> Any:
    paragraph = etree.Element(P, nsmap=_NSMAP)
    ppr = etree.SubElement(paragraph, PPR)
    etree.SubElement(ppr, _w("jc")).set(VAL, "center")
    run = etree.SubElement(paragraph, R)
    etree.SubElement(etree.SubElement(run, RPR), _w("b"))
    _text(run, text)
    return paragraph


def _banner_first(header: Any, banner: str) -> None:
    element = header._element
    paragraphs = element.findall(P)
    if len(paragraphs) == 1 and not "".join(paragraphs[0].itertext()).strip() and len(element) == 1:
        element.remove(paragraphs[0])  # python-docx's default empty paragraph: replaced, not kept empty
    element.insert(0, _banner_paragraph(banner))


def _page_and_banner_last(footer: Any, banner: str, designation: tuple[str, ...] = ()) -> None:
    element = footer._element
    paragraphs = element.findall(P)
    if len(paragraphs) == 1 and not "".join(paragraphs[0].itertext()).strip() and len(element) == 1:
        element.remove(paragraphs[0])
    if designation:
        element.append(_designation(designation))
    page = etree.SubElement(element, P)
    ppr = etree.SubElement(page, PPR)
    etree.SubElement(ppr, _w("jc")).set(VAL, "center")
    _text(etree.SubElement(page, R), "Page ")
    _field(page, "PAGE", "1")
    _text(etree.SubElement(page, R), " of ")
    _field(page, "NUMPAGES", "1")
    element.append(_banner_paragraph(banner))


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    begin = etree.SubElement(paragraph, R)
    etree.SubElement(begin, _w("fldChar")).set(_w("fldCharType"), "begin")
    code = etree.SubElement(etree.SubElement(paragraph, R), _w("instrText"))
    code.set(SPACE, "preserve")
    code.text = f" {instruction} "
    etree.SubElement(etree.SubElement(paragraph, R), _w("fldChar")).set(_w("fldCharType"), "separate")
    _text(etree.SubElement(paragraph, R), shown)
    etree.SubElement(etree.SubElement(paragraph, R), _w("fldChar")).set(_w("fldCharType"), "end")


@functools.cache
def _default_styles() -> tuple[Any, Any]:
    from docx import Document  # noqa: PLC0415 - python-docx (lxml) only for Word output

    default = Document()
    return default.styles.element, default.part.numbering_part.element


def _import_styles(document: Any) -> None:
    """Copy the styles the walker uses from python-docx's default template when the reference lacks
    them (a letterhead saved by Word holds only the styles it uses), with their list numbering."""
    styles = document.styles
    present = set()
    for style in styles:
        try:
            present.add(style.name)
        except (AttributeError, KeyError):
            continue
    missing = [name for name in STYLE_NAMES if name not in present]
    if not missing:
        return
    source_styles, source_numbering = _default_styles()
    target = styles.element
    ids = {element.get(_w("styleId")) for element in target.findall(_w("style"))}

    def copy_style(style_id: str) -> None:
        if style_id in ids:
            return
        found = source_styles.get_by_id(style_id)
        if found is None:
            return
        element = copy.deepcopy(found)
        ids.add(style_id)
        target.append(element)
        for link in ("basedOn", "link", "next"):
            reference = element.find(_w(link))
            if reference is not None:
                copy_style(reference.get(VAL))
        number = element.find(f"{PPR}/{_w('numPr')}/{_w('numId')}")
        if number is not None:
            number.set(VAL, _copy_numbering(document, source_numbering, number.get(VAL)))

    for name in missing:
        source = source_styles.get_by_name(name)
        if source is None:
            source = source_styles.get_by_name(name.lower())
        if source is not None:
            copy_style(source.get(_w("styleId")))


def _copy_numbering(document: Any, source: Any, num_id: str) -> str:
    target = document.part.numbering_part.element
    num = next((n for n in source.findall(_w("num")) if n.get(_w("numId")) == num_id), None)
    if num is None:
        return num_id
    abstract_id = num.find(_w("abstractNumId")).get(VAL)
    abstract = next(a for a in source.findall(_w("abstractNum")) if a.get(_w("abstractNumId")) == abstract_id)
    abstracts = target.findall(_w("abstractNum"))
    new_abstract = str(1 + max((int(a.get(_w("abstractNumId"))) for a in abstracts), default=-1))
    new_num = str(1 + max((int(n.get(_w("numId"))) for n in target.findall(_w("num"))), default=0))
    abstract_copy = copy.deepcopy(abstract)
    abstract_copy.set(_w("abstractNumId"), new_abstract)
    for style_link in abstract_copy.iter(_w("pStyle")):  # the level's own style link stays valid
        style_link.getparent().remove(style_link)
    existing = target.findall(_w("abstractNum"))
    if existing:
        existing[-1].addnext(abstract_copy)
    else:
        target.insert(0, abstract_copy)
    num_copy = etree.SubElement(target, _w("num"))
    num_copy.set(_w("numId"), new_num)
    etree.SubElement(num_copy, _w("abstractNumId")).set(VAL, new_abstract)
    cleanup = target.find(_w("numIdMacAtCleanup"))
    if cleanup is not None:
        target.remove(cleanup)
        target.append(cleanup)
    return new_num


_DYNAMIC = ("word/document.xml", "docProps/core.xml", "word/numbering.xml")


def _compress(data: bytes) -> tuple[int, bytes, int]:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return zlib.crc32(data), packer.compress(data) + packer.flush(), len(data)


def _base_from_package(package: bytes, styles: dict[str, str]) -> Base:
    entries: list[tuple[str, tuple[int, bytes, int] | None]] = []
    document_xml = b""
    numbering_xml = None
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for member in archive.infolist():
            data = archive.read(member.filename)
            if member.filename == "word/document.xml":
                document_xml = data
            elif member.filename == "word/numbering.xml":
                numbering_xml = data
            entries.append((member.filename, None if member.filename in _DYNAMIC else _compress(data)))
        if "docProps/core.xml" not in archive.namelist():
            entries.append(("docProps/core.xml", None))
    list_numbers: dict[str, str] = {}
    if numbering_xml is not None:
        numbering = etree.fromstring(numbering_xml)
        abstract_of = {n.get(_w("numId")): n.find(_w("abstractNumId")).get(VAL) for n in numbering.findall(_w("num"))}
        root_styles = _style_numbers(package)
        for style_id, num_id in root_styles.items():
            if num_id in abstract_of:
                list_numbers[style_id] = abstract_of[num_id]
    root = etree.fromstring(document_xml)
    if root.nsmap.get("w") != W_NS:
        raise UsageError("sco.yaml reference_docx: its main part does not use the usual `w:` XML prefix")
    body = root.find(_w("body"))
    section = body.find(SECTPR) if body is not None else None
    head, tail = _split_body(document_xml)
    if section is not None:
        _landscape(section)
        turned = _split_body(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))[1]
        _portrait_again(section)
    else:
        turned = tail
    width, height, left, right = 12240, 15840, 1440, 1440
    if section is not None:
        size = section.find(_w("pgSz"))
        margin = section.find(_w("pgMar"))
        if size is not None:
            width, height = int(size.get(_w("w"), width)), int(size.get(_w("h"), height))
        if margin is not None:
            left, right = int(margin.get(_w("left"), left)), int(margin.get(_w("right"), right))
    return Base(
        entries,
        head,
        (tail, turned),
        numbering_xml,
        styles,
        list_numbers,
        width,
        height,
        width - left - right,
        (left, right),
    )


def _split_body(document_xml: bytes) -> tuple[bytes, bytes]:
    """The document split where the body's content goes: before the body's own final `w:sectPr`
    (a direct child of `w:body`, so the last one), or before `</w:body>`."""
    end = document_xml.rindex(b"</w:body>")
    section = document_xml.rfind(b"<w:sectPr", 0, end)
    cut = section if section != -1 else end
    return document_xml[:cut], document_xml[cut:]


def _style_numbers(package: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        root = etree.fromstring(archive.read("word/styles.xml"))
    found = {}
    for style in root.findall(_w("style")):
        number = style.find(f"{PPR}/{_w('numPr')}/{_w('numId')}")
        if number is not None:
            found[style.get(_w("styleId"))] = number.get(VAL)
    return found


# --- the package ------------------------------------------------------------------------------------

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01: the same bytes for the same document


def _zip(entries: list[tuple[str, tuple[int, bytes, int]]]) -> bytes:
    out = io.BytesIO()
    central = []
    for name, (crc, data, size) in entries:
        encoded = name.encode("utf-8")
        offset = out.tell()
        header = (0x04034B50, 20, 0, 8, 0, _DOS_DATE, crc, len(data), size, len(encoded), 0)
        out.write(struct.pack("<IHHHHHIIIHH", *header))
        out.write(encoded)
        out.write(data)
        entry = (0x02014B50, 20, 20, 0, 8, 0, _DOS_DATE, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, offset)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", *entry) + encoded)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0))
    return out.getvalue()


def _core_xml(title: str, created: date) -> bytes:
    stamp = f"{created.isoformat()}T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_escape(clean_text(title))}</dc:title><dc:creator>sco</dc:creator>"
        "<cp:lastModifiedBy>sco</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


# --- the walker -------------------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    """A table row's cells: split on pipes that are not escaped, enclosing pipes dropped."""
    line = line.strip(" \t")
    cells = line.split("|") if "\\" not in line else escapedSplit(line)
    if cells and cells[0].strip(" \t") == "":
        cells.pop(0)
    if cells and cells[-1].strip(" \t") == "":
        cells.pop()
    return [cell.strip(" \t") for cell in cells]


def _code_block(state: StateBlock, line: int) -> bool:
    return bool(state.sCount[line] - state.blkIndent >= 4)


_ALIGN = re.compile(r"^:?-+:?$")


def _table_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """GFM tables (markdown-it-py's own rule, rewritten) emitting one `sco_row` token per row with its
    cells' source, instead of five tokens per cell: a 10,000-row table costs 10,000 tokens."""
    if start + 2 > end:
        return False
    second = start + 1
    if state.sCount[second] < state.blkIndent or _code_block(state, second):
        return False
    delimiter = state.src[state.bMarks[second] + state.tShift[second] : state.eMarks[second]]
    if not delimiter or delimiter[0] not in "|-:" or (delimiter[0] == "-" and delimiter[1:2] in (" ", "\t")):
        return False
    if len(delimiter) < 2 or any(ch not in "|-: \t" for ch in delimiter):
        return False
    columns = delimiter.split("|")
    aligns = []
    for index, column in enumerate(columns):
        text = column.strip(" \t")
        if not text:
            if index in (0, len(columns) - 1):
                continue
            return False
        if not _ALIGN.match(text):
            return False
        aligns.append(("center" if text[0] == ":" else "right") if text[-1] == ":" else "")
    header = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]].strip(" \t")
    if "|" not in header or _code_block(state, start):
        return False
    names = _cells(header)
    if not names or len(names) != len(aligns):
        return False
    if silent:
        return True
    parent = state.parentType
    state.parentType = "table"
    terminators = state.md.block.ruler.getRules("blockquote")
    token = state.push("table_open", "table", 1)
    token.map = lines = [start, 0]
    token.meta = {"columns": len(aligns), "aligns": aligns}
    if any(name.strip() for name in names):  # `| | |` heads a table of labels and values: no header row
        state.push("sco_row", "tr", 0).meta = {"cells": names, "header": True}
    line = start + 2
    while line < end:
        if state.sCount[line] < state.blkIndent or any(rule(state, line, end, True) for rule in terminators):
            break
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].strip(" \t")
        if not text or _code_block(state, line):
            break
        state.push("sco_row", "tr", 0).meta = {"cells": _cells(text), "header": False}
        line += 1
    state.push("table_close", "table", -1)
    lines[1] = line
    state.parentType = parent
    state.line = line
    return True


_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
_BLOCKS = MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")
_BLOCKS.block.ruler.at("table", _table_rule, {"alt": ["paragraph", "reference"]})
_W_DECLARATION = f' xmlns:w="{W_NS}"'


def _fragment(element: Any) -> str:
    """An element as text for the document's body (whose root already declares the `w:` prefix)."""
    text: str = etree.tostring(element, encoding="unicode")
    return text.replace(_W_DECLARATION, "", 1)


"""Blocks only: the inline content of each block is parsed when it holds markup (`_children`), so a
table of 100,000 plain cells is not 100,000 inline parses."""
_COMMENT = re.compile(r"^\s*<!--\s*(.*?)\s*-->\s*$", re.S)
_MARKUP = re.compile(r"[\\`*_\[\]<>&!~]|  \n")


def parse(markdown: str, env: dict[str, Any] | None = None) -> list[Token]:
    return _BLOCKS.parse(markdown, env if env is not None else {})


def _children(inline: Token, env: dict[str, Any]) -> list[Token] | None:
    """The inline tokens of a block, or None when its content is plain text (soft breaks aside)."""
    if _MARKUP.search(inline.content) is None:
        return None
    parsed = _PARSER.parseInline(inline.content, env)
    return parsed[0].children or [] if parsed else []


def _text(run: Any, text: str) -> None:
    element = etree.SubElement(run, T)
    element.text = clean_text(text)
    if text[:1].isspace() or text[-1:].isspace():
        element.set(SPACE, "preserve")


@dataclass
class _List:
    ordered: bool
    start: int
    num_id: str | None = None
    first_paragraph: bool = False


@dataclass
class _Table:
    columns: int
    aligns: list[str]
    rows: list[str] = field(default_factory=list)
    longest: list[int] = field(default_factory=list)
    words: list[int] = field(default_factory=list)


class _Writer:
    def __init__(self, base: Base):
        self.base = base
        self.out: list[str] = []
        self.lists: list[_List] = []
        self.quote = 0
        self.table: _Table | None = None
        self.page_break = False
        self.rule = False
        self.landscape = False
        self.numbering: Any = None
        self.next_num = 0
        self.size: str | None = None
        self.after_table = False
        self.env: dict[str, Any] = {}

    # blocks ------------------------------------------------------------------------------------

    def place(self, element: Any) -> None:
        self.out.append(_fragment(element))

    def paragraph(self, style: str | None = None, number: str | None = None, jc: str | None = None) -> Any:
        paragraph = etree.Element(P, nsmap=_NSMAP)
        properties = etree.SubElement(paragraph, PPR)
        style_id = self.base.styles.get(style) if style else None
        if style_id:
            etree.SubElement(properties, PSTYLE).set(VAL, style_id)
        if self.page_break and self.table is None:
            etree.SubElement(properties, _w("pageBreakBefore"))
            self.page_break = False
        if number:
            numbering = etree.SubElement(properties, _w("numPr"))
            etree.SubElement(numbering, _w("ilvl")).set(VAL, "0")
            etree.SubElement(numbering, _w("numId")).set(VAL, number)
        if self.rule and self.table is None:
            border = etree.SubElement(etree.SubElement(properties, _w("pBdr")), _w("top"))
            for key, value in (("val", "single"), ("sz", "6"), ("space", "6"), ("color", "auto")):
                border.set(_w(key), value)
            self.rule = False
        if self.after_table and not style_id:  # a little air between a table and the text after it
            etree.SubElement(properties, _w("spacing")).set(_w("before"), "160")
        self.after_table = False
        if style and not style_id and style.startswith("List"):  # no list style at all: indent by hand
            level = int(style[-1]) if style[-1].isdigit() else 1
            etree.SubElement(properties, _w("ind")).set(_w("left"), str(360 * level))
        if jc:
            etree.SubElement(properties, _w("jc")).set(VAL, jc)
        if not len(properties):
            paragraph.remove(properties)
        return paragraph

    def list_style(self) -> tuple[str, str | None, str]:
        """The style, number id and hand-made prefix of a list item's first paragraph."""
        current = self.lists[-1]
        level = min(len(self.lists), 3)
        suffix = "" if level == 1 else f" {level}"
        if not current.ordered:
            style = f"List Bullet{suffix}"
            return style, None, "" if style in self.base.styles else "\u2022 "
        style = f"List Number{suffix}"
        style_id = self.base.styles.get(style)
        if style_id and style_id in self.base.list_numbers:
            if current.num_id is None:
                current.num_id = self._restart(self.base.list_numbers[style_id], current.start)
            return style, current.num_id, ""
        current.start += 1
        return style, None, f"{current.start - 1}. "

    def _restart(self, abstract_id: str, start: int) -> str:
        if self.numbering is None:
            assert self.base.numbering_xml is not None
            self.numbering = etree.fromstring(self.base.numbering_xml)
            self.next_num = 1 + max(int(n.get(_w("numId"))) for n in self.numbering.findall(_w("num")))
        num_id = str(self.next_num)
        self.next_num += 1
        num = etree.Element(_w("num"), nsmap=_NSMAP)
        num.set(_w("numId"), num_id)
        etree.SubElement(num, _w("abstractNumId")).set(VAL, abstract_id)
        override = etree.SubElement(num, _w("lvlOverride"))
        override.set(_w("ilvl"), "0")
        etree.SubElement(override, _w("startOverride")).set(VAL, str(start))
        cleanup = self.numbering.find(_w("numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            self.numbering.append(num)
        return num_id

    def walk(self, tokens: list[Token]) -> None:
        index = 0
        count = len(tokens)
        while index < count:
            token = tokens[index]
            kind = token.type
            if kind == "inline":
                index += 1
                continue
            if kind == "heading_open":
                level = int(token.tag[1])
                style = "Title" if level == 1 else f"Heading {min(level - 1, 5)}"
                self.inline_block(tokens[index + 1], self.paragraph(style))
                index += 3
                continue
            if kind == "paragraph_open":
                self.block_paragraph(tokens[index + 1])
                index += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = int(token.attrs.get("start", 1) or 1) if token.attrs else 1
                self.lists.append(_List(kind == "ordered_list_open", start))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.lists[-1].first_paragraph = True
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote -= 1
            elif kind == "table_open":
                self.table_open(token.meta["columns"], token.meta["aligns"])
            elif kind == "sco_row":
                self.row(token.meta["cells"], token.meta["header"])
            elif kind == "table_close":
                self.table_close()
            elif kind == "hr":
                self.rule = True
            elif kind in ("code_block", "fence"):
                self.code(token.content)
            elif kind == "html_block":
                self.html_block(token.content)
            index += 1

    def block_paragraph(self, inline: Token) -> None:
        if not inline.content.strip():
            return
        prefix = ""
        number = None
        style: str | None = None
        if self.lists:
            current = self.lists[-1]
            if current.first_paragraph:
                style, number, prefix = self.list_style()
                current.first_paragraph = False
            else:
                level = min(len(self.lists), 3)
                style = "List Continue" + ("" if level == 1 else f" {level}")
        elif self.quote:
            style = "Quote"
        paragraph = self.paragraph(style, number)
        if prefix:
            _text(etree.SubElement(paragraph, R), prefix)
        self.inline_block(inline, paragraph)

    def inline_block(self, inline: Token, paragraph: Any, bold: bool = False) -> None:
        self.runs(paragraph, inline, bold)
        if len(paragraph) > (1 if paragraph.find(PPR) is not None else 0):
            self.place(paragraph)

    def runs(self, paragraph: Any, inline: Token, bold: bool = False) -> None:
        children = _children(inline, self.env)
        if children is None:
            if inline.content:
                self.run(paragraph, inline.content.replace("\n", " "), bold, False, False, False)
            return
        strong, emphasis, link = int(bold), 0, 0
        for child in children:
            kind = child.type
            if kind == "text" or kind == "html_inline":
                if child.content:
                    self.run(paragraph, child.content, strong > 0, emphasis > 0, False, link > 0)
            elif kind == "softbreak":
                self.run(paragraph, " ", strong > 0, emphasis > 0, False, link > 0)
            elif kind == "hardbreak":
                etree.SubElement(etree.SubElement(paragraph, R), BR)
            elif kind == "code_inline":
                self.run(paragraph, child.content, strong > 0, emphasis > 0, True, link > 0)
            elif kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                emphasis += 1
            elif kind == "em_close":
                emphasis -= 1
            elif kind == "link_open":
                link += 1
            elif kind == "link_close":
                link -= 1
            elif kind == "image":
                self.run(paragraph, child.content or "", strong > 0, emphasis > 0, False, False)

    def run(self, paragraph: Any, text: str, bold: bool, italic: bool, code: bool, underline: bool) -> None:
        run = etree.SubElement(paragraph, R)
        size = self.size if self.table is not None else None
        if bold or italic or code or underline or size:
            properties = etree.SubElement(run, RPR)
            if code:
                fonts = etree.SubElement(properties, _w("rFonts"))
                fonts.set(_w("ascii"), "Courier New")
                fonts.set(_w("hAnsi"), "Courier New")
            if bold:
                etree.SubElement(properties, _w("b"))
            if italic:
                etree.SubElement(properties, _w("i"))
            if size:
                etree.SubElement(properties, _w("sz")).set(VAL, size)
            if underline:
                etree.SubElement(properties, _w("u")).set(VAL, "single")
        _text(run, text)

    def code(self, content: str) -> None:
        paragraph = self.paragraph()
        for number, line in enumerate(content.rstrip("\n").split("\n")):
            if number:
                etree.SubElement(etree.SubElement(paragraph, R), BR)
            if line:
                self.run(paragraph, line, False, False, True, False)
        if len(paragraph):
            self.place(paragraph)

    def html_block(self, content: str) -> None:
        comment = _COMMENT.match(content)
        if comment:
            word = comment.group(1).strip().lower()
            if word == "pagebreak":
                self.page_break = True
            elif word == "landscape":
                self.landscape = True
            return  # other comments are invisible in Markdown, and so in Word
        for line in content.strip("\n").split("\n"):
            if line.strip():
                paragraph = self.paragraph()
                self.run(paragraph, line, False, False, False, False)
                self.place(paragraph)

    # tables ------------------------------------------------------------------------------------

    def table_open(self, columns: int, aligns: list[str]) -> None:
        if self.page_break:
            self.out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
            self.page_break = False
        self.table = _Table(columns, aligns, longest=[1] * columns, words=[1] * columns)
        self.size = "18" if columns >= WIDE_TABLE else None  # a wide table: 9 pt text

    def row(self, cells: list[str], header: bool) -> None:
        """One row, written as WordprocessingML text (parsed once per table): a plain cell costs a string,
        a cell with markup goes through markdown-it's inline parser and the run writer."""
        table = self.table
        assert table is not None
        size = f'<w:sz w:val="{self.size}"/>' if self.size else ""
        properties = f"<w:rPr>{'<w:b/>' if header else ''}{size}</w:rPr>" if (header or size) else ""
        # a row is never split across two pages (a name cut from its label); the header row repeats
        parts = [
            "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        ]
        longest, words = table.longest, table.words
        for column in range(table.columns):
            content = cells[column] if column < len(cells) else ""
            align = table.aligns[column]
            parts.append(f'<w:tc><w:p><w:pPr><w:jc w:val="{align}"/></w:pPr>' if align else "<w:tc><w:p>")
            if content:
                bold = False
                if _MARKUP.search(content) is None:
                    text = xml_escape(clean_text(content))
                    parts.append(f'<w:r>{properties}<w:t xml:space="preserve">{text}</w:t></w:r>')
                else:
                    paragraph = etree.Element(P, nsmap=_NSMAP)
                    self.runs(paragraph, Token("inline", "", 0, content=content), header)
                    parts += [
                        etree.tostring(run, encoding="unicode").replace(_W_DECLARATION, "", 1) for run in paragraph
                    ]
                    bold = "**" in content or "__" in content
                    content = _EMPHASIS.sub("", content)  # measure what is printed: `**9**` is one digit wide
                length = len(content)
                word = _word_width(max(content.split(), key=len, default="") if " " in content else content)
                if header or bold:  # bold: a little wider
                    length, word = length * 6 // 5 + 1, word * 6 // 5 + 1
                longest[column] = max(longest[column], min(length, 60))
                words[column] = max(words[column], min(word, 30))
            parts.append("</w:p></w:tc>")
        parts.append("</w:tr>")
        table.rows.append("".join(parts))

    def table_close(self) -> None:
        table = self.table
        assert table is not None
        widths = column_widths(table.longest, table.words, self.text_width(), 110 if self.size else 130)
        self.size = None
        self.table = None
        style_id = self.base.styles.get("Table Grid")
        style = f'<w:tblStyle w:val="{xml_escape(style_id)}"/>' if style_id else ""
        borders = (
            ""
            if style_id
            else (
                "<w:tblBorders>"
                + "".join(f'<w:{side} w:val="single" w:sz="4"/>' for side in ("top", "left", "bottom", "right"))
                + '<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders>'
            )
        )
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        # Each cell states its width too: LibreOffice (and so PDF output) ignores the grid without it.
        cells = [f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>' for width in widths]
        rows = []
        for row in table.rows:
            head, *rest = row.split("<w:tc>")
            rows.append(head + "".join(cell + part for cell, part in zip(cells, rest, strict=True)))
        self.out.append(
            f'<w:tbl><w:tblPr>{style}<w:tblW w:w="5000" w:type="pct"/>{borders}'
            f'<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'
        )
        self.after_table = True

    def text_width(self) -> int:
        if self.landscape:
            return self.base.page_height - sum(self.base.margins)
        return self.base.text_width


_EMPHASIS = re.compile(r"[*_`\\]")

WIDE_TABLE = 7
"""Tables of this many columns or more are set in 9 pt."""


_GLYPH_WIDTHS = {
    **dict.fromkeys("ABCDEFGHJKLNOPQRSTUVXYZ", 1.3),
    **dict.fromkeys("MW", 1.6),
    **dict.fromkeys("mw%&@", 1.5),
    **dict.fromkeys("0123456789$#", 1.15),
    **dict.fromkeys(".,;:'!|()[]-/Iiljtf", 0.6),
}


def _word_width(word: str) -> int:
    """A word's printed width in average lower-case letters (serif faces, by glyph class), rounded up:
    a MASL, `D&C` or a dollar amount is wider than its length says, `(ITO)` narrower."""
    return max(1, -int(-sum(_GLYPH_WIDTHS.get(char, 1.0) for char in word) // 1))


def column_widths(longest: list[int], words: list[int], width: int, char: int) -> list[int]:
    """Column widths (twips) filling `width`: no column narrower than its longest word when the page
    allows it (a word that does not fit is split across lines; words are measured by `_word_width`), the
    rest shared by how much longer each column's longest cell is."""
    pad = 240
    minimum = [w * char + pad for w in words] or [width]
    desired = [max(n, w) * char + pad for n, w in zip(longest, words, strict=True)] or [width]
    if sum(desired) <= width:
        return [d * width // sum(desired) for d in desired]
    if sum(minimum) <= width:
        spare = width - sum(minimum)
        extra = [d - m for d, m in zip(desired, minimum, strict=True)]
        return [m + spare * e // (sum(extra) or 1) for m, e in zip(minimum, extra, strict=True)]
    return [max(300, m * width // sum(minimum)) for m in minimum]


def write(
    markdown: str,
    base: Base,
    title: str,
    created: date,
    preface: list[str],
) -> bytes:
    """A .docx: the preface lines, then the body, in the prepared package."""
    writer = _Writer(base)
    tokens = parse(markdown, writer.env)
    writer.landscape = any(t.type == "html_block" and t.content.strip() == "<!-- landscape -->" for t in tokens)
    for line in preface:
        paragraph = writer.paragraph()
        writer.run(paragraph, line, False, False, False, False)
        writer.place(paragraph)
    writer.walk(tokens)
    body = "".join(writer.out).encode("utf-8")
    dynamic = {
        "word/document.xml": base.head + body + base.tails[writer.landscape],
        "docProps/core.xml": _core_xml(title, created),
    }
    if base.numbering_xml is not None:
        dynamic["word/numbering.xml"] = (
            base.numbering_xml
            if writer.numbering is None
            else etree.tostring(writer.numbering, xml_declaration=True, encoding="UTF-8", standalone=True)
        )
    entries = [(name, packed if packed is not None else _compress(dynamic[name])) for name, packed in base.entries]
    return _zip(entries)


def _designation(lines: tuple[str, ...]) -> Any:
    """The CUI designation indicator: a bordered block at the right of the first page's footer (the
    lower right of the first page), 9 pt, one line per entry."""
    table = etree.Element(_w("tbl"), nsmap=_NSMAP)
    properties = etree.SubElement(table, _w("tblPr"))
    etree.SubElement(properties, _w("tblW")).attrib.update({_w("w"): "4320", _w("type"): "dxa"})
    etree.SubElement(properties, _w("jc")).set(VAL, "right")
    borders = etree.SubElement(properties, _w("tblBorders"))
    for side in ("top", "left", "bottom", "right"):
        etree.SubElement(borders, _w(side)).attrib.update({VAL: "single", _w("sz"): "4", _w("color"): "auto"})
    etree.SubElement(etree.SubElement(table, _w("tblGrid")), _w("gridCol")).set(_w("w"), "4320")
    cell = etree.SubElement(etree.SubElement(table, _w("tr")), _w("tc"))
    etree.SubElement(etree.SubElement(cell, _w("tcPr")), _w("tcW")).attrib.update({_w("w"): "4320", _w("type"): "dxa"})
    paragraph = etree.SubElement(cell, P)
    spacing = etree.SubElement(etree.SubElement(paragraph, PPR), _w("spacing"))
    spacing.attrib.update({_w("after"): "0", _w("line"): "240", _w("lineRule"): "auto"})
    for number, line in enumerate(lines):
        run = etree.SubElement(paragraph, R)
        etree.SubElement(etree.SubElement(run, RPR), _w("sz")).set(VAL, "18")
        if number:
            etree.SubElement(run, BR)
        _text(run, line)
    return table


def _portrait_again(section: Any) -> None:
    size = section.find(_w("pgSz"))
    if size is not None and size.get(_w("orient")) == "landscape":
        width, height = size.get(_w("w")), size.get(_w("h"))
        size.set(_w("w"), height)
        size.set(_w("h"), width)
        del size.attrib[_w("orient")]


def _landscape(section: Any) -> None:
    size = section.find(_w("pgSz"))
    if size is None:
        size = etree.SubElement(section, _w("pgSz"))
        size.set(_w("w"), "12240")
        size.set(_w("h"), "15840")
    width, height = size.get(_w("w")), size.get(_w("h"))
    if width and height and int(width) < int(height):
        size.set(_w("w"), height)
        size.set(_w("h"), width)
    size.set(_w("orient"), "landscape")
