"""A Word file sco is given to read (a translation to mark, the office's `reference_docx`), checked
before python-docx opens it, the same way for both.

python-docx trusts the package: a header reference to a relationship that is not there is a KeyError,
a relationship to a missing part another, a part that expands to gigabytes is read whole. So, before
it sees the file, and without building any tree:

- the file: a regular file (never a FIFO), within `docx_mib`, a ZIP archive;
- the archive: at most `docx_parts` parts, each named once, inside the package (no `..`, no leading
  `/`, no backslash), expanding to at most `docx_expanded_mib` together and a part over 1 MiB to at
  most `docx_ratio` times its compressed size, every part's CRC right;
- the package: `[Content_Types].xml`, the package relationships naming a Word main part that is there,
  every relationship's part present, every relationship id a part uses declared by that part, each
  header or footer reference naming a header or a footer;
- the XML: well formed, no DTD (no entities, nothing fetched), at most `docx_elements` elements in
  all, counted while streaming.

What is wrong is one sentence (`DocxRefused`); the caller says which file. python-docx can still meet
a value it does not expect deep inside a part (`w:titlePg w:val="maybe"`): `python_docx_errors` is what
it raises then, for the caller to turn into the same one line."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sco_cli.core.files import read_regular
from sco_cli.core.limits import LIMITS, mib, whole

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

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R_ATTRIBUTE = f"{{{_R}}}"
_REFERENCES = {f"{{{_W}}}headerReference": "/header", f"{{{_W}}}footerReference": "/footer"}
_RATIO_FLOOR = 2**20
"""Parts smaller than this may compress as well as they like (a page of XML compresses 20 to 50 times)."""


class DocxRefused(Exception):
    """Why a Word file is not read, in one sentence."""


def python_docx_errors() -> tuple[type[BaseException], ...]:
    """What python-docx raises on a value it does not expect in a package that passed `check_docx`."""
    from docx.exceptions import PythonDocxError  # noqa: PLC0415 - python-docx only for Word files
    from docx.opc.exceptions import OpcError  # noqa: PLC0415
    from docx.oxml.exceptions import XmlchemyError  # noqa: PLC0415

    return (PythonDocxError, OpcError, XmlchemyError, KeyError, ValueError, AttributeError, TypeError, IndexError)


def read_docx(path: Path) -> bytes:
    """The bytes of the Word file at `path`, checked (`DocxRefused` says why not)."""
    limit = mib("docx_mib")
    try:
        data, status = read_regular(path, limit)
    except FileNotFoundError:
        raise DocxRefused("no such file") from None
    except OSError as exc:
        raise DocxRefused(f"cannot read it ({exc.strerror})") from None
    if len(data) > limit:
        raise DocxRefused(
            f"{status.st_size / 2**20:,.1f} MiB is larger than the {limit // 2**20:,} MiB sco reads "
            f"(setting {LIMITS['docx_mib'].variable})"
        )
    check_docx(data)
    return data


def check_docx(data: bytes) -> None:
    """Refuse a package python-docx cannot safely open (see the module's docstring)."""
    if not data:
        raise DocxRefused("the file is empty")
    if not data.startswith(b"PK\x03\x04"):
        raise DocxRefused("not a Word .docx file (a .docx is a ZIP archive; this is not one)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
    except zipfile.BadZipFile as exc:
        raise DocxRefused(f"a damaged ZIP archive ({exc}); a truncated download?") from None
    except (OSError, EOFError, zlib.error, NotImplementedError, RuntimeError, ValueError) as exc:
        # ValueError: zipfile seeking to a part's header at a negative offset (a damaged directory)
        raise DocxRefused(f"cannot read the archive ({exc})") from None


def _check_archive(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    most = whole("docx_parts")
    if len(members) > most:
        raise DocxRefused(
            f"{len(members):,} parts in the archive; a .docx has a few dozen "
            f"(the limit is {most:,}: setting {LIMITS['docx_parts'].variable})"
        )
    names: set[str] = set()
    for member in members:
        name = member.filename
        if name in names:
            raise DocxRefused(f"the part {name} is in the archive twice (Word writes each part once)")
        parts = name.split("/")
        if name.startswith("/") or "\\" in name or ".." in parts or ":" in parts[0]:
            raise DocxRefused(f"an odd part name {name!r} (outside the package)")
        names.add(name)
    expanded = sum(member.file_size for member in members)
    budget = mib("docx_expanded_mib")
    if expanded > budget:
        raise DocxRefused(
            f"it would expand to {expanded / 2**20:,.0f} MiB (a ZIP bomb?); the limit is "
            f"{budget // 2**20:,} MiB (setting {LIMITS['docx_expanded_mib'].variable})"
        )
    ratio = whole("docx_ratio")
    for member in members:
        if member.file_size > _RATIO_FLOOR and member.file_size > ratio * max(member.compress_size, 1):
            raise DocxRefused(
                f"the part {member.filename} expands {member.file_size // max(member.compress_size, 1):,} times "
                f"(a ZIP bomb?); the limit is {ratio:,} (setting {LIMITS['docx_ratio'].variable})"
            )
    if "[Content_Types].xml" not in names:
        raise DocxRefused("a ZIP archive but not a Word document (no [Content_Types].xml)")
    package = _Package(archive, names)
    package.check()


class _Package:
    def __init__(self, archive: zipfile.ZipFile, names: set[str]) -> None:
        self.archive = archive
        self.names = names
        self.elements = 0
        self.most_elements = whole("docx_elements")
        self.relationships: dict[str, dict[str, tuple[str, str | None]]] = {}  # part -> id -> (type, target)
        self.overrides: dict[str, str] = {}  # part -> content type

    def check(self) -> None:
        overrides = self.overrides
        for element, _ in self._elements("[Content_Types].xml"):
            if element.tag.endswith("}Override"):
                overrides[(element.get("PartName") or "").lstrip("/")] = element.get("ContentType") or ""
        for name in sorted(self.names):
            if name.endswith(".rels"):
                self._read_relationships(name)
        package = self.relationships.get("")
        if package is None:
            raise DocxRefused("not a Word document (no package relationships, _rels/.rels)")
        main = next((target for kind, target in package.values() if kind.endswith("/officeDocument")), None)
        if main is None:
            raise DocxRefused("not a Word document (its relationships name no main part)")
        content_type = overrides.get(main, "")
        if content_type not in MAIN_TYPES:
            shown = f" (its main part is {content_type})" if content_type else ""
            raise DocxRefused(f"not a Word document{shown}")
        why = MAIN_TYPES[content_type]
        if why:
            raise DocxRefused(why)
        for name in sorted(self.names):
            if name.endswith(".xml") and name != "[Content_Types].xml":
                self._check_part(name)
            elif not name.endswith((".rels", "/")):
                self._check_crc(name)

    def _elements(self, name: str) -> Iterator[tuple[Any, str]]:
        """Each element of a part as it starts (its attributes known), counted against the limit, the
        tree pruned behind the stream so that memory stays flat; refuses a DTD and broken XML."""
        from lxml import etree  # noqa: PLC0415 - lxml only for Word files

        with self.archive.open(name) as stream:
            events = etree.iterparse(
                stream,
                events=("start", "end"),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
                remove_comments=True,
            )
            first = True
            try:
                for event, element in events:
                    if event == "end":
                        element.clear()
                        while element.getprevious() is not None:
                            del element.getparent()[0]
                        continue
                    if first:
                        first = False
                        if element.getroottree().docinfo.doctype:
                            raise DocxRefused(f"{name} declares a DTD (entities); Word never writes one")
                    self.elements += 1
                    if self.elements > self.most_elements:
                        raise DocxRefused(
                            f"more than {self.most_elements:,} XML elements (the limit: setting "
                            f"{LIMITS['docx_elements'].variable})"
                        )
                    yield element, name
            except etree.XMLSyntaxError as exc:
                raise DocxRefused(f"broken XML in {name} ({exc})") from None

    def _read_relationships(self, name: str) -> None:
        folder, file = posixpath.split(name)
        if posixpath.basename(folder) != "_rels":
            return  # not a relationships part (Word keeps them in _rels folders)
        source = posixpath.join(posixpath.dirname(folder), file[: -len(".rels")])
        declared: dict[str, tuple[str, str | None]] = {}
        for element, _ in self._elements(name):
            if element.tag != f"{{{_PACKAGE_R}}}Relationship":
                continue
            rid, kind, target = element.get("Id"), element.get("Type") or "", element.get("Target") or ""
            if not rid:
                raise DocxRefused(f"{name}: a relationship without an Id")
            if rid in declared:
                raise DocxRefused(f"{name}: the relationship id {rid} is declared twice")
            if element.get("TargetMode") == "External":
                declared[rid] = (kind, None)
                continue
            base = "" if target.startswith("/") else posixpath.dirname(source)
            resolved = posixpath.normpath(posixpath.join(base, target.lstrip("/")))
            if resolved.startswith("../") or resolved == "..":
                raise DocxRefused(f"{source or 'the package'} refers to {target}, outside the package")
            if resolved not in self.names:
                raise DocxRefused(
                    f"{source or 'the package'} refers to the part {resolved}, which is not in the file "
                    "(a part removed by another program?)"
                )
            declared[rid] = (kind, resolved)
        self.relationships[source] = declared

    def _check_part(self, name: str) -> None:
        declared = self.relationships.get(name, {})
        for element, _ in self._elements(name):
            for attribute, value in element.attrib.items():
                if attribute.startswith(_R_ATTRIBUTE) and value not in declared:
                    raise DocxRefused(
                        f"{name} uses the relationship {value}, which {name} does not declare "
                        "(a header, footer or picture removed by another program?)"
                    )
            wanted = _REFERENCES.get(element.tag)
            if wanted is not None:
                rid = element.get(f"{_R_ATTRIBUTE}id")
                what = wanted.lstrip("/")
                if rid is None:
                    raise DocxRefused(f"{name}: a {what} reference without its relationship id")
                kind, target = declared[rid]
                if not kind.endswith(wanted) or not self.overrides.get(target or "", "").endswith(f".{what}+xml"):
                    raise DocxRefused(f"{name}: the {what} reference {rid} names a part that is not a {what}")

    def _check_crc(self, name: str) -> None:
        with self.archive.open(name) as stream:
            while stream.read(64 * 1024):  # zipfile compares the CRC at the end
                pass
