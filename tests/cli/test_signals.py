"""Stopping sco: its worker processes never outlive it, whatever kills it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.helpers import AS_OF, EXAMPLES

PROC = Path("/proc")
pytestmark = pytest.mark.skipif(not (PROC / "self" / "stat").exists(), reason="needs Linux /proc")


def _students(folder: Path, count: int) -> None:
    text = (EXAMPLES / "students" / "ready.yaml").read_text()
    (folder / "sco.yaml").write_text((EXAMPLES / "sco.yaml").read_text())
    for index in range(count):
        (folder / f"s{index:04}.yaml").write_text(text.replace("XS-P-IMT-2027-0101", f"XS-P-IMT-2027-{index:04}"))


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in (PROC / str(pid) / "task").glob("*"):
        try:
            found |= {int(child) for child in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (a dead child nobody has reaped yet)."""
    try:
        state = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_workers_die_with_a_killed_parent(tmp_path):
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    _students(source, 300)
    parent = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sco_cli",
            "ito",
            "generate",
            str(source),
            "-o",
            str(out),
            "--as-of",
            AS_OF,
            "--jobs",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and not (len(workers) >= 2 and out.is_dir() and any(out.glob("*.docx"))):
        workers |= _children(parent.pid)
        time.sleep(0.02)
    assert len(workers) >= 2, "the generation never started its workers"
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_running(pid) for pid in workers):
        time.sleep(0.05)
    assert [pid for pid in workers if _running(pid)] == []


def _ctrl_c_as_in_a_terminal() -> None:
    """A foreground job takes Ctrl-C. A test run started in the background (`pytest &`) ignores SIGINT,
    every sco it starts would inherit that, and sco rightly keeps a SIGINT ignored at its start."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


SIGNAL_RUNS = int(os.environ.get("SCO_SIGNAL_RUNS", "3"))
"""Runs per signal in CI; `SCO_SIGNAL_RUNS=25 pytest tests/test_signals.py` is the long run."""


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for child in _children(todo.pop()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("run", range(SIGNAL_RUNS))
def test_a_signal_to_the_process_group_stops_a_parallel_generation_cleanly(tmp_path, signum, run):
    """What Ctrl-C does in a terminal (the whole foreground group gets SIGINT) and what a job
    scheduler does (SIGTERM to the group): exit 130, no hang, no traceback, no `.part` file left,
    no worker left behind. The moment of the signal moves from run to run."""
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    _students(source, 400)
    command = [sys.executable, "-m", "sco_cli", "ito", "generate", str(source), "-o", str(out), "--as-of", AS_OF]
    process = subprocess.Popen(
        [*command, "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell gives a foreground job
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    wanted = 1 + (run * 7) % 60  # documents written before the signal: 1 to 57 of 400
    while time.monotonic() < deadline and process.poll() is None:
        workers |= _descendants(process.pid)
        if len(workers) >= 2 and out.is_dir() and len(list(out.glob("*.docx"))) >= wanted:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the generation ended before the signal: give it more students"
    os.killpg(process.pid, signum)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("sco hung after the signal")
    assert process.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr and b"KeyboardInterrupt" not in stderr, stderr.decode()
    assert list(out.glob(".sco-*")) == [] and list(out.glob("*.part")) == []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_running(pid) for pid in workers):
        time.sleep(0.05)
    assert [pid for pid in workers if _running(pid)] == []
    for written in out.glob("*.docx"):  # every document left behind is whole
        with zipfile.ZipFile(written) as archive:
            assert archive.testzip() is None


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_a_parallel_check_cleanly(tmp_path, signum):
    """A Ctrl-C or SIGTERM to the group in the middle of a parallel check is exit 130 with no traceback
    (none from the process pool's own thread either) and no worker left."""
    source = tmp_path / "in"
    source.mkdir()
    _students(source, 3000)
    command = [sys.executable, "-m", "sco_cli", "check", str(source), "--as-of", AS_OF, "--jobs", "2"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and process.poll() is None and not workers:
        workers |= _descendants(process.pid)
        time.sleep(0.01)
    assert process.poll() is None and workers, "the check ended before the signal: give it more students"
    time.sleep(0.3)  # into the batch: the main process is checking its share by now
    os.killpg(process.pid, signum)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("sco hung after the signal")
    assert process.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr and b"KeyboardInterrupt" not in stderr, stderr.decode()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_running(pid) for pid in workers):
        time.sleep(0.05)
    assert [pid for pid in workers if _running(pid)] == []


def test_an_interrupt_a_library_turned_into_its_own_error_is_still_exit_130(monkeypatch, capsys):
    """Pydantic raises SchemaError('... KeyboardInterrupt') when the signal lands while it builds a
    validator (seen in a parallel check under SIGTERM): exit 130 after a signal, exit 3 without one."""
    from sco_cli import main as entry

    def schema_error() -> int:
        raise RuntimeError("Error building validator: KeyboardInterrupt")

    monkeypatch.setattr(entry, "_stop_requested", False)
    assert entry.handle_errors(schema_error, debug=False) == 3
    monkeypatch.setattr(entry, "_stop_requested", True)
    assert entry.handle_errors(schema_error, debug=False) == 130
    assert capsys.readouterr().err.splitlines()[-1] == "sco: interrupted"


_INTERRUPT_WHERE_PYTHON_WANTS_IT_NOT = '''
import builtins, os, signal, sys, weakref

_exec = builtins.exec


def _exec_interrupted(source, *args, **kwargs):
    """The first `exec` of text once sco's own SIGINT handler is in place (dataclasses building a class's
    methods as sco imports Pydantic) takes a Ctrl-C: inside that text, or inside a weakref callback."""
    if isinstance(source, str) and getattr(signal.getsignal(signal.SIGINT), "__module__", "") == "sco_cli.main":
        builtins.exec = _exec
        if os.environ["SCO_TEST_CTRL_C_IN"] == "callback":
            os.write(2, b"[Ctrl-C inside a weakref callback]\\n")
            dropped = type("Dropped", (), {})()
            ref = weakref.ref(dropped, lambda _: signal.raise_signal(signal.SIGINT))
            del dropped
        else:
            os.write(2, b"[Ctrl-C inside exec]\\n")
            source = "__import__('signal').raise_signal(__import__('signal').SIGINT)\\n" + source
    if not args and not kwargs:
        caller = sys._getframe(1)
        args = (caller.f_globals, caller.f_locals)
    return _exec(source, *args, **kwargs)


builtins.exec = _exec_interrupted
'''


def _entry_forms() -> list[object]:
    script = Path(sys.executable).with_name("sco")
    return [
        pytest.param([sys.executable, "-m", "sco_cli"], id="python-m"),
        pytest.param(
            [str(script)], id="script", marks=pytest.mark.skipif(not script.exists(), reason="no console script")
        ),
    ]


@pytest.mark.parametrize("where", ["exec", "callback"])
@pytest.mark.parametrize("entry", _entry_forms())
def test_a_ctrl_c_where_python_cannot_pass_it_on_is_still_exit_130(tmp_path, entry, where):
    """Two places where Python treats a KeyboardInterrupt its own way, both hit by Ctrl-C as sco imports
    its libraries:
    - code Python runs from text (dataclasses build their methods with `exec`, `inspect` evaluates string
      annotations with `eval`): CPython marks the interrupt "unhandled" even though sco handles it, and
      started as `python -m sco_cli` the process killed itself with SIGINT after printing "sco:
      interrupted" (exit -2 to a caller; 10 signals in 80 in the first half second);
    - a weakref callback (importlib's module locks have one) or a `__del__`: Python prints "Exception
      ignored ... KeyboardInterrupt" and drops it, and the command ran on to its end (1 in 80).
    The signal is put exactly there by a `sitecustomize` that wraps `exec`, so one run shows it."""
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "sitecustomize.py").write_text(_INTERRUPT_WHERE_PYTHON_WANTS_IT_NOT)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "hook"), "SCO_TEST_CTRL_C_IN": where}
    command = [*entry, "check", str(EXAMPLES / "students" / "ready.yaml"), "--as-of", AS_OF]
    done = subprocess.run(
        command, capture_output=True, env=env, timeout=60, preexec_fn=_ctrl_c_as_in_a_terminal, check=False
    )
    stderr = done.stderr.decode()
    assert stderr.startswith("[Ctrl-C inside "), f"no exec of text after sco's handler was set: {stderr}"
    assert done.returncode == 130, stderr
    assert stderr.splitlines()[-1] == "sco: interrupted"
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr


