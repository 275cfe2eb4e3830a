"""Does `sco check` with workers beat one process? (issue 19 point 1)

    python bench/check_parallel.py [--sizes 200,350,500,1000,5000] [--rounds 5]

For each size, `sco check FOLDER --format json` over generated student files, `--jobs 1` and `--jobs 2`
one after the other in each round (interleaved, so a change in the machine's load hits both), medians.

Two figures per run:
- the wall time, what a user waits for on this machine as it is;
- the time on an idle machine, from CPU times: the main process's CPU time plus the busiest worker's
  (the main process waits while the workers check; each process has a core of its own when nothing else
  runs). Wall times on a shared machine cannot show
  it: Linux groups a session's processes (sched_autogroup) and gives the group one share of a busy CPU, so
  two workers get what one process would, and `--jobs 2` only looks as fast as its CPU cost allows.

The timings come from inside the run (the pipeline's functions wrapped here, in the child process); sco
itself carries no timing code. Measured here, never asserted in tests."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from students import ENV, student_folders  # the sibling script


def _timed_chunk(*args: object, **kwargs: object) -> list[object]:
    """A worker's share, with the CPU time it took (workers are forked: they find this module as it is)."""
    before = time.process_time()
    results = _CHECK_CHUNK[0](*args, **kwargs)
    return [*results, ("cpu", os.getpid(), time.process_time() - before)]


_CHECK_CHUNK: list[Any] = []


def child(folder: str, jobs: str) -> None:
    """One `sco check` in this process, its timings as JSON on stderr."""
    sys.argv = ["sco", "check", folder, "--format", "json", "--as-of", "2026-11-24", "--jobs", jobs]
    from sco_cli.core import pipeline

    workers: dict[int, float] = {}
    _CHECK_CHUNK.append(pipeline._check_chunk)
    in_processes = pipeline._in_processes

    def collected(*args: object, **kwargs: object) -> list[object]:
        results = in_processes(*args, **kwargs)  # type: ignore[arg-type]
        for item in [r for r in results if isinstance(r, tuple)]:
            results.remove(item)
            workers[item[1]] = workers.get(item[1], 0.0) + item[2]
        return results  # type: ignore[return-value]

    pipeline._check_chunk = _timed_chunk  # type: ignore[assignment]
    pipeline._in_processes = collected  # type: ignore[assignment]
    from sco_cli.main import main

    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the report is not what is measured
    code = main()  # returns its exit code (only the console script raises SystemExit with it)
    if code not in (0, 1):
        sys.exit(f"exit {code}")
    # this process's CPU time since it started (interpreter start-up included), then the busiest worker's
    main_cpu, busiest = time.process_time(), max(workers.values(), default=0.0)
    idle = main_cpu + busiest  # this process waits while the workers check, then runs the cross-file rules
    print(json.dumps({"idle": idle, "main": main_cpu, "busiest": busiest}), file=sys.stderr)


def run(folder: Path, jobs: str) -> dict[str, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), jobs], capture_output=True, text=True, env=ENV, check=False
    )
    wall = time.perf_counter() - started
    try:
        figures: dict[str, float] = json.loads(done.stderr.strip().splitlines()[-1])
    except (IndexError, ValueError):
        sys.exit(f"sco check {folder} --jobs {jobs} failed: {done.stderr[-500:]}")
    return {"wall": wall, "idle": figures["idle"]}  # wall: the whole process, interpreter start included


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="200,350,500,1000,5000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{os.cpu_count()} cores; median of {args.rounds} interleaved rounds; seconds for the whole command")
    print(f"{'files':>6} {'wall 1':>8} {'wall 2':>8} {'idle 1':>8} {'idle 2':>8}  faster when idle")
    with tempfile.TemporaryDirectory() as scratch:
        for size, folder in student_folders(Path(scratch), sizes):
            runs: dict[str, list[dict[str, float]]] = {"1": [], "2": []}
            for _ in range(args.rounds):
                for jobs in runs:
                    runs[jobs].append(run(folder, jobs))
            medians = {
                (jobs, key): statistics.median(r[key] for r in results)
                for jobs, results in runs.items()
                for key in ("wall", "idle")
            }
            faster = "--jobs 2" if medians[("2", "idle")] < medians[("1", "idle")] else "one process"
            print(
                f"{size:>6} {medians[('1', 'wall')]:>8.2f} {medians[('2', 'wall')]:>8.2f} "
                f"{medians[('1', 'idle')]:>8.2f} {medians[('2', 'idle')]:>8.2f}  {faster}"
            )


if __name__ == "__main__":
    main()
