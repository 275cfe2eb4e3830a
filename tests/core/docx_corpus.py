"""Broken Word files, built with zipfile from python-docx's own document: each case is one way a
.docx found in the wild (or made by a hostile pass) differs from what Word writes."""

from __future__ import annotations

import functools
import io
import random
import re
import warnings
import zipfile
from collections.abc import Callable

W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
HEADER_TYPE = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"


@functools.cache
def good_docx() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Traduction informelle")
    document.sections[0].header.paragraphs[0].text = "EN-TETE"
    document.save(buffer)
    return buffer.getvalue()


def members() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(good_docx())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts: list[tuple[str, bytes]] | dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    items = parts.items() if isinstance(parts, dict) else parts
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are one of the cases
        with zipfile.ZipFile(buffer, "w", method) as target:
            for name, data in items:
                target.writestr(name, data)
    return buffer.getvalue()


def changed(change: Callable[[dict[str, bytes]], dict[str, bytes] | list[tuple[str, bytes]]]) -> bytes:
    return zipped(change(members()))


def _without(name: str) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    return lambda parts: {k: v for k, v in parts.items() if k != name}


def _edit(name: str, old: bytes, new: bytes) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    def change(parts: dict[str, bytes]) -> dict[str, bytes]:
        assert old in parts[name], (name, old)
        return {**parts, name: parts[name].replace(old, new, 1)}

    return change


def _section(extra: bytes) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    """`extra` put first in the body's final section properties."""

    def change(parts: dict[str, bytes]) -> dict[str, bytes]:
        document = parts["word/document.xml"]
        document = re.sub(rb"<w:headerReference[^>]*/>", b"", document)
        document = re.sub(rb"(<w:sectPr[^>]*>)", lambda m: m.group(1) + extra, document, count=1)
        return {**parts, "word/document.xml": document}

    return change


def _relationship(rid: bytes, kind: bytes, target: bytes) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    rel = b'<Relationship Id="' + rid + b'" Type="' + kind + b'" Target="' + target + b'"/>'
    return _edit("word/_rels/document.xml.rels", b"</Relationships>", rel + b"</Relationships>")


def _both(*changes: Callable[[dict[str, bytes]], dict[str, bytes]]) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    def change(parts: dict[str, bytes]) -> dict[str, bytes]:
        for one in changes:
            parts = one(parts)
        return parts

    return change


def _plus(name: str, data: bytes) -> Callable[[dict[str, bytes]], list[tuple[str, bytes]]]:
    return lambda parts: [*parts.items(), (name, data)]


def _entities() -> bytes:
    lines = [b'<!ENTITY a0 "lol">'] + [
        b"<!ENTITY a%d " % i + b'"' + (b"&a%d;" % (i - 1)) * 10 + b'">' for i in range(1, 10)
    ]
    return (
        b'<?xml version="1.0"?><!DOCTYPE w:document [' + b"".join(lines) + b"]>"
        b"<w:document " + W + b"><w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>"
    )


def _external_entity() -> bytes:
    return (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<w:document " + W + b"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )


def _many_elements(count: int) -> bytes:
    """`count` paragraphs, each with its own revision id, so that the part compresses only a few times."""
    ids = random.Random(20).randbytes(4 * count).hex().encode()
    paragraphs = b"".join(b'<w:p w:rsidR="' + ids[8 * i : 8 * i + 8] + b'"/>' for i in range(count))
    return b"<w:document " + W + b"><w:body>" + paragraphs + b"<w:sectPr/></w:body></w:document>"


def _stored_bomb() -> bytes:
    parts = members()
    parts["word/media/padding.bin"] = b"\0" * (150 * 1024 * 1024)
    return zipped(parts)


def _many_members() -> bytes:
    parts = list(members().items()) + [(f"word/media/m{i}.bin", b"") for i in range(5000)]
    return zipped(parts)


def _high_ratio() -> bytes:
    parts = members()
    parts["word/media/zeros.bin"] = b"\0" * (40 * 1024 * 1024)
    return zipped(parts)


def _unsupported_method() -> bytes:
    data = bytearray(good_docx())
    # the first local header's compression method (offset 8) and its central-directory twin
    data[8:10] = (99).to_bytes(2, "little")
    central = data.rfind(b"PK\x01\x02")
    while central != -1:
        data[central + 10 : central + 12] = (99).to_bytes(2, "little")
        central = data.rfind(b"PK\x01\x02", 0, central)
    return bytes(data)


