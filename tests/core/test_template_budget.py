"""Office templates run under a time, an output and a memory budget enforced while they run, and nothing
they ask for runs long in one step of C code, so Ctrl-C, SIGTERM and the deadline still stop them
(issue 20 point 5).

Every hostile expression runs through the real entry point in one child process whose address space is
limited (`resource.setrlimit`), so a check that stops holding fails here instead of taking the
machine's memory, and with a deadline of minutes, so one that is no longer refused before it runs shows
as seconds spent, not as a time-limit message."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sco_cli.core.templating import indented_size
from tests.helpers import AS_OF, EXAMPLES, ROOT

TEMPLATE = "ito-data-sheet.md.j2"
BUSY = (
    "{% for i in range(100000) %}{% for j in range(10) %}{{ (i|string).center(5000)|length }}{% endfor %}{% endfor %}"
)
"""A million small steps, each well inside every limit: only the time budget (or a signal) stops it."""
LONG_FILTERS = "{% for i in range(1000) %}{% set x = ('x ' * 500000)|wordwrap(79) %}{% endfor %}"
"""A thousand calls of a filter that runs long in Python, printing nothing and ticking no loop check
between them: only the deadline's alarm (or a signal) stops it between two checks."""


def office(tmp_path: Path, source: str) -> Path:
    (tmp_path / "sco.yaml").write_text((EXAMPLES / "sco.yaml").read_text() + "templates: tpl\n")
    shutil.copy(EXAMPLES / "students" / "ready.yaml", tmp_path / "ready.yaml")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / TEMPLATE).write_text(source)
    return tmp_path


def generate(folder: Path) -> list[str]:
    out = str(folder / "out")
    return ["ito", "generate", str(folder / "ready.yaml"), "-o", out, "--format", "md", "--as-of", AS_OF]


DOUBLED = "{% set ns = namespace(a=[1], b=[1], t=(1,)) %}{% for i in range(60) %}{% set ns.a = [ns.a, ns.a] %}\
{% set ns.b = [ns.b, ns.b] %}{% set ns.t = (ns.t, ns.t) %}{% endfor %}"
"""Lists and a tuple doubled sixty times: tiny in memory, 2**60 items when printed, compared or hashed
(one step of C code that would never end)."""
BIG = "{% set big = 'x' * 2000000 %}"
PRINTS_LONGER = "that prints longer than the document may be, 20 MiB (setting SCO_LIMIT_TEMPLATE_OUTPUT_MIB)"
TOO_LONG = "a value of more than 2,000,000 characters"

