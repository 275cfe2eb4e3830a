"""Where worker processes start to pay (issue 13 point 5).

    python bench/parallel.py [--sizes 50,100,200,400,800,1600] [--runs 3]

For each batch size, the whole command in one process (`--jobs 1`) against one process per core
(`--jobs 2` or more forces the pool whatever the size): `sco student check`, and `sco ito generate`
in Markdown and in Word. The cut-over is the smallest size where the pool wins; the default in
`sco_cli/app/documents.py` (PARALLEL_MIN_DOCUMENTS) comes from it, and `sco_cli/core/pipeline.py`'s
PARALLEL_MIN_FILES from `bench/check_parallel.py` (wall times on a shared machine hide what workers gain:
see there). Measured here, never asserted in tests."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from students import ENV, student_folders  # the sibling script

CORES = os.cpu_count() or 1


def median_seconds(command: list[str], runs: int, clean: Path | None = None) -> float:
    samples = []
    for _ in range(runs):
        if clean is not None:
            shutil.rmtree(clean, ignore_errors=True)
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=ENV)
        samples.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="50,100,200,400,800,1600")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    sco = [sys.executable, "-m", "sco_cli"]
    pool = str(max(2, CORES))
    print(f"{CORES} cores; median of {args.runs} runs; seconds for the whole command")
    print(f"{'command':<22} {'files':>6} {'1 process':>10} {'pool':>8}  faster")
    with tempfile.TemporaryDirectory() as scratch:
        for size, folder in student_folders(Path(scratch), sizes):
            out = Path(scratch) / "out"
            cases = [
                ("student check", ["student", "check", str(folder), "--as-of", "2026-11-24"], None),
                ("ito generate md", ["ito", "generate", str(folder), "-o", str(out), "-f", "md"], out),
                ("ito generate docx", ["ito", "generate", str(folder), "-o", str(out), "-f", "docx"], out),
            ]
            for label, command, clean in cases:
                command = [*command, "--as-of", "2026-11-24"] if "--as-of" not in command else command
                one = median_seconds([*sco, *command, "--jobs", "1"], args.runs, clean)
                many = median_seconds([*sco, *command, "--jobs", pool], args.runs, clean)
                print(f"{label:<22} {size:>6} {one:>10.2f} {many:>8.2f}  {'pool' if many < one else '1 process'}")


if __name__ == "__main__":
    main()
