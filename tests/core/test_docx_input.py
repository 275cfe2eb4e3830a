"""Word files sco reads (issue 20 points 4 and 5): a translation to mark and the office's reference
document go through the same check before python-docx opens them. Every broken file of the corpus is
one line saying why (exit 2), never an internal error, never a hang, never a file written."""

from __future__ import annotations

import shutil

import pytest

from tests.core.docx_corpus import CASES, good_docx
from tests.helpers import AS_OF, EXAMPLES

WHY = {
    "text file": "a .docx is a ZIP archive; this is not one",
    "empty": "the file is empty",
    "truncated": "a damaged ZIP archive",
    "no [Content_Types].xml": "no [Content_Types].xml",
    "no package relationships": "no package relationships",
    "no document relationships": "uses the relationship rId",
    "relationship to a missing part": "refers to the part word/styles.xml, which is not in the file",
    "main part missing": "refers to the part word/document.xml, which is not in the file",
    "header reference to a missing relationship": "the relationship rId999, which word/document.xml does not declare",
    "header relationship to a missing part": "refers to the part word/header9.xml, which is not in the file",
    "header reference to a part that is not a header": "the header reference rId901 names a part that is not a header",
    "first-page header reference to nothing": "uses the relationship rId777",
    "footer reference without an id": "a footer reference without its relationship id",
    "odd title-page flag": "InvalidXmlError",
    "relationship target outside the package": "outside the package",
    "duplicate part": "the part word/document.xml is in the archive twice",
    "duplicate content types": "the part [Content_Types].xml is in the archive twice",
    "path traversal member": "an odd part name '../../evil.xml'",
    "absolute member": "an odd part name '/etc/evil.xml'",
    "backslash member": "an odd part name",
    "main part not XML": "broken XML in word/document.xml",
    "entity expansion": "word/document.xml",
    "external entity": "declares a DTD",
    "main part of another type": "not a Word document (its main part is",
    "expands to 150 MiB": "expand to 151 MiB (a ZIP bomb?); the limit is 100 MiB (setting SCO_LIMIT_DOCX_EXPANDED_MIB)",
    "high compression ratio": "expands 1,028 times (a ZIP bomb?); the limit is 100 (setting SCO_LIMIT_DOCX_RATIO)",
    "5,000 members": "5,018 parts in the archive",
    "600,000 elements": "more than 500,000 XML elements",
    "two million empty elements": "(a ZIP bomb?)",
    "unsupported compression": "compression method is not supported",
}
"""What the one line says, where the case has one clear cause."""

SOUND_FOR_WORD_OUTPUT = {"odd page size"}
"""Cases python-docx can mark as they are (the marked copy keeps the odd value); as a reference
document the same file is refused, since sco reads its page size."""


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_broken_translation_is_one_line_never_an_internal_error(sco, tmp_path, case):
    source, marked = tmp_path / "traduction.docx", tmp_path / "marked.docx"
    source.write_bytes(CASES[case]())
    result = sco("translation", "mark", source, "-o", marked)
    assert result.exit_code != 3 and "Traceback" not in result.output, result.output
    if case in SOUND_FOR_WORD_OUTPUT:
        assert result.exit_code == 0 and marked.exists()
        return
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"sco: error: {source}: not a readable Word .docx file: ")
    assert len(result.stderr.splitlines()) == 1 and WHY.get(case, "") in result.stderr
    assert not marked.exists() and not result.stdout


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_broken_reference_document_is_one_line_never_an_internal_error(sco, tmp_path, case):
    (tmp_path / "sco.yaml").write_text((EXAMPLES / "sco.yaml").read_text() + "reference_docx: letterhead.docx\n")
    shutil.copy(EXAMPLES / "students" / "ready.yaml", tmp_path / "ready.yaml")
    (tmp_path / "letterhead.docx").write_bytes(CASES[case]())
    out = tmp_path / "out"
    result = sco("ito", "generate", tmp_path / "ready.yaml", "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("sco: error: sco.yaml reference_docx: letterhead.docx: ")
    assert len(result.stderr.splitlines()) == 1 and WHY.get(case, "") in result.stderr
    assert "Traceback" not in result.output and (not out.exists() or not list(out.iterdir()))


def test_the_limits_are_settings_the_user_can_raise(sco, tmp_path, monkeypatch):
    source, marked = tmp_path / "traduction.docx", tmp_path / "marked.docx"
    source.write_bytes(CASES["high compression ratio"]())
    assert sco("translation", "mark", source, "-o", marked).exit_code == 2
    monkeypatch.setenv("SCO_LIMIT_DOCX_RATIO", "2000")
    result = sco("translation", "mark", source, "-o", marked)
    assert result.exit_code == 0 and marked.exists(), result.output
    monkeypatch.setenv("SCO_LIMIT_DOCX_RATIO", "lots")
    result = sco("translation", "mark", source, "-o", tmp_path / "again.docx")
    assert result.exit_code == 2
    assert result.stderr == "sco: error: SCO_LIMIT_DOCX_RATIO='lots': give a positive number of times\n"


def test_a_sound_document_is_marked(sco, tmp_path):
    source, marked = tmp_path / "traduction.docx", tmp_path / "marked.docx"
    source.write_bytes(good_docx())
    assert sco("translation", "mark", source, "-o", marked).exit_code == 0 and marked.exists()


def test_every_limit_is_documented_with_its_default():
    from sco_cli.core.limits import LIMITS
    from tests.helpers import ROOT

    internals = (ROOT / "docs" / "internals.md").read_text()
    for entry in LIMITS.values():
        assert f"| `{entry.variable}` | {int(entry.default):,} {entry.unit} | {entry.why} |" in internals
