"""Office templates run under a time and an output budget checked while they run, and nothing they ask
for runs long in one step of C code, so Ctrl-C and SIGTERM still stop them (issue 20 point 5)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import AS_OF, EXAMPLES

TEMPLATE = "ito-data-sheet.md.j2"
BUSY = (
    "{% for i in range(100000) %}{% for j in range(10) %}{{ (i|string).center(5000)|length }}{% endfor %}{% endfor %}"
)
"""A million small steps, each well inside every limit: only the time budget (or a signal) stops it."""


def office(tmp_path: Path, source: str) -> Path:
    (tmp_path / "sco.yaml").write_text((EXAMPLES / "sco.yaml").read_text() + "templates: tpl\n")
    shutil.copy(EXAMPLES / "students" / "ready.yaml", tmp_path / "ready.yaml")
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / TEMPLATE).write_text(source)
    return tmp_path


ATTACKS = {
    "lipsum": ("{{ lipsum(100000000) }}", "lipsum() of more than 100,000 words"),
    "center": ("{{ 'x'.center(3000000000) }}", "center(3000000000): a value of more than 2,000,000 characters"),
    "ljust": ("{{ 'x'.ljust(2000001) }}", "ljust(2000001)"),
    "sum of lists": ("{{ range(100000)|map('string')|map('list')|sum(start=[]) }}", "start must be a number"),
    "format width": ("{{ '{:>999999999}'.format(1) }}", "a format width or precision of a million or more"),
    "percent width": ("{{ '%0999999999d' % 1 }}", "a format width or precision of a million or more"),
    "format filter width": ("{{ '%0999999999d'|format(1) }}", "a format width or precision of a million or more"),
    "width from a value": ("{{ '{:>{w}}'.format(1, w=999999999) }}", "a format width taken from a value"),
    "star width": ("{{ '%*d' % (999999999, 1) }}", "a format width taken from a value"),
    "squaring": (
        "{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
        "too large a number",
    ),
    "replace": ("{{ ('a'*2000000)|replace('a', 'a'*100000) }}", "filter replace: a value of more than 2,000,000"),
    "replace method": ("{{ ('a'*2000000).replace('a', 'aaaa') }}", "replace: a value of more than 2,000,000"),
    "join": ("{{ (['x'*2000000]*1000)|join }}", "filter join: a value of more than 2,000,000"),
    "join method": ("{{ ''.join(['x'*2000000]*1000) }}", "join: a value of more than 2,000,000"),
    "indent": ("{{ ('\\n'*1000000)|indent(100000) }}", "filter indent: a value of more than 2,000,000"),
    "output": ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", "the document is longer than 20 MiB"),
}


@pytest.mark.parametrize("case", ATTACKS, ids=str)
def test_a_template_over_budget_is_one_line_at_once(sco, tmp_path, case):
    source, why = ATTACKS[case]
    folder = office(tmp_path, source)
    out = folder / "out"
    result = sco("ito", "generate", folder / "ready.yaml", "-o", out, "--format", "md", "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"sco: error: {folder / 'tpl' / TEMPLATE}:1: template error: ")
    assert why in result.stderr and len(result.stderr.splitlines()) == 1
    assert not out.exists() or not list(out.iterdir())


def test_the_time_budget_is_a_setting_checked_while_the_loop_runs(sco, tmp_path, monkeypatch):
    monkeypatch.setenv("SCO_LIMIT_TEMPLATE_SECONDS", "0.5")
    busy = BUSY
    folder = office(tmp_path, busy)
    result = sco("ito", "generate", folder / "ready.yaml", "-o", folder / "out", "--format", "md", "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert "the template took more than 0.5 seconds (setting SCO_LIMIT_TEMPLATE_SECONDS)" in result.stderr


def test_ordinary_templates_still_render_amounts_and_widths(sco, tmp_path):
    source = (
        "{{ '{:,}'.format(12500000) }} {{ 'x'.center(20) }} {{ [1, 2]|sum }} {{ lipsum(2, min=5, max=20)|length > 0 }}"
    )
    folder = office(tmp_path, source + "\n")
    out = folder / "out"
    result = sco("ito", "generate", folder / "ready.yaml", "-o", out, "--format", "md", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    [written] = list(out.iterdir())
    assert "12,500,000" in written.read_text() and "3 yes" in written.read_text()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_stops_a_busy_template_at_once(tmp_path):
    busy = BUSY
    folder = office(tmp_path, busy)
    out = folder / "out"
    env = {**os.environ, "SCO_LIMIT_TEMPLATE_SECONDS": "600"}
    command = [sys.executable, "-m", "sco_cli", "ito", "generate", str(folder / "ready.yaml"), "-o", str(out)]
    process = subprocess.Popen(
        [*command, "--format", "md", "--as-of", AS_OF], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    time.sleep(3)  # well inside the render (the loop alone takes tens of seconds)
    assert process.poll() is None, process.communicate()
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    stopped = time.monotonic() - sent
    assert process.returncode == 130, stderr
    assert stopped < 10, stopped  # at once, not when the template ends
    assert not out.exists() or not list(out.iterdir())
