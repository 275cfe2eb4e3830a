"""Markdown -> Word, in one pass over markdown-it-py's tokens, writing WordprocessingML directly.

The package every document starts from is prepared once per process and banner (`docx_package`).
A document then costs its own `word/document.xml` (plus `docProps/core.xml`, and
`word/numbering.xml` when it restarts numbered lists): no python-docx object per document, no row
looked up by index (python-docx rebuilds its row list on each lookup), memory flat however many
documents a process writes.

Markdown understood (CommonMark plus tables): `#` Title, `##`..`######` Heading 1 to 5, paragraphs,
**bold**, *italic*, `code`, links (their text, underlined), hard line breaks, bullet and numbered
lists (nested, numbering restarting with each list), block quotes (Quote style), code blocks
(monospace), `---` (a rule above the next paragraph), tables (first row the header, repeated on
each page), and two comments on a line of their own: `<!-- pagebreak -->` (the next block starts a
new page), `<!-- landscape -->` (the document is laid out landscape), `<!-- signature -->` (the next
paragraph is a signature block: half an inch to sign above its line, its lines kept together) and
`<!-- form rows -->` (the next table's rows are at least 0.3 inch high, to write in by hand). Other
HTML is printed as text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token

from sco_cli.core.docx_package import (
    BR,
    NSMAP,
    PPR,
    PSTYLE,
    RPR,
    VAL,
    W_NS,
    Base,
    P,
    R,
    compress,
    core_xml,
    set_text,
    wtag,
    zip_package,
)
from sco_cli.core.markup import clean_text


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
_COMMENT = re.compile(r"^\s*<!--(.*?)-->\s*$", re.S)  # the text stripped after: `\s*(.*?)\s*` was quadratic
_MARKUP = re.compile(r"[\\`*_\[\]<>&!~]|  \n")


def parse(markdown: str, env: dict[str, Any] | None = None) -> list[Token]:
    return _BLOCKS.parse(markdown, env if env is not None else {})


def _children(inline: Token, env: dict[str, Any]) -> list[Token] | None:
    """The inline tokens of a block, or None when its content is plain text (soft breaks aside)."""
    if _MARKUP.search(inline.content) is None:
        return None
    text = _escaped_text(inline.content)
    if text is not None:
        return [Token("text", "", 0, content=text)] if text else []
    parsed = _PARSER.parseInline(inline.content, env)
    return parsed[0].children or [] if parsed else []


_NOT_AN_ESCAPE = re.compile(r"\\(?![!-/:-@\[-`{-~])")
"""A backslash before anything but an ASCII punctuation mark (once escaped backslashes are out)."""
_INLINE_OPENERS = "`*_[<&\n\r"
"""What may open an inline token other than text under `_PARSER`'s rules (code, emphasis, a link or
image, HTML or an autolink, an entity, a line break; `\\r` is a line end to its normaliser), besides
the backslash itself. An image's `!` opens nothing without a `[` after it."""


