"""The package every Word document starts from, prepared once per process and banner: the office's
`reference_docx` (checked by `docx_input`, as a translation to mark is), or the government-look reference sco ships
(`docx_house`). Its body text is dropped, missing styles are copied in from sco's reference, the marking banner goes at
the top of every header and the bottom of every footer with "Page X of Y" (Word fields) above it, the
CUI designation block in the first page's footer, and every part is compressed once. Also the
WordprocessingML names the writer (`docx_writer`) shares."""

from __future__ import annotations

import copy
import functools
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from lxml import etree

from sco_cli.core.docx_house import house_reference
from sco_cli.core.docx_input import DocxRefused, python_docx_errors, read_docx
from sco_cli.core.errors import UsageError
from sco_cli.core.markup import clean_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"


NSMAP = {"w": W_NS}


def wtag(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


P, R, T, BR, TAB = wtag("p"), wtag("r"), wtag("t"), wtag("br"), wtag("tab")
PPR, RPR, PSTYLE, VAL = wtag("pPr"), wtag("rPr"), wtag("pStyle"), wtag("val")
SPACE = f"{{{XML_NS}}}space"
SECTPR = wtag("sectPr")

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

    if not reference:
        return _prepared(house_reference(), banner, designation)

    def refuse(why: str) -> UsageError:
        return UsageError(f"sco.yaml reference_docx: {shown or reference}: {why}")

    try:
        data = read_docx(Path(reference))
    except DocxRefused as exc:
        raise refuse(str(exc)) from None
    try:
        return _prepared(Document(io.BytesIO(data)), banner, designation)
    except python_docx_errors() as exc:  # a value python-docx does not expect, deep in a part that is sound
        raise refuse(f"python-docx cannot read it ({type(exc).__name__}: {exc})") from None


def _prepared(document: Any, banner: str, designation: tuple[str, ...]) -> Base:
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
    paragraph = etree.Element(P, nsmap=NSMAP)
    ppr = etree.SubElement(paragraph, PPR)
    etree.SubElement(ppr, wtag("jc")).set(VAL, "center")
    run = etree.SubElement(paragraph, R)
    etree.SubElement(etree.SubElement(run, RPR), wtag("b"))
    set_text(run, text)
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
    etree.SubElement(ppr, wtag("jc")).set(VAL, "center")
    set_text(etree.SubElement(page, R), "Page ")
    _field(page, "PAGE", "1")
    set_text(etree.SubElement(page, R), " of ")
    _field(page, "NUMPAGES", "1")
    element.append(_banner_paragraph(banner))


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    begin = etree.SubElement(paragraph, R)
    etree.SubElement(begin, wtag("fldChar")).set(wtag("fldCharType"), "begin")
    code = etree.SubElement(etree.SubElement(paragraph, R), wtag("instrText"))
    code.set(SPACE, "preserve")
    code.text = f" {instruction} "
    etree.SubElement(etree.SubElement(paragraph, R), wtag("fldChar")).set(wtag("fldCharType"), "separate")
    set_text(etree.SubElement(paragraph, R), shown)
    etree.SubElement(etree.SubElement(paragraph, R), wtag("fldChar")).set(wtag("fldCharType"), "end")


@functools.cache
def _default_styles() -> tuple[Any, Any]:
    default = house_reference()
    return default.styles.element, default.part.numbering_part.element


def _import_styles(document: Any) -> None:
    """Copy the styles the walker uses from sco's own reference document when the reference lacks
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
    ids = {element.get(wtag("styleId")) for element in target.findall(wtag("style"))}

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
            reference = element.find(wtag(link))
            if reference is not None:
                copy_style(reference.get(VAL))
        number = element.find(f"{PPR}/{wtag('numPr')}/{wtag('numId')}")
        if number is not None:
            number.set(VAL, _copy_numbering(document, source_numbering, number.get(VAL)))

    for name in missing:
        source = source_styles.get_by_name(name)
        if source is None:
            source = source_styles.get_by_name(name.lower())
        if source is not None:
            copy_style(source.get(wtag("styleId")))


def _copy_numbering(document: Any, source: Any, num_id: str) -> str:
    target = document.part.numbering_part.element
    num = next((n for n in source.findall(wtag("num")) if n.get(wtag("numId")) == num_id), None)
    if num is None:
        return num_id
    abstract_id = num.find(wtag("abstractNumId")).get(VAL)
    abstract = next(a for a in source.findall(wtag("abstractNum")) if a.get(wtag("abstractNumId")) == abstract_id)
    abstracts = target.findall(wtag("abstractNum"))
    new_abstract = str(1 + max((int(a.get(wtag("abstractNumId"))) for a in abstracts), default=-1))
    new_num = str(1 + max((int(n.get(wtag("numId"))) for n in target.findall(wtag("num"))), default=0))
    abstract_copy = copy.deepcopy(abstract)
    abstract_copy.set(wtag("abstractNumId"), new_abstract)
    for style_link in abstract_copy.iter(wtag("pStyle")):  # the level's own style link stays valid
        style_link.getparent().remove(style_link)
    existing = target.findall(wtag("abstractNum"))
    if existing:
        existing[-1].addnext(abstract_copy)
    else:
        target.insert(0, abstract_copy)
    num_copy = etree.SubElement(target, wtag("num"))
    num_copy.set(wtag("numId"), new_num)
    etree.SubElement(num_copy, wtag("abstractNumId")).set(VAL, new_abstract)
    cleanup = target.find(wtag("numIdMacAtCleanup"))
    if cleanup is not None:
        target.remove(cleanup)
        target.append(cleanup)
    return new_num


_DYNAMIC = ("word/document.xml", "docProps/core.xml", "word/numbering.xml")


def compress(data: bytes) -> tuple[int, bytes, int]:
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
            entries.append((member.filename, None if member.filename in _DYNAMIC else compress(data)))
        if "docProps/core.xml" not in archive.namelist():
            entries.append(("docProps/core.xml", None))
    list_numbers: dict[str, str] = {}
    if numbering_xml is not None:
        numbering = etree.fromstring(numbering_xml)
        abstract_of = {
            n.get(wtag("numId")): n.find(wtag("abstractNumId")).get(VAL) for n in numbering.findall(wtag("num"))
        }
        root_styles = _style_numbers(package)
        for style_id, num_id in root_styles.items():
            if num_id in abstract_of:
                list_numbers[style_id] = abstract_of[num_id]
    root = etree.fromstring(document_xml)
    if root.nsmap.get("w") != W_NS:
        raise UsageError("sco.yaml reference_docx: its main part does not use the usual `w:` XML prefix")
    body = root.find(wtag("body"))
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
        size = section.find(wtag("pgSz"))
        margin = section.find(wtag("pgMar"))
        if size is not None:
            width, height = int(size.get(wtag("w"), width)), int(size.get(wtag("h"), height))
        if margin is not None:
            left, right = int(margin.get(wtag("left"), left)), int(margin.get(wtag("right"), right))
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
    for style in root.findall(wtag("style")):
        number = style.find(f"{PPR}/{wtag('numPr')}/{wtag('numId')}")
        if number is not None:
            found[style.get(wtag("styleId"))] = number.get(VAL)
    return found


_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01: the same bytes for the same document


def zip_package(entries: list[tuple[str, tuple[int, bytes, int]]]) -> bytes:
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


def core_xml(title: str, created: date) -> bytes:
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


def set_text(run: Any, text: str) -> None:
    element = etree.SubElement(run, T)
    element.text = clean_text(text)
    if text[:1].isspace() or text[-1:].isspace():
        element.set(SPACE, "preserve")


def _designation(lines: tuple[str, ...]) -> Any:
    """The CUI designation indicator: a bordered block at the right of the first page's footer (the
    lower right of the first page), 9 pt, one line per entry."""
    table = etree.Element(wtag("tbl"), nsmap=NSMAP)
    properties = etree.SubElement(table, wtag("tblPr"))
    etree.SubElement(properties, wtag("tblW")).attrib.update({wtag("w"): "4320", wtag("type"): "dxa"})
    etree.SubElement(properties, wtag("jc")).set(VAL, "right")
    borders = etree.SubElement(properties, wtag("tblBorders"))
    for side in ("top", "left", "bottom", "right"):
        etree.SubElement(borders, wtag(side)).attrib.update({VAL: "single", wtag("sz"): "4", wtag("color"): "auto"})
    etree.SubElement(etree.SubElement(table, wtag("tblGrid")), wtag("gridCol")).set(wtag("w"), "4320")
    cell = etree.SubElement(etree.SubElement(table, wtag("tr")), wtag("tc"))
    etree.SubElement(etree.SubElement(cell, wtag("tcPr")), wtag("tcW")).attrib.update(
        {wtag("w"): "4320", wtag("type"): "dxa"}
    )
    paragraph = etree.SubElement(cell, P)
    spacing = etree.SubElement(etree.SubElement(paragraph, PPR), wtag("spacing"))
    spacing.attrib.update({wtag("after"): "0", wtag("line"): "240", wtag("lineRule"): "auto"})
    for number, line in enumerate(lines):
        run = etree.SubElement(paragraph, R)
        etree.SubElement(etree.SubElement(run, RPR), wtag("sz")).set(VAL, "18")
        if number:
            etree.SubElement(run, BR)
        set_text(run, line)
    return table


def _portrait_again(section: Any) -> None:
    size = section.find(wtag("pgSz"))
    if size is not None and size.get(wtag("orient")) == "landscape":
        width, height = size.get(wtag("w")), size.get(wtag("h"))
        size.set(wtag("w"), height)
        size.set(wtag("h"), width)
        del size.attrib[wtag("orient")]


def _landscape(section: Any) -> None:
    size = section.find(wtag("pgSz"))
    if size is None:
        size = etree.SubElement(section, wtag("pgSz"))
        size.set(wtag("w"), "12240")
        size.set(wtag("h"), "15840")
    width, height = size.get(wtag("w")), size.get(wtag("h"))
    if width and height and int(width) < int(height):
        size.set(wtag("w"), height)
        size.set(wtag("h"), width)
    size.set(wtag("orient"), "landscape")
