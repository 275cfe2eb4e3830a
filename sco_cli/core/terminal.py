"""Text from a user's file made safe for a terminal: control characters (an escape sequence that
clears the screen, a newline that forges an output line) are shown as escapes instead of acted on."""

from __future__ import annotations


def printable(text: str) -> str:
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def without_surrogates(text: str) -> str:
    """`text` with each lone surrogate as U+FFFD, the replacement character. A file name that is not UTF-8
    (a byte 0xff) reaches Python as one (U+DCFF); UTF-8 output (JSON, an ICS calendar, a Word document)
    cannot hold it, and a strict JSON reader refuses its escape."""
    if text.isascii():
        return text
    import re  # noqa: PLC0415 - only for a text that is not ASCII

    return re.sub("[\ud800-\udfff]", "\ufffd", text)