CASES: dict[str, Callable[[], bytes]] = {
    "text file": lambda: b"not a word file\n",
    "empty": lambda: b"",
    "zip signature only": lambda: b"PK\x03\x04 not really a zip",
    "truncated": lambda: good_docx()[:3000],
    "plain zip": lambda: zipped({"notes.txt": b"hello"}),
    "no [Content_Types].xml": lambda: changed(_without("[Content_Types].xml")),
    "no package relationships": lambda: changed(_without("_rels/.rels")),
    "no document relationships": lambda: changed(_without("word/_rels/document.xml.rels")),
    "relationship to a missing part": lambda: changed(_without("word/styles.xml")),
    "main part missing": lambda: changed(_without("word/document.xml")),
    "header reference to a missing relationship": lambda: changed(
        _section(b'<w:headerReference w:type="default" ' + R + b' r:id="rId999"/>')
    ),
    "header relationship to a missing part": lambda: changed(
        _both(
            _relationship(b"rId900", HEADER_TYPE, b"header9.xml"),
            _section(b'<w:headerReference w:type="default" ' + R + b' r:id="rId900"/>'),
        )
    ),
    "header reference to a part that is not a header": lambda: changed(
        _both(
            _relationship(b"rId901", HEADER_TYPE, b"styles.xml"),
            _section(b'<w:headerReference w:type="default" ' + R + b' r:id="rId901"/>'),
        )
    ),
    "first-page header reference to nothing": lambda: changed(
        _section(b'<w:titlePg/><w:headerReference w:type="first" ' + R + b' r:id="rId777"/>')
    ),
    "footer reference without an id": lambda: changed(_section(b'<w:footerReference w:type="default"/>')),
    "odd page size": lambda: changed(_section(b'<w:pgSz w:w="wide" w:h="-5"/><w:pgMar w:left="x" w:right="1e99"/>')),
    "odd title-page flag": lambda: changed(_section(b'<w:titlePg w:val="maybe"/>')),
    "relationship target outside the package": lambda: changed(
        _relationship(b"rId902", HEADER_TYPE, b"../../../../etc/passwd")
    ),
    "duplicate part": lambda: changed(_plus("word/document.xml", _many_elements(1))),
    "duplicate content types": lambda: changed(_plus("[Content_Types].xml", b"<Types/>")),
    "path traversal member": lambda: changed(_plus("../../evil.xml", b"<x/>")),
    "absolute member": lambda: changed(_plus("/etc/evil.xml", b"<x/>")),
    "backslash member": lambda: changed(_plus("word\\..\\..\\evil.xml", b"<x/>")),
    "main part not XML": lambda: changed(lambda p: {**p, "word/document.xml": b"\x00\x01 not xml"}),
    "relationships not XML": lambda: changed(lambda p: {**p, "word/_rels/document.xml.rels": b"<Relationships"}),
    "settings not XML": lambda: changed(lambda p: {**p, "word/settings.xml": b"<w:settings"}),
    "styles not XML": lambda: changed(lambda p: {**p, "word/styles.xml": b"garbage"}),
    "entity expansion": lambda: changed(lambda p: {**p, "word/document.xml": _entities()}),
    "external entity": lambda: changed(lambda p: {**p, "word/document.xml": _external_entity()}),
    "main part of another type": lambda: changed(
        _edit("[Content_Types].xml", b"document.main+xml", b"spreadsheetml.sheet.main+xml")
    ),
    "expands to 150 MiB": _stored_bomb,
    "high compression ratio": _high_ratio,
    "5,000 members": _many_members,
    "600,000 elements": lambda: changed(lambda p: {**p, "word/document.xml": _many_elements(600_000)}),
    "two million empty elements": lambda: changed(
        lambda p: {**p, "word/document.xml": b"<w:document " + W + b"><w:body>" + b"<w:p/>" * 2_000_000 + b"</w:body>"}
    ),
    "unsupported compression": _unsupported_method,
    "bytes cut out before the directory": lambda: good_docx()[:100] + good_docx()[2000:],  # zipfile: negative seek
}
"""Every case: a file python-docx cannot open, opens wrongly, or should not be given at all."""
