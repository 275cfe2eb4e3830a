"""One way to say "did you mean ...?" for every misspelt name sco meets."""

from __future__ import annotations

import functools
from collections.abc import Iterable


def closest(word: object, choices: Iterable[str]) -> str | None:
    return _closest(str(word), tuple(choices))


@functools.lru_cache(maxsize=1024)
def _closest(word: str, choices: tuple[str, ...]) -> str | None:
    """Remembered: a file repeating one typo 100,000 times asks the same question each time."""
    import difflib  # noqa: PLC0415 - only when a value is wrong

    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: object, choices: Iterable[str], otherwise: str = "") -> str:
    match = closest(word, choices)
    return f"did you mean '{match}'?" if match else otherwise
