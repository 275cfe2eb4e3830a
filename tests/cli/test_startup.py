"""`sco --version` and `sco --help` must not import the models, Jinja2 or python-docx.

Checked in a fresh interpreter, because this test process has imported everything already."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import contextlib, io, json, sys
from sco_cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main({args!r})
print(json.dumps({{"code": code, "modules": sorted(sys.modules)}}))
"""
HEAVY = ("jinja2", "docx", "pydantic", "sco_cli.lor.model", "sco_cli.core.office", "sco_cli.core.pipeline")


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_fast_paths_import_nothing_heavy(args):
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, check=True)
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe["code"] == 0
    loaded = [m for m in probe["modules"] if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert loaded == []


def test_subcommand_help_does_not_import_models_or_renderers():
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=["lor", "check", "--help"])],
        capture_output=True,
        text=True,
        check=True,
    )
    modules = json.loads(out.stdout.strip().splitlines()[-1])["modules"]
    heavy = ("sco_cli.core.pipeline", "sco_cli.core.office", "sco_cli.core.render")
    assert not [m for m in modules if m.split(".")[0] in ("jinja2", "docx") or m.endswith(".model") or m in heavy]


def test_top_level_help_imports_neither_typer_nor_rich():
    probe = PROBE.format(args=["--help"])
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    modules = json.loads(out.stdout.strip().splitlines()[-1])["modules"]
    assert [m for m in modules if m.split(".")[0] in ("typer", "rich", "click", "dataclasses")] == []


def test_plain_help_lists_what_the_app_runs(sco):
    """The plain top-level help and the Typer app read the same table; this holds them together."""
    from sco_cli.cli.app import build_app
    from sco_cli.cli.help import commands

    plain = sco("--help")
    assert plain.exit_code == 0
    import typer

    group = typer.main.get_group(build_app())
    listed = group.list_commands(None)  # type: ignore[arg-type]
    assert listed == list(commands())
    for name in listed:
        command = group.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.help == commands()[name]
        assert f"  {name} " in plain.stdout
    assert sco().exit_code == 2


def test_group_help_is_still_typer_s(sco):
    result = sco("lor", "--help")
    assert result.exit_code == 0 and "check" in result.stdout and "route" in result.stdout


RENDERERS = ("jinja2", "docx", "typer", "click", "sco_cli.core.render", "sco_cli.core.markup")


@pytest.mark.parametrize(
    "example",
    ["lor-complete.yaml", "lor-cta.yaml", "sco.yaml", "students/ready.yaml", "eum.yaml", "training-plan.yaml"],
)
def test_one_file_check_imports_no_renderer(example):
    """A check writes no document: the renderer, Jinja2, python-docx and Typer stay unimported (issue 20
    point 9: each costs a one-file check milliseconds it does not need)."""
    from tests.helpers import EXAMPLES

    args = ["check", str(EXAMPLES / example)]
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, check=True)
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe["code"] == 0
    assert [m for m in probe["modules"] if any(m == h or m.startswith(h + ".") for h in RENDERERS)] == []


COLLECTOR_PROBE = """
import gc, json, sys
import sco_cli.app.checking, sco_cli.cli.app
seen = {{}}
def watching(name, run):
    def wrapped(*args, **kwargs):
        seen[name] = [gc.isenabled(), gc.get_freeze_count() > 0]
        return run(*args, **kwargs)
    return wrapped
sco_cli.app.checking.run_check = watching("check", sco_cli.app.checking.run_check)
sco_cli.cli.app.run_typer = watching("typer", sco_cli.cli.app.run_typer)
sys.argv = ["sco", *{args!r}]
from sco_cli.main import main
code = main()
print(json.dumps({{"code": code, "seen": seen, "after": [gc.isenabled(), gc.get_freeze_count() > 0]}}))
"""


@pytest.mark.parametrize(
    ("args", "path"),
    [(["lor", "check", "lor-complete.yaml"], "check"), (["lor", "route", "lor-complete.yaml"], "typer")],
)
def test_the_collector_runs_while_the_command_runs(args, path):
    """sco's own process starts with the garbage collector off and freezes what start-up made once the
    command's code is imported (main._started): the command itself runs with the collector on, so a long
    run's memory stays bounded, whichever parser read the command line."""
    from tests.helpers import EXAMPLES

    args = [str(EXAMPLES / arg) if arg.endswith(".yaml") else arg for arg in args]
    probe_code = COLLECTOR_PROBE.format(args=args)
    out = subprocess.run([sys.executable, "-c", probe_code], capture_output=True, text=True, check=True)
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe["code"] == 0
    assert probe["seen"] == {path: [True, True]}
    assert probe["after"] == [True, True]  # frozen again at the end: the teardown searches nothing


def test_in_process_callers_keep_their_collector():
    """A caller running `main(argv)` in its own process (the tests, an embedding script) keeps its
    collector as it was: only sco's own process changes it."""
    import contextlib
    import gc
    import io

    from sco_cli.main import main
    from tests.helpers import EXAMPLES

    frozen = gc.get_freeze_count()
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["lor", "check", str(EXAMPLES / "lor-complete.yaml")]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_in_process_callers_get_their_signal_handlers_back():
    """`main(argv)` in a caller's own process puts back the SIGINT and SIGTERM handlers it found: before,
    sco's stayed installed and, the command being finished, only noted a later Ctrl-C (the caller's
    KeyboardInterrupt never came)."""
    import contextlib
    import io
    import signal

    from sco_cli.main import main
    from tests.helpers import EXAMPLES

    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["lor", "check", str(EXAMPLES / "lor-complete.yaml")]) == 0
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
