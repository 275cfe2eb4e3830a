"""The reference document sco ships, used when the office sets no `reference_docx`: the look of DoD
correspondence (DoDM 5110.04): one black serif family (Times New Roman, 12 pt) for the body and the
headings, black bold headings, one-inch margins, no colour, no rules under titles.

It is built in code from python-docx's default template, whose styles are Word's (a blue sans-serif
Title and blue headings on a Cambria/Calibri theme): every style's theme fonts and colours are replaced,
so a style the walker uses, or one an office template reaches for, prints black Times New Roman. The
office's own reference document always wins (`docx_package.prepared`)."""

from __future__ import annotations

from typing import Any

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

FONT = "Times New Roman"
BODY_HALF_POINTS = 24
"""12 pt, in the half points WordprocessingML counts in."""

_HEADINGS = {
    # style name: (half points, bold, italic, space before, space after, centred)
    "Title": (28, True, False, 0, 240, True),
    "Subtitle": (24, True, False, 0, 240, True),
    "Heading 1": (24, True, False, 240, 120, False),
    "Heading 2": (24, True, False, 200, 80, False),
    "Heading 3": (24, True, True, 160, 60, False),
    "Heading 4": (24, False, True, 120, 60, False),
    "Heading 5": (24, False, True, 120, 60, False),
    "Caption": (20, True, False, 60, 120, False),
}


def _child(parent: Any, tag: str, first: bool = False) -> Any:
    found = parent.find(W + tag)
    if found is None:
        found = etree.SubElement(parent, W + tag)
        if first:
            parent.remove(found)
            parent.insert(0, found)
    return found


def _plain_fonts(rpr: Any) -> None:
    """The run properties name Times New Roman for every script, and no theme font or colour."""
    fonts = _child(rpr, "rFonts", first=True)
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(W + script, FONT)
    for color in rpr.findall(W + "color"):
        rpr.remove(color)


def _no_colour(styles: Any) -> None:
    """Every style black on white, in Times New Roman: run fonts named, theme fonts and colours gone,
    borders and text `auto` (black), shading removed (the table styles of Word's gallery are coloured)."""
    for rpr in list(styles.iter(W + "rPr")):
        _plain_fonts(rpr)
    for element in list(styles.iter()):
        if etree.QName(element).localname == "shd":
            element.getparent().remove(element)
            continue
        for name in list(element.attrib):
            local = etree.QName(name).localname
            if local.startswith("theme"):
                del element.attrib[name]
            elif local == "color":
                element.set(name, "auto")


def _set(rpr: Any, tag: str, value: str | None) -> None:
    """A run property set (`value` for w:val, or "" for a bare toggle) or, with None, removed."""
    for old in rpr.findall(W + tag):
        rpr.remove(old)
    if value is None:
        return
    element = etree.SubElement(rpr, W + tag)
    if value:
        element.set(W + "val", value)


def house_reference() -> Any:
    """A python-docx Document with the government look, its body empty."""
    from docx import Document  # noqa: PLC0415 - python-docx (lxml) only for Word output
    from docx.shared import Inches  # noqa: PLC0415

    document = Document()
    styles = document.styles.element
    defaults = styles.find(W + "docDefaults")
    run_defaults = _child(_child(defaults, "rPrDefault"), "rPr")
    _plain_fonts(run_defaults)
    _set(run_defaults, "sz", str(BODY_HALF_POINTS))
    _set(run_defaults, "szCs", str(BODY_HALF_POINTS))
    paragraph_defaults = _child(_child(defaults, "pPrDefault"), "pPr")
    spacing = _child(paragraph_defaults, "spacing")
    spacing.attrib.clear()
    spacing.attrib.update({W + "after": "120", W + "line": "240", W + "lineRule": "auto"})
    _no_colour(styles)
    names = {}
    for style in styles.findall(W + "style"):
        name = style.find(W + "name")
        names[name.get(W + "val") if name is not None else ""] = style
        rpr = style.find(W + "rPr")
        if rpr is not None:
            _plain_fonts(rpr)
            for tag in ("sz", "szCs"):
                if style.get(W + "type") == "paragraph" and rpr.find(W + tag) is not None:
                    _set(rpr, tag, str(BODY_HALF_POINTS))
        ppr = style.find(W + "pPr")
        if ppr is not None:
            for border in ppr.findall(W + "pBdr"):  # Word's Title has a blue rule under it
                ppr.remove(border)
            for shade in ppr.findall(W + "shd"):
                ppr.remove(shade)
    for name, (size, bold, italic, before, after, centred) in _HEADINGS.items():
        style = names.get(name, names.get(name.lower()))
        if style is None:
            continue
        rpr = _child(style, "rPr")
        _plain_fonts(rpr)
        for tag in ("sz", "szCs"):
            _set(rpr, tag, str(size))
        for tag, on in (("b", bold), ("bCs", bold), ("i", italic), ("iCs", italic)):
            _set(rpr, tag, "" if on else "0")
        for tag in ("caps", "smallCaps", "spacing", "kern"):
            _set(rpr, tag, None)
        ppr = _child(style, "pPr")
        ppr_spacing = _child(ppr, "spacing")
        ppr_spacing.attrib.clear()
        ppr_spacing.attrib.update({W + "before": str(before), W + "after": str(after)})
        for old in ppr.findall(W + "jc"):
            ppr.remove(old)
        if centred:
            etree.SubElement(ppr, W + "jc").set(W + "val", "center")
        if name != "Caption":
            _child(ppr, "keepNext")
        for old in ppr.findall(W + "contextualSpacing"):
            ppr.remove(old)
        _order(ppr, _PPR_ORDER)
    for style in styles.findall(W + "style"):
        for rpr in style.findall(W + "rPr"):
            _order(rpr, _RPR_ORDER)
    _order(run_defaults, _RPR_ORDER)
    for section in document.sections:
        section.top_margin = section.bottom_margin = Inches(1)
        section.left_margin = section.right_margin = Inches(1)
        section.header_distance = section.footer_distance = Inches(0.5)
    return document


_PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
]  # fmt: skip
_RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
    "em", "lang", "eastAsianLayout", "specVanish", "oMath",
]  # fmt: skip
"""The schema's order of paragraph and run properties: Word refuses a part whose order differs."""


def _order(properties: Any, order: list[str]) -> None:
    rank = {name: index for index, name in enumerate(order)}
    children = sorted(properties, key=lambda child: rank.get(etree.QName(child).localname, len(rank)))
    for child in children:
        properties.remove(child)
        properties.append(child)