ATTACKS = {
    # text built by a method, a filter or an operator: sized from the arguments before it runs
    "lipsum": ("{{ lipsum(100000000) }}", "lipsum() of more than 100,000 words"),
    "center": ("{{ 'x'.center(3000000000) }}", "center(3000000000): a value of more than 2,000,000 characters"),
    "ljust": ("{{ 'x'.ljust(2000001) }}", "ljust(2000001)"),
    "zfill": ("{{ 'x'.zfill(10**9) }}", "zfill(1000000000)"),
    "expandtabs width": ("{{ '\\t'.expandtabs(10**9) }}", f"expandtabs: {TOO_LONG}"),
    "expandtabs of many tabs": ("{{ ('\\t' * 1000000).expandtabs(1000) }}", f"expandtabs: {TOO_LONG}"),
    "bytes center": ("{{ 'x'.encode().center(3000000000) }}", "center(3000000000)"),
    "bytes replace": (
        "{{ ('x' * 2000000).encode().replace('x'.encode(), ('x' * 1000).encode()) }}",
        f"replace: {TOO_LONG}",
    ),
    "translate": ("{{ ('x' * 2000000).translate({120: 'y' * 1000}) }}", f"translate: {TOO_LONG}"),
    "to_bytes": ("{{ (1).to_bytes(1000000000, 'big') }}", "to_bytes(1000000000): a value of more than 2,000,000 bytes"),
    "bytes times": ("{{ 'x'.encode() * 3000000000 }}", "a value of more than 2,000,000 characters or items"),
    "center filter": ("{{ 'x'|center(10**9) }}", "filter center: argument 1000000000 is larger than 100,000"),
    "truncate filter": ("{{ 'x'|truncate(10**9) }}", "filter truncate: argument 1000000000"),
    "batch filter": ("{{ range(10)|batch(10**9)|list }}", "filter batch: argument 1000000000"),
    "wordwrap": ("{{ ('x' * 2000000)|wordwrap(1) }}", f"filter wordwrap: {TOO_LONG}"),
    "wordwrap string": ("{{ ('x ' * 100000)|wordwrap(1, wrapstring='y' * 100) }}", f"filter wordwrap: {TOO_LONG}"),
    "string times": ("{{ 'x' * 10**9 }}", "a value of more than 2,000,000 characters or items"),
    "list times": ("{{ [1] * 10**9 }}", "a value of more than 2,000,000 characters or items"),
    "doubling with ~": (
        "{% set ns = namespace(s='x') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "a string of more than 2,000,000 characters",
    ),
    "doubling with +": (
        "{% set ns = namespace(s=[1]) %}{% for i in range(100) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
        "a value of more than 2,000,000 characters or items",
    ),
    "sum of lists": ("{{ range(100000)|map('string')|map('list')|sum(start=[]) }}", "start must be a number"),
    "nested loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "more than 1,000,000 loop iterations",
    ),
    # numbers
    "squaring": (
        "{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
        "too large a number",
    ),
    "power": ("{{ 10 ** (10 ** 10) }}", "too large a number (a power of more than 3,000 digits)"),
    "power of a long number": ("{{ ('9' * 4000)|int ** 3 }}", "too large a number (a power of more than 3,000 digits)"),
    "size of a huge number": ("{{ (10 ** 3000)|filesizeformat }}", "OverflowError"),
    # formats: every field's width, precision and value, however many fields
    "format width": ("{{ '{:>999999999}'.format(1) }}", "a format width or precision of a million or more"),
    "percent width": ("{{ '%0999999999d' % 1 }}", "a format width or precision of a million or more"),
    "format filter width": ("{{ '%0999999999d'|format(1) }}", "a format width or precision of a million or more"),
    "width from a value": ("{{ '{:>{w}}'.format(1, w=999999999) }}", "a format width taken from a value"),
    "star width": ("{{ '%*d' % (999999999, 1) }}", "a format width taken from a value"),
    "many wide fields": ("{{ ('{0:999999}' * 100000).format(1) }}", f"format: {TOO_LONG}"),
    "wide fields through attr": ("{{ (('{0:999999}' * 100000)|attr('format'))(1) }}", f"format: {TOO_LONG}"),
    "long precisions": ("{{ ('{:.999999f}' * 3).format(1.0, 1.0, 1.0) }}", f"format: {TOO_LONG}"),
    "one value many times": ("{{ ('{0}' * 100000).format('x' * 1000000) }}", f"format: {TOO_LONG}"),
    "format_map": ("{{ ('{a}' * 100000).format_map({'a': 'x' * 100000}) }}", f"format_map: {TOO_LONG}"),
    "percent tuple": ("{{ ('%s' * 100000) % (('x' * 1000,) * 100000) }}", f"%: {TOO_LONG}"),
    "percent mapping": ("{{ ('%(a)s' * 100000) % {'a': 'x' * 100000} }}", f"%: {TOO_LONG}"),
    "format filter mapping": ("{{ ('%(a)s' * 100000)|format(a='x' * 100000) }}", f"filter format: {TOO_LONG}"),
    # joins, replacements, indents
    "replace": ("{{ ('a' * 2000000)|replace('a', 'a' * 100000) }}", f"filter replace: {TOO_LONG}"),
    "replace method": ("{{ ('a' * 2000000).replace('a', 'aaaa') }}", f"replace: {TOO_LONG}"),
    "join": (BIG + "{{ [big, big]|join }}", f"filter join: {TOO_LONG}"),
    "join method": (BIG + "{{ ''.join([big, big]) }}", f"join: {TOO_LONG}"),
    "join of many": ("{{ (['x' * 2000000] * 1000)|join }}", f"filter join: a value {PRINTS_LONGER}"),
    "join of lists": ("{{ ([['x' * 1000] * 1000] * 100)|join }}", f"filter join: a value {PRINTS_LONGER}"),
    "join with a long separator": ("{{ range(100000)|map('string')|join('x' * 100) }}", f"filter join: {TOO_LONG}"),
    "indent": ("{{ ('\\n' * 1000000)|indent(100000) }}", f"filter indent: {TOO_LONG}"),
    # values printed, compared, hashed or given to a filter: measured by what they would print
    "doubled list printed": (DOUBLED + "{{ ns.a }}", f"a value {PRINTS_LONGER}"),
    "doubled list joined with ~": (DOUBLED + "{{ ns.a ~ '' }}", f"a value joined with ~ {PRINTS_LONGER}"),
    "doubled list as a string": (DOUBLED + "{{ ns.a|string }}", f"filter string: a value {PRINTS_LONGER}"),
    "doubled list in JSON": (DOUBLED + "{{ ns.a|tojson }}", f"filter tojson: a value {PRINTS_LONGER}"),
    "doubled list pretty-printed": (DOUBLED + "{{ ns.a|pprint }}", f"filter pprint: a value {PRINTS_LONGER}"),
    "doubled lists compared": (DOUBLED + "{{ ns.a == ns.b }}", f"a value {PRINTS_LONGER}"),
    "doubled list in a list": (DOUBLED + "{{ ns.a in [ns.b] }}", f"a value {PRINTS_LONGER}"),
    "doubled lists by a test": (DOUBLED + "{{ ns.a is eq(ns.b) }}", f"test eq: a value {PRINTS_LONGER}"),
    "doubled tuple as a key": (DOUBLED + "{{ {ns.t: 1} }}", f"a value {PRINTS_LONGER}"),
    "doubled tuple looked up": (DOUBLED + "{{ dict(a=1).get(ns.t) }}", f"an argument {PRINTS_LONGER}"),
    "doubled tuples made unique": (DOUBLED + "{{ [ns.t]|unique|list }}", f"filter unique: a value {PRINTS_LONGER}"),
    "doubled tuples sorted": (DOUBLED + "{{ [ns.t, ns.t]|sort }}", f"filter sort: a value {PRINTS_LONGER}"),
    "doubled list counted": (DOUBLED + "{{ [ns.a].count(ns.b) }}", f"an argument {PRINTS_LONGER}"),
    "doubled tuple formatted": (DOUBLED + "{{ '%s' % (ns.t,) }}", f"%: {TOO_LONG}"),
    "doubled tuple in a format": (DOUBLED + "{{ '{}'.format(ns.t) }}", f"an argument {PRINTS_LONGER}"),
    "namespace printed": (DOUBLED + "{{ ns }}", f"a value {PRINTS_LONGER}"),
    "list nested deep": (
        "{% set ns = namespace(l=[]) %}{% for i in range(20000) %}{% set ns.l = [ns.l] %}{% endfor %}{{ ns.l }}",
        "nested too deeply",
    ),
    # JSON with an indent: sized from the value's lines and depths and the indent before it runs
    "tojson of deep data with an indent": (
        "{% set ns = namespace(l=[1]) %}{% for i in range(900) %}{% set ns.l = [ns.l] %}{% endfor %}"
        "{{ ns.l|tojson(indent=100000)|length }}",
        f"filter tojson: {TOO_LONG}",
    ),
    "tojson of wide data with an indent": (
        "{{ ([range(1000)|list] * 1000)|tojson(indent=1000)|length }}",
        f"filter tojson: {TOO_LONG}",
    ),
    "tojson with a huge indent": (
        "{{ (range(1000)|list)|tojson(indent='x' * 1000000)|length }}",
        f"filter tojson: {TOO_LONG}",
    ),
    # growing lists and captured output
    "list extended by itself": (
        "{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}",
        "extend(): a list or mapping of more than 2,000,000 items",
    ),
    "block capturing one value many times": (
        BIG + "{% set x %}{% for i in range(20) %}{{ big }}{% endfor %}{% endset %}",
        "a macro or block's output longer than the document may be, 20 MiB",
    ),
    "macro writing one value many times": (
        BIG + "{% macro m() %}{% for i in range(20) %}{{ big }}{% endfor %}{% endmacro %}{{ m()|length }}",
        "a macro or block's output longer than the document may be, 20 MiB",
    ),
    "output": ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", "the document is longer than 20 MiB"),
}

