"""Median wall time of sco's start-up paths, in fresh processes (issue 2 point 9).

    python bench/startup.py [--runs 21]

Targets (issue 13): `sco --version` near bare Python, `sco --help` at most 8x, one-file `sco lor
check` at most 10x; issue 20: the one-file check within 1.2x of its stack floor (typer, pydantic and
ruamel.yaml imported, nothing run).
Measured, never asserted in tests: timings belong here, not in the test suite."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# An installed sco has its bytecode compiled (pip does it); a machine that sets
# PYTHONDONTWRITEBYTECODE would instead measure recompiling every module on every run.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def median_ms(command: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of the process, in ms. On a shared virtual
    machine the CPU time varies less than the wall time, so both are shown. The warm-up run also fills
    sco's cache of compiled models (`core/model_cache.py`) when it is empty or stale."""
    env = ENV | (env or {})
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)  # warm-up
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
        walls.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    sco = shutil.which("sco") or str(Path(sys.executable).with_name("sco"))
    lor = str(ROOT / "examples" / "lor-complete.yaml")
    cases = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        # the floor of the stack a check stands on (issue 20 point 9): its libraries imported, nothing run
        ("stack floor (imports)", [sys.executable, "-c", "import typer, pydantic, ruamel.yaml"]),
        ("sco --version", [sco, "--version"]),
        ("sco --help", [sco, "--help"]),
        ("sco lor check (1 file)", [sco, "lor", "check", lor]),
        # the same with no cache of compiled models: every model built from its types, as on a first run
        ("  the same, no model cache", [sco, "lor", "check", lor]),
    ]
    no_cache = {"SCO_NO_CACHE": "1"}
    results = {
        name: median_ms(command, runs, no_cache if "no model cache" in name else None) for name, command in cases
    }
    bare_wall, bare_cpu = results["python -c pass"]
    print(f"{'':<26} {'wall':>9}  {'x bare':>6}  {'CPU':>9}  {'x bare':>6}")
    for name, (wall, cpu) in results.items():
        print(f"{name:<26} {wall:6.1f} ms  {wall / bare_wall:5.1f}x  {cpu:6.1f} ms  {cpu / bare_cpu:5.1f}x")
    floor_wall, floor_cpu = results["stack floor (imports)"]
    check_wall, check_cpu = results["sco lor check (1 file)"]
    print(f"one-file check / stack floor: {check_wall / floor_wall:.2f}x wall, {check_cpu / floor_cpu:.2f}x CPU")
    targets = (("sco --version", 2), ("sco --help", 8), ("sco lor check (1 file)", 10))
    print(
        "targets (x bare Python, CPU): "
        + "; ".join(
            f"{name} <= {limit}x: {'met' if results[name][1] <= limit * bare_cpu else 'MISSED'}"
            for name, limit in targets
        )
    )


if __name__ == "__main__":
    main()
