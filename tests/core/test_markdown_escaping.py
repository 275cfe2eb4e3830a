"""Escaping a value for Markdown, and reading it back into a Word document, cost time and memory in
proportion to the value (issue 20 point 5), and print exactly what they printed before.

`md_escape` escapes with one `str.replace` per mark instead of a substitution whose template Python
expanded for every match; the Word writer reads text whose only markup is backslash escapes without
markdown-it, which spent a token on every escape. The properties hold each to what it replaced: the
previous escaping (kept here as the reference) and markdown-it's own reading. The golden documents
in tests/golden are unchanged. Speed is measured in bench/escaping.py, not here."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sco_cli.core import docx_writer
from sco_cli.core.markup import _ENTITY, _LEADING_BLOCK, _PLAIN, clean_text, md_escape
from tests.helpers import AS_OF, EXAMPLES, ROOT

_MARKS = list("\\`*_[]<>|#~&!-+=.)(;:0123456789 \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\x00\x01\x7f\ud800")
markdown_ish = st.text(alphabet=st.one_of(st.sampled_from(_MARKS), st.characters()), max_size=120)


def escaped_before(value: str) -> str:
    """`md_escape` as it was written before (a regular expression substitution for the marks and for
    every run of white space): the reference its faster form must match byte for byte."""
    text = value
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and "  " not in text and not _LEADING_BLOCK.match(text):
        return text
    text = re.sub(r"\s+", " ", clean_text(text))
    if not text.strip():
        return text
    text = re.sub(r"([\\`*_\[\]<>|#~])", r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    lead = " " if text[0] == " " else ""
    text = text[len(lead) :]
    if text[0] in "-+=":
        text = "\\" + text
    return lead + _LEADING_BLOCK.sub(r"\1\\\2", text)


@settings(max_examples=2000, deadline=None)
@given(markdown_ish)
@example("R&D <phase 2> | a_b *c* [d] `e` #f ~g \\h &amp; &#1; 1. item")
@example(" - dash  and\ttab \u00a0 ")
@example("<" * 10_000)
def test_escaping_prints_what_it_printed_before(value):
    assert md_escape(value) == escaped_before(value)


def _read_by_markdown_it(content: str) -> list[tuple[str, str]]:
    parsed = docx_writer._PARSER.parseInline(content, {})
    return [(token.type, token.content) for token in (parsed[0].children or [] if parsed else [])]


def _read_by_the_writer(content: str) -> list[tuple[str, str]] | None:
    children = docx_writer._children(docx_writer.Token("inline", "", 0, content=content), {})
    return None if children is None else [(token.type, token.content) for token in children]


@settings(max_examples=2000, deadline=None)
@given(st.one_of(markdown_ish, markdown_ish.map(md_escape)))
def test_the_word_writer_reads_escaped_text_as_markdown_it_does(content):
    """Whatever the text (escaped by sco or written by hand), the writer's tokens are markdown-it's;
    None only for text with no markup at all, which both read as it is."""
    mine = _read_by_the_writer(content)
    if mine is None:
        assert docx_writer._MARKUP.search(content) is None
    else:
        assert mine == _read_by_markdown_it(content), content


@pytest.mark.parametrize(
    "content",
    ["\\<\\<", "a\\\\\\<b", "\\\\", "x\\", "\\a", "!\\[x\\]", "\\&amp;", "&amp;", "a\\\nb", "\\`x\\`", "\\*\\_"],
)
def test_escapes_next_to_other_markup_read_as_markdown_it_reads_them(content):
    assert _read_by_the_writer(content) == _read_by_markdown_it(content)


CHILD = """
import resource, sys
limit = int(sys.argv.pop(1)) * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from sco_cli.main import main
sys.exit(main(sys.argv[1:]))
"""
LIMITS_MIB = {"md": 256, "docx": 512}
"""The address space each format is given: about twice what it takes now (120 and 250 MiB). Before, a
Markdown document of this value needed more than 300 MiB (the escaping built a piece per mark) and a
Word document 1.4 GiB of memory, 15 s (markdown-it read it as 4,000,000 tokens)."""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="an address-space limit on the child")
@pytest.mark.parametrize(
    ("fmt", "office_template"),
    [("md", True), ("docx", True), ("docx", False)],
    ids=["md office template", "docx office template", "docx built-in table"],
)
def test_a_value_of_four_million_marks_makes_a_document_in_bounded_memory(tmp_path, fmt, office_template):
    """A place of birth of 4,000,000 `<` (8,000,000 characters once escaped) becomes a document holding
    exactly those characters, in a process whose address space is limited, through an office's template
    (a paragraph) and the built-in data sheet (a table cell)."""
    value = "<" * 4_000_000
    sco_yaml = (EXAMPLES / "sco.yaml").read_text()
    if office_template:
        sco_yaml += "templates: tpl\n"
        (tmp_path / "tpl").mkdir()
        (tmp_path / "tpl" / "ito-data-sheet.md.j2").write_text("{{ student.place_of_birth }}\n")
    (tmp_path / "sco.yaml").write_text(sco_yaml)
    text = (EXAMPLES / "students" / "ready.yaml").read_text()
    before = "place_of_birth: Sandport, Republic of Examplestan"
    (tmp_path / "ready.yaml").write_text(text.replace(before, f"place_of_birth: '{value}'"))
    out = tmp_path / "out"
    args = ["ito", "generate", str(tmp_path / "ready.yaml"), "-o", str(out), "--format", fmt, "--as-of", AS_OF]
    command = [sys.executable, "-c", CHILD, str(LIMITS_MIB[fmt]), *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    [written] = out.iterdir()
    if fmt == "md":
        printed = written.read_text(encoding="utf-8")
        assert "\\<" * 4_000_000 in printed and "<" * 2 not in printed  # every mark escaped, once
    else:
        with zipfile.ZipFile(written) as package:
            body = package.read("word/document.xml").decode("utf-8")
        assert "&lt;" * 4_000_000 in body and "&lt;" * 4_000_001 not in body
        assert "\\&lt;" not in body  # no escaping backslash printed
