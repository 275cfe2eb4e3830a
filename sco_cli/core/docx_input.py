"""The office's reference document (`reference_docx`: its styles, letterhead, header and footer), checked
before python-docx opens it: size, ZIP structure, member count and expanded size (a ZIP bomb), the
main part's content type, CRCs, and XML that parses without entities or network."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

from lxml import etree

from sco_cli.core.errors import UsageError

MAX_REFERENCE_BYTES = 20 * 1024 * 1024
MAX_REFERENCE_EXPANDED = 100 * 1024 * 1024
MAX_REFERENCE_MEMBERS = 1000

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
            types = safe_xml(archive.read("[Content_Types].xml"), "[Content_Types].xml", refuse)
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
                    safe_xml(archive.read(member.filename), member.filename, refuse)
    except zipfile.BadZipFile as exc:
        raise refuse(f"a damaged ZIP archive ({exc}); a truncated download?") from None
    except (OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
        raise refuse(f"cannot read the archive ({exc})") from None


def safe_xml(data: bytes, name: str, refuse: Any) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise refuse(f"broken XML in {name} ({exc})") from None