def _escaped_text(content: str) -> str | None:
    """What markdown-it reads from `content` when its only markup is backslash escapes, as `md_escape`
    writes them: one text, each escaping backslash removed. None when anything else may be markup.
    markdown-it spends a token on every escape and a call on every mark, so a value of 2,000,000 `<`
    (4,000,000 characters escaped) took 7 s and 800 MB in a Word document; this is three passes of C."""
    if "\x00" in content:
        return None  # the parser makes it U+FFFD; and it marks escaped backslashes below
    paired = content.replace("\\\\", "\x00")  # left to right, as the parser pairs them
    if _NOT_AN_ESCAPE.search(paired) or any(
        paired.count(opener) != paired.count("\\" + opener) for opener in _INLINE_OPENERS
    ):
        return None
    return paired.replace("\\", "").replace("\x00", "\\")


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
    header: tuple[str, ...] = ()
    """The header row's cells: tables of one document with the same header share their column widths."""
    form_rows: bool = False
    size: str | None = None
    width: int = 0
    """The text width the table spans (landscape pages are wider)."""

    @property
    def numbers(self) -> list[bool]:
        """Columns of figures: right-aligned (`--:`), as every template sets its amounts and counts."""
        return [align == "right" for align in self.aligns]


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
        self.signature = False
        """The next paragraph is a signature block: room above it to sign, its lines kept together."""
        self.form_rows = False
        """The next table is filled in by hand: its rows at least `FORM_ROW` high."""
        self.env: dict[str, Any] = {}
        self.tables: list[_Table] = []
        self.table_places: list[int] = []
        """Every table, in order; `out` holds each one's index until `body()` writes it with its widths."""
        self.last_paragraph: tuple[int, Any] | None = None
        """The last paragraph placed (its place in `out` and element): kept with a table that follows it."""

    # blocks ------------------------------------------------------------------------------------

    def place(self, element: Any) -> None:
        self.last_paragraph = (len(self.out), element)
        self.out.append(_fragment(element))

    def keep_with_table(self) -> None:
        """A paragraph right before a table introduces it (a caption, "Authorized to accompany the IMS:"):
        kept on the same page as the table's first row."""
        if self.last_paragraph is None or self.last_paragraph[0] != len(self.out) - 1:
            return
        index, paragraph = self.last_paragraph
        properties = paragraph.find(PPR)
        if properties is None:
            properties = etree.Element(PPR)
            paragraph.insert(0, properties)
        if properties.find(wtag("keepNext")) is None:
            style = properties.find(PSTYLE)
            properties.insert(1 if style is not None else 0, etree.Element(wtag("keepNext")))
        self.out[index] = _fragment(paragraph)

    def paragraph(self, style: str | None = None, number: str | None = None, jc: str | None = None) -> Any:
        paragraph = etree.Element(P, nsmap=NSMAP)
        properties = etree.SubElement(paragraph, PPR)
        style_id = self.base.styles.get(style) if style else None
        if style_id:
            etree.SubElement(properties, PSTYLE).set(VAL, style_id)
        if self.page_break and self.table is None:
            etree.SubElement(properties, wtag("pageBreakBefore"))
            self.page_break = False
        if number:
            numbering = etree.SubElement(properties, wtag("numPr"))
            etree.SubElement(numbering, wtag("ilvl")).set(VAL, "0")
            etree.SubElement(numbering, wtag("numId")).set(VAL, number)
        if self.rule and self.table is None:
            border = etree.SubElement(etree.SubElement(properties, wtag("pBdr")), wtag("top"))
            for key, value in (("val", "single"), ("sz", "6"), ("space", "6"), ("color", "auto")):
                border.set(wtag(key), value)
            self.rule = False
        if self.after_table and not style_id:  # a little air between a table and the text after it
            etree.SubElement(properties, wtag("spacing")).set(wtag("before"), "160")
        self.after_table = False
        if style and not style_id and style.startswith("List"):  # no list style at all: indent by hand
            level = int(style[-1]) if style[-1].isdigit() else 1
            etree.SubElement(properties, wtag("ind")).set(wtag("left"), str(360 * level))
        if self.signature and self.table is None:
            properties.insert(1 if style_id else 0, etree.Element(wtag("keepLines")))
            etree.SubElement(properties, wtag("spacing")).set(wtag("before"), SIGNATURE_SPACE)
            self.signature = False
        if jc:
            etree.SubElement(properties, wtag("jc")).set(VAL, jc)
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
            self.next_num = 1 + max(int(n.get(wtag("numId"))) for n in self.numbering.findall(wtag("num")))
        num_id = str(self.next_num)
        self.next_num += 1
        num = etree.Element(wtag("num"), nsmap=NSMAP)
        num.set(wtag("numId"), num_id)
        etree.SubElement(num, wtag("abstractNumId")).set(VAL, abstract_id)
        override = etree.SubElement(num, wtag("lvlOverride"))
        override.set(wtag("ilvl"), "0")
        etree.SubElement(override, wtag("startOverride")).set(VAL, str(start))
        cleanup = self.numbering.find(wtag("numIdMacAtCleanup"))
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
            set_text(etree.SubElement(paragraph, R), prefix)
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
                fonts = etree.SubElement(properties, wtag("rFonts"))
                fonts.set(wtag("ascii"), "Courier New")
                fonts.set(wtag("hAnsi"), "Courier New")
            if bold:
                etree.SubElement(properties, wtag("b"))
            if italic:
                etree.SubElement(properties, wtag("i"))
            if size:
                etree.SubElement(properties, wtag("sz")).set(VAL, size)
            if underline:
                etree.SubElement(properties, wtag("u")).set(VAL, "single")
        set_text(run, text)

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
            elif word == "signature":
                self.signature = True
            elif word == "form rows":
                self.form_rows = True
            return  # other comments are invisible in Markdown, and so in Word
        self.plain_paragraphs(line for line in content.strip("\n").split("\n") if line.strip())

    def plain_paragraphs(self, lines: Iterable[str]) -> None:
        """Each line a paragraph of its own, printed as written (no Markdown read in it): the preface's
        lines, and HTML that is not one of the comments above."""
        for line in lines:
            paragraph = self.paragraph()
            self.run(paragraph, line, False, False, False, False)
            self.place(paragraph)

    # tables ------------------------------------------------------------------------------------

    def table_open(self, columns: int, aligns: list[str]) -> None:
        if self.page_break:
            self.out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
            self.page_break = False
        else:
            self.keep_with_table()
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
        half_points = int(self.size) if self.size else BODY_SIZE
        em = half_points * 10  # twips
        if header:
            table.header = tuple(cell.strip().lower() for cell in cells)
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
                    paragraph = etree.Element(P, nsmap=NSMAP)
                    self.runs(paragraph, Token("inline", "", 0, content=content), header)
                    parts += [
                        etree.tostring(run, encoding="unicode").replace(_W_DECLARATION, "", 1) for run in paragraph
                    ]
                    bold = "**" in content or "__" in content
                    content = _EMPHASIS.sub("", content)  # measure what is printed: `**9**` is one digit wide
                heavy = header or bold
                length, word = measure(content, half_points, heavy)
                longest[column] = max(longest[column], min(length, LONGEST_CELL_EMS * em))
                words[column] = max(words[column], min(word, LONGEST_WORD_EMS * em))
            parts.append("</w:p></w:tc>")
        parts.append("</w:tr>")
        table.rows.append("".join(parts))

    def table_close(self) -> None:
        table = self.table
        assert table is not None
        table.form_rows, table.size, table.width = self.form_rows, self.size, self.text_width()
        self.size = None
        self.table = None
        self.out.append("")  # the table's place: written by `body()` once every table's widths are known
        self.tables.append(table)
        self.table_places.append(len(self.out) - 1)
        self.after_table = True
        self.form_rows = False

    def body(self) -> str:
        """The document's body: each table written with column widths from its content, shared by the
        tables of the document with the same header (the forecast's fiscal years line up)."""
        shared: dict[tuple[tuple[str, ...], int, bool], tuple[list[int], list[int]]] = {}
        for table in self.tables:
            if not table.header:
                continue
            key = (table.header, table.width, bool(table.size))
            longest, words = shared.setdefault(key, ([1] * table.columns, [1] * table.columns))
            for column in range(table.columns):
                longest[column] = max(longest[column], table.longest[column])
                words[column] = max(words[column], table.words[column])
        for place, table in zip(self.table_places, self.tables, strict=True):
            longest, words = shared.get((table.header, table.width, bool(table.size)), (table.longest, table.words))
            self.out[place] = self.table_xml(table, longest, words)
        return "".join(self.out)

    def table_xml(self, table: _Table, longest: list[int], words: list[int]) -> str:
        widths = column_widths(longest, words, table.width, table.numbers)
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
        tall = f'<w:cantSplit/><w:trHeight w:val="{FORM_ROW}" w:hRule="atLeast"/></w:trPr>'
        for row in table.rows:
            if table.form_rows and "<w:tblHeader/>" not in row:
                row = row.replace("<w:cantSplit/></w:trPr>", tall, 1)
            head, *rest = row.split("<w:tc>")
            rows.append(head + "".join(cell + part for cell, part in zip(cells, rest, strict=True)))
        return (
            f'<w:tbl><w:tblPr>{style}<w:tblW w:w="5000" w:type="pct"/>{borders}'
            f'<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'
        )

    def text_width(self) -> int:
        if self.landscape:
            return self.base.page_height - sum(self.base.margins)
        return self.base.text_width


