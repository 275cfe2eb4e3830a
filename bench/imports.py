"""Imports at scale: `sco eum import` of a 10,000-row export into a new register, and `--inventory` scans
of one article with 1k, 4k and 10k serials (it was quadratic: 1k -> 4k took 7.8x to 8.7x the time).

    python bench/imports.py [--rows 10000] [--rounds 3]

Each run is a fresh `sco` process; the figures are the best and median wall time over the rounds and the
largest resident memory of a run (the child's ru_maxrss). A linear import takes about 4x the time for 4x
the serials; the start-up (about 0.3 s) is in every figure."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _run(args: list[str]) -> tuple[float, int]:
    """Wall time and this run's own peak resident memory (KiB, from wait4)."""
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
    return elapsed, usage.ru_maxrss


def _export(path: Path, rows: int, prefix: str) -> None:
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("Serial Number;Nomenclature;Case;Storage Site\n")
        for i in range(rows):
            stream.write(f"{prefix}-{i:06d};AN/PVS-14 night vision monocular;XS-B-ZAC;Site {i % 3}\n")


def _measure(label: str, rounds: int, prepare, args) -> None:  # type: ignore[no-untyped-def]
    times, peak = [], 0
    for _ in range(rounds):
        prepare()
        elapsed, rss = _run(args)
        times.append(elapsed)
        peak = max(peak, rss)
    print(
        f"{label:<42} best {min(times):6.2f} s  median {statistics.median(times):6.2f} s  peak {peak / 1024:6.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        export = root / "export.csv"
        register = root / "eum.yaml"
        _export(export, options.rows, "SN")

        def fresh() -> None:
            register.unlink(missing_ok=True)

        _measure(
            f"eum import, {options.rows:,} rows, new register",
            options.rounds,
            fresh,
            ["eum", "import", str(export), "--into", str(register)],
        )
        for count in (1_000, 4_000, 10_000):
            scan_register = root / f"r{count}.yaml"
            scan = root / f"scan{count}.csv"
            serials = [f"CLU-{i:06d}" for i in range(count)]
            text = "kind: eum\narticles:\n  - description: Javelin\n    enhanced: true\n    serials:\n"
            base = text + "".join(f"      - {s}\n" for s in serials)
            scan.write_text("serial\n" + "\n".join(serials) + "\n")

            def reset(path: Path = scan_register, content: str = base) -> None:
                path.write_text(content)

            _measure(
                f"eum import --inventory, {count:,} serials",
                options.rounds,
                reset,
                ["eum", "import", str(scan), "--into", str(scan_register), "--inventory", "2026-11-22"],
            )
    print(f"(python {sys.version.split()[0]}, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
