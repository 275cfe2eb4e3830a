"""Text as documents hold it: the two kinds of Markdown value (what the user wrote, what sco wrote),
and the escaping that keeps a plain value from changing a document's structure. A leaf: the
template side (`templating`), the Word writer (`docx_writer`) and the renderer all read it, and it
imports nothing of sco's, nor Jinja2."""

from __future__ import annotations

import re
from datetime import date


class MarkdownText(str):
    """A value that is Markdown the user wrote (a CTA element answer): printed as Markdown blocks, its
    paragraphs and lists kept, but never a heading, table, HTML or code fence (`templating.user_markdown`)."""

    __slots__ = ()


class Raw(str):
    """Markdown produced by sco itself (a `[GAP: ...]` marker): printed as it is."""

    __slots__ = ()


# Characters XML 1.0 (and so python-docx) cannot hold, plus the other C0/C1 controls: replaced.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """Text any document can hold: control characters become U+FFFD, tabs and line ends stay."""
    return _CONTROL.sub(REPLACEMENT, text)


_INLINE_MARKS = "`*_[]<>|#~"
"""Marks Markdown reads inside a line: each is printed after a backslash, as is a backslash itself."""
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LEADING_BLOCK = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


_PLAIN = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 ,.;:'\"()/$%?@+=-]*")
"""A value made only of these characters (and not starting like a list item) is already Markdown text."""


_SPACES = re.compile(r"[^\S ]\s*| \s+")
"""A run of white space that is not one space already (`\\s+` rebuilt every text of words a piece at a time)."""


def md_escape(value: object) -> str:
    """A plain value as Markdown inline text that reads back as exactly its characters: one line,
    no structure. Runs of white space become one space (two would make a line break, four a code
    block); a single space at either end stays (`" and "` joins words)."""
    text = value.isoformat() if isinstance(value, date) else str(value)
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and "  " not in text and not _LEADING_BLOCK.match(text):
        return text
    text = _SPACES.sub(" ", clean_text(text))
    if not text.strip():
        return text
    text = _backslashed(text)
    text = _ENTITY.sub(r"\\&", text)
    lead = " " if text[0] == " " else ""
    text = text[len(lead) :]
    if text[0] in "-+=":
        text = "\\" + text
    return lead + _LEADING_BLOCK.sub(r"\1\\\2", text)


def _backslashed(text: str) -> str:
    """`text` with a backslash before every backslash and inline mark, in one `str.replace` per mark
    (each a pass in C). A pattern whose replacement repeated its group (a backslash, then group 1) had
    its template expanded in Python for every match on Python 3.11: 2,000,000 `<` took a second and
    117 MiB of pieces to escape."""
    text = text.replace("\\", "\\\\")
    for mark in _INLINE_MARKS:
        if mark in text:
            text = text.replace(mark, "\\" + mark)
    return text


_MD_HEADING = re.compile(r"^(\s{0,3})(#{1,6})(?=\s|$)", re.M)
# A line that is a rule or a setext underline: its mark, maybe spaces, the mark again, then only marks and
# spaces. (Written once as `[ \t]*\2[ \t]*\2?[=\-_* \t]*`, whose overlapping runs made a long line quadratic.)
_MD_SETEXT_OR_RULE = re.compile(r"^(\s{0,3})([=\-_*])(?=[ \t]*\2[=\-_* \t]*$)", re.M)
_MD_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})", re.M)  # `\s*` crossed line ends: quadratic on blank lines
_MD_DEFINITION = re.compile(r"^(\s{0,3})\[(?=[^\]]{0,999}\]:)", re.M)  # a link label holds at most 999 characters
_MD_HTML = re.compile(r"<")
_MD_PIPE = re.compile(r"\|")
_MD_ENTITY = _ENTITY


def user_markdown(text: str) -> str:
    """Markdown the user wrote, kept as paragraphs, lists, emphasis and quotes, but never headings,
    rules, tables, HTML or code fences (those could restructure or swallow the document)."""
    text = clean_text(str(text)).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = _MD_HTML.sub(r"\\<", text)
    text = _MD_PIPE.sub(r"\\|", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    text = _MD_FENCE.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    text = _MD_HEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    text = _MD_DEFINITION.sub(lambda m: m.group(1) + "\\[", text)
    text = _MD_SETEXT_OR_RULE.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n")).strip()


def md_escape_plain(text: str) -> str:
    """A message safe for a terminal line: no control characters, at most 300 characters."""
    text = clean_text(text)
    return text if len(text) <= 300 else text[:297] + "..."


_CAVEAT = re.compile(r"(?<!\s)\s*(?:\[(?:S|P|NF)\]|\((?:number )?not verified\))")  # a run of spaces tried once


def without_caveats(text: str) -> str:
    """Text for a document an office sends: sco's own source caveats ("[S]" secondary source, "[P]",
    "[NF]", "(not verified)") removed. They stay in `sco rules explain` and in the check's output, where
    the officer decides how far to trust a rule; DSCA reading a CTA needs none of them."""
    return _CAVEAT.sub("", text)