_EMPHASIS = re.compile(r"[*_`\\]")

FORM_ROW = 432
"""Twips: 0.3 inch, the least height of a row an officer ticks or writes a serial number in by hand."""

SIGNATURE_SPACE = "720"
"""Twips above a signature block's line: half an inch to sign in."""

COLOPHON_SIZE = "16"
"""The "Generated ... by sco" line: 8 pt."""

WIDE_TABLE = 7
"""Tables of this many columns or more are set in 9 pt."""


BODY_SIZE = 24
"""Half-points: the table text of the house reference document (Times New Roman 12 pt)."""

LONGEST_CELL_EMS = 27
"""A cell longer than this (about 60 letters) counts as this long: one long cell does not take the line."""

LONGEST_WORD_EMS = 14
"""A word longer than this (about 30 letters: a URL) may be broken rather than widen its column."""

MEASURE_MARGIN = 1.15
"""Widths are measured in Times (the house font) and given 15% more: an office's reference document may
set tables in a wider face (Arial's letters are about a tenth wider)."""

_TIMES_ROMAN = (
    250, 333, 408, 500, 500, 833, 778, 333, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500,
    500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722,
    611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444,
    500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722,
    500, 500, 444, 480, 200, 480, 541,
)  # fmt: skip
_TIMES_BOLD = (
    250, 333, 555, 500, 500, 1000, 833, 333, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500,
    500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778,
    667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500,
    556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722,
    500, 500, 444, 394, 220, 394, 520,
)  # fmt: skip
"""Advance widths of the printable ASCII characters (space to tilde) in thousandths of an em: Adobe's
Times-Roman and Times-Bold font metrics, which Times New Roman and Liberation Serif (LibreOffice's
stand-in) match."""


