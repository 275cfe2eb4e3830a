"""One sco run as the benches time it: a fresh process, its wall time, peak memory and CPU time."""

from __future__ import annotations

import os
import subprocess
import sys
import time


def run_sco(args: list[str]) -> tuple[float, int, float]:
    """Wall time, this run's own peak resident memory (KiB) and its CPU time (user and system), from
    wait4: on a shared machine the CPU time is the steadier figure."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "sco_cli", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    child.returncode = code
    if code not in (0, 1):
        raise SystemExit(f"sco failed ({code}): {errors[-500:].decode(errors='replace')}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime
