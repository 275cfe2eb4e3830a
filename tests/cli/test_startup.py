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