BOUNDED = {
    "urlize of a long word": "{{ ('a@' * 1000000)|urlize|length }}",
    "urlize of dots": "{{ ('http://' + 'a.' * 900000)|urlize|length }}",
    "striptags of open brackets": "{{ ('<' * 1000000)|striptags|length }}",
    "title of dashes": "{{ ('-' * 2000000)|title|length }}",
    "int of many digits": "{{ ('9' * 1999999)|int }}",
    "a power written left to right": "{{ 10 ** 10 ** 10 }}",
    "a list holding itself": "{% set l = [] %}{{ l.append(l) }}{{ l }}",
    "a long list printed": "{{ range(100000)|list|length }} {{ (range(100000)|list)[:3] }}",
    "JSON of deep data with an indent": (
        "{% set ns = namespace(l=[1]) %}{% for i in range(400) %}{% set ns.l = [ns.l, i] %}{% endfor %}"
        "{{ ns.l|tojson(indent=2)|length }} {{ (range(1000)|list)|tojson(indent='  ')|length }}"
    ),
}
"""Hostile-looking expressions that are bounded as they are: they render, quickly, in bounded memory."""

CHILD = """
import json, os, resource, sys, time
limit = 1536 * 2**20  # far above what one document needs: only a check that stopped holding reaches it
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from tests.helpers import Sco
sco = Sco()
results = {}
os.environ["SCO_LIMIT_TEMPLATE_SECONDS"] = "300"  # refused before they run, not stopped by the deadline
for name, args in json.load(sys.stdin).items():
    started = time.monotonic()
    result = sco(*args)
    results[name] = {"code": result.exit_code, "stderr": result.stderr, "seconds": time.monotonic() - started}
print(json.dumps(results))
"""


