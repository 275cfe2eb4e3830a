"""One sco run as the benches time it (a fresh process: its wall time, peak memory and CPU time), and
the line a bench prints for several rounds of it."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable


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


def measure(label: str, rounds: int, args: list[str], prepare: Callable[[], object] = lambda: None) -> None:
    """`rounds` runs of `sco ARGS` (`prepare` before each, outside the timing): best and median wall time,
    best CPU time, the largest peak memory."""
    times, cpus, peak = [], [], 0
    for _ in range(rounds):
        prepare()
        elapsed, rss, cpu = run_sco(args)
        times.append(elapsed)
        cpus.append(cpu)
        peak = max(peak, rss)
    print(
        f"{label:<46} best {min(times):6.2f} s  median {statistics.median(times):6.2f} s  "
        f"cpu {min(cpus):6.2f} s  peak {peak / 1024:5.0f} MiB",
        flush=True,
    )