def text_twips(text: str, half_points: int, bold: bool = False) -> int:
    """The printed width of `text` (twips) at `half_points` in the house face, with `MEASURE_MARGIN`: a
    MASL, `D&C ($)` or `$29,000,000` gets the room it prints in, `(ITO)` no more. A letter outside ASCII
    counts a full em, wider than any Latin letter."""
    return measure(text, half_points, bold)[0]


def measure(text: str, half_points: int, bold: bool = False) -> tuple[int, int]:
    """The printed width of `text` and of its widest word (twips), as `text_twips`."""
    scale = half_points * 10 * MEASURE_MARGIN / 1000
    if text.isascii():  # each letter's width as one byte (in 4/1000 em), summed in C: a table in a blink
        data = text.encode("ascii")
        widths = data.translate(_BOLD_BYTES if bold else _ROMAN_BYTES)  # a space is 0: it splits the words
        widest = max(map(sum, widths.split(b"\0"))) * 4
        units = widest if b" " not in data else (sum(widths) + data.count(b" ") * _SPACE) * 4
    else:
        table = _TIMES_BOLD if bold else _TIMES_ROMAN

        def size(part: str) -> int:
            return sum(table[ord(char) - 32] if 32 <= ord(char) < 127 else 1000 for char in part)

        units = size(text)
        widest = max(map(size, text.split()), default=0)
    return -int(-units * scale // 1), -int(-widest * scale // 1)


_SPACE = 63
"""A space, in 4/1000 em (250/1000 in both faces)."""
_ROMAN_BYTES = bytes(33) + bytes((w + 3) // 4 for w in _TIMES_ROMAN[1:]) + bytes(129)
_BOLD_BYTES = bytes(33) + bytes((w + 3) // 4 for w in _TIMES_BOLD[1:]) + bytes(129)
"""Byte translation tables: a printable ASCII letter to its width in 4/1000 em; space and the rest to 0."""


def column_widths(longest: list[int], words: list[int], width: int, numbers: list[bool] | None = None) -> list[int]:
    """Column widths (twips) filling `width`, from each column's longest cell and longest word (twips,
    `text_twips`): a column of figures (`numbers`) as wide as
    its longest figure or header word and no wider; every other column at least as wide as its longest
    word (a header never breaks mid-word when the page allows it; widths are measured by `text_twips`),
    and the rest of the line shared among the text columns by how much longer each one's longest cell is,
    then by their length once every cell fits on one line."""
    pad = 240
    numbers = numbers or [False] * len(longest)
    minimum = [w + pad for w in words] or [width]
    desired = [max(n, w) + pad for n, w in zip(longest, words, strict=True)] or [width]
    if sum(minimum) > width:  # not even the longest words fit: shrink them all alike
        return [max(300, m * width // sum(minimum)) for m in minimum]
    text = [not number for number in numbers]
    if not any(text):  # figures only: share the line by length
        return [d * width // sum(desired) for d in desired]
    base = [d if number else m for d, m, number in zip(desired, minimum, numbers, strict=True)]
    if sum(base) > width:  # the figures cannot all stand on one line: each at its longest word
        base = list(minimum)
    spare = width - sum(base)
    extra = [(d - b) if t else 0 for d, b, t in zip(desired, base, text, strict=True)]
    if spare <= sum(extra):
        return [b + spare * e // (sum(extra) or 1) for b, e in zip(base, extra, strict=True)]
    # every text cell fits on one line: the text columns share what is left by their length
    grown = [b + e for b, e in zip(base, extra, strict=True)]
    left = width - sum(grown)
    text_total = sum(g for g, t in zip(grown, text, strict=True) if t)
    return [g + (left * g // text_total if t else 0) for g, t in zip(grown, text, strict=True)]


def write(
    markdown: str,
    base: Base,
    title: str,
    created: date,
    preface: list[str],
    colophon: str = "",
) -> bytes:
    """A .docx: the preface lines, the body, then the colophon in small type, in the prepared package."""
    writer = _Writer(base)
    tokens = parse(markdown, writer.env)
    writer.landscape = any(t.type == "html_block" and t.content.strip() == "<!-- landscape -->" for t in tokens)
    writer.plain_paragraphs(preface)
    writer.walk(tokens)
    if colophon:
        paragraph = etree.Element(P, nsmap=NSMAP)
        etree.SubElement(etree.SubElement(paragraph, PPR), wtag("spacing")).set(wtag("before"), "360")
        run = etree.SubElement(paragraph, R)
        etree.SubElement(etree.SubElement(run, RPR), wtag("sz")).set(VAL, COLOPHON_SIZE)
        set_text(run, colophon)
        writer.place(paragraph)
    body = writer.body().encode("utf-8")
    dynamic = {
        "word/document.xml": base.head + body + base.tails[writer.landscape],
        "docProps/core.xml": core_xml(title, created),
    }
    if base.numbering_xml is not None:
        dynamic["word/numbering.xml"] = (
            base.numbering_xml
            if writer.numbering is None
            else etree.tostring(writer.numbering, xml_declaration=True, encoding="UTF-8", standalone=True)
        )
    entries = [(name, packed if packed is not None else compress(dynamic[name])) for name, packed in base.entries]
    return zip_package(entries)
