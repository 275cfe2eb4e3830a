"""No regular expression takes more than linear time on what a user can write (issue 20 point 5).

Every pattern in sco_cli (`tests/core/regex_inventory.py` finds them: compiled at module level or given
to `re.*` in a function) is listed here with how the code applies it, and is fed 200 KB worst cases:
long runs of each character its classes take, pairs of them, and the shapes known to make a pattern
backtrack (a mark, spaces, the mark again, and no match at the end). The bound is five seconds per
case on a 200 KB input, generous for linear work (milliseconds) and far below quadratic (minutes).
A new pattern fails `test_every_pattern_is_listed` until it is listed here."""

from __future__ import annotations

import collections
import re
import time

import pytest

from tests.core.regex_inventory import patterns

SIZE = 200_000
BOUND = 5.0
"""Seconds per case: linear work on 200 KB takes milliseconds (up to a second on a machine shared by
several test runs, for a pattern matching 100,000 times); the quadratic patterns took minutes."""

HOW = {
    "sco_cli.app.coverage._C2": "finditer",
    "sco_cli.app.option_values._ISO_DAY": "fullmatch",
    "sco_cli.budget.model._EFFECT": "match",
    "sco_cli.cli.commands.init._MODELINE": "sub",
    "sco_cli.cli.quick._OPTION_WORD": "fullmatch",
    "sco_cli.core.docx_writer._ALIGN": "match",
    "sco_cli.core.docx_writer._COMMENT": "match",
    "sco_cli.core.docx_writer._MARKUP": "search",
    "sco_cli.core.docx_writer._NOT_AN_ESCAPE": "search",
    "sco_cli.core.docx_writer._EMPHASIS": "sub",
    "sco_cli.core.loader._INT": "match",
    "sco_cli.core.loader._OCT": "match",
    "sco_cli.core.loader._HEX": "match",
    "sco_cli.core.loader._FLOAT": "match",
    "sco_cli.core.markup._CONTROL": "sub",
    "sco_cli.core.markup._ENTITY": "sub",
    "sco_cli.core.markup._LEADING_BLOCK": "sub",
    "sco_cli.core.markup._PLAIN": "fullmatch",
    "sco_cli.core.markup._SPACES": "sub",
    "sco_cli.core.markup._MD_HEADING": "sub",
    "sco_cli.core.markup._MD_SETEXT_OR_RULE": "sub",
    "sco_cli.core.markup._MD_FENCE": "sub",
    "sco_cli.core.markup._MD_DEFINITION": "sub",
    "sco_cli.core.markup._MD_HTML": "sub",
    "sco_cli.core.markup._MD_PIPE": "sub",
    "sco_cli.core.markup._CAVEAT": "sub",
    "sco_cli.core.pdf._PDF_HEADER": "match",
    "sco_cli.core.pdf._START_XREF": "finditer",
    "sco_cli.core.pdf._OBJECT": "match",
    "sco_cli.core.templating._HUGE_WIDTH": "search",
    "sco_cli.core.templating._FORMAT_NUMBER": "findall",
    "sco_cli.core.templating": "search",  # the format checks, compiled in a dict
    "sco_cli.core.cui._LISTED": "match",
    "sco_cli.core.cui._PUBLIC": "match",
    "sco_cli.core.results._ENTRY": "match",
    "sco_cli.core.table_import._TOKEN": "finditer",
    "sco_cli.core.table_import._NAME_FIELD": "sub",
    "sco_cli.core.table_import._WORD_SEPARATORS": "split",
    "sco_cli.core.types._ISO_DATE": "match",
    "sco_cli.core.types._NEAR_AMOUNT": "match",
    "sco_cli.core.types._YEAR_FIRST": "match",
    "sco_cli.core.types._PERCENT_WORDS": "search",
    "sco_cli.core.yaml_edit._PLAIN_AMOUNT": "match",
    "sco_cli.core.types._MONEY_TEXT": "match",
    "sco_cli.core.types._DAY_MONTH_YEAR": "match",
    "sco_cli.core.types._MONTH_DAY_YEAR": "match",
    "sco_cli.core.types._FISCAL_YEAR": "match",
    "sco_cli.core.validate._QUOTED": "finditer",
    "sco_cli.core.validate._DIGITS": "match",
    "sco_cli.core.yaml_edit._SAFE_PLAIN": "match",
    "sco_cli.visits.model._NOT_YET": "search",
    "sco_cli.visits.model._ARRANGED": "search",
}
"""How the code applies each compiled pattern (one used with `match` is only tried at the start); a pattern
given to `re.sub(...)` and the like is applied as that call does."""

FOUND = patterns()
RUNS = " \t\n-=_*#[]`~&<>|!1a.:,;'\"()/%Fx\u00a0"
PAIRS = ["- ", "* ", "= ", "[\n", "\n ", " \n", "1 ", "a ", "&a", "'a", "<!", "--", "0.", "1e", "FY"]
SHAPES = [
    "-" + " " * (SIZE // 2) + "-" + " " * (SIZE // 2) + "x",  # a rule mark, spaces, the mark again, no rule
    "FY" + " " * SIZE + "x",  # a fiscal year whose spaces split two ways
    "<!--" + " " * SIZE,  # a comment never closed
    "<!-- " + "-->x" * (SIZE // 4),
    " " * SIZE + "x",  # spaces before something that is not a caveat
    "1 2 3" + " " * SIZE,
    "create" + " " * (SIZE // 2) + "-" * (SIZE // 2) + "\n",
    "1" + " " * (SIZE // 2) + "jan" + " " * (SIZE // 2) + "x",
    "not" + " " * SIZE + "x",
    "un " * (SIZE // 3),
    "&" + "a" * SIZE,
    "a" + " " * SIZE + "0" * 10 + "x",
    "A" + " A" * (SIZE // 2) + " ,",
    "startxref" + " " * SIZE,
    "1" * SIZE + "x",
    "0." + "1" * SIZE + "e",
]


def worst_cases() -> list[str]:
    runs = [c * SIZE + "\x01" for c in RUNS]
    pairs = [p * (SIZE // len(p)) + "\x01" for p in PAIRS]
    return runs + pairs + SHAPES


def _where(location: str) -> str:
    return location.split(":")[0]


def _how(source: str) -> str:
    where, how = FOUND[source]
    return how or HOW[_where(where)]


def test_every_pattern_is_listed():
    """A new compiled regular expression must say how it is applied, so that it is tried below."""
    missing = sorted({_where(where) for where, how in FOUND.values() if how is None} - set(HOW))
    assert not missing, f"add to HOW: {missing}"
    assert len(FOUND) >= 40  # the inventory finds them (44 when written)


@pytest.mark.parametrize("source", sorted(FOUND), ids=lambda s: FOUND[s][0])
def test_no_pattern_is_super_linear_on_200_kb(source):
    module, _, name = _where(FOUND[source][0]).rpartition(".")
    kept = getattr(__import__(module, fromlist=[name]), name, None)
    pattern = kept if isinstance(kept, re.Pattern) else re.compile(source)  # the module's own, flags and all
    how = _how(source)
    slow = []
    for case in worst_cases():
        text: str | bytes = case.encode("latin-1", "replace") if isinstance(pattern.pattern, bytes) else case
        started = time.perf_counter()
        if how == "sub":
            pattern.sub("", text)  # type: ignore[arg-type]
        elif how == "finditer":
            collections.deque(pattern.finditer(text), maxlen=0)  # type: ignore[arg-type]
        elif how == "split":
            pattern.split(text)  # type: ignore[arg-type]
        else:
            getattr(pattern, how)(text)
        spent = time.perf_counter() - started
        if spent > BOUND:
            slow.append((case[:12], f"{spent:.1f} s"))
    assert not slow, (FOUND[source][0], slow)


def test_the_runs_cover_every_character_class_the_patterns_use():
    for cls in (r"\s", r"\d", r"[A-Za-z]", r"[=\-_*]", r"[`~]", r"[\[\]]", r"['\"]", r"[<>&|]", r"\D"):
        assert any(re.fullmatch(cls, c) for c in RUNS), cls
