"""Mutated examples: take every shipped example, swap values for hostile ones (other types, extreme
dates and numbers, long and control-character strings, leading zeros, raw YAML tokens), and run the
real CLI in-process. Whatever comes in, sco answers with findings: never an internal error.

CI runs a bounded number of examples. The long run is
    SCO_MUTATIONS=5000 pytest tests/hostile/test_mutations.py
"""

from __future__ import annotations

import io
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from tests.helpers import AS_OF, EXAMPLES, Sco

MUTATIONS = int(os.environ.get("SCO_MUTATIONS", "60"))
SOURCES = sorted(EXAMPLES.rglob("*.yaml"))
RAW_TOKENS = (
    "0048219370",
    "0x4821937",
    "0o17",
    "1e999999999",
    "9999-12-31",
    "0001-01-05",
    "2026-02-30",
    ".inf",
    "-.nan",
    "!!binary aGk=",
    "!!python/name:os.system",
    "*nowhere",
    "[",
    "{a: [}",
    "'unclosed",
    "|",
    "? complex",
    "~",
    "9" * 4400,
    "\t",
)

hostile_values = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.text(alphabet="\x00\x07\x1b[]/\\'\"\u202e\u200b\r\n\t:#&*!|>%@`", max_size=20),
    st.sampled_from(["x" * 5000, "0048219370", "00420101", "", " ", "yes", "No", "ON", "null", "2026-13-01", "-0"]),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _read(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text())


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place a value sits: scalars, and the containers too (a list where a mapping was)."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _dump(data: Any) -> str:
    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.dump(data, stream)
    return stream.getvalue()


@st.composite
def mutated_example(draw: st.DrawFn) -> tuple[str, str]:
    source = draw(st.sampled_from(SOURCES))
    data = _read(source)
    places = _paths(data)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        if places:
            _set(data, draw(st.sampled_from(places)), draw(hostile_values))
            places = _paths(data)
    text = _dump(data)
    if draw(st.booleans()):  # a raw token YAML reads its own way, in place of one value
        lines = [i for i, line in enumerate(text.splitlines()) if re.match(r"\s*[\w-]+: \S", line)]
        if lines:
            chosen = draw(st.sampled_from(lines))
            all_lines = text.splitlines()
            key = all_lines[chosen].split(": ", 1)[0]
            all_lines[chosen] = f"{key}: {draw(st.sampled_from(RAW_TOKENS))}"
            text = "\n".join(all_lines) + "\n"
    return source.name, text


@settings(
    max_examples=MUTATIONS,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=mutated_example())
def test_a_mutated_example_gives_findings_never_an_internal_error(tmp_path_factory, case):
    name, text = case
    folder = tmp_path_factory.mktemp("mutated")
    target = folder / ("sco.yaml" if name == "sco.yaml" else name)
    if name != "sco.yaml":
        (folder / "sco.yaml").write_text((EXAMPLES / "sco.yaml").read_text())
    else:
        (folder / "student.yaml").write_text((EXAMPLES / "students" / "ready.yaml").read_text())
    target.write_text(text, encoding="utf-8", errors="surrogatepass")
    sco = Sco()
    for args in (
        ("check", target, "--format", "json"),
        ("check", folder),
        ("ito", "generate", folder, "-o", folder / "out", "--format", "md", "--draft", "--force"),
        ("calendar", folder, "--format", "ics"),
    ):
        result = sco(*args, "--as-of", AS_OF)
        shown = result.stdout + result.stderr
        assert result.exit_code in (0, 1, 2), f"{args[0]} on a mutated {name}: {shown[-3000:]}\n---\n{text[:3000]}"
        assert "internal error" not in shown and "Traceback" not in shown, shown[-3000:]
