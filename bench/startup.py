"""Median wall time of sco's start-up paths, in fresh processes (issue 2 point 9).

    python bench/startup.py [--runs 21]

Targets (issue 13): `sco --version` near bare Python, `sco --help` at most 8x, one-file `sco lor
check` at most 10x; issue 20 point 9: the one-file check within 1.2x of its stack floor, which the
issue defines as "Pydantic and ruamel's C parser importing, building one model, parsing and validating
one file" (`FLOOR` below, on the same example). Also shown, so the figure can be read both ways: the
bare imports (`import typer, pydantic, ruamel.yaml`, where `import pydantic` is lazy and loads no model
machinery), and the floor given the same garbage-collector treatment as sco's own process (main.py
`_started`: collector off while starting, start-up objects frozen), which isolates what sco itself adds.
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


FLOOR = """
import sys
{before}from pydantic import BaseModel, ConfigDict
from ruamel.yaml.cyaml import CSafeLoader

class Lor(BaseModel):
    model_config = ConfigDict(extra="allow")
    kind: str
    id: str
    purchaser: str
    items: list[dict]
{started}
with open(sys.argv[1], encoding="utf-8") as f:
    Lor.model_validate(CSafeLoader(f.read()).get_single_data())
{end}"""
"""The floor of issue 20 point 9: one model built, the file parsed by ruamel's C parser and validated."""

PLAIN_FLOOR = FLOOR.format(before="", started="", end="")
COLLECTED_FLOOR = FLOOR.format(
    before="import gc\ngc.disable()\n", started="gc.freeze()\ngc.enable()\n", end="gc.freeze()\n"
)


def timed_ms(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of the process, in ms. On a shared virtual machine
    the CPU time varies less than the wall time, so both are shown."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000


def medians_ms(cases: list[tuple[str, list[str], dict[str, str]]], runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU time of each case. The cases run in turn, round after round, so a drift in the
    machine's speed moves them all alike. A warm-up round first, which also fills sco's cache of compiled
    models (`core/model_cache.py`) when it is empty or stale."""
    envs = {name: ENV | extra for name, _, extra in cases}
    for name, command, _ in cases:
        timed_ms(command, envs[name])
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in cases}
    for _ in range(runs):
        for name, command, _ in cases:
            times[name].append(timed_ms(command, envs[name]))
    return {
        name: (statistics.median(w for w, _ in samples), statistics.median(c for _, c in samples))
        for name, samples in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    sco = shutil.which("sco") or str(Path(sys.executable).with_name("sco"))
    lor = str(ROOT / "examples" / "lor-complete.yaml")
    no_cache = {"SCO_NO_CACHE": "1"}
    cases: list[tuple[str, list[str], dict[str, str]]] = [
        ("python -c pass", [sys.executable, "-c", "pass"], {}),
        ("bare imports", [sys.executable, "-c", "import typer, pydantic, ruamel.yaml"], {}),
        ("stack floor (issue 20)", [sys.executable, "-c", PLAIN_FLOOR, lor], {}),
        ("  floor, sco's collector use", [sys.executable, "-c", COLLECTED_FLOOR, lor], {}),
        ("sco --version", [sco, "--version"], {}),
        ("sco --help", [sco, "--help"], {}),
        ("sco lor check (1 file)", [sco, "lor", "check", lor], {}),
        # the same with no cache of compiled models: every model built from its types, as on a first run
        ("  the same, no model cache", [sco, "lor", "check", lor], no_cache),
    ]
    results = medians_ms(cases, runs)
    bare_wall, bare_cpu = results["python -c pass"]
    print(f"{'':<30} {'wall':>9}  {'x bare':>6}  {'CPU':>9}  {'x bare':>6}")
    for name, (wall, cpu) in results.items():
        print(f"{name:<30} {wall:6.1f} ms  {wall / bare_wall:5.1f}x  {cpu:6.1f} ms  {cpu / bare_cpu:5.1f}x")
    check_wall, check_cpu = results["sco lor check (1 file)"]
    for floor in ("stack floor (issue 20)", "  floor, sco's collector use", "bare imports"):
        floor_wall, floor_cpu = results[floor]
        print(
            f"one-file check / {floor.strip()}: {check_wall / floor_wall:.2f}x wall, {check_cpu / floor_cpu:.2f}x CPU"
            + (" (target 1.2x)" if floor.startswith("stack floor") else "")
        )
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