SIGNAL_AT = """
import importlib.abc, os, signal, sys
import sco_cli.main as entry
class Signal(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            os.kill(os.getpid(), {signum})
        return None
sys.meta_path.insert(0, Signal())
if {module!r} == "clean-up":
    discard = entry._discard_partial_files
    def signalled():
        os.kill(os.getpid(), {signum})
        discard()
    entry._discard_partial_files = signalled
sys.argv = ["sco", "lor", "check", {path!r}]  # a usage mistake: the error handler returns from its `except`
raise SystemExit(entry.main())
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("moment", ["sco_cli.core.errors", "sco_cli.core.terminal", "clean-up"])
def test_a_signal_outside_the_error_handler_s_try_is_exit_130(signum, moment):
    """The handlers are in place before the error handler's `try` starts (its own imports) and after it
    returns (the partial files' clean-up): a signal there is "interrupted" and exit 130 as anywhere else,
    not a KeyboardInterrupt traceback and death by SIGINT (signal runs: 4 of 200 one-file checks
    stopped in their first 300 ms)."""
    path = EXAMPLES / ("missing.yaml" if moment == "clean-up" else "lor-complete.yaml")
    probe = SIGNAL_AT.format(module=moment, signum=int(signum), path=str(path))
    run = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert run.returncode == 130
    assert run.stderr.splitlines()[-1] == "sco: interrupted" and "Traceback" not in run.stderr


CTRL_C_BEFORE_THE_HANDLER = """
import os, signal, sys
import sco_cli.main as entry
take_debug = entry.take_debug
def signalled(args):  # sco's first lines, before its own handlers: Python's default takes the Ctrl-C
    os.kill(os.getpid(), signal.SIGINT)
    return take_debug(args)
entry.take_debug = signalled
sys.argv = ["sco", "lor", "check", {path!r}]
raise SystemExit(entry.main())
"""


def test_a_ctrl_c_in_sco_s_first_lines_is_exit_130():
    """A Ctrl-C once sco's code runs but before its handlers are in place (Python's default handler raises
    KeyboardInterrupt) is "interrupted" and exit 130 too, not a traceback and death by SIGINT (signal
    runs: 1 of 400 one-file checks stopped in their first 150 ms, in `os.environ.setdefault`)."""
    probe = CTRL_C_BEFORE_THE_HANDLER.format(path=str(EXAMPLES / "lor-complete.yaml"))
    run = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert (run.returncode, run.stderr, run.stdout) == (130, "sco: interrupted\n", "")
