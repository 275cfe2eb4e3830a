"""Hostile command lines where the quick path (`sco_cli.cli.quick`, argparse) and Typer disagree, and exit
codes that break the contract (0 clean, 1 findings, 2 usage, 3 a bug in sco, 130 interrupted).

Each test here failed when written (a hostile pass over the quick path); the docstrings say what each showed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_quick import recorded, through_quick, through_typer
from tests.helpers import EXAMPLES

__all__ = ["recorded"]  # the fixture, shared with tests/cli/test_quick.py


@pytest.mark.parametrize(
    "args",
    [
        # argparse splits a short option at "=" (`-j=3` is -j 3); Click gives the value "=3" / "=json"
        ["check", "-j=3", "a.yaml"],
        ["check", "-f=json", "a.yaml"],
        ["lor", "check", "-f=csv", "a.yaml"],
        # argparse takes a dash-word with a space, or a negative-looking decimal, as a positional;
        # Click says "No such option"
        ["check", "-x y.yaml"],
        ["check", "--strict x.yaml"],
        ["check", "- "],
        ["check", "-- ", "a.yaml"],
        ["check", "-.5"],
        # Python's int() reads any Unicode decimal digit; Typer (Pydantic) refuses them
        ["check", "-j", "\uff13", "a.yaml"],  # FULLWIDTH DIGIT THREE
        ["check", "--jobs=\u0663", "a.yaml"],  # ARABIC-INDIC DIGIT THREE
        ["student", "check", "-j", "\U0001d7d1", "a.yaml"],  # MATHEMATICAL BOLD DIGIT THREE
    ],
    ids=repr,
)
def test_the_quick_path_takes_only_what_typer_takes_with_the_same_arguments(args, recorded):
    """The quick path must leave a line to Typer or make Typer's call; these it runs where Typer refuses
    the line (or, for -f=json, calls run_check with format '=json' and so exits 2)."""
    fast = through_quick(args, recorded)
    assert fast is None or fast == through_typer(args, recorded)


def test_short_option_with_equals_sign_is_refused_as_typer_refuses_it(sco):
    """`sco check -f=json FILE` prints JSON and exits 0 on the quick path; Typer reads the format as
    '=json' and stops with `sco: error: --format =json: choose one of text, json, csv`, exit 2."""
    result = sco("check", "-f=json", EXAMPLES / "lor-complete.yaml")
    assert result.exit_code == 2, result.stdout[:200]
    assert "--format =json" in result.stderr


def test_a_dash_word_with_a_space_is_no_such_option_not_a_path(sco, tmp_path, monkeypatch):
    """A file named '-x y.yaml' exists: the quick path checks it (exit 0); Typer says
    'No such option: -x' (exit 2), as for any other unknown option."""
    shutil.copy(EXAMPLES / "lor-complete.yaml", tmp_path / "-x y.yaml")
    monkeypatch.chdir(tmp_path)
    result = sco("check", "-x y.yaml")
    assert result.exit_code == 2, result.stdout[:200]
    assert "No such option" in result.stderr


def test_unicode_digits_for_jobs_are_refused_as_typer_refuses_them(sco):
    """`sco check -j \\uff13 FILE` (a fullwidth 3) runs (exit 0) on the quick path; Typer says
    "Invalid value for '--jobs' / '-j'", exit 2."""
    result = sco("check", "-j", "\uff13", EXAMPLES / "lor-complete.yaml")
    assert result.exit_code == 2, result.stdout[:200]
    assert "Invalid value for '--jobs'" in result.stderr


def _sco_process(args: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # a buffered stdout, as for users
    return subprocess.Popen([sys.executable, "-P", "-m", "sco_cli.main", *args], env=env, **kwargs)


def _first_line_then_close(args: list[str]) -> tuple[int, bytes]:
    process = _sco_process(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # `| head -1`: the reader leaves
    err = process.stderr.read()
    return process.wait(timeout=120), err


def test_a_reader_that_leaves_early_gives_exit_0_on_the_typer_path_too(tmp_path):
    """`sco check -f json -j -0 CLEAN | head -1` exits 1 (Click's own EPIPE handling: sys.exit(1)),
    although no file has a finding; the same check on the quick path (`-j 0`) exits 0, as
    sco_cli.main.handle_errors intends for a broken pipe."""
    for n in range(400):
        shutil.copy(EXAMPLES / "lor-complete.yaml", tmp_path / f"l{n}.yaml")
    quick_code, quick_err = _first_line_then_close(["check", "-f", "json", "-j", "0", str(tmp_path)])
    assert (quick_code, quick_err) == (0, b"")  # the quick path: the pipe broke, and exit 0
    typer_code, typer_err = _first_line_then_close(["check", "-f", "json", "-j", "-0", str(tmp_path)])
    assert (typer_code, typer_err) == (0, b"")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_on_stdout_is_not_reported_as_a_bug_in_sco():
    """`sco check FILE >/dev/full` (both paths): 'sco: internal error: OSError: [Errno 28] No space left on
    device (this is a bug in sco; ...)', then Python's 'Exception ignored in: <_io.TextIOWrapper
    name='<stdout>' ...>' and exit 120 (exit 3 with PYTHONUNBUFFERED=1). A full disk is not a bug in sco."""
    with open("/dev/full", "wb") as full:
        process = _sco_process(["check", str(EXAMPLES / "lor-complete.yaml")], stdout=full, stderr=subprocess.PIPE)
        _, err = process.communicate(timeout=120)
    assert process.returncode in (0, 1, 2, 130), err
    assert b"bug in sco" not in err
    assert b"Exception ignored" not in err


def test_a_closed_stdout_is_not_reported_as_a_bug_in_sco():
    """`sco check FILE >&-` (both paths): exit 3 and "sco: internal error: AttributeError: 'NoneType'
    object has no attribute 'isatty' (this is a bug in sco; ...)"."""
    process = _sco_process(
        ["check", str(EXAMPLES / "lor-complete.yaml")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),  # the child starts with fd 1 closed
    )
    _, err = process.communicate(timeout=120)
    assert process.returncode != 3, err
    assert b"bug in sco" not in err
