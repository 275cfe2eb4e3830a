"""The quick path (`sco_cli.cli.quick`) must run exactly what Typer would, or leave the line to Typer.

Both parsers end in `run_check`; these tests replace it with a recorder and compare the recorded calls
for the same command line: whatever the quick path accepts, Typer accepts with the same arguments."""

from __future__ import annotations

import contextlib
import inspect
import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sco_cli.app import checking
from sco_cli.cli import quick
from sco_cli.cli.app import run_typer
from sco_cli.cli.quick import QUICK_CHECKS
from tests.helpers import EXAMPLES

REAL_RUN_CHECK = checking.run_check
CHECK_OPTIONS = {
    *("paths", "format", "as_of", "config", "strict", "quiet", "jobs", "color", "skip_kindless", "fix", "diff"),
}


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def record(*args: Any, **kwargs: Any) -> int:
        bound = inspect.signature(REAL_RUN_CHECK).bind(*args, **kwargs)
        bound.apply_defaults()
        calls.append(dict(bound.arguments))
        return 0

    import sco_cli.cli.commands.check

    for module in (checking, sco_cli.cli.commands.check):
        monkeypatch.setattr(module, "run_check", record)
    return calls


def through_typer(args: list[str], calls: list[dict[str, Any]]) -> dict[str, Any] | None:
    before = len(calls)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        run_typer(list(args))
    return calls[-1] if len(calls) > before else None


def through_quick(args: list[str], calls: list[dict[str, Any]]) -> dict[str, Any] | None:
    command = quick.quick_command(list(args))
    if command is None:
        return None
    before = len(calls)
    command()
    assert len(calls) == before + 1
    return calls[-1]


COMMON = [
    ["check", "examples/"],
    ["lor", "check", "examples/lor-complete.yaml"],
    ["check", "-f", "json", "--as-of", "2026-01-01", "a.yaml", "b.yaml"],
    ["check", "a.yaml", "--format", "csv", "b.yaml"],  # options between paths, as Click allows
    ["student", "check", "-qj2", "x.yaml"],
    ["training", "plan", "check", "--strict", "--config=sco.yaml", "plan.yaml"],
    ["industry", "check", "--color", "never", "-"],
    ["visit", "check", "--jobs=3", "--", "-odd-name.yaml"],
    ["eum", "check", "--as-of=2026-02-30", "e.yaml"],  # a bad date is run_check's to refuse, either way
    ["check"],  # no path: the current folder, as ruff and yamllint
    ["check", "-f", "sarif", "--skip-kindless", "a.yaml"],
    ["lor", "check", "--format=github"],
    ["check", "--fix", "a.yaml"],
    ["student", "check", "--diff", "-f", "json", "--fix", "x.yaml"],
]


@pytest.mark.parametrize("args", COMMON, ids=" ".join)
def test_common_check_lines_take_the_quick_path_with_typer_s_arguments(args, recorded):
    assert through_quick(args, recorded) == through_typer(args, recorded) is not None


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--help"],
        ["lor", "check", "-h", "a.yaml"],
        ["check", "--form", "json", "a.yaml"],  # an abbreviation Click refuses
        ["check", "-j", "-1", "a.yaml"],
        ["check", "--jobs", "two", "a.yaml"],
        ["check", "-5"],  # Click: no such option
        ["check", "--strict=yes", "a.yaml"],
        ["lor", "route", "a.yaml"],
        ["--debug", "check", "a.yaml"],
    ],
    ids=" ".join,
)
def test_lines_typer_must_answer_are_left_to_it(args):
    assert quick.quick_command(args) is None


def test_shell_completion_is_left_to_typer(monkeypatch):
    monkeypatch.setenv("_SCO_COMPLETE", "bash_complete")
    assert quick.quick_command(["check", "a.yaml"]) is None


def test_every_quick_path_is_a_typer_check_command(recorded):
    for path, kind in QUICK_CHECKS.items():
        call = through_typer([*path, "f.yaml"], recorded)
        assert call is not None and call["only_kind"] == kind, path


def test_every_check_command_has_a_quick_path():
    """QUICK_CHECKS is derived from the kinds table, as the Typer groups are: this holds the two
    derivations together (a check only Typer knew would pay for Typer on every run)."""
    import typer

    from sco_cli.cli.groups import command_groups

    def check_paths(command: Any, path: tuple[str, ...]) -> list[tuple[str, ...]]:
        if not hasattr(command, "commands"):  # a file check takes exactly the quick path's options
            return [path] if {param.name for param in command.params} == CHECK_OPTIONS else []
        return [p for name, sub in getattr(command, "commands", {}).items() for p in check_paths(sub, (*path, name))]

    found = [("check",)]
    for name, group in command_groups().items():
        built = group.build()
        command = typer.main.get_command(built) if group.single else typer.main.get_group(built)
        found += check_paths(command, (name,))
    assert sorted(found) == sorted(QUICK_CHECKS)


TOKENS = [
    "a.yaml",
    "b dir",
    "-",
    "--",
    "é.yaml",
    "",
    "--format",
    "-f",
    "json",
    "csv",
    "--format=csv",
    "sarif",
    "--skip-kindless",
    "--fix",
    "--diff",
    "--fix=1",
    "-fjson",
    "--as-of",
    "2026-01-01",
    "--as-of=",
    "--config",
    "--config=",
    "--strict",
    "--strict=1",
    "--quiet",
    "-q",
    "-qj",
    "-qf",
    "-qq",
    "-j",
    "-j0",
    "2",
    "0",
    "-1",
    "-5",
    "1.5",
    " 3",
    "--jobs=3",
    "--jobs",
    "--color",
    "never",
    "--colo",
    "--help",
    "-h",
    "--form",
    "-x",
    "--unknown",
    "--strict=",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from([*QUICK_CHECKS, ("lor", "route"), ("student",), ("checks",)]),
    rest=st.lists(st.sampled_from(TOKENS), max_size=7),
)
def test_the_quick_path_never_disagrees_with_typer(path, rest, recorded):
    args = [*path, *rest]
    fast = through_quick(args, recorded)
    if fast is not None:
        assert fast == through_typer(args, recorded), args


def test_the_comparison_above_is_not_vacuous(recorded):
    """Of 300 random lines, a fair share must take the quick path (and agree), or the property test
    above would compare nothing."""
    import random

    rng = random.Random(0)
    taken = 0
    for _ in range(300):
        args = [*rng.choice(list(QUICK_CHECKS)), *(rng.choice(TOKENS) for _ in range(rng.randint(1, 7)))]
        fast = through_quick(args, recorded)
        if fast is not None:
            taken += 1
            assert fast == through_typer(args, recorded), args
    assert taken >= 30


def test_a_quick_check_imports_no_typer():
    import json
    import subprocess
    import sys

    probe = (
        "import contextlib, io, json, sys\n"
        "from sco_cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['lor', 'check', {str(EXAMPLES / 'lor-complete.yaml')!r}])\n"
        "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    assert [m for m in result["modules"] if m.split(".")[0] in ("typer", "click", "rich")] == []
