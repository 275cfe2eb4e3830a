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


def _squashed(word: str) -> str:
    """A value without case, spaces, hyphens and underscores: `Air Force`, `air-force` and `air_force` agree."""
    return "".join(char for char in word.casefold() if char not in " -_")


def close_choices(word: object, choices: Iterable[str]) -> list[str]:
    """Every choice `word` may be a misspelling of, the closest first (the "did you mean" of a value)."""
    return list(_close_choices(str(word), tuple(choices)))


@functools.lru_cache(maxsize=1024)
def _close_choices(word: str, choices: tuple[str, ...]) -> tuple[str, ...]:
    import difflib  # noqa: PLC0415 - only when a value is wrong

    same = tuple(choice for choice in choices if _squashed(choice) == _squashed(word))
    if same:
        return same
    return tuple(difflib.get_close_matches(word.casefold(), choices, n=len(choices), cutoff=0.6))


SURE_RATIO = 0.8
"""How alike a misspelling and its one candidate must be for a fix (difflib's ratio): `aproved`,
`navvy` and `denid` are (0.93, 0.89, 0.91); `ended` for `suspended` (0.71) is only a "did you mean"."""


def sure_choice(word: object, choices: Iterable[str]) -> str | None:
    """The one choice `word` surely means, for `sco check --fix`: the only choice that is the same word
    once case, spaces, hyphens and underscores are set aside (`Air Force` -> `air_force`), or the only
    close spelling, and a near one (`navvy` -> `navy`). None when no choice is close, or when two are
    (a tie is for the officer to settle: sco never picks one)."""
    import difflib  # noqa: PLC0415 - only when a value is wrong

    text = str(word)
    candidates = close_choices(text, choices)
    if len(candidates) != 1:
        return None
    (candidate,) = candidates
    if _squashed(candidate) == _squashed(text):
        return candidate
    return candidate if difflib.SequenceMatcher(None, text.casefold(), candidate).ratio() >= SURE_RATIO else None
