"""Median wall time of sco's start-up paths, in fresh processes (issue 2 point 9).

    python bench/startup.py [--runs 21]

Targets: `sco --version` under 6x bare Python; `sco lor check` of one file under 250 ms.
Measured, never asserted in tests: timings belong here, not in the test suite."""

from __future__ import annotations

import argparse
import os
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


def median_ms(command: list[str], runs: int) -> float:
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    sco = shutil.which("sco") or str(Path(sys.executable).with_name("sco"))
    lor = str(ROOT / "examples" / "lor-complete.yaml")
    cases = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("sco --version", [sco, "--version"]),
        ("sco --help", [sco, "--help"]),
        ("sco lor check (1 file)", [sco, "lor", "check", lor]),
    ]
    results = {name: median_ms(command, runs) for name, command in cases}
    bare = results["python -c pass"]
    for name, ms in results.items():
        print(f"{name:<26} {ms:8.1f} ms   {ms / bare:5.1f}x bare Python")
    print(
        f"target: --version < {6 * bare:.0f} ms (6x bare): "
        f"{'met' if results['sco --version'] < 6 * bare else 'MISSED'}; "
        f"lor check < 250 ms: {'met' if results['sco lor check (1 file)'] < 250 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
