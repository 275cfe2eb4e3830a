"""Memory and time of `sco calendar` over a large office (issue 20 point 5: the calendar holds the
events, not every model).

    python bench/calendar_memory.py [--files 4000]

N generated files (students, EUM registers, visits, industry visits, cases, training plans, budgets,
in the proportions of the examples), then `sco calendar FOLDER --format json` in a fresh process: wall
time and the peak resident memory of that process (its own, not the largest worker's). Measured here,
never asserted in tests. To measure another checkout, run from outside both with `PYTHONPATH=OTHER`."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    "students/ready.yaml",
    "students/vetting-late.yaml",
    "eum.yaml",
    "visits/c130-delivery.yaml",
    "industry/acme-defense.yaml",
    "cases/XS-P-SAB.yaml",
    "training-plan.yaml",
    "budget-fmf.yaml",
]


def make_office(folder: Path, count: int) -> None:
    shutil.copy(ROOT / "examples" / "sco.yaml", folder / "sco.yaml")
    texts = [(ROOT / "examples" / source).read_text() for source in SOURCES]
    for index in range(count):
        text = texts[index % len(texts)].replace("XS-P-IMT-2027-0101", f"XS-P-IMT-2027-{index:05}")
        (folder / f"file-{index:05}.yaml").write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=4000)
    args = parser.parse_args()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        make_office(folder, args.files)
        command = [sys.executable, "-m", "sco_cli", "calendar", str(folder), "--format", "json"]
        command += ["--as-of", "2026-11-24", "--config", str(folder / "sco.yaml")]
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            sys.exit(f"sco calendar failed ({code}): {process.stderr.read().decode()[-500:] if process.stderr else ''}")
        scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
        peak = usage.ru_maxrss * scale / 2**20
        print(f"sco calendar, {args.files:,} files: {elapsed:.1f} s, peak {peak:,.0f} MiB (exit {code})")


if __name__ == "__main__":
    main()
