"""One way to say "did you mean ...?" for every misspelt name sco meets."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: object, choices: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: object, choices: Iterable[str], otherwise: str = "") -> str:
    match = closest(word, choices)
    return f"did you mean '{match}'?" if match else otherwise
