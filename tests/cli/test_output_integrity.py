"""Output integrity (issue 20 point 6): what sco writes is whole or refused in one line. Standard output on
a full disk or a closed pipe, `-o` under concurrent runs, CSV cells a spreadsheet would run as formulas,
file names that are not UTF-8, files written outside `-o`, and JSON that is always JSON.

Each test runs the real CLI; the docstrings say what each showed before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import AS_OF, EXAMPLES

HAS_DEV_FULL = Path("/dev/full").exists()


def _run(args: list[str], *, buffered: bool = True, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    if buffered:
        env.pop("PYTHONUNBUFFERED", None)
    else:
        env["PYTHONUNBUFFERED"] = "1"
    env.update(kwargs.pop("env", {}))
    return subprocess.run(
        [sys.executable, "-P", "-m", "sco_cli.main", *args], env=env, capture_output="stdout" not in kwargs, **kwargs
    )


# (a) standard output that cannot be written


@pytest.mark.skipif(not HAS_DEV_FULL, reason="needs /dev/full")
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "args",
    [
        ["lor", "--help"],  # Click's help: 'sco: internal error: OSError: [Errno 28] ...' (exit 3)
        ["translation", "letter", "--help"],
        ["rules", "list"],
        ["check", str(EXAMPLES), "--as-of", AS_OF, "--format", "csv"],
        ["calendar", str(EXAMPLES), "--as-of", AS_OF],
    ],
    ids=" ".join,
)
def test_a_full_disk_on_standard_output_is_one_line_and_exit_2(args, buffered):
    """Every way sco writes to standard output (its own emit, print, Click's help) meets the full disk
    the same way: one line naming it, exit 2; not a bug in sco (exit 3), not a silent exit 0."""
    with open("/dev/full", "wb") as full:
        done = _run(args, buffered=buffered, stdout=full, stderr=subprocess.PIPE)
    lines = done.stderr.decode().splitlines()
    assert done.returncode == 2, done.stderr
    assert lines == ["sco: error: cannot write to standard output: No space left on device"]


def test_a_reader_that_leaves_after_ten_bytes_is_not_a_traceback(tmp_path):
    """`sco rules explain ... | head -c 10` on every path: exit 0 (the reader left: as `head` expects,
    docs/commands.md), nothing on stderr."""
    for args in (["rules", "list"], ["lor", "--help"], ["rules", "list", "--format", "json"]):
        process = subprocess.Popen(
            [sys.executable, "-P", "-m", "sco_cli.main", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()
        err = process.stderr.read()
        assert (process.wait(timeout=120), err) == (0, b""), args


# (b) -o without --force, under concurrent runs


def test_a_file_created_while_sco_writes_is_refused_not_overwritten(sco, tmp_path, monkeypatch):
    """Another run creates the same -o between sco's existence check and its rename (simulated at the
    fsync, the slowest step of the window): sco renamed over it (the other run's file lost, exit 0); now it
    refuses in one line, leaves the other's file whole and no temporary file behind."""
    target = tmp_path / "javits.csv"
    real_fsync = os.fsync

    def another_run_finishes_first(fd: int) -> None:
        real_fsync(fd)
        if not target.exists():
            target.write_text("the other run's report\n")

    monkeypatch.setattr(os, "fsync", another_run_finishes_first)
    result = sco("javits", "report", EXAMPLES, "--as-of", AS_OF, "-o", target)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.splitlines() == [f"sco: error: {target}: already exists; use --force to replace it"]
    assert target.read_text() == "the other run's report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["javits.csv"]


def test_with_force_the_file_created_meanwhile_is_replaced(sco, tmp_path, monkeypatch):
    target = tmp_path / "javits.csv"
    real_fsync = os.fsync

    def another_run_finishes_first(fd: int) -> None:
        real_fsync(fd)
        target.write_text("the other run's report\n")

    monkeypatch.setattr(os, "fsync", another_run_finishes_first)
    result = sco("javits", "report", EXAMPLES, "--as-of", AS_OF, "-o", target, "--force")
    assert result.exit_code == 0, result.stderr
    assert target.read_text().startswith("id,description,")


def test_on_a_file_system_without_hard_links_the_name_is_claimed_exclusively(sco, tmp_path, monkeypatch):
    """FAT or a network share: link(2) says EPERM; sco claims the name with O_EXCL and renames over it."""
    import errno

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "javits.csv"
    assert sco("javits", "report", EXAMPLES, "--as-of", AS_OF, "-o", target).exit_code == 0
    assert target.read_text().startswith("id,description,")
    again = sco("javits", "report", EXAMPLES, "--as-of", AS_OF, "-o", target)
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["javits.csv"]


def test_six_runs_writing_the_same_output_at_once_one_wins_the_others_refuse(tmp_path):
    """Six concurrent `sco cta generate ... -o cta.docx` without --force overwrote each other (each exit 0,
    each saying 'wrote'); now exactly one writes, five refuse (exit 2, one line), and the file is whole."""
    target = tmp_path / "cta.docx"
    args = ["cta", "generate", str(EXAMPLES / "lor-cta.yaml"), "-o", str(target), "--as-of", AS_OF]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-P", "-m", "sco_cli.main", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(6)
    ]
    outcomes = [(run.wait(timeout=300), run.stdout.read(), run.stderr.read()) for run in runs]  # type: ignore[union-attr]
    codes = sorted(code for code, _, _ in outcomes)
    assert codes == [0, 2, 2, 2, 2, 2], outcomes
    for code, _, err in outcomes:
        if code == 2:
            assert err.decode().splitlines() == [f"sco: error: {target}: already exists; use --force to replace it"]
    import zipfile

    assert zipfile.ZipFile(target).testzip() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cta.docx"]
