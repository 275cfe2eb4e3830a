"""Text from a user's file made safe for a terminal: control characters (an escape sequence that
clears the screen, a newline that forges an output line) are shown as escapes instead of acted on."""

from __future__ import annotations


def printable(text: str) -> str:
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