def run_limited(cases: dict[str, list[str]]) -> dict[str, dict[str, object]]:
    """Each case's exit code, standard error and seconds, run in one child process with 1.5 GiB of
    address space at most."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD], input=json.dumps(cases), capture_output=True, text=True, cwd=ROOT, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results: dict[str, dict[str, object]] = json.loads(done.stdout.splitlines()[-1])
    return results


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    folders = {name: office(tmp_path_factory.mktemp("attack"), source) for name, (source, _) in ATTACKS.items()}
    results = run_limited({name: generate(folder) for name, folder in folders.items()})
    return folders, results


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits")
@pytest.mark.parametrize("case", ATTACKS, ids=str)
def test_a_hostile_template_is_one_line_at_once(attacked, case):
    folders, results = attacked
    result, folder, why = results[case], folders[case], ATTACKS[case][1]
    stderr = str(result["stderr"])
    assert result["code"] == 2, stderr  # a template error, never exit 3
    assert stderr.startswith(f"sco: error: {folder / 'tpl' / TEMPLATE}:1: template error: "), stderr
    assert why in stderr, stderr
    assert len(stderr.splitlines()) == 1 and len(stderr) < 600, stderr
    assert float(result["seconds"]) < 15, result  # refused before it runs: never the deadline of 300 s
    assert not (folder / "out").exists() or not list((folder / "out").iterdir())


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits")
def test_expressions_that_are_bounded_as_they_are_still_render(tmp_path):
    folders = {}
    for index, (name, source) in enumerate(BOUNDED.items()):
        (tmp_path / str(index)).mkdir()
        folders[name] = office(tmp_path / str(index), source)
    results = run_limited({name: generate(folder) for name, folder in folders.items()})
    for name, result in results.items():
        assert result["code"] == 0, (name, result)
        assert float(result["seconds"]) < 15, (name, result)


def test_the_time_budget_is_a_setting_checked_while_the_loop_runs(sco, tmp_path, monkeypatch):
    monkeypatch.setenv("SCO_LIMIT_TEMPLATE_SECONDS", "0.5")
    folder = office(tmp_path, BUSY)
    result = sco(*generate(folder))
    assert result.exit_code == 2, result.output
    assert "the template took more than 0.5 seconds (setting SCO_LIMIT_TEMPLATE_SECONDS)" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGALRM")
def test_the_deadline_stops_a_template_busy_inside_filters(sco, tmp_path, monkeypatch):
    """Between two checks (no output, no loop tick, no call), the alarm still stops the render on time."""
    monkeypatch.setenv("SCO_LIMIT_TEMPLATE_SECONDS", "1")
    folder = office(tmp_path, LONG_FILTERS)
    started = time.monotonic()
    result = sco(*generate(folder))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"sco: error: {folder / 'tpl' / TEMPLATE}:1: template error: ")
    assert "the template took more than 1 seconds" in result.stderr and len(result.stderr.splitlines()) == 1
    assert time.monotonic() - started < 30  # the loop alone runs for minutes


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the memory cap is an address-space limit (Linux)")
def test_a_template_that_keeps_what_it_builds_stops_at_its_memory_budget(sco, tmp_path, monkeypatch):
    monkeypatch.setenv("SCO_LIMIT_TEMPLATE_MEMORY_MIB", "64")
    source = "{% set ns = namespace(l=[]) %}{% for i in range(1000) %}{{ ns.l.append('x' * (10**6 + i)) }}{% endfor %}"
    folder = office(tmp_path, source)
    result = sco(*generate(folder))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"sco: error: {folder / 'tpl' / TEMPLATE}:1: template error: ")
    assert "needs more than 64 MiB of memory (setting SCO_LIMIT_TEMPLATE_MEMORY_MIB)" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    (tmp_path / "plain").mkdir()
    again = sco(*generate(office(tmp_path / "plain", "{{ 'x' * 100 }}\n")))  # the limit is put back after
    assert again.exit_code == 0, again.output


def test_ordinary_templates_still_render_amounts_and_widths(sco, tmp_path):
    source = (
        "{{ '{:,}'.format(12500000) }} {{ 'x'.center(20) }} {{ [1, 2]|sum }} {{ lipsum(2, min=5, max=20)|length > 0 }}"
        " {{ '%s-%03d' % ('FY', 7) }} {{ {'a': [1, 2]} == {'a': [1, 2]} }} {{ ['b', 'a']|sort|join(',') }}"
        " {{ ('a b ' * 50)|wordwrap(20)|length }} {{ 'a\tb'.expandtabs(4) }} {{ 'ab'.translate({97: 'A'}) }}"
        " {{ (258).to_bytes(2, 'big')|list }}"
    )
    folder = office(tmp_path, source + "\n")
    out = folder / "out"
    result = sco(*generate(folder))
    assert result.exit_code == 0, result.output
    [written] = list(out.iterdir())
    text = written.read_text()
    assert "12,500,000" in text and "3 yes" in text and "FY-007 yes a,b" in text and "Ab \\[1, 2\\]" in text, text


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def _ctrl_c_as_in_a_terminal() -> None:
    """A test run started in the background (`pytest &`) ignores SIGINT, and sco rightly keeps a SIGINT
    ignored at its start: the child gets Ctrl-C's usual action, as a foreground job has."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(("stop", "source"), [(signal.SIGTERM, BUSY), (signal.SIGINT, LONG_FILTERS)], ids=str)
