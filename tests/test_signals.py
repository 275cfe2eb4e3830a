"""Stopping sco: its worker processes never outlive it, whatever kills it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
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