def test_a_signal_stops_a_busy_template_at_once(tmp_path, stop, source):
    folder = office(tmp_path, source)
    out = folder / "out"
    env = {**os.environ, "SCO_LIMIT_TEMPLATE_SECONDS": "600"}
    process = subprocess.Popen(
        [sys.executable, "-m", "sco_cli", *generate(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    time.sleep(3)  # well inside the render (the template alone takes minutes)
    assert process.poll() is None, process.communicate()
    sent = time.monotonic()
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=60)
    stopped = time.monotonic() - sent
    assert process.returncode == 130, stderr
    assert stopped < 10, stopped  # at once, not when the template ends
    assert not out.exists() or not list(out.iterdir())


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=3), inner, max_size=4),
        inner.map(lambda shared: [shared, [shared], {"a": shared}]),  # one value held at several depths
    ),
    max_leaves=40,
)


@settings(max_examples=500, deadline=None)
@given(json_values, st.integers(min_value=0, max_value=12))
def test_tojson_with_an_indent_is_sized_exactly(value, width):
    """What `tojson` refuses before it runs is what JSON would add: a line end before every item and
    closing bracket, and the depth times the indent (never less, or a template could pass the size)."""
    added = len(json.dumps(value, indent=width)) - len(json.dumps(value, separators=(",", ": ")))
    assert indented_size(value, width, 10**12) == added
